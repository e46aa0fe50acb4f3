"""The workshop's vocabulary: statements, themes and workshops as plain, immutable data.

Everything else in wtfc (import, theming, edits, the store, the pages) passes these around;
none of them knows about SQL or Streamlit.
"""
from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone

WORKING = "working"
NOT_WORKING = "not working"
FUTURE = "important for the future"
CATEGORIES = (WORKING, NOT_WORKING, FUTURE)

PERSPECTIVES = ("person", "family/carer", "staff", "other")

# The workshop setting that keeps, per category, the theming settings its themes were last suggested with.
THEMING_SETTING = "theming"


def new_id() -> str:
    """A short random id; unique within a workshop, which is all it needs to be."""
    return uuid.uuid4().hex[:12]


def now() -> str:
    """The current UTC time as an ISO string, the one way times are stored."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def next_position(items) -> int:
    """The position after the last of ``items`` (statements, themes or actions): new ones go at the end."""
    return max((item.position for item in items), default=-1) + 1


@dataclass(frozen=True)
class Redaction:
    """One personal detail taken out of a statement.

    ``start``/``end`` index the *redacted* text, where the placeholder (e.g. ``[phone]``) stands.
    The original words are never stored.
    """

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Statement:
    """One thing someone said in a review, already cleared of personal details."""

    text: str
    category: str
    perspective: str = "person"
    person_ref: str = ""
    service: str = ""
    area: str = ""
    review_date: str | None = None  # ISO date
    source_file: str = ""
    source_sheet: str = ""
    source_row: int | None = None
    redactions: tuple[Redaction, ...] = ()
    theme_id: str | None = None
    pinned: bool = False  # a person placed it by hand; re-suggesting leaves it where it is
    set_aside: bool = False  # kept, but not counted
    position: int = 0
    id: str = field(default_factory=new_id)
    # What the last suggestion said about it (None: a person placed it, or nothing was suggested yet).
    confidence: float | None = None  # 0–1: how sure the app was of its place
    unsure: bool = False  # the app could not place it with confidence: shown under "Not sure yet"
    proposed_theme_id: str | None = None  # a theme the room agreed that it may belong to, to review

    def replace(self, **changes) -> "Statement":
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class Theme:
    """A group of statements in one category, named as an "I" statement."""

    category: str
    name: str = ""
    locked: bool = False  # its members stay; re-suggesting may only add to it
    position: int = 0
    id: str = field(default_factory=new_id)

    def replace(self, **changes) -> "Theme":
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class Workshop:
    id: str
    name: str
    created_at: str
    updated_at: str
    statement_count: int = 0


# -- prioritising and planning --------------------------------------------------------------

WHOLE_ROOM = "whole room"
PROVIDER = "provider"
COMMISSIONER = "commissioner"
SESSIONS = (WHOLE_ROOM, PROVIDER, COMMISSIONER)

OPEN = "open"
CLOSED = "closed"

LEVELS = ("individual", PROVIDER, COMMISSIONER)
ACTION_STATUSES = ("not started", "in progress", "done")

TALLY = ""  # the participant of votes the facilitator types in, rather than someone on a phone


@dataclass(frozen=True)
class VotingRound:
    """One round of dot voting on some themes, for one session.

    Its voting link is a secret the store keeps apart (``Store.phone_votes.link_token``), so that it never
    appears in the edit log, the history or a copy of the workshop.
    """

    session: str
    ballot: tuple[str, ...] = ()  # theme ids, in the order participants see them
    dots: int = 3  # per participant
    title: str = ""
    status: str = OPEN
    created_at: str = field(default_factory=now)
    id: str = field(default_factory=new_id)


@dataclass(frozen=True)
class Vote:
    """Dots given to one theme in one round, by a participant or (``TALLY``) typed in by the facilitator."""

    round_id: str
    theme_id: str
    dots: int
    participant_id: str = TALLY
    id: str = field(default_factory=new_id)


@dataclass(frozen=True)
class Ballot:
    """All a voting link shows: the round, its themes in ballot order, and the dots this participant has left."""

    voting_round: VotingRound
    themes: tuple[Theme, ...]
    dots_left: int


@dataclass(frozen=True)
class Plan:
    """What the room worked out about one theme. There is at most one per theme."""

    theme_id: str
    causes: tuple[str, ...] = ()  # each answers "why?" about the one before it
    success: str = ""  # what success would look like
    strength: bool = False  # a working theme to build on


@dataclass(frozen=True)
class Action:
    theme_id: str
    description: str
    owner: str = ""
    level: str = PROVIDER
    due: str | None = None  # ISO date
    status: str = ACTION_STATUSES[0]
    position: int = 0
    id: str = field(default_factory=new_id)


@dataclass(frozen=True)
class PriorityOverride:
    """The facilitator placing a theme at ``rank`` (1 is the top) in a session's priorities, and why."""

    session: str
    theme_id: str
    rank: int
    reason: str = ""
