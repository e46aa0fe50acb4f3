"""Workshops: create, open, rename, duplicate and delete; or try the sample in one click."""
import streamlit as st

from wtfc.app.common import choose_workshop, escape, flash, open_workshop, reported, show_flash, store
from wtfc.sample import open_sample_workshop
from wtfc.store import StoreError
from wtfc.workshop_file import check_size, import_workshop
from wtfc.words import counted

GATHER_PAGE = "wtfc/app/gather_page.py"


def go_to(workshop_id: str) -> None:
    choose_workshop(workshop_id)
    st.switch_page(GATHER_PAGE, query_params={"workshop": workshop_id})


def forget_pending_delete() -> None:
    st.session_state.pop("pending-delete", None)


@st.dialog("Delete this workshop?", on_dismiss=forget_pending_delete)
def confirm_delete(workshop_id: str, name: str) -> None:
    st.write(f"“{escape(name)}” and all its statements, themes and history will be deleted. "
             "This cannot be undone.")
    left, right = st.columns(2)
    if left.button("Yes, delete it", type="primary", key="confirm-delete"):
        forget_pending_delete()
        store().delete_workshop(workshop_id)
        if st.session_state.get("workshop") == workshop_id:
            choose_workshop(None)
        flash(f"Deleted “{name}”.")
        st.rerun()
    if right.button("No, keep it", key="cancel-delete"):
        forget_pending_delete()
        st.rerun()


st.title("Working Together for Change")
st.write("Gather what people said in their reviews, group it into themes together, agree what matters "
         "most and what will change.")
show_flash()
current = open_workshop()

start, sample = st.columns([2, 1], gap="large")
with start.form("create", clear_on_submit=True, border=True):
    st.subheader("Start a new workshop")
    name = st.text_input("Workshop name", placeholder="e.g. Homecare reviews, spring 2026")
    if st.form_submit_button("Create workshop", type="primary", icon=":material/add:"):
        with reported():
            go_to(store().create_workshop(name).id)
with sample.container(border=True):
    st.subheader("Just looking?")
    st.write("Open a made-up homecare workshop to look around: nothing in it is about real people.")
    if st.button("Try the sample workshop", icon=":material/play_arrow:"):
        go_to(open_sample_workshop(store()).id)

with st.expander("Open a workshop file from another computer", icon=":material/upload_file:"):
    shared = st.file_uploader("Workshop file (made on the Report page)", type=["json"], key="workshop-file")
    if shared is not None and st.button("Open it", type="primary"):
        try:
            check_size(shared.size)
            go_to(import_workshop(store(), shared.getvalue()).id)
        except (ValueError, StoreError) as problem:
            st.error(escape(f"{shared.name}: {problem}"), icon=":material/error:")

workshops = store().workshops()
st.header("Your workshops")
if not workshops:
    st.info("No workshops yet. Start one above, or try the sample.")
for workshop in workshops:
    with st.container(border=True):
        info, open_col = st.columns([4, 1], vertical_alignment="center")
        marker = " (open now)" if current and current.id == workshop.id else ""
        info.markdown(f"**{escape(workshop.name)}**{marker}  \n"
                      f"{counted(workshop.statement_count, 'statement')} · last changed {workshop.updated_at[:10]}")
        if open_col.button("Open", key=f"open-{workshop.id}", type="primary", width="stretch"):
            go_to(workshop.id)
        with st.expander("Rename, copy or delete"):
            with st.form(f"rename-{workshop.id}", border=False):
                new_name = st.text_input("New name", value=workshop.name, key=f"name-{workshop.id}")
                if st.form_submit_button("Rename"):
                    with reported():
                        store().rename_workshop(workshop.id, new_name)
                        flash(f"Renamed to “{' '.join(new_name.split())}”.")
                        st.rerun()
            with st.form(f"copy-{workshop.id}", border=False):
                copy_name = st.text_input("Name of the copy", value=f"{workshop.name} (copy)",
                                          key=f"copy-name-{workshop.id}")
                if st.form_submit_button("Make a copy"):
                    with reported():
                        copy = store().duplicate_workshop(workshop.id, copy_name)
                        flash(f"Copied to “{copy.name}”.")
                        st.rerun()
            if st.button("Delete…", key=f"delete-{workshop.id}", icon=":material/delete:"):
                st.session_state["pending-delete"] = workshop.id
            # Kept in session state so the dialog survives the rerun its own buttons cause.
            if st.session_state.get("pending-delete") == workshop.id:
                confirm_delete(workshop.id, workshop.name)
