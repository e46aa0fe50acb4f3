"""The voting pages, run by AppTest against a real store file: a facilitator's round from opening
to results on the Prioritise page, and a participant's page opened from a round's voting link."""
from __future__ import annotations

import base64

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from wtfc import edits
from wtfc.access import DEVICE_COOKIE, DEVICE_KEY, DeviceIds
from wtfc.app.voting import NO_PASSCODE_ON_NETWORK, qr_svg
from wtfc.model import CLOSED, FUTURE, NOT_WORKING, OPEN, PROVIDER, TALLY, WORKING, Statement, Theme, VotingRound
from wtfc.priorities import round_totals
from wtfc.store import UNKNOWN_LINK, Store, StoreError

APP = str(ROOT / "streamlit_app.py")
PRIORITISE = "wtfc/app/priorities_page.py"
TAB_PARAM, VOTING_TAB = "prioritise-tab", "Voting"
WORKSHOP_NAME = "Leeds homecare spring"
SAME = Theme(WORKING, "I want the same carers", position=1, id="same")
LATE = Theme(NOT_WORKING, "I want my visits on time", position=2, id="late")
EMPTY = Theme(FUTURE, "I want to choose my times", position=3, id="empty")
STATEMENTS = [("Same carer every morning", "P1", SAME), ("I know my carers", "P2", SAME),
              ("They came at eleven for breakfast", "P1", LATE), ("Nobody rang to say they were late", "P3", LATE),
              ("Late again on Sunday", "P4", LATE)]


def by_label(widgets, label):
    return next(w for w in widgets if w.label == label)


def labelled(widgets, label) -> list:
    """Every widget with this label, in page order (the open form's come before each round's)."""
    return [w for w in widgets if w.label == label]


def visible_text(at: AppTest) -> str:
    """Everything a person could read on the page."""
    parts = [e.value for kind in (at.title, at.header, at.subheader, at.markdown, at.caption, at.info, at.error,
                                  at.success, at.warning, at.code) for e in kind]
    parts += [h.proto.body for h in at.get("html")]
    parts += [w.label for kind in (at.number_input, at.button, at.multiselect, at.radio, at.text_input) for w in kind]
    parts += [t.value.to_string() for t in at.table]
    return "\n".join(parts)


@pytest.fixture
def workshop(db_env):
    """A working and a not-working theme with statements, and a theme nobody has said anything about yet."""
    with Store(db_env) as store:
        workshop_id = store.create_workshop(WORKSHOP_NAME).id
        statements = [Statement(text=text, category=theme.category, person_ref=person, theme_id=theme.id, position=n)
                      for n, (text, person, theme) in enumerate(STATEMENTS)]
        store.apply(workshop_id, edits.combine("setup", "set up", [edits.create_themes([SAME, LATE, EMPTY]),
                                                                  edits.add_statements(statements, "test")]))
    return workshop_id


@pytest.fixture
def voting_round(db_env, workshop):
    """An open round of 3 dots on the two themes with statements, and its voting link's token."""
    with Store(db_env) as store:
        opened = VotingRound(PROVIDER, (SAME.id, LATE.id), dots=3, title="What matters most to you?")
        store.apply(workshop, edits.open_round(opened))
        return opened, store.phone_votes.link_token(workshop, opened.id)


def prioritise(workshop_id: str, url: str = "http://wall.example:8501/priorities_page", tab: str = VOTING_TAB
               ) -> AppTest:
    """The facilitator's Prioritise page, as a browser at ``url`` would get it, on ``tab`` (only the open tab
    is drawn; the address says which)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["workshop"] = workshop_id
    at.query_params[TAB_PARAM] = tab
    at.context = {"url": url}
    at.switch_page(PRIORITISE)
    at.run()
    assert not at.exception
    return at


def vote_page(token: str, device: str | None = None) -> AppTest:
    """A phone opening the voting link; with ``device``, a phone whose browser already holds that id
    (AppTest cannot send cookies, so the id goes where the page keeps it for the session)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["vote"] = token
    if device:
        at.session_state[DEVICE_COOKIE] = device
    at.run()
    assert not at.exception
    return at


def stored_round(db_env, workshop_id):
    with Store(db_env) as store:
        [voting_round] = store.rounds(workshop_id)
        return voting_round, store.votes(workshop_id, voting_round.id), store.history(workshop_id)


def results_table(at: AppTest) -> dict[str, tuple[int, int]]:
    """Theme → (votes, statements), as the round's results show them."""
    table = at.table[0].value
    return {theme: (int(row["Votes (how much it matters)"]), int(row["Statements (how many said it)"]))
            for theme, row in table.iterrows()}


# -- the facilitator's round -------------------------------------------------------------------------

def test_a_round_from_opening_to_results(db_env, workshop):
    at = prioritise(workshop)
    ballot = by_label(at.multiselect, "Themes on the ballot")
    assert ballot.value == [SAME.id, LATE.id]  # every theme with statements; the empty one is left off
    assert "✔ What's working: I want the same carers" in ballot.options  # the category in words
    by_label(at.radio, "Who is voting").set_value(PROVIDER)
    by_label(at.text_input, "Title, shown on the phones").input("What matters most to you?")
    by_label(at.number_input, "Dots per participant").set_value(3)
    by_label(at.button, "Open the vote").click()
    at.run()

    opened, votes, history = stored_round(db_env, workshop)
    assert (opened.session, opened.ballot, opened.dots, opened.title, opened.status) == (
        PROVIDER, (SAME.id, LATE.id), 3, "What matters most to you?", OPEN)
    assert history[-1].summary == "Opened the vote “What matters most to you?”: 2 themes, 3 dots each"
    with Store(db_env) as store:
        token = store.phone_votes.link_token(workshop, opened.id)
    link = f"http://wall.example:8501/?vote={token}"
    assert [c.value for c in at.code] == [link]
    qr = base64.b64encode(qr_svg(link).encode()).decode()
    assert any(f'src="data:image/svg+xml;base64,{qr}" alt="QR code for the voting link"' in h.proto.body
               for h in at.get("html"))

    # Sticky dots counted on the wall, typed in as one edit.
    by_label(at.number_input, SAME.name).set_value(4)
    by_label(at.number_input, LATE.name).set_value(1)
    by_label(at.button, "Save the tally").click()
    at.run()
    _, votes, history = stored_round(db_env, workshop)
    assert round_totals(opened, votes) == {SAME.id: 4, LATE.id: 1}
    assert {v.participant_id for v in votes} == {TALLY}
    assert history[-1].kind == "tally"

    # A phone votes; the results add it to the tally, and keep statements as a figure of their own.
    with Store(db_env) as store:
        store.phone_votes.cast(token, "phone-one", {LATE.id: 3})
    at.run()
    assert results_table(at) == {SAME.name: (4, 2), LATE.name: (4, 3)}
    assert by_label(at.metric, "Devices that voted").value == "1"
    assert by_label(at.metric, "Dots placed").value == "8"

    by_label(at.button, "Close the vote").click()
    at.run()
    closed, _, history = stored_round(db_env, workshop)
    assert closed.status == CLOSED and history[-1].summary == "Closed the vote “What matters most to you?”"
    assert not at.code  # no voting link for a closed round
    with Store(db_env) as store, pytest.raises(StoreError, match="This vote has closed"):
        store.phone_votes.cast(token, "phone-two", {SAME.id: 1})
    assert results_table(at) == {SAME.name: (4, 2), LATE.name: (4, 3)}

    by_label(at.button, "Reopen the vote").click()
    at.run()
    assert stored_round(db_env, workshop)[0].status == OPEN


def test_a_tally_typed_in_again_replaces_the_last_one_and_undo_takes_it_back(db_env, workshop, voting_round):
    opened, _ = voting_round
    at = prioritise(workshop)
    by_label(at.number_input, SAME.name).set_value(5)
    by_label(at.button, "Save the tally").click()
    at.run()
    by_label(at.number_input, SAME.name).set_value(2)
    by_label(at.button, "Save the tally").click()
    at.run()
    assert round_totals(opened, stored_round(db_env, workshop)[1]) == {SAME.id: 2, LATE.id: 0}
    edits_so_far = len(stored_round(db_env, workshop)[2])
    by_label(at.button, "Save the tally").click()
    at.run()
    assert [e.value for e in at.error] == ["Nothing to change: that is the tally already saved."]
    assert len(stored_round(db_env, workshop)[2]) == edits_so_far

    by_label(at.sidebar.button, "Undo").click()
    at.run()
    assert round_totals(opened, stored_round(db_env, workshop)[1]) == {SAME.id: 5, LATE.id: 0}
    assert by_label(at.number_input, SAME.name).value == 5  # the form shows the tally now in force


def test_a_round_can_be_changed_and_its_ballot_cannot_be_emptied(db_env, workshop, voting_round):
    at = prioritise(workshop)
    change = by_label(at.button, "Save the changes")
    assert labelled(at.multiselect, "Themes on the ballot")[1].value == [SAME.id, LATE.id]
    labelled(at.multiselect, "Themes on the ballot")[1].set_value([])
    change.click()
    at.run()
    assert [e.value for e in at.error] == ["Please choose at least one theme for the ballot."]
    labelled(at.multiselect, "Themes on the ballot")[1].set_value([LATE.id, EMPTY.id])
    labelled(at.number_input, "Dots per participant")[1].set_value(5)
    by_label(at.button, "Save the changes").click()
    at.run()
    assert not at.exception
    changed = stored_round(db_env, workshop)[0]
    assert (changed.ballot, changed.dots, changed.title) == ((LATE.id, EMPTY.id), 5, "What matters most to you?")
    assert stored_round(db_env, workshop)[2][-1].kind == "change round"


def test_a_round_needs_a_theme_on_its_ballot(db_env, workshop):
    at = prioritise(workshop)
    by_label(at.multiselect, "Themes on the ballot").set_value([])
    by_label(at.button, "Open the vote").click()
    at.run()
    assert [e.value for e in at.error] == ["Please choose at least one theme for the ballot."]
    with Store(db_env) as store:
        assert store.rounds(workshop) == []


def test_a_link_phones_cannot_reach_is_pointed_out(db_env, workshop, voting_round):
    at = prioritise(workshop, url="http://localhost:8501/priorities_page")
    assert at.code[0].value.startswith("http://localhost:8501/?vote=")
    assert any("phones cannot reach it" in w.value for w in at.warning)


def test_a_network_link_without_a_passcode_is_warned_about(db_env, workshop, voting_round, monkeypatch):
    monkeypatch.delenv("WTFC_PASSCODE", raising=False)
    warned = [w.value for w in prioritise(workshop).warning]
    assert NO_PASSCODE_ON_NETWORK in warned
    assert NO_PASSCODE_ON_NETWORK not in [w.value for w in prioritise(workshop, url="http://localhost:8501/").warning]
    monkeypatch.setenv("WTFC_PASSCODE", "a-long-enough-passcode")
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["workshop"] = workshop
    at.query_params[TAB_PARAM] = VOTING_TAB
    at.context = {"url": "http://wall.example:8501/priorities_page"}
    at.session_state["passcode-given"] = True
    at.switch_page(PRIORITISE)
    at.run()
    assert at.code and NO_PASSCODE_ON_NETWORK not in [w.value for w in at.warning]


# -- the participant's page ----------------------------------------------------------------------------

def test_a_participant_votes_and_a_refresh_keeps_their_dots(db_env, workshop, voting_round):
    opened, token = voting_round
    at = vote_page(token)
    participant = at.session_state[DEVICE_COOKIE]
    assert "p" not in at.query_params  # nothing in the address says who votes
    assert at.title[0].value == "What matters most to you?"
    assert [n.label for n in at.number_input] == [SAME.name, LATE.name]
    by_label(at.number_input, SAME.name).set_value(2)
    at.run()
    assert "Dots left: 1 of 3" in visible_text(at)
    by_label(at.button, "Vote").click()
    at.run()

    assert [s.value for s in at.success] == ["Thank you — you have 1 dot left."]
    assert [n.value for n in at.number_input] == [0, 0]  # ready for the dot still in hand
    _, votes, history = stored_round(db_env, workshop)
    assert [(v.participant_id, v.theme_id, v.dots) for v in votes] == [(participant, SAME.id, 2)]
    assert history[-1].kind == "open round"  # a participant's vote is not the facilitator's edit

    refreshed = vote_page(token, participant)
    assert "Dots left: 1 of 1" in visible_text(refreshed)
    assert "Dots left: 3 of 3" in visible_text(vote_page(token))  # someone else's phone


def test_a_participant_who_has_used_every_dot_is_thanked_and_not_asked_again(db_env, workshop, voting_round):
    _, token = voting_round
    with Store(db_env) as store:
        phone, _ = DeviceIds().new(store.server_key(DEVICE_KEY), None)
        store.phone_votes.cast(token, phone, {SAME.id: 1, LATE.id: 2})
    at = vote_page(token, phone)
    assert not at.number_input and not at.button
    assert "placed all your dots" in at.info[0].value


def test_the_vote_page_shows_only_the_round_and_its_ballot(db_env, workshop, voting_round):
    _, token = voting_round
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["vote"] = token
    at.query_params["workshop"] = workshop
    at.switch_page(PRIORITISE)  # a participant who edits the address to reach a facilitator's page
    at.run()
    assert not at.exception
    text = visible_text(at)
    assert at.title[0].value == "What matters most to you?"
    assert SAME.name in text and LATE.name in text
    assert EMPTY.name not in text and WORKSHOP_NAME not in text and "Prioritise" not in text
    assert not any(statement in text for statement, _, _ in STATEMENTS)
    assert not at.sidebar.children
    with pytest.raises(ValueError, match="not a registered page|Could not find"):
        at.switch_page(PRIORITISE)


def test_more_dots_than_allowed_are_refused_and_nothing_is_saved(db_env, workshop, voting_round):
    _, token = voting_round
    at = vote_page(token)
    by_label(at.number_input, SAME.name).set_value(2)
    by_label(at.number_input, LATE.name).set_value(2)
    at.run()
    assert [w.value for w in at.warning] == ["You have placed 4 dots but have only 3 dots. Please take 1 dot off."]
    by_label(at.button, "Vote").click()
    at.run()
    assert [e.value for e in at.error] == ["You have 3 of 3 dots left in this vote but placed 4; nothing was saved."]
    assert stored_round(db_env, workshop)[1] == []


def test_a_second_tab_cannot_spend_dots_the_first_already_used(db_env, workshop, voting_round):
    _, token = voting_round
    first = vote_page(token)
    participant = first.session_state[DEVICE_COOKIE]
    second = vote_page(token, participant)  # opened before the first tab voted: it still offers 3 dots
    by_label(first.number_input, SAME.name).set_value(2)
    by_label(first.button, "Vote").click()
    first.run()
    by_label(second.number_input, LATE.name).set_value(3)
    by_label(second.button, "Vote").click()
    second.run()
    assert [e.value for e in second.error] == [
        "You have 1 of 3 dots left in this vote but placed 3; nothing was saved."]
    assert sum(v.dots for v in stored_round(db_env, workshop)[1]) == 2


def test_voting_with_no_dots_placed_is_explained(db_env, workshop, voting_round):
    _, token = voting_round
    at = vote_page(token)
    by_label(at.button, "Vote").click()
    at.run()
    assert [e.value for e in at.error] == ["Please place at least one dot; nothing was saved."]


def test_a_closed_round_takes_no_more_votes(db_env, workshop, voting_round):
    opened, token = voting_round
    open_on_a_phone = vote_page(token)
    with Store(db_env) as store:
        store.apply(workshop, edits.close_round(opened))

    by_label(open_on_a_phone.number_input, SAME.name).set_value(1)
    by_label(open_on_a_phone.button, "Vote").click()
    open_on_a_phone.run()
    assert stored_round(db_env, workshop)[1] == []
    for at in (open_on_a_phone, vote_page(token)):
        assert at.info[0].value.startswith("This vote has closed, so no more dots can be placed")
        assert not at.number_input and not at.button


@pytest.mark.parametrize("undo_the_round", [False, True], ids=["made-up link", "round undone"])
def test_a_link_that_is_not_open_says_so(db_env, workshop, voting_round, undo_the_round):
    _, token = voting_round
    if undo_the_round:
        with Store(db_env) as store:
            store.undo(workshop)
    at = vote_page(token if undo_the_round else "not-a-real-link")
    assert [e.value for e in at.error] == [UNKNOWN_LINK]
    assert not at.number_input and not at.button
    assert SAME.name not in visible_text(at)


def test_a_made_up_device_id_places_no_dots(db_env, workshop, voting_round):
    """The finding: any invented ``&p=`` was a new voter. Neither the address nor a forged id counts now."""
    _, token = voting_round
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["vote"] = token
    at.query_params["p"] = "invented-voter-0001"
    at.session_state[DEVICE_COOKIE] = "invented-voter-0001.0000000000000000"
    at.run()
    assert at.session_state[DEVICE_COOKIE] not in ("invented-voter-0001", "invented-voter-0001.0000000000000000")
    by_label(at.number_input, SAME.name).set_value(1)
    by_label(at.button, "Vote").click()
    at.run()
    assert [v.participant_id for v in stored_round(db_env, workshop)[1]] == [at.session_state[DEVICE_COOKIE]]
