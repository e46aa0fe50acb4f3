"""Reading the bytes of a review spreadsheet (CSV or XLSX) safely into plain tables of text.

:func:`read_tables` turns a file into :class:`Table` s, or raises :class:`UnreadableFile` with one
plain sentence saying why the whole file cannot be read. Every limit that keeps a small hostile file
from exhausting the machine lives here, checked before or while reading, never after.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import PurePath
from typing import Iterable, Iterator

import openpyxl
from charset_normalizer import from_bytes
from defusedxml import DefusedXmlException
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import WorkSheetParser

from wtfc.text import without_controls

MAX_FILE_BYTES = 50_000_000  # the app's upload limit too (.streamlit/config.toml, maxUploadSize)
MAX_ROWS = 200_000           # rows below the header in one table: a year of reviews fits many times over
# An honest review workbook is a few MB once unzipped; one at the text limit below, some 15 MB. openpyxl
# reads a whole sheet once just to find its size when the sheet does not say it, at some 4 MB a second.
MAX_UNPACKED_BYTES = 20_000_000
MAX_PACKING_RATIO = 100           # …and its XML shrinks perhaps 10-30 times when zipped
# Below this, even a suspicious ratio can do little harm. Above it, a workbook of repeated rows (a few KB
# unzipping to 100,000 statements) is refused before its rows are read and checked one by one.
RATIO_CHECK_FROM_BYTES = 1_000_000
MAX_COLUMNS = 1_000          # a review spreadsheet has tens; Excel's own limit is 16,384
# The text of every cell of a file together (each cell counted one character longer, as a CSV's comma).
# A few KB of workbook can repeat one long shared string in every row, so the text is bounded, not just
# the file: 5 million characters is some 40,000 statements with their details, read in seconds.
MAX_TEXT_CHARS = 5_000_000

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
OTHER_SPREADSHEET_SUFFIXES = (".xls", ".ods", ".numbers")


class UnreadableFile(Exception):
    """The whole file cannot be read; str(e) is one plain sentence."""


@dataclass(frozen=True)
class Table:
    """One sheet (or a CSV file), every cell as a stripped string ("" for empty).

    Blank header cells are named "Column C" (by spreadsheet letter) and repeated ones get " (2)",
    so every column can be chosen by name. Fully blank rows are left out; ``row_numbers`` keeps
    each data row's true row number in the file. A row holds its cells up to its last non-blank one
    (one wide row does not pad every other), so read a cell with :func:`cell_at`.
    """

    sheet: str  # "" for CSV
    columns: list[str]
    rows: list[list[str]]
    header_row: int = 1
    row_numbers: list[int] = field(default_factory=list)

    def row_number(self, index: int) -> int:
        """The spreadsheet row number of data row ``index``, as the facilitator sees it."""
        return self.row_numbers[index] if self.row_numbers else self.header_row + 1 + index

    def column_values(self, column: str) -> list[str]:
        """Every data row's cell in ``column``."""
        at = self.columns.index(column)
        return [cell_at(cells, at) for cells in self.rows]


def cell_at(cells: list[str], at: int) -> str:
    """The cell at index ``at`` of a table row; "" past the row's last non-blank cell."""
    return cells[at] if at < len(cells) else ""


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
    check_size(len(data), name, max_bytes)
    suffix = PurePath(filename).suffix.lower()
    budget = _TextBudget(name)
    if suffix in CSV_SUFFIXES:
        tables = [_read_csv(data, name, max_rows, budget)]
    elif suffix in XLSX_SUFFIXES:
        tables = _read_xlsx(data, name, max_rows, budget)
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


def check_size(size: int, filename: str, max_bytes: int = MAX_FILE_BYTES) -> None:
    """Refuse a file over the size limit, before it is read where its size is known first."""
    if size > max_bytes:
        raise UnreadableFile(f'"{filename}" is {_megabytes(size)}, over the limit of {_megabytes(max_bytes)} '
                             "for one import; split it into smaller files.")


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:,.1f} MB".replace(".0 MB", " MB")


_LINE_BREAK_CONTROLS = re.compile("[\x0b\x0c\x1c-\x1e\x85]")  # line breaks to str.splitlines


def _without_controls(cell: str) -> str:
    """A cell without control characters (bell, escape, NUL…), its odd line breaks made plain ones."""
    if cell.isprintable():
        return cell
    return without_controls(_LINE_BREAK_CONTROLS.sub("\n", cell)).strip()


def _too_many_rows(name: str, sheet: str, max_rows: int) -> UnreadableFile:
    where = f' on the sheet "{sheet}"' if sheet else ""
    return UnreadableFile(f'"{name}" has more than {max_rows:,} rows{where}, over the limit for one import; '
                          "split it into smaller files.")


def _too_many_columns(name: str, sheet: str, row: int) -> UnreadableFile:
    where = f' on the sheet "{sheet}"' if sheet else ""
    return UnreadableFile(f'"{name}" has more than {MAX_COLUMNS:,} columns (row {row}{where}), over the limit for '
                          "one import; keep only the columns with statements and their details, and import that.")


class _TextBudget:
    """The text a file's cells hold, counted as they are read, so that a file refused for holding too much
    is refused before it is all in memory."""

    def __init__(self, name: str):
        self.name, self.left = name, MAX_TEXT_CHARS

    def spend(self, cells: list[str]) -> None:
        self.left -= sum(map(len, cells)) + len(cells)
        if self.left < 0:
            raise UnreadableFile(f'"{self.name}" holds more than {MAX_TEXT_CHARS:,} characters of text, over the '
                                 "limit for one import; split it into smaller files.")


def _cleaned(cells: list[str], name: str, sheet: str, number: int) -> list[str]:
    """A row's cells stripped and without control characters, up to its last non-blank one."""
    if len(cells) > MAX_COLUMNS:
        if any(map(str.strip, cells[MAX_COLUMNS:])):
            raise _too_many_columns(name, sheet, number)
        cells = cells[:MAX_COLUMNS]
    cells = [_without_controls(cell.strip()) for cell in cells]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _table(sheet: str, numbered_rows: Iterable[tuple[int, list[str]]], name: str, max_rows: int,
           budget: _TextBudget) -> Table | None:
    """A table from (row number, cells) pairs: header = first non-blank row; blank rows left out."""
    header: list[str] | None = None
    header_row = 1
    rows: list[list[str]] = []
    numbers: list[int] = []
    width = 0
    for number, cells in numbered_rows:
        cells = _cleaned(cells, name, sheet, number)
        if not cells:
            continue
        budget.spend(cells)
        width = max(width, len(cells))
        if header is None:
            header, header_row = cells, number
            continue
        if len(rows) == max_rows:
            raise _too_many_rows(name, sheet, max_rows)
        rows.append(cells)
        numbers.append(number)
    if header is None:
        return None
    return Table(sheet, _column_names(header + [""] * (width - len(header))), rows, header_row, numbers)


def _column_names(header: list[str]) -> list[str]:
    """The header's cells as names, blank ones named by letter and repeats numbered, in one pass."""
    names: list[str] = []
    taken: set[str] = set()
    last_copy: dict[str, int] = {}  # the highest " (n)" tried for a name: every lower one is taken
    for i, cell in enumerate(header):
        base = cell or f"Column {get_column_letter(i + 1)}"
        candidate, copy = base, last_copy.get(base, 1)
        while candidate in taken:
            copy += 1
            candidate = f"{base} ({copy})"
        last_copy[base] = copy
        taken.add(candidate)
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


def _read_csv(data: bytes, name: str, max_rows: int, budget: _TextBudget) -> Table | None:
    text = _decode(data, name)
    if _looks_binary(text):
        raise _not_text(name)
    delimiter = _delimiter(text)
    reader = csv.reader(_lines(text), delimiter=delimiter)
    try:
        if text.count("\n") > max_rows and _row_count(text, delimiter) > max_rows + 1:
            raise _too_many_rows(name, "", max_rows)
        return _table("", enumerate(reader, 1), name, max_rows, budget)
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


def check_zip(data: bytes, name: str, kind: str = "spreadsheet", instead: str = "save it as CSV and import that",
              damaged: UnreadableFile | None = None) -> list[zipfile.ZipInfo]:
    """Refuse zip bombs before anything is unpacked; the members, when their sizes are safe.

    The sizes checked are the ones each member declares; Python's zipfile never unpacks more than
    a member declares (it stops and reports a bad CRC), so the declared sizes are a true bound.
    ``kind`` and ``instead`` name the file and what to do in the refusal ("review document", …).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError):
        raise (damaged or _damaged(name)) from None
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnreadableFile(f'"{name}" would unpack to {_megabytes(unpacked)}, more than a review {kind} '
                             f"needs (at most {_megabytes(MAX_UNPACKED_BYTES)}), so it was not opened; {instead}.")
    if unpacked > RATIO_CHECK_FROM_BYTES and unpacked > MAX_PACKING_RATIO * max(packed, 1):
        raise UnreadableFile(f'"{name}" would unpack to {_megabytes(unpacked)}, {unpacked // max(packed, 1):,} times '
                             f"its size: far more than a {kind} people wrote shrinks, so it was not opened; {instead}.")
    return members


def _read_xlsx(data: bytes, name: str, max_rows: int, budget: _TextBudget) -> list[Table | None]:
    """Each worksheet as a table, read with openpyxl in read-only mode.

    openpyxl parses the workbook's XML with defusedxml when it is installed (``openpyxl.DEFUSEDXML``),
    which stops entity-expansion attacks; we refuse to open workbooks without it.
    """
    if not openpyxl.DEFUSEDXML:
        raise RuntimeError("defusedxml must be installed to open Excel files safely")
    check_zip(data, name)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl reports a damaged file through many exception types
        raise _refused(error, name) from None
    try:
        tables = []
        for sheet in workbook.worksheets:
            tables.append(_table(sheet.title, _sheet_rows(workbook, sheet, name), name, max_rows, budget))
        return tables
    except UnreadableFile:
        raise
    except Exception as error:
        raise _refused(error, name) from None
    finally:
        workbook.close()


def _sheet_rows(workbook, sheet, name: str) -> Iterator[tuple[int, list[str]]]:
    """(row number, cell texts) for each row the sheet's XML holds, up to the row's last non-blank cell.

    This is what openpyxl's read-only ``iter_rows`` does, minus its padding: it makes every row as long
    as its last cell (and fills in missing rows), so one empty cell at column XFD in each row would cost
    16,384 cells a row. Its own sheet parser hands over only the cells that are there.
    """
    with sheet._get_source() as source:
        parser = WorkSheetParser(source, sheet._shared_strings, data_only=True, epoch=workbook.epoch,
                                 date_formats=workbook._date_formats, timedelta_formats=workbook._timedelta_formats)
        for number, cells in parser.parse():
            present = [cell for cell in cells if cell["value"] is not None]
            if not present:
                continue
            width = max(cell["column"] for cell in present)
            if width > MAX_COLUMNS:
                raise _too_many_columns(name, sheet.title, number)
            row = [""] * width
            for cell in present:
                row[cell["column"] - 1] = _cell_text(cell["value"])
            yield number, row


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
