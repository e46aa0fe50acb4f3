"""The whole workshop as one versioned JSON file, so another machine can carry on exactly where this one stopped.

The file holds every statement, theme, voting round, vote, placing, plan and action, the workshop's settings
and its edit log, so undo, redo and the history work on the other machine too. Voting links are secrets and
never leave the store. Import checks the whole file before writing anything, then writes it in one
transaction under a fresh id: a bad file leaves no trace.

"Checks" means every value as the store and the pages will use it, not just its JSON type: the file's
size before it is read, its nesting before it is parsed, whole numbers within SQLite's 64 bits, dates as
dates, the settings' shapes, and the edit log replayed (undone to the start and redone) in a scratch store,
so a file that would crash an export or refuse Undo later is refused now, in plain words.
"""
from __future__ import annotations

import dataclasses
import itertools
import json
import re
import tempfile
import types
import typing
from datetime import date, datetime
from pathlib import Path
from typing import get_args, get_origin, get_type_hints

import jsonschema
import numpy as np

import wtfc
from wtfc.edits import ROW_TYPES, Change
from wtfc.model import (ACTION_STATUSES, CATEGORIES, CLOSED, LEVELS, OPEN, PERSPECTIVES, SESSIONS, Workshop,
                        now)
from wtfc.privacy import NAMES_SETTING
from wtfc.store import KEYS, WORKSHOP_TABLES, EditConflict, Store

FORMAT = "wtfc-workshop"
VERSION = 1
MAX_NAME = 120  # the store's limit on a workshop's name
MAX_PROBLEMS = 10  # listed one by one; a file with more is broken throughout, and the first ones say how
# A workshop of some 4,000 statements with its history (a workshop in a room has hundreds): a file this
# size is checked and opened within 10 s and 500 MB (benchmarks/hostile.py).
MAX_FILE_BYTES = 10_000_000
MAX_DEPTH = 20  # a sound file nests 8 deep (edits > edit > changes > change > row > redactions > redaction)
MAX_DIGITS = 100  # read as a number, then held to SQLite's 64 bits (with its place said) by the schema
SMALLEST, LARGEST = -2**63, 2**63 - 1  # the whole numbers SQLite can keep
# Values kept as dates (YYYY-MM-DD) and as times (ISO 8601): exports and pages read them as such.
DATES = {"statements": ("review_date",), "actions": ("due",)}
TIMES = {"voting_rounds": ("created_at",)}
# Each workshop setting and its shape; a file with any other is refused, as for a row's fields.
SETTINGS = {"type": "object", "additionalProperties": False,
            "properties": {NAMES_SETTING: {"type": "array", "items": {"type": "string"}}}}

# Values the app only ever writes from a fixed list, so a file with anything else was not written by wtfc.
CHOICES = {
    "statements": {"category": CATEGORIES, "perspective": PERSPECTIVES},
    "themes": {"category": CATEGORIES},
    "voting_rounds": {"session": SESSIONS, "status": (OPEN, CLOSED)},
    "priority_overrides": {"session": SESSIONS},
    "actions": {"level": LEVELS, "status": ACTION_STATUSES},
}
EDIT_STATUSES = ("done", "undone", "discarded")
# How a problem's place in the file is said: "statement 4", "edit 2, change 1".
ITEM_WORDS = {"statements": "statement", "themes": "theme", "voting_rounds": "voting round", "votes": "vote",
              "priority_overrides": "placing", "plans": "plan", "actions": "action", "edits": "edit",
              "changes": "change", "redactions": "redaction", "ballot": "ballot entry", "causes": "cause"}
TYPE_WORDS = {"string": "text", "integer": "a whole number", "number": "a number with a fraction",
              "boolean": "true or false", "null": "null", "object": "a group of named fields", "array": "a list"}
# The JSON type of a value read from the file; bool first, since Python counts it as an int.
INSTANCE_TYPES = ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "string"), (type(None), "null"),
                  (dict, "object"), (list, "array"))
JSON_TYPES = {str: "string", int: "integer", float: "number", bool: "boolean", type(None): "null"}
# Fields added after files were first written: a file without them is still sound (the defaults apply).
ADDED_LATER = {"statements": ("confidence", "unsure", "proposed_theme_id")}


class WorkshopFileError(ValueError):
    """A workshop file that cannot be imported; the message says what is wrong and where."""


def export_workshop(store: Store, workshop_id: str, include_names: bool = False) -> bytes:
    """The workshop as one JSON file (UTF-8), ready for :func:`import_workshop` on any machine.

    The names to remove are people's real names, so they leave the machine only with ``include_names``;
    without it they are left out of the settings and of every change to them in the history alike, so the
    history still undoes cleanly on the other machine.
    """
    contents = store.workshop_contents(workshop_id)
    settings = contents["settings"] if include_names else _without_names(contents["settings"])
    changes = dataclasses.asdict if include_names else _change_without_names
    document = {
        "format": FORMAT, "version": VERSION, "app_version": wtfc.__version__, "exported_at": now(),
        "workshop": {"name": contents["name"], "created_at": contents["created_at"], "settings": settings},
        **contents["rows"],
        "edits": [{**edit, "changes": [changes(change) for change in edit["changes"]]}
                  for edit in contents["edits"]],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def _without_names(settings: dict) -> dict:
    return {key: value for key, value in settings.items() if key != NAMES_SETTING}


def _change_without_names(change: Change) -> dict:
    if change.table != "workshops":
        return dataclasses.asdict(change)
    side = lambda row: row and {**row, "settings": _without_names(row.get("settings", {}))}
    return {"table": change.table, "before": side(change.before), "after": side(change.after)}


def import_workshop(store: Store, data: bytes, name: str | None = None) -> Workshop:
    """A new workshop made from a workshop file, with its own id.

    Without ``name`` it keeps the file's name, or adds " (imported)" when a workshop of that name is here
    already. Raises :class:`WorkshopFileError` (nothing imported) for a file that is not a sound workshop
    file, and :class:`~wtfc.store.StoreError` when ``name`` is taken.
    """
    document = read_workshop_file(data)
    contents = _contents(document)
    _check_edit_log(contents)
    return store.insert_workshop(name or free_name(store, document["workshop"]["name"]), contents)


def _contents(document: dict) -> dict:
    """The checked file's contents as :meth:`Store.insert_workshop` takes them."""
    return {"created_at": document["workshop"]["created_at"], "settings": document["workshop"]["settings"],
                "rows": {table: document[table] for table in WORKSHOP_TABLES},
                "edits": [{**edit, "changes": tuple(Change(**change) for change in edit["changes"])}
                          for edit in document["edits"]]}


def _check_edit_log(contents: dict) -> None:
    """Undo every edit in force back to the start, then redo them all, in a scratch store: a log that does
    not match the rows would otherwise refuse Undo (or Redo) for ever once imported."""
    numbers = {edit["seq"]: number for number, edit in enumerate(contents["edits"], start=1)}
    in_force = sorted(edit["seq"] for edit in contents["edits"] if edit["status"] == "done")
    replayed = sorted(edit["seq"] for edit in contents["edits"] if edit["status"] != "discarded")
    with tempfile.TemporaryDirectory(prefix="wtfc-check-") as folder, Store(Path(folder) / "check.sqlite") as scratch:
        workshop_id = scratch.insert_workshop("check", contents).id
        for seq, step, done in [*((seq, scratch.undo, "undone") for seq in reversed(in_force)),
                                *((seq, scratch.redo, "redone") for seq in replayed)]:
            try:
                step(workshop_id)
            except EditConflict:
                raise WorkshopFileError(f"This workshop file's history does not match its contents: edit "
                                        f"{numbers[seq]} could not be {done}, so Undo would fail after importing "
                                        "it (the file was changed by hand, or damaged); nothing was imported."
                                        ) from None


def free_name(store: Store, name: str) -> str:
    """``name``, or ``name (imported)``, ``name (imported 2)``, … : the first no workshop here has."""
    name = " ".join(name.split())
    taken = {w.name.casefold() for w in store.workshops()}
    suffixes = itertools.chain(["", " (imported)"], (f" (imported {n})" for n in itertools.count(2)))
    for suffix in suffixes:
        candidate = name[:MAX_NAME - len(suffix)] + suffix
        if candidate.casefold() not in taken:
            return candidate


def check_size(size: int) -> None:
    """Refuse a file over :data:`MAX_FILE_BYTES` before it is read."""
    if size > MAX_FILE_BYTES:
        raise WorkshopFileError(f"This workshop file is {size / 1e6:,.0f} MB, over the limit of "
                                f"{MAX_FILE_BYTES / 1e6:,.0f} MB for a workshop file, so it was not opened. A larger "
                                "workshop can be carried as its statements spreadsheet, which brings its themes back.")


def read_workshop_file(data: bytes) -> dict:
    """The file's contents, checked from top to bottom; raises :class:`WorkshopFileError` listing the problems."""
    check_size(len(data))
    if _deepest(data) > MAX_DEPTH:
        raise WorkshopFileError(f"This is not a wtfc workshop file: its lists and groups are nested more than "
                                f"{MAX_DEPTH} deep (a workshop file needs 8), so it was not opened.")
    try:
        document = json.loads(data.decode("utf-8-sig"), parse_int=_whole_number)
    except UnicodeDecodeError:
        raise WorkshopFileError("This is not a wtfc workshop file: it is not text.") from None
    except json.JSONDecodeError as error:
        raise WorkshopFileError(f"This is not a wtfc workshop file: it is not readable JSON "
                                f"(line {error.lineno}, column {error.colno}: {error.msg}).") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise WorkshopFileError(f"This is not a wtfc workshop file: it should start with "
                                f"“\"format\": \"{FORMAT}\"”.")
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise WorkshopFileError("This workshop file has no version number (“version” should be 1 or more).")
    if version > VERSION:
        raise WorkshopFileError(f"This workshop file was written by a newer wtfc (file version {version}); this one "
                                f"reads version {VERSION}. Please update wtfc, then import it again.")
    problems = {}
    for error in _VALIDATOR.iter_errors(document):
        problems.setdefault(_where(error.absolute_path), _plain(error))
    for path, row, validator in _changed_rows(document):
        for error in validator.iter_errors(row):
            problems.setdefault(_where([*path, *error.absolute_path]), _plain(error))
    if not problems:
        problems = _repeated_keys(document)
    if problems:
        lines = [f"{where}: {what}" for where, what in problems.items()]
        more = len(lines) - MAX_PROBLEMS
        raise WorkshopFileError("This workshop file has problems, so nothing was imported:\n"
                                + "\n".join(lines[:MAX_PROBLEMS]) + (f"\n… and {more} more." if more > 0 else ""))
    return document


# Everything but the brackets of a JSON text's lists and groups, once its strings are taken out.
_STRINGS = re.compile(rb'"(?:[^"\\]++|\\.)*+"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def _deepest(data: bytes) -> int:
    """How deep the lists and groups of a JSON text nest, found without parsing it: Python's parser
    recurses once per level, so 200,000 levels would end in a RecursionError."""
    brackets = np.frombuffer(_STRINGS.sub(b"", data).translate(None, _NOT_BRACKETS), dtype=np.uint8)
    opening = (brackets == ord("[")) | (brackets == ord("{"))
    return int(np.cumsum(np.where(opening, 1, -1)).max(initial=0))


def _whole_number(digits: str) -> int:
    """A whole number from the file; thousands of digits would take Python's own refusal to convert."""
    length = len(digits.lstrip("-"))
    if length > MAX_DIGITS:
        raise WorkshopFileError(f"This is not a wtfc workshop file: it holds a number {length:,} digits long "
                                f"(no number in a workshop has more than {len(str(LARGEST))}), so it was not opened.")
    return int(digits)


def _is_date(value) -> bool:
    return not isinstance(value, str) or date.fromisoformat(value).isoformat() == value


def _is_time(value) -> bool:
    return not isinstance(value, str) or datetime.fromisoformat(value) is not None


# Dates as the exports read them (YYYY-MM-DD, the only way wtfc writes one) and times as ISO 8601.
FORMATS = jsonschema.FormatChecker(formats=())
FORMATS.checks("date", raises=ValueError)(_is_date)
FORMATS.checks("date-time", raises=ValueError)(_is_time)


# -- what a sound file looks like ------------------------------------------------------------------

def _value_schema(hint) -> dict:
    """The JSON Schema of one field, from its type in the model; whole numbers as SQLite can keep them."""
    if get_origin(hint) in (typing.Union, types.UnionType):
        schema = {"type": [JSON_TYPES[arg] for arg in get_args(hint)]}
        return {**schema, **WHOLE_NUMBER} if int in get_args(hint) else schema
    if get_origin(hint) is tuple:
        return {"type": "array", "items": _value_schema(get_args(hint)[0])}
    if dataclasses.is_dataclass(hint):
        return _row_schema(hint)
    return {"type": JSON_TYPES[hint], **(WHOLE_NUMBER if hint is int else {})}


WHOLE_NUMBER = {"minimum": SMALLEST, "maximum": LARGEST}


def _row_schema(row_type, choices: dict | None = None, required: typing.Iterable[str] | None = None,
                table: str = "") -> dict:
    """A row of ``row_type``: its fields and no others, all required unless ``required`` names fewer;
    the dates and times of ``table`` as dates and times."""
    hints = get_type_hints(row_type)
    properties = {f.name: _value_schema(hints[f.name]) for f in dataclasses.fields(row_type)}
    for field, allowed in (choices or {}).items():
        properties[field]["enum"] = list(allowed)
    for formats, kind in ((DATES, "date"), (TIMES, "date-time")):
        for field in formats.get(table, ()):
            properties[field]["format"] = kind
    return {"type": "object", "properties": properties, "additionalProperties": False,
            "required": list(properties if required is None else required)}


def _change_row_validators() -> dict[str, jsonschema.Draft202012Validator]:
    """For each table, a row as the edit log holds it. Older edits may hold fewer fields, so only a row's
    key is required. Kept apart from the file's schema: picking the validator by the change's table is
    far quicker than asking every row which table it belongs to."""
    validators = {table: jsonschema.Draft202012Validator(
        _row_schema(ROW_TYPES[table], CHOICES.get(table), KEYS.get(table, ("id",)), table), format_checker=FORMATS)
        for table in WORKSHOP_TABLES}
    validators["workshops"] = jsonschema.Draft202012Validator(
        {"type": "object", "properties": {"settings": SETTINGS}, "required": ["settings"],
         "additionalProperties": False})
    return validators


def _file_schema() -> dict:
    text = {"type": "string"}
    time = {"type": "string", "format": "date-time"}
    row_or_null = {"type": ["object", "null"]}  # each row is checked by its table's validator, see _changed_rows
    change = {"type": "object", "required": ["table", "before", "after"], "additionalProperties": False,
              "properties": {"table": {"enum": list(_CHANGE_ROWS)}, "before": row_or_null, "after": row_or_null}}
    edit = {"type": "object", "additionalProperties": False,
            "required": ["seq", "kind", "summary", "author", "created_at", "status", "changes"],
            "properties": {"seq": {"type": "integer", "minimum": 1, "maximum": LARGEST}, "kind": text,
                           "summary": text, "author": text, "created_at": time,
                           "status": {"type": "string", "enum": list(EDIT_STATUSES)},
                           "changes": {"type": "array", "items": change}}}
    workshop = {"type": "object", "required": ["name", "created_at", "settings"],
                "properties": {"name": {"type": "string", "minLength": 1}, "created_at": time,
                               "settings": SETTINGS}}
    tables = {table: {"type": "array", "items": _row_schema(
                  ROW_TYPES[table], CHOICES.get(table),
                  [f.name for f in dataclasses.fields(ROW_TYPES[table]) if f.name not in ADDED_LATER.get(table, ())],
                  table)}
              for table in WORKSHOP_TABLES}
    return {"type": "object", "required": ["workshop", *WORKSHOP_TABLES, "edits"],
            "properties": {"format": {"const": FORMAT}, "version": {"type": "integer"}, "app_version": text,
                           "exported_at": text, "workshop": workshop, **tables,
                           "edits": {"type": "array", "items": edit}}}


_CHANGE_ROWS = _change_row_validators()
_VALIDATOR = jsonschema.Draft202012Validator(_file_schema(), format_checker=FORMATS)


def _changed_rows(document: dict):
    """Each row in the edit log that is a group of fields, with its place and its table's validator."""
    edits = document.get("edits")
    for e, edit in enumerate(edits if isinstance(edits, list) else []):
        changes = edit.get("changes") if isinstance(edit, dict) else None
        for c, change in enumerate(changes if isinstance(changes, list) else []):
            table = change.get("table") if isinstance(change, dict) else None
            if isinstance(table, str) and table in _CHANGE_ROWS:
                for side in ("before", "after"):
                    if isinstance(change.get(side), dict):
                        yield ["edits", e, "changes", c, side], change[side], _CHANGE_ROWS[table]


def _repeated_keys(document: dict) -> dict[str, str]:
    """Items that would overwrite each other: two statements with one id, two edits with one number."""
    problems = {}
    for table, key in [*((t, KEYS.get(t, ("id",))) for t in WORKSHOP_TABLES), ("edits", ("seq",))]:
        first_seen = {}
        for number, row in enumerate(document[table], start=1):
            value = tuple(row[k] for k in key)
            word = ITEM_WORDS[table]
            if value in first_seen:
                shown = " and ".join(f"“{v}”" for v in value)
                problems[f"{word} {number}"] = (f"its {' and '.join(key).replace('_', ' ')} {shown} "
                                                f"is already used by {word} {first_seen[value]}")
            first_seen.setdefault(value, number)
    for number, edit in enumerate(document["edits"], start=1):
        for index, change in enumerate(edit["changes"], start=1):
            if change["before"] is None and change["after"] is None:
                problems[f"edit {number}, change {index}"] = "it has neither a “before” nor an “after”"
    return problems


def _where(path) -> str:
    """A place in the file in words: ``statements/3/category`` is "statement 4, “category”"."""
    steps, parts = list(path), []
    while steps:
        step = steps.pop(0)
        if steps and isinstance(steps[0], int):
            parts.append(f"{ITEM_WORDS.get(step, step)} {steps.pop(0) + 1}")
        else:
            parts.append(f"item {step + 1}" if isinstance(step, int) else f"“{step}”")
    return ", ".join(parts) or "the file"


def _plain(error: jsonschema.ValidationError) -> str:
    """A schema error said as a person would say it."""
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        return f"the field “{missing[0]}” is missing"
    if error.validator == "additionalProperties":
        extra = [name for name in error.instance if name not in error.schema.get("properties", {})]
        return f"there is a field “{extra[0]}” that wtfc does not know"
    if error.validator == "type":
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        found = next(name for kind, name in INSTANCE_TYPES if isinstance(error.instance, kind))
        return f"should be {' or '.join(TYPE_WORDS[t] for t in wanted)}, not {TYPE_WORDS[found]}"
    if error.validator in ("enum", "const"):
        allowed = error.validator_value if error.validator == "enum" else [error.validator_value]
        return f"should be one of: {', '.join(map(str, allowed))}"  # the value itself may be someone's words
    if error.validator == "minLength":
        return "should not be empty"
    if error.validator == "minimum":
        return f"should be {error.validator_value:,} or more"
    if error.validator == "maximum":
        return f"should be {error.validator_value:,} or less"
    if error.validator == "format":
        return ("should be a date written like 2025-03-31" if error.validator_value == "date"
                else "should be a date and time written like 2025-03-31T14:05:00+00:00")
    return error.message
