"""Every facilitator change as one small, named, reversible edit.

An :class:`Edit` is a list of row changes (``before`` → ``after``) plus a plain-words summary.
The store applies it in one transaction and keeps it in the workshop's edit log; undo applies
the changes backwards, redo forwards again. Because an edit records whole rows rather than
commands, the same log serves statements, themes, votes and actions without special cases,
and doubles as the audit trail and the history panel.

The builders here are pure: they take the current objects and return an Edit.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Iterable

from wtfc.model import Redaction, Statement, Theme

ROW_TYPES = {"statements": Statement, "themes": Theme}


@dataclass(frozen=True)
class Change:
    """One row of one table, as it was (``None``: did not exist) and as it becomes."""

    table: str
    before: dict | None
    after: dict | None

    def inverted(self) -> "Change":
        return Change(self.table, self.after, self.before)


@dataclass(frozen=True)
class Edit:
    kind: str
    summary: str
    changes: tuple[Change, ...]

    def inverted(self) -> "Edit":
        return Edit(self.kind, self.summary, tuple(c.inverted() for c in reversed(self.changes)))


@dataclass(frozen=True)
class EditRecord:
    """An edit as the log holds it."""

    seq: int
    kind: str
    summary: str
    author: str
    created_at: str
    status: str  # "done", "undone" (can be redone) or "discarded" (undone, then replaced)
    change_count: int


def to_row(item: Statement | Theme) -> dict:
    return dataclasses.asdict(item)


def from_row(table: str, row: dict) -> Statement | Theme:
    row = dict(row)
    if table == "statements":
        row["redactions"] = tuple(Redaction(**r) for r in row.get("redactions") or ())
    return ROW_TYPES[table](**row)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def add_statements(statements: Iterable[Statement], source: str) -> Edit:
    """Add statements, from a file (``source`` names it) or typed in by hand."""
    rows = [Change("statements", None, to_row(s)) for s in statements]
    return Edit("import" if source else "add", f"Added {_plural(len(rows), 'statement')}"
                + (f" from {source}" if source else ""), tuple(rows))


def edit_statement(old: Statement, **fields) -> Edit:
    new = old.replace(**fields)
    changed = ", ".join(sorted(k.replace("_", " ") for k in fields if getattr(old, k) != getattr(new, k)))
    return Edit("edit statement", f"Changed a statement's {changed or 'nothing'}",
                (Change("statements", to_row(old), to_row(new)),))


def remove_statements(statements: Iterable[Statement]) -> Edit:
    rows = [Change("statements", to_row(s), None) for s in statements]
    return Edit("remove statement", f"Removed {_plural(len(rows), 'statement')}", tuple(rows))


def update_settings(old: dict, **updates) -> Edit:
    """Change workshop settings (e.g. the names to redact); recorded like any other edit."""
    new = {**old, **updates}
    what = ", ".join(sorted(k.replace("_", " ") for k in updates))
    return Edit("settings", f"Changed the workshop's {what}",
                (Change("workshops", {"settings": old}, {"settings": new}),))
