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


def new_id() -> str:
    """A short random id; unique within a workshop, which is all it needs to be."""
    return uuid.uuid4().hex[:12]


def now() -> str:
    """The current UTC time as an ISO string, the one way times are stored."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


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
