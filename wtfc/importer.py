"""Reading review spreadsheets into statements the facilitator can check before they are stored.

Import happens in three steps, each usable on its own:

1. :func:`read_tables` turns the bytes of a CSV or XLSX file into plain tables of text, or raises
   :class:`UnreadableFile` with one plain sentence saying why the whole file cannot be read.
2. :func:`guess_mapping` matches the header row to statement fields, in the "long" layout (one
   statement per row) or the "wide" review layout (one column per category).
3. :func:`preview_import` builds every statement, already cleared of personal details, with the
   rows that cannot be imported listed as :class:`Problem` s; :func:`confirmed_statements` then
   gives the statements to store once the facilitator has looked at the preview.

Nothing is half-imported: the preview is complete before anything is stored, and the original
text of a statement stays in memory for the preview only. A theme column, as in wtfc's own
spreadsheet, brings the themes back too (:func:`named_themes`).
"""
from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import PurePath
from typing import Collection, Iterable, Iterator, Sequence

import openpyxl
from charset_normalizer import from_bytes
from defusedxml import DefusedXmlException
from openpyxl.utils import get_column_letter

from wtfc.model import CATEGORIES, FUTURE, NOT_WORKING, PERSPECTIVES, WORKING, Statement, Theme
from wtfc.privacy import Finding, KnownNames, find_personal_details, redact
from wtfc.text import is_no_content

MAX_FILE_BYTES = 50_000_000  # the app's upload limit too (.streamlit/config.toml, maxUploadSize)
MAX_ROWS = 200_000           # rows below the header in one table: a year of reviews fits many times over
MAX_STATEMENT_CHARS = 5_000
MAX_UNPACKED_BYTES = 200_000_000  # an honest review workbook is a few MB once unzipped
MAX_PACKING_RATIO = 100           # …and its XML shrinks perhaps 10-30 times when zipped
RATIO_CHECK_FROM_BYTES = 10_000_000  # below this, even a suspicious ratio can do no harm

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
OTHER_SPREADSHEET_SUFFIXES = (".xls", ".ods", ".numbers")
# A cell starting with one of these could run as a formula; wtfc's exports put an apostrophe before it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class UnreadableFile(Exception):
    """The whole file cannot be read; str(e) is one plain sentence."""


@dataclass(frozen=True)
class Table:
    """One sheet (or a CSV file), every cell as a stripped string ("" for empty).

    Blank header cells are named "Column C" (by spreadsheet letter) and repeated ones get " (2)",
    so every column can be chosen by name. Fully blank rows are left out; ``row_numbers`` keeps
    each data row's true row number in the file.
    """

    sheet: str  # "" for CSV
    columns: list[str]
    rows: list[list[str]]
    header_row: int = 1
    row_numbers: list[int] = field(default_factory=list)

    def row_number(self, index: int) -> int:
        """The spreadsheet row number of data row ``index``, as the facilitator sees it."""
        return self.row_numbers[index] if self.row_numbers else self.header_row + 1 + index


# --- reading files --------------------------------------------------------------------------------

def read_tables(data: bytes, filename: str, *, max_bytes: int = MAX_FILE_BYTES,
                max_rows: int = MAX_ROWS) -> list[Table]:
    """Every non-empty table in a .csv or .xlsx file; raises :class:`UnreadableFile` if there is none.

    A CSV's text encoding is detected (UTF-8 with or without BOM, UTF-16 with BOM, or the Windows
    encoding Excel uses in the UK) and its delimiter (comma, semicolon or tab) guessed. The header
    is the first non-blank row. In a workbook, each sheet with a header and at least one row below
    it becomes a table; cached formula results are read, never the formulas. Control characters
    are removed from every cell (vertical tab, form feed and the like become new lines), so they
    never reach the store, the wall or a terminal.
    """
    name = filename or "The file"
    if not data:
        raise UnreadableFile(f'"{name}" is empty.')
    if len(data) > max_bytes:
        raise UnreadableFile(f'"{name}" is {_megabytes(len(data))}, over the limit of {_megabytes(max_bytes)} '
                             "for one import; split it into smaller files.")
    suffix = PurePath(filename).suffix.lower()
    if suffix in CSV_SUFFIXES:
        tables = [_read_csv(data, name, max_rows)]
    elif suffix in XLSX_SUFFIXES:
        tables = _read_xlsx(data, name, max_rows)
    elif suffix in OTHER_SPREADSHEET_SUFFIXES:
        raise UnreadableFile(f'"{name}" is an older or non-Excel spreadsheet ({suffix}) that cannot be read here; '
                             "open it and save it as .xlsx or .csv, then import that file.")
    else:
        raise UnreadableFile(f'"{name}" is not a spreadsheet that can be imported; use a .csv or .xlsx file.')
    found = [t for t in tables if t is not None]
    if not found:
        raise UnreadableFile(f'"{name}" has nothing in it to import.')
    with_rows = [t for t in found if t.rows]
    if not with_rows:
        raise UnreadableFile(f'"{name}" has a header row but no statements below it.')
    return with_rows


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:,.1f} MB".replace(".0 MB", " MB")


_LINE_BREAK_CONTROLS = re.compile("[\x0b\x0c\x1c-\x1e\x85]")  # line breaks to str.splitlines
_OTHER_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _without_controls(cell: str) -> str:
    """A cell without control characters (bell, escape, NUL…), which no statement means to hold."""
    if cell.isprintable():
        return cell
    return _OTHER_CONTROLS.sub("", _LINE_BREAK_CONTROLS.sub("\n", cell)).strip()


def _too_many_rows(name: str, sheet: str, max_rows: int) -> UnreadableFile:
    where = f' on the sheet "{sheet}"' if sheet else ""
    return UnreadableFile(f'"{name}" has more than {max_rows:,} rows{where}, over the limit for one import; '
                          "split it into smaller files.")


def _table(sheet: str, numbered_rows: Iterable[tuple[int, list[str]]], name: str, max_rows: int) -> Table | None:
    """A table from (row number, cells) pairs: header = first non-blank row; blank rows left out."""
    header: list[str] | None = None
    header_row = 1
    rows: list[list[str]] = []
    numbers: list[int] = []
    for number, cells in numbered_rows:
        cells = [_without_controls(cell) for cell in cells]
        if not any(cells):
            continue
        if header is None:
            header, header_row = cells, number
            continue
        if len(rows) == max_rows:
            raise _too_many_rows(name, sheet, max_rows)
        rows.append(cells)
        numbers.append(number)
    if header is None:
        return None
    width = max(_used_width(cells) for cells in [header, *rows])
    columns = _column_names(header[:width] + [""] * (width - len(header)))
    rows = [cells[:width] + [""] * (width - len(cells)) for cells in rows]
    return Table(sheet, columns, rows, header_row, numbers)


def _used_width(cells: list[str]) -> int:
    return max((i + 1 for i, cell in enumerate(cells) if cell), default=0)


def _column_names(header: list[str]) -> list[str]:
    names: list[str] = []
    for i, cell in enumerate(header):
        base = cell or f"Column {get_column_letter(i + 1)}"
        candidate, copy = base, 1
        while candidate in names:
            copy += 1
            candidate = f"{base} ({copy})"
        names.append(candidate)
    return names


# CSV ------------------------------------------------------------------------------------------------

# Python's csv module refuses cells over 131,072 characters and so the whole file; a file is already
# bounded by MAX_FILE_BYTES, and an over-long statement is reported as a problem on its own row.
csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_WESTERN_ENCODINGS = ["cp1252", "iso8859_15", "latin_1"]


def _cp1252_for_stray_bytes(error: UnicodeDecodeError) -> tuple[str, int]:
    stray = error.object[error.start:error.end]
    return stray.decode("cp1252", errors="replace"), error.end


codecs.register_error("wtfc-cp1252", _cp1252_for_stray_bytes)


def _decode(data: bytes, name: str) -> str:
    """The text of a CSV file.

    A BOM decides; otherwise UTF-8 if the bytes are valid UTF-8. A file that is mostly UTF-8 with a
    few stray bytes (a cell pasted in from an older file) is read as UTF-8, the stray bytes as
    Windows-1252, so "£" and "’" survive either way. Anything else is handed to charset-normalizer,
    limited to the Western encodings a UK spreadsheet may use; it also tells a binary file apart.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise UnreadableFile(f'"{name}" says it is {encoding.upper()} text but is not; '
                                     "save it again as CSV UTF-8 and import that.") from None
    if b"\x00" in data:
        raise _not_text(name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _UTF8_SEQUENCE.search(data):
        return data.decode("utf-8", errors="wtfc-cp1252")
    best = from_bytes(data, cp_isolation=_WESTERN_ENCODINGS).best()
    if best is None:
        raise _not_text(name)
    return str(best)


def _not_text(name: str) -> UnreadableFile:
    return UnreadableFile(f'"{name}" is not a text CSV file (it may be a different kind of file renamed); '
                          "save the spreadsheet as CSV or .xlsx and import that.")


def _looks_binary(text: str) -> bool:
    """More than 1% control characters (and more than a few strays, which are removed from cells)."""
    sample = text[:100_000]
    controls = sum(1 for ch in sample if ch not in "\t\r\n" and unicodedata.category(ch) == "Cc")
    return controls > max(len(sample) / 100, 10)


def _delimiter(text: str) -> str:
    """Comma, semicolon or tab, as csv.Sniffer judges; the header line settles a doubtful guess."""
    sample = text[:65_536]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    header_line = next((line for line in sample.splitlines() if line.strip()), "")
    if delimiter not in header_line:
        delimiter = max(",;\t", key=header_line.count) if any(d in header_line for d in ",;\t") else ","
    return delimiter


def _read_csv(data: bytes, name: str, max_rows: int) -> Table | None:
    text = _decode(data, name)
    if _looks_binary(text):
        raise _not_text(name)
    delimiter = _delimiter(text)
    reader = csv.reader(_lines(text), delimiter=delimiter)
    try:
        if text.count("\n") > max_rows and _row_count(text, delimiter) > max_rows + 1:
            raise _too_many_rows(name, "", max_rows)
        return _table("", ((number, [cell.strip() for cell in cells]) for number, cells in enumerate(reader, 1)),
                      name, max_rows)
    except csv.Error:
        raise UnreadableFile(f'"{name}" is not a well-formed CSV file (a cell may be far too long, or a quote '
                             "never closed); open it in a spreadsheet and save it as CSV again.") from None


_LINE = re.compile(r".*?(?:\r\n|\r|\n)|.+", re.DOTALL)


def _lines(text: str) -> Iterator[str]:
    """The lines of a CSV text with their endings, one at a time: io.StringIO would hold a copy of
    the whole text at four bytes a character."""
    return (match.group() for match in _LINE.finditer(text))


def _row_count(text: str, delimiter: str) -> int:
    """The non-blank rows of a CSV, counted without keeping them, so an over-long file is refused in
    little memory (a cell can hold new lines, so counting lines is not enough)."""
    return sum(1 for cells in csv.reader(_lines(text), delimiter=delimiter) if any(cell.strip() for cell in cells))


# XLSX -------------------------------------------------------------------------------------------

def _damaged(name: str) -> UnreadableFile:
    return UnreadableFile(f'"{name}" is not a readable Excel .xlsx workbook (it may be damaged, or another kind '
                          "of file renamed); open it in Excel and save it again, or save it as CSV.")


def _refused(error: Exception, name: str) -> UnreadableFile:
    """Why a workbook could not be opened: defusedxml's refusal of entity tricks (entity expansion,
    "billion laughs", external entities) gets its own words; anything else reads as damage."""
    cause: BaseException | None = error
    while cause is not None and not isinstance(cause, DefusedXmlException):
        cause = cause.__cause__ or cause.__context__
    if cause is None:
        return _damaged(name)
    return UnreadableFile(f'"{name}" holds hidden instructions (XML entities) that an ordinary Excel workbook never '
                          "has, so it was not opened for safety; open it in Excel and save it again, or save it as CSV.")


def _check_zip(data: bytes, name: str) -> None:
    """Refuse zip bombs before openpyxl unpacks anything.

    The sizes checked are the ones each member declares; Python's zipfile never unpacks more than
    a member declares (it stops and reports a bad CRC), so the declared sizes are a true bound.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError):
        raise _damaged(name) from None
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    if unpacked > MAX_UNPACKED_BYTES or (
            unpacked > RATIO_CHECK_FROM_BYTES and unpacked > MAX_PACKING_RATIO * max(packed, 1)):
        raise UnreadableFile(f'"{name}" would unpack to {_megabytes(unpacked)}, far more than a review '
                             "spreadsheet needs, so it was not opened; save it as CSV and import that.")


def _read_xlsx(data: bytes, name: str, max_rows: int) -> list[Table | None]:
    """Each worksheet as a table, read with openpyxl in read-only mode.

    openpyxl parses the workbook's XML with defusedxml when it is installed (``openpyxl.DEFUSEDXML``),
    which stops entity-expansion attacks; we refuse to open workbooks without it.
    """
    if not openpyxl.DEFUSEDXML:
        raise RuntimeError("defusedxml must be installed to open Excel files safely")
    _check_zip(data, name)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl reports a damaged file through many exception types
        raise _refused(error, name) from None
    try:
        tables = []
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # some writers record a wrong size; read every row there is
            rows = ((number, [_cell_text(v) for v in values])
                    for number, values in enumerate(sheet.iter_rows(values_only=True), 1))
            tables.append(_table(sheet.title, rows, name, max_rows))
        return tables
    except UnreadableFile:
        raise
    except Exception as error:
        raise _refused(error, name) from None
    finally:
        workbook.close()


def _cell_text(value) -> str:
    """A cell as the facilitator would read it: dates ISO, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ", "minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --- column mapping -------------------------------------------------------------------------------

def _words(value: str) -> str:
    """Lower case, apostrophes dropped, other punctuation as spaces: "What's working?" → "whats working"."""
    value = value.casefold().replace("’", "").replace("'", "")
    return " ".join(re.sub(r"[\W_]+", " ", value).split())


def _spellings(*values: str) -> frozenset[str]:
    return frozenset(_words(v) for v in values)


_HEADERS = {
    "text": _spellings("Statement", "Statements", "Text", "Comment", "Comments", "What they said",
                       "Statement text", "What was said"),
    "category": _spellings("Category", "Type", "Heading", "Statement type", "Statement category"),
    "perspective": _spellings("Perspective", "Who", "Role", "From", "Who said it", "Said by", "Whose view"),
    "person_ref": _spellings("Person", "Person ref", "Person reference", "Person ID", "Ref", "Reference",
                             "Review ID", "Review ref", "Review reference", "ID", "Pseudonym"),
    "person_name": _spellings("Name", "Person name", "Full name", "Person's name", "Name of person",
                              "Client name", "Service user name"),
    "service": _spellings("Service", "Provider", "Service name", "Provider name", "Care provider"),
    "area": _spellings("Area", "Locality", "Team", "District", "Patch"),
    "review_date": _spellings("Review date", "Date", "Date of review", "Reviewed on", "Date reviewed"),
    "theme": _spellings("Theme", "Theme name"),
}
_WIDE_HEADERS = {
    **dict.fromkeys(_spellings("What's working", "What is working", "Working", "Working well",
                               "What's working well", "What works", "What works well"), WORKING),
    **dict.fromkeys(_spellings("What is not working", "What's not working", "Not working", "What isn't working",
                               "What doesn't work", "Not working well"), NOT_WORKING),
    **dict.fromkeys(_spellings("Important to me in the future", "Important for the future",
                               "What's important for the future", "Future", "Important to me",
                               "What's important to me", "What is important to me",
                               "What is important for the future", "Important in the future"), FUTURE),
}


def _wide_category(header: str) -> str | None:
    """The category a wide-layout column holds, judged from its header."""
    key = _words(header)
    if key in _WIDE_HEADERS:
        return _WIDE_HEADERS[key]
    words = key.split()
    if ("working" in words or "future" in words) and len(words) <= 10:  # "What's working for Jo?"
        return normalise_category(header)
    return None


@dataclass(frozen=True)
class ColumnMapping:
    """Which column holds what; the facilitator can correct any guess."""

    layout: str = "long"                 # "long": one statement per row; "wide": a column per category
    text: str | None = None              # long: the statement column
    category: str | None = None          # long: the category column
    category_columns: dict[str, str] = field(default_factory=dict)  # wide: column name -> category
    perspective: str | None = None
    person_ref: str | None = None        # pseudonymous reference column
    person_name: str | None = None       # a real-name column: used ONLY to redact names, never stored
    service: str | None = None
    area: str | None = None
    review_date: str | None = None
    theme: str | None = None             # the theme each statement was placed in (as wtfc's spreadsheet has it)

    def missing(self) -> list[str]:
        """What still has to be chosen before the file can be imported; [] when it can be."""
        allowed = ", ".join(CATEGORIES)
        if self.layout == "long":
            needed = []
            if not self.text:
                needed.append("the column with the statement text")
            if not self.category:
                needed.append(f"the column saying which category each statement is in ({allowed})")
            return needed
        if self.layout == "wide":
            if not self.category_columns:
                needed = ["the columns holding each category's statements (for example \"What's working\")"]
            else:
                needed = []
            needed += [f'a category for the column "{column}" (one of: {allowed})'
                       for column, category in self.category_columns.items() if category not in CATEGORIES]
            return needed
        return ["the layout: one statement per row, or one column for each category"]

    def columns_used(self) -> list[str]:
        """Every column this mapping reads from."""
        single = [self.perspective, self.person_ref, self.person_name, self.service, self.area, self.review_date,
                  self.theme]
        if self.layout == "long":
            single = [self.text, self.category, *single]
        else:
            single = [*self.category_columns, *single]
        return [column for column in single if column]


def guess_mapping(columns: list[str]) -> ColumnMapping:
    """Match header cells to fields, ignoring case and punctuation ("WHAT'S WORKING?" = "What's working").

    The layout is "wide" when there is no statement column but some column is a category
    ("What's working", "Not working", "Important for the future"…).
    """
    found: dict[str, str] = {}
    wide: dict[str, str] = {}
    for column in columns:
        key = _words(column)
        field_name = next((f for f, spellings in _HEADERS.items() if key in spellings), None)
        if field_name:
            found.setdefault(field_name, column)
        elif (category := _wide_category(column)) is not None:
            wide[column] = category
    if wide and "text" not in found:
        found.pop("category", None)
        return ColumnMapping(layout="wide", category_columns=wide, **found)
    return ColumnMapping(layout="long", **found)


_NOT_WORKING_WORDS = re.compile(r"\b(?:not|isnt|arent|doesnt|dont)\b(?: \w+){0,2}? (?:work|works|working|going well)\b")
_WORKING_WORDS = re.compile(r"\b(?:working|works|going well)\b")
_CATEGORY_CODES = {"w": WORKING, "nw": NOT_WORKING, "f": FUTURE, "if": FUTURE, "iff": FUTURE,
                   "positive": WORKING, "negative": NOT_WORKING}


def normalise_category(value: str) -> str | None:
    """One of CATEGORIES for the ways reviews write them ("What's working?", "NOT WORKING", "Future"…)."""
    key = _words(value)
    if key in _CATEGORY_CODES:
        return _CATEGORY_CODES[key]
    if _NOT_WORKING_WORDS.search(key) or key.startswith("not working"):
        return NOT_WORKING
    words = key.split()
    if "future" in words or "important" in words:
        return FUTURE
    if _WORKING_WORDS.search(key):
        return WORKING
    return None


_PERSPECTIVES = {
    **dict.fromkeys(_spellings("Person", "Service user", "Me", "I", "Self", "Individual", "Client", "Customer",
                               "Resident", "Tenant", "Patient", "Person supported", "The person",
                               "Person receiving support", "Person receiving care", "Supported person",
                               "User"), "person"),
    **dict.fromkeys(_spellings("Family", "Carer", "Family/carer", "Family carer", "Family member", "Relative",
                               "Unpaid carer", "Parent", "Mum", "Dad", "Mother", "Father", "Son", "Daughter",
                               "Wife", "Husband", "Partner", "Sister", "Brother", "Friend", "Family or carer",
                               "Family and friends"), "family/carer"),
    **dict.fromkeys(_spellings("Staff", "Support worker", "Care worker", "Paid carer", "Care staff", "Provider",
                               "Provider staff", "Manager", "Team leader", "Key worker", "Keyworker",
                               "Personal assistant", "PA", "Home care worker", "Homecare worker",
                               "Care assistant", "Staff member", "Employee"), "staff"),
    **dict.fromkeys(_spellings("Other", "Social worker", "Other professional", "Professional",
                               "Health professional", "Commissioner", "GP", "Doctor", "Advocate",
                               "Occupational therapist", "OT", "District nurse", "Nurse", "Therapist"), "other"),
}


def normalise_perspective(value: str) -> str | None:
    """One of PERSPECTIVES for the ways reviews say who spoke ("Service user", "Carer", "Support worker"…)."""
    key = _words(value)
    if key in _PERSPECTIVES:
        return _PERSPECTIVES[key]
    words = key.split()
    if "professional" in words or "social" in words:
        return "other"
    if "staff" in words or "worker" in words or "paid" in words:
        return "staff"
    if "family" in words or "carer" in words or "relative" in words:
        return "family/carer"
    if "person" in words or "user" in words:
        return "person"
    return None


# --- preview --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    """A row that will not be imported, and why, in plain words."""

    sheet: str
    row: int      # spreadsheet row number
    column: str
    message: str


@dataclass(frozen=True)
class PreviewRow:
    """One statement as it will be imported, with what the facilitator needs to check it."""

    key: int                     # index in ImportPreview.rows
    sheet: str
    row: int
    column: str                  # the wide category column, else the text column
    original_text: str           # in memory only, for the facilitator's preview; never stored
    statement: Statement         # ready to store, text redacted with all findings
    findings: tuple[Finding, ...]
    no_content: bool             # "n/a", "nothing", "-"…: kept out unless the facilitator wants them
    duplicate_of: int | None     # key of an earlier row with the same words, or -1: already in the workshop
                                 # (not checked for no-content rows: many "n/a"s are not repeats)
    theme: str = ""              # the name in the theme column, "" when none


@dataclass(frozen=True)
class ImportPreview:
    source_file: str
    tables: tuple[Table, ...]
    mapping: ColumnMapping
    rows: tuple[PreviewRow, ...]
    problems: tuple[Problem, ...]        # rows that will NOT be imported, each with its reason
    needs_mapping: tuple[str, ...]       # non-empty when columns could not be matched; rows/problems then empty
    sheet: str = ""                      # the sheet the statements come from ("" for CSV)


_ITEM_MARKER = re.compile(r"^(?:[•·▪●◦‣*\-–—]|\(?\d{1,2}[.)])\s+")
_INLINE_BULLET = re.compile(r"\s*[•·▪●◦‣]\s*")
_UK_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+)?")
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b|\bof\b|,", re.IGNORECASE)
_SEPT = re.compile(r"\bsept\b", re.IGNORECASE)
_EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 1 is 1900-01-01, counting its phantom 29 Feb 1900


def split_cell(cell: str) -> list[str]:
    """The statements in one cell or typed box: one per line, bullet ("•", "-", "*", "·") or number ("1.", "2)").

    A cell of nothing but a marker (say "-") stays one statement, so it is flagged as no content
    rather than silently lost; a blank cell gives no statements.
    """
    pieces = []
    for line in cell.splitlines():
        line = _ITEM_MARKER.sub("", line.strip())
        pieces += [p.strip() for p in _INLINE_BULLET.split(line)]
    pieces = [p for p in pieces if p]
    return pieces or ([cell.strip()] if cell.strip() else [])


def _parse_date(value: str) -> str | None:
    """An ISO date from ISO, UK day/month/year, "3 March 2025" or an Excel day number; None if unreadable."""
    try:
        if match := _ISO_DATE.fullmatch(value):
            return date(*map(int, match.groups())).isoformat()
        if match := _UK_DATE.fullmatch(value):
            day, month, year = map(int, match.groups())
            return date(year + 2000 if year < 100 else year, month, day).isoformat()
        if value.isdigit() and 20_000 <= int(value) <= 80_000:
            return (_EXCEL_EPOCH + timedelta(days=int(value))).isoformat()
        words = _SEPT.sub("Sep", " ".join(_ORDINAL.sub(" ", value).split()))
        for pattern in ("%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y"):
            try:
                return datetime.strptime(words, pattern).date().isoformat()
            except ValueError:
                continue
    except ValueError:  # 31/02/2025 and the like
        return None
    return None


def unescaped(value: str) -> str:
    """A cell without the apostrophe a spreadsheet export puts before a leading =, +, -, @, tab or return
    (see ``wtfc.export.spreadsheet_safe``), so "'-3 visits" reads back as "-3 visits"."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


def _duplicate_key(text: str) -> str:
    return _words(text)


def _shown(value: str) -> str:
    return value if len(value) <= 40 else value[:37] + "…"


def _choose_table(tables: list[Table], mapping: ColumnMapping | None) -> tuple[Table, ColumnMapping, list[str]]:
    """The first table the mapping (given, or guessed per table) can read; else the first, with what's missing."""
    first = None
    for table in tables:
        chosen = mapping or guess_mapping(table.columns)
        needed = chosen.missing() + [f'a column called "{column}" (this sheet has none)'
                                     for column in chosen.columns_used() if column not in table.columns]
        if not needed:
            return table, chosen, []
        first = first or (table, chosen, needed)
    return first


def preview_import(data: bytes, filename: str, mapping: ColumnMapping | None = None, *,
                   names: Iterable[str] = (), existing: Iterable[str] = (), sheet: str | None = None,
                   max_rows: int = MAX_ROWS) -> ImportPreview:
    """Every statement the file would give, redacted, with the rows that cannot be imported.

    ``mapping`` None means guess it from the header. ``names`` are real names to redact, on top of
    every value in the mapping's name column. ``existing`` are the texts of statements already in
    the workshop, to flag repeats. In a workbook, ``sheet=None`` takes the first sheet whose
    columns match (other sheets, such as instructions, are left out but listed in ``tables``).
    Raises :class:`UnreadableFile` when the file (or the named sheet) cannot be read at all.
    """
    tables = read_tables(data, filename, max_rows=max_rows)
    candidates = tables if sheet is None else [t for t in tables if t.sheet == sheet]
    if not candidates:
        sheets = ", ".join(f'"{t.sheet}"' for t in tables)
        raise UnreadableFile(f'"{filename}" has no sheet called "{sheet}" with statements in it; it has {sheets}.')
    table, mapping, needed = _choose_table(candidates, mapping)
    if needed:
        return ImportPreview(filename, tuple(tables), mapping, (), (), tuple(needed), table.sheet)
    builder = _RowBuilder(table, mapping, filename, names, existing)
    rows, problems = builder.build()
    # The file's own name is stored (in the history, on each statement) cleared like any other field.
    return ImportPreview(builder.source_file, tuple(tables), mapping, tuple(rows), tuple(problems), (), table.sheet)


_FORMULA = ("This cell holds a spreadsheet formula, not words; type the statement in "
            "(or copy and paste it as values) and import again.")
_ALLOWED_CATEGORIES = ", ".join(CATEGORIES)


class _RowBuilder:
    """Turns one table's rows into preview rows and problems under one mapping."""

    def __init__(self, table: Table, mapping: ColumnMapping, filename: str, names: Iterable[str],
                 existing: Iterable[str]):
        self.table, self.mapping = table, mapping
        self.index = {column: i for i, column in reversed(list(enumerate(table.columns)))}
        name_column = [self._cell(cells, mapping.person_name) for cells in table.rows]
        self.known = KnownNames([*names, *name_column])
        self.source_file = self._cleared(filename)
        self.source_sheet = self._cleared(table.sheet)
        self.existing = {_duplicate_key(text) for text in existing}
        self.first_seen: dict[str, int] = {}
        self.pseudonyms: dict[str, str] = {}
        self.rows: list[PreviewRow] = []
        self.problems: list[Problem] = []

    def _raw(self, cells: list[str], column: str | None) -> str:
        return cells[self.index[column]] if column else ""

    def _cell(self, cells: list[str], column: str | None) -> str:
        return unescaped(self._raw(cells, column))

    def _cleared(self, value: str) -> str:
        """A field other than the statement, with any personal detail silently removed."""
        return redact(value, find_personal_details(value, self.known))[0] if value else value

    def build(self) -> tuple[list[PreviewRow], list[Problem]]:
        for i, cells in enumerate(self.table.rows):
            self._add_row(self.table.row_number(i), cells)
        return self.rows, self.problems

    def _problem(self, row: int, column: str | None, message: str) -> None:
        self.problems.append(Problem(self.table.sheet, row, column or "", message))

    def _statements_in_row(self, row: int, cells: list[str]) -> list[tuple[str, str, str]]:
        """(column, text, category) for each statement the row holds; problems recorded on the way."""
        m = self.mapping
        if m.layout == "wide":
            found = []
            for column, category in m.category_columns.items():
                cell = self._raw(cells, column)
                if cell.startswith("="):
                    self._problem(row, column, _FORMULA)
                elif cell:
                    found += [(column, unescaped(text), category) for text in split_cell(cell)]
            return found
        text, written_category = self._raw(cells, m.text), self._cell(cells, m.category)
        if not text and not written_category:
            return []
        category = normalise_category(written_category)
        if not text:
            self._problem(row, m.text, "No statement text: the statement cell is empty.")
        elif text.startswith("="):
            self._problem(row, m.text, _FORMULA)
        elif not written_category:
            self._problem(row, m.category, f"No category: write one of {_ALLOWED_CATEGORIES}.")
        elif category is None:
            self._problem(row, m.category, f'"{_shown(written_category)}" is not a category; '
                                           f"use one of {_ALLOWED_CATEGORIES}.")
        else:
            return [(m.text, unescaped(text), category)]
        return []

    def _add_row(self, row: int, cells: list[str]) -> None:
        m = self.mapping
        statements = self._statements_in_row(row, cells)
        if not statements:
            return
        problems_before = len(self.problems)
        perspective = self._perspective(row, cells)
        review_date = self._review_date(row, cells)
        if len(self.problems) > problems_before:
            return  # a row-wide problem: none of the row's statements is imported
        fields = dict(perspective=perspective, person_ref=self._person_ref(row, cells), review_date=review_date,
                      service=self._cleared(self._cell(cells, m.service)),
                      area=self._cleared(self._cell(cells, m.area)))
        theme = self._cleared(" ".join(self._cell(cells, m.theme).split()))
        for column, text, category in statements:
            if len(text) > MAX_STATEMENT_CHARS:
                self._problem(row, column, f"This statement is {len(text):,} characters long; the most is "
                                           f"{MAX_STATEMENT_CHARS:,}. Shorten it or split it into several.")
            else:
                self._add_statement(row, column, text, category, fields, theme)

    def _perspective(self, row: int, cells: list[str]) -> str:
        """The row's perspective; "person" when there is no perspective column or the cell is blank."""
        written = self._cell(cells, self.mapping.perspective)
        if not written:
            return "person"
        perspective = normalise_perspective(written)
        if perspective is None:
            self._problem(row, self.mapping.perspective, f'"{_shown(written)}" is not a perspective we know; '
                                                         f"use one of {', '.join(PERSPECTIVES)}.")
        return perspective

    def _review_date(self, row: int, cells: list[str]) -> str | None:
        written = self._cell(cells, self.mapping.review_date)
        if not written:
            return None
        review_date = _parse_date(written)
        if review_date is None:
            self._problem(row, self.mapping.review_date, f'The review date "{_shown(written)}" cannot be read; '
                                                         "write it as day/month/year, for example 31/01/2025.")
        return review_date

    def _person_ref(self, row: int, cells: list[str]) -> str:
        """The row's reference if it is not itself personal; else "Person N" per name; else "Row N"."""
        ref = self._cell(cells, self.mapping.person_ref)
        if ref and not find_personal_details(ref, self.known):
            return ref
        if name := _words(self._cell(cells, self.mapping.person_name)):
            return self.pseudonyms.setdefault(name, f"Person {len(self.pseudonyms) + 1}")
        return f"Row {row}"

    def _add_statement(self, row: int, column: str, text: str, category: str, fields: dict, theme: str) -> None:
        key = len(self.rows)
        findings = tuple(find_personal_details(text, self.known))
        redacted, redactions = redact(text, findings)
        no_content = is_no_content(text)
        duplicate_of = None
        if not no_content:
            if _duplicate_key(redacted) in self.existing:
                duplicate_of = -1
            else:
                duplicate_of = self.first_seen.setdefault(_duplicate_key(text), key)
                duplicate_of = None if duplicate_of == key else duplicate_of
        statement = Statement(text=redacted, category=category, source_file=self.source_file,
                              source_sheet=self.source_sheet, source_row=row, redactions=redactions,
                              position=key, **fields)
        self.rows.append(PreviewRow(key, self.table.sheet, row, column, text, statement, findings,
                                    no_content, duplicate_of, theme))


def confirmed_statements(preview: ImportPreview, *, kept_details: Collection[tuple[int, int]] = (),
                         include_no_content: bool = False, include_duplicates: bool = True,
                         start_position: int = 0) -> list[Statement]:
    """The statements to store once the facilitator has checked the preview.

    ``kept_details`` are (row key, finding index) pairs marked as not personal (a false alarm):
    those words stay; every other finding stays redacted. Positions run on from ``start_position``.
    """
    kept = set(kept_details)
    statements = []
    for row in preview.rows:
        if (row.no_content and not include_no_content) or (row.duplicate_of is not None and not include_duplicates):
            continue
        statement = row.statement
        if any((row.key, i) in kept for i in range(len(row.findings))):
            text, redactions = redact(row.original_text,
                                      [f for i, f in enumerate(row.findings) if (row.key, i) not in kept])
            statement = statement.replace(text=text, redactions=redactions)
        statements.append(statement.replace(position=start_position + len(statements)))
    return statements


def named_themes(preview: ImportPreview, statements: Sequence[Statement],
                 existing: Sequence[Theme] = ()) -> tuple[list[Theme], list[Statement]]:
    """The new themes the file's theme column names, and ``statements`` placed in their themes.

    ``statements`` are the preview's (from :func:`confirmed_statements`). A name matches a theme of the
    same category in ``existing`` (the workshop's themes), ignoring case; other names become new themes,
    in the order the file first gives them, after the existing ones. Statements placed by name are
    pinned, as if a person had moved them: they were themed by people, so suggesting themes again
    leaves them where they are. Statements with no theme name are returned unchanged.
    """
    names = {row.statement.id: row.theme for row in preview.rows if row.theme}
    themes = {(t.category, t.name.casefold()): t for t in existing}
    position = max((t.position for t in existing), default=0)
    created: list[Theme] = []
    placed = []
    for statement in statements:
        name = names.get(statement.id)
        if not name:
            placed.append(statement)
            continue
        theme = themes.get((statement.category, name.casefold()))
        if theme is None:
            position += 1
            theme = themes[(statement.category, name.casefold())] = Theme(statement.category, name, position=position)
            created.append(theme)
        placed.append(statement.replace(theme_id=theme.id, pinned=True))
    return created, placed
