"""Statements straight from person-centred review documents (Word .docx), one document per person.

A facilitator has 20–60 reviews written up as documents. :func:`read_documents` reads each (or a .zip of
them) through the same limits as the spreadsheet reader, and finds the parts a review uses:

- a table with *working* / *not working* / *future* columns and a row per perspective (the person, family,
  staff, others), or the same table turned round (a row per category, a column per perspective);
- headings such as "What's working", "What's not working", "What is important to Sam for the future",
  followed by paragraphs or bullet points;
- a "Name" or "Person" field (else the file name) saying whose review it is.

Each cell paragraph or bullet is one statement. Everything else is listed as a section not recognised,
so nothing is dropped unseen. :func:`preview_documents` then turns every document into ONE import preview,
checked and redacted exactly as a spreadsheet is (:mod:`wtfc.importer`), imported all or nothing.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, replace
from pathlib import PurePath
from typing import Iterable, Sequence

import docx
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from wtfc.columns import ColumnMapping, normalise_category, normalise_perspective
from wtfc.importer import ImportPreview, build_preview
from wtfc.privacy import KnownNames, find_personal_details, redact
from wtfc.reading import MAX_FILE_BYTES, MAX_TEXT_CHARS, Table, UnreadableFile, check_size, check_zip
from wtfc.words import counted

DOCUMENT_SUFFIXES = (".docx",)
FOLDER_SUFFIXES = (".zip",)
MAX_DOCUMENTS = 500
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an old .doc, or any password-protected Office file
_INSTEAD = "open it in Word and save it again as a .docx document"
_FIELD = re.compile(r"^\s*(?:name|person|person's name|person’s name|full name|name of person|person's full name)"
                    r"(?:\s*:|\s+[-–])\s*(?P<value>\S.*)$", re.IGNORECASE)
_FIELD_LABELS = {"name", "person", "person's name", "person’s name", "full name", "name of person"}
# Words of a file name that say what the document is, not whose: "Review - Jean Barker (final).docx".
_FILE_NAME_WORDS = re.compile(r"\b(?:person[\s-]*cent(?:red|ered)|annual|review|reviews|final|draft|copy|notes|"
                              r"form|v\d+|wtfc)\b|[()\[\]]|\d+", re.IGNORECASE)


@dataclass(frozen=True)
class FoundStatement:
    """One cell paragraph or bullet that is a statement, and where it stands in its document."""

    where: str         # "table 1, row “Family”" or "under “What's working”"
    number: int        # the statement's number in its document, for "row" in the preview
    category: str
    perspective: str
    text: str


@dataclass(frozen=True)
class ReviewDocument:
    """What one review document gave: whose it is, its statements, and the parts not read."""

    filename: str
    person: str                      # the Name/Person field, else the file name: for pseudonyms, never stored
    statements: tuple[FoundStatement, ...]
    not_recognised: tuple[str, ...]  # sections shown to the facilitator, already redacted


def _unreadable(name: str) -> UnreadableFile:
    return UnreadableFile(f'"{name}" is not a readable Word .docx document (it may be damaged, or another kind of '
                          f"file renamed); {_INSTEAD}.")


def _refuse_unsafe_kinds(data: bytes, name: str) -> None:
    suffix = PurePath(name).suffix.lower()
    if data.startswith(_OLE_MAGIC):
        if suffix == ".docx":
            raise UnreadableFile(f'"{name}" is protected with a password (or is an old Word file renamed), so it '
                                 "cannot be read; open it in Word, remove the password, save it as .docx and import "
                                 "that.")
        raise UnreadableFile(f'"{name}" is an older Word document ({suffix or "no .docx ending"}); open it in Word and '
                             "save it as .docx (Word Document), then import that.")
    if suffix in (".docm", ".dotm"):
        raise UnreadableFile(f'"{name}" is a Word document with macros (.docm), which are never opened here; '
                             "open it in Word and save it as .docx (Word Document), then import that.")
    if suffix in (".doc", ".dot", ".rtf", ".odt", ".pages", ".wpd"):
        raise UnreadableFile(f'"{name}" is not a .docx document; open it in Word and save it as .docx '
                             "(Word Document), then import that.")
    if suffix not in DOCUMENT_SUFFIXES:
        raise UnreadableFile(f'"{name}" is not a review document that can be imported; use .docx files or a .zip '
                             "of them.")


def _check_xml(data: bytes, members: list[zipfile.ZipInfo], name: str) -> None:
    """Refuse XML tricks (entity expansion, external entities) in any part, before Word's reader sees it.

    python-docx parses with lxml and does not resolve entities, but a review document never has a DTD at
    all, so any part declaring one is refused, with defusedxml doing the checking.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if "word/vbaProject.bin" in archive.namelist():
            raise UnreadableFile(f'"{name}" holds macros, which are never opened here; {_INSTEAD} (Word Document, '
                                 "not macro-enabled).")
        for member in members:
            if member.filename.startswith("word/media/") and not member.filename.endswith(".xml"):
                continue  # pictures, which python-docx never parses
            content = archive.read(member)
            if member.filename.endswith((".xml", ".rels")) or content.lstrip()[:1] == b"<":  # XML by any name
                try:
                    defused_fromstring(content, forbid_dtd=True)
                except DefusedXmlException:
                    raise UnreadableFile(f'"{name}" holds hidden instructions (XML entities) that an ordinary Word '
                                         f"document never has, so it was not opened for safety; {_INSTEAD}.") from None
                except Exception:
                    raise _unreadable(name) from None


def read_document(data: bytes, filename: str, *, max_bytes: int = MAX_FILE_BYTES) -> ReviewDocument:
    """The statements one review document holds; raises :class:`UnreadableFile` when it cannot be read."""
    name = filename or "The document"
    if not data:
        raise UnreadableFile(f'"{name}" is empty.')
    check_size(len(data), name, max_bytes)
    _refuse_unsafe_kinds(data, name)
    members = check_zip(data, name, "document", _INSTEAD, _unreadable(name))
    _check_xml(data, members, name)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx reports a damaged package through many exception types
        raise _unreadable(name) from None
    return _Reader(name).read(document)


def _paragraphs(cell) -> list[str]:
    return [" ".join(p.text.split()) for p in cell.paragraphs if p.text.strip()]


def _perspective(label: str) -> str | None:
    return normalise_perspective(label) if label.strip() else "person"


def _is_heading(paragraph: Paragraph, text: str) -> bool:
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    bold = paragraph.runs and all(run.bold for run in paragraph.runs if run.text.strip())
    return style.startswith(("Heading", "Title")) or bool(bold) and len(text) < 100 or text.endswith(":")


class _Reader:
    """Walks a document's paragraphs and tables in order, keeping the heading it is under."""

    def __init__(self, name: str):
        self.name = name
        self.person = ""
        self.statements: list[FoundStatement] = []
        self.not_recognised: list[str] = []
        self.category: str | None = None
        self.heading = ""
        self.unread_paragraphs = 0
        self.tables = 0
        self.characters = 0

    def read(self, document) -> ReviewDocument:
        for block in document.iter_inner_content():
            if isinstance(block, DocxTable):
                self._table(block)
            else:
                self._paragraph(block)
        self._close_section()
        stem = re.sub(r"[_.\-]+", " ", PurePath(self.name).stem)
        person = self.person or " ".join(_FILE_NAME_WORDS.sub(" ", stem).split())
        return ReviewDocument(self.name, person, tuple(self.statements), tuple(self.not_recognised))

    def _add(self, where: str, category: str, perspective: str, text: str) -> None:
        self.characters += len(text) + 1
        if self.characters > MAX_TEXT_CHARS:
            raise UnreadableFile(f'"{self.name}" holds more than {MAX_TEXT_CHARS:,} characters of text, over the '
                                 "limit for one import; split it into smaller documents.")
        self.statements.append(FoundStatement(where, len(self.statements) + 1, category, perspective, text))

    def _close_section(self) -> None:
        if self.unread_paragraphs:
            under = f"under “{self.heading}”" if self.heading else "at the start"
            self.not_recognised.append(f"{counted(self.unread_paragraphs, 'paragraph')} {under}")
        self.unread_paragraphs = 0

    def _paragraph(self, paragraph: Paragraph) -> None:
        text = " ".join(paragraph.text.split())
        if not text:
            return
        if field := _FIELD.match(text):
            self.person = self.person or field["value"].strip()
            return
        if _is_heading(paragraph, text):
            self._close_section()
            self.heading = _shown(text.rstrip(":"))
            self.category = normalise_category(text.rstrip(":"))
            return
        if self.category:
            self._add(f"under “{self.heading}”", self.category, "person", text)
        else:
            self.unread_paragraphs += 1

    def _table(self, table: DocxTable) -> None:
        self.tables += 1
        label = f"table {self.tables}"
        rows = [[_paragraphs(cell) for cell in row.cells] for row in table.rows]
        rows = [row for row in rows if any(row)]
        if not rows:
            return
        first = lambda cells: " ".join(cells[0]) if cells else ""
        header = [" ".join(cell) for cell in rows[0]]
        header_categories = [normalise_category(h) if h else None for h in header]
        column_categories = [normalise_category(first(row)) if first(row) else None for row in rows]
        if len(header) == 2 and first(rows[0]).casefold().rstrip(":") in _FIELD_LABELS and not any(header_categories):
            self.person = self.person or " ".join(rows[0][1])  # a details table: Name | Jean Barker
            for row in rows[1:]:
                if len(row) == 2 and first(row).casefold().rstrip(":") in _FIELD_LABELS:
                    self.person = self.person or " ".join(row[1])
            return
        if sum(map(bool, header_categories[1:])) >= 1 and (header_categories[0] is None):
            self._by_rows(label, rows, header, header_categories)           # categories across, perspectives down
        elif sum(map(bool, column_categories[1:])) >= 1 and column_categories[0] is None:
            self._by_columns(label, rows, header, column_categories)        # categories down, perspectives across
        elif all(header_categories):
            self._by_rows(label, [[[]] + row for row in rows], [""] + header, [None] + header_categories,
                          header_row=False)                                 # categories across, no perspective
        elif all(column_categories):
            for index, row in enumerate(rows):                              # a row per category, its text beside
                for text in (t for cell in row[1:] for t in cell):
                    self._add(f"{label}, row “{_shown(first(row))}”", column_categories[index], "person", text)
        else:
            self.not_recognised.append(f"{label} (its first row: “{_shown(' | '.join(header))}”)")

    def _by_rows(self, label: str, rows, header, categories, header_row: bool = True) -> None:
        for at, name in enumerate(header[1:], start=1):
            if name and not categories[at]:
                self.not_recognised.append(f"{label}, column “{_shown(name)}”")
        for row in rows[1:] if header_row else rows:
            row_label = " ".join(row[0]) if row and row[0] else ""
            perspective = _perspective(row_label)
            if perspective is None:
                self.not_recognised.append(f"{label}, row “{_shown(row_label)}” (not a perspective we know)")
                continue
            for at, cell in enumerate(row[1:], start=1):
                if at < len(categories) and categories[at]:
                    where = f"{label}, row “{_shown(row_label)}”" if row_label else label
                    for text in cell:
                        self._add(where, categories[at], perspective, text)

    def _by_columns(self, label: str, rows, header, categories) -> None:
        perspectives = [_perspective(h) for h in header]
        for at, name in enumerate(header[1:], start=1):
            if perspectives[at] is None:
                self.not_recognised.append(f"{label}, column “{_shown(name)}” (not a perspective we know)")
        for index, row in enumerate(rows[1:], start=1):
            if not categories[index]:
                self.not_recognised.append(f"{label}, row “{_shown(' '.join(row[0]) if row else '')}”")
                continue
            for at, cell in enumerate(row[1:], start=1):
                if at < len(perspectives) and perspectives[at]:
                    for text in cell:
                        self._add(f"{label}, column “{_shown(header[at])}”", categories[index], perspectives[at], text)


def _shown(value: str, names: KnownNames | None = None) -> str:
    """A heading or label as the preview shows it: short, with any personal detail in it taken out."""
    value = redact(value, find_personal_details(value, names or ()))[0]
    return value if len(value) <= 50 else value[:47] + "…"


def unpacked_files(files: Sequence[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """The documents among ``files``, each .zip replaced by the documents in it (folders inside flattened)."""
    found: list[tuple[str, bytes]] = []
    for name, data in files:
        if PurePath(name).suffix.lower() not in FOLDER_SUFFIXES:
            found.append((name, data))
            continue
        check_size(len(data), name)
        members = check_zip(data, name, "folder of documents", "zip fewer documents at a time",
                            UnreadableFile(f'"{name}" is not a readable .zip file; zip the documents again.'))
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in members:
                inner = PurePath(member.filename)
                if member.is_dir() or inner.name.startswith(("~$", ".")) or "__MACOSX" in inner.parts:
                    continue  # Word's lock files, and the Mac's hidden copies
                found.append((inner.name, archive.read(member)))
    if not found:
        raise UnreadableFile("There are no review documents to import; choose .docx files or a .zip of them.")
    if len(found) > MAX_DOCUMENTS:
        raise UnreadableFile(f"That is {len(found):,} documents, more than {MAX_DOCUMENTS} for one import; "
                             "import them in smaller groups.")
    return found


def read_documents(files: Sequence[tuple[str, bytes]]) -> list[ReviewDocument]:
    """Every document of ``files`` (names and bytes; .zip files opened), or the first reason one cannot be read."""
    return [read_document(data, name) for name, data in unpacked_files(files)]


DOCUMENT_COLUMNS = ["Document", "Where", "Name", "Reference", "Perspective", "Category", "Statement"]
DOCUMENT_MAPPING = ColumnMapping(layout="long", text="Statement", category="Category", perspective="Perspective",
                                 person_name="Name", person_ref="Reference")


@dataclass(frozen=True)
class DocumentsPreview:
    """The one import of several review documents, and per document what was found and not read."""

    preview: ImportPreview
    documents: tuple[ReviewDocument, ...]


def preview_documents(files: Sequence[tuple[str, bytes]], *, names: Iterable[str] = (),
                      existing: Iterable[str] = ()) -> DocumentsPreview:
    """Every statement of every document as one preview, checked and redacted as a spreadsheet's rows are.

    Each document's person (its Name field, else its file name) is a name to redact and becomes
    "Person N", the same across documents. Raises :class:`UnreadableFile` when any document cannot
    be read: nothing is imported until every one can.
    """
    documents = read_documents(files)
    rows, numbers = [], []
    for index, document in enumerate(documents, start=1):
        reference = "" if document.person else f"Document {index}"
        for found in document.statements:
            rows.append([document.filename, found.where, document.person, reference, found.perspective,
                         found.category, found.text])
            numbers.append(found.number)
    if not rows:
        raise UnreadableFile(f"No statements were found in {counted(len(documents), 'document')}: look for "
                             "headings such as “What's working” or a table with working / not working columns.")
    label = documents[0].filename if len(documents) == 1 else f"{counted(len(documents), 'review document')}"
    # Rows are numbered 1… across all documents here, then given back their place in their own document.
    table = Table("", list(DOCUMENT_COLUMNS), rows, row_numbers=list(range(1, len(rows) + 1)))
    preview = build_preview(table, DOCUMENT_MAPPING, label, names=names, existing=existing)
    known = KnownNames([*names, *(document.person for document in documents)])
    return DocumentsPreview(_placed(preview, rows, numbers, known), tuple(documents))


def _placed(preview: ImportPreview, rows: list[list[str]], numbers: list[int], known: KnownNames) -> ImportPreview:
    """Each preview row and problem named after its own document, its place there, and its number in it."""
    def place(at: int) -> dict:
        return dict(sheet=_shown(rows[at][0], known), column=_shown(rows[at][1], known), row=numbers[at])

    placed = []
    for row in preview.rows:
        where = place(row.row - 1)
        statement = row.statement.replace(source_file=where["sheet"], source_sheet=where["column"],
                                          source_row=where["row"])
        placed.append(replace(row, statement=statement, **where))
    problems = tuple(replace(p, **place(p.row - 1)) for p in preview.problems)
    return replace(preview, rows=tuple(placed), problems=problems)
