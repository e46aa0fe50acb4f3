"""How the pages look on a projector: large type, high contrast, the wall's cards and category labels
(colour, symbol and words from :mod:`wtfc.words`, so colour is never alone)."""
from __future__ import annotations

import html
from typing import Sequence

import streamlit as st

from wtfc.model import FUTURE, NOT_WORKING, WORKING
from wtfc.wall import Card, CardLabel, matches
from wtfc.words import CATEGORY_SYMBOLS, CATEGORY_TEXT_COLOURS, CATEGORY_TITLES, noun_for

CATEGORY_STYLE = {c: (CATEGORY_TEXT_COLOURS[c], CATEGORY_SYMBOLS[c], CATEGORY_TITLES[c])  # colour, symbol, words
                  for c in (WORKING, NOT_WORKING, FUTURE)}

CSS = """
<style>
.wtfc-card {border-left: 10px solid var(--wtfc-colour); padding: 0.2rem 0 0.2rem 0.9rem;}
.wtfc-category {font-weight: 700; color: var(--wtfc-colour);}
.wtfc-statements {margin: 0.3rem 0 0 0; padding-left: 1.2rem;}
.wtfc-statements li {margin-bottom: 0.25rem; line-height: 1.35;}
.wtfc-statements mark {background: #ffe066; color: #111; padding: 0 2px;}
.wtfc-keywords {color: #333; font-style: italic;}
.wtfc-typical {color: #222;}
.wtfc-proposed {font-weight: 700; color: #222; border-left: 4px solid #e69f00; padding-left: 0.5rem;}
.wtfc-big p, .wtfc-big li {font-size: 1.5rem;}
.wtfc-big h2, .wtfc-big h3 {font-size: 2.2rem;}
.wtfc-overview > p {font-size: 1.3rem; margin: 0 0 0.5rem 0;}
.wtfc-tiles {display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 18rem), 1fr)); gap: 0.6rem;
  list-style: none; margin: 0 !important; padding: 0 !important;}
.wtfc-tiles li {border-left: 10px solid var(--wtfc-colour); background: #f3f4f6; padding: 0.45rem 0.8rem;
  display: flex; flex-direction: column; justify-content: space-between; gap: 0.3rem; margin: 0;}
.wtfc-tile-name {font-size: clamp(1.15rem, 0.7rem + 0.75vw, 1.8rem); font-weight: 700; line-height: 1.2;
  overflow-wrap: anywhere;}
.wtfc-tile-count {font-size: clamp(1.05rem, 0.65rem + 0.6vw, 1.5rem);}
</style>
"""


# For every page: labels and chosen options that would end in "…" on a projector wrap onto a second line
# instead, and less empty space above the title, so more of each page fits a 720-pixel-high projector.
ROOM_CSS = """
<style>
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; height: auto !important;}
[data-testid="stButtonGroup"] > div {flex-wrap: wrap;}
[data-testid="stMultiSelectTagsContainer"] [data-tag], [data-testid="stMultiSelectTagsContainer"] [data-tag] span {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; height: auto !important;
  overflow-wrap: anywhere;}
[data-testid="stMainBlockContainer"] {padding-top: 3.5rem;}
</style>
"""


def styles() -> None:
    st.html(CSS)


def room_styles() -> None:
    st.html(ROOM_CSS)


def category_label(category: str) -> str:
    colour, symbol, words = CATEGORY_STYLE[category]
    return (f'<span class="wtfc-category" style="--wtfc-colour:{colour}" aria-label="{html.escape(words)}">'
            f"{symbol} {html.escape(words)}</span>")


def highlighted(text: str, query: str) -> str:
    """The statement as written (escaped, never rendered as Markdown or HTML), search words marked."""
    out, last = [], 0
    for start, end in matches(text, query):
        out += [html.escape(text[last:start]), "<mark>", html.escape(text[start:end]), "</mark>"]
        last = end
    out.append(html.escape(text[last:]))
    return "".join(out)


def overview_html(wall: list[Card], category: str) -> str:
    """Every theme of a category on one screen, each with its name and how many said it, in wall order:
    up to a dozen themes fit a 1280×720 projector without scrolling."""
    colour = CATEGORY_STYLE[category][0]
    tiles = "".join(
        f'<li><span class="wtfc-tile-name">{html.escape(card.title)}</span><span class="wtfc-tile-count">'
        f"{bold_count(len(card.statements), 'statement')} · {bold_count(card.people, 'person')}</span></li>"
        for card in wall)
    return (f'<div class="wtfc-overview" style="--wtfc-colour:{colour}"><p>{category_label(category)} · '
            f'{bold_count(len(wall), "theme")}</p><ol class="wtfc-tiles">{tiles}</ol></div>')


def bold_count(count: int, noun: str) -> str:
    """"<strong>1</strong> statement", "<strong>3</strong> people": the number in bold, the noun agreeing."""
    return f"<strong>{count:,}</strong> {noun_for(count, noun)}"


def card_html(card: Card, category: str, label: CardLabel | None, query: str, big: bool = False,
              limit: int | None = None, agreed: Sequence[str] = ()) -> str:
    """One card: its name, counts, whether the room agreed it (and why), the app's naming help, proposals
    waiting for review, and its statements."""
    colour = CATEGORY_STYLE[category][0]
    statements = card.statements if limit is None else card.statements[:limit]
    items = "".join(f"<li>{highlighted(s.text, query)}</li>" for s in statements)
    more = f"<p>… and {len(card.statements) - len(statements)} more</p>" if len(statements) < len(card.statements) else ""
    lock = " · 🔒 locked" if card.theme and card.theme.locked else ""
    kept = f" · ✔ agreed ({html.escape(', '.join(agreed))})" if agreed and not big else ""
    heading = "h2" if big else "h3"
    parts = [
        f'<div class="wtfc-card{" wtfc-big" if big else ""}" style="--wtfc-colour:{colour}">',
        f"<{heading}>{html.escape(card.title)}</{heading}>",
        f"<p>{category_label(category)} · {bold_count(len(card.statements), 'statement')} · "
        f"{bold_count(card.people, 'person')}{lock}{kept}</p>",
    ]
    if card.unsure and not big:
        parts.append('<p class="wtfc-typical">The app could not place these with confidence. '
                     "Use “Where do these go?” to see their likeliest themes.</p>")
    if label and label.keywords:
        parts.append(f'<p class="wtfc-keywords">Key words: {html.escape(", ".join(label.keywords))}</p>')
    if label and label.short_name and not big:
        parts.append(f'<p class="wtfc-typical">Suggested name: “{html.escape(label.short_name)}”</p>')
    elif label and label.typical:
        parts.append(f'<p class="wtfc-typical">Most typical: “{html.escape(label.typical)}”</p>')
    if card.proposed and not big:
        count = len(card.proposed)
        parts.append(f'<p class="wtfc-proposed">{count} statement{"s" if count != 1 else ""} may belong here: '
                     "review them with “More like this”</p>")
    parts += [f'<ul class="wtfc-statements">{items}</ul>', more, "</div>"]
    return "".join(parts)
