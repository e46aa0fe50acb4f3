"""Bringing statements into a workshop: the steps the Gather page and the CLI share.

Both go through the same reader, checks and redaction (``wtfc.importer``, ``wtfc.privacy``);
this module only adds what a *stored* workshop knows: its statements so far (for duplicates)
and the facilitator's own list of names to redact.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Collection, Mapping

from wtfc import edits
from wtfc.importer import (ColumnMapping, ImportPreview, confirmed_statements, named_themes, preview_import,
                           split_cell)
from wtfc.model import CATEGORIES, Statement, next_position
from wtfc.privacy import find_personal_details, redact
from wtfc.store import Store

NAMES_SETTING = "redact_names"


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
    known = names_to_redact(store, workshop_id)
    fresh = [n for n in dict.fromkeys(" ".join(n.split()) for n in names) if n and n not in known]
    if fresh:
        settings = store.settings(workshop_id)
        store.apply(workshop_id, edits.update_settings(settings, **{NAMES_SETTING: known + fresh}), author)


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


def import_preview(store: Store, workshop_id: str, preview: ImportPreview, *, author: str = "",
                   kept_details: Collection[tuple[int, int]] = (), include_no_content: bool = False,
                   include_duplicates: bool = True) -> int:
    """Save the good rows of a preview as one edit, all or nothing; returns how many were saved.

    A theme column (wtfc's own spreadsheet has one) places the statements in themes of those names,
    created where the workshop has none yet, in the same edit.
    """
    statements = confirmed_statements(preview, kept_details=kept_details, include_no_content=include_no_content,
                                      include_duplicates=include_duplicates,
                                      start_position=next_position(store.statements(workshop_id)))
    themes, statements = named_themes(preview, statements, store.themes(workshop_id))
    if statements:
        added = edits.add_statements(statements, preview.source_file)
        if themes:
            added = edits.combine(added.kind, f"{added.summary}, in {len(themes)} new theme"
                                              f"{'' if len(themes) == 1 else 's'}", [edits.create_themes(themes), added])
        store.apply(workshop_id, added, author)
    return len(statements)


def typed_review(store: Store, workshop_id: str, *, person_ref: str, perspective: str,
                 statements_by_category: Mapping[str, str], service: str = "", area: str = "",
                 review_date: str | None = None, author: str = "") -> int:
    """Save one person's review typed in by hand: each line of each box is one statement.

    The same redaction as for files applies, so a name typed by mistake never reaches the wall.
    """
    names = names_to_redact(store, workshop_id)
    position = next_position(store.statements(workshop_id))
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
