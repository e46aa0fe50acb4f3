"""Who may do what when an organisation hosts wtfc: the role rules, kept in the use-case layer
(``Actions``, ``Workshops``, ``Organisation``) so the pages and the command line cannot get round them."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.pages import APP
from wtfc.actions import Actions, NotAllowed, NothingToChange, Organisation, Workshops
from wtfc.model import WORKING
from wtfc.people import (ADMINISTRATOR, COMMISSIONER, FACILITATOR, OWNER, SHARED, Person,
                         configured_administrators, signed_in_person)
from wtfc.store import Store

pytestmark = pytest.mark.both_stores  # the rules' tests run on a SQLite file and on PostgreSQL

ADMIN = Person("ada@council.example", "Ada Admin", ADMINISTRATOR)
FRAN = Person("fran@council.example", "Fran Facilitator", FACILITATOR)
FINN = Person("finn@council.example", "Finn Facilitator", FACILITATOR)
CARA = Person("cara@council.example", "Cara Commissioner", COMMISSIONER)
NOBODY = Person("new.starter@council.example", "New Starter", None)


@pytest.fixture
def organisation(store: Store) -> Store:
    """Fran, Finn and Cara given their roles by an administrator."""
    for person in (FRAN, FINN, CARA):
        Organisation(store, ADMIN).set_role(person.email, person.name, person.role)
    return store


def test_administrators_come_from_the_environment_and_the_secrets_together():
    environ = {"WTFC_ADMINISTRATORS": "IT.Lead@Council.example, deputy@council.example"}
    secrets = {"wtfc": {"administrators": ["  ada@council.example ", ""]}}
    assert configured_administrators(environ, secrets) == {"it.lead@council.example", "deputy@council.example",
                                                          "ada@council.example"}
    assert configured_administrators({}, {"wtfc": {"administrators": "one@council.example"}}) == {
        "one@council.example"}
    assert configured_administrators({}, {}) == frozenset()


def test_a_configured_administrator_is_one_whatever_the_store_says_and_others_have_their_stored_role():
    admins = frozenset({"ada@council.example"})
    assert signed_in_person("Ada@Council.example", "Ada  Admin", COMMISSIONER, admins) == ADMIN
    assert signed_in_person("cara@council.example", "Cara Commissioner", COMMISSIONER, admins) == CARA
    assert signed_in_person("someone@council.example", "", None, admins).role is None
    assert signed_in_person("someone@council.example", "", "superuser", admins).role is None


def test_a_facilitator_owns_what_they_create_and_sees_only_theirs_and_what_is_shared(organisation):
    mine = Workshops(organisation, FRAN).create("Spring reviews")
    theirs = Workshops(organisation, FINN).create("Autumn reviews")
    assert organisation.access(FRAN.email) == {mine.id: OWNER}
    assert [w.name for w in Workshops(organisation, FRAN).visible()] == ["Spring reviews"]
    with pytest.raises(NotAllowed, match="not shared with you"):
        Workshops(organisation, FRAN).open(theirs.id)
    with pytest.raises(NotAllowed, match="not shared with you"):
        Actions(organisation, theirs.id, person=FRAN)

    assert Workshops(organisation, FINN).share(theirs.id, "FRAN@council.example ") == (
        "Shared with fran@council.example (facilitator).")
    assert {w.name for w in Workshops(organisation, FRAN).visible()} == {"Spring reviews", "Autumn reviews"}
    shared = Actions(organisation, theirs.id, person=FRAN)
    shared.create_theme(WORKING, "I see the same carers")  # shared with a facilitator: they work on it
    assert [t.name for t in organisation.themes(theirs.id)] == ["I see the same carers"]
    # ... but only its owner (or an administrator) decides who sees it, or deletes it.
    with pytest.raises(NotAllowed, match="owns a workshop"):
        Workshops(organisation, FRAN).share(theirs.id, CARA.email)
    with pytest.raises(NotAllowed, match="owns a workshop"):
        Workshops(organisation, FRAN).delete(theirs.id)
    assert organisation.workshop(theirs.id) is not None


def test_the_history_names_the_signed_in_person_not_a_typed_name(organisation):
    workshop = Workshops(organisation, FRAN).create("Spring reviews")
    Actions(organisation, workshop.id, author="Somebody Else", person=FRAN).create_theme(WORKING, "I feel heard")
    assert [r.author for r in organisation.history(workshop.id)] == ["Fran Facilitator (fran@council.example)"]


def test_a_commissioner_reads_a_shared_workshop_and_can_change_nothing(organisation):
    workshop = Workshops(organisation, FRAN).create("Spring reviews")
    Actions(organisation, workshop.id, person=FRAN).create_theme(WORKING, "I feel heard")
    Workshops(organisation, FRAN).share(workshop.id, CARA.email)
    unshared = Workshops(organisation, FRAN).create("Private reviews")

    reading = Actions(organisation, workshop.id, person=CARA)
    assert [t.name for t in reading.themes()] == ["I feel heard"]
    assert reading.report().name == "Spring reviews"  # the spreadsheet and the report: downloads
    theme = reading.themes()[0]
    for change in (lambda: reading.rename_theme(theme, "Changed"), lambda: reading.delete_theme(theme),
                   lambda: reading.create_theme(WORKING, "New"), reading.undo,
                   lambda: reading.add_names_to_redact(["Jackie"])):
        with pytest.raises(NotAllowed, match="read and download"):
            change()
    assert [t.name for t in organisation.themes(workshop.id)] == ["I feel heard"]
    assert len(organisation.history(workshop.id)) == 1

    housekeeping = Workshops(organisation, CARA)
    assert [w.name for w in housekeeping.visible()] == ["Spring reviews"]
    with pytest.raises(NotAllowed, match="not shared with you"):
        housekeeping.open(unshared.id)
    with pytest.raises(NotAllowed, match="not shared with you"):
        Actions(organisation, unshared.id, person=CARA)
    for change in (lambda: housekeeping.create("Mine"), housekeeping.open_sample,
                   lambda: housekeeping.rename(workshop.id, "Renamed"),
                   lambda: housekeeping.duplicate(workshop.id, "Copy"), lambda: housekeeping.delete(workshop.id),
                   lambda: housekeeping.share(workshop.id, FINN.email)):
        with pytest.raises(NotAllowed):
            change()
    assert sorted(w.name for w in organisation.workshops()) == ["Private reviews", "Spring reviews"]


def test_someone_without_a_role_sees_nothing_and_can_start_nothing(organisation):
    Workshops(organisation, FRAN).create("Spring reviews")
    assert Workshops(organisation, NOBODY).visible() == []
    with pytest.raises(NotAllowed):
        Workshops(organisation, NOBODY).create("Mine")


def test_sharing_needs_a_person_with_a_role_and_can_be_taken_back(organisation):
    workshop = Workshops(organisation, FRAN).create("Spring reviews")
    owner = Workshops(organisation, FRAN)
    with pytest.raises(ValueError, match="no role in wtfc yet"):
        owner.share(workshop.id, NOBODY.email)
    owner.share(workshop.id, CARA.email)
    with pytest.raises(NothingToChange):
        owner.share(workshop.id, CARA.email)
    assert owner.shared_with(workshop.id) == [(FRAN.email, OWNER), (CARA.email, SHARED)]
    assert owner.stop_sharing(workshop.id, CARA.email) == "No longer shared with cara@council.example."
    assert Workshops(organisation, CARA).visible() == []
    with pytest.raises(NothingToChange):
        owner.stop_sharing(workshop.id, FRAN.email)  # the owner is not "shared with"


def test_an_administrator_sees_and_changes_everything_and_decides_roles(organisation):
    workshop = Workshops(organisation, FRAN).create("Spring reviews")
    admin = Workshops(organisation, ADMIN)
    assert [w.name for w in admin.visible()] == ["Spring reviews"]
    Actions(organisation, workshop.id, person=ADMIN).create_theme(WORKING, "I feel heard")
    admin.share(workshop.id, CARA.email)

    roles = Organisation(organisation, ADMIN)
    assert roles.set_role(" Sam.Jones@Council.example", "Sam  Jones", COMMISSIONER) == (
        "sam.jones@council.example is now: commissioner.")
    assert Person("sam.jones@council.example", "Sam Jones", COMMISSIONER) in roles.people()
    with pytest.raises(ValueError, match="e-mail address"):
        roles.set_role("Sam Jones", "", FACILITATOR)
    with pytest.raises(ValueError, match="not a role"):
        roles.set_role("sam@council.example", "", "owner")
    with pytest.raises(ValueError, match="your own role"):
        roles.set_role(ADMIN.email, "", COMMISSIONER)
    roles.remove(CARA.email)
    assert organisation.role(CARA.email) is None
    for someone in (FRAN, CARA):
        with pytest.raises(NotAllowed, match="administrator"):
            Organisation(organisation, someone)
    admin.delete(workshop.id)
    assert organisation.workshops() == [] and organisation.shared_with(workshop.id) == []


def test_each_facilitator_gets_a_sample_of_their_own(organisation):
    first = Workshops(organisation, FRAN).open_sample()
    assert Workshops(organisation, FRAN).open_sample().id == first.id
    second = Workshops(organisation, FINN).open_sample()
    assert second.id != first.id and second.statement_count == first.statement_count > 0
    assert [w.name for w in Workshops(organisation, FINN).visible()] == [second.name]


def test_on_a_laptop_nobody_signs_in_and_everything_is_allowed(store):
    laptop = Workshops(store)
    workshop = laptop.create("Spring reviews")
    assert laptop.may_change(workshop.id) and laptop.may_delete(workshop.id) and not laptop.may_share(workshop.id)
    Actions(store, workshop.id, author="Sam").create_theme(WORKING, "I feel heard")
    assert [r.author for r in store.history(workshop.id)] == ["Sam"]
    assert store.access("anyone@council.example") == {}


AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "a-test-cookie-secret",
        "client_id": "wtfc", "client_secret": "test-secret",
        "server_metadata_url": "http://localhost:9400/.well-known/openid-configuration"}


def test_with_sign_in_configured_every_page_asks_to_sign_in_first(db_env):
    with Store(db_env) as store:
        workshop = Workshops(store).create("Spring reviews")
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = AUTH
    at.query_params["workshop"] = workshop.id
    at.run()
    assert not at.exception
    assert [b.label for b in at.button] == ["Sign in"]
    shown = " ".join(m.value for m in at.markdown)
    assert "Sign in with your organisation's account" in shown and "Spring reviews" not in shown
    assert not at.text_input  # not even the "Your name" box


def signed_in_page(user: Person | None, page: str | None = None, workshop_id: str | None = None) -> AppTest:
    """A new browser session of a server with sign-in configured, signed in as ``user``."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = AUTH
    at.secrets["wtfc"] = {"administrators": [ADMIN.email]}
    at.user = {"is_logged_in": True, "email": user.email.upper(), "name": user.name}
    if workshop_id:
        at.query_params["workshop"] = workshop_id
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception
    return at


def shown_text(at: AppTest) -> str:
    return " ".join(str(e.value) for kind in (at.title, at.header, at.subheader, at.markdown, at.caption, at.info,
                                               at.error, at.success) for e in kind).replace("\u2060", "")


@pytest.fixture
def hosted(db_env) -> dict[str, str]:
    """A server's store with Fran's two workshops: one shared with Cara, one not."""
    with Store(db_env) as store:
        for person in (FRAN, CARA):
            store.set_role(person.email, person.name, person.role)
        fran = Workshops(store, FRAN)
        shared, private = fran.create("Spring reviews"), fran.create("Private reviews")
        Actions(store, shared.id, person=FRAN).create_theme(WORKING, "I feel heard")
        fran.share(shared.id, CARA.email)
        return {"shared": shared.id, "private": private.id, "db": db_env}


def test_a_commissioner_sees_only_the_shared_workshop_and_no_control_that_changes_it(hosted):
    at = signed_in_page(CARA)
    text = shown_text(at)
    assert "Workshops shared with you" in text and "Spring reviews" in text and "Private reviews" not in text
    assert "Signed in as **Cara Commissioner**" in text and "Commissioner" in text
    assert not at.text_input and not at.expander  # no "Your name", no start, rename, copy, share or delete
    assert {b.label for b in at.button} == {"Open", "Sign out"}


def test_a_commissioner_cannot_open_an_unshared_workshop_even_by_its_address(hosted):
    at = signed_in_page(CARA, "wtfc/app/report_page.py", hosted["private"])
    text = shown_text(at)
    assert "That workshop is not shared with you" in text and "Private reviews" not in text
    assert "Open or start a workshop first." in text
    assert not at.get("download_button")
    at = signed_in_page(CARA, "wtfc/app/report_page.py", hosted["shared"])
    assert [b.label for b in at.get("download_button")] == [
        "Theme spreadsheet (Excel)", "Statements with their themes (CSV)", "Plain report (web page to print or share)",
        "Workshop file"]
    assert not at.checkbox  # the names to remove stay with those who may change the workshop


def test_pages_that_change_a_workshop_are_not_a_commissioners_even_by_their_address(hosted):
    at = signed_in_page(CARA, "wtfc/app/theme_page.py", hosted["shared"])
    text = shown_text(at)  # the address falls back to the Workshops page
    assert "Workshops shared with you" in text and "Theme wall" not in text
    assert not any(b.label.startswith("Suggest") for b in at.button)


def test_someone_signed_in_without_a_role_is_asked_to_ask_their_administrator(hosted):
    at = signed_in_page(NOBODY, workshop_id=hosted["shared"])
    text = shown_text(at)
    assert "ask your administrator for access" in text and "Spring reviews" not in text
    assert [b.label for b in at.button] == ["Sign out"]


def test_a_facilitator_signed_in_works_without_typing_a_name(hosted):
    at = signed_in_page(FRAN)
    assert not [t for t in at.text_input if t.label.startswith("Your name")]
    at.text_input(key=f"share-email-{hosted['shared']}").set_value(FINN.email)  # Finn has no role
    next(b for b in at.button if b.label == "Share" and b.form_id == f"share-{hosted['shared']}").click().run()
    assert "has no role in wtfc yet" in shown_text(at)


def test_the_administrator_gives_roles_on_their_own_page(hosted):
    at = signed_in_page(ADMIN, "wtfc/app/people_page.py")
    assert "People and roles" in shown_text(at)
    fields = {t.label: t for t in at.text_input}
    fields["E-mail address"].set_value("Finn@Council.example")
    fields["Name (optional)"].set_value("Finn Facilitator")
    next(b for b in at.button if b.label == "Save").click().run()
    assert "finn@council.example is now: facilitator." in shown_text(at)
    with Store(hosted["db"]) as store:
        assert store.role(FINN.email) == FACILITATOR
    assert not signed_in_page(FRAN, "wtfc/app/people_page.py").get("dataframe")  # not a facilitator's page


def test_the_method_sheet_says_who_made_the_changes(organisation):
    from io import BytesIO

    from openpyxl import load_workbook

    from wtfc.export import workbook_bytes

    workshop = Workshops(organisation, FRAN).create("Spring reviews")
    Actions(organisation, workshop.id, person=FRAN).create_theme(WORKING, "I feel heard")
    Actions(organisation, workshop.id, person=FRAN).create_theme(WORKING, "I see the same carers")
    Workshops(organisation, FRAN).share(workshop.id, FINN.email)
    Actions(organisation, workshop.id, person=FINN).create_theme(WORKING, "I know who is coming")
    book = load_workbook(BytesIO(workbook_bytes(Actions(organisation, workshop.id, person=FRAN).report())))
    method = dict(book["Method"].iter_rows(min_row=2, values_only=True))
    assert method["Changes made by Fran Facilitator (fran@council.example)"] == 2
    assert method["Changes made by Finn Facilitator (finn@council.example)"] == 1
