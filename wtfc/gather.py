"""Bringing statements into a workshop: the steps the Gather page and the CLI share.

Both go through the same reader, checks and redaction (``wtfc.importer``, ``wtfc.privacy``);
this module only adds what a *stored* workshop knows: its statements so far (for duplicates)
and the facilitator's own list of names to redact.
"""
from __future__ import annotations

from typing import Collection, Mapping

from wtfc import edits
from wtfc.importer import (ColumnMapping, ImportPreview, confirmed_statements, named_themes, preview_import,
                           split_cell)
from wtfc.model import CATEGORIES, Statement, Workshop
from wtfc.privacy import find_personal_details, redact
from wtfc.store import Store

NAMES_SETTING = "redact_names"


def names_to_redact(store: Store, workshop_id: str) -> list[str]:
    return list(store.settings(workshop_id).get(NAMES_SETTING, []))


def add_names_to_redact(store: Store, workshop_id: str, names: Collection[str], author: str = "") -> None:
    """Add names to the workshop's redaction list (one edit); blank and known names are ignored."""
    if edit := _names_edit(store.settings(workshop_id), names):
        store.apply(workshop_id, edit, author)


def _names_edit(settings: dict, names: Collection[str]) -> edits.Edit | None:
    known = list(settings.get(NAMES_SETTING, []))
    fresh = [n for n in dict.fromkeys(" ".join(n.split()) for n in names) if n and n not in known]
    return edits.update_settings(settings, **{NAMES_SETTING: known + fresh}) if fresh else None


def preview_file(store: Store, workshop_id: str, data: bytes, filename: str,
                 mapping: ColumnMapping | None = None, sheet: str | None = None) -> ImportPreview:
    """Read and check a file against the workshop, without saving anything."""
    return preview_import(data, filename, mapping, names=names_to_redact(store, workshop_id),
                          existing=[s.text for s in store.statements(workshop_id)], sheet=sheet)


def import_preview(store: Store, workshop_id: str, preview: ImportPreview, *, author: str = "",
                   kept_details: Collection[tuple[int, int]] = (), include_no_content: bool = False,
                   include_duplicates: bool = True) -> int:
    """Save the good rows of a preview as one edit, all or nothing; returns how many were saved.

    A theme column (wtfc's own spreadsheet has one) places the statements in themes of those names,
    created where the workshop has none yet, in the same edit.
    """
    added, saved = _import_edit(store, workshop_id, preview, kept_details=kept_details,
                                include_no_content=include_no_content, include_duplicates=include_duplicates)
    if added:
        store.apply(workshop_id, added, author)
    return saved


def import_into_new_workshop(store: Store, name: str, preview: ImportPreview, *, names: Collection[str] = (),
                             author: str = "", include_no_content: bool = False) -> tuple[Workshop, int]:
    """A new workshop holding the preview's good rows (and its list of names to redact), created in one
    transaction with them: an import stopped part-way leaves no empty workshop behind."""
    added, saved = _import_edit(store, None, preview, include_no_content=include_no_content)
    first = [edit for edit in (_names_edit({}, names), added) if edit]
    return store.create_workshop(name, first, author), saved


def _import_edit(store: Store, workshop_id: str | None, preview: ImportPreview, *,
                 kept_details: Collection[tuple[int, int]] = (), include_no_content: bool = False,
                 include_duplicates: bool = True) -> tuple[edits.Edit | None, int]:
    """The edit that saves a preview's good rows (``None`` when there are none), and how many it saves.
    ``workshop_id`` is ``None`` for a workshop about to be created."""
    statements = confirmed_statements(preview, kept_details=kept_details, include_no_content=include_no_content,
                                      include_duplicates=include_duplicates,
                                      start_position=_next_position(store, workshop_id) if workshop_id else 0)
    themes, statements = named_themes(preview, statements, store.themes(workshop_id) if workshop_id else [])
    if not statements:
        return None, 0
    added = edits.add_statements(statements, preview.source_file)
    if themes:
        added = edits.combine(added.kind, f"{added.summary}, in {len(themes)} new theme"
                                          f"{'' if len(themes) == 1 else 's'}", [edits.create_themes(themes), added])
    return added, len(statements)


def typed_review(store: Store, workshop_id: str, *, person_ref: str, perspective: str,
                 statements_by_category: Mapping[str, str], service: str = "", area: str = "",
                 review_date: str | None = None, author: str = "") -> int:
    """Save one person's review typed in by hand: each line of each box is one statement.

    The same redaction as for files applies, so a name typed by mistake never reaches the wall.
    """
    names = names_to_redact(store, workshop_id)
    position = _next_position(store, workshop_id)
    statements = []
    for category in CATEGORIES:
        for line in split_cell(statements_by_category.get(category, "")):
            text, redactions = redact(line, find_personal_details(line, names))
            statements.append(Statement(text=text, category=category, perspective=perspective,
                                        person_ref=person_ref.strip(), service=service.strip(),
                                        area=area.strip(), review_date=review_date,
                                        source_file="typed in", redactions=redactions,
                                        position=position + len(statements)))
    if statements:
        store.apply(workshop_id, edits.add_statements(statements, ""), author)
    return len(statements)


def _next_position(store: Store, workshop_id: str) -> int:
    return max((s.position for s in store.statements(workshop_id)), default=-1) + 1


def edit_statement(store: Store, workshop_id: str, shown: Statement, author: str = "", **fields) -> None:
    """Change one statement as the facilitator saw it (so a change someone made since is refused, not
    overwritten); edited text is checked for personal details like imported text."""
    if "text" in fields and fields["text"] != shown.text:
        fields["text"], added = redact(fields["text"], find_personal_details(fields["text"],
                                                                             names_to_redact(store, workshop_id)))
        fields["redactions"] = added
    store.apply(workshop_id, edits.edit_statement(shown, **fields), author)


def remove_statement(store: Store, workshop_id: str, shown: Statement, author: str = "") -> None:
    store.apply(workshop_id, edits.remove_statements([shown]), author)
