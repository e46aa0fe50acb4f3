"""The store on a real PostgreSQL server: several app servers (here, several ``Store`` objects) on one
database see each other's changes at once and never interleave their writes; the schema is carried forward as
in a file; a server out of reach, a wrong address or a newer schema is said in plain words, password never shown.

The tests shared with SQLite (tests/test_store.py and others marked ``both_stores``) run here too; these are
what only a database server has.
"""
import psycopg
import pytest

from tests.conftest import at_once, raw_sql, with_option
from wtfc.edits import add_statements, edit_statement, open_round
from wtfc.model import NOT_WORKING, WHOLE_ROOM, WORKING, Statement, VotingRound
from wtfc.store import MIGRATIONS, SCHEMA_VERSION, Store, StoreError, StoreFault
from wtfc.store_postgres import WRITE_LOCK, Postgres

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
