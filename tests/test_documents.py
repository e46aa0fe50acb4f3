"""Review documents (.docx) read straight into statements: the layouts reviews use, one import for many
documents, the same redaction, and hostile documents refused plainly with the store unchanged.

Every document here is synthetic, built with python-docx (sample_data/make_review_docx.py builds the samples).
"""
from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document

from tests.hostile_files import dump
from tests.pages import by_label, open_page
from wtfc.actions import Actions
from wtfc.cli import main as cli
from wtfc.documents import preview_documents, read_document
from wtfc.reading import MAX_FILE_BYTES, UnreadableFile
from wtfc.store import Store

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SAMPLES = Path(__file__).resolve().parent.parent / "sample_data"


def saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def headings_review(name_field: str | None = "Name: Jean Barker") -> bytes:
    document = Document()
    if name_field:
        document.add_paragraph(name_field)
    document.add_heading("Background", level=2)
    document.add_paragraph("Lives with her son in a bungalow.")
    document.add_heading("What's working", level=2)
    document.add_paragraph("Jean likes the lunch club", style="List Bullet")
    document.add_paragraph("Her carer Sharon is brilliant", style="List Bullet")
    document.add_heading("What's not working", level=2)
    document.add_paragraph("I use my walker but the path is uneven")
    document.add_heading("What is important to Jean for the future", level=2)
    document.add_paragraph("To keep going to the lunch club")
    return saved(document)


def grid_review(transposed: bool = False) -> bytes:
    document = Document()
    categories = ["What's working", "Not working", "Important for the future"]
    perspectives = ["Person", "Family", "Staff", "Others"]
    cells = {(p, c): f"{p} says {c.lower()} {i}" for i, (p, c) in
             enumerate((p, c) for p in perspectives for c in categories)}
    across, down = (perspectives, categories) if transposed else (categories, perspectives)
    table = document.add_table(rows=1 + len(down), cols=1 + len(across))
    for column, title in enumerate(across, start=1):
        table.cell(0, column).text = title
    for row, label in enumerate(down, start=1):
        table.cell(row, 0).text = label
        for column, title in enumerate(across, start=1):
            table.cell(row, column).text = cells[(title, label) if transposed else (label, title)]
    return saved(document)


def with_part(data: bytes, part: str, content: bytes | None = None, *, extra: dict[str, bytes] | None = None) -> bytes:
    """``data`` (a .docx) with one part's content replaced and other parts added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, content if item.filename == part and content is not None else source.read(item))
        for name, payload in (extra or {}).items():
            target.writestr(name, payload)
    return out.getvalue()


def with_doctype(data: bytes, doctype: str, entity: str) -> bytes:
    """The document's main XML with a DTD declaring entities, and one used in the text."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode()
    xml = re.sub(r"^<\?xml[^>]*\?>\s*", "", xml)
    xml = f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}\n' + xml.replace("Jean likes", f"&{entity}; likes", 1)
    return with_part(data, "word/document.xml", xml.encode())


LAUGHS = ('<!DOCTYPE w:document [<!ENTITY lol "lol">' + "".join(
    f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)) + "]>")
HOSTILE = {
    "entity expansion (billion laughs)": ("laughs.docx", lambda: with_doctype(headings_review(), LAUGHS, "lol9"),
                                          "holds hidden instructions (XML entities)"),
    "an external entity": ("external.docx", lambda: with_doctype(
        headings_review(), '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', "xxe"),
                           "holds hidden instructions (XML entities)"),
    "a zip bomb": ("bomb.docx", lambda: with_part(headings_review(), "", extra={"word/media/x.bin": bytes(30_000_000)}),
                   "would unpack to 30"),
    "a .docm with macros": ("macros.docm", lambda: with_part(headings_review(), "",
                                                              extra={"word/vbaProject.bin": b"\x00" * 100}),
                            "with macros (.docm), which are never opened"),
    "macros inside a .docx": ("renamed.docx", lambda: with_part(headings_review(), "",
                                                                extra={"word/vbaProject.bin": b"\x00" * 100}),
                              "holds macros, which are never opened"),
    "a 50 MB document": ("huge.docx", lambda: b"PK" + bytes(MAX_FILE_BYTES), "over the limit of 50 MB"),
    "a password-protected document": ("secret.docx", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000),
                                      "is protected with a password"),
    "an old .doc": ("old.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000), "save it as .docx"),
    "a damaged .docx": ("broken.docx", lambda: headings_review()[:2000], "is not a readable Word .docx document"),
}


def test_headings_and_bullets_become_statements_with_their_category_and_place():
    document = read_document(headings_review(), "barker.docx")
    assert document.person == "Jean Barker"
    assert [(s.category, s.perspective, s.text, s.where) for s in document.statements] == [
        ("working", "person", "Jean likes the lunch club", "under “What's working”"),
        ("working", "person", "Her carer Sharon is brilliant", "under “What's working”"),
        ("not working", "person", "I use my walker but the path is uneven", "under “What's not working”"),
        ("important for the future", "person", "To keep going to the lunch club",
         "under “What is important to [name] for the future”")]
    assert document.not_recognised == ("1 paragraph under “Background”",)


@pytest.mark.parametrize("transposed", [False, True], ids=["a row per perspective", "a row per category"])
def test_a_table_of_perspectives_and_categories_either_way_round(transposed):
    document = read_document(grid_review(transposed), "grid.docx")
    found = {(s.perspective, s.category): s.text for s in document.statements}
    assert len(found) == 12 and document.not_recognised == ()
    assert found[("family/carer", "not working")] == "Family says not working 4"
    assert found[("other", "important for the future")] == "Others says important for the future 11"
    assert found[("person", "working")] == "Person says what's working 0"


def test_one_preview_for_many_documents_redacts_names_and_pseudonymises_each_person():
    files = [("barker.docx", headings_review()), ("review_03.docx", grid_review()),
             ("Review - Tom Hughes.docx", headings_review(name_field=None))]
    found = preview_documents(files)
    rows = found.preview.rows
    assert len(rows) == 4 + 12 + 4
    texts = [r.statement.text for r in rows]
    assert "[name] likes the lunch club" in texts                      # the Name field's given name
    assert "Her carer [name] is brilliant" in texts                   # a name no list mentions
    assert "I use my walker but the path is uneven" in texts          # an everyday word kept
    # the person: the Name field, else the file name, each pseudonymised; a file name saying only "review" is
    # no name, so that document is "Document 2"; names in file names are taken out like any other
    refs = list(dict.fromkeys((r.sheet, r.statement.person_ref) for r in rows))
    assert refs == [("[name].docx", "Person 1"), ("review_03.docx", "Document 2"), ("Review - [name].docx", "Person 2")]
    first = rows[0]
    assert (first.sheet, first.column, first.row) == ("[name].docx", "under “What's working”", 1)
    assert (first.statement.source_file, first.statement.source_sheet, first.statement.source_row) == \
        ("[name].docx", "under “What's working”", 1)
    assert [d.filename for d in found.documents] == [name for name, _ in files]  # the preview's own list
    assert found.preview.source_file == "3 review documents"


def test_a_zip_of_documents_reads_as_the_documents_themselves():
    folder = sorted((SAMPLES / "review_documents").glob("*.docx"))
    separately = preview_documents([(p.name, p.read_bytes()) for p in folder])
    zipped = preview_documents([("review_documents.zip", (SAMPLES / "review_documents.zip").read_bytes())])
    assert len(folder) >= 4
    assert sorted(r.statement.text for r in zipped.preview.rows) == sorted(r.statement.text for r in separately.preview.rows)
    assert {d.filename for d in zipped.documents} == {p.name for p in folder}


def test_the_sample_documents_use_three_layouts_and_show_what_they_do_not_read():
    folder = sorted((SAMPLES / "review_documents").glob("*.docx"))
    found = preview_documents([(p.name, p.read_bytes()) for p in folder])
    places = {r.column.split(",")[0].split("“")[0].strip() for r in found.preview.rows}
    assert places == {"table 1", "table 2", "under"}
    assert set(found.preview.by_perspective.values()) != {0} and all(found.preview.by_perspective.values())
    assert any(d.not_recognised for d in found.documents)
    texts = [r.statement.text for r in found.preview.rows]
    assert "Nobody rings the bell, they just walk in" in texts and "[name] likes the morning carer [name]" in texts


def test_a_document_with_no_statements_says_what_to_look_for():
    document = Document()
    document.add_paragraph("Just a letter.")
    with pytest.raises(UnreadableFile, match="No statements were found in 1 document"):
        preview_documents([("letter.docx", saved(document))])


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_documents_are_refused_with_a_plain_message(case):
    name, build, message = HOSTILE[case]
    with pytest.raises(UnreadableFile, match=re.escape(message)) as refused:
        preview_documents([("good.docx", headings_review()), (name, build())])
    assert name in str(refused.value)


@pytest.fixture
def store_with_statements(tmp_path):
    db = tmp_path / "store.sqlite"
    with Store(db) as store:
        workshop = store.create_workshop("Spring")
        actions = Actions(store, workshop.id, "tester")
        actions.import_preview(actions.preview_documents([("grid.docx", grid_review())]).preview)
    return db


@pytest.mark.parametrize("case", HOSTILE)
def test_the_command_line_refuses_hostile_documents_and_changes_nothing(case, store_with_statements, tmp_path,
                                                                        capsys):
    name, build, message = HOSTILE[case]
    (tmp_path / "good.docx").write_bytes(headings_review())
    (tmp_path / name).write_bytes(build())
    before = dump(store_with_statements)
    code = cli(["import", str(tmp_path / "good.docx"), str(tmp_path / name), "--workshop", "Spring",
                "--db", str(store_with_statements)])
    assert code == 2
    assert message in capsys.readouterr().err
    assert dump(store_with_statements) == before


def test_the_command_line_imports_a_folder_of_documents_in_one_edit(tmp_path, capsys):
    db = tmp_path / "store.sqlite"
    code = cli(["import", str(SAMPLES / "review_documents"), "--workshop", "Docs", "--db", str(db)])
    out = capsys.readouterr().out
    assert code == 0
    assert "crewe_review.docx: 6 statements found" in out
    assert "not recognised, so not imported: 1 paragraph under “Background”" in out
    assert "Imported 34 statements" in out
    with Store(db) as store:
        workshop = store.find_workshop("Docs")
        statements = store.statements(workshop.id)
        assert len(statements) == 34
        assert len(store.history(workshop.id)) == 1
        # each file is named after its person ("crewe_review.docx"), so the stored names have it taken out
        assert {s.source_file for s in statements} == {"[name]_review.docx"}
        assert {s.person_ref for s in statements} == {"Person 1", "Person 2", "Person 3", "Person 4"}


# --- the Gather page --------------------------------------------------------------------------------

@pytest.fixture
def page_workshop(db_env):
    with Store(db_env) as store:
        return store.create_workshop("Documents").id


def documents_uploader(at):
    return next(u for u in at.file_uploader if u.label == "Review documents")


def test_the_gather_page_imports_the_sample_review_documents_in_one_edit(db_env, page_workshop):
    at = open_page("wtfc/app/gather_page.py", page_workshop)
    by_label(at.button, "Try the sample review documents").click().run()
    assert not at.exception
    each = next(d.value for d in at.dataframe if "Statements found" in d.value.columns)
    assert sorted(each["Statements found"]) == [6, 6, 10, 12]
    assert "1 paragraph under “Background”" in list(each["Not recognised (not imported)"])
    statements = next(d.value for d in at.dataframe if "From" in d.value.columns)
    assert "[name]_review.docx, table 1, row “Staff”" in list(statements["From"])
    assert "Nobody rings the bell, they just walk in" in list(statements["Statement"])
    by_label(at.button, "Import 34 statements").click().run()
    assert not at.exception
    with Store(db_env) as store:
        assert len(store.statements(page_workshop)) == 34
        assert [r.summary for r in store.history(page_workshop)] == ["Added 34 statements from 4 review documents"]


def test_the_gather_page_keeps_a_false_hit_the_facilitator_ticks(db_env, page_workshop):
    document = Document()
    document.add_heading("What's working", level=2)
    document.add_paragraph("I watch Mrs Brown's Boys every night")
    data = saved(document)
    at = open_page("wtfc/app/gather_page.py", page_workshop)
    documents_uploader(at).set_value([("review_07.docx", data, DOCX)])
    at.run()
    findings = next(d for d in at.dataframe if "In its sentence" in d.value.columns)
    assert list(findings.value["Found"]) == ["Mrs Brown"]
    at.session_state[f"findings-{hashlib.sha256(data).hexdigest()[:16]}"] = {
        "edited_rows": {0: {"Not personal, keep it": True}}, "added_rows": [], "deleted_rows": []}
    at.run()
    by_label(at.button, "Import 1 statement").click().run()
    with Store(db_env) as store:
        assert [s.text for s in store.statements(page_workshop)] == ["I watch Mrs Brown's Boys every night"]


@pytest.mark.parametrize("case", HOSTILE)
def test_the_gather_page_refuses_hostile_documents_and_changes_nothing(case, db_env, page_workshop):
    name, build, message = HOSTILE[case]
    at = open_page("wtfc/app/gather_page.py", page_workshop)
    before = dump(db_env)
    documents_uploader(at).set_value([("good.docx", headings_review(), DOCX), (name, build(), DOCX)])
    at.run()
    assert not at.exception
    [error] = at.error
    assert message in error.value and name in error.value
    assert not [b for b in at.button if b.label.startswith("Import ")]
    assert dump(db_env) == before


def test_an_xml_part_under_another_name_is_checked_too():
    """The main part renamed (as its relationships allow) still cannot smuggle in an entity."""
    data = with_doctype(headings_review(), LAUGHS, "lol9")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {item.filename: archive.read(item) for item in archive.infolist()}
    parts["word/body.dat"] = parts.pop("word/document.xml")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b'PartName="/word/document.xml"',
                                                                          b'PartName="/word/body.dat"')
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(b"word/document.xml", b"word/body.dat")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    with pytest.raises(UnreadableFile, match=re.escape("holds hidden instructions (XML entities)")):
        read_document(out.getvalue(), "renamed.docx")


@pytest.mark.browser
def test_in_the_browser_the_sample_review_documents_are_previewed_and_imported(server, browser, artifacts):
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(server.url)
    page.get_by_role("button", name="Try the sample workshop").click()
    page.get_by_role("heading", name=re.compile("Gather statements: Sample homecare workshop")).wait_for(timeout=30_000)
    page.get_by_role("tab", name="Import review documents").click()
    page.get_by_role("button", name="Try the sample review documents").click()
    page.get_by_text("What each document gave").wait_for(timeout=30_000)
    page.get_by_role("button", name="Import 34 statements").wait_for(timeout=30_000)
    page.screenshot(path=artifacts / "gather-review-documents-preview.png", full_page=True)
    page.get_by_role("button", name="Import 34 statements").click()
    page.get_by_text("Imported 34 statements from 4 review documents").wait_for(timeout=30_000)
