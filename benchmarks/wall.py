"""How fast the theme wall answers: core edits and page reruns on a 2,000-statement, 60-theme workshop.

    .venv/bin/python benchmarks/wall.py            # about a minute

Prints, for each correction (move, merge, rename, undo), the median time of the core edit (build
the edit from the stored state and apply it: read, check, write, log) and of the page rerun that
follows it (server side, Streamlit's AppTest), beside the targets (20 ms, 300 ms) and a baseline
measured in the same run: a rerun in which nothing changed. The wall's corrections that teach are
timed the same way: opening *More like this* (statement vectors cached, and the first time in a
category, when they are fitted), *Add the ticked*, opening *Where do these go?*, its one-click move (after
which it stays open), its *Next* card, and *Use* the suggested name as an "I" statement.
As after a suggestion, the themes are the app's (nobody touched them) and every tenth statement
waits under Not sure yet. The workshop is synthetic, built from the project's own sample statements;
nothing here reads the benchmark data set.
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wtfc import edits  # noqa: E402
from wtfc.importer import read_tables  # noqa: E402
from wtfc.model import CATEGORIES, Statement, Theme  # noqa: E402
from wtfc.store import Store  # noqa: E402
from wtfc.suggest import SUGGEST_KIND  # noqa: E402

STATEMENTS, THEMES, REPEATS = 2_000, 60, 7


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


def page_reruns(db: Path, workshop: str) -> dict[str, list[float]]:
    """Server-side rerun of the theme wall after each correction, and after nothing at all."""
    from streamlit.testing.v1 import AppTest

    from wtfc.app.labels import vectors_for

    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.query_params["workshop"] = workshop
    at.switch_page("wtfc/app/theme_page.py")
    at.run()
    label = lambda widgets, text: next(w for w in widgets if w.label == text)
    times = {"nothing changed (baseline)": [], "move": [], "merge": [], "rename": [], "undo": [],
             "More like this, first in a category": [], "More like this (vectors cached)": [], "Add the ticked": [],
             "Where do these go? (open)": [], "Where: one-click move": [], "Where: Next card": [],
             "Use the suggested name": []}
    for round_ in range(REPEATS):
        times["nothing changed (baseline)"].append(timed(at.run))
        store = Store(db)
        themes = [t for t in store.themes(workshop) if t.category == CATEGORIES[0]]
        statement = next(s for s in store.statements(workshop)
                         if s.category == CATEGORIES[0] and s.theme_id != themes[0].id)
        label(at.multiselect, "Statements to move").set_value([statement.id])
        label(at.selectbox, "Move them to").set_value(themes[0].id)
        at.run()
        label(at.button, "Move").click()
        times["move"].append(timed(at.run))

        label(at.multiselect, "Themes to merge (the first keeps its name)").set_value([t.id for t in themes[1:3]])
        at.run()
        label(at.button, "Merge").click()
        times["merge"].append(timed(at.run))

        theme = themes[0]
        at.text_input(key=f"rename-box-{theme.id}").input(f"I want a new name {round_}")
        at.button(key=f"FormSubmitter:rename-{theme.id}-Rename").click()
        times["rename"].append(timed(at.run))

        label(at.button, "Undo").click()
        times["undo"].append(timed(at.run))

        untouched = next(t for t in store.themes(workshop)
                         if t.category == CATEGORIES[0] and t.name.startswith("I want theme"))
        vectors_for.clear()  # as the first time the room asks in this category
        at.button(key=f"more-{untouched.id}").click()
        times["More like this, first in a category"].append(timed(at.run))
        label(at.button, "Close").click()
        at.run()
        at.button(key=f"more-{untouched.id}").click()
        times["More like this (vectors cached)"].append(timed(at.run))
        ticks = [c for c in at.checkbox if c.key.startswith(f"tick-{untouched.id}-")]
        ticks[0].check()
        at.run()
        label(at.button, "Add the ticked").click()
        times["Add the ticked"].append(timed(at.run))

        at.button(key="where-unsure").click()
        times["Where do these go? (open)"].append(timed(at.run))
        next(b for b in at.button if b.key and b.key.startswith("go-")).click()
        times["Where: one-click move"].append(timed(at.run))  # the dialog stays open for the next
        at.button(key="where-next").click()
        times["Where: Next card"].append(timed(at.run))
        at.button(key="where-close").click()
        at.run()
        at.button(key=f"use-name-{untouched.id}").click()
        times["Use the suggested name"].append(timed(at.run))
        store.close()
    return times


def report(title: str, times: dict[str, list[float]], target: float) -> None:
    print(f"\n{title} (median of {REPEATS}, milliseconds; target ≤ {target:.0f} ms)")
    print(f"{'correction':30s} {'median':>8s} {'max':>8s}  meets target")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:30s} {median:8.1f} {max(values):8.1f}  {'yes' if median <= target else 'NO'}")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.sqlite"
        os.environ["WTFC_DB"] = str(db)
        with Store(db) as store:
            workshop = build_workshop(store)
            print(f"Workshop: {len(store.statements(workshop))} statements, {len(store.themes(workshop))} themes")
            report("Core edits (build from the stored state + apply)", core_edits(store, workshop), 20)
        report("Theme wall page reruns after the correction (AppTest, server side)", page_reruns(db, workshop), 300)


if __name__ == "__main__":
    main()
