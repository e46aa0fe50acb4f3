"""Load: 30 people voting on their phones and 2 facilitators working, against one real server for a minute.

    .venv/bin/python benchmarks/load.py        # about 100 s; loopback only; stops by itself
    STREAMLIT_RUNNER_POST_SCRIPT_GC=true .venv/bin/python benchmarks/load.py   # with Streamlit's default GC

Starts `streamlit run streamlit_app.py` on a free loopback port with its own temporary store (the
tests' Server class), then drives it over Streamlit's own websocket protocol, as its browser
frontend does: each simulated phone or facilitator is one websocket session that sends the rerun
messages a browser sends (query string, page, widget values, button presses, fragment reruns) and
reads the page the server sends back. Latency is measured at the client: from sending an action to
the server's "script finished" for the run that answers it (following any `st.rerun`), so it
includes the websocket, the script run and the sending of the page, but not a browser's drawing.

First a baseline (1 phone, 1 facilitator) and then the load (30 phones, 2 facilitators), each on its
own open voting round of the same synthetic workshop. Phones open the voting link, place dots in
a few goes, and a third of them try once to place more dots than they have left; facilitators move
statements and rename themes on the theme wall and watch the live results on the Prioritise page.
At the end the votes the phones were thanked for are compared with the store's, and the edits the
facilitators were told were saved with the edit log and the final wall. Nothing here reads the
benchmark data set, and no statement text is printed.
"""
from __future__ import annotations

import asyncio
import random
import re
import secrets
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import numpy as np
import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import Server  # noqa: E402
from wtfc import edits  # noqa: E402
from wtfc.importer import read_tables  # noqa: E402
from wtfc.model import CATEGORIES, NOT_WORKING, WHOLE_ROOM, WORKING, Statement, Theme, VotingRound  # noqa: E402
from wtfc.store import Store  # noqa: E402

PARTICIPANTS, FACILITATORS, SECONDS = 30, 2, 60
BASELINE_SECONDS = 20
DOTS = 5  # per participant in each round
STATEMENTS, THEMES_PER_CATEGORY = 300, 8
ACTION_TIMEOUT = 30  # seconds one action may take before it counts as an error
TARGET_P95_MS = 1000
FINISHED_EARLY_FOR_RERUN = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN


@dataclass
class Answer:
    """What the server sent back for one action: alerts and exceptions, across all its runs."""

    ms: float
    alerts: list[tuple[int, str]] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)

    def said(self, level: int, pattern: str) -> re.Match | None:
        return next((m for lv, body in self.alerts if lv == level and (m := re.search(pattern, body))), None)


@dataclass
class Tally:
    """Latencies per action, and errors, of one phase."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter = field(default_factory=Counter)
    refused: int = 0  # attempts to place more dots than were left, refused as they should be


class Session:
    """One browser tab: a websocket session that speaks Streamlit's protocol as its frontend does."""

    def __init__(self, port: int, tally: Tally):
        self.url, self.tally = f"ws://127.0.0.1:{port}/_stcore/stream", tally
        self.elements: dict[tuple, tuple[str, object, str]] = {}  # delta path -> (kind, element, fragment id)
        self.values: dict[str, WidgetState] = {}  # widget values this tab holds, as a browser keeps them
        self.auto_fragments: set[str] = set()
        self.query, self.page, self.page_hash = "", "", ""
        self.socket = None

    async def __aenter__(self) -> "Session":
        self.socket = await websockets.connect(self.url, subprotocols=["streamlit"], max_size=None)
        return self

    async def __aexit__(self, *exc) -> None:
        await self.socket.close()

    def widgets(self, kind: str, label: str = "") -> list[tuple[object, str]]:
        """The page's widgets of one kind (and label), in page order, each with its fragment id."""
        found = sorted((path, element, fragment) for path, (k, element, fragment) in self.elements.items()
                       if k == kind and (not label or element.label == label))
        return [(element, fragment) for _, element, fragment in found]

    async def open(self, name: str, query: str, page: str = "") -> Answer | None:
        """Open a page by its address, as typing the link does: a fresh page, no widget values."""
        self.query, self.page, self.page_hash, self.values = query, page, "", {}
        return await self.act(name)

    async def act(self, name: str, *, set_values: dict | None = None, press=None, fragment: str = "",
                  auto: bool = False) -> Answer | None:
        """Send one rerun (new widget values, a button press, or a fragment's timer) and wait until
        the server is idle again; the time it took goes into the tally under ``name``."""
        for widget_id, (kind, value) in (set_values or {}).items():
            state = WidgetState(id=widget_id)
            if kind == "string_array_value":
                state.string_array_value.data.extend(value)
            else:
                setattr(state, kind, value)
            self.values[widget_id] = state
        mounted = {element.id for _, element, _ in self.elements.values() if hasattr(element, "id")}
        message = BackMsg()
        rerun = message.rerun_script
        rerun.query_string, rerun.page_name, rerun.page_script_hash, rerun.fragment_id, rerun.is_auto_rerun = \
            self.query, self.page, self.page_hash, fragment, auto
        rerun.widget_states.widgets.extend(v for k, v in self.values.items() if k in mounted)
        if press is not None:
            rerun.widget_states.widgets.append(WidgetState(id=press.id, trigger_value=True))
        start = time.perf_counter()
        try:
            await self.socket.send(message.SerializeToString())
            answer = await asyncio.wait_for(self._until_idle(), ACTION_TIMEOUT)
        except (TimeoutError, websockets.ConnectionClosed) as problem:
            self.tally.errors[f"{name}: {type(problem).__name__}"] += 1
            return None
        answer.ms = (time.perf_counter() - start) * 1000
        self.tally.latencies[name].append(answer.ms)
        for _ in answer.exceptions:
            self.tally.errors[f"{name}: an exception on the page"] += 1
        return answer

    async def _until_idle(self) -> Answer:
        """Read the page as it comes, until a run finishes that is not followed by another."""
        answer = Answer(0.0)
        while True:
            message = ForwardMsg.FromString(await self.socket.recv())
            kind = message.WhichOneof("type")
            if kind == "new_session":
                self.elements.clear()
                self.auto_fragments.clear()
            elif kind == "navigation":  # the page now shown, which every later rerun names, as a browser does
                self.page_hash = message.navigation.page_script_hash
            elif kind == "auto_rerun":
                self.auto_fragments.add(message.auto_rerun.fragment_id)
            elif kind == "delta" and message.delta.WhichOneof("type") == "add_block" \
                    and message.delta.add_block.WhichOneof("type") == "popover":  # a menu that opens on a rerun
                self.elements[tuple(message.metadata.delta_path)] = \
                    "popover", message.delta.add_block.popover, message.delta.fragment_id
            elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                element_kind = element.WhichOneof("type")
                widget = getattr(element, element_kind)
                self.elements[tuple(message.metadata.delta_path)] = element_kind, widget, message.delta.fragment_id
                if element_kind == "alert":
                    answer.alerts.append((widget.format, widget.body))
                elif element_kind == "exception":
                    answer.exceptions.append(widget.type)
            elif kind == "script_finished" and message.script_finished != FINISHED_EARLY_FOR_RERUN:
                return answer


def _dots(count: int) -> str:
    return f"{count} dot" if count == 1 else f"{count} dots"


@dataclass
class Workshop:
    id: str
    own_themes: list[list[Theme]]  # each facilitator's two "working" themes, whose statements they move
    own_statements: list[list[Statement]]


def build_workshop(store: Store) -> Workshop:
    """300 statements (the sample's, varied) in 24 themes, 8 per category; a round per phase opens later."""
    (table,) = read_tables((ROOT / "sample_data" / "homecare_reviews.csv").read_bytes(), "sample.csv")
    texts = table.column_values("Statement")
    workshop_id = store.create_workshop("Load benchmark").id
    themes = [Theme(category, f"I want {category} theme {n}", position=i)
              for i, (category, n) in enumerate((c, n) for c in CATEGORIES for n in range(THEMES_PER_CATEGORY))]
    statements = [Statement(text=f"{texts[i % len(texts)]} ({i // len(texts)})", category=themes[i % len(themes)].category,
                            person_ref=f"P{i % 60:02d}", theme_id=themes[i % len(themes)].id, position=i)
                  for i in range(STATEMENTS)]
    store.apply(workshop_id, edits.combine("setup", "benchmark set-up",
                                           [edits.create_themes(themes), edits.add_statements(statements, "bench")]))
    working = [t for t in themes if t.category == WORKING]
    own = [working[2 * k:2 * k + 2] for k in range(FACILITATORS)]
    return Workshop(workshop_id, own, [[s for s in statements if s.theme_id in {t.id for t in pair}] for pair in own])


def open_round(store: Store, workshop_id: str, title: str) -> tuple[VotingRound, str]:
    """A round on the "not working" themes, opened as the facilitator's form does, and its link's token."""
    ballot = tuple(t.id for t in store.themes(workshop_id) if t.category == NOT_WORKING)
    voting_round = VotingRound(WHOLE_ROOM, ballot, DOTS, title)
    store.apply(workshop_id, edits.open_round(voting_round))
    return voting_round, store.phone_votes.link_token(workshop_id, voting_round.id)


async def participant(number: int, port: int, token: str, start_within: float, deadline: float,
                      tally: Tally, accepted: dict) -> None:
    """One phone: open the link, place dots in a few goes; every third phone tries once to place too many."""
    rng = random.Random(number)
    phone = f"load-{number:02d}-{secrets.token_hex(4)}"
    query = urlencode({"vote": token, "p": phone})
    mine = accepted[phone] = Counter()
    tries_too_many = number % 3 == 0
    await asyncio.sleep(rng.uniform(0, start_within))
    async with Session(port, tally) as session:
        if await session.open("phone: open the voting link", query) is None:
            return
        while time.monotonic() < deadline and (left := DOTS - sum(mine.values())) > 0:
            await asyncio.sleep(rng.uniform(1.5, 4.0))
            inputs = session.widgets("number_input")
            button = session.widgets("button", "Vote")
            if not inputs or not button:
                tally.errors["phone: no ballot or Vote button while dots were left"] += 1
                return
            too_many = tries_too_many and left < DOTS
            dots = left + 1 if too_many else rng.randint(1, min(2, left))
            theme_input, _ = rng.choice(inputs)
            placed = await session.act("phone: place dots", set_values={theme_input.id: ("double_value", dots)})
            if placed is None:
                return
            if too_many and not placed.said(Alert.WARNING, "Please take .* off"):
                tally.errors["phone: no warning on placing too many dots"] += 1
            voted = await session.act("phone: press Vote", press=session.widgets("button", "Vote")[0][0])
            if voted is None:
                return
            theme_id = theme_input.id.rsplit("-dots-", 1)[1].rsplit("-", 1)[0]  # its key: dots-<theme>-<n>
            if too_many:
                tries_too_many = False
                if voted.said(Alert.ERROR, f"You have {left} of {DOTS} dots left .*nothing was saved"):
                    tally.refused += 1
                else:
                    tally.errors["phone: placing too many dots was not refused"] += 1
                cleared = await session.act("phone: place dots", set_values={theme_input.id: ("double_value", 0)})
                if cleared is None:
                    return
            elif voted.said(Alert.SUCCESS, f"Thank you — you have {_dots(left - dots)} left"):
                mine[theme_id] += dots
            else:
                tally.errors["phone: a vote was not thanked"] += 1
    if sum(mine.values()) == DOTS:  # a phone picked up again later: the same person, no dots left
        async with Session(port, tally) as session:
            again = await session.open("phone: reload after voting", query)
            if again is not None and not again.said(Alert.INFO, "You have placed all your dots"):
                tally.errors["phone: a reload did not say all dots were placed"] += 1


class Facilitator:
    """A facilitator on the wall and the Prioritise page, keeping track of what they were told was saved."""

    def __init__(self, number: int, workshop: Workshop):
        self.number, self.workshop_id = number, workshop.id
        self.names = {t.id: t.name for t in workshop.own_themes[number]}
        self.place = {s.id: s.theme_id for s in workshop.own_statements[number]}
        self.labels = {s.id: f"{s.person_ref} · {s.text}" for s in workshop.own_statements[number]}
        self.saved = Counter()  # edits they were told were saved, by kind
        self.renames = 0

    async def work(self, port: int, deadline: float, tally: Tally) -> None:
        rng = random.Random(100 + self.number)
        query = urlencode({"workshop": self.workshop_id})
        async with Session(port, tally) as tab:
            while time.monotonic() < deadline:
                if await tab.open("facilitator: open the theme wall", query, "theme_page") is None:
                    return
                await asyncio.sleep(rng.uniform(0.5, 1.5))
                await self.move(tab, rng, tally)
                await asyncio.sleep(rng.uniform(0.5, 1.5))
                await self.rename(tab, tally)
                await asyncio.sleep(rng.uniform(0.5, 1.5))
                if await tab.open("facilitator: open Prioritise", query, "priorities_page") is None:
                    return
                for _ in range(2):  # the live results, refreshed by their own timer as in a browser
                    await asyncio.sleep(2)
                    for fragment in sorted(tab.auto_fragments):
                        await tab.act("facilitator: live results refresh", fragment=fragment, auto=True)

    async def move(self, tab: Session, rng: random.Random, tally: Tally) -> None:
        """Pick one of their statements, pick the other of their two themes, press Move."""
        statement_id = rng.choice(sorted(self.place))
        target = next(t for t in self.names if t != self.place[statement_id])
        for label, kind, value in [("Statements to move", "string_array_value", [self.labels[statement_id]]),
                                   ("Move them to", "string_value", self.names[target])]:
            found = tab.widgets("multiselect" if kind == "string_array_value" else "selectbox", label)
            if not found:
                tally.errors[f"facilitator: no “{label}” on the wall"] += 1
                return
            (widget, fragment), = found
            if await tab.act("facilitator: choose (wall tools)", set_values={widget.id: (kind, value)},
                             fragment=fragment) is None:
                return
        (button, fragment), = tab.widgets("button", "Move")
        moved = await tab.act("facilitator: move a statement", press=button, fragment=fragment)
        if moved is not None and moved.said(Alert.SUCCESS, "."):
            self.place[statement_id] = target
            self.saved["move"] += 1
        elif moved is not None:
            tally.errors["facilitator: a move was not confirmed"] += 1

    async def rename(self, tab: Session, tally: Tally) -> None:
        """Rename the first of their themes through its menu's form (the menu is built once opened)."""
        theme_id = next(iter(self.names))
        menus = [(w, f) for w, f in tab.widgets("popover", "Change this theme") if w.id.endswith(f"menu-{theme_id}")]
        if not menus:
            tally.errors["facilitator: no menu for their theme"] += 1
            return
        (menu, fragment), = menus
        if await tab.act("facilitator: open a theme's menu", set_values={menu.id: ("bool_value", True)},
                         fragment=fragment) is None:
            return
        boxes = [(w, f) for w, f in tab.widgets("text_input", "Name, as a person would say it")
                 if w.id.endswith(f"rename-box-{theme_id}")]
        if not boxes:
            tally.errors["facilitator: no rename box for their theme"] += 1
            return
        (box, fragment), = boxes
        button = next(w for w, f in tab.widgets("button", "Rename") if w.form_id == box.form_id)
        self.renames += 1
        name = f"I want facilitator {self.number}'s theme, named {self.renames} times"
        renamed = await tab.act("facilitator: rename a theme", set_values={box.id: ("string_value", name)},
                                press=button, fragment=fragment)
        if renamed is not None and renamed.said(Alert.SUCCESS, "."):
            self.names[theme_id] = name
            self.saved["rename"] += 1
        elif renamed is not None:
            tally.errors["facilitator: a rename was not confirmed"] += 1


async def phase(port: int, store: Store, workshop: Workshop, facilitators: list[Facilitator], phones: int,
                seconds: float, title: str) -> tuple[Tally, dict]:
    """One stretch of load on its own voting round; returns the tally and the dots each phone was thanked for."""
    voting_round, token = open_round(store, workshop.id, title)
    tally, accepted = Tally(), {}
    deadline = time.monotonic() + seconds
    tasks = [participant(n, port, token, seconds / 3, deadline, tally, accepted) for n in range(phones)]
    tasks += [f.work(port, deadline, tally) for f in facilitators]
    await asyncio.wait_for(asyncio.gather(*tasks), seconds + 2 * ACTION_TIMEOUT)
    store.apply(workshop.id, edits.close_round(next(r for r in store.rounds(workshop.id) if r.id == voting_round.id)))
    return tally, lost_votes(store, workshop.id, voting_round.id, accepted)


def lost_votes(store: Store, workshop_id: str, round_id: str, accepted: dict) -> dict:
    """Compare the dots each phone was thanked for with the store's votes of the round."""
    stored = defaultdict(Counter)
    for vote in store.votes(workshop_id, round_id):
        stored[vote.participant_id][vote.theme_id] += vote.dots
    return {"thanked": sum(sum(c.values()) for c in accepted.values()),
            "stored": sum(sum(c.values()) for c in stored.values()),
            "differing phones": sum(stored.get(p, Counter()) != c for p, c in accepted.items())
            + sum(p not in accepted for p in stored),
            "over their dots": sum(sum(c.values()) > DOTS for c in stored.values())}


def check_wall(store: Store, workshop_id: str, facilitators: list[Facilitator], edits_before: int) -> dict:
    """The facilitators' confirmed edits against the edit log and the final wall."""
    statements = {s.id: s.theme_id for s in store.statements(workshop_id)}
    names = {t.id: t.name for t in store.themes(workshop_id)}
    logged = Counter(r.kind for r in store.history(workshop_id)[edits_before:] if r.status == "done")
    return {"confirmed": sum(sum(f.saved.values()) for f in facilitators),
            "logged": logged["move"] + logged["rename theme"],
            "wall as left": all(statements[s] == t for f in facilitators for s, t in f.place.items())
            and all(names[t] == n for f in facilitators for t, n in f.names.items())}


def percentiles(values: list[float]) -> str:
    if not values:
        return f"{0:>5} {'':>6} {'':>6} {'':>6}"
    p50, p95, p99 = np.percentile(values, [50, 95, 99])
    return f"{len(values):>5} {p50:>6.0f} {p95:>6.0f} {p99:>6.0f}"


def report(baseline: Tally, load: Tally, votes: dict, wall: dict, server_log: Path, seconds: float) -> None:
    print(f"Load: {PARTICIPANTS} phones voting and {FACILITATORS} facilitators for {SECONDS} s against one "
          f"streamlit server (loopback, {seconds:.0f} s in all); baseline in the same run: 1 phone and "
          f"1 facilitator for {BASELINE_SECONDS} s")
    print("Rerun latency at the client, ms (sent to server idle)")
    print(f"{'action':<38} {'baseline:':>9} {'n':>5} {'p50':>6} {'p95':>6} {'p99':>6}   {'load:':>5} {'n':>5} "
          f"{'p50':>6} {'p95':>6} {'p99':>6}")
    names = list(dict.fromkeys([*baseline.latencies, *load.latencies]))
    for name in names:
        print(f"{name:<38} {'':>9} {percentiles(baseline.latencies.get(name, []))}   {'':>5} "
              f"{percentiles(load.latencies.get(name, []))}")
    every = [ms for values in load.latencies.values() for ms in values]
    base_every = [ms for values in baseline.latencies.values() for ms in values]
    print(f"{'every action':<38} {'':>9} {percentiles(base_every)}   {'':>5} {percentiles(every)}")
    tracebacks = server_log.read_text(errors="replace").count("Traceback")
    print(f"Errors: baseline {sum(baseline.errors.values())}, load {sum(load.errors.values())}; "
          f"tracebacks in the server's log: {tracebacks}")
    for problem, count in sorted((baseline.errors + load.errors).items()):
        print(f"  {count} × {problem}")
    for (label, counted), tally in zip(votes.items(), (baseline, load)):
        print(f"Votes ({label}): phones thanked for {counted['thanked']} dots, the store holds {counted['stored']}; "
              f"phones whose stored votes differ: {counted['differing phones']}; "
              f"phones over their {DOTS} dots: {counted['over their dots']}; "
              f"tries to place too many refused: {tally.refused}")
    print(f"Facilitators' edits: {wall['confirmed']} confirmed on screen, {wall['logged']} moves and renames "
          f"in the edit log; final wall as they left it: {'yes' if wall['wall as left'] else 'NO'}")
    p95 = np.percentile(every, 95) if every else float("nan")
    lost = sum(c["differing phones"] + c["over their dots"] for c in votes.values())
    met = (not load.errors and not baseline.errors and not tracebacks and not lost and wall["wall as left"]
           and wall["confirmed"] == wall["logged"] and p95 < TARGET_P95_MS)
    print(f"Target (no errors, no lost votes, p95 < {TARGET_P95_MS} ms): {'met' if met else 'NOT met'} "
          f"(load p95 {p95:.0f} ms)")


async def warm_up(port: int, workshop_id: str) -> None:
    """The server's first runs import the app's modules; open each page once so no phase pays for that."""
    tally = Tally()
    async with Session(port, tally) as tab:
        for page in ("theme_page", "priorities_page"):
            await tab.open("warm-up", urlencode({"workshop": workshop_id}), page)
    async with Session(port, tally) as phone:
        await phone.open("warm-up", urlencode({"vote": "no-such-link"}))


def main() -> None:
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as folder:
        db, log = Path(folder) / "load.sqlite", Path(folder) / "streamlit.log"
        with Store(db) as store:
            workshop = build_workshop(store)
            server = Server(db, log).start()
            try:
                asyncio.run(warm_up(server.port, workshop.id))
                edits_before = len(store.history(workshop.id))
                facilitators = [Facilitator(n, workshop) for n in range(FACILITATORS)]
                baseline, base_votes = asyncio.run(phase(server.port, store, workshop, facilitators[:1], 1,
                                                         BASELINE_SECONDS, "Baseline vote"))
                load, load_votes = asyncio.run(phase(server.port, store, workshop, facilitators, PARTICIPANTS,
                                                     SECONDS, "Load vote"))
                wall = check_wall(store, workshop.id, facilitators, edits_before)
            finally:
                server.stop()
            report(baseline, load, {"baseline": base_votes, "load": load_votes}, wall, log,
                   time.monotonic() - started)


if __name__ == "__main__":
    main()
