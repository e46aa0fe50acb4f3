"""``python -m wtfc``: the command line over the same core as the app.

Exit codes: 0 done, 2 bad input (the problems are listed on stderr), 1 anything unexpected.
"""
from __future__ import annotations

import argparse
import dataclasses
import getpass
import sys
from pathlib import Path

from wtfc.actions import Actions
from wtfc.cli_export import add_commands as add_export_commands
from wtfc.cli_theming import add_commands as add_theming_commands
from wtfc.charts import PERSPECTIVE_LABELS
from wtfc.export import statements_csv
from wtfc.gather import preview_figures
from wtfc.importer import ColumnMapping, ImportPreview, UnreadableFile
from wtfc.reading import check_size
from wtfc.store import Store, StoreError, default_db_path
from wtfc.words import counted

BAD_INPUT = 2
AUTHOR = "command line"  # who made a change, in the workshop's history


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "handler"):
        parser.print_help()
        return 0
    try:
        return args.handler(args)
    except (UnreadableFile, StoreError) as problem:
        print(f"wtfc: {problem}", file=sys.stderr)
        return BAD_INPUT


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m wtfc",
        description="Working Together for Change workshops from the command line.")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", type=Path, help=f"the workshop store (default: $WTFC_DB, else {default_db_path()})")

    imp = commands.add_parser("import", parents=[db], help="import statements from a CSV or XLSX file",
                              description="Import statements into a workshop (created if needed). "
                                          "Personal details are redacted. A file with problem rows is "
                                          "refused whole unless --skip-problem-rows is given.")
    imp.add_argument("file", type=Path)
    imp.add_argument("--workshop", required=True, metavar="NAME")
    imp.add_argument("--sheet", help="the sheet to read in a workbook (default: the first that fits)")
    imp.add_argument("--text-column", help="the column holding statements (long layout)")
    imp.add_argument("--category-column", help="the column holding each statement's category (long layout)")
    imp.add_argument("--perspective-column", metavar="COLUMN",
                     help='the column saying who each statement came from ("Son", "Care worker"…), or "none" '
                          "when every statement is the person's own view")
    imp.add_argument("--redact-name", action="append", default=[], metavar="NAME",
                     help="a name to remove from statements (repeatable; kept in the workshop's list)")
    imp.add_argument("--skip-problem-rows", action="store_true", help="import the good rows of a file with problems")
    imp.add_argument("--include-no-content", action="store_true",
                     help='also import statements with no content, such as "nothing" or "n/a"')
    imp.set_defaults(handler=import_command)

    lst = commands.add_parser("list", parents=[db], help="list the workshops in the store")
    lst.set_defaults(handler=list_command)

    exp = commands.add_parser("export-statements", parents=[db], help="write a workshop's statements to CSV")
    exp.add_argument("workshop", metavar="NAME")
    exp.add_argument("--csv", required=True, type=Path, metavar="PATH")
    exp.set_defaults(handler=export_statements_command)

    purge = commands.add_parser(
        "purge", parents=[db], help="remove a personal detail from a workshop everywhere, history included",
        description="Remove a personal detail (a name, a phone number…) from every statement, theme, plan and "
                    "action of a workshop and from its whole history, for good. The history records that a "
                    "detail was removed, never the detail. Without --detail, the detail is read from the "
                    "keyboard without being shown (or from standard input), so it stays out of your shell history.")
    purge.add_argument("workshop", metavar="NAME")
    purge.add_argument("--detail", metavar="TEXT", help="the detail to remove (default: ask for it)")
    purge.set_defaults(handler=purge_command)

    add_theming_commands(commands)
    add_export_commands(commands)

    return parser


def import_command(args) -> int:
    if not args.file.is_file():
        print(f"wtfc: there is no file at {args.file}", file=sys.stderr)
        return BAD_INPUT
    check_size(args.file.stat().st_size, args.file.name)
    data = args.file.read_bytes()
    mapping = None
    if args.text_column or args.category_column:
        mapping = ColumnMapping(layout="long", text=args.text_column, category=args.category_column)
    with Store(args.db) as store:
        # The file is checked before anything is created or changed, so a bad file leaves no trace.
        workshop = store.find_workshop(args.workshop)
        actions = Actions(store, workshop and workshop.id)
        preview = actions.preview_file(data, args.file.name, mapping, sheet=args.sheet, extra_names=args.redact_name)
        if args.perspective_column and not preview.needs_mapping:
            chosen = (dict(no_perspective=True) if args.perspective_column.casefold() == "none"
                      else dict(perspective=args.perspective_column))
            preview = actions.preview_file(data, args.file.name, dataclasses.replace(preview.mapping, **chosen),
                                           sheet=preview.sheet, extra_names=args.redact_name)
        if preview.needs_mapping:
            _print_problems(["The columns could not be matched:", *preview.needs_mapping,
                             "Name them with --text-column and --category-column."])
            return BAD_INPUT
        if preview.perspective_lookalikes:
            column = preview.perspective_lookalikes[0]
            _print_problems([f"The column “{column}” looks like it says who each review was done with (a son, a "
                             "care worker…), but it is not read, so every statement would count as the person's "
                             "own view. Nothing was imported.",
                             f"Say --perspective-column \"{column}\" to use it, or --perspective-column none."])
            return BAD_INPUT
        if preview.problems and not args.skip_problem_rows:
            _print_problems([f"{counted(len(preview.problems), 'row')} with problems, so nothing was imported:",
                             *_problem_lines(preview), "Fix them, or import the rest with --skip-problem-rows."])
            return BAD_INPUT
        workshop = workshop or store.create_workshop(args.workshop)
        actions = Actions(store, workshop.id, AUTHOR)
        actions.add_names_to_redact(args.redact_name)
        saved = actions.import_preview(preview, include_no_content=args.include_no_content)
        print(_import_summary(preview, saved, workshop.name, args.include_no_content))
        for line in _problem_lines(preview):
            print(f"  skipped: {line}")
    return 0


def _problem_lines(preview: ImportPreview) -> list[str]:
    where = lambda p: ", ".join(x for x in (p.sheet and f"sheet {p.sheet}", f"row {p.row}",
                                            p.column and f"column “{p.column}”") if x)
    return [f"{where(p)}: {p.message}" for p in preview.problems]


def _import_summary(preview: ImportPreview, saved: int, workshop: str, include_no_content: bool) -> str:
    found = preview_figures(preview)
    parts = [f"Imported {counted(saved, 'statement')} into “{workshop}”", f"{counted(found.redacted, 'personal detail')} redacted",
             counted(found.duplicates, "possible duplicate")]
    if found.no_content and not include_no_content:
        parts.append(f"{found.no_content} with no content left out")
    said = ", ".join(f"{PERSPECTIVE_LABELS[p].lower()} {n}" for p, n in preview.by_perspective.items())
    return "; ".join(parts) + f".\nWhose view: {said}."


def _print_problems(lines: list[str]) -> None:
    print("\n".join(lines), file=sys.stderr)


def list_command(args) -> int:
    with Store(args.db) as store:
        workshops = store.workshops()
    if not workshops:
        print("No workshops yet. Create one with: python -m wtfc import FILE --workshop NAME")
    for w in workshops:
        print(f"{w.name}\t{counted(w.statement_count, 'statement')}\tchanged {w.updated_at}\tid {w.id}")
    return 0


def export_statements_command(args) -> int:
    with Store(args.db) as store:
        workshop = _require_workshop(store, args.workshop)
        args.csv.write_bytes(statements_csv(store.statements(workshop.id), store.themes(workshop.id)))
        print(f"Wrote {counted(workshop.statement_count, 'statement')} to {args.csv}")
    return 0


def purge_command(args) -> int:
    with Store(args.db) as store:
        workshop = _require_workshop(store, args.workshop)
        detail = args.detail
        if detail is None:
            detail = getpass.getpass("Detail to remove (not shown): ") if sys.stdin.isatty() else sys.stdin.readline()
        places = Actions(store, workshop.id, AUTHOR).purge_detail(detail.strip())
    print(f"Removed the detail from “{workshop.name}” in {counted(places, 'place')}, history included.")
    return 0


def _require_workshop(store: Store, name: str):
    workshop = store.find_workshop(name)
    if workshop is None:
        raise StoreError(f"There is no workshop called “{name}”. See: python -m wtfc list")
    return workshop
