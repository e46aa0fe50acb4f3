"""Bringing statements into a workshop: the steps the Gather page and the CLI share.

Both go through the same reader, checks and redaction (``wtfc.importer``, ``wtfc.privacy``);
this module only adds what a *stored* workshop knows: its statements so far (for duplicates)
and the facilitator's own list of names to redact.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Collection, Mapping, Sequence

from wtfc import edits
from wtfc.importer import (ColumnMapping, ImportPreview, confirmed_statements, named_themes, preview_import,
                           split_cell)
from wtfc.model import CATEGORIES, Statement, Workshop, next_position
from wtfc.privacy import NAMES_SETTING, detail_pattern, find_personal_details
from wtfc.store import Store, StoreError
from wtfc.words import counted

if TYPE_CHECKING:
    from wtfc.documents import DocumentsPreview



@dataclass(frozen=True)
class PreviewFigures:
    """What a preview found, as the Gather page's figures and the CLI's summary both say it."""

    statements: int
    problems: int
    duplicates: int
    no_content: int
    redacted: int  # personal details taken out


def preview_figures(preview: ImportPreview) -> PreviewFigures:
    rows = preview.rows
    return PreviewFigures(len(rows), len(preview.problems), sum(r.duplicate_of is not None for r in rows),
                          sum(r.no_content for r in rows), sum(len(r.findings) for r in rows))


def import_count(preview: ImportPreview, *, include_no_content: bool = False, include_duplicates: bool = True) -> int:
    """How many statements :func:`import_preview` would save with these choices (the Import button's count)."""
    return len(confirmed_statements(preview, include_no_content=include_no_content,
                                    include_duplicates=include_duplicates))


def names_to_redact(store: Store, workshop_id: str | None) -> list[str]:
    return list(store.settings(workshop_id).get(NAMES_SETTING, [])) if workshop_id else []


def add_names_to_redact(store: Store, workshop_id: str, names: Collection[str], author: str = "") -> None:
    """Add names to the workshop's redaction list (one edit); blank and known names are ignored."""
    if edit := _names_edit(store.settings(workshop_id), names):
        store.apply(workshop_id, edit, author)


def _names_edit(settings: dict, names: Collection[str]) -> edits.Edit | None:
    known = list(settings.get(NAMES_SETTING, []))
    fresh = [n for n in dict.fromkeys(" ".join(n.split()) for n in names) if n and n not in known]
    return edits.update_settings(settings, **{NAMES_SETTING: known + fresh}) if fresh else None


def remove_names_to_redact(store: Store, workshop_id: str, names: Collection[str], author: str = "") -> None:
    """Take names off the workshop's redaction list (one edit). Statements already stored keep their
    ``[name]`` markers; names typed or imported from now on are no longer removed."""
    known = names_to_redact(store, workshop_id)
    remaining = [n for n in known if n not in set(names)]
    if remaining != known:
        settings = store.settings(workshop_id)
        store.apply(workshop_id, edits.update_settings(settings, **{NAMES_SETTING: remaining}), author)


MIN_DETAIL = 3  # letters or digits: a shorter "detail" would take ordinary words out of every statement


def purge_detail(store: Store, workshop_id: str, detail: str, author: str = "") -> int:
    """Remove a personal detail from everything the workshop holds, history included, for good; returns in
    how many places it was found. The history records that a detail was removed, never the detail."""
    if sum(ch.isalnum() for ch in detail) < MIN_DETAIL:
        raise StoreError(f"Please type the whole detail to remove (at least {MIN_DETAIL} letters or digits); "
                         "nothing was changed.")
    return store.purge(workshop_id, detail_pattern(detail), author)


def preview_file(store: Store, workshop_id: str | None, data: bytes, filename: str,
                 mapping: ColumnMapping | None = None, sheet: str | None = None,
                 extra_names: Collection[str] = ()) -> ImportPreview:
    """Read and check a file against the workshop, without saving anything.

    ``workshop_id`` None: a workshop not created yet (the CLI checks a file before creating one).
    ``extra_names`` are names to redact besides the workshop's list.
    """
    existing = [s.text for s in store.statements(workshop_id)] if workshop_id else []
    return preview_import(data, filename, mapping, names=[*names_to_redact(store, workshop_id), *extra_names],
                          existing=existing, sheet=sheet)


def preview_documents(store: Store, workshop_id: str | None, files: Sequence[tuple[str, bytes]],
                      extra_names: Collection[str] = ()) -> DocumentsPreview:
    """Read and check review documents (.docx, or .zip files of them) against the workshop, as one import;
    nothing is saved. Raises :class:`~wtfc.reading.UnreadableFile` when any document cannot be read."""
    from wtfc import documents  # Word's reader loads only when documents are imported

    existing = [s.text for s in store.statements(workshop_id)] if workshop_id else []
    return documents.preview_documents(files, names=[*names_to_redact(store, workshop_id), *extra_names],
                                       existing=existing)


def import_preview(store: Store, workshop_id: str, preview: ImportPreview, *, author: str = "",
                   kept_details: Collection[tuple[int, int]] = (), include_no_content: bool = False,
                   include_duplicates: bool = True) -> int:
    """Save the good rows of a preview as one edit, all or nothing; returns how many were saved.

    A theme column (wtfc's own spreadsheet has one) places the statements in themes of those names,
    created where the workshop has none yet, in the same edit. Details marked as not personal stay in.
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
    stored = store.statements(workshop_id) if workshop_id else []
    statements = confirmed_statements(preview, kept_details=kept_details, include_no_content=include_no_content,
                                      include_duplicates=include_duplicates, start_position=next_position(stored))
    themes, statements = named_themes(preview, statements, store.themes(workshop_id) if workshop_id else [])
    if not statements:
        return None, 0
    kept = {row.findings[i].value for row in preview.rows for i in range(len(row.findings))
            if (row.key, i) in set(kept_details)}
    added = edits.add_statements(statements, preview.source_file, kept)
    if themes:
        added = edits.combine(added.kind, f"{added.summary}, in {counted(len(themes), 'new theme')}",
                              [edits.create_themes(themes), added])
    return added, len(statements)


def typed_review(store: Store, workshop_id: str, *, person_ref: str, perspective: str,
                 statements_by_category: Mapping[str, str], service: str = "", area: str = "",
                 review_date: str | None = None, author: str = "") -> tuple[int, str]:
    """Save one person's review typed in by hand: each line of each box is one statement.

    Returns how many were saved and the person reference they were saved under. The store removes personal
    details from every field, as for files; a reference that is itself a personal detail (an NHS number,
    a name) is replaced by a new one such as "Person 7", so different people are still counted apart.
    """
    person_ref = _pseudonymous(store, workshop_id, " ".join(person_ref.split()))
    position = next_position(store.statements(workshop_id))
    statements = [Statement(text=line, category=category, perspective=perspective, person_ref=person_ref,
                            service=service.strip(), area=area.strip(), review_date=review_date,
                            source_file="typed in", position=position + i)
                  for i, (category, line) in enumerate((c, line) for c in CATEGORIES
                                                       for line in split_cell(statements_by_category.get(c, "")))]
    if statements:
        store.apply(workshop_id, edits.add_statements(statements, ""), author)
    return len(statements), person_ref


def _pseudonymous(store: Store, workshop_id: str, person_ref: str) -> str:
    if not find_personal_details(person_ref, names_to_redact(store, workshop_id)):
        return person_ref
    taken = {s.person_ref for s in store.statements(workshop_id)}
    return next(ref for n in itertools.count(1) if (ref := f"Person {n}") not in taken)


def edit_statement(store: Store, workshop_id: str, shown: Statement, author: str = "", **fields) -> None:
    """Change one statement as the facilitator saw it (so a change someone made since is refused, not
    overwritten); the store checks edited words for personal details like imported ones."""
    store.apply(workshop_id, edits.edit_statement(shown, **fields), author)


def remove_statement(store: Store, workshop_id: str, shown: Statement, author: str = "") -> None:
    store.apply(workshop_id, edits.remove_statements([shown]), author)
