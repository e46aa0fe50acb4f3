"""What the theme wall shows: one card per theme, in plain data the page only has to draw.

Counting, search, the gentle "I statement" prompt and the wall's corrections that teach (*More like
this*, *Where does this go?*) live here so they are tested without a browser and reused by the
projection view and the reports.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Collection, NamedTuple, Sequence

import numpy as np

from wtfc import edits
from wtfc.edits import Edit
from wtfc.model import FUTURE, NOT_WORKING, WORKING, Statement, Theme, next_position
from wtfc.words import UNASSIGNED as UNASSIGNED_WORD, theme_title
from wtfc.placing import ThemePlacer
from wtfc.theming import (UNASSIGNED, StatementVectors, WordUse, class_tfidf, keywords_of, name_like_words,
                          short_name, typical_of)

SHORT_NAME_FROM = 5  # the short name comes from one of a theme's five most typical statements
PRE_TICK_FROM = 0.9  # More like this starts a proposal ticked from this probability (see benchmarks/README.md)
ALIKE_FROM = 0.5  # a statement is offered to go along with one just moved from this cosine (benchmarks/README.md)
ALIKE_SHOWN = 5  # at most this many are offered
_WORDS = re.compile(r"\w+")
FIRST_PERSON = re.compile(r"^(?:i|i'm|i’m|i'd|i’d|i've|i’ve|i'll|i’ll|me|my|we|we're|we’re|our)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Card:
    """A theme as the room sees it. ``theme`` is None for the two piles: *Not sure yet* (``unsure``: the
    app could not place them with confidence) and Unassigned (no content, new, or put there by a person)."""

    theme: Theme | None
    statements: tuple[Statement, ...]
    people: int
    unsure: bool = False
    proposed: tuple[Statement, ...] = ()  # statements the last suggestion proposed for this theme, to review

    @property
    def title(self) -> str:
        if self.theme is None:
            return "Not sure yet" if self.unsure else UNASSIGNED_WORD
        return theme_title(self.theme.name)


def cards(statements: Sequence[Statement], themes: Sequence[Theme], category: str) -> list[Card]:
    """The category's themes in wall order, then Not sure yet (when it holds any), then Unassigned;
    set-aside statements are left out."""
    counted = [s for s in statements if s.category == category and not s.set_aside]
    members: dict[str | None, list[Statement]] = {}
    for statement in counted:
        members.setdefault(statement.theme_id, []).append(statement)
    known = {t.id for t in themes}
    loose = [s for key, group in members.items() if key not in known for s in group]
    proposed: dict[str, list[Statement]] = {}
    for statement in loose:
        if statement.proposed_theme_id:
            proposed.setdefault(statement.proposed_theme_id, []).append(statement)
    result = [_card(t, members.get(t.id, []), proposed=proposed.get(t.id, ()))
              for t in themes if t.category == category]
    if unsure := [s for s in loose if s.unsure]:
        result.append(_card(None, unsure, unsure=True))
    result.append(_card(None, [s for s in loose if not s.unsure]))
    return result


def set_aside_statements(statements: Sequence[Statement], category: str) -> list[Statement]:
    return [s for s in statements if s.category == category and s.set_aside]


def _card(theme: Theme | None, members: list[Statement], **piles) -> Card:
    return Card(theme, tuple(members), len({s.person_ref or s.id for s in members}),
                **{k: tuple(v) if k == "proposed" else v for k, v in piles.items()})


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


# How a suggested short name becomes a person's own words, by category: a start the facilitator edits.
I_STATEMENT_START = {WORKING: "I like that", NOT_WORKING: "I am not happy that", FUTURE: "I want"}


def i_statement(short: str, category: str) -> str:
    """The suggested short name said in a person's own voice, for the rename box ("Carers are late" under
    "not working": "I am not happy that carers are late"); one already in the first person stays as it is."""
    short = " ".join(short.split())
    if not short or FIRST_PERSON.match(short):
        return short
    first = short.split()[0]
    if not (len(first) > 1 and first.isupper()):  # "NHS" keeps its capitals; "Carers" and "A" do not
        short = short[:1].lower() + short[1:]
    return f"{I_STATEMENT_START.get(category, 'I want')} {short}"


class CardLabel(NamedTuple):
    """What the app suggests to help the room name a theme."""

    keywords: list[str]          # never a word that looks like a person's name
    typical: str | None          # the most typical statement
    short_name: str              # a short phrase from it, to turn into an "I" statement


def card_labels(wall: Sequence[Card], top_n: int = 5, words: WordUse | None = None) -> dict[str, CardLabel]:
    """Each theme's suggested key words (class-based TF-IDF), most typical statement and short name, worked
    out afresh from the wall as it is now, so they follow every correction. ``words``: the statements
    already tokenised (a :class:`~wtfc.theming.WordUse` holding every text on the wall), for speed; the
    labels are the same with or without it."""
    themed = [(number, card) for number, card in enumerate(wall) if card.theme and card.statements]
    texts = [s.text for _, card in themed for s in card.statements]
    numbers = [number for number, card in themed for _ in card.statements]
    if not texts:
        return {}
    words = words or WordUse(texts)
    table = class_tfidf(texts, numbers, words)
    names = words.name_like_words(texts)
    keywords = keywords_of(table, numbers, names, top_n)
    ranked = typical_of(table, numbers, SHORT_NAME_FROM)
    labels = {}
    for number, card in themed:
        key_words, typical = keywords.get(number, []), [texts[i] for i in ranked.get(number, [])]
        # The short name comes from the most typical statement that names nobody, if there is one.
        plain = next((t for t in typical if not set(_WORDS.findall(t.casefold())) & names), None)
        source = plain or (typical[0] if typical else None)
        labels[card.theme.id] = CardLabel(key_words, typical[0] if typical else None,
                                          short_name(source, key_words, names) if source else "")
    return labels


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


def merge_suggestions(wall: Sequence[Card], top_n: int = 3, words: WordUse | None = None
                      ) -> list[tuple[Theme, Theme, float]]:
    """The pairs of themes that use the most alike words (cosine of their class-based TF-IDF
    profiles), most alike first, for one-click merges. Cheap enough for every rerun of the wall.
    ``words``: as for :func:`card_labels`."""
    themed = [card for card in wall if card.theme and card.statements]
    texts = [s.text for card in themed for s in card.statements]
    numbers = [number for number, card in enumerate(themed) for _ in card.statements]
    table = class_tfidf(texts, numbers, words) if len(themed) >= 2 else None
    if table is None:
        return []
    norms = np.linalg.norm(table.weights, axis=1, keepdims=True)
    profiles = np.divide(table.weights, norms, out=np.zeros_like(table.weights), where=norms > 0)
    similarity = profiles @ profiles.T
    first, second = np.triu_indices(len(table.themes), k=1)
    ranked = sorted(zip(-similarity[first, second], table.themes[first], table.themes[second]))[:top_n]
    return [(themed[a].theme, themed[b].theme, round(float(-score), 3)) for score, a, b in ranked if -score > 0]


# -- corrections that teach: More like this, Where does this go? -------------------------------------

def statement_vectors(texts: Sequence[str]) -> StatementVectors:
    """Vectors of a category's statements, fitted once per set of texts (the page caches them), so that
    placing after each correction costs milliseconds."""
    return StatementVectors().fit(list(texts))


def counted_texts(statements: Sequence[Statement], category: str) -> tuple[str, ...]:
    """The texts the wall learns a category from: its counted statements, in stored order."""
    return tuple(s.text for s in statements if s.category == category and not s.set_aside)


def may_be_proposed(statement: Statement, themes_by_id: dict[str, Theme], agreed: Collection[str]) -> bool:
    """Only a statement nobody placed, not in a theme the room agreed, is ever proposed anywhere:
    from Not sure yet, Unassigned, or a theme nobody touched."""
    return not statement.pinned and not statement.set_aside and (
        statement.theme_id not in themes_by_id or statement.theme_id not in agreed)


@dataclass(frozen=True)
class _Learnt:
    placer: ThemePlacer
    statements: list[Statement]
    themes: list[Theme]
    numbers: np.ndarray  # each statement's theme number (index into themes), -1 in a pile


def _learn(statements: Sequence[Statement], themes: Sequence[Theme], category: str,
           vectors: StatementVectors | None) -> _Learnt | None:
    """The category's themes as the wall holds them now (their statements and their names), learnt by
    :class:`~wtfc.placing.ThemePlacer`; None when there is no theme to learn."""
    counted = [s for s in statements if s.category == category and not s.set_aside]
    mine = [t for t in themes if t.category == category]
    number = {t.id: i for i, t in enumerate(mine)}
    y = np.array([number.get(s.theme_id, UNASSIGNED) for s in counted], dtype=int)
    try:
        placer = ThemePlacer(vectors).fit([s.text for s in counted], y, {i: t.name for i, t in enumerate(mine)})
    except ValueError:  # no statement in a theme, and no theme with a name
        return None
    return _Learnt(placer, counted, mine, y)


class Proposal(NamedTuple):
    """A statement *More like this* offers a theme."""

    statement: Statement
    likely: float   # how likely it belongs in the theme, 0–1
    ticked: bool    # starts ticked: the theme is its likeliest by far; the room unticks it if it does not belong


def ranked_proposals(probability: np.ndarray, classes: np.ndarray, current: np.ndarray, theme: int,
                     pool: Sequence[int], top_n: int = 10) -> list[tuple[int, float, bool]]:
    """*More like this* on arrays (the wall and the simulated room of ``benchmarks/theming.py`` share it).

    ``probability``: statements × ``classes`` (:meth:`~wtfc.placing.ThemePlacer.predict_proba`); ``current``:
    each statement's theme number (-1 in a pile); ``pool``: the statements that may be proposed. A statement
    is proposed only when it fits ``theme`` better than the theme it is in, the biggest gain first; it starts
    ticked when ``theme`` is its likeliest with probability ≥ :data:`PRE_TICK_FROM`. Returns (index,
    probability in ``theme``, ticked)."""
    column = np.searchsorted(classes, theme)
    pool = np.asarray(list(pool), dtype=int)
    if len(pool) == 0:
        return []
    here = probability[pool, column]
    own = _own_probability(probability, classes, current[pool], pool)
    gain = here - own
    order = [i for i in np.argsort(-gain, kind="stable") if gain[i] > 0][:top_n]
    best = probability[pool].argmax(axis=1)
    return [(int(pool[i]), float(here[i]), bool(best[i] == column and here[i] >= PRE_TICK_FROM)) for i in order]


def _own_probability(probability, classes, current, rows):
    """Each row's probability in the theme it is in (0 in a pile, or in a theme not learnt)."""
    column = np.searchsorted(classes, current).clip(0, len(classes) - 1)
    known = (current >= 0) & (classes[column] == current)
    return np.where(known, probability[rows, column], 0.0)


def likeliest_themes(probability: np.ndarray, classes: np.ndarray, current: int, top_n: int = 3
                     ) -> list[tuple[int, float]]:
    """*Where does this go?* on arrays: one statement's ``top_n`` likeliest themes other than its own
    (``current``), likeliest first, as (theme number, probability)."""
    order = [i for i in np.argsort(-probability, kind="stable") if classes[i] != current][:top_n]
    return [(int(classes[i]), float(probability[i])) for i in order]


def misfits_first(probability: np.ndarray, classes: np.ndarray, current: np.ndarray) -> np.ndarray:
    """The order *Where do these go?* shows statements in (rows of ``probability``, each in theme ``current``):
    those that fit another theme better than their own first, by how much better, then the rest."""
    gain = probability.max(axis=1) - _own_probability(probability, classes, current, np.arange(len(current)))
    return np.argsort(-gain, kind="stable")


def more_like_this(statements: Sequence[Statement], themes: Sequence[Theme], agreed: Collection[str],
                   theme: Theme, vectors: StatementVectors | None = None, top_n: int = 10) -> list[Proposal]:
    """The statements that fit ``theme`` (by its statements and its name) better than where they are,
    biggest gain first (see :func:`ranked_proposals`): only from Not sure yet, Unassigned and themes nobody
    touched, never a statement someone placed. ``agreed``: the ids of the themes the room agreed."""
    learnt = _learn(statements, themes, theme.category, vectors)
    if learnt is None:
        return []
    by_id = {t.id: t for t in learnt.themes}
    target = next((i for i, t in enumerate(learnt.themes) if t.id == theme.id), None)
    if target not in set(learnt.placer.classes_.tolist()):
        return []  # an unnamed, empty theme (or one since deleted): nothing to go on
    texts = [s.text for s in learnt.statements]
    pool = [i for i, s in enumerate(learnt.statements) if s.theme_id != theme.id and may_be_proposed(s, by_id, agreed)]
    usable = learnt.placer.confidence([texts[i] for i in pool]) > 0  # 0: no content, or no usable words
    pool = [i for i, ok in zip(pool, usable) if ok]
    found = ranked_proposals(learnt.placer.predict_proba(texts), learnt.placer.classes_, learnt.numbers, target,
                             pool, top_n)
    return [Proposal(learnt.statements[i], round(p, 3), ticked) for i, p, ticked in found]


def where_these_go(statements: Sequence[Statement], themes: Sequence[Theme], chosen: Sequence[Statement],
                   vectors: StatementVectors | None = None, top_n: int = 3) -> dict[str, list[tuple[Theme, float]]]:
    """*Where does this go?* for each of ``chosen`` (statements of one category): the ``top_n`` themes it
    most likely belongs to, other than its own, most likely first, with how likely (0–1). Learnt once for
    all of them. The statements come back misfits first: those that fit another theme better than their
    own, by how much better, then the rest as they were, so the ones to move are on top."""
    if not chosen:
        return {}
    learnt = _learn(statements, themes, chosen[0].category, vectors)
    if learnt is None:
        return {s.id: [] for s in chosen}
    number = {t.id: i for i, t in enumerate(learnt.themes)}
    classes = learnt.placer.classes_
    likely = learnt.placer.predict_proba([s.text for s in chosen])
    current = np.array([number.get(s.theme_id, UNASSIGNED) for s in chosen])
    return {chosen[i].id: [(learnt.themes[t], round(p, 3)) for t, p in likeliest_themes(likely[i], classes, current[i], top_n)]
            for i in misfits_first(likely, classes, current)}


def alike_rows(similarity: np.ndarray, pool: Sequence[int], top_n: int = ALIKE_SHOWN) -> list[int]:
    """*Alike ones go too* on arrays (the wall and the simulated room of ``benchmarks/theming.py`` share it):
    of ``pool``, the ``top_n`` most like the statement just moved (``similarity``: its cosine to each
    statement), from :data:`ALIKE_FROM`, most alike first."""
    pool = np.asarray(list(pool), dtype=int)
    nearest = pool[np.argsort(-similarity[pool], kind="stable")][:top_n]
    return [int(i) for i in nearest if similarity[i] >= ALIKE_FROM]


def alike_left_behind(moved: Statement, left: Sequence[Statement], themes: Sequence[Theme], agreed: Collection[str],
                      vectors: StatementVectors) -> list[Statement]:
    """After *Where do these go?* moved ``moved``: the statements of the card it left (``left``) most like it,
    which the room may send along in one click. Near-identical words often mean the same theme, more often
    than the likeliest theme of a statement does on its own. Only statements that may be proposed
    (:func:`may_be_proposed`); ``vectors``: the category's, fitted (:func:`statement_vectors`)."""
    by_id = {t.id: t for t in themes}
    pool = [s for s in left if s.id != moved.id and s.category == moved.category and may_be_proposed(s, by_id, agreed)]
    if not pool:
        return []
    unsmoothed = vectors.transform_unsmoothed([moved.text] + [s.text for s in pool])
    return [pool[i] for i in alike_rows(unsmoothed[1:] @ unsmoothed[0], range(len(pool)))]


def send_along(ticked: Sequence[Statement], theme: Theme) -> Edit:
    """*Move the ticked too*: the alike statements follow the one just moved into ``theme``, as if a person had
    moved them (pinned), in one edit that one undo takes back."""
    if not ticked:
        raise ValueError("Tick the statements that go with it first.")
    moved = edits.move_statements(ticked, theme)
    count = len(moved.changes)
    return Edit("alike go too", f"Moved {count} alike statement{'s' if count != 1 else ''} to “{theme.name}” too",
                moved.changes)


def add_the_ticked(ticked: Sequence[Statement], theme: Theme) -> Edit:
    """*Add the ticked*: the statements go into ``theme`` as if a person had moved them (pinned), in one
    edit that one undo takes back."""
    if not ticked:
        raise ValueError("Tick the statements that belong in this theme first.")
    moved = edits.move_statements(ticked, theme)
    count = len(moved.changes)
    return Edit("more like this", f"Added {count} statement{'s' if count != 1 else ''} to “{theme.name}” "
                                  "(More like this)", moved.changes)


def name_from_statement(text: str, category: str | None, leave_out: frozenset[str]) -> str:
    """The name *New theme* gives a theme started from a statement: its short name as an "I" statement, without
    the words in ``leave_out`` (those that look like a person's name) where another clause will do."""
    return i_statement(short_name(text, leave_out=leave_out), category)


def theme_from_statement(statement: Statement, statements: Sequence[Statement], themes: Sequence[Theme]) -> Edit:
    """*New theme from this*: a statement that fits none of the themes starts its own, in one click, named by
    its short name said as an "I" statement (the room renames it) and placed there as by a person, so the wall
    learns the new theme from it at once. One edit, which one undo takes back.

    The short name avoids a clause holding a word that looks like a person's name in the category
    (see :func:`~wtfc.theming.name_like_words`) where another clause will do."""
    if statement.set_aside:
        raise ValueError("That statement is set aside: bring it back first.")
    name = name_from_statement(statement.text, statement.category,
                               name_like_words(counted_texts(statements, statement.category)))
    if not name:
        raise ValueError("That statement has no words to name a theme after: make a theme by name instead.")
    theme = Theme(category=statement.category, name=name, position=next_position(themes))
    return edits.combine("new theme from statement", f"Made the theme “{name}” from a statement",
                         [edits.create_theme(theme), edits.move_statements([statement], theme)])
