"""`python -m wtfc`: import, list and export-statements against a real store file (and a PostgreSQL database)."""
import subprocess
import sys

import pandas as pd
import pytest

from tests.conftest import ROOT
from wtfc.cli import main
from wtfc.store import Store

SAMPLE_CSV = ROOT / "sample_data" / "homecare_reviews.csv"
SAMPLE_XLSX = ROOT / "sample_data" / "homecare_reviews_wide.xlsx"


pytestmark = pytest.mark.both_stores


@pytest.fixture
def db(store_url):
    """The store every command is pointed at with --db: a file, or a PostgreSQL database's address."""
    return store_url


def run(db, *args) -> int:
    return main([*args, "--db", str(db)])


def test_help_lists_the_commands():
    result = subprocess.run([sys.executable, "-m", "wtfc", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0
    for command in ("import", "list", "export-statements"):
        assert command in result.stdout


def test_import_creates_the_workshop_and_redacts_names(db, capsys):
    assert run(db, "import", str(SAMPLE_CSV), "--workshop", "Sample") == 0
    assert "Imported" in capsys.readouterr().out
    with Store(db) as store:
        workshop = store.find_workshop("Sample")
        statements = store.statements(workshop.id)
    assert len(statements) >= 150
    names = set(pd.read_csv(SAMPLE_CSV)["Name"])
    assert not any(name in s.text for s in statements for name in names)
    assert all(s.person_ref.startswith("P") for s in statements)


def test_the_wide_workbook_gives_the_same_statements_as_the_long_file(db):
    assert run(db, "import", str(SAMPLE_CSV), "--workshop", "Long") == 0
    assert run(db, "import", str(SAMPLE_XLSX), "--workshop", "Wide") == 0
    with Store(db) as store:
        long = sorted((s.category, s.text) for s in store.statements(store.find_workshop("Long").id))
        wide = sorted((s.category, s.text) for s in store.statements(store.find_workshop("Wide").id))
    assert long == wide


def test_a_file_with_problem_rows_imports_nothing_and_exits_2(db, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("Person,Category,Statement\nP1,Working,Good carers\nP2,Sometimes,Unknown category\n")
    assert run(db, "import", str(bad), "--workshop", "Bad") == 2
    err = capsys.readouterr().err
    assert "row 3" in err and "Sometimes" in err
    with Store(db) as store:
        assert store.find_workshop("Bad") is None

    assert run(db, "import", str(bad), "--workshop", "Bad", "--skip-problem-rows") == 0
    with Store(db) as store:
        assert [s.text for s in store.statements(store.find_workshop("Bad").id)] == ["Good carers"]


def test_an_unreadable_file_exits_2_with_one_clear_message(db, tmp_path, capsys):
    binary = tmp_path / "photo.csv"
    binary.write_bytes(bytes(range(256)) * 20)
    assert run(db, "import", str(binary), "--workshop", "Binary") == 2
    err = capsys.readouterr().err
    assert err.startswith("wtfc: ") and "Traceback" not in err
    with Store(db) as store:
        assert store.workshops() == []


def test_unrecognised_columns_can_be_named_on_the_command_line(db, tmp_path, capsys):
    odd = tmp_path / "odd.csv"
    odd.write_text("Who said it,Bucket,Words\nP1,working,Lovely carers\nP2,not working,Late calls\n")
    assert run(db, "import", str(odd), "--workshop", "Odd") == 2
    assert "--text-column" in capsys.readouterr().err
    assert run(db, "import", str(odd), "--workshop", "Odd", "--text-column", "Words",
               "--category-column", "Bucket") == 0
    with Store(db) as store:
        assert len(store.statements(store.find_workshop("Odd").id)) == 2


def test_names_given_on_the_command_line_are_redacted_and_remembered(db, tmp_path):
    file = tmp_path / "names.csv"
    file.write_text("Category,Statement\nWorking,Priya is always on time\n")
    assert run(db, "import", str(file), "--workshop", "Names", "--redact-name", "Priya") == 0
    with Store(db) as store:
        workshop = store.find_workshop("Names")
        assert [s.text for s in store.statements(workshop.id)] == ["[name] is always on time"]
        assert store.settings(workshop.id)["redact_names"] == ["Priya"]


def test_list_and_export_statements(db, tmp_path, capsys):
    run(db, "import", str(SAMPLE_CSV), "--workshop", "Sample")
    capsys.readouterr()
    assert run(db, "list") == 0
    assert "Sample" in capsys.readouterr().out

    out = tmp_path / "out.csv"
    assert run(db, "export-statements", "Sample", "--csv", str(out)) == 0
    exported = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False)
    with Store(db) as store:
        stored = store.statements(store.find_workshop("Sample").id)
    assert len(exported) == len(stored)
    assert set(exported["Category"]) == {"working", "not working", "important for the future"}


def test_export_of_an_unknown_workshop_exits_2(db, tmp_path, capsys):
    assert run(db, "export-statements", "Nope", "--csv", str(tmp_path / "x.csv")) == 2
    assert "no workshop called “Nope”" in capsys.readouterr().err


def test_the_store_path_comes_from_WTFC_DB_when_no_db_is_given(tmp_path, monkeypatch, capsys):
    path = tmp_path / "env.sqlite"
    monkeypatch.setenv("WTFC_DB", str(path))
    file = tmp_path / "one.csv"
    file.write_text("Category,Statement\nWorking,Good\n")
    assert main(["import", str(file), "--workshop", "Env"]) == 0
    with Store(path) as store:
        assert store.find_workshop("Env").statement_count == 1


def test_exported_text_that_looks_like_a_formula_is_made_safe(db, tmp_path):
    file = tmp_path / "f.csv"
    file.write_text('Category,Statement\nWorking,"+ more time with carers please"\n')
    run(db, "import", str(file), "--workshop", "F")
    out = tmp_path / "out.csv"
    run(db, "export-statements", "F", "--csv", str(out))
    assert pd.read_csv(out, encoding="utf-8-sig")["Statement"][0] == "'+ more time with carers please"
