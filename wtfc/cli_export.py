"""The ways out of a workshop on ``python -m wtfc``: ``export`` (spreadsheet, CSV, workshop file, report),
``import-workshop`` (a workshop file from another machine) and ``compare`` (this workshop with an earlier one).

Only counts, theme names and file paths are printed, never statements. Bad input goes through the one
error path of :mod:`wtfc.cli` (exit code 2). Heavy modules are imported when a command runs.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from wtfc.cli import BadInput, db_option, require_workshop, write_file
from wtfc.store import Store
from wtfc.words import counted


def add_commands(subparsers) -> None:
    """Register ``export``, ``import-workshop`` and ``compare`` on the ``python -m wtfc`` command parser."""
    db = db_option()
    export = subparsers.add_parser(
        "export", parents=[db], help="write a workshop's theme spreadsheet, statements, workshop file or report",
        description="Write a workshop out in one or more forms at once: the commissioners' theme spreadsheet "
                    "(--xlsx), its statements with their themes (--csv), the whole workshop as one file another "
                    "machine can import (--json), and the printable report for participants (--html).")
    export.add_argument("workshop", metavar="NAME")
    export.add_argument("--xlsx", type=Path, metavar="PATH", help="the theme spreadsheet (Excel)")
    export.add_argument("--csv", type=Path, metavar="PATH", help="the statements with their themes (CSV)")
    export.add_argument("--json", type=Path, metavar="PATH", help="the whole workshop, edit history included")
    export.add_argument("--html", type=Path, metavar="PATH", help="the printable report for participants")
    export.add_argument("--include-names", action="store_true",
                        help="put the list of names to remove in the workshop file (left out unless asked: "
                             "they are people's real names)")
    export.set_defaults(handler=export_command)

    imported = subparsers.add_parser(
        "import-workshop", parents=[db], help="import a whole workshop from a workshop file (made with export --json)",
        description="Import a workshop file as a new workshop, edit history included, so undo works as it did "
                    "on the machine it came from. The file is checked first: a damaged file imports nothing.")
    imported.add_argument("file", type=Path, metavar="FILE")
    imported.add_argument("--name", help="the new workshop's name (default: the file's, with “(imported)” added "
                                         "if that name is taken)")
    imported.set_defaults(handler=import_workshop_command)

    compare = subparsers.add_parser(
        "compare", parents=[db], help="compare a workshop's themes with an earlier workshop's",
        description="Match the themes of workshop NAME (say, this year's) with those of OTHER (say, last year's) "
                    "by name and content, and say which grew, shrank, appeared and disappeared. Prints a summary; "
                    "--xlsx or --csv also writes the comparison as a table.")
    compare.add_argument("workshop", metavar="NAME", help="this workshop")
    compare.add_argument("other", metavar="OTHER", help="the earlier workshop to compare it with")
    table = compare.add_mutually_exclusive_group()
    table.add_argument("--xlsx", type=Path, metavar="PATH", help="write the comparison as a workbook")
    table.add_argument("--csv", type=Path, metavar="PATH", help="write the themes compared as CSV")
    compare.set_defaults(handler=compare_command)


def _check_writable(*paths: Path | None) -> None:
    """Before any work: each output goes into a folder that exists, and is not itself a folder."""
    for path in filter(None, paths):
        if path.is_dir():
            raise BadInput(f"{path} is a folder; give a file name, such as {path / 'workshop'}.")
        if not path.parent.is_dir():
            raise BadInput(f"There is no folder {path.parent} to write {path.name} into.")




# -- export ------------------------------------------------------------------------------------------

def export_command(args) -> int:
    from wtfc.actions import Actions
    from wtfc.export import statements_csv, workbook_bytes
    from wtfc.report_html import report_html
    from wtfc.workshop_file import export_workshop

    outputs = {"xlsx": args.xlsx, "csv": args.csv, "json": args.json, "html": args.html}
    if not any(outputs.values()):
        raise BadInput("Say what to write: one or more of --xlsx, --csv, --json and --html, each with a path.")
    _check_writable(*outputs.values())
    with Store(args.db) as store:
        workshop = require_workshop(store, args.workshop)
        report = Actions(store, workshop.id).report() if args.xlsx or args.csv or args.html else None
        written = []
        if args.xlsx:
            write_file(args.xlsx, workbook_bytes(report))
            written.append(f"the theme spreadsheet to {args.xlsx}")
        if args.csv:
            write_file(args.csv, statements_csv(report.statements, report.themes))
            written.append(f"{counted(len(report.statements), 'statement')} to {args.csv}")
        if args.json:
            write_file(args.json, export_workshop(store, workshop.id, include_names=args.include_names))
            written.append(f"the workshop file to {args.json}")
        if args.html:
            write_file(args.html, report_html(report).encode("utf-8"))
            written.append(f"the report for participants to {args.html}")
    print(f"Wrote, for “{workshop.name}”:")
    print("\n".join(f"  {line}" for line in written))
    return 0


# -- import-workshop ---------------------------------------------------------------------------------

def import_workshop_command(args) -> int:
    from wtfc.workshop_file import check_size, import_workshop

    if not args.file.is_file():
        raise BadInput(f"There is no file at {args.file}.")
    check_size(args.file.stat().st_size)
    with Store(args.db) as store:
        workshop = import_workshop(store, args.file.read_bytes(), args.name)
        edits = len(store.history(workshop.id))
    print(f"Imported “{workshop.name}”: {counted(workshop.statement_count, 'statement')} and "
          f"{counted(edits, 'edit')} of history.")
    return 0


# -- compare -----------------------------------------------------------------------------------------

def compare_command(args) -> int:
    from wtfc.charts import CATEGORY_TITLES
    from wtfc.compare import compare_workshops, comparison_rows, comparison_workbook

    _check_writable(args.xlsx, args.csv)
    with Store(args.db) as store:
        later, earlier = require_workshop(store, args.workshop), require_workshop(store, args.other)
        if later.id == earlier.id:
            raise BadInput("Give two different workshops to compare.")
        comparison = compare_workshops(store, earlier.id, later.id)
    if args.xlsx:
        write_file(args.xlsx, comparison_workbook(comparison))
    if args.csv:
        write_file(args.csv, _csv(comparison_rows(comparison)))
    print(f"“{later.name}” compared with “{earlier.name}”:")
    for total in comparison.categories:
        print(f"{CATEGORY_TITLES[total.category]}: {counted(total.later_statements, 'statement')} from "
              f"{counted(total.later_people, 'person')} ({total.earlier_statements} from "
              f"{counted(total.earlier_people, 'person')} in “{earlier.name}”)")
        for theme in comparison.of_category(total.category):
            then = theme.earlier.statements if theme.earlier else 0
            now = theme.later.statements if theme.later else 0
            print(f"  {theme.change:<14}  {then:>4} → {now:<4}  {theme.name}")
    if args.xlsx or args.csv:
        print(f"Wrote {args.xlsx or args.csv}")
    return 0


def _csv(rows: list[dict]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel in the UK opens it with the right characters."""
    from wtfc.export import spreadsheet_safe

    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({k: spreadsheet_safe(v) for k, v in row.items()} for row in rows)
    return buffer.getvalue().encode("utf-8-sig")
