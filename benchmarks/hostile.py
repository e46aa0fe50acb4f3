"""Hostile files, full size: each refused or read within 10 s and 500 MB, with one plain message, the store unchanged.

    .venv/bin/python benchmarks/hostile.py            # a few minutes; writes only to a temporary folder
    .venv/bin/python benchmarks/hostile.py "workshop"  # only the cases whose name holds these words

Builds every hostile file of issue 10 ("Small files that exhaust the machine", "Workshop files that crash or
poison") at the size the issue measured, from made-up words (tests/hostile_files.py), plus the largest files
the limits let through. Each goes through the command line's import path (`python -m wtfc import …` or
`import-workshop …`, the same functions the Gather and Workshops pages call) in a process of its own, so the
peak memory of one case is not another's: seconds are wall-clock and CPU (user + system) of that process,
peak MB its largest resident size (Python and wtfc's imports included): seconds as `os.wait4` reports
them, the peak as the kernel's high-water mark for that program (VmHWM). The first row imports a one-statement file: the cost of starting the command, measured in the same run. "Store
unchanged" compares the store file's full SQL dump before and after. The issue's figures (measured on the
code before the fix) stand beside each case; no statement text is printed.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile_files import (POISONED, deeply_nested, dump, far_cell_workbook, long_csv,  # noqa: E402
                                 long_number, poisoned, shared_string_workbook, sound_workshop_file,
                                 unreplayable, wide_header_csv, wide_row_csv, workshop_bytes)
from wtfc.reading import MAX_TEXT_CHARS  # noqa: E402
from wtfc.store import Store  # noqa: E402
from wtfc.workshop_file import MAX_FILE_BYTES as MAX_WORKSHOP_FILE_BYTES  # noqa: E402

GOOD = b"Person ref,Statement,Category\r\nP1,The carers are kind,working\r\n"
# Runs `python -m wtfc ARGS…` and, as it exits, writes its peak resident size (the kernel's VmHWM, kept per
# program image) to the file named first: a child's ru_maxrss would count this big parent it was forked from.
WITH_PEAK = """
import atexit, runpy, sys
peak_file = sys.argv.pop(1)
def write_peak():
    with open("/proc/self/status") as status, open(peak_file, "w") as out:
        out.write(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
atexit.register(write_peak)
runpy.run_module("wtfc", run_name="__main__")
"""
TARGET_SECONDS, TARGET_MB = 10, 500


@dataclass
class Case:
    name: str
    filename: str
    build: Callable[[Path], bytes]
    issue: str  # what the issue measured before the fix
    workshop_file: bool = False


def sound(folder: Path, statements: int = 6) -> dict:
    with tempfile.TemporaryDirectory(dir=folder) as source, Store(Path(source) / "source.sqlite") as store:
        return sound_workshop_file(store, statements)


def padded_workshop_file(folder: Path) -> bytes:
    """A sound workshop file made 140 MB by white space after it (which JSON allows)."""
    return workshop_bytes(sound(folder)) + b" " * 140_000_000


CASES = [
    Case("good 1-statement CSV (starting the command)", "good.csv", lambda _: GOOD, "-"),
    Case("XLSX: one 5,000-char shared string x 185,000 rows", "shared.xlsx", lambda _: shared_string_workbook(185_000),
         "34 KB file: 8 min 47 s CPU, 3.5 GB, 2 GB store"),
    Case("XLSX: one 5,000-char shared string x 40,000 rows", "shared-small.xlsx",
         lambda _: shared_string_workbook(40_000), "8 KB file: 66 s, 212 MB"),
    Case("XLSX: empty cell at column XFD in 130,000 rows", "far.xlsx", lambda _: far_cell_workbook(130_000),
         "(not in the issue) 3,000 rows: 11 s CPU, 454 MB"),
    Case("XLSX: empty cell at column XFD in 12,000 rows", "far-small.xlsx", lambda _: far_cell_workbook(12_000),
         "(not in the issue) 3,000 rows: 11 s CPU, 454 MB"),
    Case("CSV: header of 1,000,000 columns", "header.csv", lambda _: wide_header_csv(1_000_000), "> 120 s"),
    Case("CSV: header of 50,000 columns", "header-50k.csv", lambda _: wide_header_csv(50_000), "17.6 s"),
    Case("CSV: 20,000 columns, blank header", "blank.csv",
         lambda _: wide_header_csv(20_000, named=False) + b"a,b," * 10_000, "traceback (> 18,278 columns)"),
    Case("CSV: one 480,000-cell row, 800 others", "wide.csv", lambda _: wide_row_csv(800, 480_000), "3.1 GB"),
    Case("CSV: one 1,450,000-cell row, 800 others", "wider.csv", lambda _: wide_row_csv(800, 1_450_000),
         "ran out of memory"),
    Case("workshop file of 140 MB", "big.json", padded_workshop_file, "90 s, 947 MB", True),
    *(Case(f"workshop file: {case}", "poisoned.json", lambda folder, case=case: workshop_bytes(poisoned(
        sound(folder), case)), issue, True) for case, issue in [
        ("source_row 10**30", "OverflowError"), ("seq 2**63", "OverflowError"),
        ("review_date not-a-date", "imported; every export and Gather crash"),
        ("action due garbage", "imported; breaks the workshop later"),
        ("edit created_at yesterday", "imported; breaks the workshop later"),
        ("workshop created_at yesterday", "imported; breaks the workshop later"),
        ("settings redact_names 5", "imported; breaks the workshop later")]),
    Case("workshop file: 5,000-digit number", "digits.json", lambda _: long_number(5_000),
         "Python's digit-limit ValueError", True),
    Case("workshop file: 200,000-deep nesting", "deep.json", lambda _: deeply_nested(200_000), "RecursionError", True),
    Case("workshop file: last edit not matching the rows", "unreplayable.json",
         lambda folder: workshop_bytes(unreplayable(sound(folder))), "imported; Undo refused for ever", True),
    # The largest files the limits let through, to show the limits themselves keep to the target.
    Case(f"at the limit: XLSX shared string x {MAX_TEXT_CHARS // 5_001 - 1:,} rows", "shared-limit.xlsx",
         lambda _: shared_string_workbook(MAX_TEXT_CHARS // 5_001 - 1), "(read)"),
    Case("at the limit: honest CSV of 47,000 statements", "long.csv", lambda _: long_csv(47_000), "(read)"),
    Case("at the limit: workshop file of 4,000 statements", "large.json",
         lambda folder: workshop_bytes(sound(folder, 4_000)), "(read)", True),
]
assert {f"workshop file: {case}" for case in POISONED} <= {case.name for case in CASES}


def run(case: Case, folder: Path) -> dict:
    path = folder / case.filename
    path.write_bytes(case.build(folder))
    db = folder / f"{path.stem}.sqlite"
    subprocess.run([sys.executable, "-m", "wtfc", "import", str(folder / "good.csv"), "--workshop", "Spring",
                    "--db", str(db)], check=True, capture_output=True, cwd=ROOT)
    before = dump(db)
    command = ["import-workshop", str(path)] if case.workshop_file else ["import", str(path), "--workshop", "Spring"]
    peak_file = folder / "peak.txt"
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen([sys.executable, "-c", WITH_PEAK, str(peak_file), *command, "--db", str(db)],
                                   stdout=out, stderr=err, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        out.seek(0)
        message = (err.read() or out.read()).decode().strip()
    return {"size": path.stat().st_size, "exit": process.returncode, "seconds": seconds,
            "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": int(peak_file.read_text()) / 1024,
            "unchanged": dump(db) == before, "message": message}


def size(n: int) -> str:
    return f"{n / 1e6:,.1f} MB" if n >= 1e6 else f"{n / 1e3:,.0f} KB" if n >= 1e3 else f"{n} B"


def main() -> None:
    print(f"Hostile files through `python -m wtfc import` / `import-workshop`, one process each "
          f"(target: {TARGET_SECONDS} s, {TARGET_MB} MB); load average at start {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores")
    print(f"limits: {MAX_TEXT_CHARS:,} characters of text per spreadsheet, "
          f"{MAX_WORKSHOP_FILE_BYTES / 1e6:,.0f} MB per workshop file")
    header = f"{'case':<52} {'file':>9} {'exit':>4} {'wall s':>6} {'CPU s':>6} {'peak MB':>7} {'store':>9}  " \
             f"{'before the fix (issue 10)':<46} message"
    print(header)
    print("-" * len(header))
    results = []
    with tempfile.TemporaryDirectory(prefix="wtfc-hostile-") as folder:
        folder = Path(folder)
        (folder / "good.csv").write_bytes(GOOD)
        for case in [case for case in CASES if " ".join(sys.argv[1:]) in case.name]:
            result = run(case, folder)
            results.append((case, result))
            store = "unchanged" if result["unchanged"] else "imported" if result["exit"] == 0 else "CHANGED"
            first_line = result["message"].removeprefix("wtfc: ").splitlines()
            message = " / ".join(first_line[:2])
            print(f"{case.name:<52} {size(result['size']):>9} {result['exit']:>4} {result['seconds']:>6.1f} "
                  f"{result['cpu']:>6.1f} {result['peak_mb']:>7.0f} {store:>9}  {case.issue:<46} "
                  f"{message[:110]}", flush=True)
    missed = [case.name for case, r in results if r["cpu"] > TARGET_SECONDS or r["peak_mb"] > TARGET_MB
              or (r["exit"] != 0 and not r["unchanged"]) or r["exit"] not in (0, 2)]
    print(f"\n{len(results) - len(missed)} of {len(results)} cases within {TARGET_SECONDS} s CPU and {TARGET_MB} MB, "
          "refused with exit 2 and the store unchanged, or read" + (f"; missed: {', '.join(missed)}" if missed else ""))


if __name__ == "__main__":
    main()
