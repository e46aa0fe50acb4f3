"""Ways out of a workshop: the statements as CSV, and the commissioners' theme spreadsheet (Excel).

:func:`workshop_report` gathers what the outputs show from the store, once, as plain data
(:class:`WorkshopReport`); :func:`workbook_bytes` writes the Excel workbook from it, and any other
output (such as a printable report) can be written from the same report. Every cell of text goes
through :func:`spreadsheet_safe`, so nothing a person wrote can run as a formula, and the statements
are the stored ones, already cleared of personal details.
"""
from __future__ import annotations

import csv
import io
import math
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Iterable, Iterator, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, Reference, Series
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.series import SeriesLabel
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.worksheet import Worksheet

from wtfc import __version__
from wtfc.charts import CATEGORY_COLOURS, CATEGORY_TITLES, OKABE_ITO
from wtfc.importer import FORMULA_STARTS
from wtfc.model import (CATEGORIES, PERSPECTIVES, SESSIONS, THEMING_SETTING, WHOLE_ROOM, Action, Plan, Statement,
                        Theme, VotingRound, now)
from wtfc.priorities import (PRIORITY_RULE, UNASSIGNED, Priority, ThemeCount, count_themes, session_priorities,
                             session_votes)
from wtfc.store import Store, StoreError
from wtfc.words import theme_title
from wtfc.suggest import SUGGEST_KIND

__all__ = ["FORMULA_STARTS", "STATEMENT_COLUMNS", "SHEETS", "Column", "WorkshopReport", "spreadsheet_safe",
           "statement_rows", "statements_csv", "theme_labels", "workbook_bytes", "workshop_report"]

DATE_FORMAT = "d mmm yyyy"
DATE_TIME_FORMAT = "d mmm yyyy hh:mm"
SHEETS = ("Summary", "Statements", "Priorities and actions", "Charts", "Method")
PERSPECTIVE_HEADERS = {"person": "From the person", "family/carer": "From family or carers", "staff": "From staff",
                       "other": "From others"}
SESSION_COLOURS = {"whole room": OKABE_ITO["orange"], "provider": OKABE_ITO["sky blue"],
                   "commissioner": OKABE_ITO["reddish purple"]}
COUNTING = ("Set-aside statements are listed in the Statements sheet but not counted anywhere. People are "
            "distinct person references within a theme: someone who said three things about it counts once; "
            "a statement with no reference counts as one person.")
VOTING = ("Votes are dots: those placed on phones and those typed in by the facilitator (counted by hand), "
          "added up over all of a session's voting rounds.")
PRIORITY_METHOD = (f"{PRIORITY_RULE} The facilitator may place a theme higher or lower by hand and say why; "
                   "the priority columns show the final places. How many said it (statements) and how much "
                   "it matters (votes) are both shown and never added into one score.")


@dataclass(frozen=True)
class Column:
    """One column of an output table: its header, and how wide (in characters) a spreadsheet shows it."""

    header: str
    width: float = 14
    wrap: bool = False


# One layout for the statements CSV and the Statements sheet. wtfc's importer recognises every header
# that matters ("Statement", "Category", "Perspective", "Person reference", "Theme"…), so importing
# either into a new workshop brings back the statements and their themes.
STATEMENT_COLUMNS = (
    Column("Statement", 60, wrap=True), Column("Theme", 36, wrap=True), Column("Category", 22),
    Column("Perspective", 13), Column("Person reference", 16), Column("Service", 20), Column("Area", 14),
    Column("Review date", 13), Column("Set aside", 10), Column("Source file", 20), Column("Source sheet", 14),
    Column("Source row", 10), Column("Statement id", 14),
)


def spreadsheet_safe(value):
    """Text that a spreadsheet program shows as written instead of running it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def theme_labels(themes: Sequence[Theme]) -> dict[str, str]:
    """Each theme's name as the tables show it, by theme id: unique within its category, so that a reader
    (and the importer) can tell two themes apart: "Unnamed theme" for a theme with no name yet, and
    "(2)", "(3)"… after a name used twice."""
    used: set[tuple[str, str]] = set()
    labels = {}
    for theme in themes:
        base = theme_title(theme.name)
        label, copy = base, 1
        while (theme.category, label.casefold()) in used:
            copy += 1
            label = f"{base} ({copy})"
        used.add((theme.category, label.casefold()))
        labels[theme.id] = label
    return labels


def statement_rows(statements: Iterable[Statement], themes: Sequence[Theme]) -> Iterator[list]:
    """Each statement as the values of :data:`STATEMENT_COLUMNS` (the review date a ``date``, blanks ``None``).

    A statement whose theme no longer exists is shown unassigned, as it is counted.
    """
    labels = theme_labels(themes)
    for s in statements:
        yield [s.text, labels.get(s.theme_id), s.category, s.perspective, s.person_ref or None, s.service or None,
               s.area or None, _date(s.review_date), "yes" if s.set_aside else None, s.source_file or None,
               s.source_sheet or None, s.source_row, s.id]


def statements_csv(statements: Sequence[Statement], themes: Sequence[Theme]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel in the UK opens it with the right characters."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.header for column in STATEMENT_COLUMNS])
    for row in statement_rows(statements, themes):
        writer.writerow([_csv_value(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return spreadsheet_safe(value)


def _date(iso: str | None) -> date | None:
    return date.fromisoformat(iso) if iso else None


def _utc_time(iso: str) -> datetime:
    """A stored ISO time as a plain UTC time: spreadsheets have no time zones."""
    return datetime.fromisoformat(iso).astimezone(timezone.utc).replace(tzinfo=None)


# -- gathering a workshop ---------------------------------------------------------------------------

@dataclass(frozen=True)
class WorkshopReport:
    """Everything the theme spreadsheet and the printable report show about one workshop, as plain data.

    Gathered once by :func:`workshop_report`; writers (Excel, HTML) read only this, never the store.
    Figures follow :mod:`wtfc.priorities`: set-aside statements are not counted, people are distinct
    person references, votes and statements are separate figures.
    """

    name: str
    created_at: str                 # ISO times, UTC
    updated_at: str
    made_at: str                    # when the report was gathered
    app_version: str
    statements: tuple[Statement, ...]  # as stored: already cleared of personal details
    themes: tuple[Theme, ...]
    theme_labels: dict[str, str]    # theme id -> its name as tables show it (see theme_labels)
    counts: tuple[ThemeCount, ...]  # per theme, category by category, then each category's unassigned
    sessions: tuple[str, ...]       # the whole room, then any session that voted or placed a theme by hand
    votes: dict[str, dict[str, int]]  # session -> theme id -> dots over its rounds
    priorities: dict[str, tuple[Priority, ...]]  # session -> the themes it voted on or placed, ranked
    rounds: tuple[VotingRound, ...]
    plans: dict[str, Plan]          # theme id -> causes, success, strength
    actions: tuple[Action, ...]
    edit_counts: dict[str, int]     # kind of edit -> how many are in force (undone ones are not)
    changes_by: dict[str, int]      # who made them (the history's author) -> how many are in force
    undone_edits: int
    themes_suggested: int           # themes the app created in suggestions still in force
    redactions: dict[str, int]      # kind of personal detail -> how many were taken out of statements
    theming_settings: dict[str, dict]  # category -> ThemeSuggester's parameters its last suggestion used
    priority_rule: str = PRIORITY_RULE

    @property
    def redaction_count(self) -> int:
        return sum(self.redactions.values())

    @property
    def review_dates(self) -> tuple[date, date] | None:
        """The first and last review date of the statements, if any has one."""
        dates = sorted({s.review_date for s in self.statements if s.review_date})
        return (date.fromisoformat(dates[0]), date.fromisoformat(dates[-1])) if dates else None

    def rank(self, session: str, theme_id: str) -> int | None:
        return next((p.rank for p in self.priorities.get(session, ()) if p.theme_id == theme_id), None)


def workshop_report(store: Store, workshop_id: str) -> WorkshopReport:
    """Gather a workshop's statements, themes, counts, votes, priorities, plans and history for its outputs."""
    workshop = store.workshop(workshop_id)
    if workshop is None:
        raise StoreError("That workshop no longer exists.")
    statements, themes = store.statements(workshop_id), store.themes(workshop_id)
    rounds, votes, overrides = store.rounds(workshop_id), store.votes(workshop_id), store.priority_overrides(workshop_id)
    counts = count_themes(statements, themes)
    used = {r.session for r in rounds} | {o.session for o in overrides}
    sessions = tuple(s for s in SESSIONS if s == WHOLE_ROOM or s in used)
    votes_by_session = {s: session_votes(rounds, votes, s) for s in sessions}
    priorities = {s: tuple(session_priorities(counts, rounds, votes, overrides, s)) for s in sessions}
    history = store.history(workshop_id)
    in_force = [e for e in history if e.status == "done"]
    suggested = sum(1 for e in in_force if e.kind == SUGGEST_KIND for c in store.edit_changes(workshop_id, e.seq)
                    if c.table == "themes" and c.before is None and c.after is not None)
    return WorkshopReport(
        name=workshop.name, created_at=workshop.created_at, updated_at=workshop.updated_at, made_at=now(),
        app_version=__version__, statements=tuple(statements), themes=tuple(themes),
        theme_labels=theme_labels(themes), counts=tuple(counts), sessions=sessions, votes=votes_by_session,
        priorities=priorities, rounds=tuple(rounds), plans=store.plans(workshop_id),
        actions=tuple(store.actions(workshop_id)), edit_counts=dict(Counter(e.kind for e in in_force).most_common()),
        changes_by=dict(Counter(e.author for e in in_force).most_common()),
        undone_edits=len(history) - len(in_force),
        themes_suggested=suggested,
        redactions=dict(Counter(r.kind for s in statements for r in s.redactions).most_common()),
        theming_settings=store.settings(workshop_id).get(THEMING_SETTING, {}))


# -- the workbook -----------------------------------------------------------------------------------

BOLD = Font(bold=True)
WRAPPED = Alignment(wrap_text=True, vertical="top")
LINE_HEIGHT = 15  # points, for the default 11-point font
MAX_ROW_HEIGHT = 409  # the tallest row Excel allows


def workbook_bytes(report: WorkshopReport) -> bytes:
    """The commissioners' theme spreadsheet (.xlsx) of a workshop.

    Sheets: Summary (each theme's figures), Statements (every statement with its theme; importing it
    into a new workshop brings back the statements and their themes), Priorities and actions, Charts
    (native bar charts reading the Summary sheet, so they stay live) and Method (how it was made).
    Written in openpyxl's write-only mode, which streams rows to disk, so memory stays flat however
    many statements there are.
    """
    book = Workbook(write_only=True)
    sheets = {title: book.create_sheet(title) for title in SHEETS}
    chart_rows = _write_summary(sheets["Summary"], report)
    write_table(sheets["Statements"], STATEMENT_COLUMNS,
                 statement_rows(report.statements, report.themes), len(report.statements))
    _write_priorities(sheets["Priorities and actions"], report)
    _write_charts(sheets["Charts"], sheets["Summary"], report, chart_rows)
    _write_method(sheets["Method"], report)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _text(value: str) -> str:
    """Safe from formulas, and without the control characters an .xlsx file cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", spreadsheet_safe(value))


def _cell(sheet, value, column: Column):
    """A value as a cell: text made safe (wrapped where the column wraps), dates with a date format."""
    if isinstance(value, str):
        if not column.wrap:
            return _text(value)
        cell = WriteOnlyCell(sheet, _text(value))
        cell.alignment = WRAPPED
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = DATE_TIME_FORMAT if isinstance(value, datetime) else DATE_FORMAT
        return cell
    return value


def write_table(sheet, columns: Sequence[Column], rows: Iterable[list], row_count: int) -> None:
    """A table a commissioner can work with: bold header row frozen and repeated on every printed page,
    filters, column widths, wrapped text; printed landscape, one page wide."""
    for number, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    _print_landscape(sheet)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{row_count + 1}"
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, _text(column.header))
        cell.font, cell.alignment = BOLD, WRAPPED
        header.append(cell)
    _append(sheet, 1, header, [Column(c.header, c.width, wrap=True) for c in columns],
             [c.header for c in columns])
    for number, row in enumerate(rows, start=2):
        _append(sheet, number, [_cell(sheet, value, column) for value, column in zip(row, columns)], columns, row)


def _append(sheet, number: int, cells: list, columns: Sequence[Column], values: list) -> None:
    """Append row ``number``, tall enough for its wrapped text: spreadsheet programs do not always grow
    rows to fit when they open a file (LibreOffice does not). Its height is forgotten once the row is
    written, so memory stays flat however many rows there are."""
    lines = max((_lines(value, column.width) for value, column in zip(values, columns)
                 if column.wrap and isinstance(value, str)), default=1)
    if lines > 1:
        sheet.row_dimensions[number].height = min(LINE_HEIGHT * lines, MAX_ROW_HEIGHT)
    sheet.append(cells)
    sheet.row_dimensions.pop(number, None)


def _lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a column ``width`` characters wide (a rough but safe guess)."""
    per_line = max(int(width * 1.1) - 2, 1)
    return sum(max(1, math.ceil(len(line) / per_line)) for line in text.split("\n"))


def _print_landscape(sheet) -> None:
    """A4 landscape, one page wide and as many pages long as it takes."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _write_summary(sheet, report: WorkshopReport) -> dict:
    """One row per theme (then each category's unassigned statements); returns where the charts read."""
    columns = [Column("Category", 22), Column("Theme", 45, wrap=True), Column("Number of statements", 12),
               Column("Number of people", 11), *(Column(PERSPECTIVE_HEADERS[p], 11) for p in PERSPECTIVES),
               *(Column(f"Votes: {s}", 13) for s in report.sessions),
               *(Column(f"Priority: {s}", 13) for s in report.sessions)]
    themed = [c for c in report.counts if c.theme_id is not None]
    ordered = themed + [c for c in report.counts if c.theme_id is None]
    rows = []
    for count in ordered:
        theme = count.theme_id
        rows.append([count.category, report.theme_labels[theme] if theme else UNASSIGNED, count.statements,
                     count.people, *(count.by_perspective[p] for p in PERSPECTIVES),
                     *(report.votes[s].get(theme) for s in report.sessions),  # blank: not on a ballot
                     *((report.rank(s, theme) if theme else None) for s in report.sessions)])
    write_table(sheet, columns, rows, len(rows))
    by_category = {}
    for row_number, count in enumerate(themed, start=2):
        first, _ = by_category.get(count.category, (row_number, row_number))
        by_category[count.category] = (first, row_number)
    vote_columns = {s: 5 + len(PERSPECTIVES) + i for i, s in enumerate(report.sessions)}
    return {"categories": by_category, "themes": (2, len(themed) + 1), "votes": vote_columns}


def _causes(plan: Plan | None) -> str:
    return "\n".join(f"{n}. {cause}" for n, cause in enumerate(plan.causes, start=1)) if plan else ""


def _write_priorities(sheet, report: WorkshopReport) -> None:
    """One row per action, with its theme's causes and picture of success; every priority of every session
    and every theme worked on has a row, with or without an action. Themes in the order of the sessions'
    priorities (the first session's first), then by name."""
    columns = [Column("Theme", 40, wrap=True), Column("Category", 20),
               *(Column(f"Priority: {s}", 13) for s in report.sessions),
               Column("Deep causes (why?)", 50, wrap=True), Column("What success looks like", 40, wrap=True),
               Column("Strength to build on", 11), Column("Action", 45, wrap=True), Column("Owner", 18),
               Column("Level", 13), Column("Due", 13), Column("Status", 13)]
    by_theme: dict[str, list[Action]] = {}
    for action in report.actions:
        by_theme.setdefault(action.theme_id, []).append(action)
    themes = {t.id: t for t in report.themes}
    prioritised = {p.theme_id for ranked in report.priorities.values() for p in ranked}
    listed = [t for t in themes if t in prioritised or t in report.plans or t in by_theme]
    unranked = len(themes) + 1
    listed.sort(key=lambda t: (*(report.rank(s, t) or unranked for s in report.sessions),
                               report.theme_labels[t].casefold()))
    rows = []
    for theme_id in listed:
        plan = report.plans.get(theme_id)
        about = [report.theme_labels[theme_id], themes[theme_id].category,
                 *(report.rank(s, theme_id) for s in report.sessions), _causes(plan) or None,
                 (plan.success if plan else "") or None, "yes" if plan and plan.strength else None]
        for action in by_theme.get(theme_id) or [None]:
            rows.append(about + ([action.description, action.owner or None, action.level, _date(action.due),
                                  action.status] if action else [None] * 5))
    write_table(sheet, columns, rows, len(rows))


def _write_charts(sheet, summary, report: WorkshopReport, where: dict) -> None:
    """Native Excel bar charts whose data are cells of the Summary sheet: statements per theme in each
    category, and votes per theme in each session that voted."""
    sheet.column_dimensions["A"].width = 100
    _print_landscape(sheet)
    note = WriteOnlyCell(sheet, "These charts read the Summary sheet, so they follow any change to its "
                                "numbers. Set-aside statements are not counted.")
    note.alignment = WRAPPED
    sheet.append([note])
    anchor_row = 3
    statements_column = 3
    for category in CATEGORIES:
        if category not in where["categories"]:
            continue
        first, last = where["categories"][category]
        chart = _bar_chart(f"{CATEGORY_TITLES[category]}: statements per theme", "Statements", last - first + 1)
        chart.series.append(_series(summary, statements_column, first, last, CATEGORY_COLOURS[category]))
        chart.legend = None
        anchor_row = _place(sheet, chart, anchor_row)
    first, last = where["themes"]
    voted = [s for s in report.sessions if any(r.session == s for r in report.rounds)]
    if voted and last >= first:
        chart = _bar_chart("Votes per theme", "Votes (dots)", last - first + 1)
        for session in voted:
            chart.series.append(_series(summary, where["votes"][session], first, last, SESSION_COLOURS[session]))
        chart.legend.position = "b"
        anchor_row = _place(sheet, chart, anchor_row)


def _bar_chart(title: str, axis_title: str, bars: int) -> BarChart:
    """Horizontal bars, top to bottom in Summary order, tall enough for every theme name."""
    chart = BarChart()
    chart.type = "bar"
    chart.title = title
    chart.y_axis.title = axis_title
    chart.x_axis.scaling.orientation = "maxMin"  # the first theme at the top, as in the Summary sheet
    chart.y_axis.crosses = "max"  # …and the numbers along the bottom
    chart.x_axis.delete = chart.y_axis.delete = False  # openpyxl hides axes unless told otherwise
    chart.dataLabels = DataLabelList(showVal=True, showSerName=False, showCatName=False, showLegendKey=False,
                                     showPercent=False)  # just the number on each bar
    chart.width = 24
    chart.height = max(7.5, 3 + 0.75 * bars)
    return chart


def _series(summary, column: int, first: int, last: int, colour: str) -> Series:
    """One column of Summary rows, named by its header cell, against the theme names in column B."""
    series = Series(Reference(summary, min_col=column, min_row=first, max_row=last))
    series.tx = SeriesLabel(strRef=StrRef(f"{quote_sheetname(summary.title)}!${get_column_letter(column)}$1"))
    series.cat = AxDataSource(strRef=StrRef(f"{quote_sheetname(summary.title)}!$B${first}:$B${last}"))
    series.graphicalProperties = GraphicalProperties(solidFill=colour.lstrip("#"))
    return series


def _place(sheet, chart: BarChart, row: int) -> int:
    """Anchor the chart at ``row``; returns the row below it (rows are about 0.53 cm high)."""
    sheet.add_chart(chart, f"A{row}")
    return row + int(chart.height / 0.53) + 2


def _write_method(sheet, report: WorkshopReport) -> None:
    """How the spreadsheet was made, in plain words, so it stands on its own."""
    counted = [s for s in report.statements if not s.set_aside]
    people = {s.person_ref or f"statement {s.id}" for s in counted}
    rows = [("Workshop", report.name),
            ("Workshop created (UTC)", _utc_time(report.created_at)),
            ("Workshop last changed (UTC)", _utc_time(report.updated_at)),
            ("This spreadsheet made (UTC)", _utc_time(report.made_at))]
    if report.review_dates:
        rows += [("First review date", report.review_dates[0]), ("Last review date", report.review_dates[1])]
    rows += [("Made with", f"wtfc {report.app_version}"),
             ("Statements", len(report.statements)),
             ("Statements set aside (not counted)", len(report.statements) - len(counted)),
             ("People (distinct person references)", len(people)),
             ("Themes", len(report.themes)),
             ("Themes suggested by the app", report.themes_suggested),
             ("How themes are suggested", "Within each category, the app grouped statements by similar "
                                          "wording (word and character patterns, k-means clustering); people "
                                          "then corrected and named the themes. The settings and seed below "
                                          "are those the app last used, and give the same suggestions again "
                                          "from the same statements and corrections."),
             *_theming_rows(report.theming_settings),
             *((f"Changes made: {kind}", count) for kind, count in report.edit_counts.items()),
             ("Changes undone (not counted above)", report.undone_edits),
             *((f"Changes made by {author or 'someone who gave no name'}", count)
               for author, count in report.changes_by.items()),
             ("Personal details taken out of statements", report.redaction_count),
             *((f"Personal details taken out: {kind}", count) for kind, count in report.redactions.items()),
             ("Names and references", "Names are taken out of statements before they are stored; a name "
                                      "column is used only to find names, never kept. People appear only by "
                                      "a reference."),
             ("How statements and people are counted", COUNTING),
             ("How votes are counted", VOTING),
             ("How priorities are ordered", PRIORITY_METHOD),
             ("Sessions", ", ".join(report.sessions)),
             ("Sheets", "Summary: each theme's figures. Statements: every statement and its theme (import this "
                        "sheet into wtfc to bring the workshop's statements and themes back). Priorities and "
                        "actions: deep causes, success and actions. Charts: bar charts of the Summary sheet. "
                        "Method: this sheet.")]
    write_table(sheet, [Column("About this spreadsheet", 44, wrap=True), Column("Detail", 90, wrap=True)],
                 [list(row) for row in rows], len(rows))


def _theming_rows(settings: dict[str, dict]) -> list[tuple[str, object]]:
    """The settings each category's themes were last suggested with; categories that share settings
    share rows, so a workshop themed one way reads as simply as before."""
    if not settings:
        return [("Theming settings", "None recorded: the app has not suggested themes in this workshop since "
                                     "wtfc began recording the settings it uses.")]
    shared: dict[tuple, list[str]] = {}
    for category in (c for c in CATEGORIES if c in settings):
        shared.setdefault(tuple(sorted(settings[category].items())), []).append(category)
    rows: list[tuple[str, object]] = [("Themes last suggested for", ", ".join(c for cs in shared.values() for c in cs))]
    for params, categories in shared.items():
        where = f" ({', '.join(categories)})" if len(shared) > 1 else ""
        rows += [(f"Theming setting{where}: {name}",
                  "chosen automatically" if value is None and name == "n_themes" else value)
                 for name, value in params if name != "random_state"]
        rows.append((f"Seed (random_state){where}", dict(params).get("random_state")))
    return rows
