"""Gather: bring statements in from review spreadsheets or by hand, check them, correct them."""
from __future__ import annotations

import dataclasses
import hashlib

import pandas as pd
import streamlit as st

from wtfc import gather
from wtfc.app.common import actions, escape, flash, require_workshop, reported, show_flash, store
from wtfc.charts import PERSPECTIVE_LABELS
from wtfc.export import statements_csv
from wtfc.documents import DocumentsPreview
from wtfc.importer import ColumnMapping, ImportPreview, UnreadableFile
from wtfc.reading import check_size
from wtfc.model import CATEGORIES, PERSPECTIVES
from wtfc.sample import SAMPLE_DOCUMENTS
from wtfc.words import counted


# Set widths, so every column fits a 1280-pixel projector beside the sidebar; a long statement ends in "…"
# in its cell (hover shows it whole) instead of pushing the columns after it off the screen.
STATEMENT_COLUMNS = {"Row": st.column_config.NumberColumn(width=55),
                     "Category": st.column_config.TextColumn(width=105),
                     "Perspective": st.column_config.TextColumn(width=105),
                     "Person": st.column_config.TextColumn(width=70),
                     "Statement": st.column_config.TextColumn(width=280),
                     "Check": st.column_config.TextColumn(width=110),
                     "From": st.column_config.TextColumn(width=110)}


@st.cache_data(max_entries=4, show_spinner="Reading the file…")
def cached_preview(workshop_id: str, data: bytes, filename: str, mapping: ColumnMapping | None,
                   known: tuple[tuple[str, ...], tuple[str, ...]]) -> ImportPreview:
    """``known`` (the workshop's names to redact and its statements) keys the cache, so a change to
    either checks the file again."""
    return actions(workshop_id).preview_file(data, filename, mapping)


def import_tab(workshop_id: str) -> None:
    st.write("Upload a review spreadsheet (CSV or Excel). Both layouts work: one statement per row with a "
             "category column, or one row per review with a column per category. Nothing is saved until "
             "you confirm.")
    upload = st.file_uploader("Review spreadsheet", type=["csv", "xlsx", "txt", "tsv"],
                              key=f"upload-{st.session_state.get('upload_round', 0)}")
    if upload is None:
        return
    try:
        check_size(upload.size, upload.name)
        data = upload.getvalue()
        file_key = hashlib.sha256(data).hexdigest()[:16]
        mapping = st.session_state.get(f"mapping-{file_key}")
        known = tuple(actions(workshop_id).names_to_redact()), tuple(s.text for s in store().statements(workshop_id))
        preview = cached_preview(workshop_id, data, upload.name, mapping, known)
    except UnreadableFile as problem:
        st.error(escape(f"{upload.name}: {problem}"), icon=":material/error:")
        return
    if preview.needs_mapping:
        column_mapping_form(preview, file_key)
        return
    show_preview(workshop_id, preview, file_key)


@st.cache_data(max_entries=4, show_spinner="Reading the documents…")
def cached_documents_preview(workshop_id: str, files: tuple[tuple[str, bytes], ...],
                             known: tuple[tuple[str, ...], tuple[str, ...]]) -> DocumentsPreview:
    """``known`` keys the cache as for a spreadsheet."""
    return actions(workshop_id).preview_documents(list(files))


def documents_tab(workshop_id: str) -> None:
    st.write("Upload person-centred review documents (Word .docx), several at once or a .zip of them. wtfc reads "
             "the “What's working”, “What's not working” and “important for the future” parts: headings followed "
             "by paragraphs or bullet points, or a table with a row (or column) per person, family, staff and "
             "others. All the documents are imported together, once you confirm.")
    round_key = st.session_state.get("upload_round", 0)
    uploads = st.file_uploader("Review documents", type=["docx", "zip", "docm", "doc"], accept_multiple_files=True,
                               key=f"documents-{round_key}")
    if st.button("Try the sample review documents", icon=":material/description:", key=f"sample-docs-{round_key}"):
        st.session_state["sample-documents"] = round_key
    sample = st.session_state.get("sample-documents") == round_key
    if not uploads and not sample:
        return
    try:
        for upload in uploads:
            check_size(upload.size, upload.name)
        files = (tuple((upload.name, upload.getvalue()) for upload in uploads) if uploads
                 else ((SAMPLE_DOCUMENTS.name, SAMPLE_DOCUMENTS.read_bytes()),))
        known = tuple(actions(workshop_id).names_to_redact()), tuple(s.text for s in store().statements(workshop_id))
        found = cached_documents_preview(workshop_id, files, known)
    except UnreadableFile as problem:
        st.error(str(problem), icon=":material/error:")
        return
    st.subheader("What each document gave")
    st.dataframe(pd.DataFrame([{"Document": d.filename, "Statements found": len(d.statements),
                                "Not recognised (not imported)": "; ".join(d.not_recognised) or "—"}
                               for d in found.documents]), hide_index=True, width="stretch")
    key = hashlib.sha256(b"".join(data for _, data in files)).hexdigest()[:16]
    show_preview(workshop_id, found.preview, key, from_documents=True)


def column_mapping_form(preview: ImportPreview, file_key: str) -> None:
    st.warning("Some columns could not be matched:\n\n" + "\n".join(f"- {escape(m)}" for m in preview.needs_mapping),
               icon=":material/help:")
    table = next((t for t in preview.tables if t.sheet == preview.sheet), preview.tables[0])
    columns = [c for c in table.columns if c]
    none = "(none)"
    with st.form(f"mapping-form-{file_key}"):
        st.subheader("Which column holds what?")
        layout = st.radio("Layout", ["One statement per row", "One row per review, a column per category"])
        text = st.selectbox("Statement column (one statement per row)", [none, *columns])
        category = st.selectbox("Category column (one statement per row)", [none, *columns])
        by_category = {c: st.selectbox(f"Column for “{c}” (one row per review)", [none, *columns], key=f"wide-{c}")
                       for c in CATEGORIES}
        perspective = st.selectbox("Perspective column (optional)", [none, *columns])
        person = st.selectbox("Person reference column (optional)", [none, *columns])
        name = st.selectbox("Name column, used only to remove names (optional)", [none, *columns])
        theme = st.selectbox("Theme column, from an earlier theme spreadsheet (optional)", [none, *columns])
        if st.form_submit_button("Use these columns", type="primary"):
            pick = lambda value: None if value == none else value
            wide = layout.startswith("One row per review")
            st.session_state[f"mapping-{file_key}"] = ColumnMapping(
                layout="wide" if wide else "long", text=None if wide else pick(text),
                category=None if wide else pick(category),
                category_columns={col: cat for cat, col in by_category.items() if wide and pick(col)},
                perspective=pick(perspective), person_ref=pick(person), person_name=pick(name), theme=pick(theme))
            st.rerun()


def show_preview(workshop_id: str, preview: ImportPreview, file_key: str, from_documents: bool = False) -> None:
    """The check before importing; ``from_documents``: each statement also says which document and part it
    came from."""
    rows = preview.rows
    found = gather.preview_figures(preview)
    findings = [(r, i, f) for r in rows for i, f in enumerate(r.findings)]
    figures = st.columns(5)
    figures[0].metric("Statements found", found.statements)
    figures[1].metric("Rows with problems", found.problems)
    figures[2].metric("Possible duplicates", found.duplicates)
    figures[3].metric("No content", found.no_content)
    figures[4].metric("Personal details removed", found.redacted)
    perspective_panel(preview, file_key)

    if preview.problems:
        st.subheader("Rows with problems (these will not be imported)")
        st.dataframe(pd.DataFrame([{"Document" if from_documents else "Sheet": p.sheet, "Row": p.row,
                                    "Where" if from_documents else "Column": p.column, "Problem": p.message}
                                   for p in preview.problems]).loc[:, lambda df: df.columns[df.ne("").any()]],
                     hide_index=True, width="stretch")

    kept = set()
    if findings:
        st.subheader("Personal details removed")
        st.caption("Only you see the original words, here, before importing. Tick any that is not a personal "
                   "detail to keep it in the statement.")
        edited = st.data_editor(
            pd.DataFrame([{"Row": r.row, "Kind": f.kind, "Found": f.value, "In its sentence": r.in_sentence(i),
                           "Not personal, keep it": False} for r, i, f in findings]),
            disabled=["Row", "Kind", "Found", "In its sentence"], hide_index=True, width="stretch",
            key=f"findings-{file_key}")
        kept = {(r.key, i) for (r, i, _), keep in zip(findings, edited["Not personal, keep it"]) if keep}

    st.subheader("Statements to import")
    flags = lambda r: ", ".join(x for x in ("no content" if r.no_content else "",
                                            "possible duplicate" if r.duplicate_of is not None else "") if x)
    came_from = lambda r: {"From": f"{r.sheet}, {r.column}"} if from_documents else {}
    st.dataframe(pd.DataFrame([{"Row": r.row, **came_from(r), "Category": r.statement.category,
                                "Perspective": r.statement.perspective, "Person": r.statement.person_ref,
                                "Statement": r.kept(kept).text, "Check": flags(r)}
                               for r in rows]),
                 hide_index=True, width="stretch", height=min(420, 38 + 35 * max(len(rows), 1)),
                 column_config=STATEMENT_COLUMNS)
    include_no_content = st.checkbox(f"Also import the {counted(found.no_content, 'statement')} with no content",
                                     value=False, disabled=not found.no_content)
    include_duplicates = st.checkbox("Import possible duplicates too", value=True, disabled=not found.duplicates)
    count = gather.import_count(preview, include_no_content=include_no_content, include_duplicates=include_duplicates)
    if preview.perspective_lookalikes:
        st.caption("Answer the question about whose view each statement is (above) to import.")
    if st.button(f"Import {counted(count, 'statement')}", type="primary", disabled=count == 0 or bool(preview.perspective_lookalikes),
                 icon=":material/download_done:"):
        with reported():
            saved = actions(workshop_id).import_preview(preview, kept_details=kept,
                                                        include_no_content=include_no_content,
                                                        include_duplicates=include_duplicates)
            st.session_state["upload_round"] = st.session_state.get("upload_round", 0) + 1
            flash(f"Imported {counted(saved, 'statement')} from {preview.source_file}.")
            st.rerun()


def perspective_panel(preview: ImportPreview, file_key: str) -> None:
    """Whose views the statements are, before anything is saved; and, when a column the file has looks like
    it says who spoke but is not read, a question, since otherwise every statement counts as the person's."""
    st.markdown("**Whose view:** " + " · ".join(f"{PERSPECTIVE_LABELS[p]} {n}"
                                                 for p, n in preview.by_perspective.items()))
    for column in preview.perspective_lookalikes:
        with st.container(border=True):
            st.warning(f"The column “{escape(column)}” looks like it says who each review was done with (a son, "
                       "a care worker…), but it is not being read: as it stands, every statement counts as the "
                       "person's own view. Use it for whose view each statement is?", icon=":material/help:")
            use, no = st.columns(2)
            if use.button(f"Use “{escape(column)}”", type="primary", key=f"use-perspective-{file_key}-{column}"):
                choose_mapping(file_key, dataclasses.replace(preview.mapping, perspective=column))
            if no.button("No, every statement is the person's own view", key=f"no-perspective-{file_key}-{column}"):
                choose_mapping(file_key, dataclasses.replace(preview.mapping, no_perspective=True))


def choose_mapping(file_key: str, mapping: ColumnMapping) -> None:
    st.session_state[f"mapping-{file_key}"] = mapping
    st.rerun()


def typed_review_tab(workshop_id: str) -> None:
    with st.form("typed-review", clear_on_submit=True):
        st.write("Type in one person's review. Put each statement on its own line.")
        who, view = st.columns(2)
        person_ref = who.text_input("Person reference (not their name)", placeholder="e.g. P12")
        perspective = view.selectbox("Whose view", PERSPECTIVES)
        service_col, area_col, date_col = st.columns(3)
        service = service_col.text_input("Service (optional)")
        area = area_col.text_input("Area (optional)")
        review_date = date_col.date_input("Review date (optional)", value=None, format="DD/MM/YYYY")
        boxes = {c: st.text_area(f"What's {c}" if c != "important for the future" else "What's important for the future",
                                 height=110) for c in CATEGORIES}
        if st.form_submit_button("Add these statements", type="primary"):
            with reported():
                saved, stored_ref = actions(workshop_id).type_review(
                    person_ref=person_ref, perspective=perspective, statements_by_category=boxes, service=service,
                    area=area, review_date=review_date.isoformat() if review_date else None)
                flash(f"Added {counted(saved, 'statement')} for {stored_ref}.")
                st.rerun()


@st.fragment
def statements_tab(workshop_id: str) -> None:
    statements = store().statements(workshop_id)
    if not statements:
        st.info("No statements yet: import a file or type in a review.")
        return
    category = st.segmented_control("Category", ["all", *CATEGORIES], default="all", key="gather-category")
    shown = [s for s in statements if category in (None, "all") or s.category == category]
    st.caption(f"{len(shown)} of {counted(len(statements), 'statement')}.")
    st.dataframe(pd.DataFrame([{"Category": s.category, "Perspective": s.perspective, "Person": s.person_ref,
                                "Statement": s.text,
                                "From": s.source_file + (f" row {s.source_row}" if s.source_row else "")}
                               for s in shown]),
                 hide_index=True, width="stretch", height=min(520, 38 + 35 * max(len(shown), 1)),
                 column_config=STATEMENT_COLUMNS)
    by_id = {s.id: s for s in shown}
    chosen = st.selectbox("Correct or remove a statement", list(by_id), index=None, key="statement-to-edit",
                          placeholder="Type a few words to find it…",
                          format_func=lambda i: f"{by_id[i].person_ref} · {by_id[i].category} · {by_id[i].text}")
    if chosen:
        edit_form(workshop_id, by_id[chosen])
    st.download_button("Download statements (CSV)", statements_csv(statements, store().themes(workshop_id)),
                       file_name="statements.csv", mime="text/csv", on_click="ignore", icon=":material/download:")


def edit_form(workshop_id: str, statement) -> None:
    # Saving corrects the statement as this form last showed it: if someone changed it since, the store
    # refuses the change instead of overwriting theirs.
    shown = st.session_state.get(f"shown-{statement.id}", statement)
    st.session_state[f"shown-{statement.id}"] = statement
    with st.form(f"edit-{statement.id}"):
        st.subheader("Correct this statement")
        text = st.text_area("Statement", value=statement.text)
        left, middle, right = st.columns(3)
        category = left.selectbox("Category", CATEGORIES, index=CATEGORIES.index(statement.category))
        perspective = middle.selectbox("Whose view", PERSPECTIVES, index=PERSPECTIVES.index(statement.perspective))
        person_ref = right.text_input("Person reference", value=statement.person_ref)
        save, remove = st.columns(2)
        if save.form_submit_button("Save changes", type="primary"):
            with reported(redraw=True):
                actions(workshop_id).correct_statement(shown, text=text.strip(), category=category,
                                                       perspective=perspective, person_ref=person_ref.strip())
                flash("Statement changed. Undo is in the sidebar.")
                st.rerun(scope="app")
        if remove.form_submit_button("Remove this statement", icon=":material/delete:"):
            with reported(redraw=True):
                actions(workshop_id).remove_statement(shown)
                flash("Statement removed. Undo is in the sidebar.")
                st.rerun(scope="app")


def names_tab(workshop_id: str) -> None:
    st.write("Names on this list are removed from every statement imported or typed in from now on, "
             "as well as names in a file's name column and titled names such as “Mrs Patel”. The list stays "
             "on this computer: the workshop file carries it only if you ask.")
    names = actions(workshop_id).names_to_redact()
    st.text(", ".join(names) if names else "No names yet.")
    with st.form("names", clear_on_submit=True):
        added = st.text_area("Add names, one per line")
        if st.form_submit_button("Add to the list"):
            with reported():
                actions(workshop_id).add_names_to_redact(added.splitlines())
                st.rerun()
    if names:
        with st.form("names-off", clear_on_submit=True):
            taken_off = st.multiselect("Take names off the list", names, placeholder="Choose names…")
            if st.form_submit_button("Take off the list"):
                with reported():
                    actions(workshop_id).remove_names_to_redact(taken_off)
                    st.rerun()
    purge_form(workshop_id)


def purge_form(workshop_id: str) -> None:
    with st.expander("Remove a detail everywhere", icon=":material/delete_forever:"), \
            st.form("purge", clear_on_submit=True, border=False):
        st.write("A name or number that got through: type it to take it out of every statement, theme, plan "
                 "and action, and out of the history, for good. The history will say that a detail was removed, "
                 "never which. This cannot be undone.")
        detail = st.text_input("Detail to remove everywhere", type="password",
                               help="Hidden as you type, in case the screen is on the wall.")
        if st.form_submit_button("Remove it everywhere"):
            with reported():
                places = actions(workshop_id).purge_detail(detail)
                flash(f"Removed the detail in {places} place{'' if places == 1 else 's'}, history included."
                      if places else "That detail was not found anywhere; nothing was changed.")
                st.rerun()


workshop = require_workshop("Gather statements")

st.title(f"Gather statements: {escape(workshop.name)}")
show_flash()
counts = pd.Series([s.category for s in store().statements(workshop.id)]).value_counts()
for column, category in zip(st.columns(3), CATEGORIES):
    column.metric(category.capitalize(), int(counts.get(category, 0)))
importing, reading, typing, listing, naming = st.tabs(
    ["Import a file", "Import review documents", "Type in a review", "Statements", "Names to remove"],
    key="gather-tab")
with importing:
    import_tab(workshop.id)
with reading:
    documents_tab(workshop.id)
with typing:
    typed_review_tab(workshop.id)
with listing:
    statements_tab(workshop.id)
with naming:
    names_tab(workshop.id)
