"""`themes` (a file in, the same rows with their themes out) and `suggest` (inside a stored workshop)."""
import csv

import openpyxl
import pytest

from tests.conftest import ROOT
from tests.test_placing import SUBJECTS, THEME_NAMES
from tests.test_theming import NO_CONTENT, TOPICS
from wtfc import edits
from wtfc.cli import main
from wtfc.cli_theming import EXAMPLES_MIN_CONFIDENCE
from wtfc.export import spreadsheet_safe
from wtfc.model import NOT_WORKING, WORKING, Statement
from wtfc.store import Store

SAMPLE_CSV = ROOT / "sample_data" / "homecare_reviews.csv"


pytestmark = pytest.mark.both_stores  # the commands that open a store (given `db`) run on both databases


def run(*args) -> int:
    """The commands as ``python -m wtfc`` runs them, bad-input path included."""
    return main([str(a) for a in args])


def read_csv(path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_themes_writes_every_row_with_its_theme_as_csv(tmp_path, capsys):
    out = tmp_path / "themed.csv"
    assert run("themes", SAMPLE_CSV, "--out", out, "--category-column", "Category") == 0
    source, themed = read_csv(SAMPLE_CSV), read_csv(out)
    assert len(themed) == len(source)
    assert list(themed[0]) == list(source[0]) + ["theme_id", "theme_label", "theme_confidence"]
    assert all(0 <= float(row["theme_confidence"]) <= 1 for row in themed)
    # Text a spreadsheet would run as a formula is guarded with an apostrophe, as in every wtfc export.
    assert [row["Statement"] for row in themed] == [spreadsheet_safe(row["Statement"]) for row in source]
    by_theme = {}
    for row in themed:
        by_theme.setdefault(row["theme_id"], set()).add(row["Category"])
    assert all(len(categories) == 1 for theme, categories in by_theme.items() if theme)  # themes within a category
    assert len(by_theme) > 10
    unassigned = [row for row in themed if not row["theme_id"]]
    assert unassigned and all(row["theme_label"] in ("Unassigned", "Not sure yet") for row in unassigned)
    printed = capsys.readouterr().out
    assert f"Read {len(source)} statements" in printed and "Wrote" in printed
    assert not any(row["Statement"] in printed for row in source if len(row["Statement"]) > 25)


def test_themes_reads_a_workbook_and_writes_a_workbook(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Reviews"
    sheet.append(["Ref", "What they said"])
    texts = [t for texts in TOPICS.values() for t in texts] + ["=SUM(A1:A2)"]
    for n, text in enumerate(texts, start=2):
        sheet.cell(n, 1, f"R{n}")
        sheet.cell(n, 2, text).data_type = "s"  # the formula-like statement is text in the input
    book.save(tmp_path / "reviews.xlsx")
    out = tmp_path / "themed.xlsx"
    assert run("themes", tmp_path / "reviews.xlsx", "--out", out, "--themes", "4", "--text-column",
               "What they said") == 0
    rows = list(openpyxl.load_workbook(out).active.values)
    assert rows[0] == ("Ref", "What they said", "theme_id", "theme_label", "theme_confidence")
    assert all(isinstance(row[4], float) for row in rows[1:])
    assert len(rows) == len(texts) + 1
    themes_of_topic = [{row[2] for row in rows[1 + 8 * i:9 + 8 * i]} for i in range(4)]
    assert all(len(ids) == 1 for ids in themes_of_topic) and len(set.union(*themes_of_topic)) == 4
    assert rows[-1][1] == "'=SUM(A1:A2)"  # written as text, never as a formula


def test_the_same_seed_gives_the_same_file(tmp_path):
    for name in ("one.csv", "two.csv"):
        assert run("themes", SAMPLE_CSV, "--out", tmp_path / name, "--seed", "3") == 0
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()


@pytest.mark.parametrize("content, name, extra, message", [
    (None, "missing.csv", [], "There is no file"),
    (b"", "empty.csv", [], "is empty"),
    (b"PK\x03\x04 not really a workbook", "broken.xlsx", [], "broken.xlsx"),
    (b"Ref,Notes\n1,late again\n", "no-text.csv", [], "--text-column"),
    (b"Ref,Statement\n1,late again\n", "reviews.csv", ["--text-column", "Comment"], "“Comment”"),
    (b"Ref,Statement\n1,late again\n", "reviews.csv", ["--category-column", "Type"], "“Type”"),
])
def test_bad_input_is_refused_with_a_plain_message(tmp_path, capsys, content, name, extra, message):
    if content is not None:
        (tmp_path / name).write_bytes(content)
    assert run("themes", tmp_path / name, "--out", tmp_path / "out.csv", *extra) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out.csv").exists()


def test_an_output_that_is_not_a_spreadsheet_is_refused(tmp_path, capsys):
    assert run("themes", SAMPLE_CSV, "--out", tmp_path / "out.txt") == 2
    assert ".csv or .xlsx" in capsys.readouterr().err


def test_a_theme_count_below_one_is_refused(tmp_path):
    with pytest.raises(SystemExit) as stopped:
        run("themes", SAMPLE_CSV, "--out", tmp_path / "out.csv", "--themes", "0")
    assert stopped.value.code == 2


# -- suggest ---------------------------------------------------------------------------------------

@pytest.fixture
def db(store_url):
    path = store_url
    with Store(path) as store:
        workshop = store.create_workshop("Riverside")
        statements = [Statement(t, NOT_WORKING) for texts in TOPICS.values() for t in texts]
        statements += [Statement(t, NOT_WORKING) for t in NO_CONTENT[:2]]
        statements += [Statement(t, WORKING) for t in TOPICS["food"]]
        store.apply(workshop.id, edits.add_statements(statements, "reviews.csv"))
    return path


def test_suggest_adds_one_edit_to_the_workshop_log_that_undo_takes_back(db, capsys):
    assert run("suggest", "riverside", "--db", db, "--category", "What's not working", "--themes", "4") == 0
    printed = capsys.readouterr().out
    assert "Suggested themes for “not working”" in printed and "late" in printed
    with Store(db) as store:
        workshop = store.find_workshop("Riverside")
        themes = store.themes(workshop.id)
        assert len(themes) == 4 and {t.category for t in themes} == {NOT_WORKING}
        assert store.history(workshop.id)[-1].kind == "suggest themes"
        assert store.history(workshop.id)[-1].author == "command line"
        store.undo(workshop.id)
        assert store.themes(workshop.id) == []
        assert all(s.theme_id is None for s in store.statements(workshop.id))


def test_suggest_keeps_locked_themes(db):
    with Store(db) as store:
        workshop = store.find_workshop("Riverside")
        assert run("suggest", "Riverside", "--db", db) == 0
        theme = next(t for t in store.themes(workshop.id) if t.category == WORKING)
        store.apply(workshop.id, edits.lock_theme(theme))
        before = {s.id for s in store.statements(workshop.id) if s.theme_id == theme.id}
        assert run("suggest", "Riverside", "--db", db, "--themes", "3") == 0
        assert before <= {s.id for s in store.statements(workshop.id) if s.theme_id == theme.id}


def test_suggest_that_would_change_nothing_adds_nothing_to_the_log(db, capsys):
    assert run("suggest", "Riverside", "--db", db, "--themes", "4") == 0
    assert run("suggest", "Riverside", "--db", db, "--themes", "4") == 0
    assert "Nothing changed" in capsys.readouterr().out
    with Store(db) as store:
        assert [r.kind for r in store.history(store.find_workshop("Riverside").id)] == ["import", "suggest themes"]


@pytest.mark.parametrize("args, message", [
    (["Nowhere"], "There is no workshop called “Nowhere”"),
    (["Riverside", "--category", "maybe"], "is not a category"),
])
def test_suggest_refuses_bad_input(db, capsys, args, message):
    assert run("suggest", *args, "--db", db) == 2
    assert message in capsys.readouterr().err


# -- confidence and examples ---------------------------------------------------------------------------

def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def reviews(tmp_path):
    texts = [t for texts in TOPICS.values() for t in texts] + ["Nothing"]
    return write_csv(tmp_path / "reviews.csv", ["Ref", "Statement"], [[f"R{n}", t] for n, t in enumerate(texts)])


def test_min_confidence_leaves_rows_below_it_with_an_empty_theme(tmp_path, reviews, capsys):
    assert run("themes", reviews, "--out", tmp_path / "all.csv", "--themes", "4", "--min-confidence", "0") == 0
    assert run("themes", reviews, "--out", tmp_path / "sure.csv", "--themes", "4", "--min-confidence", "0.7") == 0
    every, sure = read_csv(tmp_path / "all.csv"), read_csv(tmp_path / "sure.csv")
    assert sum(not row["theme_id"] for row in every) == 1  # only "Nothing"
    left = [row for row in sure if not row["theme_id"] and row["Statement"] != "Nothing"]
    assert left and all(row["theme_label"] == "Not sure yet" and float(row["theme_confidence"]) < 0.7 for row in left)
    assert all(float(row["theme_confidence"]) >= 0.7 for row in sure if row["theme_id"])
    assert f"{len(left)} statements not sure yet" in capsys.readouterr().out


def test_examples_place_every_row_among_the_rooms_themes(tmp_path, reviews, capsys):
    names = {"late": "I want my calls on time", "food": "I want a hot meal", "same carers": "I want the same carers"}
    examples = write_csv(tmp_path / "examples.csv", ["Statement", "Theme"],
                         [[TOPICS[topic][n], name] for topic, name in names.items() for n in (0, 1)])
    out = tmp_path / "placed.csv"
    assert run("themes", reviews, "--out", out, "--examples", examples) == 0
    rows = {row["Statement"]: row for row in read_csv(out)}
    for topic, name in names.items():
        labels = [rows[text]["theme_label"] for text in TOPICS[topic][2:]]
        assert sum(label == name for label in labels) >= 4  # of 6
        assert set(labels) <= {name, "Not sure yet"}  # never another example's theme
    going_out = [rows[text] for text in TOPICS["going out"]]
    assert sum(row["theme_label"] == "Not sure yet" and not row["theme_id"] for row in going_out) >= 5
    assert rows["Nothing"]["theme_label"] == "Unassigned"
    assert "placed among 3 example themes" in capsys.readouterr().out

    fitting_none = {row["Statement"] for row in going_out if not row["theme_id"]}
    assert run("themes", reviews, "--out", out, "--examples", examples, "--new-themes") == 0
    again = [row for row in read_csv(out) if row["Statement"] in fitting_none]
    assert all(row["theme_id"] and row["theme_label"] not in names.values() for row in again)


# Much-repeated, loosely worded praise beside a smaller theme that shares a word ("carers") with some of it.
PRAISE = ["Very good service", "A very good service all round", "Good service, very happy",
          "Very happy with the service", "The service is very good", "Good service from everyone",
          "Really good service", "Happy with the service I get", "The carers are very good", "Very good carers",
          "The carers are lovely and very good", "Lovely carers, very happy", "Very happy with my carers",
          "Good carers, good service", "They are all very good", "Everyone is very good to me"]
SAME_CARERS = ["I want to see the same carers every week", "Different carers every day and I explain everything again",
               "Too many different carers coming into my home", "New carers do not know my routine",
               "It is always different carers", "I never know which carers are coming"]


@pytest.fixture
def praise(tmp_path):
    """A file of praise and of wanting the same carers, with one example of praise and two of the other."""
    reviews = write_csv(tmp_path / "praise.csv", ["Statement"], [[t] for t in PRAISE + SAME_CARERS])
    examples = write_csv(tmp_path / "examples.csv", ["Statement", "Theme"],
                         [[PRAISE[0], "Good service"], *([t, "I want the same carers"] for t in SAME_CARERS[:2])])
    return reviews, examples


def test_examples_place_as_the_wall_does_where_the_nearest_centre_would_not(tmp_path, praise):
    """One example of praise sits among many alike statements: spread over the graph of similar statements
    (the wall's placer), "The carers are very good" is praise; by the nearest theme centre it went to the
    same carers, which its word "carers" is closer to than to "Very good service"."""
    out = tmp_path / "placed.csv"
    assert run("themes", praise[0], "--out", out, "--examples", praise[1], "--min-confidence", "0") == 0
    rows = {row["Statement"]: row for row in read_csv(out)}
    assert [rows[t]["theme_label"] for t in PRAISE] == ["Good service"] * len(PRAISE)
    assert [rows[t]["theme_label"] for t in SAME_CARERS] == ["I want the same carers"] * len(SAME_CARERS)
    assert all(0 <= float(row["theme_confidence"]) <= 1 for row in rows.values())
    assert {rows[t]["theme_confidence"] for t in [PRAISE[0], *SAME_CARERS[:2]]} == {"1.000"}  # the examples
    assert len({rows[t]["theme_id"] for t in PRAISE}) == 1 and rows[PRAISE[0]]["theme_id"] != rows[SAME_CARERS[0]]["theme_id"]


def test_rows_below_the_confidence_wait_with_an_empty_theme_unless_new_themes_are_asked_for(tmp_path, praise, capsys):
    out = tmp_path / "placed.csv"
    assert run("themes", praise[0], "--out", out, "--examples", praise[1], "--min-confidence", "0") == 0
    every = {row["Statement"]: float(row["theme_confidence"]) for row in read_csv(out)}
    values = sorted(set(every.values()))  # a threshold about a third of the way up, well between two of them
    threshold = min(((low + high) / 2 for low, high in zip(values, values[1:]) if high - low > 0.002),
                    key=lambda middle: abs(sum(v < middle for v in every.values()) - len(every) / 3))
    assert run("themes", praise[0], "--out", out, "--examples", praise[1], "--min-confidence", threshold) == 0
    sure = read_csv(out)
    left = [row for row in sure if not row["theme_id"]]
    assert len(left) == sum(value < threshold for value in every.values()) > 0
    assert all(row["theme_label"] == "Not sure yet" and float(row["theme_confidence"]) < threshold for row in left)
    assert all(float(row["theme_confidence"]) >= threshold for row in sure if row["theme_id"])
    assert f"{len(left)} fit none of them" in capsys.readouterr().out

    assert run("themes", praise[0], "--out", out, "--examples", praise[1], "--min-confidence", threshold,
               "--new-themes") == 0
    again = {row["Statement"]: row for row in read_csv(out)}
    assert all(again[row["Statement"]]["theme_id"] for row in left)
    assert all(again[row["Statement"]]["theme_label"] not in ("Good service", "I want the same carers", "Not sure yet")
               for row in left)
    assert all(again[row["Statement"]] == row for row in sure if row["theme_id"])  # the placed rows stay as they were
    assert "that fit none of them are in" in capsys.readouterr().out


def test_rows_about_a_subject_no_example_theme_covers_get_an_empty_theme_and_close_rows_are_placed(tmp_path, capsys):
    """Statements about pets, with examples only of medicines and washing: some are likelier in one of those
    themes than the others, but fit neither, so they wait (or get new themes with --new-themes)."""
    reviews = write_csv(tmp_path / "reviews.csv", ["Statement"], [[t] for texts in SUBJECTS.values() for t in texts])
    examples = write_csv(tmp_path / "examples.csv", ["Statement", "Theme"],
                         [[SUBJECTS[subject][n], name] for subject, name in THEME_NAMES.items() for n in (0, 1)])
    out = tmp_path / "placed.csv"
    assert run("themes", reviews, "--out", out, "--examples", examples) == 0
    rows = {row["Statement"]: row for row in read_csv(out)}
    pets = [rows[text] for text in SUBJECTS["pets"]]
    assert all(not row["theme_id"] and row["theme_label"] == "Not sure yet" for row in pets)
    assert rows["Nobody reminds me to take my medicine"]["theme_label"] == THEME_NAMES["medicines"]
    assert rows["I feel clean and fresh after my shower"]["theme_label"] == THEME_NAMES["washing"]
    assert all(0 <= float(row["theme_confidence"]) <= 1 for row in rows.values())
    assert all(float(row["theme_confidence"]) >= EXAMPLES_MIN_CONFIDENCE for row in rows.values() if row["theme_id"])
    assert f"{sum(not row['theme_id'] for row in rows.values())} fit none of them" in capsys.readouterr().out

    assert run("themes", reviews, "--out", out, "--examples", examples, "--new-themes") == 0
    again = {row["Statement"]: row for row in read_csv(out)}
    assert all(again[text]["theme_id"] and again[text]["theme_label"] not in THEME_NAMES.values()
               for text in SUBJECTS["pets"])


@pytest.mark.parametrize("header, rows, extra, message", [
    (["Statement", "Group"], [["late", "A"], ["cold", "B"]], [], "needs a column called “theme”"),
    (["Comment", "Theme"], [["late", "A"], ["cold", "B"]], [], "needs a column called “Statement”"),
    (["Statement", "Theme"], [["late again", "I want my calls on time"], ["", "B"]], [], "has 1 example"),
    (["Statement", "Theme"], [["late again", "On time"], ["late", " On  time"]], [], "all of one theme, “On time”"),
    (["Statement", "Theme"], [["late", "A"], ["cold", "B"]], ["--new-themes"], None),
])
def test_bad_examples_are_refused_with_a_plain_message(tmp_path, reviews, capsys, header, rows, extra, message):
    examples = write_csv(tmp_path / "examples.csv", header, rows)
    code = run("themes", reviews, "--out", tmp_path / "out.csv", "--examples", examples, *extra)
    if message is None:
        assert code == 0
        return
    assert code == 2 and message in capsys.readouterr().err
    assert not (tmp_path / "out.csv").exists()


def test_examples_of_one_theme_in_a_category_are_refused(tmp_path, capsys):
    """With one theme to choose from, every row would be certain to belong to it."""
    reviews = write_csv(tmp_path / "reviews.csv", ["Statement", "Category"],
                        [[t, "not working"] for t in TOPICS["late"]] + [[t, "working"] for t in TOPICS["food"]])
    examples = write_csv(tmp_path / "examples.csv", ["Statement", "Category", "Theme"],
                         [[TOPICS["late"][0], "not working", "On time"], [TOPICS["late"][1], "not working", "Calls"],
                          [TOPICS["food"][0], "working", "Meals"], [TOPICS["food"][1], "working", "Meals"]])
    assert run("themes", reviews, "--out", tmp_path / "out.csv", "--examples", examples,
               "--category-column", "Category") == 2
    assert "The examples for “working” are all of one theme, “Meals”" in capsys.readouterr().err
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("make, extra, message", [
    (lambda p: p.write_bytes(b"PK\x03\x04 not a workbook"), [], "examples.xlsx"),
    (lambda p: None, [], "There is no examples file"),
    (lambda p: p.write_bytes(b"Statement,Theme\nlate,A\ncold,B\n"), ["--text-column", "Comment"], "“Comment”"),
])
def test_an_unreadable_or_missing_examples_file_or_unknown_column_is_refused(tmp_path, reviews, capsys, make, extra,
                                                                            message):
    examples = tmp_path / "examples.xlsx"
    make(examples)
    assert run("themes", reviews, "--out", tmp_path / "out.csv", "--examples", examples, *extra) == 2
    assert message in capsys.readouterr().err


def test_new_themes_without_examples_and_a_confidence_out_of_range_are_refused(tmp_path, reviews, capsys):
    assert run("themes", reviews, "--out", tmp_path / "out.csv", "--new-themes") == 2
    assert "--new-themes only applies with --examples" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stopped:
        run("themes", reviews, "--out", tmp_path / "out.csv", "--min-confidence", "1.5")
    assert stopped.value.code == 2
