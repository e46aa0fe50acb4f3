"""Who may open a workshop: the server listens on this computer only, an optional facilitator
passcode guards every page but the voting links, and the passcode is never shown."""
from __future__ import annotations

import threading
import time
import tomllib

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tests.test_voting_pages import by_label, vote_page, visible_text
from wtfc import edits
from wtfc.access import (DEVICE_KEY, DEVICE_WINDOW, MINIMUM_LENGTH, NEW_DEVICES_PER_ADDRESS, TRIES_PER_DEVICE,
                          TRIES_PER_SERVER, WINDOW, WRONG_PASSCODE, DeviceIds, PasscodeGuard, configured_passcode,
                          passcode_matches, passcode_problem, valid_device_id)
from wtfc.app import gate
from wtfc.model import WHOLE_ROOM, Theme, VotingRound
from wtfc.store import Store

APP = str(ROOT / "streamlit_app.py")
PASSCODE = "blue-teapot-7"
WORKSHOP_NAME = "Bradford day services"


def test_the_server_listens_on_this_computer_only_by_default():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "localhost"


def test_the_passcode_comes_from_the_environment_first_then_the_secrets():
    assert configured_passcode({"WTFC_PASSCODE": "from-env"}, {"passcode": "from-secrets"}) == "from-env"
    assert configured_passcode({}, {"passcode": "from-secrets"}) == "from-secrets"
    assert configured_passcode({"WTFC_PASSCODE": "  \n"}, {"passcode": " spaced\n"}) == "spaced"


@pytest.mark.parametrize("environ, secrets", [({}, {}), ({"WTFC_PASSCODE": ""}, {"passcode": "   "}),
                                              ({"OTHER": "x"}, {"other": "y"})])
def test_no_passcode_is_set_unless_one_is_given(environ, secrets):
    assert configured_passcode(environ, secrets) is None


def test_only_the_right_passcode_matches():
    assert passcode_matches(PASSCODE, PASSCODE)
    assert passcode_matches(f" {PASSCODE}\n", PASSCODE)  # as pasted
    assert not passcode_matches("blue-teapot-8", PASSCODE)
    assert not passcode_matches("", PASSCODE)
    assert not passcode_matches(PASSCODE.upper(), PASSCODE)
    assert passcode_matches("thé-à-la-menthe", "thé-à-la-menthe")  # compared as bytes, so any letters work
    assert not passcode_matches("the-a-la-menthe", "thé-à-la-menthe")


@pytest.fixture
def workshop(db_env) -> str:
    with Store(db_env) as store:
        return store.create_workshop(WORKSHOP_NAME).id


@pytest.fixture
def guarded(monkeypatch):
    monkeypatch.setenv("WTFC_PASSCODE", PASSCODE)


def facilitator_app(query_params: dict | None = None, secrets: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query_params or {})
    at.secrets.update(secrets or {})
    at.run()
    assert not at.exception
    return at


def give_passcode(at: AppTest, passcode: str) -> None:
    by_label(at.text_input, "Facilitator passcode").input(passcode)
    by_label(at.button, "Open the workshops").click()
    at.run()
    assert not at.exception


def shows_the_gate_only(at: AppTest) -> bool:
    return [t.value for t in at.title] == ["Working Together for Change"] and \
        [w.label for w in at.text_input] == ["Facilitator passcode"] and WORKSHOP_NAME not in visible_text(at)


def test_without_a_passcode_the_workshops_open_directly(workshop):
    at = facilitator_app()
    assert not at.text_input or "Facilitator passcode" not in [w.label for w in at.text_input]
    assert WORKSHOP_NAME in visible_text(at)


def test_with_a_passcode_every_page_asks_for_it_first(guarded, workshop):
    assert shows_the_gate_only(facilitator_app())
    at = facilitator_app({"workshop": workshop})
    at.switch_page("wtfc/app/gather_page.py").run()
    assert shows_the_gate_only(at)
    assert not at.sidebar.text_input  # no sidebar, no history, no undo


def test_a_wrong_passcode_is_refused_in_plain_words_after_a_pause(guarded, workshop):
    at = facilitator_app()
    started = time.monotonic()
    give_passcode(at, "blue-teapot-8")
    assert time.monotonic() - started >= 1
    assert [e.value for e in at.error] == [WRONG_PASSCODE]
    assert shows_the_gate_only(at)
    assert "blue-teapot" not in visible_text(at)


def test_the_right_passcode_opens_the_workshops_for_this_browser_session_only(guarded, workshop):
    at = facilitator_app()
    give_passcode(at, PASSCODE)
    assert not at.error
    assert WORKSHOP_NAME in visible_text(at) and PASSCODE not in visible_text(at)
    at.switch_page("wtfc/app/gather_page.py")
    at.query_params["workshop"] = workshop
    at.run()
    assert at.title[0].value == f"Gather statements: {WORKSHOP_NAME}"  # not asked again in this session

    assert shows_the_gate_only(facilitator_app())  # another browser session is asked again


def test_a_passcode_in_streamlit_secrets_guards_the_pages_too(workshop):
    at = facilitator_app(secrets={"passcode": PASSCODE})
    assert shows_the_gate_only(at)
    give_passcode(at, PASSCODE)
    assert WORKSHOP_NAME in visible_text(at)


def test_a_voting_link_needs_no_passcode_and_shows_only_its_round(guarded, db_env, workshop):
    theme = Theme("not working", "I want my visits on time", id="late")
    with Store(db_env) as store:
        store.apply(workshop, edits.create_themes([theme]))
        voting_round = VotingRound(WHOLE_ROOM, ballot=(theme.id,), dots=2, title="What matters most?")
        store.apply(workshop, edits.open_round(voting_round))
        token = store.phone_votes.link_token(workshop, voting_round.id)
    at = vote_page(token)
    assert [t.value for t in at.title] == ["What matters most?"]
    assert [w.label for w in at.number_input] == [theme.name]
    assert not at.text_input and WORKSHOP_NAME not in visible_text(at)


@pytest.fixture(autouse=True)
def fresh_guard(monkeypatch):
    """Each test starts with a server that has seen no wrong passcodes."""
    monkeypatch.setattr(gate, "GUARD", PasscodeGuard())


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_one_device_is_locked_out_after_repeated_wrong_passcodes_even_with_the_right_one():
    clock = Clock()
    guard = PasscodeGuard(clock)
    for _ in range(TRIES_PER_DEVICE):
        assert guard.attempt("guess", PASSCODE, "10.0.0.9") == WRONG_PASSCODE
        clock.now += 1
    locked = guard.attempt(PASSCODE, PASSCODE, "10.0.0.9")
    assert locked == "Too many wrong passcodes were typed on this device. Please wait 15 minutes, then try again."
    assert guard.attempt(PASSCODE, PASSCODE, "10.0.0.10") is None  # another device is not held up
    clock.now += WINDOW - TRIES_PER_DEVICE + 1  # the first mistake is now WINDOW old: one more try
    assert guard.attempt(PASSCODE, PASSCODE, "10.0.0.9") is None


def test_many_addresses_together_lock_out_the_whole_server_for_a_while():
    clock = Clock()
    guard = PasscodeGuard(clock)
    for n in range(TRIES_PER_SERVER):
        assert guard.attempt("guess", PASSCODE, f"10.0.1.{n}") == WRONG_PASSCODE
    clock.now += 60
    assert guard.attempt(PASSCODE, PASSCODE, "10.0.2.1") == (
        "Too many wrong passcodes were typed on this server. Please wait 14 minutes, or restart wtfc on the "
        "computer running it, then try again.")
    clock.now += WINDOW
    assert guard.attempt(PASSCODE, PASSCODE, "10.0.2.1") is None


def test_parallel_sessions_share_one_count():
    """The finding: 40 parallel sessions made 24.5 guesses a second. Now they get TRIES_PER_SERVER in all."""
    guard = PasscodeGuard()
    checked = []

    def guesser(n: int) -> None:
        for k in range(50):
            if guard.attempt(f"guess-{n}-{k}", PASSCODE, f"10.0.3.{n}") == WRONG_PASSCODE:
                checked.append(n)

    threads = [threading.Thread(target=guesser, args=(n,)) for n in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(checked) == TRIES_PER_SERVER


def test_a_passcode_shorter_than_twelve_characters_is_refused_at_start():
    assert MINIMUM_LENGTH == 12
    assert passcode_problem("x" * 12) is None
    assert passcode_problem("teapot-7") == (
        "The facilitator passcode that is set is too short (8 characters): use at least 12, for example three or "
        "four unrelated words, then start wtfc again. The workshops stay closed until then.")


def test_with_a_short_passcode_the_app_stays_closed_and_says_why(monkeypatch, workshop):
    monkeypatch.setenv("WTFC_PASSCODE", "teapot-7")
    at = facilitator_app()
    assert [e.value for e in at.error] == [passcode_problem("teapot-7")]
    assert not at.text_input and WORKSHOP_NAME not in visible_text(at)


def test_the_app_locks_a_device_out_after_repeated_wrong_passcodes(guarded, workshop):
    at = facilitator_app()
    for _ in range(TRIES_PER_DEVICE):
        give_passcode(at, "blue-teapot-8")
    give_passcode(at, PASSCODE)
    assert [e.value for e in at.error] == [
        "Too many wrong passcodes were typed on this device. Please wait 15 minutes, then try again."]
    assert shows_the_gate_only(at)


def test_device_ids_are_signed_so_made_up_ones_count_for_nothing(db_env):
    with Store(db_env) as store:
        key = store.server_key(DEVICE_KEY)
    with Store(db_env) as reopened:
        assert reopened.server_key(DEVICE_KEY) == key  # a restart keeps phones' ids valid
    phone, refused = DeviceIds().new(key, "10.0.0.7")
    assert refused is None and valid_device_id(phone, key)
    token, _, signature = phone.partition(".")
    for forged in ("invented-voter-0001", f"{token}.{'0' * len(signature)}", f"other{token}.{signature}",
                   f"{token}.{signature}x", "", None, 42, "é.é"):
        assert not valid_device_id(forged, key)
    assert not valid_device_id(phone, b"another server's key" * 2)


def test_one_network_address_can_start_only_a_few_devices_an_hour():
    clock = Clock()
    devices = DeviceIds(clock)
    key = b"k" * 32
    started = [devices.new(key, "10.0.0.8") for _ in range(NEW_DEVICES_PER_ADDRESS)]
    assert all(device and refused is None for device, refused in started)
    assert len({device for device, _ in started}) == NEW_DEVICES_PER_ADDRESS
    device, refused = devices.new(key, "10.0.0.8")
    assert device is None and refused.startswith(
        f"This network address has already started voting on {NEW_DEVICES_PER_ADDRESS} devices in the last hour.")
    assert "try again in 60 minutes" in refused
    assert devices.new(key, "10.0.0.9")[1] is None  # the next phone in the room is not held up
    clock.now += DEVICE_WINDOW
    assert devices.new(key, "10.0.0.8")[1] is None
