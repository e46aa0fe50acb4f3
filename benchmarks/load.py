"""Load: people voting on their phones and facilitators working, against real app servers for a minute:
one server on a SQLite file, then two servers sharing one PostgreSQL database, in the same invocation.

    .venv/bin/python benchmarks/load.py        # about 3 min; loopback only; stops by itself
    .venv/bin/python benchmarks/load.py --postgres postgresql://USER:PASSWORD@localhost/DATABASE
    STREAMLIT_RUNNER_POST_SCRIPT_GC=true .venv/bin/python benchmarks/load.py   # with Streamlit's default GC

Starts `streamlit run streamlit_app.py` on free loopback ports (the tests' Server class), then drives
them over Streamlit's own websocket protocol, as its browser frontend does: each simulated phone or
facilitator is one websocket session that sends the rerun messages a browser sends (query string, page,
widget values, button presses, fragment reruns) and reads the page the server sends back. Latency is
measured at the client: from sending an action to the server's "script finished" for the run that
answers it (following any `st.rerun`), so it includes the websocket, the script run and the sending of
the page, but not a browser's drawing.

One server, its own temporary SQLite file: first a baseline (1 phone, 1 facilitator) and then the load
(30 phones, 2 facilitators), each on its own open voting round of the same synthetic workshop. Then two
servers on one PostgreSQL database: 60 phones and 4 facilitators, each phone and facilitator staying on
one server as behind a sticky proxy (half on each), so each server carries the load the single server
did. The database is a fresh schema of the one named by --postgres (or $WTFC_BENCH_POSTGRES), dropped
after; without one, Debian's cluster is started if it is not running (and stopped again after) and a
database and role of its own are made for the run and dropped after.

Phones open the voting link, place dots in a few goes, and a third of them try once to place more dots
than they have left; facilitators move statements and rename themes on the theme wall and watch the live
results on the Prioritise page. At the end the votes the phones were thanked for are compared with the
store's, and the edits the facilitators were told were saved with the edit log and the final wall.
Nothing here reads the benchmark data set, and no statement text is printed.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import secrets
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from urllib.parse import urlencode

import numpy as np
import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import Server, fresh_schema  # noqa: E402
from wtfc import edits  # noqa: E402
from wtfc.access import DEVICE_COOKIE  # noqa: E402
from wtfc.importer import read_tables  # noqa: E402
from wtfc.model import CATEGORIES, NOT_WORKING, WHOLE_ROOM, WORKING, Statement, Theme, VotingRound  # noqa: E402
from wtfc.store import Store  # noqa: E402

PARTICIPANTS, FACILITATORS, SECONDS = 30, 2, 60  # on each app server
SERVERS_SHARING = 2  # app servers on one PostgreSQL database
BASELINE_SECONDS = 20
POSTGRES_ENV = "WTFC_BENCH_POSTGRES"
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

    def __init__(self, port: int, tally: Tally, cookies: str = ""):
        self.url, self.tally, self.cookies = f"ws://127.0.0.1:{port}/_stcore/stream", tally, cookies
        self.elements: dict[tuple, tuple[str, object, str]] = {}  # delta path -> (kind, element, fragment id)
        self.values: dict[str, WidgetState] = {}  # widget values this tab holds, as a browser keeps them
        self.auto_fragments: set[str] = set()
        self.query, self.page, self.page_hash = "", "", ""
        self.socket = None

    async def __aenter__(self) -> "Session":
        self.socket = await websockets.connect(self.url, subprotocols=["streamlit"], max_size=None,
                                               additional_headers={"Cookie": self.cookies} if self.cookies else None)
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
    statements = store.statements(workshop_id)  # as stored: the store removes first names, as on the wall
    working = [t for t in themes if t.category == WORKING]
    own = [working[2 * k:2 * k + 2] for k in range(FACILITATORS * SERVERS_SHARING)]
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
    query = urlencode({"vote": token})
    tries_too_many = number % 3 == 0
    await asyncio.sleep(rng.uniform(0, start_within))
    async with Session(port, tally) as session:
        if await session.open("phone: open the voting link", query) is None:
            return
        # The device id the page gives the phone's browser to keep in a cookie: the votes are stored under it.
        kept = [m for html, _ in session.widgets("html") if (m := re.search(f"{DEVICE_COOKIE}=([^;]+);", html.body))]
        if not kept:
            tally.errors["phone: no device id given to keep"] += 1
            return
        device = kept[0][1]
        mine = accepted[device] = Counter()
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
        async with Session(port, tally, cookies=f"{DEVICE_COOKIE}={device}") as session:
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
        voting = urlencode({"workshop": self.workshop_id, "prioritise-tab": "Voting"})  # the round's live results
        async with Session(port, tally) as tab:
            while time.monotonic() < deadline:
                if await tab.open("facilitator: open the theme wall", query, "theme_page") is None:
                    return
                await asyncio.sleep(rng.uniform(0.5, 1.5))
                await self.move(tab, rng, tally)
                await asyncio.sleep(rng.uniform(0.5, 1.5))
                await self.rename(tab, tally)
                await asyncio.sleep(rng.uniform(0.5, 1.5))
                if await tab.open("facilitator: open Prioritise", voting, "priorities_page") is None:
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


async def phase(ports: list[int], store: Store, workshop: Workshop, facilitators: list[Facilitator], phones: int,
                seconds: float, title: str) -> tuple[Tally, dict]:
    """One stretch of load on its own voting round; returns the tally and the dots each phone was thanked for.
    Phones and facilitators are dealt out over the servers, each staying on one, as a sticky proxy does."""
    voting_round, token = open_round(store, workshop.id, title)
    tally, accepted = Tally(), {}
    deadline = time.monotonic() + seconds
    tasks = [participant(n, ports[n % len(ports)], token, seconds / 3, deadline, tally, accepted)
             for n in range(phones)]
    tasks += [f.work(ports[f.number % len(ports)], deadline, tally) for f in facilitators]
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
        return f"{0:>5} {'':>5} {'':>5} {'':>5}"
    p50, p95, p99 = np.percentile(values, [50, 95, 99])
    return f"{len(values):>5} {p50:>5.0f} {p95:>5.0f} {p99:>5.0f}"


def p95(values: list[float]) -> float:
    return float(np.percentile(values, 95)) if values else float("nan")


@dataclass
class Phase:
    """One column of the report: a stretch of load on one hosting, and the votes checked after it."""

    label: str
    tally: Tally
    votes: dict


@dataclass
class Hosting:
    """One way of running wtfc (one server on a file, or several on a database), its phases and checks."""

    title: str
    phases: list[Phase]
    wall: dict
    tracebacks: int

    def met(self) -> bool:
        """No errors, no lost or extra votes, the wall as the facilitators left it, p95 < 1 s for every action."""
        load = self.phases[-1].tally
        return (not any(phase.tally.errors for phase in self.phases) and not self.tracebacks
                and not any(p.votes["differing phones"] + p.votes["over their dots"] for p in self.phases)
                and self.wall["wall as left"] and self.wall["confirmed"] == self.wall["logged"]
                and all(p95(values) < TARGET_P95_MS for values in load.latencies.values()))


def report(hostings: list[Hosting], seconds: float, load_before: tuple[float, ...]) -> None:
    one, shared = hostings
    print(f"Load: {PARTICIPANTS} phones voting and {FACILITATORS} facilitators for {SECONDS} s against one streamlit "
          f"server on a SQLite file, then {SERVERS_SHARING * PARTICIPANTS} phones and "
          f"{SERVERS_SHARING * FACILITATORS} facilitators for {SECONDS} s against {SERVERS_SHARING} streamlit servers "
          f"sharing one PostgreSQL database (each phone and facilitator on one server, half on each); baseline: "
          f"1 phone and 1 facilitator for {BASELINE_SECONDS} s on the one server. Loopback, {seconds:.0f} s in all.")
    load_after = os.getloadavg()
    print(f"Machine: {os.cpu_count()} cores; load average (1, 5, 15 min) before "
          f"{', '.join(f'{v:.1f}' for v in load_before)}, after {', '.join(f'{v:.1f}' for v in load_after)}")
    phases = [phase for hosting in hostings for phase in hosting.phases]
    print("Rerun latency at the client, ms (sent to server idle)")
    print(f"{'':<36}" + "".join(f" | {phase.label:<23}" for phase in phases) + " | p95 two")
    print(f"{'action':<36}" + f" | {'n':>5} {'p50':>5} {'p95':>5} {'p99':>5}" * len(phases) + " | vs one")
    names = list(dict.fromkeys(name for phase in phases for name in phase.tally.latencies))
    every = "every action"
    for name in [*names, every]:
        values = [[ms for n, v in phase.tally.latencies.items() if name in (n, every) for ms in v]  # every: all
                  for phase in phases]
        growth = p95(values[-1]) / p95(values[-2]) if values[-2] and values[-1] else float("nan")
        print(f"{name:<36}" + "".join(f" | {percentiles(v)}" for v in values) + f" | {growth:>5.2f}×")
    for hosting in hostings:
        errors = " ".join(f"{phase.label} {sum(phase.tally.errors.values())}," for phase in hosting.phases)
        print(f"{hosting.title}: errors: {errors} tracebacks in the servers' logs: {hosting.tracebacks}")
        for problem, count in sorted(sum((phase.tally.errors for phase in hosting.phases), Counter()).items()):
            print(f"  {count} × {problem}")
        for phase in hosting.phases:
            counted = phase.votes
            print(f"  votes ({phase.label}): phones thanked for {counted['thanked']} dots, the store holds "
                  f"{counted['stored']}; phones whose stored votes differ: {counted['differing phones']}; phones "
                  f"over their {DOTS} dots: {counted['over their dots']}; tries to place too many refused: "
                  f"{phase.tally.refused}")
        wall = hosting.wall
        print(f"  facilitators' edits: {wall['confirmed']} confirmed on screen, {wall['logged']} moves and renames "
              f"in the edit log; final wall as they left it: {'yes' if wall['wall as left'] else 'NO'}")
        load = hosting.phases[-1].tally
        worst = max(load.latencies, key=lambda name: p95(load.latencies[name]))
        print(f"  target (no errors, no lost votes, p95 < {TARGET_P95_MS} ms for every action): "
              f"{'met' if hosting.met() else 'NOT met'} (load p95 {p95([ms for v in load.latencies.values() for ms in v]):.0f}"
              f" ms; slowest action “{worst}” p95 {p95(load.latencies[worst]):.0f} ms)")
    print(f"p95 of every action, {SERVERS_SHARING} servers on PostgreSQL against 1 on SQLite: "
          f"{p95([ms for v in shared.phases[-1].tally.latencies.values() for ms in v]):.0f} ms against "
          f"{p95([ms for v in one.phases[-1].tally.latencies.values() for ms in v]):.0f} ms")


async def warm_up(port: int, workshop_id: str) -> None:
    """The server's first runs import the app's modules; open each page once so no phase pays for that."""
    tally = Tally()
    async with Session(port, tally) as tab:
        for page in ("theme_page", "priorities_page"):
            await tab.open("warm-up", urlencode({"workshop": workshop_id}), page)
    async with Session(port, tally) as phone:
        await phone.open("warm-up", urlencode({"vote": "no-such-link"}))


@contextmanager
def servers_on(location: str | Path, count: int, folder: Path, tag: str) -> Iterator[list[Server]]:
    """``count`` real streamlit servers, all with WTFC_DB at ``location``; stopped after."""
    with ExitStack() as stack:
        servers = []
        for number in range(count):
            server = Server(location, folder / f"streamlit-{tag}-{number}.log")
            stack.callback(server.stop)
            servers.append(server.start())
        yield servers


def measure(title: str, location: str | Path, servers: int, folder: Path,
            phases: list[tuple[str, int, int, float]]) -> Hosting:
    """Build the workshop at ``location``, start the servers, run each phase (label, facilitators, phones,
    seconds) and check the votes, the edit log and the wall."""
    with Store(location) as store:
        workshop = build_workshop(store)
        with servers_on(location, servers, folder, title.split()[0]) as running:
            ports = [server.port for server in running]
            for port in ports:
                asyncio.run(warm_up(port, workshop.id))
            edits_before = len(store.history(workshop.id))
            facilitators = [Facilitator(n, workshop) for n in range(max(f for _, f, _, _ in phases))]
            done = []
            for label, working, phones, seconds in phases:
                tally, votes = asyncio.run(phase(ports, store, workshop, facilitators[:working], phones, seconds,
                                                 f"{label} vote"))
                done.append(Phase(label, tally, votes))
            wall = check_wall(store, workshop.id, facilitators, edits_before)
        tracebacks = sum(server.log.read_text(errors="replace").count("Traceback") for server in running)
    return Hosting(title, done, wall, tracebacks)


def _psql(port: str, *commands: str) -> None:
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else ["sudo", "-u", "postgres"]
    subprocess.run([*as_postgres, "psql", "-q", "-p", port, "-v", "ON_ERROR_STOP=1",
                    "-c", "SET client_min_messages = warning", *(arg for c in commands for arg in ("-c", c))],
                   check=True, capture_output=True)


@contextmanager
def debian_database() -> Iterator[str]:
    """A database and role of their own on Debian's PostgreSQL cluster (started for the run if it was not
    running, and stopped again after), dropped after; its address, on the loopback."""
    found = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True).stdout.split()
    if not found:
        sys.exit(f"No PostgreSQL: pass --postgres URL (or ${POSTGRES_ENV}), or install Debian's postgresql.")
    version, cluster, port, status = found[:4]
    started = status != "online"
    if started:
        subprocess.run(["pg_ctlcluster", version, cluster, "start"], check=True)
    name, password = f"wtfc_load_{secrets.token_hex(4)}", secrets.token_hex(16)
    try:
        _psql(port, f"CREATE ROLE {name} LOGIN PASSWORD '{password}'", f"CREATE DATABASE {name} OWNER {name}")
        try:
            yield f"postgresql://{name}:{password}@127.0.0.1:{port}/{name}"
        finally:
            _psql(port, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"DROP ROLE IF EXISTS {name}")
    finally:
        if started:
            subprocess.run(["pg_ctlcluster", version, cluster, "stop"], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", default=os.environ.get(POSTGRES_ENV),
                        help=f"a PostgreSQL database to use a fresh schema of (default ${POSTGRES_ENV}; without it, "
                             "a database of its own on Debian's cluster)")
    address = parser.parse_args().postgres
    started, load_before = time.monotonic(), os.getloadavg()
    with tempfile.TemporaryDirectory() as folder, ExitStack() as stack:
        one = measure("One server on SQLite", Path(folder) / "load.sqlite", 1, Path(folder), [
            ("baseline, 1 server", 1, 1, BASELINE_SECONDS), ("load, 1 server, SQLite", FACILITATORS, PARTICIPANTS,
                                                             SECONDS)])
        database = stack.enter_context(fresh_schema(address, "wtfc_load") if address else debian_database())
        shared = measure("Two servers on PostgreSQL", database, SERVERS_SHARING, Path(folder), [
            ("2 servers, PostgreSQL", SERVERS_SHARING * FACILITATORS, SERVERS_SHARING * PARTICIPANTS, SECONDS)])
    report([one, shared], time.monotonic() - started, load_before)


if __name__ == "__main__":
    main()
