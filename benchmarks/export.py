"""How fast the theme spreadsheet is written, and how much memory it takes, for 10,000 and 100,000 statements.

    .venv/bin/python benchmarks/export.py          # about a minute; no data file needed

For each size it builds a synthetic workshop in a temporary store (the project's sample statements
resampled, 100 themes, votes in two sessions, causes and actions on a few themes) and measures, each
in a fresh Python process so one measurement's memory cannot hide another's:

* ``workbook_bytes``: the whole five-sheet workbook in openpyxl's write-only mode, against the
  targets (10,000 statements < 3 s, 100,000 < 30 s with memory kept flat);
* the baseline, in the same run: pandas ``DataFrame.to_excel`` of the same Statements table alone.

Gathering the report from the store (``workshop_report``) is timed apart. Memory is how far the
process's peak resident memory rose above where it stood when writing began (Linux: the peak is reset
through ``/proc/self/clear_refs``), so the statements already in memory are not counted.
"""
from __future__ import annotations

import ctypes
import gc
import io
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wtfc import edits  # noqa: E402
from wtfc.export import STATEMENT_COLUMNS, statement_rows, workbook_bytes, workshop_report  # noqa: E402
from wtfc.importer import read_tables  # noqa: E402
from wtfc.model import (CATEGORIES, NOT_WORKING, PERSPECTIVES, PROVIDER, WHOLE_ROOM, Action, Statement,  # noqa: E402
                        Theme, VotingRound)
from wtfc.store import Store  # noqa: E402

SIZES = (10_000, 100_000)
THEMES = 100
TARGETS = {10_000: 3.0, 100_000: 30.0}
REPEATS = {10_000: 3, 100_000: 1}


def build_workshop(store: Store, size: int) -> str:
    """``size`` statements (the sample's, varied) from size / 8 people in 100 themes, with votes and plans."""
    (table,) = read_tables((ROOT / "sample_data" / "homecare_reviews.csv").read_bytes(), "sample.csv")
    texts = table.column_values("Statement")
    workshop = store.create_workshop(f"Benchmark export {size}").id
    themes = [Theme(category=CATEGORIES[i % 3], name=f"I want theme {i} to be better", position=i)
              for i in range(THEMES)]
    statements = [Statement(text=f"{texts[i % len(texts)]} ({i // len(texts)})", category=themes[i % THEMES].category,
                            perspective=PERSPECTIVES[i % len(PERSPECTIVES)], person_ref=f"P{i % (size // 8)}",
                            service="Brightside Homecare", area="Northmoor", review_date=f"2026-01-{1 + i % 28:02d}",
                            source_file="reviews.csv", source_row=i + 2, theme_id=themes[i % THEMES].id,
                            set_aside=i % 97 == 0, position=i)
                  for i in range(size)]
    store.apply(workshop, edits.combine("setup", "benchmark set-up",
                                        [edits.create_themes(themes), edits.add_statements(statements, "bench")]))
    not_working = [t for t in themes if t.category == NOT_WORKING]
    for session in (WHOLE_ROOM, PROVIDER):
        voting_round = VotingRound(session, ballot=tuple(t.id for t in not_working[:10]))
        store.apply(workshop, edits.open_round(voting_round))
        store.apply(workshop, edits.record_tally(voting_round, [], {t.id: 10 - n for n, t in enumerate(not_working[:10])}))
    for theme in not_working[:5]:
        store.apply(workshop, edits.add_cause(theme, None, "Rotas leave no travel time between visits"))
        store.apply(workshop, edits.add_action(theme, Action(theme.id, "Put travel time into every rota",
                                                             owner="Provider manager", due="2026-06-30")))
    return workshop


def _status(field: str) -> int:
    """A figure from /proc/self/status, in kB."""
    return int(re.search(rf"{field}:\s+(\d+)", Path("/proc/self/status").read_text()).group(1))


def measure(method: str, db: str, workshop: str, repeats: int) -> dict:
    """One method in this process: seconds to gather the report, best seconds to write, peak memory rise."""
    with Store(db) as store:
        start = time.perf_counter()
        report = workshop_report(store, workshop)
        gather = time.perf_counter() - start

    def write() -> bytes:
        if method == "workbook":
            return workbook_bytes(report)
        import pandas as pd
        frame = pd.DataFrame(statement_rows(report.statements, report.themes),
                             columns=[c.header for c in STATEMENT_COLUMNS])
        buffer = io.BytesIO()
        frame.to_excel(buffer, sheet_name="Statements", index=False, engine="openpyxl")
        return buffer.getvalue()

    gc.collect()
    ctypes.CDLL("libc.so.6").malloc_trim(0)  # hand freed memory back, so that reusing it is not free
    Path("/proc/self/clear_refs").write_text("5")  # peak resident memory := current
    before = _status("VmRSS")
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        data = write()
        seconds.append(time.perf_counter() - start)
        if len(seconds) == 1:
            peak = _status("VmHWM") - before
    return {"gather": gather, "write": min(seconds), "peak_mb": peak / 1024, "file_mb": len(data) / 1e6}


def main() -> None:
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            db = str(Path(folder) / f"bench-{size}.sqlite")
            with Store(db) as store:
                workshop = build_workshop(store, size)
            for method in ("workbook", "baseline"):
                run = subprocess.run([sys.executable, __file__, "--measure", method, db, workshop,
                                      str(REPEATS[size])], capture_output=True, text=True, check=True)
                results.append((size, method, json.loads(run.stdout)))
    print(f"\nTheme spreadsheet: synthetic statements, {THEMES} themes; seconds best of "
          f"{REPEATS[SIZES[0]]} runs at {SIZES[0]:,}, one run at {SIZES[1]:,}")
    print(f"{'statements':>10s}  {'method':44s} {'gather s':>8s} {'write s':>8s} {'target':>7s} "
          f"{'peak MB':>8s} {'file MB':>8s}")
    names = {"workbook": "workbook_bytes: 5 sheets, write-only",
             "baseline": "baseline: DataFrame.to_excel, Statements only"}
    for size, method, figures in results:
        target = TARGETS[size] if method == "workbook" else None
        verdict = ("" if target is None else f"< {target:.0f} s" + ("" if figures["write"] < target else " MISSED"))
        print(f"{size:>10,}  {names[method]:44s} {figures['gather']:8.2f} {figures['write']:8.2f} {verdict:>7s} "
              f"{figures['peak_mb']:8.1f} {figures['file_mb']:8.1f}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        method, db, workshop, repeats = sys.argv[2:6]
        print(json.dumps(measure(method, db, workshop, int(repeats))))
    else:
        main()
