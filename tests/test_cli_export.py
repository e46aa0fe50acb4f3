"""`export`, `import-workshop` and `compare` on the command line, against real store files in tmp_path."""
import json

import pandas as pd
import pytest
from openpyxl import load_workbook

from tests.synthetic_workshop import SAID, build_workshop
from wtfc import edits
from wtfc.cli import main
from wtfc.export import SHEETS
from wtfc.model import NOT_WORKING, Statement, Theme
from wtfc.store import Store

NAME = "Homecare spring workshop"


pytestmark = pytest.mark.both_stores


def run(db, *args) -> int:
    """The commands as ``python -m wtfc`` runs them, bad-input path included."""
    return main([*args, "--db", str(db)])


@pytest.fixture
def db(store_url):
    path = store_url
    with Store(path) as store:
        build_workshop(store, NAME)
    return path


def never_says_a_statement(output: str) -> bool:
    return not any(text in output for *_, text in SAID)


def test_export_writes_all_four_forms_at_once(db, tmp_path, capsys):
    out = {suffix: tmp_path / f"spring.{suffix}" for suffix in ("xlsx", "csv", "json", "html")}

    assert run(db, "export", NAME, *(f"--{s}={p}" for s, p in out.items())) == 0

    printed = capsys.readouterr().out
    assert all(str(path) in printed for path in out.values()) and never_says_a_statement(printed)
    assert load_workbook(out["xlsx"]).sheetnames == list(SHEETS)
    assert len(pd.read_csv(out["csv"])) == len(SAID)
    assert json.loads(out["json"].read_bytes())["workshop"]["name"] == NAME
    assert "<h1>Homecare spring workshop</h1>" in out["html"].read_text(encoding="utf-8")


def test_export_then_import_workshop_carries_a_workshop_to_another_store(db, tmp_path, capsys):
    file = tmp_path / "spring.json"
    other = tmp_path / "other.sqlite"
    assert run(db, "export", NAME, "--json", str(file)) == 0

    assert run(other, "import-workshop", str(file)) == 0
    assert run(other, "import-workshop", str(file)) == 0
    assert run(other, "import-workshop", str(file), "--name", "From the laptop") == 0

    printed = capsys.readouterr().out
    assert f"Imported “{NAME}”: {len(SAID)} statements" in printed
    with Store(other) as store, Store(db) as original:
        names = sorted(w.name for w in store.workshops())
        copy = store.find_workshop(f"{NAME} (imported)")
        assert store.history(copy.id) == original.history(original.find_workshop(NAME).id)
    assert names == ["From the laptop", NAME, f"{NAME} (imported)"]


@pytest.mark.parametrize("args, message", [
    (["export", NAME], "Say what to write"),
    (["export", "Nobody's workshop", "--csv", "out.csv"], "There is no workshop called “Nobody's workshop”"),
    (["export", NAME, "--xlsx", "missing-folder/out.xlsx"], "There is no folder missing-folder"),
    (["export", NAME, "--html", "."], "is a folder"),
    (["import-workshop", "no-such-file.json"], "There is no file at no-such-file.json"),
    (["compare", NAME, NAME], "two different workshops"),
    (["compare", NAME, "Last year"], "There is no workshop called “Last year”"),
])
def test_bad_input_exits_2_with_a_plain_message(db, tmp_path, monkeypatch, capsys, args, message):
    monkeypatch.chdir(tmp_path)

    assert run(db, *args) == 2

    assert message in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("workshops.sqlite")] == []  # nothing written


def test_a_damaged_workshop_file_is_refused_whole(db, tmp_path, capsys):
    file = tmp_path / "spring.json"
    assert run(db, "export", NAME, "--json", str(file)) == 0
    document = json.loads(file.read_bytes())
    document["themes"][0]["locked"] = "yes"
    file.write_text(json.dumps(document))
    other = tmp_path / "other.sqlite"

    assert run(other, "import-workshop", str(file)) == 2

    assert "theme 1, “locked”: should be true or false, not text" in capsys.readouterr().err
    with Store(other) as store:
        assert store.workshops() == []


def add_last_year(db):
    with Store(db) as store:
        workshop_id = store.create_workshop("Homecare last year").id
        late = Theme(NOT_WORKING, "I want my carers to come on time")
        lonely = Theme(NOT_WORKING, "+ I feel lonely")  # typed as a bullet point
        store.apply(workshop_id, edits.create_themes([late, lonely]))
        store.apply(workshop_id, edits.add_statements(
            [Statement("My carers are late every morning", NOT_WORKING, person_ref="X1", theme_id=late.id),
             Statement("The carer arrived late again", NOT_WORKING, person_ref="X2", theme_id=late.id),
             Statement("I am lonely all day", NOT_WORKING, person_ref="X3", theme_id=lonely.id)],
            "last-year.csv"))


def test_compare_prints_what_grew_shrank_appeared_and_disappeared(db, capsys):
    add_last_year(db)

    assert run(db, "compare", NAME, "Homecare last year") == 0

    printed = capsys.readouterr().out
    assert f"“{NAME}” compared with “Homecare last year”" in printed
    assert "What's not working: 5 statements from 4 people (3 from 3 people in “Homecare last year”)" in printed
    lines = [" ".join(line.split()) for line in printed.splitlines()]
    assert "shrank 2 → 3 I want my visits on time" in lines
    assert "appeared 0 → 2 I want to see the same carers" in lines
    assert "disappeared 1 → 0 + I feel lonely" in lines
    assert never_says_a_statement(printed)


def test_compare_writes_the_table_as_csv_or_workbook(db, tmp_path):
    add_last_year(db)
    csv_path, xlsx_path = tmp_path / "compared.csv", tmp_path / "compared.xlsx"

    assert run(db, "compare", NAME, "Homecare last year", "--csv", str(csv_path)) == 0
    assert run(db, "compare", NAME, "Homecare last year", "--xlsx", str(xlsx_path)) == 0

    rows = pd.read_csv(csv_path).set_index("Theme")
    assert rows.loc["I want my visits on time", "Theme in Homecare last year"] == "I want my carers to come on time"
    assert rows.loc["'+ I feel lonely", "Change"] == "disappeared"  # a spreadsheet shows it, never runs it
    book = load_workbook(xlsx_path)
    assert book.sheetnames == ["Themes compared", "Categories compared"]
    themes = book["Themes compared"]
    assert [c.value for c in themes[1]][:3] == ["Category", "Theme", "Change"]
    assert themes[1][0].font.bold and themes.freeze_panes == "A2" and themes.auto_filter.ref
    assert all(c.data_type != "f" for row in themes.iter_rows() for c in row)
    assert "'+ I feel lonely" in [c.value for c in themes["B"]]


def test_compare_takes_one_table_format_at_a_time(db, capsys):
    with pytest.raises(SystemExit) as refused:
        run(db, "compare", NAME, "Other", "--csv", "a.csv", "--xlsx", "a.xlsx")
    assert refused.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err
