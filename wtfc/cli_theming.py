"""The theming commands of ``python -m wtfc``: ``themes`` for a file, ``suggest`` for a stored workshop.

Only counts, theme labels and key words are printed, never statements. Bad input goes through the one
error path of :mod:`wtfc.cli` (exit code 2). Heavy modules (scikit-learn, openpyxl) load when a command runs.
"""
from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

from wtfc.cli import AUTHOR, BadInput, db_option, require_workshop, write_file
from wtfc.model import CATEGORIES
from wtfc.store import Store
from wtfc.words import UNASSIGNED as UNASSIGNED_LABEL, counted

if TYPE_CHECKING:
    import numpy as np

    from wtfc.importer import Table

OUTPUT_SUFFIXES = (".csv", ".xlsx")
ADDED_COLUMNS = ["theme_id", "theme_label", "theme_confidence"]
EXAMPLE_THEME_COLUMN = "theme"
NOT_SURE = "Not sure yet"
EXAMPLES_MIN_CONFIDENCE = 0.4  # probability × fit (place_among_examples); see benchmarks/README.md, "The command line's --examples"
MAX_STATEMENTS = 200_000


def add_commands(subparsers) -> None:
    """Register ``themes`` and ``suggest`` on the ``python -m wtfc`` command parser."""
    themes = subparsers.add_parser(
        "themes", help="suggest themes for the statements in a CSV or XLSX file",
        description="Suggest themes for every statement in a file and write each row back with three added "
                    "columns, theme_id, theme_label and theme_confidence (0–1: how close the statement is to "
                    "its theme's centre), as CSV or XLSX by OUTPUT's extension. With --examples, place every "
                    "row among the themes of statements someone already placed instead, as the theme wall "
                    "does (theme_confidence: how likely the row belongs in its theme, times how close it is to "
                    "the nearest example theme's centre).")
    themes.add_argument("input", type=Path, metavar="INPUT")
    themes.add_argument("--out", required=True, type=Path, metavar="OUTPUT")
    themes.add_argument("--text-column", metavar="C", help="the column holding the statements (default: guessed)")
    themes.add_argument("--category-column", metavar="C",
                        help="suggest themes within each value of this column (default: all rows are one category)")
    themes.add_argument("--themes", type=_positive, metavar="N", help="themes per category (default: chosen automatically)")
    themes.add_argument("--seed", type=int, default=0, metavar="S", help="the same seed gives the same themes")
    themes.add_argument("--min-confidence", type=_fraction, metavar="X",
                        help=f"rows placed with less confidence than X (0–1) get an empty theme, labelled "
                             f"“{NOT_SURE}” (default: the engine's own threshold, {EXAMPLES_MIN_CONFIDENCE:g} with "
                             f"--examples; 0 places every row with words)")
    themes.add_argument("--examples", type=Path, metavar="FILE",
                        help="a CSV or XLSX of statements already placed: the same text column and a “theme” "
                             "column; every row of INPUT is placed among those themes (within each category "
                             "when both files have the category column)")
    themes.add_argument("--new-themes", action="store_true",
                        help="with --examples: rows that fit none of the example themes get new themes "
                             "(default: an empty theme)")
    themes.set_defaults(handler=themes_command)

    suggest = subparsers.add_parser(
        "suggest", parents=[db_option()], help="suggest themes inside a stored workshop",
        description="Suggest themes in a workshop as one edit in its log (undo takes it back). Themes the "
                    "room agreed (locked, renamed, voted on, planned, merged, split, created by a person, or "
                    "holding statements someone moved) keep all their statements; more are only proposed.")
    suggest.add_argument("workshop", metavar="NAME")
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


def _fraction(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{value}” is not a number") from None
    if not 0 <= number <= 1:
        raise argparse.ArgumentTypeError("the confidence must be between 0 and 1")
    return number


# -- themes: a file in, the same rows with their themes out ----------------------------------------

def themes_command(args) -> int:
    from wtfc.importer import guess_mapping, read_tables

    if args.out.suffix.lower() not in OUTPUT_SUFFIXES:
        raise BadInput(f"The output “{args.out.name}” must end in .csv or .xlsx.")
    if not args.input.is_file():
        raise BadInput(f"There is no file at {args.input}.")
    table = _choose_table(read_tables(args.input.read_bytes(), args.input.name, max_rows=MAX_STATEMENTS),
                          args.text_column, args.category_column)
    text_column = args.text_column or guess_mapping(table.columns).text
    if args.new_themes and not args.examples:
        raise BadInput("--new-themes only applies with --examples.")
    if args.examples:
        examples = read_examples(args.examples, text_column, args.category_column)
        ids, labels, confidences, summary = place_table(table, text_column, args.category_column, examples,
                                                        args.min_confidence, args.new_themes, args.themes,
                                                        args.seed)
    else:
        ids, labels, confidences, summary = theme_table(table, text_column, args.category_column, args.themes,
                                                        args.seed, args.min_confidence)
    _write(args.out, table, ids, labels, confidences)
    where = f" (sheet “{table.sheet}”)" if table.sheet else ""
    print(f"Read {counted(len(table.rows), 'statement')} from {args.input.name}{where}, column “{text_column}”.")
    print("\n".join(summary))
    print(f"Wrote {args.out}")
    return 0


def _choose_table(tables: list[Table], text_column: str | None, category_column: str | None) -> Table:
    """The first table (sheet) with the named columns, or with a column that looks like statements."""
    from wtfc.importer import guess_mapping

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


def _groups(table: Table, category_column: str | None) -> dict[str, list[int]]:
    """Row indexes by category (one group of every row without a category column)."""
    from wtfc.importer import normalise_category
    from wtfc.reading import cell_at

    category_at = table.columns.index(category_column) if category_column else None
    groups: dict[str, list[int]] = {}
    for index, cells in enumerate(table.rows):
        raw = cell_at(cells, category_at) if category_at is not None else ""
        groups.setdefault((normalise_category(raw) or raw) if raw else "", []).append(index)
    return groups


def theme_table(table: Table, text_column: str, category_column: str | None, n_themes: int | None,
                seed: int, min_confidence: float | None = None) -> tuple[list[str], list[str], list[str], list[str]]:
    """A theme id, label and confidence for every row (blank id for no theme), and summary lines."""
    from wtfc.reading import cell_at
    from wtfc.suggest import theme_name
    from wtfc.theming import UNASSIGNED, ThemeSuggester

    text_at = table.columns.index(text_column)
    ids, labels, confidences = [""] * len(table.rows), [UNASSIGNED_LABEL] * len(table.rows), ["0"] * len(table.rows)
    lines, next_id, unassigned, unsure = [], 1, 0, 0
    for category, rows in _groups(table, category_column).items():
        model = ThemeSuggester(n_themes=n_themes, min_confidence=min_confidence, random_state=seed).fit(
            [cell_at(table.rows[i], text_at) for i in rows])
        numbers = {theme: str(next_id + n) for n, theme in enumerate(sorted(model.themes_))}
        names = {theme: theme_name(model.keywords_.get(theme, []), f"Theme {numbers[theme]}") for theme in numbers}
        next_id += len(numbers)
        for row, label, sure, doubt in zip(rows, model.labels_, model.confidence_, model.unsure_):
            confidences[row] = f"{sure:.3f}"
            if label != UNASSIGNED:
                ids[row], labels[row] = numbers[label], names[label]
            elif doubt:
                labels[row] = NOT_SURE
        unsure += int(model.unsure_.sum())
        unassigned += int((model.labels_ == UNASSIGNED).sum() - model.unsure_.sum())
        heading = f"“{category}”: " if category_column else ""
        lines.append(f"{heading}{counted(len(rows), 'statement')} in {counted(model.n_themes_, 'theme')}")
        counts = {theme: int((model.labels_ == theme).sum()) for theme in model.themes_}
        lines += [f"  {numbers[t]:>4}  {counts[t]:>6,}  {names[t]}" for t in sorted(model.themes_)]
    lines.append(f"{counted(unsure, 'statement')} not sure yet (empty theme, “{NOT_SURE}”); "
                 f"{unassigned:,} left Unassigned (no content, or no usable words).")
    return ids, labels, confidences, lines


def read_examples(path: Path, text_column: str, category_column: str | None) -> list[tuple[str, str, str]]:
    """(text, theme name, category) of each example: a statement someone placed, from a CSV or XLSX with the
    text column and a “theme” column. Rows without a text or a theme are not examples."""
    from wtfc.importer import read_tables
    from wtfc.reading import cell_at

    if not path.is_file():
        raise BadInput(f"There is no examples file at {path}.")
    tables = read_tables(path.read_bytes(), path.name, max_rows=MAX_STATEMENTS)
    for table in tables:
        theme_column = next((c for c in table.columns if c.strip().casefold() == EXAMPLE_THEME_COLUMN), None)
        if theme_column is None or text_column not in table.columns:
            continue
        text_at, theme_at = table.columns.index(text_column), table.columns.index(theme_column)
        category_at = table.columns.index(category_column) if category_column in table.columns else None
        examples = [(cell_at(cells, text_at), " ".join(cell_at(cells, theme_at).split()),
                     _category(cell_at(cells, category_at)) if category_at is not None else "")
                    for cells in table.rows if cell_at(cells, text_at) and cell_at(cells, theme_at)]
        if len(examples) < 2:
            raise BadInput(f"The examples file {path.name} has {counted(len(examples), 'example')}; give at "
                           "least two statements with their theme.")
        _two_themes_at_least(examples, f"The examples in {path.name}")
        return examples
    columns = ", ".join(f"“{c}”" for c in tables[0].columns)
    missing = [f"“{c}”" for c in (text_column, EXAMPLE_THEME_COLUMN)
               if c.casefold() not in {x.strip().casefold() for x in tables[0].columns}]
    raise BadInput(f"The examples file {path.name} needs a column called {' and '.join(missing) or 'those'} "
                   f"(the statements and the theme each belongs to); its columns are: {columns}.")


def _two_themes_at_least(examples: list[tuple[str, str, str]], whose: str) -> None:
    """A row is placed by how much likelier one example theme is than the others: with one theme, every row
    would be certain to belong to it."""
    names = {name for _, name, _ in examples}
    if len(names) == 1:
        raise BadInput(f"{whose} are all of one theme, “{names.pop()}”; give examples of at least two themes, so "
                       "that each statement can be placed among them.")


def _category(raw: str) -> str:
    from wtfc.importer import normalise_category

    return (normalise_category(raw) or raw) if raw else ""


def place_table(table: Table, text_column: str, category_column: str | None, examples: list[tuple[str, str, str]],
                min_confidence: float | None, new_themes: bool, n_themes: int | None,
                seed: int) -> tuple[list[str], list[str], list[str], list[str]]:
    """Each row placed among the example themes as the wall places (:func:`place_among_examples`): its id,
    label and confidence, and summary lines. Rows placed with less confidence than ``min_confidence``
    (default :data:`EXAMPLES_MIN_CONFIDENCE`) get an empty theme, or with ``new_themes`` themes of their own."""
    from wtfc.reading import cell_at

    threshold = EXAMPLES_MIN_CONFIDENCE if min_confidence is None else min_confidence
    text_at = table.columns.index(text_column)
    names = sorted({name for _, name, _ in examples})
    number = {name: n for n, name in enumerate(names)}
    ids, labels, confidences = [""] * len(table.rows), [UNASSIGNED_LABEL] * len(table.rows), ["0"] * len(table.rows)
    by_category = any(category for *_, category in examples)
    lines, left, placed, unassigned = [], [], 0, 0
    for category, rows in _groups(table, category_column).items():
        mine = [e for e in examples if not by_category or e[2] == category] or examples
        _two_themes_at_least(mine, f"The examples for “{category}”")
        themes, sure, probability = place_among_examples([cell_at(table.rows[i], text_at) for i in rows],
                                                         [(text, number[name]) for text, name, _ in mine], names, seed)
        for row, theme, confidence, likely in zip(rows, themes, sure, probability):
            if likely == 0:  # no content, or no usable words
                unassigned += 1
                continue
            confidences[row] = f"{confidence:.3f}"
            if confidence < threshold:
                labels[row] = NOT_SURE
                left.append(row)
                continue
            ids[row], labels[row] = str(theme + 1), names[theme]
            placed += 1
    lines.append(f"{counted(placed, 'statement')} placed among {counted(len(names), 'example theme')} "
                 f"({counted(len(examples), 'example')}).")
    if new_themes and left:
        lines += _new_themes(table, text_at, left, ids, labels, confidences, len(names) + 1, n_themes, seed)
    else:
        lines.append(f"{len(left):,} fit none of them (empty theme, “{NOT_SURE}”); "
                     f"{unassigned:,} left Unassigned (no content, or no usable words).")
    return ids, labels, confidences, lines


def place_among_examples(texts: list[str], examples: list[tuple[str, int]], names: list[str],
                         seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each text's likeliest example theme (an index into ``names``), its confidence and its probability,
    0 for a text with no content or no usable words: :class:`~wtfc.placing.ThemePlacer`, as on the wall,
    fitted on the texts and the examples (text, theme), the examples placed and the themes named. The
    confidence is the probability times how well the text fits any example theme (``fits_any``, the cosine
    to the nearest theme centre): the probability alone says which theme is likeliest, not that a text
    fits one, so a text about a subject without examples would often get a theme. A text that is itself
    an example keeps that example's theme, with confidence and probability 1, as a statement someone
    placed does."""
    from wtfc.placing import ThemePlacer
    from wtfc.theming import UNASSIGNED

    used = sorted({theme for _, theme in examples})
    placer = ThemePlacer(random_state=seed).fit(
        texts + [text for text, _ in examples], [UNASSIGNED] * len(texts) + [theme for _, theme in examples],
        {theme: names[theme] for theme in used})
    themes = placer.classes_[placer.predict_proba(texts).argmax(axis=1)]
    probability = placer.confidence(texts)
    sure = probability * placer.fits_any(texts)
    placed = dict(reversed(examples))  # a text given with two themes keeps the first
    for row, text in enumerate(texts):
        if text in placed and sure[row] > 0:
            themes[row], sure[row], probability[row] = placed[text], 1.0, 1.0
    return themes, sure, probability


def _new_themes(table, text_at, rows, ids, labels, confidences, first_id, n_themes, seed) -> list[str]:
    """Themes of their own for the rows that fit no example theme (every one with words is placed)."""
    from wtfc.reading import cell_at
    from wtfc.suggest import theme_name
    from wtfc.theming import UNASSIGNED, ThemeSuggester

    model = ThemeSuggester(n_themes=n_themes, min_confidence=0, random_state=seed).fit(
        [cell_at(table.rows[i], text_at) for i in rows])
    numbers = {theme: str(first_id + n) for n, theme in enumerate(sorted(model.themes_))}
    names = {theme: theme_name(model.keywords_.get(theme, []), f"Theme {numbers[theme]}") for theme in numbers}
    for row, label, sure in zip(rows, model.labels_, model.confidence_):
        if label != UNASSIGNED:
            ids[row], labels[row], confidences[row] = numbers[label], names[label], f"{sure:.3f}"
        else:
            labels[row] = UNASSIGNED_LABEL
    return [f"{len(rows):,} that fit none of them are in {counted(len(numbers), 'new theme')}:",
            *(f"  {numbers[t]:>4}  {int((model.labels_ == t).sum()):>6,}  {names[t]}" for t in sorted(numbers))]


def _write(path: Path, table: Table, ids: list[str], labels: list[str], confidences: list[str]) -> None:
    """Every input row with theme_id, theme_label and theme_confidence added (replacing columns of those names)."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from wtfc.export import spreadsheet_safe
    from wtfc.reading import cell_at

    keep = [i for i, c in enumerate(table.columns) if c not in ADDED_COLUMNS]
    header = [table.columns[i] for i in keep] + ADDED_COLUMNS
    rows = ([*(cell_at(cells, i) for i in keep), theme_id, label, sure]
            for cells, theme_id, label, sure in zip(table.rows, ids, labels, confidences))
    try:
        if path.suffix.lower() == ".csv":
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow(header)
            writer.writerows([spreadsheet_safe(v) for v in row] for row in rows)
            write_file(path, buffer.getvalue().encode("utf-8-sig"))  # Excel in the UK reads the BOM
        else:
            book = Workbook(write_only=True)
            sheet = book.create_sheet("Themes")
            sheet.append(header)
            for *cells, sure in rows:  # the confidence as a number, so a spreadsheet can sort and filter it
                sheet.append([ILLEGAL_CHARACTERS_RE.sub("", spreadsheet_safe(v)) for v in cells] + [float(sure)])
            saved = io.BytesIO()
            book.save(saved)
            write_file(path, saved.getvalue())
    except OSError as problem:
        raise BadInput(f"Could not write {path}: {problem.strerror or problem}.") from None


# -- suggest: themes inside a stored workshop ------------------------------------------------------

def suggest_command(args) -> int:
    from wtfc.actions import Actions
    from wtfc.importer import normalise_category

    categories = list(CATEGORIES)
    if args.category:
        category = normalise_category(args.category)
        if category is None:
            raise BadInput(f"“{args.category}” is not a category; use one of: {', '.join(CATEGORIES)}.")
        categories = [category]
    with Store(args.db) as store:
        workshop = require_workshop(store, args.workshop)
        suggestion = Actions(store, workshop.id, AUTHOR).suggest_themes(categories, n_themes=args.themes)
        if not suggestion.changed:
            print("Nothing changed: the themes already are what would be suggested.")
            return 0
        themes = store.themes(workshop.id)
        statements = store.statements(workshop.id)
    print(f"{suggestion.summary}.")
    for category in categories:
        for theme in (t for t in themes if t.category == category):
            count = sum(s.theme_id == theme.id and not s.set_aside for s in statements)
            print(f"  {category}: {count:>4}  {theme.name}{'  (locked)' if theme.locked else ''}")
    print("Undo it in the app, or see the workshop's history.")
    return 0
