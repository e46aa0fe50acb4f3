"""Voting rounds: opening, closing and changing them as edits, the typed-in tally, and participants
voting on their own phones through a round's link, never past their dots.

Every test works on a real SQLite file in ``tmp_path``, and again on a real PostgreSQL database.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wtfc.edits import Change, Edit, change_round, close_round, open_round, record_tally, reopen_round, to_row
from wtfc.model import CLOSED, COMMISSIONER, NOT_WORKING, OPEN, PROVIDER, TALLY, WHOLE_ROOM, Theme, VotingRound, \
    new_id
from wtfc.priorities import round_totals, voter_count
from tests.conftest import at_once, raw_sql
from wtfc.store import EditConflict, Store, StoreError

pytestmark = pytest.mark.both_stores

THEMES = [Theme(NOT_WORKING, name, position=n, id=f"t{n}")
          for n, name in enumerate(["I want my visits on time", "I don't want to be rushed", "I want to be asked"])]


def make_workshop(store, name="Leeds homecare"):
    workshop_id = store.create_workshop(name).id
    store.apply(workshop_id, Edit("add themes", "Added 3 themes",
                                  tuple(Change("themes", None, to_row(t)) for t in THEMES)))
    return workshop_id


@pytest.fixture
def workshop_id(store):
    return make_workshop(store)


def start_round(store, workshop_id, ballot=("t0", "t1", "t2"), dots=3, **fields):
    voting_round = VotingRound(PROVIDER, ballot=ballot, dots=dots, title="Provider priorities", **fields)
    store.apply(workshop_id, open_round(voting_round))
    return voting_round, store.phone_votes.link_token(workshop_id, voting_round.id)


def totals(store, workshop_id, voting_round):
    return round_totals(voting_round, store.votes(workshop_id, voting_round.id))


# -- rounds as edits -------------------------------------------------------------------------------

def test_opening_a_round_is_an_edit_and_the_round_is_stored_as_opened(store, workshop_id):
    voting_round, _ = start_round(store, workshop_id, ballot=["t2", "t0"], dots=5)

    assert store.rounds(workshop_id) == [VotingRound(PROVIDER, ("t2", "t0"), 5, "Provider priorities", OPEN,
                                                     voting_round.created_at, voting_round.id)]
    assert store.history(workshop_id)[-1].summary == "Opened the vote “Provider priorities”: 2 themes, 5 dots each"


def test_a_round_without_a_title_is_named_after_its_session(store, workshop_id):
    store.apply(workshop_id, open_round(VotingRound(WHOLE_ROOM, ballot=("t0",), dots=1)))

    assert store.history(workshop_id)[-1].summary == "Opened the whole room vote: 1 theme, 1 dot each"


@pytest.mark.parametrize("fields, message", [({"dots": 0}, "at least one dot"), ({"dots": -2}, "0 or more"),
                                             ({"ballot": ("t0", "t0")}, "only once")])
def test_a_round_needs_dots_and_each_theme_once(fields, message):
    with pytest.raises(ValueError, match=message):
        open_round(VotingRound(PROVIDER, **{"ballot": ("t0",), **fields}))


def test_changing_the_ballot_and_dots_is_an_edit_that_undo_takes_back(store, workshop_id):
    voting_round, _ = start_round(store, workshop_id)

    store.apply(workshop_id, change_round(voting_round, ballot=["t1"], dots=2))

    [changed] = store.rounds(workshop_id)
    assert (changed.ballot, changed.dots) == (("t1",), 2)
    assert store.history(workshop_id)[-1].summary == "Changed the ballot, dots of the vote “Provider priorities”"
    store.undo(workshop_id)
    assert store.rounds(workshop_id) == [voting_round]


def test_closing_and_reopening_are_edits(store, workshop_id):
    voting_round, _ = start_round(store, workshop_id)

    store.apply(workshop_id, close_round(voting_round))
    assert store.rounds(workshop_id)[0].status == CLOSED
    store.apply(workshop_id, reopen_round(store.rounds(workshop_id)[0]))
    assert store.rounds(workshop_id)[0].status == OPEN
    assert [r.summary for r in store.history(workshop_id)[-2:]] == [
        "Closed the vote “Provider priorities”", "Reopened the vote “Provider priorities”"]
    store.undo(workshop_id)
    assert store.rounds(workshop_id)[0].status == CLOSED


# -- voting on phones --------------------------------------------------------------------------------

def test_a_voting_link_shows_the_round_its_themes_in_ballot_order_and_the_dots_left(store, workshop_id):
    voting_round, token = start_round(store, workshop_id, ballot=("t2", "t0"), dots=4)

    ballot = store.phone_votes.ballot(token, "phone-a")

    assert ballot.voting_round == voting_round
    assert [t.id for t in ballot.themes] == ["t2", "t0"]
    assert ballot.dots_left == 4
    assert store.phone_votes.link_token(workshop_id, voting_round.id) == token  # the link stays the same


def test_an_unknown_link_shows_nothing(store, workshop_id):
    start_round(store, workshop_id)

    assert store.phone_votes.ballot("not-a-token", "phone-a") is None
    with pytest.raises(StoreError, match="not open; please ask the facilitator"):
        store.phone_votes.cast("not-a-token", "phone-a", {"t0": 1})


def test_each_round_has_its_own_hard_to_guess_link_kept_out_of_the_edit_log(store, workshop_id, store_url):
    _, first = start_round(store, workshop_id)
    _, second = start_round(store, workshop_id)

    assert first != second and min(len(first), len(second)) >= 20
    logged = " ".join(row[0] for row in raw_sql(store_url, "SELECT changes FROM edits"))
    assert first not in logged and second not in logged


def test_votes_are_stored_counted_and_add_up_over_several_goes(store, workshop_id):
    voting_round, token = start_round(store, workshop_id)

    assert store.phone_votes.cast(token, "phone-a", {"t0": 2}) == 1
    assert store.phone_votes.cast(token, "phone-b", {"t0": 1, "t1": 1, "t2": 0}) == 1
    assert store.phone_votes.cast(token, "phone-a", {"t2": 1}) == 0

    assert totals(store, workshop_id, voting_round) == {"t0": 3, "t1": 1, "t2": 1}
    assert voter_count(voting_round, store.votes(workshop_id)) == 2
    assert store.phone_votes.ballot(token, "phone-a").dots_left == 0
    assert store.phone_votes.ballot(token, "phone-b").dots_left == 1


def test_a_participant_cannot_place_more_dots_than_they_have_left(store, workshop_id):
    voting_round, token = start_round(store, workshop_id)
    store.phone_votes.cast(token, "phone-a", {"t0": 2})

    with pytest.raises(StoreError, match="You have 1 of 3 dots left in this vote but placed 2; nothing was saved"):
        store.phone_votes.cast(token, "phone-a", {"t1": 1, "t2": 1})

    assert totals(store, workshop_id, voting_round) == {"t0": 2, "t1": 0, "t2": 0}


@pytest.mark.parametrize("dots, message", [
    ({"t0": -1}, "whole numbers, 0 or more"), ({"t0": 1.5}, "whole numbers, 0 or more"),
    ({"t0": True}, "whole numbers, 0 or more"), ({"t0": 0}, "at least one dot"), ({}, "at least one dot"),
    ({"t0": 1, "elsewhere": 1}, "no longer on the ballot")])
def test_a_ballot_that_makes_no_sense_saves_nothing(store, workshop_id, dots, message):
    voting_round, token = start_round(store, workshop_id)

    with pytest.raises(StoreError, match=message):
        store.phone_votes.cast(token, "phone-a", dots)

    assert store.votes(workshop_id) == []


def test_a_vote_must_come_from_a_participant(store, workshop_id):
    _, token = start_round(store, workshop_id)

    with pytest.raises(StoreError, match="reload the page"):
        store.phone_votes.cast(token, TALLY, {"t0": 1})


def test_a_closed_round_takes_no_votes_and_a_reopened_one_does(store, workshop_id):
    voting_round, token = start_round(store, workshop_id)
    store.phone_votes.cast(token, "phone-a", {"t0": 1})
    store.apply(workshop_id, close_round(voting_round))

    with pytest.raises(StoreError, match="This vote has closed; your dots were not saved"):
        store.phone_votes.cast(token, "phone-b", {"t1": 1})
    assert store.phone_votes.ballot(token, "phone-b").voting_round.status == CLOSED

    store.apply(workshop_id, reopen_round(store.rounds(workshop_id)[0]))
    store.phone_votes.cast(token, "phone-b", {"t1": 1})
    assert totals(store, workshop_id, voting_round) == {"t0": 1, "t1": 1, "t2": 0}


def test_votes_from_phones_stay_out_of_the_facilitators_undo_and_history(store, workshop_id):
    voting_round, token = start_round(store, workshop_id)
    store.apply(workshop_id, change_round(voting_round, title="Providers"))
    history = store.history(workshop_id)

    store.phone_votes.cast(token, "phone-a", {"t0": 2})

    assert store.history(workshop_id) == history
    assert store.undo(workshop_id).summary == "Changed the title of the vote “Provider priorities”"
    assert totals(store, workshop_id, voting_round) == {"t0": 2, "t1": 0, "t2": 0}


def test_undoing_a_rounds_opening_hides_it_and_its_votes_and_redo_brings_them_back(store, workshop_id):
    voting_round, token = start_round(store, workshop_id)
    store.phone_votes.cast(token, "phone-a", {"t0": 2})

    store.undo(workshop_id)

    assert (store.rounds(workshop_id), store.votes(workshop_id)) == ([], [])
    assert store.phone_votes.ballot(token) is None
    with pytest.raises(StoreError, match="not open"):
        store.phone_votes.cast(token, "phone-b", {"t0": 1})

    store.redo(workshop_id)

    assert totals(store, workshop_id, voting_round) == {"t0": 2, "t1": 0, "t2": 0}
    assert store.phone_votes.cast(token, "phone-a", {"t1": 1}) == 0


def test_themes_taken_off_the_ballot_take_no_more_votes_and_fewer_dots_bind_at_once(store, workshop_id):
    voting_round, token = start_round(store, workshop_id)
    store.phone_votes.cast(token, "phone-a", {"t0": 2})

    store.apply(workshop_id, change_round(voting_round, ballot=("t1", "t2"), dots=2))

    with pytest.raises(StoreError, match="no longer on the ballot"):
        store.phone_votes.cast(token, "phone-b", {"t0": 1})
    with pytest.raises(StoreError, match="You have 0 of 2 dots left"):
        store.phone_votes.cast(token, "phone-a", {"t1": 1})
    assert store.phone_votes.cast(token, "phone-b", {"t1": 2}) == 0


def test_a_vote_and_its_link_belong_to_one_round(store, workshop_id):
    provider_round, provider_token = start_round(store, workshop_id)
    commissioner_round = VotingRound(COMMISSIONER, ballot=("t0",), dots=1)
    store.apply(workshop_id, open_round(commissioner_round))
    commissioner_token = store.phone_votes.link_token(workshop_id, commissioner_round.id)

    store.phone_votes.cast(provider_token, "phone-a", {"t0": 3})
    store.phone_votes.cast(commissioner_token, "phone-a", {"t0": 1})

    assert totals(store, workshop_id, provider_round)["t0"] == 3
    assert totals(store, workshop_id, commissioner_round) == {"t0": 1}
    assert [v.dots for v in store.votes(workshop_id, commissioner_round.id)] == [1]


def test_asking_for_the_link_of_a_round_that_is_gone_says_so(store, workshop_id):
    with pytest.raises(StoreError, match="That vote no longer exists"):
        store.phone_votes.link_token(workshop_id, "no-such-round")


# -- the typed-in tally --------------------------------------------------------------------------------

def test_a_typed_in_tally_is_an_edit_added_to_votes_from_phones(store, workshop_id):
    voting_round, token = start_round(store, workshop_id)
    store.phone_votes.cast(token, "phone-a", {"t0": 1})

    store.apply(workshop_id, record_tally(voting_round, store.votes(workshop_id), {"t0": 6, "t1": 4, "t2": 0}))

    assert totals(store, workshop_id, voting_round) == {"t0": 7, "t1": 4, "t2": 0}
    assert store.history(workshop_id)[-1].summary == "Typed in the tally for the vote “Provider priorities”"
    assert voter_count(voting_round, store.votes(workshop_id)) == 1


def test_typing_the_tally_again_replaces_it_and_undo_restores_the_earlier_one(store, workshop_id):
    voting_round, _ = start_round(store, workshop_id)
    store.apply(workshop_id, record_tally(voting_round, store.votes(workshop_id), {"t0": 6, "t1": 4}))

    store.apply(workshop_id, record_tally(voting_round, store.votes(workshop_id), {"t0": 5, "t1": 0}))

    assert totals(store, workshop_id, voting_round) == {"t0": 5, "t1": 0, "t2": 0}
    store.undo(workshop_id)
    assert totals(store, workshop_id, voting_round) == {"t0": 6, "t1": 4, "t2": 0}
    store.undo(workshop_id)
    assert totals(store, workshop_id, voting_round) == {"t0": 0, "t1": 0, "t2": 0}


def test_two_facilitators_typing_in_the_same_tally_conflict_instead_of_counting_twice(store, workshop_id):
    voting_round, _ = start_round(store, workshop_id)
    first = record_tally(voting_round, store.votes(workshop_id), {"t0": 6})
    second = record_tally(voting_round, store.votes(workshop_id), {"t0": 6})
    store.apply(workshop_id, first)

    with pytest.raises(EditConflict):
        store.apply(workshop_id, second)
    assert totals(store, workshop_id, voting_round)["t0"] == 6


@pytest.mark.parametrize("dots, message", [({"t0": -1}, "0 or more"), ({"elsewhere": 1}, "on the ballot")])
def test_a_tally_is_whole_numbers_for_ballot_themes(dots, message):
    with pytest.raises(ValueError, match=message):
        record_tally(VotingRound(PROVIDER, ballot=("t0",)), [], dots)


# -- the property: no ballot sequence takes anyone past their dots ---------------------------------------

ballots = st.lists(st.tuples(st.sampled_from(["phone-a", "phone-b", "phone-c"]),
                             st.dictionaries(st.sampled_from(["t0", "t1", "t2", "off-ballot"]),
                                             st.integers(-1, 4), max_size=3)),
                   max_size=12)


@settings(max_examples=40, deadline=None)
@given(dots=st.integers(1, 5), sequence=ballots)
def test_for_any_sequence_of_ballots_nobody_exceeds_their_dots_and_totals_are_the_accepted_ballots(
        shared_store, dots, sequence):
    store = shared_store
    workshop_id = make_workshop(store, f"Example {new_id()}")
    voting_round, token = start_round(store, workshop_id, dots=dots)
    accepted = {"t0": 0, "t1": 0, "t2": 0}

    for participant, placed in sequence:
        try:
            left = store.phone_votes.cast(token, participant, placed)
        except StoreError:
            continue
        assert left >= 0
        for theme_id, count in placed.items():
            accepted[theme_id] = accepted.get(theme_id, 0) + count

    assert accepted.pop("off-ballot", 0) == 0  # zero dots for it are fine; any more are refused
    votes = store.votes(workshop_id)
    for participant in ("phone-a", "phone-b", "phone-c"):
        assert sum(v.dots for v in votes if v.participant_id == participant) <= dots
    assert round_totals(voting_round, votes) == accepted


def test_two_connections_voting_at_once_never_exceed_the_dots(store_url):
    path = store_url
    with Store(path) as facilitator:
        workshop_id = make_workshop(facilitator)
        voting_round, token = start_round(facilitator, workshop_id, dots=5)
    accepted = []

    def phone(store):
        for _ in range(20):
            try:
                store.phone_votes.cast(token, "phone-a", {"t0": 1})
                accepted.append(1)
            except StoreError:
                pass

    at_once(phone, [Store(path), Store(path)])

    with Store(path) as reopened:
        assert totals(reopened, workshop_id, voting_round)["t0"] == len(accepted) == 5


# -- copies and deletion ------------------------------------------------------------------------------

def test_a_copy_has_the_rounds_and_votes_but_links_of_its_own(store, workshop_id):
    voting_round, token = start_round(store, workshop_id)
    store.phone_votes.cast(token, "phone-a", {"t0": 2})
    store.apply(workshop_id, record_tally(voting_round, store.votes(workshop_id), {"t1": 4}))

    copy_id = store.duplicate_workshop(workshop_id, "Leeds homecare, copy").id

    assert store.rounds(copy_id) == store.rounds(workshop_id)
    assert store.votes(copy_id) == store.votes(workshop_id)
    copy_token = store.phone_votes.link_token(copy_id, voting_round.id)
    assert copy_token != token
    store.phone_votes.cast(token, "phone-b", {"t2": 1})
    assert totals(store, copy_id, voting_round) == {"t0": 2, "t1": 4, "t2": 0}
    store.phone_votes.cast(copy_token, "phone-a", {"t2": 1})
    assert totals(store, copy_id, voting_round) == {"t0": 2, "t1": 4, "t2": 1}
    assert store.undo(copy_id).summary == "Typed in the tally for the vote “Provider priorities”"


def test_deleting_a_workshop_deletes_its_rounds_votes_and_links(store, workshop_id, store_url):
    voting_round, token = start_round(store, workshop_id)
    store.phone_votes.cast(token, "phone-a", {"t0": 2})

    store.delete_workshop(workshop_id)

    assert store.phone_votes.ballot(token) is None
    left = [raw_sql(store_url, f"SELECT COUNT(*) FROM {table}")[0][0]
            for table in ("voting_rounds", "votes", "voting_links")]
    assert left == [0, 0, 0]
