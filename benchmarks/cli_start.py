"""How long ``python -m wtfc --help`` and ``python -m wtfc list`` take to start, beside two baselines.

    .venv/bin/python benchmarks/cli_start.py          # about 30 s; uses a temporary empty store

Each command runs as a fresh process, as a person runs it; the figures are the median over the runs
of wall-clock seconds and of CPU seconds (user + system, the child's own, from ``os.wait4``). The
baselines, measured in the same run: a bare ``python -c pass`` (the floor: the interpreter alone)
and importing every module the command line used to load before any command ran (the old eager path:
the use-case layer, the spreadsheet, the report, comparison and theming, i.e. pandas, scikit-learn,
plotly and openpyxl).
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 7
EAGER = ("import wtfc.actions, wtfc.export, wtfc.compare, wtfc.report_html, wtfc.workshop_file, "
         "wtfc.suggest, wtfc.charts")


def timed(argv: list[str], env: dict) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one run of ``argv`` as a child process."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "WTFC_DB": str(Path(folder) / "empty.sqlite"), "PYTHONDONTWRITEBYTECODE": ""}
        cases = {"python -c pass (baseline: the interpreter)": [sys.executable, "-c", "pass"],
                 "old eager imports (baseline)": [sys.executable, "-c", EAGER],
                 "python -m wtfc --help": [sys.executable, "-m", "wtfc", "--help"],
                 "python -m wtfc list": [sys.executable, "-m", "wtfc", "list"]}
        for argv in cases.values():  # warm the file cache and the compiled .pyc files first
            timed(argv, env)
        print(f"Start-up of the command line: median of {RUNS} runs, seconds")
        print(f"{'':<44}{'wall':>8}{'CPU':>8}")
        for name, argv in cases.items():
            runs = [timed(argv, env) for _ in range(RUNS)]
            print(f"{name:<44}{statistics.median(w for w, _ in runs):>8.3f}"
                  f"{statistics.median(c for _, c in runs):>8.3f}")


if __name__ == "__main__":
    main()
