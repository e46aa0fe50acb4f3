"""Hostile and broken input: every bad file gets one plain message and leaves the store as it was.

Every file is built here, in tmp_path or in memory, from made-up statements. "Unchanged" is checked on
the store file itself: a full SQL dump of it is compared before and after.
"""
from __future__ import annotations

import csv
import io
import tracemalloc
import unicodedata
import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile_files import dump
from tests.pages import open_page
from wtfc.app.common import escape
from wtfc import edits, gather
from wtfc.cli import main as cli
from wtfc.export import statements_csv, workbook_bytes, workshop_report
from wtfc.importer import MAX_FILE_BYTES, MAX_ROWS, UnreadableFile, preview_import, read_tables
from wtfc.model import CATEGORIES, WORKING, Statement, Theme
from wtfc.store import EditConflict, Store, StoreError

GOOD = [["Person ref", "Statement", "Category"], ["P1", "The carers are kind", "working"]]


def csv_bytes(rows, encoding="utf-8") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


@pytest.fixture
def workshop(store):
    """A workshop that already holds one imported statement, so "unchanged" is not trivially empty."""
    workshop_id = store.create_workshop("Spring reviews").id
    gather.import_preview(store, workshop_id, gather.preview_file(store, workshop_id, csv_bytes(GOOD), "first.csv"))
    return workshop_id


# --- hostile workbooks, built as real .xlsx zips -------------------------------------------------

def workbook(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_member(data: bytes, member: str, content: str | bytes) -> bytes:
    """The same workbook with one of its XML parts replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, content if info.filename == member else source.read(info.filename))
    return out.getvalue()


def sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode()


LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">'
          + "".join(f'<!ENTITY lol{i + 1} "{("&lol%d;" % i) * 10}">' for i in range(9)) + "]>")


def billion_laughs() -> bytes:
    data = workbook(GOOD)
    return with_member(data, "xl/worksheets/sheet1.xml", LAUGHS + sheet_xml(data).replace("The carers are kind", "&lol9;"))


def external_entity(tmp_path) -> bytes:
    secret = tmp_path / "secret.txt"
    secret.write_text("a secret that must never be read")
    data = workbook(GOOD)
    doctype = f'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    return with_member(data, "xl/worksheets/sheet1.xml", doctype + sheet_xml(data).replace("The carers are kind", "&xxe;"))


def zip_bomb() -> bytes:
    """A "workbook" whose one sheet unpacks from under 100 KB to 60 MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 60_000_000)
    return buffer.getvalue()


HOSTILE = {
    "binary file named .csv": (lambda _: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40,
                               "photo.csv", "is not a text CSV file"),
    "empty file": (lambda _: b"", "empty.csv", '"empty.csv" is empty.'),
    "header only": (lambda _: b"Person ref,Statement,Category\r\n", "header.csv",
                    "has a header row but no statements below it"),
    "blank lines only": (lambda _: b"\r\n,,\r\n  \r\n", "blank.csv", "has nothing in it to import"),
    "billion laughs": (lambda _: billion_laughs(), "laughs.xlsx", "XML entities"),
    "external entity": (external_entity, "xxe.xlsx", "XML entities"),
    "zip bomb named .xlsx": (lambda _: zip_bomb(), "bomb.xlsx", "would unpack to 60 MB"),
    "UTF-16 mark on bytes that are not UTF-16": (lambda _: b"\xff\xfe" + "Statement,Category\n".encode("utf-16-le") + b"\x00",
                                                 "odd.csv", "says it is UTF-16 text but is not"),
    "text named .xlsx": (lambda _: csv_bytes(GOOD), "renamed.xlsx", "is not a readable Excel .xlsx workbook"),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_file_gets_one_plain_message_and_changes_nothing(case, store, workshop, tmp_path):
    build, filename, message = HOSTILE[case]
    data = build(tmp_path)
    before = dump(store.path)
    with pytest.raises(UnreadableFile) as refused:
        gather.preview_file(store, workshop, data, filename)
    assert message in str(refused.value)
    assert str(refused.value).startswith(f'"{filename}"')  # it says which file
    assert "secret" not in str(refused.value)
    assert dump(store.path) == before


@pytest.mark.parametrize("case", ["binary file named .csv", "header only", "billion laughs", "zip bomb named .xlsx"])
def test_the_command_line_refuses_a_hostile_file_with_the_same_message(case, tmp_path, capsys):
    build, filename, message = HOSTILE[case]
    db = tmp_path / "cli.sqlite"
    good, bad = tmp_path / "good.csv", tmp_path / filename
    good.write_bytes(csv_bytes(GOOD))
    bad.write_bytes(build(tmp_path))
    assert cli(["import", str(good), "--workshop", "Spring", "--db", str(db)]) == 0
    before = dump(db)
    capsys.readouterr()
    assert cli(["import", str(bad), "--workshop", "Spring", "--db", str(db)]) == 2
    assert message in capsys.readouterr().err
    assert cli(["import", str(bad), "--workshop", "New one", "--db", str(db)]) == 2
    assert dump(db) == before  # not even the new workshop was created


# --- size and row limits, in bounded memory -------------------------------------------------------

def refused_with_peak(call, *args) -> tuple[str, float]:
    """The message of the UnreadableFile ``call`` raises, and the most memory (MB) it took meanwhile."""
    tracemalloc.start()
    try:
        with pytest.raises(UnreadableFile) as refused:
            call(*args)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return str(refused.value), peak / 1_000_000


def test_a_50_mb_csv_is_refused_by_the_size_limit_without_reading_it(tmp_path, store, workshop):
    row = b"P1,The carers come on time and stay for the whole visit,working\r\n"
    data = b"Person ref,Statement,Category\r\n" + row * (50 * 2**20 // len(row) + 1)
    assert len(data) > MAX_FILE_BYTES
    before = dump(store.path)
    message, peak = refused_with_peak(gather.preview_file, store, workshop, data, "year.csv")
    assert '"year.csv" is 52.4 MB, over the limit of 50 MB for one import; split it into smaller files' in message
    assert peak < 5, f"refusing took {peak:.0f} MB"
    assert dump(store.path) == before


def test_a_200_000_row_csv_is_refused_by_the_row_limit_in_little_memory(tmp_path, store, workshop):
    data = b"Person ref,Statement,Category\n" + b"".join(
        b"P%d,Statement number %d,working\n" % (i % 500, i) for i in range(MAX_ROWS + 1))
    assert len(data) < MAX_FILE_BYTES
    before = dump(store.path)
    message, peak = refused_with_peak(gather.preview_file, store, workshop, data, "rows.csv")
    assert '"rows.csv" has more than 200,000 rows, over the limit for one import' in message
    # The file's text is held once (about 7 MB); its 200,000 rows are counted, never all kept.
    assert peak < 3 * len(data) / 1_000_000, f"refusing took {peak:.0f} MB for a {len(data) / 1e6:.0f} MB file"
    assert dump(store.path) == before


def test_a_1_mb_cell_is_a_problem_on_its_own_row_and_the_rest_imports(store, workshop):
    rows = [GOOD[0], ["P2", "a" * 1_000_000, "not working"], ["P3", "Tea is always warm", "working"]]
    preview = gather.preview_file(store, workshop, csv_bytes(rows), "long.csv")
    [problem] = preview.problems
    assert (problem.row, problem.column) == (2, "Statement")
    assert "1,000,000 characters long; the most is 5,000" in problem.message
    assert [r.statement.text for r in preview.rows] == ["Tea is always warm"]


def test_a_file_whose_only_statement_is_too_long_is_refused_whole_by_the_command_line(tmp_path, capsys):
    db, path = tmp_path / "cli.sqlite", tmp_path / "long.csv"
    path.write_bytes(csv_bytes([GOOD[0], ["P2", "x" * 1_000_000, "working"]]))
    assert cli(["import", str(path), "--workshop", "Spring", "--db", str(db)]) == 2
    assert "row 2, column “Statement”: This statement is 1,000,000 characters long" in capsys.readouterr().err
    with Store(db) as store:
        assert store.workshops() == []


# --- encodings, control characters, emoji and right-to-left text ----------------------------------

def test_mixed_encodings_in_one_file_keep_every_character(store, workshop):
    utf8 = "P2,It costs £5 and I can’t afford it,not working\n".encode()
    cp1252 = "P3,The café charges £2,working\n".encode("cp1252")
    preview = gather.preview_file(store, workshop, b"Person ref,Statement,Category\n" + utf8 + cp1252, "mixed.csv")
    assert [r.statement.text for r in preview.rows] == ["It costs £5 and I can’t afford it", "The café charges £2"]


def test_control_characters_are_removed_and_line_breaks_kept(store, workshop):
    """Decision: stray control characters are removed from every cell (a file full of them is refused as
    not text); vertical tab and form feed, which some programs write for a new line, become new lines."""
    wide = [["Ref", "What's working"], ["P2", "Bell\x07 rings\x1b[0m\x7f\x00 less"], ["P3", "Garden\x0bCat"]]
    preview = gather.preview_file(store, workshop, csv_bytes(wide).replace(b"\x00", b""), "controls.csv")
    assert [r.statement.text for r in preview.rows] == ["Bell rings[0m less", "Garden", "Cat"]
    [table] = read_tables(workbook([["Statement", "Category"], ["Tab\tstays", "working"]]), "tab.xlsx")
    assert table.rows == [["Tab\tstays", "working"]]


def test_nul_bytes_mark_a_file_as_not_text(store, workshop):
    with pytest.raises(UnreadableFile, match="is not a text CSV file"):
        gather.preview_file(store, workshop, csv_bytes(GOOD) + b"P2,Cold\x00tea,working\n", "nul.csv")


EMOJI_AND_RTL = [
    "My carer 👩🏽‍⚕️ always smiles 🎉",                 # skin tone and zero-width joiner
    "אני רוצה לראות את אותם מטפלים",                    # Hebrew
    "أريد أن أرى نفس مقدمي الرعاية 123 كل يوم",          # Arabic, with digits inside
    "Mixed English and עברית \u200fwith a mark",         # right-to-left mark kept
    "👨‍👩‍👧 family visits on Sunday 🇬🇧",                  # family sequence and a flag
]


def test_emoji_and_right_to_left_text_survive_import_store_and_both_exports(tmp_path, store):
    workshop_id = store.create_workshop("Languages").id
    rows = [GOOD[0]] + [[f"P{i}", text, WORKING] for i, text in enumerate(EMOJI_AND_RTL)]
    for data, name in [(csv_bytes(rows), "reviews.csv"), (csv_bytes(rows, "utf-16"), "utf16.csv"),
                       (workbook(rows), "reviews.xlsx")]:
        assert [r.statement.text for r in preview_import(data, name).rows] == EMOJI_AND_RTL, name
    gather.import_preview(store, workshop_id, gather.preview_file(store, workshop_id, workbook(rows), "reviews.xlsx"))

    reopened = Store(store.path)
    assert sorted(s.text for s in reopened.statements(workshop_id)) == sorted(EMOJI_AND_RTL)
    exported = statements_csv(reopened.statements(workshop_id), reopened.themes(workshop_id))
    in_csv = [row["Statement"] for row in csv.DictReader(io.StringIO(exported.decode("utf-8-sig")))]
    assert sorted(in_csv) == sorted(EMOJI_AND_RTL)
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(workshop_report(reopened, workshop_id))), read_only=True)
    in_book = [row[0] for row in book["Statements"].iter_rows(min_row=2, values_only=True)]
    assert sorted(in_book) == sorted(EMOJI_AND_RTL)
    reopened.close()


# --- Markdown and HTML are shown as written -------------------------------------------------------

MARKUP = ["# big", "**bold** words", "<script>alert('carer')</script>", "[link](javascript:alert(1))",
          "<img src=x onerror=alert(1)> & <b>tags</b>"]


@pytest.fixture
def markup_workshop(db_env):
    with Store(db_env) as store:
        workshop_id = store.create_workshop("Markup").id
        rows = [GOOD[0]] + [[f"P{i}", text, WORKING] for i, text in enumerate(MARKUP)]
        preview = gather.preview_file(store, workshop_id, csv_bytes(rows), "markup.csv")
        assert [r.statement.text for r in preview.rows] == MARKUP  # nothing is stripped or escaped on the way in
        gather.import_preview(store, workshop_id, preview)
        themed = Theme(WORKING, "**I** want <b>time</b>", position=1)
        store.apply(workshop_id, edits.create_theme(themed))
        store.apply(workshop_id, edits.move_statements(store.statements(workshop_id), themed))
    return workshop_id


def rendered_text(at) -> str:
    """Everything the page hands to Streamlit's Markdown renderer (titles, captions, markdown, alerts…)."""
    return "\n".join(str(getattr(element, "value", "")) for kind in ("markdown", "title", "header", "subheader",
                                                                    "caption", "error", "warning", "info", "success")
                     for element in at.get(kind))


def test_the_gather_page_shows_markup_literally(db_env, markup_workshop):
    at = open_page("wtfc/app/gather_page.py", markup_workshop)
    [table] = [frame.value for frame in at.dataframe if "Statement" in frame.value.columns]
    assert sorted(table["Statement"]) == sorted(MARKUP)  # a data grid shows cell text as text
    markdown = rendered_text(at)
    for text in MARKUP:
        assert text not in markdown
    assert not any("<script" in element.proto.body for element in at.get("html"))


@pytest.mark.parametrize("page", ["wtfc/app/theme_page.py", "wtfc/app/projection_page.py"])
def test_the_wall_escapes_every_statement_and_theme_name(db_env, markup_workshop, page):
    at = open_page(page, markup_workshop)
    bodies = "".join(element.proto.body for element in at.get("html"))
    assert "&lt;script&gt;alert(&#x27;carer&#x27;)&lt;/script&gt;" in bodies
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;tags&lt;/b&gt;" in bodies
    assert "**I** want &lt;b&gt;time&lt;/b&gt;" in bodies
    assert "# big" in bodies
    for raw in ("<script", "<img", "<b>tags", "<b>time"):
        assert raw not in bodies
    markdown = rendered_text(at)
    assert "<script" not in markdown and "javascript:" not in markdown


def test_where_do_these_go_shows_statements_and_theme_names_literally(db_env, markup_workshop):
    with Store(db_env) as store:
        themes = store.themes(markup_workshop)
        other = Theme(WORKING, "[see](javascript:alert(1)) :red[loud] <b>x</b>", position=2)
        store.apply(markup_workshop, edits.create_theme(other))
        store.apply(markup_workshop, edits.move_statements(store.statements(markup_workshop)[:1], other))
    at = open_page("wtfc/app/theme_page.py", markup_workshop)
    at.button(key=f"where-{themes[0].id}").click()
    at.run()
    rows = [p for p in at.pills if p.key.startswith("goes-")]
    with Store(db_env) as store:
        texts = {s.id: s.text for s in store.statements(markup_workshop)}
    assert rows and all(row.label == f"“{escape(texts[row.key.removeprefix('goes-')])}”" for row in rows)
    offered = {option for row in rows for option in row.options}
    assert escape(other.name) in offered and other.name not in offered


# --- fuzzing the import parser --------------------------------------------------------------------

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_preview(data: bytes, filename: str) -> None:
    """Either one UnreadableFile, or rows that are whole, valid statements."""
    try:
        preview = preview_import(data, filename)
    except UnreadableFile as problem:
        assert str(problem).strip()
        return
    for row in preview.rows:
        assert row.statement.category in CATEGORIES
        assert row.statement.text.strip()
        assert not [ch for ch in row.statement.text if ch not in "\t\n\r" and unicodedata.category(ch) == "Cc"]
    for problem in preview.problems:
        assert problem.row >= 1 and problem.message


@FUZZ
@given(st.binary(max_size=2_000), st.sampled_from(["f.csv", "f.tsv", "f.txt", "f.xlsx"]))
def test_any_bytes_give_statements_or_one_unreadable_file(data, filename):
    check_preview(data, filename)


CELLS = st.one_of(
    st.sampled_from(["Statement", "Category", "What's working", "Not working", "Future", "Perspective", "Person ref",
                     "working", "not working", "important for the future", "W", "NW", "family", "staff", "",
                     "=SUM(A1)", "'-3 visits", "n/a", "• a • b", "1. one\n2. two", "05/03/2024", "31/02/2024"]),
    st.text(max_size=40),
)
CSV_ISH = st.lists(st.lists(CELLS, max_size=6), max_size=12).flatmap(
    lambda rows: st.tuples(st.just(rows), st.sampled_from([",", ";", "\t"]),
                           st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"])))


@FUZZ
@given(CSV_ISH)
def test_any_csv_ish_text_gives_statements_or_one_unreadable_file(case):
    rows, delimiter, encoding = case
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    check_preview(buffer.getvalue().encode(encoding, errors="replace"), "fuzz.csv")


@FUZZ
@given(st.text(max_size=300))
def test_any_text_in_a_statement_cell_gives_statements_or_one_unreadable_file(text):
    check_preview(csv_bytes([GOOD[0], ["P1", text, "working"]]), "cell.csv")


# --- fuzzing invalid edits -----------------------------------------------------------------------

def stale_edit(kind: str, old: list[Statement], old_themes: list[Theme], current: list[Statement]) -> edits.Edit:
    """An edit made from what the screen showed before someone else changed the workshop."""
    changed = [s for s in old if s not in current]
    if kind == "edit a changed statement":
        return edits.edit_statement(changed[0], text="Changed from a stale screen")
    if kind == "remove a changed statement":
        return edits.remove_statements(changed[:1])
    if kind == "move a changed statement":
        return edits.move_statements(changed[:1], old_themes[0])
    if kind == "add a statement that exists":
        return edits.add_statements(current[:1], "again.csv")
    if kind == "rename a theme renamed since":
        return edits.rename_theme(old_themes[1], "I want a stale name")
    raise AssertionError(kind)


STALE_KINDS = ["edit a changed statement", "remove a changed statement", "move a changed statement",
               "add a statement that exists", "rename a theme renamed since"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(STALE_KINDS), changed=st.integers(0, 5), removed=st.booleans(),
       fresh_first=st.integers(0, 3), data=st.data())
def test_a_stale_or_conflicting_edit_is_refused_and_changes_nothing(tmp_path_factory, kind, changed, removed,
                                                                  fresh_first, data):
    path = tmp_path_factory.mktemp("fuzz") / "edits.sqlite"
    with Store(path) as store:
        workshop_id = store.create_workshop("Fuzz").id
        themes = [Theme(WORKING, f"I want thing {i}", position=i) for i in range(2)]
        statements = [Statement(text=f"Statement {i}", category=WORKING, person_ref=f"P{i}", position=i)
                      for i in range(6)]
        store.apply(workshop_id, edits.combine("setup", "set up", [edits.create_themes(themes),
                                                                  edits.add_statements(statements, "setup.csv")]))
        old, old_themes = store.statements(workshop_id), store.themes(workshop_id)
        # Someone else changes one statement (or removes it) and renames a theme.
        target = old[changed]
        store.apply(workshop_id, edits.remove_statements([target]) if removed
                    else edits.edit_statement(target, text="Changed by the other facilitator"))
        store.apply(workshop_id, edits.rename_theme(old_themes[1], "I want a new name"))
        current = store.statements(workshop_id)
        before = dump(path), current, store.themes(workshop_id), store.history(workshop_id)

        # The stale change, with valid fresh changes before it in the same edit: all or nothing.
        untouched = [s for s in current if s.id != target.id]
        fresh = [edits.edit_statement(s, text=f"Fresh {s.text}") for s in data.draw(
            st.lists(st.sampled_from(untouched), max_size=fresh_first, unique_by=lambda s: s.id))]
        edit = edits.combine("mixed", "fresh and stale", [*fresh, stale_edit(kind, old, old_themes, current)])
        with pytest.raises((EditConflict, StoreError, ValueError)):
            store.apply(workshop_id, edit)
        assert (dump(path), store.statements(workshop_id), store.themes(workshop_id),
                store.history(workshop_id)) == before
        with Store(path) as fresh_store:  # what another process reads agrees with the cache
            assert fresh_store.statements(workshop_id) == current
