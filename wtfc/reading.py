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

MAX_FILE_BYTES = 50_000_000  # the app's upload limit too (.streamlit/config.toml, maxUploadSize)
MAX_ROWS = 200_000           # rows below the header in one table: a year of reviews fits many times over
MAX_UNPACKED_BYTES = 200_000_000  # an honest review workbook is a few MB once unzipped
MAX_PACKING_RATIO = 100           # …and its XML shrinks perhaps 10-30 times when zipped
RATIO_CHECK_FROM_BYTES = 10_000_000  # below this, even a suspicious ratio can do no harm

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
