"""The theming commands of ``python -m wtfc``: ``themes`` for a file, ``suggest`` for a stored workshop.

Only counts, theme labels and key words are printed, never statements. Exit codes: 0 done,
2 bad input (said in plain words on stderr).
"""
from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from wtfc.export import spreadsheet_safe
from wtfc.importer import Table, UnreadableFile, guess_mapping, normalise_category, read_tables
from wtfc.model import CATEGORIES
from wtfc.store import Store, StoreError
from wtfc.suggest import suggest_for_workshop, theme_name
from wtfc.theming import UNASSIGNED, ThemeSuggester

BAD_INPUT = 2
OUTPUT_SUFFIXES = (".csv", ".xlsx")
ADDED_COLUMNS = ["theme_id", "theme_label"]
MAX_STATEMENTS = 200_000


class BadInput(Exception):
    """Input the command cannot use; str(e) says what is wrong and where."""


def add_commands(subparsers) -> None:
    """Register ``themes`` and ``suggest`` on the ``python -m wtfc`` command parser."""
    themes = subparsers.add_parser(
        "themes", help="suggest themes for the statements in a CSV or XLSX file",
        description="Suggest themes for every statement in a file and write each row back with two added "
                    "columns, theme_id and theme_label (CSV or XLSX, by OUTPUT's extension).")
    themes.add_argument("input", type=Path, metavar="INPUT")
    themes.add_argument("--out", required=True, type=Path, metavar="OUTPUT")
    themes.add_argument("--text-column", metavar="C", help="the column holding the statements (default: guessed)")
    themes.add_argument("--category-column", metavar="C",
                        help="suggest themes within each value of this column (default: all rows are one category)")
    themes.add_argument("--themes", type=_positive, metavar="N", help="themes per category (default: chosen automatically)")
    themes.add_argument("--seed", type=int, default=0, metavar="S", help="the same seed gives the same themes")
    themes.set_defaults(handler=themes_command)

    suggest = subparsers.add_parser(
        "suggest", help="suggest themes inside a stored workshop",
        description="Suggest themes in a workshop as one edit in its log (undo takes it back). Themes the "
                    "room agreed (locked, renamed, voted on, planned, merged, split, created by a person, or "
                    "holding statements someone moved) keep all their statements; more are only proposed.")
    suggest.add_argument("workshop", metavar="NAME")
    suggest.add_argument("--db", type=Path, help="the workshop store (default: $WTFC_DB, else the user data folder)")
    suggest.add_argument("--category", metavar="C", help="only this category (default: every category)")
    suggest.add_argument("--themes", type=_positive, metavar="N", help="themes per category (default: chosen automatically)")
    suggest.set_defaults(handler=suggest_command)


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{value}” is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError("the number of themes must be 1 or more")
    return number


def _refused(problem: Exception) -> int:
    print(f"wtfc: {problem}", file=sys.stderr)
    return BAD_INPUT


# -- themes: a file in, the same rows with their themes out ----------------------------------------

def themes_command(args) -> int:
    try:
        if args.out.suffix.lower() not in OUTPUT_SUFFIXES:
            raise BadInput(f"The output “{args.out.name}” must end in .csv or .xlsx.")
        if not args.input.is_file():
            raise BadInput(f"There is no file at {args.input}.")
        table = _choose_table(read_tables(args.input.read_bytes(), args.input.name, max_rows=MAX_STATEMENTS),
                              args.text_column, args.category_column)
        text_column = args.text_column or guess_mapping(table.columns).text
        ids, labels, summary = theme_table(table, text_column, args.category_column, args.themes, args.seed)
        _write(args.out, table, ids, labels)
    except (BadInput, UnreadableFile) as problem:
        return _refused(problem)
    where = f" (sheet “{table.sheet}”)" if table.sheet else ""
    print(f"Read {len(table.rows):,} statements from {args.input.name}{where}, column “{text_column}”.")
    print("\n".join(summary))
    print(f"Wrote {args.out}")
    return 0


def _choose_table(tables: list[Table], text_column: str | None, category_column: str | None) -> Table:
    """The first table (sheet) with the named columns, or with a column that looks like statements."""
    wanted = [c for c in (text_column, category_column) if c]
    for table in tables:
        if all(c in table.columns for c in wanted) and (text_column or guess_mapping(table.columns).text):
            return table
    columns = ", ".join(f"“{c}”" for c in tables[0].columns)
    if wanted:
        missing = ", ".join(f"“{c}”" for c in wanted if c not in tables[0].columns) or "those columns"
        raise BadInput(f"No sheet has a column called {missing}; the columns are: {columns}.")
    raise BadInput(f"Could not tell which column holds the statements; name it with --text-column. "
                   f"The columns are: {columns}.")


def theme_table(table: Table, text_column: str, category_column: str | None, n_themes: int | None,
                seed: int) -> tuple[list[str], list[str], list[str]]:
    """A theme id and label for every row (blank id and "Unassigned" for no theme), and summary lines."""
    text_at = table.columns.index(text_column)
    category_at = table.columns.index(category_column) if category_column else None
    groups: dict[str, list[int]] = {}
    for index, cells in enumerate(table.rows):
        raw = cells[category_at] if category_at is not None else ""
        groups.setdefault((normalise_category(raw) or raw) if raw else "", []).append(index)
    ids, labels = [""] * len(table.rows), ["Unassigned"] * len(table.rows)
    lines, next_id, unassigned = [], 1, 0
    for category, rows in groups.items():
        model = ThemeSuggester(n_themes=n_themes, random_state=seed).fit([table.rows[i][text_at] for i in rows])
        numbers = {theme: str(next_id + n) for n, theme in enumerate(sorted(model.themes_))}
        names = {theme: theme_name(model.keywords_.get(theme, []), f"Theme {numbers[theme]}") for theme in numbers}
        next_id += len(numbers)
        for row, label in zip(rows, model.labels_):
            if label != UNASSIGNED:
                ids[row], labels[row] = numbers[label], names[label]
        unassigned += int((model.labels_ == UNASSIGNED).sum())
        heading = f"“{category}”: " if category_column else ""
        lines.append(f"{heading}{len(rows):,} statements in {model.n_themes_} themes")
        counts = {theme: int((model.labels_ == theme).sum()) for theme in model.themes_}
        lines += [f"  {numbers[t]:>4}  {counts[t]:>6,}  {names[t]}" for t in sorted(model.themes_)]
    lines.append(f"{unassigned:,} statement{'' if unassigned == 1 else 's'} left Unassigned "
                 "(no content, or no usable words).")
    return ids, labels, lines


def _write(path: Path, table: Table, ids: list[str], labels: list[str]) -> None:
    """Every input row with theme_id and theme_label added (replacing columns of those names)."""
    keep = [i for i, c in enumerate(table.columns) if c not in ADDED_COLUMNS]
    header = [table.columns[i] for i in keep] + ADDED_COLUMNS
    rows = ([*(cells[i] for i in keep), theme_id, label] for cells, theme_id, label in zip(table.rows, ids, labels))
    try:
        if path.suffix.lower() == ".csv":
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow(header)
            writer.writerows([spreadsheet_safe(v) for v in row] for row in rows)
            path.write_bytes(buffer.getvalue().encode("utf-8-sig"))  # Excel in the UK reads the BOM
        else:
            book = Workbook(write_only=True)
            sheet = book.create_sheet("Themes")
            sheet.append(header)
            for row in rows:
                sheet.append([ILLEGAL_CHARACTERS_RE.sub("", spreadsheet_safe(v)) for v in row])
            book.save(path)
    except OSError as problem:
        raise BadInput(f"Could not write {path}: {problem.strerror or problem}.") from None


# -- suggest: themes inside a stored workshop ------------------------------------------------------

def suggest_command(args) -> int:
    categories = list(CATEGORIES)
    if args.category:
        category = normalise_category(args.category)
        if category is None:
            return _refused(BadInput(f"“{args.category}” is not a category; use one of: {', '.join(CATEGORIES)}."))
        categories = [category]
    try:
        with Store(args.db) as store:
            workshop = store.find_workshop(args.workshop)
            if workshop is None:
                raise BadInput(f"There is no workshop called “{args.workshop}”. See: python -m wtfc list")
            edit = suggest_for_workshop(store, workshop.id, categories=categories, n_themes=args.themes)
            if not edit.changes:
                print("Nothing changed: the themes already are what would be suggested.")
                return 0
            store.apply(workshop.id, edit, author="command line")
            themes = store.themes(workshop.id)
            statements = store.statements(workshop.id)
    except (BadInput, StoreError) as problem:
        return _refused(problem)
    print(f"{edit.summary}.")
    for category in categories:
        for theme in (t for t in themes if t.category == category):
            count = sum(s.theme_id == theme.id and not s.set_aside for s in statements)
            print(f"  {category}: {count:>4}  {theme.name}{'  (locked)' if theme.locked else ''}")
    print("Undo it in the app, or see the workshop's history.")
    return 0
