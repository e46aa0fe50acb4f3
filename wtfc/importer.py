"""Previews of an import: the statements a review spreadsheet would give, checked before they are stored.

Import happens in three steps, each usable on its own:

1. :func:`wtfc.reading.read_tables` turns the bytes of a CSV or XLSX file into plain tables of text,
   or raises :class:`UnreadableFile` with one plain sentence saying why the whole file cannot be read.
2. :func:`wtfc.columns.guess_mapping` matches the header row to statement fields, in the "long"
   layout (one statement per row) or the "wide" review layout (one column per category).
3. :func:`preview_import` (here) builds every statement, already cleared of personal details, with
   the rows that cannot be imported listed as :class:`Problem` s; :func:`confirmed_statements` then
   gives the statements to store once the facilitator has looked at the preview.

Nothing is half-imported: the preview is complete before anything is stored, and the original
text of a statement stays in memory for the preview only. A theme column, as in wtfc's own
spreadsheet, brings the themes back too (:func:`named_themes`). The names of the first two steps
are importable from here as well.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Collection, Iterable, Sequence

from wtfc.columns import (FORMULA_STARTS, ColumnMapping, guess_mapping, normalise_category, normalise_perspective,
                          parse_date, perspective_lookalikes, plain_words, split_cell, unescaped)
from wtfc.model import CATEGORIES, PERSPECTIVES, Statement, Theme
from wtfc.privacy import Finding, KnownNames, find_personal_details, redact
from wtfc.reading import MAX_FILE_BYTES, MAX_ROWS, Table, UnreadableFile, cell_at, read_tables
from wtfc.text import is_no_content

__all__ = ["FORMULA_STARTS", "MAX_FILE_BYTES", "MAX_ROWS", "MAX_STATEMENT_CHARS", "ColumnMapping", "ImportPreview",
           "PreviewRow", "Problem", "Table", "UnreadableFile", "confirmed_statements", "guess_mapping",
           "named_themes", "normalise_category", "normalise_perspective", "preview_import", "read_tables",
           "split_cell", "unescaped"]

MAX_STATEMENT_CHARS = 5_000


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

    def in_sentence(self, finding: int, around: int = 60) -> str:
        """The words around finding number ``finding``, the detail itself between ›‹, so the facilitator can
        tell a name from a walking frame ("…use my ›walker‹ to get to…"). For the preview only."""
        found = self.findings[finding]
        text = self.original_text
        start, end = max(found.start - around, 0), min(found.end + around, len(text))
        return ("…" if start else "") + text[start:found.start] + f"›{found.value}‹" + text[found.end:end] + \
            ("…" if end < len(text) else "")

    def kept(self, kept_details: Collection[tuple[int, int]]) -> Statement:
        """The statement with the findings the facilitator marked as not personal (``(key, index)`` pairs)
        put back, and every other one still redacted."""
        if not any((self.key, i) in kept_details for i in range(len(self.findings))):
            return self.statement
        text, redactions = redact(self.original_text, [f for i, f in enumerate(self.findings)
                                                       if (self.key, i) not in kept_details])
        return self.statement.replace(text=text, redactions=redactions)


@dataclass(frozen=True)
class ImportPreview:
    source_file: str
    tables: tuple[Table, ...]
    mapping: ColumnMapping
    rows: tuple[PreviewRow, ...]
    problems: tuple[Problem, ...]        # rows that will NOT be imported, each with its reason
    needs_mapping: tuple[str, ...]       # non-empty when columns could not be matched; rows/problems then empty
    sheet: str = ""                      # the sheet the statements come from ("" for CSV)
    # Columns the mapping does not read that look like they say who spoke ("Son", "Care worker"…): without
    # one, every statement counts as the person's own, so the facilitator is asked first.
    perspective_lookalikes: tuple[str, ...] = ()

    @property
    def by_perspective(self) -> dict[str, int]:
        """How many statements come from each perspective, every one shown, in PERSPECTIVES order."""
        said = Counter(row.statement.perspective for row in self.rows)
        return {perspective: said[perspective] for perspective in PERSPECTIVES}


def _duplicate_key(text: str) -> str:
    return plain_words(text)


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
    return build_preview(table, mapping, filename, names=names, existing=existing, tables=tables)


def build_preview(table: Table, mapping: ColumnMapping, filename: str, *, names: Iterable[str] = (),
                  existing: Iterable[str] = (), tables: Sequence[Table] = ()) -> ImportPreview:
    """The preview of one table read with a mapping that fits it (a file's sheet, or review documents
    laid out as a table by :mod:`wtfc.documents`)."""
    builder = _RowBuilder(table, mapping, filename, names, existing)
    rows, problems = builder.build()
    # The file's own name is stored (in the history, on each statement) cleared like any other field.
    return ImportPreview(builder.source_file, tuple(tables or [table]), mapping, tuple(rows), tuple(problems), (),
                         table.sheet, tuple(perspective_lookalikes(table.columns, table.rows, mapping)))


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
        return cell_at(cells, self.index[column]) if column else ""

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
        review_date = parse_date(written)
        if review_date is None:
            self._problem(row, self.mapping.review_date, f'The review date "{_shown(written)}" cannot be read; '
                                                         "write it as day/month/year, for example 31/01/2025.")
        return review_date

    def _person_ref(self, row: int, cells: list[str]) -> str:
        """The row's reference if it is not itself personal; else "Person N" per name; else "Row N"."""
        ref = self._cell(cells, self.mapping.person_ref)
        if ref and not find_personal_details(ref, self.known):
            return ref
        if name := plain_words(self._cell(cells, self.mapping.person_name)):
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
        statements.append(row.kept(kept).replace(position=start_position + len(statements)))
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
