"""``python -m wtfc``: the command line, a thin layer over the same use-case layer as the app
(:class:`wtfc.actions.Actions`), as sqlite-utils' CLI sits over its ``Database``.

This module holds what every command shares: the ``--db`` option, the workshop looked up by name, and
the one error path: bad input (a :class:`BadInput`, or a refusal from the layer, the store or the file
reader) is said in plain words on stderr with exit code 2; 1 is anything unexpected. Each command
imports what it needs when it runs, so ``--help`` and ``list`` start quickly (benchmarks/cli_start.py).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from wtfc.store import Store, default_db, is_database_address
from wtfc.words import counted

BAD_INPUT = 2
AUTHOR = "command line"  # who made a change, in the workshop's history


class BadInput(Exception):
    """Input a command cannot use; str(e) says what is wrong and where."""


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "handler"):
        parser.print_help()
        return 0
    try:
        return args.handler(args)
    except Exception as problem:
        if not _bad_input(problem):
            raise
        print(f"wtfc: {problem}", file=sys.stderr)
        return BAD_INPUT


def _bad_input(problem: Exception) -> bool:
    from wtfc.actions import PROBLEMS  # only on the way out: a command that raised one has loaded it already

    return isinstance(problem, (BadInput, *PROBLEMS))


def write_file(path: Path, data: bytes) -> None:
    """Every file a command writes: whole or not at all (see wtfc.files), a failure said plainly."""
    from wtfc.files import replace_file

    try:
        replace_file(path, data)
    except OSError as problem:
        raise BadInput(f"Could not write {path}: {problem.strerror or problem}.") from None


def db_option() -> argparse.ArgumentParser:
    """The ``--db`` option every command that opens the store takes (argparse ``parents=``)."""
    option = argparse.ArgumentParser(add_help=False)
    option.add_argument("--db", type=store_location, metavar="FILE_OR_ADDRESS",
                        help="the workshop store: a file, or a postgresql://USER:PASSWORD@SERVER/DATABASE address "
                             f"(default: $WTFC_DB, else {default_db()})")
    return option


def store_location(given: str) -> str | Path:
    """A store's location as typed: a database server's address, or a file."""
    return given if is_database_address(given) else Path(given)


def require_workshop(store: Store, name: str):
    """The workshop called ``name`` (or with that id); bad input if there is none."""
    workshop = store.find_workshop(name)
    if workshop is None:
        raise BadInput(f"There is no workshop called “{name}”. See: python -m wtfc list")
    return workshop


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m wtfc",
        description="Working Together for Change workshops from the command line.")
    from wtfc import cli_export, cli_theming  # both import their heavy modules only when a command runs

    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    db = db_option()

    imp = commands.add_parser("import", parents=[db],
                              help="import statements from a CSV or XLSX file, or from review documents (.docx)",
                              description="Import statements into a workshop (created if needed). "
                                          "Personal details are redacted. A file with problem rows is "
                                          "refused whole unless --skip-problem-rows is given. Review "
                                          "documents: give several .docx files, a .zip of them or a folder; "
                                          "they are imported together, all or nothing.")
    imp.add_argument("file", type=Path, nargs="+", metavar="FILE")
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

    copy = commands.add_parser(
        "copy-store", parents=[db], help="copy every workshop of this store into a PostgreSQL database",
        description="Copy every workshop of the store (--db, say a laptop's SQLite file) into another store (--to, "
                    "say the organisation's PostgreSQL database) exactly as it is: history, votes and voting links "
                    "included, all in one go, checked row for row before it is kept. Nothing is copied when a "
                    "workshop of the same id or name is already there. The store copied from is left as it is.")
    copy.add_argument("--to", required=True, type=store_location, metavar="ADDRESS",
                      help="the store to copy into: postgresql://USER:PASSWORD@SERVER/DATABASE (or a file)")
    copy.set_defaults(handler=copy_store_command)

    cli_theming.add_commands(commands)
    cli_export.add_commands(commands)

    return parser


def import_command(args) -> int:
    import dataclasses

    from wtfc.actions import Actions
    from wtfc.importer import ColumnMapping
    from wtfc.reading import check_size

    for path in args.file:
        if not path.exists():
            raise BadInput(f"There is no file at {path}.")
    if len(args.file) > 1 or args.file[0].is_dir() or args.file[0].suffix.lower() in REVIEW_DOCUMENT_SUFFIXES:
        return import_documents_command(args)
    path = args.file[0]
    check_size(path.stat().st_size, path.name)
    data = path.read_bytes()
    mapping = None
    if args.text_column or args.category_column:
        mapping = ColumnMapping(layout="long", text=args.text_column, category=args.category_column)
    with Store(args.db) as store:
        # The file is checked before anything is created or changed, so a bad file leaves no trace.
        workshop = store.find_workshop(args.workshop)
        actions = Actions(store, workshop and workshop.id)
        preview = actions.preview_file(data, path.name, mapping, sheet=args.sheet, extra_names=args.redact_name)
        if args.perspective_column and not preview.needs_mapping:
            chosen = (dict(no_perspective=True) if args.perspective_column.casefold() == "none"
                      else dict(perspective=args.perspective_column))
            preview = actions.preview_file(data, path.name, dataclasses.replace(preview.mapping, **chosen),
                                           sheet=preview.sheet, extra_names=args.redact_name)
        if preview.needs_mapping:
            raise BadInput("\n".join(["The columns could not be matched:", *preview.needs_mapping,
                                      "Name them with --text-column and --category-column."]))
        if preview.perspective_lookalikes:
            column = preview.perspective_lookalikes[0]
            raise BadInput(f"The column “{column}” looks like it says who each review was done with (a son, a "
                           "care worker…), but it is not read, so every statement would count as the person's own "
                           f"view. Nothing was imported.\nSay --perspective-column \"{column}\" to use it, or "
                           "--perspective-column none.")
        if preview.problems and not args.skip_problem_rows:
            raise BadInput("\n".join([f"{counted(len(preview.problems), 'row')} with problems, so nothing was imported:",
                                      *_problem_lines(preview),
                                      "Fix them, or import the rest with --skip-problem-rows."]))
        _save_import(store, workshop, preview, args)
        for line in _problem_lines(preview):
            print(f"  skipped: {line}")
    return 0


# Files read as review documents: .docx, a .zip of them, and the Word kinds refused with a plain message.
REVIEW_DOCUMENT_SUFFIXES = (".docx", ".zip", ".docm", ".doc", ".dotm", ".dot")


def _document_files(paths: list[Path]) -> list[tuple[str, bytes]]:
    """Names and bytes of the documents given (a folder: its review documents), each checked for size first."""
    from wtfc.reading import check_size

    chosen = []
    for path in paths:
        inside = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in REVIEW_DOCUMENT_SUFFIXES
                        and not p.name.startswith(("~$", "."))) if path.is_dir() else [path]
        for file in inside:
            if file.suffix.lower() not in REVIEW_DOCUMENT_SUFFIXES:
                raise BadInput(f'"{file.name}" is not a review document; import spreadsheets one at a time, '
                               "and review documents (.docx, or a .zip of them) together.")
            check_size(file.stat().st_size, file.name)
            chosen.append((file.name, file.read_bytes()))
    if not chosen:
        raise BadInput("There are no review documents (.docx) there to import.")
    return chosen


def import_documents_command(args) -> int:
    from wtfc.actions import Actions

    files = _document_files(args.file)
    with Store(args.db) as store:
        workshop = store.find_workshop(args.workshop)
        found = Actions(store, workshop and workshop.id).preview_documents(files, extra_names=args.redact_name)
        preview = found.preview
        for document in found.documents:
            print(f"{document.filename}: {counted(len(document.statements), 'statement')} found")
            for section in document.not_recognised:
                print(f"  not recognised, so not imported: {section}")
        if preview.problems and not args.skip_problem_rows:
            raise BadInput("\n".join([f"{counted(len(preview.problems), 'statement')} with problems, so nothing was "
                                      "imported:", *_problem_lines(preview, "document", "statement"),
                                      "Fix them, or import the rest with --skip-problem-rows."]))
        _save_import(store, workshop, preview, args)
    return 0


def _save_import(store: Store, workshop, preview, args) -> None:
    """Save a checked preview's good rows and say what was saved; a new workshop is created with them, all or
    nothing."""
    from wtfc.actions import Actions
    from wtfc.gather import import_into_new_workshop

    if workshop is None:
        workshop, saved = import_into_new_workshop(store, args.workshop, preview, names=args.redact_name,
                                                   author=AUTHOR, include_no_content=args.include_no_content)
    else:
        actions = Actions(store, workshop.id, AUTHOR)
        actions.add_names_to_redact(args.redact_name)
        saved = actions.import_preview(preview, include_no_content=args.include_no_content)
    print(_import_summary(preview, saved, workshop.name, args.include_no_content))


def _problem_lines(preview, sheet: str = "sheet", row: str = "row") -> list[str]:
    where = lambda p: ", ".join(x for x in (p.sheet and f"{sheet} {p.sheet}", f"{row} {p.row}",
                                            p.column and f"column “{p.column}”") if x)
    return [f"{where(p)}: {p.message}" for p in preview.problems]


def _import_summary(preview, saved: int, workshop: str, include_no_content: bool) -> str:
    from wtfc.charts import PERSPECTIVE_LABELS
    from wtfc.gather import preview_figures

    found = preview_figures(preview)
    parts = [f"Imported {counted(saved, 'statement')} into “{workshop}”", f"{counted(found.redacted, 'personal detail')} redacted",
             counted(found.duplicates, "possible duplicate")]
    if found.no_content and not include_no_content:
        parts.append(f"{found.no_content} with no content left out")
    said = ", ".join(f"{PERSPECTIVE_LABELS[p].lower()} {n}" for p, n in preview.by_perspective.items())
    return "; ".join(parts) + f".\nWhose view: {said}."


def list_command(args) -> int:
    with Store(args.db) as store:
        workshops = store.workshops()
    if not workshops:
        print("No workshops yet. Create one with: python -m wtfc import FILE --workshop NAME")
    for w in workshops:
        print(f"{w.name}\t{counted(w.statement_count, 'statement')}\tchanged {w.updated_at}\tid {w.id}")
    return 0


def export_statements_command(args) -> int:
    from wtfc.export import statements_csv

    with Store(args.db) as store:
        workshop = require_workshop(store, args.workshop)
        write_file(args.csv, statements_csv(store.statements(workshop.id), store.themes(workshop.id)))
        print(f"Wrote {counted(workshop.statement_count, 'statement')} to {args.csv}")
    return 0


def purge_command(args) -> int:
    import getpass

    from wtfc.actions import Actions

    with Store(args.db) as store:
        workshop = require_workshop(store, args.workshop)
        detail = args.detail
        if detail is None:
            detail = getpass.getpass("Detail to remove (not shown): ") if sys.stdin.isatty() else sys.stdin.readline()
        places = Actions(store, workshop.id, AUTHOR).purge_detail(detail.strip())
    print(f"Removed the detail from “{workshop.name}” in {counted(places, 'place')}, history included.")
    return 0


def copy_store_command(args) -> int:
    source = args.db or default_db()
    if not is_database_address(source) and not Path(source).is_file():
        raise BadInput(f"There is no workshop file at {source} to copy from.")
    with Store(source) as store, Store(args.to) as target:
        if target.place == store.place:
            raise BadInput("--to names the store being copied from; give another one.")
        copied = store.copy_workshops_to(target)
        for name, rows in copied:
            print(f"“{name}”: {counted(rows['statements'], 'statement')}, {counted(rows['themes'], 'theme')}, "
                  f"{counted(rows['edits'], 'change')} in its history, {counted(rows['votes'], 'vote')}")
        print(f"Copied {counted(len(copied), 'workshop')} from {store.place} to {target.place}, checked row for row.")
    return 0
