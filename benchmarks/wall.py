"""How fast the theme wall answers: core edits and page reruns on a 2,000-statement, 60-theme workshop.

    .venv/bin/python benchmarks/wall.py                    # about two minutes
    .venv/bin/python benchmarks/wall.py --before fb454b4   # also that commit's page, alternated, same run

Prints, for each correction (move, merge, rename, undo), the median time of the core edit (build
the edit from the stored state and apply it: read, check, write, log) and of the page rerun that
follows it (server side, Streamlit's AppTest), beside the targets (20 ms, 300 ms) and a baseline
measured in the same run: a rerun in which nothing changed. The wall's corrections that teach are
timed the same way: opening *More like this* (statement vectors cached, and the first time in a
category, when they are fitted: clicked as soon as the wall is drawn, and a second later, as a person
would), *Add the ticked*, opening *Where do these go?*, its one-click move (after which it stays open),
*Move the ticked there too* for the alike statements it then offers, its *New theme* from a statement,
its *Next* card, and *Use* the suggested name as an "I" statement.
As after a suggestion, the themes are the app's (nobody touched them) and every tenth statement
waits under Not sure yet. The workshop is synthetic, built from the project's own sample statements;
nothing here reads the benchmark data set.

Page reruns run in child processes, one per round, each with its own store. AppTest compiles the
pages (with Streamlit's "magic") afresh on every run, which a `streamlit run` server does once for its
whole life (its ScriptCache): the benchmark gives AppTest one cache, as the server has, unless
``--fresh-compile`` is given. With ``--before REV`` the
rounds alternate between REV's code (``git archive`` into a temporary folder) and this tree's, so both
see the same load on a shared machine; the load average is printed beside the figures.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
ROOT = Path(os.environ.get("WALL_BENCH_TREE", HERE))  # the code to measure: this tree, or an earlier commit's
sys.path.insert(0, str(ROOT))

from wtfc import edits  # noqa: E402
from wtfc.importer import read_tables  # noqa: E402
from wtfc.model import CATEGORIES, Statement, Theme  # noqa: E402
from wtfc.store import Store  # noqa: E402
from wtfc.suggest import SUGGEST_KIND  # noqa: E402
from wtfc.words import theme_title  # noqa: E402

STATEMENTS, THEMES, REPEATS, ROUNDS = 2_000, 60, 5, 3
FRESH_COMPILE = bool(os.environ.get("WALL_BENCH_FRESH_COMPILE"))  # as AppTest does by itself


def build_workshop(store: Store) -> str:
    """2,000 statements (the sample's, varied) in 60 suggested themes, 20 per category; every tenth Not sure yet."""
    (table,) = read_tables((ROOT / "sample_data" / "homecare_reviews.csv").read_bytes(), "sample.csv")
    texts = table.column_values("Statement")
    workshop = store.create_workshop("Benchmark wall").id
    themes = [Theme(category=CATEGORIES[i % 3], name=f"I want theme {i}", position=i) for i in range(THEMES)]
    statements = []
    for i in range(STATEMENTS):
        theme = themes[i % THEMES]
        unsure = i % 10 == 0
        statements.append(Statement(text=f"{texts[i % len(texts)]} ({i // len(texts)})", category=theme.category,
                                    person_ref=f"P{i % 400}", theme_id=None if unsure else theme.id, position=i,
                                    unsure=unsure, confidence=0.3 if unsure else 0.8))
    store.apply(workshop, edits.combine(SUGGEST_KIND, "benchmark set-up",
                                        [edits.create_themes(themes), edits.add_statements(statements, "bench")]))
    return workshop


def has_twin(store: Store, workshop: str, statement_id: str) -> bool:
    """Whether another statement waiting with this one has the same words (the sample's text, another number)."""
    statements = store.statements(workshop)
    statement = next(s for s in statements if s.id == statement_id)
    words = statement.text.rsplit(" (", 1)[0]
    return any(s.id != statement.id and s.unsure and s.category == statement.category
               and s.text.rsplit(" (", 1)[0] == words for s in statements)


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def core_edits(store: Store, workshop: str) -> dict[str, list[float]]:
    """Each correction built from what is stored now, then applied; repeated on fresh themes."""
    times = {"move": [], "merge": [], "rename": [], "undo": []}
    for round_ in range(REPEATS):
        def move():
            statements, themes = store.statements(workshop), store.themes(workshop)
            target = next(t for t in themes if t.category == CATEGORIES[0] and t.name.endswith(f" {3 * round_}"))
            one = next(s for s in statements if s.category == target.category and s.theme_id != target.id)
            store.apply(workshop, edits.move_statements([one], target))

        def merge():
            statements, themes = store.statements(workshop), store.themes(workshop)
            pair = [t for t in themes if t.category == CATEGORIES[1]][:2]
            store.apply(workshop, edits.merge_themes(pair[0], pair[1:], statements, store.actions(workshop)))

        def rename():
            theme = store.themes(workshop)[round_]
            store.apply(workshop, edits.rename_theme(theme, f"I want a name {round_}"))

        times["move"].append(timed(move))
        times["merge"].append(timed(merge))
        times["rename"].append(timed(rename))
        times["undo"].append(timed(lambda: store.undo(workshop)))
        store.redo(workshop)
    return times


def page_reruns(db: Path, workshop: str) -> dict[str, dict[str, list[float]]]:
    """Server-side rerun of the theme wall after each correction, and after nothing at all."""
    import streamlit as st
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import AppTest, app_test, local_script_runner

    if not FRESH_COMPILE:  # AppTest compiles the pages afresh for every run; a server compiles them once
        shared = ScriptCache()
        app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared
    from wtfc.app import labels

    fitted = getattr(labels, "_vectors", labels.vectors_for)  # the cache of fitted statement vectors
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.query_params["workshop"] = workshop
    at.switch_page("wtfc/app/theme_page.py")
    at.run()
    label = lambda widgets, text: next(w for w in widgets if w.label == text)
    times = {"nothing changed (baseline)": [], "move": [], "merge": [], "rename": [], "undo": [],
             "the wall opens (no vectors fitted)": [], "More like this, first, at once": [],
             "More like this, first, 1 s after": [], "More like this (vectors cached)": [], "Add the ticked": [],
             "Where do these go? (open)": [], "Where: one-click move": [], "Where: alike go too": [], "Where: New theme": [],
             "Where: Next card": [], "Use the suggested name": []}
    cpu = {name: [] for name in times}

    def rerun(name: str) -> None:
        """One timed rerun: wall-clock time, and the CPU time the process spent (all its threads, the
        background fit included), which a machine loaded by others changes far less."""
        start, start_cpu = time.perf_counter(), time.process_time()
        at.run()
        times[name].append((time.perf_counter() - start) * 1000)
        cpu[name].append((time.process_time() - start_cpu) * 1000)

    for round_ in range(REPEATS):
        rerun("nothing changed (baseline)")
        store = Store(db)
        themes = [t for t in store.themes(workshop) if t.category == CATEGORIES[0]]
        statement = next(s for s in store.statements(workshop)
                         if s.category == CATEGORIES[0] and s.theme_id != themes[0].id)
        label(at.multiselect, "Statements to move").set_value([statement.id])
        label(at.selectbox, "Move them to").set_value(themes[0].id)
        at.run()
        label(at.button, "Move").click()
        rerun("move")

        label(at.multiselect, "Themes to merge (the first keeps its name)").set_value([t.id for t in themes[1:3]])
        at.run()
        label(at.button, "Merge").click()
        rerun("merge")

        theme = themes[0]
        lazy = not any(t.key == f"rename-box-{theme.id}" for t in at.text_input)
        if lazy:  # the card's menu is built only while open: open it, as a click does (a rerun of that card)
            at.session_state[f"menu-{theme.id}"] = True
            at.run()
        at.text_input(key=f"rename-box-{theme.id}").input(f"I want a new name {round_}")
        at.button(key=f"FormSubmitter:rename-{theme.id}-Rename").click()
        rerun("rename")
        if lazy:
            at.session_state[f"menu-{theme.id}"] = False
            at.run()

        label(at.button, "Undo").click()
        rerun("undo")

        untouched = next(t for t in store.themes(workshop)
                         if t.category == CATEGORIES[0] and t.name.startswith("I want theme"))
        for waited in ("at once", "1 s after"):  # the room's first More like this: as soon as the wall shows, or later
            fitted.clear()
            st.cache_data.clear()  # no proposals (nor labels) worked out yet either
            rerun("the wall opens (no vectors fitted)")
            time.sleep(1 if waited == "1 s after" else 0)
            at.button(key=f"more-{untouched.id}").click()
            rerun(f"More like this, first, {waited}")
            label(at.button, "Close").click()
            at.run()
        if fitting := getattr(labels, "_FITTING", None):  # a fit still running in the background would
            fitting.submit(lambda: None).result()           # slow the reruns timed next: let it finish
        at.button(key=f"more-{untouched.id}").click()
        rerun("More like this (vectors cached)")
        ticks = [c for c in at.checkbox if c.key.startswith(f"tick-{untouched.id}-")]
        ticks[0].check()
        at.run()
        label(at.button, "Add the ticked").click()
        rerun("Add the ticked")

        at.button(key="where-unsure").click()
        rerun("Where do these go? (open)")
        rows = [p for p in at.pills if p.key and p.key.startswith("goes-")]  # one row of pills a statement
        if rows:
            by_title = {theme_title(t.name): t.id for t in store.themes(workshop)}
            row = next((r for r in rows if has_twin(store, workshop, r.key.removeprefix("goes-"))), rows[0])
            row.set_value(by_title[row.options[0]])  # its likeliest theme; alike ones are left behind
        else:  # an earlier commit (--before): three buttons and New theme a statement
            next(b for b in at.button if b.key and b.key.startswith("go-")).click()
        rerun("Where: one-click move")  # the dialog stays open for the next
        has = lambda key: any(b.key == key for b in at.button)  # an earlier commit (--before) may lack a control
        if has("along"):  # the alike statements left on the card, offered ticked
            at.button(key="along").click()
            rerun("Where: alike go too")
        if rows := [p for p in at.pills if p.key and p.key.startswith("goes-")]:
            rows[0].set_value("__new__")
            rerun("Where: New theme")  # from a statement that fits none; the dialog stays open
        elif start := next((b for b in at.button if b.key and b.key.startswith("start-")), None):
            start.click()
            rerun("Where: New theme")
        if has("where-next"):
            at.button(key="where-next").click()
            rerun("Where: Next card")
        if has("where-close"):
            at.button(key="where-close").click()
            at.run()
        at.session_state[f"menu-{untouched.id}"] = True  # its menu open, as a click does
        at.run()
        if has(f"use-name-{untouched.id}"):
            at.button(key=f"use-name-{untouched.id}").click()
            rerun("Use the suggested name")
        at.session_state[f"menu-{untouched.id}"] = False
        at.run()
        store.close()
    return {"wall clock": times, "CPU": cpu}


def report(title: str, times: dict[str, list[float]], target: float) -> None:
    print(f"\n{title} (median of {REPEATS}, milliseconds; target ≤ {target:.0f} ms)")
    print(f"{'correction':30s} {'median':>8s} {'max':>8s}  meets target")
    for name, values in times.items():
        if not values:
            continue
        median = statistics.median(values)
        print(f"{name:30s} {median:8.1f} {max(values):8.1f}  {'yes' if median <= target else 'NO'}")


def compared(title: str, runs: dict[str, dict[str, dict[str, list[float]]]], target: float) -> None:
    """Medians of each code's reruns side by side, wall clock then CPU; the target judges the last code's
    wall-clock median."""
    codes = list(runs)
    measures = list(runs[codes[-1]])
    samples = len(next(iter(runs[codes[-1]][measures[0]].values())))
    print(f"\n{title} (median of {samples}, milliseconds; target ≤ {target:.0f} ms)")
    print(f"{'':36s}" + "".join(f"{measure:>{9 * len(codes)}s}" for measure in measures))
    print(f"{'correction':36s}" + "".join(f"{code:>9s}" for _ in measures for code in codes)
          + f"  meets target ({codes[-1]})")
    for name, values in runs[codes[-1]][measures[0]].items():
        if not values:
            continue  # never offered on this workshop (alike statements go too)
        medians = [statistics.median(runs[code][measure][name]) if runs[code][measure].get(name) else float("nan")
                   for measure in measures for code in codes]
        print(f"{name:36s}" + "".join(f"{m:9.1f}" for m in medians)
              + f"  {'yes' if statistics.median(values) <= target else 'NO'}")


def child() -> None:
    """One round of page reruns of the code at ROOT, in a fresh store; the times as JSON on the last line."""
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.sqlite"
        os.environ["WTFC_DB"] = str(db)
        with Store(db) as store:
            workshop = build_workshop(store)
        times = page_reruns(db, workshop)
    print(json.dumps(times))


def rounds(trees: dict[str, Path]) -> dict[str, dict[str, dict[str, list[float]]]]:
    """ROUNDS child processes per code, alternating codes (and which goes first) round by round."""
    runs: dict[str, dict[str, dict[str, list[float]]]] = {code: {} for code in trees}
    for round_ in range(ROUNDS):
        for code in (list(trees) if round_ % 2 == 0 else list(trees)[::-1]):
            done = subprocess.run([sys.executable, __file__, "--child"], capture_output=True, text=True,
                                  env={**os.environ, "WALL_BENCH_TREE": str(trees[code])}, cwd=trees[code])
            if done.returncode:
                sys.exit(f"The {code} code's round failed:\n{done.stderr}")
            for measure, times in json.loads(done.stdout.strip().splitlines()[-1]).items():
                for name, values in times.items():
                    runs[code].setdefault(measure, {}).setdefault(name, []).extend(values)
    return runs


def load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", metavar="REV", help="also measure this commit's (or folder's) page reruns, alternated")
    parser.add_argument("--fresh-compile", action="store_true",
                        help="let AppTest compile the pages on every run, as it does by itself (a server does not)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fresh_compile:
        os.environ["WALL_BENCH_FRESH_COMPILE"] = "1"  # for the child processes
    if args.child:
        return child()
    print(f"Start: {load()}")
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.sqlite"
        with Store(db) as store:
            workshop = build_workshop(store)
            print(f"Workshop: {len(store.statements(workshop))} statements, {len(store.themes(workshop))} themes")
            report("Core edits (build from the stored state + apply)", core_edits(store, workshop), 20)
        trees = {"after": ROOT}
        if args.before and Path(args.before).is_dir():
            trees = {"before": Path(args.before).resolve(), "after": ROOT}
        elif args.before:
            old = Path(folder) / "before"
            old.mkdir()
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.before], capture_output=True, check=True)
            subprocess.run(["tar", "-x", "-C", str(old)], input=archive.stdout, check=True)
            trees = {"before": old, "after": ROOT}
        compiled = "pages compiled on every run" if args.fresh_compile else "pages compiled once, as by a server"
        compared("Theme wall page reruns after the correction (AppTest, server side, "
                 f"{ROUNDS} processes × {REPEATS} each{', alternating' if args.before else ''}, {compiled})",
                 rounds(trees), 300)
    print(f"End: {load()}")


if __name__ == "__main__":
    main()
