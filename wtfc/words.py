"""The words and looks people see, in one place, for every page, message, chart, history summary and export:
a count with its noun in the right number ("1 vote", "3 people"), the names of categories (each with its
colour and symbol, so colour is never alone), of sessions, of a theme with no name and of the statements in
no theme."""
from __future__ import annotations

from wtfc.model import COMMISSIONER, FUTURE, NOT_WORKING, PROVIDER, WHOLE_ROOM, WORKING

CATEGORY_TITLES = {WORKING: "What's working", NOT_WORKING: "What's not working",
                   FUTURE: "What's important for the future"}
CATEGORY_SYMBOLS = {WORKING: "✔", NOT_WORKING: "✖", FUTURE: "➜"}
# Okabe & Ito's colour-blind-safe bluish green, vermillion and blue, for bars and fills (charts, spreadsheet)…
CATEGORY_COLOURS = {WORKING: "#009E73", NOT_WORKING: "#D55E00", FUTURE: "#0072B2"}
# …and the same hues darkened to at least 4.5:1 on white, for words and card edges on the wall (WCAG AA).
CATEGORY_TEXT_COLOURS = {WORKING: "#007a5a", NOT_WORKING: "#b34700", FUTURE: "#005a8c"}
SESSION_NAMES = {WHOLE_ROOM: "Whole room", PROVIDER: "Provider session", COMMISSIONER: "Commissioner session"}
UNNAMED_THEME = "Unnamed theme"
UNASSIGNED = "Unassigned"  # the statements of a category in no theme yet


def theme_title(name: str) -> str:
    """A theme's name as shown, or "Unnamed theme" while it has none."""
    return name or UNNAMED_THEME

IRREGULAR = {"person": "people", "new person": "new people"}


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``count`` and ``noun``, the noun plural unless the count is exactly one: "1 statement", "0 statements".

    ``plural`` is for a noun whose plural is not made with "s" and not in :data:`IRREGULAR`.
    """
    return f"{count:,} {noun_for(count, noun, plural)}"


def noun_for(count: int, noun: str, plural: str | None = None) -> str:
    """The noun as :func:`counted` writes it after ``count``, for a count shown apart (in bold, say)."""
    return noun if count == 1 else plural or IRREGULAR.get(noun) or noun + "s"
