"""Workshops: create, open, rename, duplicate, share and delete; or try the sample in one click.

With sign-in, each person sees the workshops they may open, and only the controls their role allows."""
import streamlit as st

from wtfc.app.common import choose_workshop, escape, flash, open_workshop, reported, show_flash, workshops
from wtfc.people import OWNER
from wtfc.store import StoreError
from wtfc.words import counted

GATHER_PAGE = "wtfc/app/gather_page.py"
REPORT_PAGE = "wtfc/app/report_page.py"  # where someone who only reads a workshop starts


def go_to(workshop_id: str) -> None:
    choose_workshop(workshop_id)
    page = GATHER_PAGE if workshops().may_change(workshop_id) else REPORT_PAGE
    st.switch_page(page, query_params={"workshop": workshop_id})


def forget_pending_delete() -> None:
    st.session_state.pop("pending-delete", None)


@st.dialog("Delete this workshop?", on_dismiss=forget_pending_delete)
def confirm_delete(workshop_id: str, name: str) -> None:
    st.write(f"“{escape(name)}” and all its statements, themes and history will be deleted. "
             "This cannot be undone.")
    left, right = st.columns(2)
    if left.button("Yes, delete it", type="primary", key="confirm-delete"):
        forget_pending_delete()
        with reported():
            workshops().delete(workshop_id)
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


def sharing_panel(workshop_id: str) -> None:
    """Who else may open the workshop: facilitators to work on it, commissioners to read it."""
    st.markdown("**Shared with**")
    shared = [(email, access) for email, access in workshops().shared_with(workshop_id) if access != OWNER]
    st.caption(", ".join(escape(email) for email, _ in shared) if shared else "Nobody else yet.")
    with st.form(f"share-{workshop_id}", border=False, clear_on_submit=True):
        email = st.text_input("Share with (their e-mail address)", key=f"share-email-{workshop_id}",
                              placeholder="name@organisation.example")
        if st.form_submit_button("Share", icon=":material/share:"):
            with reported():
                flash(workshops().share(workshop_id, email))
                st.rerun()
    if shared:
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        chosen = left.selectbox("Stop sharing with", [email for email, _ in shared], index=None,
                                key=f"unshare-{workshop_id}", placeholder="Choose someone…")
        if right.button("Stop sharing", key=f"unshare-button-{workshop_id}", disabled=chosen is None):
            with reported():
                flash(workshops().stop_sharing(workshop_id, chosen))
                st.rerun()


show_flash()
current = open_workshop()
housekeeping = workshops()

if housekeeping.may_create():
    start, sample = st.columns([2, 1], gap="large")
    with start.form("create", clear_on_submit=True, border=True):
        st.subheader("Start a new workshop")
        name = st.text_input("Workshop name", placeholder="e.g. Homecare reviews, spring 2026")
        if st.form_submit_button("Create workshop", type="primary", icon=":material/add:"):
            with reported():
                go_to(housekeeping.create(name).id)
    with sample.container(border=True):
        st.subheader("Just looking?")
        st.write("Open a made-up homecare workshop to look around: nothing in it is about real people.")
        if st.button("Try the sample workshop", icon=":material/play_arrow:"):
            go_to(housekeeping.open_sample().id)

    with st.expander("Open a workshop file from another computer", icon=":material/upload_file:"):
        shared = st.file_uploader("Workshop file (made on the Report page)", type=["json"], key="workshop-file")
        if shared is not None and st.button("Open it", type="primary"):
            try:
                go_to(housekeeping.import_file(shared.getvalue()).id)
            except (ValueError, StoreError) as problem:
                st.error(escape(f"{shared.name}: {problem}"), icon=":material/error:")

visible = housekeeping.visible()
st.header("Your workshops" if housekeeping.may_create() else "Workshops shared with you")
if not visible:
    st.info("No workshops yet. Start one above, or try the sample." if housekeeping.may_create() else
            "No workshop has been shared with you yet. Ask the workshop's facilitator to share it.")
for workshop in visible:
    with st.container(border=True):
        info, open_col = st.columns([4, 1], vertical_alignment="center")
        marker = " (open now)" if current and current.id == workshop.id else ""
        info.markdown(f"**{escape(workshop.name)}**{marker}  \n"
                      f"{counted(workshop.statement_count, 'statement')} · last changed {workshop.updated_at[:10]}")
        if open_col.button("Open", key=f"open-{workshop.id}", type="primary", width="stretch"):
            go_to(workshop.id)
        if not housekeeping.may_change(workshop.id):
            continue  # read only: nothing to rename, copy, share or delete
        sharing, deleting = housekeeping.may_share(workshop.id), housekeeping.may_delete(workshop.id)
        with st.expander("Rename, copy, share or delete" if sharing else "Rename, copy or delete" if deleting
                         else "Rename or copy"):
            with st.form(f"rename-{workshop.id}", border=False):
                new_name = st.text_input("New name", value=workshop.name, key=f"name-{workshop.id}")
                if st.form_submit_button("Rename"):
                    with reported():
                        housekeeping.rename(workshop.id, new_name)
                        flash(f"Renamed to “{' '.join(new_name.split())}”.")
                        st.rerun()
            with st.form(f"copy-{workshop.id}", border=False):
                copy_name = st.text_input("Name of the copy", value=f"{workshop.name} (copy)",
                                          key=f"copy-name-{workshop.id}")
                if st.form_submit_button("Make a copy"):
                    with reported():
                        copy = housekeeping.duplicate(workshop.id, copy_name)
                        flash(f"Copied to “{copy.name}”.")
                        st.rerun()
            if sharing:
                sharing_panel(workshop.id)
            if not deleting:
                continue
            if st.button("Delete…", key=f"delete-{workshop.id}", icon=":material/delete:"):
                st.session_state["pending-delete"] = workshop.id
            # Kept in session state so the dialog survives the rerun its own buttons cause.
            if st.session_state.get("pending-delete") == workshop.id:
                confirm_delete(workshop.id, workshop.name)
