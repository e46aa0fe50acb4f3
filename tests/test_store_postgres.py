"""The store on a real PostgreSQL server: several app servers (here, several ``Store`` objects) on one
database see each other's changes at once and never interleave their writes; the schema is carried forward as
in a file; a server out of reach, a wrong address or a newer schema is said in plain words, password never shown.

The tests shared with SQLite (tests/test_store.py and others marked ``both_stores``) run here too; these are
what only a database server has.
"""
import threading
import time

import psycopg
import pytest

from tests.conftest import at_once, raw_sql, with_option
from wtfc.edits import add_statements, create_theme, edit_statement, open_round, rename_theme
from wtfc.model import NOT_WORKING, WHOLE_ROOM, WORKING, Statement, Theme, VotingRound
from wtfc.store import MIGRATIONS, SCHEMA_VERSION, Store, StoreError, StoreFault
from wtfc.store_postgres import WORKSHOP_WRITE_LOCK, WRITE_LOCK, Postgres

SECRET = "pa55-w0rd-never-shown"


def test_two_servers_each_see_the_others_changes_at_once_never_from_a_stale_cache(postgres_url):
    with Store(postgres_url) as first, Store(postgres_url) as second:
        workshop = first.create_workshop("Leeds homecare").id
        first.apply(workshop, add_statements([Statement("Late visits", NOT_WORKING)], "reviews.csv"))
        for turn in range(10):
            server = (first, second)[turn % 2]
            shown = server.statements(workshop)  # from this server's cache, checked against the database
            assert shown[0].text == f"Late visits {turn - 1}" if turn else "Late visits"
            server.apply(workshop, edit_statement(shown[0], text=f"Late visits {turn}"))
        assert first.statements(workshop) == second.statements(workshop)
        assert len(second.history(workshop)) == 11


def test_a_change_made_behind_the_stores_back_is_seen_too(postgres_url):
    with Store(postgres_url) as server:
        workshop = server.create_workshop("Leeds homecare").id
        server.apply(workshop, add_statements([Statement("Kind carers", WORKING)], "reviews.csv"))
        assert server.statements(workshop)[0].text == "Kind carers"  # now in the server's cache

        raw_sql(postgres_url, "UPDATE statements SET text = 'Changed by hand'")

        assert server.statements(workshop)[0].text == "Changed by hand"


def test_two_servers_writing_at_once_take_turns_and_lose_nothing(postgres_url):
    with Store(postgres_url) as setup:
        workshop = setup.create_workshop("Leeds homecare").id
    servers = [Store(postgres_url), Store(postgres_url)]
    failures = []

    def facilitator(store: Store) -> None:
        name = f"server {servers.index(store)}"
        for n in range(15):
            try:
                store.apply(workshop, add_statements([Statement(f"{name} {n}", WORKING)], ""), author=name)
            except StoreError as problem:
                failures.append(problem)

    at_once(facilitator, servers)

    assert failures == []
    with Store(postgres_url) as reopened:
        assert len(reopened.statements(workshop)) == 30
        assert [r.seq for r in reopened.history(workshop)] == list(range(1, 31))


def test_an_older_schema_is_carried_forward_with_its_data(postgres_url):
    Postgres(postgres_url, MIGRATIONS[:1]).close()  # the database as the first release would have made it
    raw_sql(postgres_url, "INSERT INTO workshops VALUES (DEFAULT, 'w1', 'Leeds homecare', '2023-11-05', '2023-11-05')")
    raw_sql(postgres_url, "INSERT INTO statements (workshop_id, id, text, category, perspective) "
                          "VALUES ('w1', 's1', 'I see the same carer', 'working', 'person')")

    with Store(postgres_url) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert [s.text for s in store.statements("w1")] == ["I see the same carer"]
        assert store.themes("w1") == [] and store.settings("w1") == {}


def test_a_database_from_a_newer_wtfc_is_refused_and_left_alone(postgres_url):
    Store(postgres_url).close()
    raw_sql(postgres_url, f"UPDATE schema_version SET version = {SCHEMA_VERSION + 1}")

    with pytest.raises(StoreError, match="written by a newer wtfc"):
        Store(postgres_url)
    assert raw_sql(postgres_url, "SELECT version FROM schema_version") == [(SCHEMA_VERSION + 1,)]


@pytest.mark.parametrize("address, message", [
    (f"postgresql://wtfc:{SECRET}@127.0.0.1:1/wtfc", "cannot be reached: is its server running"),
    (f"postgresql://wtfc:{SECRET}@127.0.0.1/wtfc?colour=blue", "is not one wtfc can use"),
    (f"postgresql://wtfc:{SECRET}@[127.0.0.1/wtfc", "is not one wtfc can use"),
])
def test_an_address_that_cannot_be_used_is_said_plainly_without_the_password(address, message):
    with pytest.raises(StoreError, match=message) as refused:
        Store(address)
    assert SECRET not in str(refused.value)
    assert refused.value.__cause__ is None and refused.value.__suppress_context__  # no traceback repeats it


def test_a_database_that_does_not_exist_is_named(postgres_server):
    missing = postgres_server.replace("/postgres?", "/no_such_db?") if "/postgres?" in postgres_server \
        else postgres_server.rsplit("/", 1)[0] + "/no_such_db"

    with pytest.raises(StoreError, match="There is no database called “no_such_db”"):
        Store(missing)


def test_a_lost_connection_is_said_plainly_and_the_next_try_works(postgres_url):
    name = "wtfc-test-lost-connection"
    with Store(with_option(postgres_url, f"application_name={name}")) as store:
        workshop = store.create_workshop("Leeds homecare").id
        raw_sql(postgres_url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              f"WHERE application_name = '{name}'")  # as when the database server restarts

        with pytest.raises(StoreFault, match="Lost touch with the workshop database .*nothing was changed"):
            store.apply(workshop, add_statements([Statement("Kind carers", WORKING)], ""))
        store.apply(workshop, add_statements([Statement("Kind carers", WORKING)], ""))
        assert [s.text for s in store.statements(workshop)] == ["Kind carers"]


def test_a_write_that_gives_up_waiting_for_another_server_says_so_and_changes_nothing(postgres_url):
    impatient = postgres_url.replace("options=-csearch_path", "options=-clock_timeout%3D200%20-csearch_path")
    with Store(impatient) as store, psycopg.connect(postgres_url) as other_server:
        workshop = store.create_workshop("Leeds homecare").id
        other_server.execute(WRITE_LOCK)  # another server's write, taking its time

        with pytest.raises(StoreError, match="busy with another change; nothing was changed"):
            store.apply(workshop, add_statements([Statement("Kind carers", WORKING)], ""))
        other_server.rollback()

        store.apply(workshop, add_statements([Statement("Kind carers", WORKING)], ""))
        assert len(store.history(workshop)) == 1


def test_a_voting_link_already_made_is_shown_while_another_server_writes_and_moves_no_cache(postgres_url):
    """Prioritise shows the link each time it is drawn: that must only read, not wait for the other servers'
    writes nor make every server read its workshops again."""
    impatient = postgres_url.replace("options=-csearch_path", "options=-clock_timeout%3D200%20-csearch_path")
    with Store(impatient) as store, psycopg.connect(postgres_url) as other_server:
        workshop = store.create_workshop("Leeds homecare").id
        voting_round = VotingRound(WHOLE_ROOM, (), 3, "What matters most")
        store.apply(workshop, open_round(voting_round))
        token = store.phone_votes.link_token(workshop, voting_round.id)
        version = raw_sql(postgres_url, "SELECT version FROM data_version")
        other_server.execute(WRITE_LOCK)  # another server's write, taking its time

        assert store.phone_votes.link_token(workshop, voting_round.id) == token
        other_server.rollback()
        assert raw_sql(postgres_url, "SELECT version FROM data_version") == version


def _until(condition, what: str, seconds: float = 60) -> None:
    """Wait for something another thread or server does (and fail, saying what, if it never happens)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"never saw {what}"
        time.sleep(0.01)


def test_a_server_reads_while_another_server_writes_and_its_own_write_waits_then_sees_the_change(postgres_url):
    """A write waiting for another server's write must not hold up this server's reads (the page of every
    other browser it serves), and what they show is what is stored, never half a write. First's write ends by
    itself after a minute, which second's waits for: were second's reads held up, they would end after it."""
    patient = postgres_url.replace("options=-csearch_path", "options=-clock_timeout%3D300s%20-csearch_path")
    with Store(postgres_url) as first, Store(patient) as second:
        workshop = first.create_workshop("Leeds homecare").id
        first.apply(workshop, create_theme(Theme(WORKING, "I see the same carer")))
        assert len(second.themes(workshop)) == 1  # in second's cache
        first.apply(workshop, add_statements([Statement("Late visits", NOT_WORKING)], "reviews.csv"))
        renamed = rename_theme(first.themes(workshop)[0], "I know my carer")
        holding, release, committed, made = threading.Event(), threading.Event(), threading.Event(), []

        def first_edits():  # read by first's write, in its open transaction, as the new workshop is made
            yield add_statements([Statement("Kind carers", WORKING)], "reviews.csv")
            holding.set()
            release.wait(60)

        def first_writes() -> None:
            made.append(first.create_workshop("Bradford homecare", first_edits()))  # a write to the whole database
            committed.set()

        first_server = threading.Thread(target=first_writes)
        first_server.start()
        assert holding.wait(60), "first's write never began"
        second_writer = threading.Thread(target=second.apply, args=(workshop, renamed, "second"))
        second_writer.start()
        _until(lambda: raw_sql(postgres_url, "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"),
               "second's write waiting for first's")

        themes, statements = second.themes(workshop), second.statements(workshop)

        assert not committed.is_set(), "second's reads waited for first's write"
        release.set()
        first_server.join()
        second_writer.join()
        assert [t.name for t in themes] == ["I see the same carer"]
        assert [s.text for s in statements] == ["Late visits"]  # read again: first added it since second's read
        assert [s.text for s in second.statements(made[0].id)] == ["Kind carers"]
        assert [t.name for t in second.themes(workshop)] == ["I know my carer"]
        assert [r.author for r in second.history(workshop)][-1] == "second"


def test_a_vote_in_one_workshop_leaves_other_servers_caches_of_other_workshops_be(postgres_url):
    with Store(postgres_url) as first, Store(postgres_url) as second:
        voting, other = first.create_workshop("Leeds homecare").id, first.create_workshop("Bradford homecare").id
        theme = Theme(WORKING, "I see the same carer")
        first.apply(voting, create_theme(theme))
        first.apply(other, create_theme(Theme(WORKING, "I am listened to")))
        voting_round = VotingRound(WHOLE_ROOM, (theme.id,), 3, "What matters most")
        first.apply(voting, open_round(voting_round))
        token = first.phone_votes.link_token(voting, voting_round.id)
        assert second.themes(other) and second.themes(voting)  # both in second's cache
        loads = second.cache_loads

        assert first.phone_votes.cast(token, "phone 1", {theme.id: 2}) == 1
        assert [t.name for t in second.themes(other)] == ["I am listened to"]
        assert second.cache_loads == loads  # served from memory: the vote was in another workshop
        first.apply(voting, rename_theme(theme, "I know my carer"))

        assert [t.name for t in second.themes(voting)] == ["I know my carer"]
        assert second.cache_loads == loads + 1
        assert [(v.participant_id, v.dots) for v in second.votes(voting)] == [("phone 1", 2)]


def test_writes_to_different_workshops_go_on_together_and_a_write_to_all_of_them_waits(postgres_url):
    impatient = postgres_url.replace("options=-csearch_path", "options=-clock_timeout%3D200%20-csearch_path")
    with Store(impatient) as store, psycopg.connect(postgres_url) as other_server:
        busy, free = store.create_workshop("Leeds homecare").id, store.create_workshop("Bradford homecare").id
        other_server.execute(WORKSHOP_WRITE_LOCK, (busy,))  # another server's write to one workshop, taking its time

        store.apply(free, add_statements([Statement("Kind carers", WORKING)], ""))
        with pytest.raises(StoreError, match="busy with another change; nothing was changed"):
            store.apply(busy, add_statements([Statement("Late visits", NOT_WORKING)], ""))
        with pytest.raises(StoreError, match="busy with another change; nothing was changed"):
            store.delete_workshop(free)
        other_server.rollback()

        store.apply(busy, add_statements([Statement("Late visits", NOT_WORKING)], ""))
        assert [len(store.statements(w)) for w in (busy, free)] == [1, 1]
