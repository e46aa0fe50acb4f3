"""What the theme wall shows: one card per theme, in plain data the page only has to draw.

Counting, search and the gentle "I statement" prompt live here so they are tested without a
browser and reused by the projection view and the reports.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from wtfc.model import Statement, Theme
from wtfc.theming import class_tfidf, theme_keywords, typical_statements

FIRST_PERSON = re.compile(r"^(?:i|i'm|i’m|i'd|i’d|i've|i’ve|i'll|i’ll|me|my|we|we're|we’re|our)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Card:
    """A theme as the room sees it. ``theme`` is None for the Unassigned group."""

    theme: Theme | None
    statements: tuple[Statement, ...]
    people: int

    @property
    def title(self) -> str:
        if self.theme is None:
            return "Unassigned"
        return self.theme.name or "Unnamed theme"


def cards(statements: Sequence[Statement], themes: Sequence[Theme], category: str) -> list[Card]:
    """The category's themes in wall order, then Unassigned; set-aside statements are left out."""
    counted = [s for s in statements if s.category == category and not s.set_aside]
    members: dict[str | None, list[Statement]] = {}
    for statement in counted:
        members.setdefault(statement.theme_id, []).append(statement)
    known = {t.id for t in themes}
    unassigned = [s for key, group in members.items() if key not in known for s in group]
    result = [_card(t, members.get(t.id, [])) for t in themes if t.category == category]
    result.append(_card(None, unassigned))
    return result


def set_aside_statements(statements: Sequence[Statement], category: str) -> list[Statement]:
    return [s for s in statements if s.category == category and s.set_aside]


def _card(theme: Theme | None, members: list[Statement]) -> Card:
    return Card(theme, tuple(members), len({s.person_ref or s.id for s in members}))


def matches(text: str, query: str) -> list[tuple[int, int]]:
    """Where each word of ``query`` occurs in ``text`` (case-insensitive), for highlighting."""
    words = [re.escape(w) for w in query.split() if w]
    if not words:
        return []
    return [m.span() for m in re.finditer("|".join(words), text, re.IGNORECASE)]


def find_statements(statements: Sequence[Statement], query: str) -> list[Statement]:
    """The statements that contain every word of ``query``, best first: the words as a whole phrase, then
    each as a whole word, then as part of a word ("agency" in "agencies"); the rest are left out.

    Within each group statements keep their order, so a list does not jump about as the room watches.
    """
    words = query.casefold().split()
    if not words:
        return list(statements)
    phrase = re.compile(r"\b" + r"\W+".join(map(re.escape, words)) + r"\b")
    whole = [re.compile(rf"\b{re.escape(w)}\b") for w in words]
    ranked = []
    for statement in statements:
        text = statement.text.casefold()
        if not all(w in text for w in words):
            continue
        tier = 0 if phrase.search(text) else 1 if all(p.search(text) for p in whole) else 2
        ranked.append((tier, statement))
    return [statement for _, statement in sorted(ranked, key=lambda pair: pair[0])]


def first_person_hint(name: str) -> str | None:
    """A gentle prompt when a theme's name is not said in a person's own voice."""
    name = name.strip().strip("“”\"'")
    if not name or FIRST_PERSON.match(name):
        return None
    return ("Themes work best in a person's own words, starting with “I”: "
            "for example “I want to see the same carers” or “I feel listened to”.")


def card_labels(wall: Sequence[Card], top_n: int = 5) -> dict[str, tuple[list[str], str | None]]:
    """Each theme's suggested key words (class-based TF-IDF) and most typical statement, worked out
    afresh from the wall as it is now, so they follow every correction."""
    themed = [(number, card) for number, card in enumerate(wall) if card.theme and card.statements]
    texts = [s.text for _, card in themed for s in card.statements]
    numbers = [number for number, card in themed for _ in card.statements]
    if not texts:
        return {}
    keywords = theme_keywords(texts, numbers, top_n)
    typical = typical_statements(texts, numbers)
    return {card.theme.id: (keywords.get(number, []), texts[typical[number]] if number in typical else None)
            for number, card in themed}


def board_columns(wall: Sequence[Card]) -> tuple[list[dict], dict[str, Statement]]:
    """The wall as drag-and-drop columns of unique item labels, and each label's statement."""
    by_label: dict[str, Statement] = {}
    columns = []
    for card in wall:
        items = []
        for statement in card.statements:
            label = f"{statement.person_ref} · {statement.text}" if statement.person_ref else statement.text
            while label in by_label:  # the board needs unique items; repeated statements get a mark
                label += " ·"
            by_label[label] = statement
            items.append(label)
        columns.append({"header": card.title, "items": items})
    return columns, by_label


def board_moves(wall: Sequence[Card], dropped: Sequence[dict], by_label: dict[str, Statement]
                ) -> list[tuple[list[Statement], Theme | None]]:
    """What a drop changed: the statements now in another column, grouped by the theme they landed in."""
    origin = {s.id: index for index, card in enumerate(wall) for s in card.statements}
    moves = []
    for index, (card, column) in enumerate(zip(wall, dropped)):
        moved = [by_label[label] for label in column["items"] if origin[by_label[label].id] != index]
        if moved:
            moves.append((moved, card.theme))
    return moves


def merge_suggestions(wall: Sequence[Card], top_n: int = 3) -> list[tuple[Theme, Theme, float]]:
    """The pairs of themes that use the most alike words (cosine of their class-based TF-IDF
    profiles), most alike first, for one-click merges. Cheap enough for every rerun of the wall."""
    themed = [card for card in wall if card.theme and card.statements]
    texts = [s.text for card in themed for s in card.statements]
    numbers = [number for number, card in enumerate(themed) for _ in card.statements]
    table = class_tfidf(texts, numbers) if len(themed) >= 2 else None
    if table is None:
        return []
    norms = np.linalg.norm(table.weights, axis=1, keepdims=True)
    profiles = np.divide(table.weights, norms, out=np.zeros_like(table.weights), where=norms > 0)
    similarity = profiles @ profiles.T
    first, second = np.triu_indices(len(table.themes), k=1)
    ranked = sorted(zip(-similarity[first, second], table.themes[first], table.themes[second]))[:top_n]
    return [(themed[a].theme, themed[b].theme, round(float(-score), 3)) for score, a, b in ranked if -score > 0]
