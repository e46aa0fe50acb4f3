"""Matching a table's header to statement fields, and reading the values people write in cells.

:func:`guess_mapping` matches the header row to statement fields, in the "long" layout (one
statement per row) or the "wide" review layout (one column per category); the facilitator can
correct any guess in a :class:`ColumnMapping`. The ``normalise_*`` functions, :func:`parse_date`,
:func:`split_cell` and :func:`unescaped` read the many ways reviews write a category, a perspective,
a date or a list of statements in one cell.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from wtfc.model import CATEGORIES, FUTURE, NOT_WORKING, WORKING

# A cell starting with one of these could run as a formula; wtfc's exports put an apostrophe before it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def plain_words(value: str) -> str:
    """Lower case, apostrophes dropped, other punctuation as spaces: "What's working?" → "whats working"."""
    value = value.casefold().replace("’", "").replace("'", "")
    return " ".join(re.sub(r"[\W_]+", " ", value).split())


def _spellings(*values: str) -> frozenset[str]:
    return frozenset(plain_words(v) for v in values)


_HEADERS = {
    "text": _spellings("Statement", "Statements", "Text", "Comment", "Comments", "What they said",
                       "Statement text", "What was said"),
    "category": _spellings("Category", "Type", "Heading", "Statement type", "Statement category"),
    "perspective": _spellings("Perspective", "Who", "Role", "From", "Who said it", "Said by", "Whose view",
                              "Whose views", "Review completed with", "Completed with", "Relationship",
                              "Relationship to person", "Relationship to the person", "Who was present",
                              "Present at review", "Contributor", "Respondent", "Views of", "Who took part",
                              "Who gave the views", "Views given by", "Speaker"),
    "person_ref": _spellings("Person", "Person ref", "Person reference", "Person ID", "Ref", "Reference",
                             "Review ID", "Review ref", "Review reference", "ID", "Pseudonym"),
    "person_name": _spellings("Name", "Person name", "Full name", "Person's name", "Name of person",
                              "Client name", "Service user name"),
    "service": _spellings("Service", "Provider", "Service name", "Provider name", "Care provider"),
    "area": _spellings("Area", "Locality", "Team", "District", "Patch"),
    "review_date": _spellings("Review date", "Date", "Date of review", "Reviewed on", "Date reviewed"),
    "theme": _spellings("Theme", "Theme name"),
}
_WIDE_HEADERS = {
    **dict.fromkeys(_spellings("What's working", "What is working", "Working", "Working well",
                               "What's working well", "What works", "What works well"), WORKING),
    **dict.fromkeys(_spellings("What is not working", "What's not working", "Not working", "What isn't working",
                               "What doesn't work", "Not working well"), NOT_WORKING),
    **dict.fromkeys(_spellings("Important to me in the future", "Important for the future",
                               "What's important for the future", "Future", "Important to me",
                               "What's important to me", "What is important to me",
                               "What is important for the future", "Important in the future"), FUTURE),
}


def _wide_category(header: str) -> str | None:
    """The category a wide-layout column holds, judged from its header."""
    key = plain_words(header)
    if key in _WIDE_HEADERS:
        return _WIDE_HEADERS[key]
    words = key.split()
    if ("working" in words or "future" in words) and len(words) <= 10:  # "What's working for Jo?"
        return normalise_category(header)
    return None


@dataclass(frozen=True)
class ColumnMapping:
    """Which column holds what; the facilitator can correct any guess."""

    layout: str = "long"                 # "long": one statement per row; "wide": a column per category
    text: str | None = None              # long: the statement column
    category: str | None = None          # long: the category column
    category_columns: dict[str, str] = field(default_factory=dict)  # wide: column name -> category
    perspective: str | None = None
    person_ref: str | None = None        # pseudonymous reference column
    person_name: str | None = None       # a real-name column: used ONLY to redact names, never stored
    service: str | None = None
    area: str | None = None
    review_date: str | None = None
    theme: str | None = None             # the theme each statement was placed in (as wtfc's spreadsheet has it)
    no_perspective: bool = False         # the facilitator said no column says who spoke: all are the person's

    def missing(self) -> list[str]:
        """What still has to be chosen before the file can be imported; [] when it can be."""
        allowed = ", ".join(CATEGORIES)
        if self.layout == "long":
            needed = []
            if not self.text:
                needed.append("the column with the statement text")
            if not self.category:
                needed.append(f"the column saying which category each statement is in ({allowed})")
            return needed
        if self.layout == "wide":
            if not self.category_columns:
                needed = ["the columns holding each category's statements (for example \"What's working\")"]
            else:
                needed = []
            needed += [f'a category for the column "{column}" (one of: {allowed})'
                       for column, category in self.category_columns.items() if category not in CATEGORIES]
            return needed
        return ["the layout: one statement per row, or one column for each category"]

    def columns_used(self) -> list[str]:
        """Every column this mapping reads from."""
        single = [self.perspective, self.person_ref, self.person_name, self.service, self.area, self.review_date,
                  self.theme]
        if self.layout == "long":
            single = [self.text, self.category, *single]
        else:
            single = [*self.category_columns, *single]
        return [column for column in single if column]


def guess_mapping(columns: list[str]) -> ColumnMapping:
    """Match header cells to fields, ignoring case and punctuation ("WHAT'S WORKING?" = "What's working").

    The layout is "wide" when there is no statement column but some column is a category
    ("What's working", "Not working", "Important for the future"…).
    """
    found: dict[str, str] = {}
    wide: dict[str, str] = {}
    for column in columns:
        key = plain_words(column)
        field_name = next((f for f, spellings in _HEADERS.items() if key in spellings), None)
        if field_name:
            found.setdefault(field_name, column)
        elif (category := _wide_category(column)) is not None:
            wide[column] = category
    if wide and "text" not in found:
        found.pop("category", None)
        return ColumnMapping(layout="wide", category_columns=wide, **found)
    return ColumnMapping(layout="long", **found)


_NOT_WORKING_WORDS = re.compile(r"\b(?:not|isnt|arent|doesnt|dont)\b(?: \w+){0,2}? (?:work|works|working|going well)\b")
_WORKING_WORDS = re.compile(r"\b(?:working|works|going well)\b")
_CATEGORY_CODES = {"w": WORKING, "nw": NOT_WORKING, "f": FUTURE, "if": FUTURE, "iff": FUTURE,
                   "positive": WORKING, "negative": NOT_WORKING}


def normalise_category(value: str) -> str | None:
    """One of CATEGORIES for the ways reviews write them ("What's working?", "NOT WORKING", "Future"…)."""
    key = plain_words(value)
    if key in _CATEGORY_CODES:
        return _CATEGORY_CODES[key]
    if _NOT_WORKING_WORDS.search(key) or key.startswith("not working"):
        return NOT_WORKING
    words = key.split()
    if "future" in words or "important" in words:
        return FUTURE
    if _WORKING_WORDS.search(key):
        return WORKING
    return None


_PERSPECTIVES = {
    **dict.fromkeys(_spellings("Person", "Service user", "Me", "I", "Self", "Individual", "Client", "Customer",
                               "Resident", "Tenant", "Patient", "Person supported", "The person",
                               "Person receiving support", "Person receiving care", "Supported person",
                               "User", "Themselves", "Person themselves", "Myself"), "person"),
    **dict.fromkeys(_spellings("Family", "Carer", "Family/carer", "Family carer", "Family member", "Relative",
                               "Unpaid carer", "Parent", "Mum", "Dad", "Mother", "Father", "Son", "Daughter",
                               "Wife", "Husband", "Partner", "Sister", "Brother", "Friend", "Family or carer",
                               "Family and friends", "Neighbour", "Spouse", "Civil partner", "Grandson",
                               "Granddaughter", "Grandchild", "Niece", "Nephew", "Aunt", "Uncle", "Cousin",
                               "Son-in-law", "Daughter-in-law", "Stepson", "Stepdaughter", "Next of kin",
                               "Guardian"), "family/carer"),
    **dict.fromkeys(_spellings("Staff", "Support worker", "Care worker", "Paid carer", "Care staff", "Provider",
                               "Provider staff", "Manager", "Team leader", "Key worker", "Keyworker",
                               "Personal assistant", "PA", "Home care worker", "Homecare worker",
                               "Care assistant", "Staff member", "Employee", "Registered manager",
                               "Deputy manager", "Care manager", "Senior carer", "Senior support worker",
                               "Care coordinator", "Shift leader", "Coordinator"), "staff"),
    **dict.fromkeys(_spellings("Other", "Others", "Other people", "Other professionals", "Social worker",
                               "Other professional", "Professional",
                               "Health professional", "Commissioner", "GP", "Doctor", "Advocate",
                               "Occupational therapist", "OT", "District nurse", "Nurse", "Therapist",
                               "Physiotherapist", "Physio", "Speech and language therapist", "SALT",
                               "Reviewing officer", "Review officer", "Housing officer", "Community nurse",
                               "Psychiatrist", "Psychologist", "Pharmacist", "Dietitian"), "other"),
}
# Words that say who spoke inside a longer value ("Son (lives nearby)", "Agency care worker"), tried in
# this order: professionals before staff ("social worker"), staff before family ("paid carer").
_PERSPECTIVE_WORDS = (
    ("other", {"professional", "social", "nurse", "therapist", "ot", "gp", "doctor", "advocate", "physio",
               "physiotherapist", "officer"}),
    ("staff", {"staff", "worker", "paid", "manager", "assistant", "keyworker", "leader", "coordinator"}),
    ("family/carer", {"family", "carer", "relative", "son", "daughter", "wife", "husband", "partner", "mum",
                      "mother", "dad", "father", "sister", "brother", "friend", "neighbour", "spouse", "niece",
                      "nephew", "grandson", "granddaughter", "aunt", "uncle"}),
    ("person", {"person", "user", "self", "client"}),
)


def normalise_perspective(value: str) -> str | None:
    """One of PERSPECTIVES for the ways reviews say who spoke: the person ("Service user", "Self"), family
    or friends ("Son", "Wife", "Neighbour"), staff ("Care worker", "Manager"), other professionals ("Social
    worker", "Nurse", "OT")."""
    key = plain_words(value)
    if key in _PERSPECTIVES:
        return _PERSPECTIVES[key]
    words = set(key.split())
    return next((perspective for perspective, hints in _PERSPECTIVE_WORDS if words & hints), None)


def perspective_lookalikes(columns: list[str], rows: list[list[str]], mapping: ColumnMapping) -> list[str]:
    """The columns the mapping does not read whose cells mostly say who spoke ("Son", "Care worker"…).

    Importing without them would count every statement as the person's own, so the preview asks.
    Empty when the mapping has a perspective column or the facilitator said there is none.
    """
    if mapping.perspective or mapping.no_perspective:
        return []
    used = set(mapping.columns_used())
    found = []
    for index, column in enumerate(columns):
        if column in used:
            continue
        values = {cells[index] for cells in rows if index < len(cells) and cells[index]}
        read = [normalise_perspective(v) for v in values]
        known = [p for p in read if p]
        if len(known) >= 2 and len(known) >= 0.8 * len(values) and set(known) != {"person"}:
            found.append(column)
    return found
_ITEM_MARKER = re.compile(r"^(?:[•·▪●◦‣*\-–—]|\(?\d{1,2}[.)])\s+")
_INLINE_BULLET = re.compile(r"\s*[•·▪●◦‣]\s*")
_UK_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+)?")
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b|\bof\b|,", re.IGNORECASE)
_SEPT = re.compile(r"\bsept\b", re.IGNORECASE)
_EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 1 is 1900-01-01, counting its phantom 29 Feb 1900


def split_cell(cell: str) -> list[str]:
    """The statements in one cell or typed box: one per line, bullet ("•", "-", "*", "·") or number ("1.", "2)").

    A cell of nothing but a marker (say "-") stays one statement, so it is flagged as no content
    rather than silently lost; a blank cell gives no statements.
    """
    pieces = []
    for line in cell.splitlines():
        line = _ITEM_MARKER.sub("", line.strip())
        pieces += [p.strip() for p in _INLINE_BULLET.split(line)]
    pieces = [p for p in pieces if p]
    return pieces or ([cell.strip()] if cell.strip() else [])


def parse_date(value: str) -> str | None:
    """An ISO date from ISO, UK day/month/year, "3 March 2025" or an Excel day number; None if unreadable."""
    try:
        if match := _ISO_DATE.fullmatch(value):
            return date(*map(int, match.groups())).isoformat()
        if match := _UK_DATE.fullmatch(value):
            day, month, year = map(int, match.groups())
            return date(year + 2000 if year < 100 else year, month, day).isoformat()
        if value.isdigit() and 20_000 <= int(value) <= 80_000:
            return (_EXCEL_EPOCH + timedelta(days=int(value))).isoformat()
        words = _SEPT.sub("Sep", " ".join(_ORDINAL.sub(" ", value).split()))
        for pattern in ("%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y"):
            try:
                return datetime.strptime(words, pattern).date().isoformat()
            except ValueError:
                continue
    except ValueError:  # 31/02/2025 and the like
        return None
    return None


def unescaped(value: str) -> str:
    """A cell without the apostrophe a spreadsheet export puts before a leading =, +, -, @, tab or return
    (see ``wtfc.export.spreadsheet_safe``), so "'-3 visits" reads back as "-3 visits"."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value

