"""Signing in with the organisation's accounts, end to end: a real OpenID Connect provider
(oidc-provider-mock) started here, a real `streamlit run` configured for it in its secrets, and
headless Chromium going through the provider's sign-in form as a person would.

Screenshots of the sign-in page, a facilitator's and a commissioner's view and the administrator's
page, at 1280×720 and on a 390×844 phone, are saved in test-artifacts/signin/ to look at.
"""
from __future__ import annotations

import secrets
import tomllib

import pytest

from tests.browser import wait_idle
from tests.conftest import Server
from wtfc.actions import Actions, Workshops
from wtfc.model import WHOLE_ROOM
from wtfc.people import ADMINISTRATOR, COMMISSIONER, FACILITATOR, Person
from wtfc.store import Store

pytestmark = pytest.mark.browser

ADA = Person("ada@council.example", "Ada Admin", ADMINISTRATOR)  # named in the secrets, not in the store
FRAN = Person("fran@council.example", "Fran Facilitator", FACILITATOR)
CARA = Person("cara@council.example", "Cara Commissioner", COMMISSIONER)
NEWCOMER = Person("new.starter@council.example", "New Starter")
SCREENS = {"laptop": {"width": 1280, "height": 720}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def provider() -> str:
    """The organisation's OpenID Connect provider: each account's subject is its e-mail address."""
    from oidc_provider_mock import User, run_server_in_thread

    accounts = [User(sub=p.email, claims={"email": p.email, "name": p.name}) for p in (ADA, FRAN, CARA, NEWCOMER)]
    with run_server_in_thread(user_claims=accounts) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def hosted(provider, tmp_path_factory) -> dict:
    """A wtfc server with sign-in, whose store has Fran's two workshops: one shared with Cara, one not."""
    folder = tmp_path_factory.mktemp("hosted")
    with Store(folder / "e2e.sqlite") as store:
        for person in (FRAN, CARA):
            store.set_role(person.email, person.name, person.role)
        fran = Workshops(store, FRAN)
        shared = fran.open_sample()
        fran.rename(shared.id, "Spring reviews")
        fran.share(shared.id, CARA.email)
        Actions(store, shared.id, person=FRAN).suggest_themes()
        theme_ids = [t.id for t in store.themes(shared.id)][:3]
        Actions(store, shared.id, person=FRAN).open_round(WHOLE_ROOM, theme_ids, 3, "What matters most")
        token = store.phone_votes.link_token(shared.id, store.rounds(shared.id)[0].id)
        private = fran.create("Private reviews")
    server = Server(folder / "e2e.sqlite", folder / "streamlit.log", ("--secrets.files", str(folder / "secrets.toml")))
    settings = f"""
[auth]
redirect_uri = "{server.url}/oauth2callback"
cookie_secret = "{secrets.token_urlsafe(32)}"
client_id = "wtfc-tests"
client_secret = "{secrets.token_urlsafe(16)}"
server_metadata_url = "{provider}/.well-known/openid-configuration"

[wtfc]
administrators = ["{ADA.email}"]
"""
    tomllib.loads(settings)
    (folder / "secrets.toml").write_text(settings, encoding="utf-8")
    server.start()
    yield {"url": server.url, "db": folder / "e2e.sqlite", "shared": shared.id, "private": private.id,
           "vote": token}
    server.stop()


def sign_in(page, url: str, person: Person) -> None:
    """Open wtfc, press Sign in, and sign in on the provider's own form as ``person``."""
    page.goto(url)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_placeholder("sub").fill(person.email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{url}/**")
    wait_idle(page)


def screenshots(browser, artifacts, name: str, url: str, person: Person, path: str = "", ready: str = "",
                then=None) -> None:
    """The same view, signed in as ``person``, on a laptop and on a phone: the page at ``path`` once
    ``ready`` (a label on it) shows, after ``then(page)`` if given."""
    folder = artifacts / "signin"
    folder.mkdir(exist_ok=True)
    for screen, size in SCREENS.items():
        context = browser.new_context(viewport=size)
        page = context.new_page()
        sign_in(page, url, person)
        if path:
            page.goto(f"{url}/{path}")
        if ready:
            page.get_by_text(ready).first.wait_for()
        if then:
            then(page)
        wait_idle(page)
        page.screenshot(path=folder / f"{name}-{screen}.png")
        context.close()


def test_a_facilitator_signs_in_and_their_changes_carry_their_name(browser, hosted, artifacts):
    context = browser.new_context(viewport=SCREENS["laptop"])
    page = context.new_page()
    page.goto(hosted["url"])
    page.get_by_role("button", name="Sign in").wait_for()
    assert "Spring reviews" not in page.content()  # nothing of a workshop before signing in
    (artifacts / "signin").mkdir(exist_ok=True)
    page.screenshot(path=artifacts / "signin" / "sign-in-laptop.png")
    page.set_viewport_size(SCREENS["phone"])
    page.screenshot(path=artifacts / "signin" / "sign-in-phone.png")
    page.set_viewport_size(SCREENS["laptop"])

    sign_in(page, hosted["url"], FRAN)
    sidebar = page.get_by_test_id("stSidebar")
    assert "Signed in as Fran Facilitator" in sidebar.inner_text()
    assert page.get_by_label("Your name (shown in the history)").count() == 0
    page.get_by_label("Workshop name").fill("Autumn reviews")
    page.get_by_role("button", name="Create workshop").click()
    page.get_by_role("heading", name="Gather statements").wait_for()
    with Store(hosted["db"]) as store:
        assert store.access(FRAN.email)[store.find_workshop("Autumn reviews").id] == "owner"

    page.goto(f"{hosted['url']}/theme_page?workshop={hosted['shared']}")
    page.get_by_role("tab", name="New theme").click()
    page.get_by_label("Name of the new theme").fill("I see the same carers")
    page.get_by_label("Name of the new theme").press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="Create theme").click()
    page.get_by_text("Created the theme").first.wait_for()
    page.keyboard.press("Escape")  # the "more like this" offer
    wait_idle(page)
    with Store(hosted["db"]) as store:
        assert store.history(hosted["shared"])[-1].author == "Fran Facilitator (fran@council.example)"
    context.close()


def test_a_commissioner_reads_only_what_is_shared_and_changes_nothing(browser, hosted, artifacts):
    context = browser.new_context(viewport=SCREENS["laptop"])
    page = context.new_page()
    sign_in(page, hosted["url"], CARA)
    main = page.get_by_test_id("stMain")
    main.get_by_text("Workshops shared with you").wait_for()
    assert "Spring reviews" in main.inner_text() and "Private reviews" not in page.content()
    assert page.get_by_label("Workshop name").count() == 0  # cannot start one
    assert page.get_by_text("Rename, copy").count() == 0
    navigation = page.get_by_test_id("stSidebarNav").inner_text()
    assert "Report" in navigation and "Theme wall" not in navigation and "Gather statements" not in navigation

    page.get_by_role("button", name="Open").click()
    page.get_by_role("heading", name="Report").wait_for()
    with page.expect_download() as download:
        page.get_by_role("button", name="Theme spreadsheet (Excel)").click()
    assert download.value.suggested_filename == "spring-reviews-themes.xlsx"
    assert page.get_by_role("button", name="Undo").count() == 0

    # Not shared with her, so not opened, whichever page the address names.
    for path in ("", "report_page", "theme_page"):
        page.goto(f"{hosted['url']}/{path}?workshop={hosted['private']}")
        wait_idle(page)
        page.wait_for_timeout(300)
        assert "Private reviews" not in page.content()
        assert "Suggest" not in page.content()
    page.goto(f"{hosted['url']}/report_page?workshop={hosted['private']}")
    page.get_by_text("That workshop is not shared with you").wait_for()

    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="End session").click()  # signing out ends the provider's session too
    page.get_by_role("button", name="Sign in").wait_for()
    page.goto(f"{hosted['url']}/report_page?workshop={hosted['shared']}")
    page.get_by_role("button", name="Sign in").wait_for()
    assert "Spring reviews" not in page.content()
    context.close()


def test_the_administrator_page_someone_without_a_role_and_a_voting_link(browser, hosted, artifacts):
    context = browser.new_context(viewport=SCREENS["laptop"])
    page = context.new_page()
    sign_in(page, hosted["url"], NEWCOMER)
    page.get_by_text("Please ask your administrator for access").wait_for()
    assert "Spring reviews" not in page.content()
    page.screenshot(path=artifacts / "signin" / "no-access-laptop.png")
    context.close()

    context = browser.new_context(viewport=SCREENS["laptop"])
    page = context.new_page()
    sign_in(page, hosted["url"], ADA)
    page.get_by_role("link", name="People and roles").click()
    page.get_by_role("heading", name="Give someone a role").wait_for()
    page.get_by_label("E-mail address", exact=True).fill(NEWCOMER.email)
    page.get_by_label("Name (optional)").fill(NEWCOMER.name)
    page.get_by_role("button", name="Save").click()
    page.get_by_text("is now: facilitator").wait_for()
    with Store(hosted["db"]) as store:
        assert store.role(NEWCOMER.email) == FACILITATOR
    context.close()

    # A voting link still needs no sign-in, and opens only its own ballot.
    phone = browser.new_context(viewport=SCREENS["phone"])
    page = phone.new_page()
    page.goto(f"{hosted['url']}/?vote={hosted['vote']}")
    page.get_by_text("What matters most").first.wait_for()
    assert page.get_by_role("button", name="Sign in").count() == 0
    assert "Spring reviews" not in page.content()
    phone.close()

    screenshots(browser, artifacts, "commissioner", hosted["url"], CARA, ready="Workshops shared with you")
    screenshots(browser, artifacts, "commissioner-report", hosted["url"], CARA,
                f"report_page?workshop={hosted['shared']}", ready="Theme spreadsheet (Excel)")
    screenshots(browser, artifacts, "administrator", hosted["url"], ADA, "people_page", ready="Everyone with a role")
    screenshots(browser, artifacts, "facilitator-sharing", hosted["url"], FRAN, ready="Your workshops",
                then=show_sharing)


def show_sharing(page) -> None:
    page.get_by_text("Rename, copy, share or delete").first.click()
    page.get_by_label("Share with (their e-mail address)").first.scroll_into_view_if_needed()
