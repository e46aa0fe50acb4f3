"""Projector-ready charts of how many said it and how much it matters, as plain plotly figures.

Each function takes the plain results of :mod:`wtfc.priorities` and returns a
``plotly.graph_objects.Figure`` that stands alone: fonts, colours and background are set on the
figure itself, so it looks the same on the projected page, in a downloaded PNG and in the printable
report (``fig.to_html(config=CHART_CONFIG)``). In Streamlit, draw them with
``st.plotly_chart(fig, theme=None, config=CHART_CONFIG)`` so its theme does not restyle them.

Readable from the back of the room: large type, numbers written on the bars, the Okabe–Ito
colour-blind-safe palette, and categories and perspectives always named in words (with patterns
where two categories sit side by side), never told apart by colour alone. Only theme names and
numbers appear; no statement text ever does.
"""
from __future__ import annotations

import html
import textwrap
from typing import Iterable, Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from wtfc.model import CATEGORIES, NOT_WORKING, PERSPECTIVES, WORKING
from wtfc.priorities import Priority, ThemeCount
from wtfc.words import CATEGORY_COLOURS, CATEGORY_SYMBOLS, CATEGORY_TITLES, counted, theme_title

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
OKABE_ITO = {"orange": "#E69F00", "sky blue": "#56B4E9", "bluish green": "#009E73", "yellow": "#F0E442",
             "blue": "#0072B2", "vermillion": "#D55E00", "reddish purple": "#CC79A7", "black": "#000000"}

# Side by side, working and not working also differ in fill pattern and in a symbol in their titles.
CATEGORY_PATTERNS = {WORKING: "", NOT_WORKING: "/"}
# Titles of panels side by side, on two lines so that they never run into each other on a projector.
PANEL_TITLES = {**{c: f"{CATEGORY_SYMBOLS[c]} " + CATEGORY_TITLES[c].replace(" ", "<br>", 1)
                   for c in (WORKING, NOT_WORKING)},
                "statements": "How many said it<br>(statements)", "votes": "How much it matters<br>(votes)"}

PERSPECTIVE_LABELS = {"person": "Person", "family/carer": "Family or carer", "staff": "Staff", "other": "Other"}
PERSPECTIVE_COLOURS = {"person": OKABE_ITO["blue"], "family/carer": OKABE_ITO["orange"],
                       "staff": OKABE_ITO["bluish green"], "other": OKABE_ITO["reddish purple"]}

STATEMENTS_COLOUR = OKABE_ITO["blue"]
VOTES_COLOUR = OKABE_ITO["orange"]

FONT_FAMILY = "Arial, 'Helvetica Neue', Helvetica, 'Liberation Sans', sans-serif"
FONT_SIZE = 20
TITLE_SIZE = 28
SUBTITLE_SIZE = 20
PANEL_TITLE_SIZE = 20
TEXT_COLOUR = "#111111"
GRID_COLOUR = "#D0D0D0"
WRAP_AT = 30  # characters per line of a theme name: "I" statements are long, a projector is not wide
TITLE_WRAP_AT = 44  # characters per line of a chart's title, so it fits a 1280-pixel projector beside the sidebar
SUBTITLE_WRAP_AT = 64
# Tall enough for about eight themes, short enough to fit whole on a 720-pixel projector under the page's
# header; themes beyond what fits are left out of the chart and counted in its subtitle.
MAX_HEIGHT = 680
BOTTOM_MARGIN = 70

NO_THEMES = "No themes yet"
NO_PRIORITIES = "No priorities yet"

CHART_CONFIG = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2, "filename": "wtfc-chart"},
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
}


# -- the charts -----------------------------------------------------------------------------------

def themes_by_statements(counts: Iterable[ThemeCount], category: str) -> go.Figure:
    """A category's themes ranked by how many statements they hold, the biggest on top.

    Statements in no theme yet are left out of the bars (they are not a theme, and would crowd the
    top of the ranking) and counted in the subtitle instead, so nothing said goes unmentioned.
    """
    title = f"{_category_title(category)}: themes by number of statements"
    themes, unassigned = _themes_of(counts, category)
    if not themes:
        return message_figure(title, NO_THEMES, _unassigned_note(unassigned))
    ranked, subtitle = _as_many_as_fit(_ranked(themes), title, unassigned)
    fig = go.Figure(go.Bar(
        x=[c.statements for c in ranked], y=list(range(len(ranked))), orientation="h", name="Statements",
        marker_color=CATEGORY_COLOURS[category], text=[str(c.statements) for c in ranked],
        textposition="outside", cliponaxis=False, customdata=[[_hover_name(c.name), _said(c)] for c in ranked],
        hovertemplate="%{customdata[0]}<br>%{customdata[1]}<extra></extra>"))
    names = [c.name for c in ranked]
    fig.update_yaxes(category_axis(names))
    style_figure(fig, title, subtitle, rows=len(names), row_lines=row_lines(names))
    fig.update_xaxes(title_text="Statements", range=value_range(c.statements for c in ranked))
    return fig


def _said(count: ThemeCount) -> str:
    """"3 statements from 2 people", for a bar's hover text."""
    return f"{counted(count.statements, 'statement')} from {counted(count.people, 'person')}"


def themes_by_perspective(counts: Iterable[ThemeCount], category: str) -> go.Figure:
    """The same ranked themes, each bar split by who said it: person, family or carer, staff, other.

    Segments carry their number only where it fits at full size (``uniformtext`` hides the rest);
    each bar's total is written at its end.
    """
    title = f"{_category_title(category)}: who said it"
    themes, unassigned = _themes_of(counts, category)
    if not themes:
        return message_figure(title, NO_THEMES, _unassigned_note(unassigned))
    ranked, subtitle = _as_many_as_fit(_ranked(themes), title, unassigned, legend=True)
    positions = list(range(len(ranked)))
    fig = go.Figure()
    for perspective in PERSPECTIVES:
        values = [c.by_perspective.get(perspective, 0) for c in ranked]
        colour = PERSPECTIVE_COLOURS[perspective]
        fig.add_trace(go.Bar(
            x=values, y=positions, orientation="h", name=PERSPECTIVE_LABELS[perspective], marker_color=colour,
            text=[str(v) if v else "" for v in values], textposition="inside", insidetextanchor="middle",
            insidetextfont={"color": _readable_text_colour(colour), "size": FONT_SIZE},
            customdata=[[_hover_name(c.name), counted(v, "statement")] for c, v in zip(ranked, values)],
            hovertemplate=f"%{{customdata[0]}}<br>{PERSPECTIVE_LABELS[perspective]}: %{{customdata[1]}}<extra></extra>"))
    for position, count in zip(positions, ranked):
        fig.add_annotation(x=count.statements, y=position, text=f"<b>{count.statements}</b>", showarrow=False,
                           xanchor="left", xshift=8, font={"size": FONT_SIZE, "color": TEXT_COLOUR})
    names = [c.name for c in ranked]
    fig.update_yaxes(category_axis(names))
    style_figure(fig, title, subtitle, rows=len(names), row_lines=row_lines(names), legend=True)
    fig.update_layout(barmode="stack", uniformtext={"minsize": FONT_SIZE, "mode": "hide"})
    fig.update_xaxes(title_text="Statements", range=value_range(c.statements for c in ranked))
    return fig


def working_and_not_working(counts: Iterable[ThemeCount], top: int = 8) -> go.Figure:
    """The top themes of what's working facing those of what's not working, on one shared scale.

    Working grows leftwards and not working rightwards from a shared middle, each side's theme names
    on its outer edge, so long names never run into the other side at any width. Each side is named
    in words with its own symbol and fill pattern, so the two read apart without colour.
    """
    counts = list(counts)
    title = "What's working and what's not working"
    themes = {category: _ranked(_themes_of(counts, category)[0]) for category in (WORKING, NOT_WORKING)}
    if not any(themes.values()):
        return message_figure(title, NO_THEMES)
    while top > 1 and not fits(title, top, max(row_lines([c.name for c in ranked[:top]]) for ranked in themes.values()),
                               panel_lines=2):
        top -= 1
    sides = {category: ranked[:top] for category, ranked in themes.items()}
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.04,
                        subplot_titles=[PANEL_TITLES[c] for c in sides])
    fig.update_annotations(font={"size": PANEL_TITLE_SIZE, "color": TEXT_COLOUR})
    low, high = value_range(c.statements for side in sides.values() for c in side)
    rows = max(len(side) for side in sides.values())
    for column, (category, ranked) in enumerate(sides.items(), start=1):
        if ranked:
            fig.add_trace(go.Bar(
                x=[c.statements for c in ranked], y=list(range(len(ranked))), orientation="h",
                name=CATEGORY_TITLES[category], marker={"color": CATEGORY_COLOURS[category],
                                                        "pattern": fill_pattern(CATEGORY_PATTERNS[category])},
                text=[str(c.statements) for c in ranked], textposition="outside", cliponaxis=False,
                customdata=[[_hover_name(c.name), _said(c)] for c in ranked],
                hovertemplate="%{customdata[0]}<br>%{customdata[1]}<extra></extra>"),
                row=1, col=column)
        else:
            left, right = fig.get_subplot(1, column).xaxis.domain
            fig.add_annotation(text=NO_THEMES, showarrow=False, xref="paper", yref="paper", x=(left + right) / 2,
                               xanchor="center", y=0.5, font={"size": FONT_SIZE, "color": TEXT_COLOUR})
        outer_edge = "left" if column == 1 else "right"
        fig.update_yaxes(category_axis([c.name for c in ranked], rows), side=outer_edge, row=1, col=column)
        fig.update_xaxes(title_text="Statements", range=[high, low] if column == 1 else [low, high],
                         row=1, col=column)
    shortened = any(len(ranked) > top for ranked in themes.values())
    subtitle = f"The {counted(top, 'theme')} with most statements on each side" if shortened else ""
    style_figure(fig, title, subtitle, rows=rows, row_lines=max(row_lines([c.name for c in side]) for side in sides.values()),
                 panel_lines=2)
    return fig


def priorities_chart(priorities: Sequence[Priority]) -> go.Figure:
    """Each priority theme's statements beside its votes: two measures on two scales, never one score.

    Themes run in priority order, the first on top. Each measure has its own panel, axis, colour,
    pattern and written title, and every bar carries its number.
    """
    priorities = list(priorities)
    title = "Priorities, in order"  # each panel says which measure it shows
    if not priorities:
        return message_figure(title, NO_PRIORITIES)
    several_categories = len({p.category for p in priorities}) > 1
    labels = [f"{p.rank}. {theme_title(p.name)}" + (f" ({p.category})" if several_categories else "")
              for p in priorities]
    shown = rows_that_fit(labels, title, panel_lines=2)
    subtitle = f"The first {shown} of {len(priorities)} priorities" if shown < len(priorities) else ""
    priorities, labels = priorities[:shown], labels[:shown]
    positions = list(range(len(priorities)))
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.08,
                        subplot_titles=[PANEL_TITLES["statements"], PANEL_TITLES["votes"]])
    fig.update_annotations(font={"size": PANEL_TITLE_SIZE, "color": TEXT_COLOUR})
    measures = [("Statements", [p.statements for p in priorities], STATEMENTS_COLOUR, ""),
                ("Votes", [p.votes for p in priorities], VOTES_COLOUR, "x")]
    for column, (measure, values, colour, pattern) in enumerate(measures, start=1):
        fig.add_trace(go.Bar(
            x=values, y=positions, orientation="h", name=measure,
            marker={"color": colour, "pattern": fill_pattern(pattern)}, text=[str(v) for v in values],
            textposition="outside", cliponaxis=False, customdata=[_hover_name(p.name) for p in priorities],
            hovertemplate=f"%{{customdata}}<br>{measure}: %{{x}}<extra></extra>"), row=1, col=column)
        fig.update_xaxes(title_text=measure, range=value_range(values), row=1, col=column)
    fig.update_yaxes(category_axis(labels), row=1, col=1)
    style_figure(fig, title, subtitle, rows=len(priorities), row_lines=row_lines(labels), panel_lines=2)
    return fig


# -- shared pieces --------------------------------------------------------------------------------

def wrap_name(name: str, width: int = WRAP_AT) -> str:
    """A theme name broken into lines of about ``width`` characters with ``<br>``, safe as plotly text.

    Newlines already in ``name`` start a new line too. Characters plotly would read as markup are
    escaped, so a name like "I <3 my carers" shows as typed.
    """
    lines = [line for paragraph in theme_title(name).splitlines()
             for line in textwrap.wrap(paragraph, width) or [""]]
    return "<br>".join(html.escape(line, quote=False) for line in lines)


def _wrapped_title(text: str, width: int) -> str:
    """A chart title broken into lines with ``<br>``; the text is already safe as plotly markup."""
    return "<br>".join(textwrap.wrap(text, width)) if text else ""


def _title_height(title: str, subtitle: str) -> int:
    """Pixels above the plot for the title and subtitle, wrapped as :func:`style_figure` wraps them."""
    lines = len(textwrap.wrap(title, TITLE_WRAP_AT)) or 1
    sub_lines = len(textwrap.wrap(subtitle, SUBTITLE_WRAP_AT))
    return 30 + int(TITLE_SIZE * 1.3) * lines + int(SUBTITLE_SIZE * 1.35) * sub_lines


def _top_margin(title: str, subtitle: str, legend: bool, panel_lines: int) -> int:
    return _title_height(title, subtitle) + 70 * legend + int(PANEL_TITLE_SIZE * 1.3) * panel_lines + 16


def row_height(lines: float) -> int:
    """Pixels between rows whose names take ``lines`` lines (see :func:`row_lines`)."""
    return max(56, round(24 * lines + 14))


def rows_that_fit(names: Sequence[str], title: str, *, legend: bool = False, panel_lines: int = 0) -> int:
    """How many of the first ``names`` fit as rows in a chart of at most :data:`MAX_HEIGHT` (at least one).

    Reckoned with a one-line subtitle, which says what was left out when not all fit.
    """
    return next((count for count in range(len(names), 1, -1)
                 if fits(title, count, row_lines(names[:count]), legend=legend, panel_lines=panel_lines)), 1)


def fits(title: str, rows: int, lines: float, *, legend: bool = False, panel_lines: int = 0) -> bool:
    top = _top_margin(title, "x", legend, panel_lines)
    return top + BOTTOM_MARGIN + rows * row_height(lines) <= MAX_HEIGHT


def _as_many_as_fit(ranked: list[ThemeCount], title: str, unassigned: int,
                    legend: bool = False) -> tuple[list[ThemeCount], str]:
    """The first themes that fit, and a subtitle naming what the chart leaves out."""
    shown = rows_that_fit([c.name for c in ranked], title, legend=legend)
    notes = [f"The {shown} themes with most statements, of {len(ranked)}"] if shown < len(ranked) else []
    if unassigned:
        notes.append(_unassigned_note(unassigned))
    return ranked[:shown], "; ".join(notes)


def _hover_name(name: str) -> str:
    return wrap_name(name, 60)


def _category_title(category: str) -> str:
    if category not in CATEGORY_TITLES:
        raise ValueError(f"There is no category called {category!r}; use one of {', '.join(CATEGORIES)}.")
    return CATEGORY_TITLES[category]


def _themes_of(counts: Iterable[ThemeCount], category: str) -> tuple[list[ThemeCount], int]:
    """The category's themes, and how many of its statements are in no theme yet."""
    of_category = [c for c in counts if c.category == category]
    return ([c for c in of_category if c.theme_id is not None],
            sum(c.statements for c in of_category if c.theme_id is None))


def _ranked(themes: Iterable[ThemeCount]) -> list[ThemeCount]:
    """Most statements first, then most people; ties keep the wall's order (sorting is stable)."""
    return sorted(themes, key=lambda c: (-c.statements, -c.people))


def _unassigned_note(unassigned: int) -> str:
    if not unassigned:
        return ""
    return f"Not shown: {counted(unassigned, 'statement')} not in a theme yet"


def value_range(values: Iterable[int]) -> list[float]:
    """From zero to a little past the biggest value, leaving room for the number written after a bar."""
    biggest = max(values, default=0)
    return [0, max(biggest * 1.18, 1)]


def row_lines(names: Sequence[str]) -> float:
    """The lines of text each row must make room for: a name is centred on its row, so two neighbours share
    the space between them, and the tallest pair decides (a long name beside short ones needs no more)."""
    lines = [wrap_name(name).count("<br>") + 1 for name in names] or [1]
    return max(max((a + b) / 2 for a, b in zip(lines, lines[1:])) if len(lines) > 1 else 0, max(lines) / 2 + 0.5, 1)


def category_axis(names: Sequence[str], rows: int | None = None) -> dict:
    """Themes as numbered rows labelled with their wrapped names, the first on top.

    Rows are numbered rather than keyed by name, because two themes may share a name (or have none
    yet) and plotly would draw same-named bars on one row. ``rows`` makes room for more rows than
    names, so panels side by side draw bars of one thickness.
    """
    rows = len(names) if rows is None else rows
    return {"tickmode": "array", "tickvals": list(range(len(names))), "ticktext": [wrap_name(n) for n in names],
            "range": [rows - 0.5, -0.5], "automargin": True, "showgrid": False, "ticks": "",
            "ticklabelstandoff": 8}


def fill_pattern(shape: str) -> dict:
    """A fill pattern drawn in white over the bar's colour, so the bar keeps its colour and gains a texture."""
    return {"shape": shape, "fillmode": "overlay", "fgcolor": "#FFFFFF", "size": 12, "solidity": 0.25}


def _readable_text_colour(background: str) -> str:
    """Black or white, whichever contrasts more with ``background`` (WCAG relative luminance)."""
    def channel(value: int) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(background[i:i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)
    contrast_with_black = (luminance + 0.05) / 0.05
    contrast_with_white = 1.05 / (luminance + 0.05)
    return "#000000" if contrast_with_black >= contrast_with_white else "#FFFFFF"


def _base_layout(title: str, subtitle: str, height: int, top: int | None = None) -> dict:
    """Title and subtitle wrapped and set from the chart's own top-left corner (not the plot's, which
    long theme names push right), so they are never cut at the chart's edge."""
    return {
        "template": "plotly_white",
        "title": {"text": _wrapped_title(title, TITLE_WRAP_AT), "font": {"size": TITLE_SIZE, "color": TEXT_COLOUR},
                  "x": 0, "xref": "container", "xanchor": "left", "y": 1, "yref": "container", "yanchor": "top",
                  # plotly lifts each line after the first by about half a line: put them back on the chart
                  "pad": {"l": 12, "t": 14 + round(TITLE_SIZE * 0.75) * (len(textwrap.wrap(title, TITLE_WRAP_AT)) - 1)},
                  "subtitle": {"text": _wrapped_title(subtitle, SUBTITLE_WRAP_AT),
                               "font": {"size": SUBTITLE_SIZE, "color": TEXT_COLOUR}}},
        "font": {"family": FONT_FAMILY, "size": FONT_SIZE, "color": TEXT_COLOUR},
        "paper_bgcolor": "#FFFFFF", "plot_bgcolor": "#FFFFFF",
        "height": height,
        "margin": {"t": _top_margin(title, subtitle, False, 0) if top is None else top, "b": BOTTOM_MARGIN,
                   "l": 20, "r": 40},
        "hoverlabel": {"font_size": FONT_SIZE, "bgcolor": "#FFFFFF"},
        "showlegend": False,
    }


def style_figure(fig: go.Figure, title: str, subtitle: str, *, rows: int, row_lines: float, legend: bool = False,
                 panel_lines: int = 0) -> None:
    """Fonts, colours, axes and a height that grows with the number of themes and their wrapped lines, up to
    :data:`MAX_HEIGHT` (callers show only the rows that fit: :func:`rows_that_fit`)."""
    top = _top_margin(title, subtitle, legend, panel_lines)
    layout = _base_layout(title, subtitle, height=min(MAX_HEIGHT, top + BOTTOM_MARGIN + rows * row_height(row_lines)),
                          top=top)
    if legend:
        layout["showlegend"] = True
        layout["legend"] = {"orientation": "h", "x": 0, "xanchor": "left", "y": 1, "yanchor": "bottom",
                            "traceorder": "normal", "font": {"size": FONT_SIZE}, "title": {"text": "Said by: "}}
    fig.update_layout(layout)
    fig.update_xaxes(showgrid=True, gridcolor=GRID_COLOUR, zeroline=True, zerolinecolor=TEXT_COLOUR,
                     linecolor=TEXT_COLOUR, tickfont={"size": FONT_SIZE}, title_font={"size": FONT_SIZE},
                     fixedrange=True, automargin=True)
    fig.update_yaxes(tickfont={"size": FONT_SIZE, "color": TEXT_COLOUR}, fixedrange=True)


def message_figure(title: str, message: str, subtitle: str = "") -> go.Figure:
    """A chart-sized figure that says, in words, why there is nothing to draw."""
    fig = go.Figure()
    fig.update_layout(_base_layout(title, subtitle, height=320))
    fig.add_annotation(text=message, showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5, xanchor="center",
                       font={"size": TITLE_SIZE, "color": TEXT_COLOUR})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig
