"""The workshop store: the one place that speaks SQL.

Workshops live in one SQLite file (ACID, WAL mode, foreign keys on) or, when the store's location is a
``postgresql://`` address, in a PostgreSQL database shared by several app servers
(:mod:`wtfc.store_postgres`). Everything a facilitator changes arrives here as an
:class:`~wtfc.edits.Edit`, is checked against what is stored now (so a stale screen cannot silently
overwrite someone else's change), written in one transaction and kept in the workshop's edit log, which
gives undo, redo and the history.

Pages and the CLI only call :class:`Store`'s methods and never learn which database is behind them. The
queries are shared: each database is reached through a small connection (``_SQLite`` here,
``Postgres`` there) that begins and ends write transactions, tells when anything changed, and
translates the schema and the few statements that differ.
"""
from __future__ import annotations

import json
import numbers
import os
import re
import secrets
import shutil
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Hashable, Iterator, Mapping, Sequence

import platformdirs

from wtfc.edits import Change, Edit, EditRecord, from_row
from wtfc.privacy import FREE_TEXT, NAMES_SETTING, KnownNames, cleared, remove_detail, rewritten_row
from wtfc.model import (OPEN, TALLY, Action, Ballot, Plan, PriorityOverride, Statement, Theme, Vote, VotingRound,
                        Workshop, new_id, now)
from wtfc.words import counted

DEFAULT_DB_ENV = "WTFC_DB"

# Forward migrations; a file at version N gets scripts N+1.. applied in order.
MIGRATIONS = [
    # 1: workshops, their statements and the edit log.
    """
    CREATE TABLE workshops (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE statements (
        workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        text TEXT NOT NULL,
        category TEXT NOT NULL,
        perspective TEXT NOT NULL,
        person_ref TEXT NOT NULL DEFAULT '',
        service TEXT NOT NULL DEFAULT '',
        area TEXT NOT NULL DEFAULT '',
        review_date TEXT,
        source_file TEXT NOT NULL DEFAULT '',
        source_sheet TEXT NOT NULL DEFAULT '',
        source_row INTEGER,
        redactions TEXT NOT NULL DEFAULT '[]',
        position INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (workshop_id, id)
    );
    CREATE TABLE edits (
        workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL,
        summary TEXT NOT NULL,
        author TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('done', 'undone', 'discarded')),
        changes TEXT NOT NULL,
        PRIMARY KEY (workshop_id, seq)
    );
    """,
    # 2: themes, and each statement's place among them; workshop settings.
    """
    CREATE TABLE themes (
        workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        category TEXT NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        locked INTEGER NOT NULL DEFAULT 0,
        position INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (workshop_id, id)
    );
    ALTER TABLE statements ADD COLUMN theme_id TEXT;
    ALTER TABLE statements ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE statements ADD COLUMN set_aside INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE workshops ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
    CREATE INDEX statements_by_theme ON statements (workshop_id, theme_id);
    """,
    # 3: voting rounds and their votes, priority overrides, each theme's plan (causes, success), actions.
    # No foreign keys to rounds or themes: undoing a round or a theme hides what hangs off it, redoing
    # brings it back, and votes cast on phones (outside the edit log) are never lost on the way.
    """
    CREATE TABLE voting_rounds (
        workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        session TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        ballot TEXT NOT NULL DEFAULT '[]',
        dots INTEGER NOT NULL,
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (workshop_id, id)
    );
    CREATE TABLE votes (
        workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        round_id TEXT NOT NULL,
        participant_id TEXT NOT NULL DEFAULT '',
        theme_id TEXT NOT NULL,
        dots INTEGER NOT NULL,
        PRIMARY KEY (workshop_id, id)
    );
    CREATE INDEX votes_by_round ON votes (workshop_id, round_id, participant_id);
    -- A voting link's token is a secret, kept out of the edit log, its history and copies of the workshop.
    CREATE TABLE voting_links (
        workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        round_id TEXT NOT NULL,
        token TEXT NOT NULL UNIQUE,
        PRIMARY KEY (workshop_id, round_id)
    );
    CREATE TABLE priority_overrides (
        workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        session TEXT NOT NULL,
        theme_id TEXT NOT NULL,
        rank INTEGER NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (workshop_id, session, theme_id)
    );
    CREATE TABLE plans (
        workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        theme_id TEXT NOT NULL,
        causes TEXT NOT NULL DEFAULT '[]',
        success TEXT NOT NULL DEFAULT '',
        strength INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (workshop_id, theme_id)
    );
    CREATE TABLE actions (
        workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        theme_id TEXT NOT NULL,
        description TEXT NOT NULL,
        owner TEXT NOT NULL DEFAULT '',
        level TEXT NOT NULL,
        due TEXT,
        status TEXT NOT NULL,
        position INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (workshop_id, id)
    );
    """,
    # 4: what a suggestion said about each statement: its confidence, "not sure yet", a proposed agreed theme.
    """
    ALTER TABLE statements ADD COLUMN confidence REAL;
    ALTER TABLE statements ADD COLUMN unsure INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE statements ADD COLUMN proposed_theme_id TEXT;
    """,
    # 5: this file's own secrets (say, the key that signs voting devices' ids); never part of a workshop.
    """
    CREATE TABLE server_keys (name TEXT PRIMARY KEY, value BLOB NOT NULL);
    """,
    # 6: an organisation's people and their roles, and who owns or shares each workshop (hosted mode).
    # Kept out of the workshops' own rows: copying or carrying a workshop never carries who may see it.
    """
    CREATE TABLE people (
        email TEXT PRIMARY KEY,
        name TEXT NOT NULL DEFAULT '',
        role TEXT NOT NULL
    );
    CREATE TABLE workshop_access (
        workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        email TEXT NOT NULL,
        access TEXT NOT NULL CHECK (access IN ('owner', 'shared')),
        PRIMARY KEY (workshop_id, email)
    );
    CREATE INDEX workshop_access_by_email ON workshop_access (email);
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)

# How each edit-able column is kept in SQLite. Rows in edits use the model's field names.
COLUMNS = {
    "statements": {
        "id": "text", "text": "text", "category": "text", "perspective": "text",
        "person_ref": "text", "service": "text", "area": "text", "review_date": "text",
        "source_file": "text", "source_sheet": "text", "source_row": "int",
        "redactions": "json", "theme_id": "text", "pinned": "bool", "set_aside": "bool",
        "position": "int", "confidence": "real", "unsure": "bool", "proposed_theme_id": "text",
    },
    "themes": {"id": "text", "category": "text", "name": "text", "locked": "bool", "position": "int"},
    "workshops": {"settings": "json"},
    "voting_rounds": {"id": "text", "session": "text", "title": "text", "ballot": "json", "dots": "int",
                      "status": "text", "created_at": "text"},
    "votes": {"id": "text", "round_id": "text", "participant_id": "text", "theme_id": "text", "dots": "int"},
    "priority_overrides": {"session": "text", "theme_id": "text", "rank": "int", "reason": "text"},
    "plans": {"theme_id": "text", "causes": "json", "success": "text", "strength": "bool"},
    "actions": {"id": "text", "theme_id": "text", "description": "text", "owner": "text", "level": "text",
                "due": "text", "status": "text", "position": "int"},
}
# The tables of a workshop's own rows (besides its settings, edit log and voting links).
WORKSHOP_TABLES = ("statements", "themes", "voting_rounds", "votes", "priority_overrides", "plans", "actions")
# Read on every page rerun, so kept decoded in memory between changes.
CACHED = ("statements", "themes")
# The columns that pick out one row of a table, where that is not just ``id``.
KEYS = {"priority_overrides": ("session", "theme_id"), "plans": ("theme_id",)}
# The order rows are read in: stable when undo or redo puts a row back.
ORDER = {"statements": "position, rowid", "themes": "position, rowid", "voting_rounds": "created_at, id",
         "votes": "round_id, participant_id, theme_id, id", "priority_overrides": "session, rank, theme_id",
         "plans": "theme_id", "actions": "position, id"}
# Plans, actions and placings of a theme that was deleted (and may come back with undo) stay out of sight.
OF_A_THEME = "AND EXISTS (SELECT 1 FROM themes h WHERE h.workshop_id = t.workshop_id AND h.id = t.theme_id)"
OF_A_ROUND = "AND EXISTS (SELECT 1 FROM voting_rounds r WHERE r.workshop_id = t.workshop_id AND r.id = t.round_id)"
PURGE = "purge"  # the kind of edit that records a purge; it has no changes and cannot be undone
UNKNOWN_LINK = "This voting link is not open; please ask the facilitator for the current one."


@dataclass
class Commit:
    """A workshop's version before and after one write transaction, known once it committed: the read cache
    brings what it read at ``before`` up to ``after`` with the write's changes."""

    before: Hashable = None
    after: Hashable = None


class StoreError(Exception):
    """A request the store cannot carry out, said in plain words."""


class EditConflict(StoreError):
    """The edit was made against a state that has changed since (e.g. by another facilitator)."""


class StoreFault(StoreError):
    """The workshop file itself cannot be written (full disk, read-only, moved or deleted), or the database server
    cannot be reached; nothing was changed."""


# SQLite's primary result codes for faults of the file or the disk, said in plain words.
FAULTS = {
    sqlite3.SQLITE_FULL: "The disk is full, so {path} could not be saved; this change was not made. "
                         "Everything saved before it is kept. Free some space on the disk, then try again.",
    sqlite3.SQLITE_READONLY: "The workshop file {path} is read-only, so nothing can be saved. Copy it to a folder "
                             "you can write to (or ask for permission to change it), then start wtfc again.",
    sqlite3.SQLITE_CANTOPEN: "The workshop file {path} cannot be opened for saving: it, or its folder, is read-only "
                             "or no longer there. Copy it to a folder you can write to, then start wtfc again.",
    sqlite3.SQLITE_IOERR: "The disk reported an error while saving {path}; this change was not made. Check the disk "
                          "(and that there is space on it), then try again.",
}


@contextmanager
def _plain_faults(path: Path) -> Iterator[None]:
    """Turn SQLite's errors about the file or the disk into one plain :class:`StoreFault`."""
    try:
        yield
    except sqlite3.Error as error:
        code = getattr(error, "sqlite_errorcode", 0) & 0xFF
        if code == sqlite3.SQLITE_IOERR and _disk_full(path):  # a full disk met while growing SQLite's side files
            code = sqlite3.SQLITE_FULL
        message = FAULTS.get(code)
        if message is None:
            raise
        raise StoreFault(message.format(path=path)) from error


def _disk_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < 1_000_000
    except OSError:
        return False


def default_db() -> str | Path:
    """``$WTFC_DB`` (a file, or a ``postgresql://`` address), else ``workshops.sqlite`` in the user's data folder."""
    location = os.environ.get(DEFAULT_DB_ENV)
    if not location:
        return platformdirs.user_data_path("wtfc") / "workshops.sqlite"
    return location if is_database_address(location) else Path(location).expanduser()


def is_database_address(location: str | os.PathLike) -> bool:
    """Whether a store's location is a PostgreSQL server's address rather than a file."""
    return str(location).startswith(("postgresql://", "postgres://"))


def _encode(kind: str, value):
    if kind == "json":
        return json.dumps(value, sort_keys=True, default=list)
    if kind == "bool":
        return int(bool(value))
    return value


def _decode(kind: str, value):
    if kind == "json":
        return json.loads(value)
    if kind == "bool":
        return bool(value)
    return value


class Store:
    """A workshop store in one SQLite file or one PostgreSQL database. Safe to share between threads of one
    process; several processes (app servers) may share one file or database."""

    def __init__(self, location: str | os.PathLike | None = None):
        self.location = location or default_db()
        self._cache = _ReadCache()
        self.phone_votes = PhoneVoting(self)
        if is_database_address(self.location):
            from wtfc.store_postgres import Postgres  # psycopg is loaded only for a database server

            self._database = Postgres(str(self.location), MIGRATIONS)
        else:
            self._database = _SQLite(Path(self.location))
        self.path: Path | None = self._database.path  # the workshop file; None for a database server
        self.place: str = self._database.place  # where the workshops are, fit to show (never a password)

    def close(self) -> None:
        self._database.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return self._database.schema_version()

    def fault(self) -> str | None:
        """Why nothing more can be saved, in plain words, or ``None`` when all is well."""
        return self._database.fault()

    @property
    def cache_loads(self) -> int:
        """How many times statements or themes were read from the database rather than served from memory."""
        return self._cache.loads

    def _read(self):
        """A connection for reading (inside a write, the writing one, which sees its own changes)."""
        return self._database.reading()

    def _write(self, workshop_id: str | None = None, commit: Commit | None = None):
        """One write transaction, all or nothing: to one workshop (one writer at a time for it; writes to other
        workshops may go on beside it) or, without ``workshop_id``, to the whole store (one writer at a time).
        ``commit``, if given, then holds the workshop's versions before and after it, for the read cache."""
        return self._database.writing(workshop_id, commit)

    # -- workshops --------------------------------------------------------------------------

    def create_workshop(self, name: str, first_edits: Sequence[Edit] = (), author: str = "") -> Workshop:
        """A new workshop, with its first edits (say, an import) applied in the same transaction, so a
        crash part-way leaves neither an empty workshop nor half of the edits."""
        name = self._valid_name(name)
        stamp = now()
        workshop_id = new_id()
        with self._write() as db:
            self._require_free_name(db, name)
            db.execute("INSERT INTO workshops (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)",
                       (workshop_id, name, stamp, stamp))
            for edit in first_edits:
                self._log_edit(db, workshop_id, edit, author)
        return self.workshop(workshop_id)

    def workshops(self) -> list[Workshop]:
        with self._read() as db:
            rows = db.execute(
                "SELECT w.*, (SELECT COUNT(*) FROM statements s WHERE s.workshop_id = w.id) AS n "
                "FROM workshops w ORDER BY w.updated_at DESC, w.name").fetchall()
        return [Workshop(r["id"], r["name"], r["created_at"], r["updated_at"], r["n"]) for r in rows]

    def workshop(self, workshop_id: str) -> Workshop | None:
        return next((w for w in self.workshops() if w.id == workshop_id), None)

    def find_workshop(self, name_or_id: str) -> Workshop | None:
        """A workshop by its id or by its name (case-insensitive)."""
        return next((w for w in self.workshops()
                     if w.id == name_or_id or w.name.casefold() == name_or_id.strip().casefold()), None)

    def rename_workshop(self, workshop_id: str, new_name: str) -> None:
        """Renaming is workshop housekeeping, like creating or deleting, so it is not in the edit log
        (a duplicate's log must stay valid under its new name)."""
        new_name = self._valid_name(new_name)
        with self._write() as db:
            self._require_free_name(db, new_name, except_id=workshop_id)
            if not db.execute("UPDATE workshops SET name = ?, updated_at = ? WHERE id = ?",
                              (new_name, now(), workshop_id)).rowcount:
                raise StoreError("That workshop no longer exists.")

    def duplicate_workshop(self, workshop_id: str, new_name: str) -> Workshop:
        """A full copy, edit log and votes included, so the copy can be undone just like the original.

        Voting links are not copied: the copy's rounds get links of their own when asked for.
        """
        new_name = self._valid_name(new_name)
        copy_id = new_id()
        stamp = now()
        with self._write() as db:
            self._require_free_name(db, new_name)
            source = db.execute("SELECT settings FROM workshops WHERE id = ?", (workshop_id,)).fetchone()
            if source is None:
                raise StoreError("That workshop no longer exists.")
            db.execute("INSERT INTO workshops (id, name, created_at, updated_at, settings) VALUES (?, ?, ?, ?, ?)",
                       (copy_id, new_name, stamp, stamp, source["settings"]))
            for table in ("statements", "themes", "edits", "voting_rounds", "votes", "priority_overrides", "plans",
                          "actions"):
                listed = ", ".join(c for c in self._database.columns(db, table) if c != "workshop_id")
                # In rowid order, so rows that share a position keep their order in the copy.
                db.execute(f"INSERT INTO {table} (workshop_id, {listed}) "
                           f"SELECT ?, {listed} FROM {table} WHERE workshop_id = ? ORDER BY rowid",
                           (copy_id, workshop_id))
        return self.workshop(copy_id)

    def delete_workshop(self, workshop_id: str) -> None:
        """Delete a workshop with everything in it. Pages ask for confirmation first."""
        with self._write() as db:
            db.execute("DELETE FROM workshops WHERE id = ?", (workshop_id,))

    def workshop_contents(self, workshop_id: str) -> dict:
        """Everything in a workshop as plain rows, to carry it to another machine.

        ``{"name", "created_at", "settings", "rows": {table: [row, ...]}, "edits": [{"seq", "kind", "summary",
        "author", "created_at", "status", "changes": (Change, ...)}]}``. Rows hidden from the readers above
        (say, the plan of a deleted theme) are included, since undo can bring them back. Voting links are
        secrets and stay behind.
        """
        with self._read() as db:
            found = db.execute("SELECT name, created_at, settings FROM workshops WHERE id = ?",
                                     (workshop_id,)).fetchone()
            if found is None:
                raise StoreError("That workshop no longer exists.")
            rows = {table: [row for _, row in self._decoded(table, workshop_id)] for table in WORKSHOP_TABLES}
            edits = [{**{k: r[k] for k in ("seq", "kind", "summary", "author", "created_at", "status")},
                      "changes": _load_changes(r["changes"])}
                     for r in db.execute("SELECT * FROM edits WHERE workshop_id = ? ORDER BY seq",
                                               (workshop_id,))]
        return {"name": found["name"], "created_at": found["created_at"], "settings": json.loads(found["settings"]),
                "rows": rows, "edits": edits}

    def insert_workshop(self, name: str, contents: dict) -> Workshop:
        """A new workshop holding ``contents`` (as :meth:`workshop_contents` gives them), under a fresh id,
        written in one transaction: all of it or, on any problem, nothing."""
        name = self._valid_name(name)
        workshop_id = new_id()
        contents = _cleared_contents(contents)
        with self._write() as db:
            self._require_free_name(db, name)
            try:
                db.execute("INSERT INTO workshops (id, name, created_at, updated_at, settings) VALUES (?, ?, ?, ?, ?)",
                           (workshop_id, name, contents["created_at"], now(), _encode("json", contents["settings"])))
                for table in WORKSHOP_TABLES:
                    columns = COLUMNS[table]
                    db.executemany(f"INSERT INTO {table} (workshop_id, {', '.join(columns)}) "
                                   f"VALUES (?{', ?' * len(columns)})",
                                   [(workshop_id, *(_encode(kind, row.get(column)) for column, kind in columns.items()))
                                    for row in contents["rows"].get(table, ())])
                db.executemany("INSERT INTO edits (workshop_id, seq, kind, summary, author, created_at, status, "
                               "changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                               [(workshop_id, e["seq"], e["kind"], e["summary"], e["author"], e["created_at"],
                                 e["status"], _dump_changes(e["changes"])) for e in contents["edits"]])
            except self._database.integrity_error as error:
                raise StoreError("The workshop could not be saved: two of its items share an id, or one is "
                                 "incomplete; nothing was imported.") from error
        return self.workshop(workshop_id)

    def copy_workshops_to(self, target: "Store") -> list[tuple[str, dict[str, int]]]:
        """Every workshop of this store into ``target`` (say, from a laptop's file into the organisation's
        database), exactly as stored: ids, edit log, votes, voting links, and the store's own keys when
        ``target`` has none of that name. Written in one transaction and, before it commits, read back and
        checked row for row; returns each workshop's name and how many rows of each table it has.

        Refused, copying nothing, when a workshop's id or name is already in ``target``.
        """
        with self._read() as db:
            tables = self._tables_of_workshops(db)
            names = {row["id"]: row["name"] for row in db.execute("SELECT id, name FROM workshops ORDER BY created_at, id")}
            copies = {workshop_id: self._raw_workshop(db, tables, workshop_id) for workshop_id in names}
            keys = [tuple(row) for row in db.execute("SELECT name, value FROM server_keys")]
        with target._write() as db:
            there = {row["id"]: row["name"] for row in db.execute("SELECT id, name FROM workshops")}
            for workshop_id, rows in copies.items():
                if workshop_id in there:
                    raise StoreError(f"The workshop “{names[workshop_id]}” is already in {target.place} (copied "
                                     "before?); nothing was copied.")
                if clash := next((n for n in there.values() if n.casefold() == names[workshop_id].casefold()), None):
                    raise StoreError(f"{target.place} already has a workshop called “{clash}”; rename one of the "
                                     "two first. Nothing was copied.")
                for table, (columns, values) in rows.items():
                    db.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                                   values)
            db.executemany("INSERT INTO server_keys (name, value) VALUES (?, ?) ON CONFLICT DO NOTHING", keys)
            for workshop_id, rows in copies.items():
                if target._raw_workshop(db, tables, workshop_id) != rows:
                    raise StoreError(f"The copy in {target.place} did not match {self.place} row for row, so "
                                     "nothing was copied. Please report this.")
        return [(names[workshop_id], {table: len(values) for table, (_, values) in rows.items() if table != "workshops"})
                for workshop_id, rows in copies.items()]

    def _tables_of_workshops(self, db) -> list[str]:
        """``workshops``, then every table whose rows belong to one workshop."""
        return ["workshops", *(table for table in self._database.tables(db)
                               if table != "workshops" and "workshop_id" in self._database.columns(db, table))]

    def _raw_workshop(self, db, tables: list[str], workshop_id: str) -> dict[str, tuple[list[str], list[tuple]]]:
        """One workshop's rows as stored, table by table: the columns, then the rows in the order written."""
        rows = {}
        for table in tables:
            columns = self._database.columns(db, table)
            where = "id" if table == "workshops" else "workshop_id"
            rows[table] = columns, [tuple(row) for row in db.execute(
                f"SELECT {', '.join(columns)} FROM {table} WHERE {where} = ? ORDER BY rowid", (workshop_id,))]
        return rows

    def settings(self, workshop_id: str) -> dict:
        with self._read() as db:
            row = db.execute("SELECT settings FROM workshops WHERE id = ?", (workshop_id,)).fetchone()
        return json.loads(row["settings"]) if row else {}

    @staticmethod
    def _valid_name(name: str) -> str:
        name = cleared(" ".join((name or "").split()))  # a workshop's name is words someone typed, too
        if not name:
            raise StoreError("Please give the workshop a name.")
        if len(name) > 120:
            raise StoreError("Please use a shorter name (at most 120 characters).")
        return name

    @staticmethod
    def _require_free_name(db, name: str, except_id: str | None = None) -> None:
        """Names are unique ignoring case in any alphabet ("Café" and "CAFÉ" are one name)."""
        for row in db.execute("SELECT id, name FROM workshops"):
            if row["name"].casefold() == name.casefold() and row["id"] != except_id:
                raise StoreError(f"There is already a workshop called “{row['name']}”.")

    # -- reading ----------------------------------------------------------------------------

    def statements(self, workshop_id: str) -> list[Statement]:
        return self._cached("statements", workshop_id)

    def themes(self, workshop_id: str) -> list[Theme]:
        return self._cached("themes", workshop_id)

    def _cached(self, table: str, workshop_id: str) -> list:
        return self._cache.read(table, workshop_id, lambda: self._database.version(workshop_id), lambda: [
            (rowid, from_row(table, row)) for rowid, row in self._decoded(table, workshop_id)])

    def rounds(self, workshop_id: str) -> list[VotingRound]:
        """The workshop's voting rounds, oldest first."""
        return [from_row("voting_rounds", r) for r in self._rows("voting_rounds", workshop_id)]

    def votes(self, workshop_id: str, round_id: str | None = None) -> list[Vote]:
        """Every vote of the workshop's rounds (or of one round): typed-in tallies and votes from phones."""
        where, params = OF_A_ROUND, ()
        if round_id is not None:
            where, params = f"{where} AND t.round_id = ?", (round_id,)
        return [from_row("votes", r) for r in self._rows("votes", workshop_id, where, params)]

    def priority_overrides(self, workshop_id: str, session: str | None = None) -> list[PriorityOverride]:
        """Where the facilitator placed themes by hand in the priorities (of one session, if given)."""
        where, params = OF_A_THEME, ()
        if session is not None:
            where, params = f"{where} AND t.session = ?", (session,)
        return [from_row("priority_overrides", r) for r in self._rows("priority_overrides", workshop_id, where, params)]

    def plans(self, workshop_id: str) -> dict[str, Plan]:
        """Each theme's causes, picture of success and strength mark, by theme id; themes without one are absent."""
        return {r["theme_id"]: from_row("plans", r) for r in self._rows("plans", workshop_id, OF_A_THEME)}

    def actions(self, workshop_id: str) -> list[Action]:
        return [from_row("actions", r) for r in self._rows("actions", workshop_id, OF_A_THEME)]

    def _rows(self, table: str, workshop_id: str, where: str = "", params: tuple = ()) -> Iterator[dict]:
        return (row for _, row in self._decoded(table, workshop_id, where, params))

    def _decoded(self, table: str, workshop_id: str, where: str = "", params: tuple = ()) -> list[tuple[int, dict]]:
        columns = COLUMNS[table]
        with self._read() as db:
            rows = db.execute(
                f"SELECT rowid, {', '.join(columns)} FROM {table} t WHERE t.workshop_id = ? {where} "
                f"ORDER BY {ORDER[table]}", (workshop_id, *params)).fetchall()
        return [(row["rowid"], {name: _decode(kind, row[name]) for name, kind in columns.items()}) for row in rows]

    # -- voting on phones ----------------------------------------------------------------------

    def server_key(self, name: str) -> bytes:
        """A random secret kept in this file (made the first time it is asked for), so it outlives a restart."""
        with self._read() as db:
            found = db.execute("SELECT value FROM server_keys WHERE name = ?", (name,)).fetchone()
        if found:
            return found["value"]
        with self._write() as db:
            db.execute("INSERT INTO server_keys (name, value) VALUES (?, ?) ON CONFLICT DO NOTHING",
                       (name, secrets.token_bytes(32)))
            return db.execute("SELECT value FROM server_keys WHERE name = ?", (name,)).fetchone()["value"]

    # -- people, roles and sharing (hosted mode) --------------------------------------------------

    def people(self) -> list[tuple[str, str, str]]:
        """Everyone given a role, as ``(email, name, role)``, by e-mail address."""
        with self._read() as db:
            return [(r["email"], r["name"], r["role"])
                    for r in db.execute("SELECT email, name, role FROM people ORDER BY email").fetchall()]

    def role(self, email: str) -> str | None:
        with self._read() as db:
            found = db.execute("SELECT role FROM people WHERE email = ?", (email,)).fetchone()
        return found["role"] if found else None

    def set_role(self, email: str, name: str, role: str) -> None:
        with self._write() as db:
            db.execute("INSERT INTO people (email, name, role) VALUES (?, ?, ?) "
                       "ON CONFLICT (email) DO UPDATE SET name = excluded.name, role = excluded.role",
                       (email, name, role))

    def remove_person(self, email: str) -> None:
        """Take someone's role away; what they own stays theirs should they be given one again."""
        with self._write() as db:
            db.execute("DELETE FROM people WHERE email = ?", (email,))

    def access(self, email: str) -> dict[str, str]:
        """``{workshop id: "owner" or "shared"}`` for the workshops this person reaches."""
        with self._read() as db:
            return {r["workshop_id"]: r["access"] for r in db.execute(
                "SELECT workshop_id, access FROM workshop_access WHERE email = ?", (email,)).fetchall()}

    def shared_with(self, workshop_id: str) -> list[tuple[str, str]]:
        """``(email, "owner" or "shared")`` for everyone who reaches the workshop, owners first."""
        with self._read() as db:
            return [(r["email"], r["access"]) for r in db.execute(
                "SELECT email, access FROM workshop_access WHERE workshop_id = ? ORDER BY access, email",
                (workshop_id,)).fetchall()]

    def grant(self, workshop_id: str, email: str, access: str) -> None:
        with self._write() as db:
            self._require_workshop(db, workshop_id)
            db.execute("INSERT INTO workshop_access (workshop_id, email, access) VALUES (?, ?, ?) "
                       "ON CONFLICT (workshop_id, email) DO UPDATE SET access = excluded.access",
                       (workshop_id, email, access))

    def revoke(self, workshop_id: str, email: str) -> None:
        with self._write() as db:
            db.execute("DELETE FROM workshop_access WHERE workshop_id = ? AND email = ?", (workshop_id, email))

    # -- the edit log -----------------------------------------------------------------------

    def apply(self, workshop_id: str, edit: Edit, author: str = "") -> int:
        """Carry out an edit and log it; returns its number in the workshop's log.

        Every word the edit writes, and its summary, first pass redaction with the workshop's names to
        remove, so no page or command can store a personal detail by forgetting to check it.

        Raises :class:`EditConflict`, changing nothing, when a row is no longer as the edit expects.
        """
        commit = Commit()
        with self._write(workshop_id, commit) as db:
            self._require_workshop(db, workshop_id)
            seq, inserted, edit = self._log_edit(db, workshop_id, edit, author)
        self._cache.patch(workshop_id, edit.changes, commit, inserted)
        return seq

    def _log_edit(self, db, workshop_id: str, edit: Edit, author: str) -> tuple[int, dict[tuple[str, str], int], Edit]:
        """Inside a transaction: redact the edit, carry it out and add it to the log (redo is lost, as after
        any new edit). Returns its number, the rowids of new rows and the edit as stored."""
        edit = edit.cleared(self._names_to_redact(db, workshop_id, edit))
        inserted = self._apply_changes(db, workshop_id, edit.changes)
        db.execute("UPDATE edits SET status = 'discarded' WHERE workshop_id = ? AND status = 'undone'", (workshop_id,))
        seq = db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM edits WHERE workshop_id = ?",
                         (workshop_id,)).fetchone()[0]
        db.execute("INSERT INTO edits (workshop_id, seq, kind, summary, author, created_at, status, changes) "
                   "VALUES (?, ?, ?, ?, ?, ?, 'done', ?)",
                   (workshop_id, seq, edit.kind, edit.summary, author, now(), _dump_changes(edit.changes)))
        return seq, inserted, edit

    @staticmethod
    def _names_to_redact(db, workshop_id: str, edit: Edit | None = None) -> list[str]:
        """The workshop's names to remove, with any the edit itself adds."""
        stored = json.loads(db.execute("SELECT settings FROM workshops WHERE id = ?", (workshop_id,)).fetchone()[0])
        added = [c.after["settings"] for c in (edit.changes if edit else ()) if c.table == "workshops" and c.after]
        lists = [settings.get(NAMES_SETTING) for settings in (stored, *added)]
        return [name for names in lists if isinstance(names, list) for name in names if isinstance(name, str)]

    def undo(self, workshop_id: str) -> EditRecord | None:
        """Undo the latest edit still in force; ``None`` when there is nothing to undo."""
        return self._step(workshop_id, "done", "MAX", "undone", invert=True)

    def redo(self, workshop_id: str) -> EditRecord | None:
        """Redo the edit undone last; ``None`` when there is nothing to redo."""
        return self._step(workshop_id, "undone", "MIN", "done", invert=False)

    def _step(self, workshop_id, from_status, pick, to_status, invert) -> EditRecord | None:
        commit = Commit()
        with self._write(workshop_id, commit) as db:
            row = db.execute(
                f"SELECT * FROM edits WHERE workshop_id = ? AND seq = "
                f"(SELECT {pick}(seq) FROM edits WHERE workshop_id = ? AND status = ? AND kind != '{PURGE}')",
                (workshop_id, workshop_id, from_status)).fetchone()
            if row is None:
                return None
            stored = Edit(row["kind"], row["summary"], _load_changes(row["changes"]))
            changes = (stored.inverted() if invert else stored).changes
            inserted = self._apply_changes(db, workshop_id, changes)
            db.execute("UPDATE edits SET status = ? WHERE workshop_id = ? AND seq = ?",
                       (to_status, workshop_id, row["seq"]))
        self._cache.patch(workshop_id, changes, commit, inserted)
        return self._record({**dict(row), "status": to_status})

    def can_undo(self, workshop_id: str) -> bool:
        return self._has_status(workshop_id, "done")

    def can_redo(self, workshop_id: str) -> bool:
        return self._has_status(workshop_id, "undone")

    def _has_status(self, workshop_id: str, status: str) -> bool:
        with self._read() as db:
            return db.execute(f"SELECT 1 FROM edits WHERE workshop_id = ? AND status = ? AND kind != '{PURGE}' "
                                    "LIMIT 1", (workshop_id, status)).fetchone() is not None

    def purge(self, workshop_id: str, pattern: re.Pattern, author: str = "") -> int:
        """Take a personal detail (every place ``pattern`` matches) out of the workshop for good: from every
        row's words, and from the edit log's rows, summaries and authors. Returns in how many places it was.

        The same change is made to the rows and to the log, so undo and redo still work. The purge is recorded
        in the history without the detail, and cannot itself be undone: that would bring the detail back. The
        names-to-remove list keeps a name still on it; once a name is taken off, the log forgets it too.
        """
        places = 0

        def remove(text: str) -> str:
            nonlocal places
            text, count = remove_detail(text, pattern)
            places += count
            return text

        def scrubbed(table: str, row: dict | None, names_kept: set[str]) -> dict | None:
            if table != "workshops" or row is None:
                return rewritten_row(table, row, remove)
            names = row.get("settings", {}).get(NAMES_SETTING)
            if not isinstance(names, list):
                return row
            names = [n if not isinstance(n, str) or n in names_kept else remove(n) for n in names]
            return {**row, "settings": {**row["settings"], NAMES_SETTING: names}}

        with self._write(workshop_id) as db:
            self._require_workshop(db, workshop_id)
            names_kept = set(self._names_to_redact(db, workshop_id))
            for table in FREE_TEXT:
                columns = COLUMNS[table]
                for rowid, row in self._decoded(table, workshop_id):
                    new = scrubbed(table, row, names_kept)
                    if new != row:
                        changed = [n for n in columns if new[n] != row[n]]
                        db.execute(f"UPDATE {table} SET {', '.join(f'{n} = ?' for n in changed)} WHERE rowid = ?",
                                   (*(_encode(columns[n], new[n]) for n in changed), rowid))
            for logged in db.execute("SELECT seq, summary, author, changes FROM edits WHERE workshop_id = ?",
                                     (workshop_id,)).fetchall():
                changes = _dump_changes(Change(c.table, scrubbed(c.table, c.before, names_kept),
                                               scrubbed(c.table, c.after, names_kept))
                                        for c in _load_changes(logged["changes"]))
                words = remove(logged["summary"]), remove(logged["author"])
                if (*words, changes) != (logged["summary"], logged["author"], logged["changes"]):
                    db.execute("UPDATE edits SET summary = ?, author = ?, changes = ? WHERE workshop_id = ? "
                               "AND seq = ?", (*words, changes, workshop_id, logged["seq"]))
            if places:
                seq = db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM edits WHERE workshop_id = ?",
                                 (workshop_id,)).fetchone()[0]
                db.execute("INSERT INTO edits (workshop_id, seq, kind, summary, author, created_at, status, "
                           "changes) VALUES (?, ?, ?, ?, ?, ?, 'done', '[]')",
                           (workshop_id, seq, PURGE, f"Removed a personal detail everywhere "
                                                     f"({places} place{'' if places == 1 else 's'})", author, now()))
                db.execute("UPDATE workshops SET updated_at = ? WHERE id = ?", (now(), workshop_id))
        return places

    def history(self, workshop_id: str) -> list[EditRecord]:
        """Every edit ever made to the workshop, oldest first, including undone ones."""
        with self._read() as db:
            rows = db.execute("SELECT * FROM edits WHERE workshop_id = ? ORDER BY seq",
                                    (workshop_id,)).fetchall()
        return [self._record(dict(r)) for r in rows]

    def theme_changes_in_force(self, workshop_id: str) -> list[tuple[str, Change]]:
        """``(kind of edit, change)`` for every change to a theme row in the edits now in force (done, not
        undone), oldest first: what was done to themes, picked out by the database without decoding the whole log."""
        with self._read() as db:
            rows = db.execute(self._database.THEME_CHANGES, (workshop_id,)).fetchall()
        return [(kind, Change(*json.loads(value))) for kind, value in rows]

    def edit_changes(self, workshop_id: str, seq: int) -> tuple[Change, ...]:
        """The row changes of one logged edit (say, to count the themes a suggestion created)."""
        with self._read() as db:
            row = db.execute("SELECT changes FROM edits WHERE workshop_id = ? AND seq = ?",
                                   (workshop_id, seq)).fetchone()
        if row is None:
            raise StoreError("That change is not in the workshop's history.")
        return _load_changes(row["changes"])

    @staticmethod
    def _record(row: dict) -> EditRecord:
        return EditRecord(row["seq"], row["kind"], row["summary"], row["author"], row["created_at"],
                          row["status"], len(json.loads(row["changes"])))

    def _require_workshop(self, db, workshop_id: str) -> None:
        if not db.execute("SELECT 1 FROM workshops WHERE id = ?", (workshop_id,)).fetchone():
            raise StoreError("That workshop no longer exists.")

    def _current_row(self, db, workshop_id: str, table: str, row: dict) -> dict | None:
        columns = COLUMNS[table]
        if table == "workshops":
            found = db.execute(f"SELECT {', '.join(columns)} FROM workshops WHERE id = ?", (workshop_id,)).fetchone()
        else:
            where, key = _key(table, row)
            found = db.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE workshop_id = ? AND {where}",
                               (workshop_id, *key)).fetchone()
        return {n: _decode(k, found[n]) for n, k in columns.items()} if found else None

    def _apply_changes(self, db, workshop_id: str, changes) -> dict[tuple[str, str], int]:
        """Write the changes after checking each row is as expected; returns the rowids of new rows."""
        inserted = {}
        for change in changes:
            columns = COLUMNS[change.table]
            row = change.before or change.after
            if change.before is not None or change.table == "workshops":
                current = self._current_row(db, workshop_id, change.table, row)
                if not _same(columns, current, change.before):
                    raise EditConflict("Someone changed this workshop since your screen was last updated; "
                                       "nothing was changed. Please look again and retry.")
            if change.after is None:
                where, key = _key(change.table, row)
                db.execute(f"DELETE FROM {change.table} WHERE workshop_id = ? AND {where}", (workshop_id, *key))
                continue
            values = {n: _encode(columns[n], v) for n, v in change.after.items() if n in columns}
            if change.table == "workshops":
                values.pop("id", None)
                sets = ", ".join(f"{n} = ?" for n in values)
                db.execute(f"UPDATE workshops SET {sets} WHERE id = ?", (*values.values(), workshop_id))
            elif change.before is None:
                try:
                    cursor = db.execute(f"INSERT INTO {change.table} (workshop_id, {', '.join(values)}) "
                                        f"VALUES (?{', ?' * len(values)}) RETURNING rowid",
                                        (workshop_id, *values.values()))
                    inserted[(change.table, change.after.get("id"))] = cursor.fetchone()[0]
                except self._database.integrity_error as error:
                    raise EditConflict("That item already exists; nothing was changed.") from error
            else:
                sets = ", ".join(f"{n} = ?" for n in values)
                where, key = _key(change.table, row)
                db.execute(f"UPDATE {change.table} SET {sets} WHERE workshop_id = ? AND {where}",
                           (*values.values(), workshop_id, *key))
        db.execute("UPDATE workshops SET updated_at = ? WHERE id = ?", (now(), workshop_id))
        return inserted


class _ReadCache:
    """Statements and themes, decoded once: they are read on every page rerun. An entry is read again only
    after a change made elsewhere (the workshop's version moved: another connection, process or app server
    wrote to it); this store's own edits patch it.

    Each entry holds exactly the rows stored at its version, so it is served only while the workshop is still
    at that version. Nothing here waits for the database: threads reading and writing at once may each replace
    an entry, always by one as exact, at worst costing a read again.
    """

    def __init__(self):
        self._entries: dict[tuple[str, str], tuple[Hashable, list]] = {}
        self.loads = 0  # how many times rows were read from the database rather than served from here

    def read(self, table: str, workshop_id: str, version, load) -> list:
        """``version()`` is the workshop's version now; ``load()`` reads its rows from the database."""
        checked = version()
        hit = self._entries.get((table, workshop_id))
        if hit is None or hit[0] != checked:
            hit = checked, load()
            self.loads += 1
            if version() == checked:  # nothing was written meanwhile: the rows are those of that version
                self._entries[(table, workshop_id)] = hit
        return [item for _, item in hit[1]]

    def patch(self, workshop_id: str, changes, commit: Commit, inserted: dict[tuple[str, str], int]) -> None:
        """Bring cached statements and themes up to date from an edit this store just committed, keeping the
        stored order (position, then rowid), instead of reading every row again. An entry read at any other
        version than the one the edit started from is dropped, to be read again."""
        for table in CACHED:
            hit = self._entries.pop((table, workshop_id), None)
            if hit is None or hit[0] != commit.before:
                continue
            entries = {item.id: (rowid, item) for rowid, item in hit[1]}
            for change in (c for c in changes if c.table == table):
                row_id = (change.before or change.after)["id"]
                if change.after is None:
                    del entries[row_id]
                else:
                    rowid = inserted[(table, row_id)] if change.before is None else entries[row_id][0]
                    entries[row_id] = rowid, from_row(table, change.after)
            ordered = sorted(entries.values(), key=lambda entry: (entry[1].position, entry[0]))
            self._entries[(table, workshop_id)] = commit.after, ordered


class PhoneVoting:
    """Votes placed on people's own phones through a round's secret link: what a link may show, and
    dots checked and written in one transaction. Kept apart from the facilitator's edits (no undo)."""

    def __init__(self, store: "Store"):
        self._store = store

    def link_token(self, workshop_id: str, round_id: str) -> str:
        """The secret in a round's voting link, made the first time it is asked for. Asked for each time the
        link is shown, so once made it is only read: no write waits for other app servers' writes or sends
        every server's cache to read the workshops again."""
        with self._store._read() as db:
            if found := self._token(db, workshop_id, round_id):
                return found
        with self._store._write(workshop_id) as db:
            if found := self._token(db, workshop_id, round_id):
                return found
            if not db.execute("SELECT 1 FROM voting_rounds WHERE workshop_id = ? AND id = ?",
                              (workshop_id, round_id)).fetchone():
                raise StoreError("That vote no longer exists.")
            token = secrets.token_urlsafe(16)
            db.execute("INSERT INTO voting_links (workshop_id, round_id, token) VALUES (?, ?, ?)",
                       (workshop_id, round_id, token))
        return token

    @staticmethod
    def _token(db, workshop_id: str, round_id: str) -> str | None:
        found = db.execute("SELECT token FROM voting_links WHERE workshop_id = ? AND round_id = ?",
                           (workshop_id, round_id)).fetchone()
        return found["token"] if found else None

    def ballot(self, token: str, participant_id: str = "") -> Ballot | None:
        """What a voting link may show and nothing more: the round, its themes, and the dots this
        participant has left. ``None`` when the link is unknown or its round was undone."""
        with self._store._read() as db:
            found = self._round_by_token(db, token)
            if found is None:
                return None
            workshop_id, voting_round = found
            left = voting_round.dots - self._dots_used(db, workshop_id, voting_round.id, participant_id)
        themes = {t.id: t for t in self._store.themes(workshop_id)}
        return Ballot(voting_round, tuple(themes[i] for i in voting_round.ballot if i in themes), left)

    def cast(self, token: str, participant_id: str, dots_by_theme: Mapping[str, int]) -> int:
        """Record one participant's dots, placed on their own phone; returns the dots they have left.

        Checked and written in one transaction, so two phones, tabs or servers voting at once can never
        take a participant past the round's dots; dots add up across several goes. These votes are not
        edits: a facilitator's Undo takes back the facilitator's own last change, never someone's vote,
        and the history lists what the facilitator did. They are stored at once and counted with the
        typed-in tally. Closing the round stops them; undoing the round's opening hides them until redone.
        """
        participant_id = (participant_id or "").strip()
        if not participant_id:
            raise StoreError("Your vote could not be linked to this phone; please reload the page.")
        if any(isinstance(d, bool) or not isinstance(d, numbers.Integral) or d < 0 for d in dots_by_theme.values()):
            raise StoreError("Dots must be whole numbers, 0 or more; nothing was saved.")
        placed = {theme_id: int(dots) for theme_id, dots in dots_by_theme.items() if dots}
        if not placed:
            raise StoreError("Please place at least one dot; nothing was saved.")
        with self._store._read() as db:  # a link stays with its workshop: the write waits only for that one's
            linked = db.execute("SELECT workshop_id FROM voting_links WHERE token = ?", (token,)).fetchone()
        if linked is None:
            raise StoreError(UNKNOWN_LINK)
        with self._store._write(linked["workshop_id"]) as db:
            found = self._round_by_token(db, token)
            if found is None:
                raise StoreError(UNKNOWN_LINK)
            workshop_id, voting_round = found
            if voting_round.status != OPEN:
                raise StoreError("This vote has closed; your dots were not saved.")
            if any(theme_id not in voting_round.ballot for theme_id in placed):
                raise StoreError("A theme you chose is no longer on the ballot; please reload the page. "
                                 "Nothing was saved.")
            left = voting_round.dots - self._dots_used(db, workshop_id, voting_round.id, participant_id)
            if sum(placed.values()) > left:
                raise StoreError(f"You have {left} of {counted(voting_round.dots, 'dot')} left in this vote but "
                                 f"placed {sum(placed.values())}; nothing was saved.")
            db.executemany("INSERT INTO votes (workshop_id, id, round_id, participant_id, theme_id, dots) "
                           "VALUES (?, ?, ?, ?, ?, ?)",
                           [(workshop_id, new_id(), voting_round.id, participant_id, theme_id, dots)
                            for theme_id, dots in placed.items()])
            db.execute("UPDATE workshops SET updated_at = ? WHERE id = ?", (now(), workshop_id))
        return left - sum(placed.values())

    @staticmethod
    def _round_by_token(db, token: str) -> tuple[str, VotingRound] | None:
        columns = COLUMNS["voting_rounds"]
        row = db.execute(f"SELECT l.workshop_id, {', '.join('r.' + c for c in columns)} FROM voting_links l "
                         "JOIN voting_rounds r ON r.workshop_id = l.workshop_id AND r.id = l.round_id "
                         "WHERE l.token = ?", (token,)).fetchone()
        if row is None:
            return None
        return row["workshop_id"], from_row("voting_rounds", {n: _decode(k, row[n]) for n, k in columns.items()})

    @staticmethod
    def _dots_used(db, workshop_id: str, round_id: str, participant_id: str) -> int:
        if participant_id == TALLY:
            return 0
        return db.execute("SELECT COALESCE(SUM(dots), 0) FROM votes "
                          "WHERE workshop_id = ? AND round_id = ? AND participant_id = ?",
                          (workshop_id, round_id, participant_id)).fetchone()[0]


def _cleared_contents(contents: dict) -> dict:
    """A whole workshop from elsewhere with personal details taken out of every word, in its rows and in its
    edit log alike (so undo still works), using the names to remove that came with it."""
    names = contents["settings"].get(NAMES_SETTING)
    known = KnownNames(n for n in names if isinstance(n, str)) if isinstance(names, list) else KnownNames()
    done: dict[str, str] = {}

    def clear(text: str) -> str:
        if text not in done:
            done[text] = cleared(text, known)
        return done[text]

    return {**contents,
            "rows": {table: [rewritten_row(table, row, clear) for row in rows]
                     for table, rows in contents["rows"].items()},
            "edits": [{**edit, "summary": clear(edit["summary"]),
                       "changes": tuple(Change(c.table, rewritten_row(c.table, c.before, clear),
                                               rewritten_row(c.table, c.after, clear)) for c in edit["changes"])}
                      for edit in contents["edits"]]}


def _key(table: str, row: dict) -> tuple[str, tuple]:
    """The SQL condition and values that pick out ``row`` in ``table``."""
    names = KEYS.get(table, ("id",))
    return " AND ".join(f"{n} = ?" for n in names), tuple(row[n] for n in names)


def _same(columns: dict, current: dict | None, expected: dict | None) -> bool:
    if current is None or expected is None:
        return current is None and expected is None
    return all(_encode(columns[n], current.get(n)) == _encode(columns[n], v)
               for n, v in expected.items() if n in columns and n != "id")


def _dump_changes(changes) -> str:
    return json.dumps([[c.table, c.before, c.after] for c in changes], default=list)


def _load_changes(text: str) -> tuple[Change, ...]:
    return tuple(Change(table, before, after) for table, before, after in json.loads(text))


class _SQLite:
    """A workshop file: one connection, shared by the threads of one process under a lock; the file holds one
    writer at a time, whichever workshop it writes to."""

    integrity_error = sqlite3.IntegrityError
    # What was done to themes in the edits in force, picked out by SQLite's JSON functions.
    THEME_CHANGES = ("SELECT e.kind, j.value FROM edits e, json_each(e.changes) j WHERE e.workshop_id = ? "
                     "AND e.status = 'done' AND json_extract(j.value, '$[0]') = 'themes' ORDER BY e.seq, j.key")

    def __init__(self, path: Path):
        self.path = path
        self.place = str(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._writes = 0  # this connection's commits; see version()
        self._lost: str | None = None  # the plain message, once the file was found moved or deleted
        with _plain_faults(path):
            self.connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
            self.connection.row_factory = sqlite3.Row
            self.connection.execute("PRAGMA foreign_keys = ON")
            self.connection.execute("PRAGMA busy_timeout = 10000")
            self._refuse_newer_schema()
            self.connection.execute("PRAGMA journal_mode = WAL")
            self._migrate()
        self._identity = self._file_identity()

    def close(self) -> None:
        with self._lock:
            self.connection.close()

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            yield self.connection

    @contextmanager
    def writing(self, workshop_id: str | None, commit: Commit | None) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``: one writer at a time, all or nothing."""
        with self._lock:
            if lost := self.fault():
                raise StoreFault(lost)
            try:
                with _plain_faults(self.path):
                    self.connection.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as error:
                if "locked" in str(error):
                    raise StoreError("The workshop file is busy with another change; nothing was changed. "
                                     "Please try again in a moment.") from error
                raise
            try:
                with _plain_faults(self.path):  # the fault that stopped the change, said plainly
                    try:
                        before = self.version(workshop_id)
                        yield self.connection
                        self.connection.execute("COMMIT")
                    finally:
                        # After some errors (a full disk) SQLite has already rolled back; ROLLBACK would then
                        # fail with "no transaction is active" and hide the reason.
                        if self.connection.in_transaction:
                            self.connection.execute("ROLLBACK")
                if commit is not None:
                    commit.before, commit.after = before, (before[0], before[1] + 1)
            finally:
                self._writes += 1

    def version(self, workshop_id: str | None = None) -> tuple[int, int]:
        """Moves whenever anything in the file changed (in any workshop): SQLite's data_version counts other
        connections' commits, ``_writes`` this one's."""
        with self._lock:
            return self.connection.execute("PRAGMA data_version").fetchone()[0], self._writes

    @staticmethod
    def columns(db, table: str) -> list[str]:
        return [row["name"] for row in db.execute(f"PRAGMA table_info({table})")]

    @staticmethod
    def tables(db) -> list[str]:
        return [row[0] for row in db.execute("SELECT name FROM sqlite_schema WHERE type = 'table' "
                                             "AND name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY name")]

    # -- schema -----------------------------------------------------------------------------

    def schema_version(self) -> int:
        with self._lock:
            return self.connection.execute("PRAGMA user_version").fetchone()[0]

    def _refuse_newer_schema(self) -> None:
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            self.connection.close()
            raise StoreError(f"{self.path} was written by a newer wtfc (schema {version}); "
                             f"this one knows schema {SCHEMA_VERSION}. Please update wtfc.")

    def _migrate(self) -> None:
        with self._lock:
            version = self.schema_version()
            if version == SCHEMA_VERSION:
                return
            if version > 0:
                self._backup(self.path.with_name(f"{self.path.name}.v{version}.bak"))
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                # executescript commits first, so the version bump goes in the same script.
                self.connection.executescript(f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")

    def _backup(self, target: Path) -> None:
        """Copy the whole file before changing its schema, so an upgrade can always be undone by hand."""
        with sqlite3.connect(target) as copy:
            self.connection.backup(copy)
        copy.close()

    # -- the file itself ----------------------------------------------------------------------

    def _file_identity(self) -> tuple[int, int] | None:
        """Which file is at the store's path (device and inode); ``None`` when there is none."""
        try:
            found = os.stat(self.path)
        except OSError:
            return None
        return found.st_dev, found.st_ino

    def fault(self) -> str | None:
        """Why nothing more can be saved, in plain words, or ``None`` when all is well.

        A file deleted or replaced while it is open keeps taking writes that nobody will ever read
        again: the next start would find the workshops gone. So before every write the store checks
        the file at its path is still the one it opened; the first time it is not, everything saved
        so far (still readable through the open file) is copied beside the path, to put back.
        """
        with self._lock:
            current = self._file_identity()
            if self._lost is None and (current is None or current != self._identity):
                self._lost = self._moved_message(self._rescue_copy())
            return self._lost

    def _rescue_copy(self) -> Path | None:
        target = self.path.with_name(f"{self.path.stem}-rescued-{datetime.now():%Y%m%d-%H%M%S}{self.path.suffix}")
        try:
            self._backup(target)
        except (OSError, sqlite3.Error):
            return None
        return target

    def _moved_message(self, rescued: Path | None) -> str:
        message = (f"The workshop file {self.path} has been moved or deleted while wtfc was running; "
                   "nothing more can be saved. ")
        if rescued is None:
            return message + ("Put the file back where it was, then start wtfc again; changes since it was "
                              "moved are not in it.")
        return message + (f"Everything saved until now was copied to {rescued}: stop wtfc, put that copy "
                          f"in place as {self.path}, and start wtfc again.")
