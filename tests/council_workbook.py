"""A wide review workbook exported the way a council's review form exports it: an instructions sheet,
then one row per review with a column per category, the reviewer's name, and a column saying who the
review was completed with ("Son", "Care worker", "Social worker"…). Every word is made up here.
"""
from __future__ import annotations

import io
from collections import Counter

import openpyxl

PERSPECTIVE_HEADER = "Review completed with"
COMPLETED_WITH = [  # (as the form writes it, the perspective it is)
    ("Self", "person"), ("Son", "family/carer"), ("Daughter", "family/carer"), ("Wife", "family/carer"),
    ("Care worker", "staff"), ("Husband", "family/carer"), ("Support worker", "staff"),
    ("Social worker", "other"), ("Neighbour", "family/carer"), ("Nurse", "other"), ("Friend", "family/carer"),
    ("OT", "other"), ("Mum", "family/carer"), ("Manager", "staff"), ("Partner", "family/carer"),
]
WORKING = ["I like my morning carer", "The office rings back", "My meals are hot"]
NOT_WORKING = ["Visits are late at weekends", "I never know who is coming", "The rota changes every week"]
FUTURE = ["I want to get to the shops", "I would like to stay in my own home", "I want to see my grandson"]
REVIEWS = 30


def council_workbook(perspective_header: str = PERSPECTIVE_HEADER) -> bytes:
    """30 reviews, each with one statement per category, completed with someone from COMPLETED_WITH in turn."""
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "Instructions"
    notes["A1"] = "Complete one row per review. Do not change the column headings."
    sheet = book.create_sheet("Review responses")
    sheet.append(["Review ID", "Date of review", "Person's name", perspective_header, "What's working?",
                  "What's not working?", "What's important to me in the future?", "Provider", "Locality",
                  "Reviewer"])
    for n in range(REVIEWS):
        sheet.append([f"RV-{1000 + n}", f"{1 + n % 28:02d}/03/2026", f"Testperson Number{n}",
                      COMPLETED_WITH[n % len(COMPLETED_WITH)][0], WORKING[n % 3], NOT_WORKING[n % 3],
                      FUTURE[n % 3], ["Homecare North", "Sunrise Care"][n % 2], ["Leeds", "Wetherby"][n % 2],
                      ["Reviewer Alpha", "Reviewer Beta"][n % 2]])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def expected_split() -> dict[str, int]:
    """Statements per perspective in the workbook: three per review."""
    said = Counter()
    for n in range(REVIEWS):
        said[COMPLETED_WITH[n % len(COMPLETED_WITH)][1]] += 3
    return {p: said[p] for p in ("person", "family/carer", "staff", "other")}
