"""What a participant's browser could ask of the server beyond voting, tried against a real `streamlit run`:
Streamlit's metrics page and its "clear the caches" message."""
from __future__ import annotations

import asyncio
import os
import urllib.error
import urllib.request

import pytest
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.conftest import Server
from wtfc import edits
from wtfc.model import WHOLE_ROOM, Theme, VotingRound
from wtfc.store import Store


@pytest.fixture
def voting_server(tmp_path):
    db_path = tmp_path / "workshops.sqlite"
    with Store(db_path) as store:
        workshop_id = store.create_workshop("Hardening").id
        theme = Theme("not working", "I want my visits on time", id="late")
        store.apply(workshop_id, edits.create_themes([theme]))
        voting_round = VotingRound(WHOLE_ROOM, ballot=(theme.id,), dots=2)
        store.apply(workshop_id, edits.open_round(voting_round))
        token = store.phone_votes.link_token(workshop_id, voting_round.id)
    server = Server(db_path, tmp_path / "streamlit.log").start()
    try:
        yield server, token
    finally:
        server.stop()


def open_connections(server: Server) -> int:
    """How many SQLite connections the server process holds on the workshop file."""
    folder = f"/proc/{server.process.pid}/fd"
    return sum(os.path.realpath(os.path.join(folder, fd)) == str(server.db_path) for fd in os.listdir(folder))


async def as_a_phone(server: Server, token: str, messages: list[BackMsg]) -> None:
    """A participant's browser, talking Streamlit's own protocol: open the voting link, then send ``messages``,
    each followed by another run of the page."""
    async with websockets.connect(f"ws://127.0.0.1:{server.port}/_stcore/stream", subprotocols=["streamlit"],
                                  origin=server.url, max_size=None) as socket:
        async def run_page():
            await socket.send(BackMsg(rerun_script=ClientState(query_string=f"vote={token}")).SerializeToString())
            while True:
                reply = ForwardMsg()
                reply.ParseFromString(await asyncio.wait_for(socket.recv(), 60))
                if reply.WhichOneof("type") == "script_finished":
                    return
        await run_page()
        for message in messages:
            await socket.send(message.SerializeToString())
            await run_page()


def test_the_metrics_page_shows_nothing_of_the_workshops(voting_server):
    """Streamlit 1.67 serves /_stcore/metrics to anyone, with no setting to turn it off (see the README):
    it must at least say nothing of what is in the workshops, even while a phone votes."""
    server, token = voting_server
    asyncio.run(as_a_phone(server, token, []))
    with urllib.request.urlopen(f"{server.url}/_stcore/metrics", timeout=10) as response:
        served = response.read().decode("utf-8")
    assert "session" in served  # it is the metrics page
    for secret in (token, "Hardening", "I want my visits on time", str(server.db_path)):
        assert secret not in served


def test_a_phone_cannot_clear_the_servers_caches(voting_server):
    server, token = voting_server
    asyncio.run(as_a_phone(server, token, []))
    assert open_connections(server) == 1  # the one store every session shares
    asyncio.run(as_a_phone(server, token, [BackMsg(clear_cache=True)]))
    # Had the caches been emptied, the next run would have opened the file a second time.
    assert open_connections(server) == 1
