"""Privacy: what the store's redaction gate costs when a large file is imported.

    .venv/bin/python benchmarks/privacy.py [STATEMENTS]     # default 20,000; synthetic statements only

Every word an edit writes passes redaction in ``Store.apply`` (the gate), on top of the redaction the
importer's preview already did. This times, in one run and on the same synthetic statements: the
preview's own redaction of each statement (the baseline: what importing cost before the gate), the gate
alone (``Edit.cleared``), and the whole ``Store.apply`` (gate, SQL and the edit log) into a fresh file.
Half the statements hold a number (a visit time), which makes the patterns for numbers run; a few hold
a phone number or a listed name. No statement text is printed.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from wtfc import edits  # noqa: E402
from wtfc.model import NOT_WORKING, Statement  # noqa: E402
from wtfc.privacy import KnownNames, find_personal_details, redact  # noqa: E402
from wtfc.store import Store  # noqa: E402

NAMES = ["Jean Barker", "Tom Hughes", "Aisha Rahman"]


WANTS = ["see the same carers", "go out to the shops", "visit my sister", "cook my own tea", "go swimming",
         "have a bath", "sit in the garden", "go to church", "see my friends", "walk the dog", "get to the library"]
WHEN = ["each week", "more often", "on Sundays", "in the mornings", "after lunch", "with my son", "on my own"]


def synthetic(i: int) -> str:
    """Different words for every statement, so nothing is checked once for many."""
    if i % 50 == 0:
        return f"Jean says ring 07700 900{i % 1000:03d} when the carer is late, visit {i}"
    if i % 2:
        return f"The carer came at {7 + i % 5}.30 on visit {i} and left after {10 + i % 20} minutes"
    return f"I would like to {WANTS[i % 11]} {WHEN[i % 7]} and {WANTS[(i // 11) % 11]} {WHEN[(i // 77) % 7]} ({i // 539})"


def main(count: int) -> None:
    texts = [synthetic(i) for i in range(count)]
    known = KnownNames(NAMES)

    started = time.perf_counter()
    redacted = [redact(text, find_personal_details(text, known)) for text in texts]
    preview = time.perf_counter() - started

    statements = [Statement(text, NOT_WORKING, person_ref=f"P{i % 400}", service="Homecare North", area="Leeds",
                            source_file="reviews.csv", redactions=found, position=i)
                  for i, (text, found) in enumerate(redacted)]
    edit = edits.add_statements(statements, "reviews.csv")
    started = time.perf_counter()
    edit.cleared(NAMES)
    gate = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "bench.sqlite") as store:
        workshop = store.create_workshop("Benchmark").id
        store.apply(workshop, edits.update_settings({}, redact_names=NAMES))
        started = time.perf_counter()
        store.apply(workshop, edit)
        applied = time.perf_counter() - started

    print(f"{count:,} statements")
    print(f"  baseline: the preview's redaction      {preview:6.2f} s  ({preview / count * 1e6:5.0f} µs each)")
    print(f"  the store's gate alone (Edit.cleared)  {gate:6.2f} s  ({gate / count * 1e6:5.0f} µs each)")
    print(f"  Store.apply, gate included             {applied:6.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
