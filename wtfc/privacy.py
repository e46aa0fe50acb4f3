"""Finding and removing personal details in statements before anything reaches a wall.

Statements from reviews often carry a name, a phone number or an NHS number. Before a statement
is stored or shown to a room, :func:`find_personal_details` marks each such detail and
:func:`redact` replaces it with a placeholder such as ``[phone]``. The facilitator sees every
finding and may keep one that is a false alarm; nothing else is ever stored.

Detection is a set of regular expressions tuned to UK review text (no language model, nothing
downloaded): it prefers to miss an unusual detail rather than blank out ordinary words such as
"Room 101", "the 111 service" or "Dr appointment", because the room has to read what is left.
"""
from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Collection, Iterable, Iterator, Sequence

from wtfc.model import Redaction
from wtfc.text import without_controls

KINDS = ("name", "phone", "email", "NHS number", "postcode", "date of birth")


@dataclass(frozen=True)
class Finding:
    """One personal detail, by its place in the *original* text."""

    kind: str
    start: int
    end: int
    value: str


# --- e-mail ---------------------------------------------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")


def _emails(text: str) -> Iterator[Finding]:
    for match in _EMAIL.finditer(text):
        yield Finding("email", match.start(), match.end(), match.group())


# --- phone ----------------------------------------------------------------------------------------
# A candidate is a run of digit groups starting like a UK number ("07700", "0161", "+44 (0)161",
# "0044 20", "447700…"); the digits are then checked against the UK numbering plan, dropping trailing
# groups that belong to the next words ("call 07700 900123 3 times"). Letters and punctuation may be
# glued on either side ("Tel:07700900555,", "mob07700900321"); digits may not, nor a decimal point after
# a digit or a currency sign before. A number written with dots uses dots only ("07700.900.321"), so a
# date and a time ("01.02.2020 10.30") never join into one; the first group after a trunk 0 has at least
# three digits (a dialling code), which rules out dates ("03.04.1948") and times ("07.30").
_NOT_GLUED_BEFORE = r"(?<![\d+£$€])(?<!\d[.,\-])"
_PHONE = re.compile(
    _NOT_GLUED_BEFORE
    + r"(?:\(?(?:\+|00)44\)?[ .\-]?(?:\(0\)[ .\-]?)?\d{2,}"  # +44 (0)161, 0044 20, (+44) 7700
    r"|44(?=[ .\-]?[1-9])[ .\-]?\d{2,}"                      # 447700…, 44 7700 …
    r"|\(0\d{2,}\)|0(?: (?=\d{3}))?\d{2,})"                  # (020), 0161, 0 7700
    r"(?:[ .\-]?\d{2,}){0,4}")
_DIGIT_GROUP = re.compile(r"\d+")
_GAP = re.compile(r"(?<=\d)\D+(?=\d)")
_COUNTRY_CODE = re.compile(r"\(?(?:\+|00)?44\)?[ .\-]?(?:\(0\)[ .\-]?)?")
_UK_NATIONAL_NUMBER = re.compile(r"0(?:7\d{9}|[1235789]\d{8,9})")


def _phone_end(candidate: str) -> int | None:
    """Length of the longest prefix of ``candidate`` that is a whole UK phone number."""
    groups = list(_DIGIT_GROUP.finditer(candidate))
    for last in reversed(groups):
        prefix = candidate[:last.end()]
        national = prefix[_COUNTRY_CODE.match(prefix).end():] if prefix.lstrip("(+").startswith(("44", "0044")) else prefix
        separators = {ch for gap in _GAP.findall(national) for ch in gap if ch in " .-"}
        if "." in separators and separators != {"."}:
            continue  # dots mixed with spaces or hyphens: a date, a time or a list, not one number
        digits = "".join(_DIGIT_GROUP.findall(prefix))
        if digits.startswith(("44", "0044")):
            digits = "0" + digits.removeprefix("00").removeprefix("44").removeprefix("0")
        if _UK_NATIONAL_NUMBER.fullmatch(digits):
            return last.end()
    return None


def _phones(text: str) -> Iterator[Finding]:
    position = 0
    while match := _PHONE.search(text, position):
        length = _phone_end(match.group())
        if length is None:
            position = match.start() + 1  # a number may still start in a later group
            continue
        start, end = match.start(), match.start() + length
        if text[start] == "(" and ")" not in text[start:end]:  # "(07700 900321, …)"
            start += 1
        yield Finding("phone", start, end, text[start:end])
        position = end


# --- NHS number -----------------------------------------------------------------------------------
# Ten digits, 3-3-4, with one kind of separator or none; checked with the modulus-11 check digit, which
# only 1 in 11 random ten-digit numbers pass. Letters and punctuation may be glued on either side
# ("NHS:9434765919", "NHS no.9434765919", "NHS#9434765919"); other digits, a price or a decimal may not.
_NHS = re.compile(_NOT_GLUED_BEFORE + r"\d{3}([ .\-]?)\d{3}\1\d{4}(?!\d|[.,/:\-]\d)")


def is_valid_nhs_number(number: str) -> bool:
    """True when ``number`` (spaces, dots and hyphens allowed) passes the NHS modulus-11 check.

    The first nine digits are weighted 10 down to 2; 11 minus the remainder of the sum by 11 is
    the check digit (11 counts as 0; 10 means no valid number has these nine digits).
    """
    digits = re.sub(r"[ .\-]", "", number)
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * weight for d, weight in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _nhs_numbers(text: str) -> Iterator[Finding]:
    for match in _NHS.finditer(text):
        if is_valid_nhs_number(match.group()):
            yield Finding("NHS number", match.start(), match.end(), match.group())


# --- postcode -------------------------------------------------------------------------------------
# Full UK postcodes only, following the letters the Royal Mail allows in each position; the
# inward part (digit + two letters, never C I K M O V) rules out "2pm"-like look-alikes.
_POSTCODE = re.compile(
    r"(?<![\w])(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?) ?\d[ABD-HJLNP-UW-Z]{2}(?![\w])", re.IGNORECASE)


def _postcodes(text: str) -> Iterator[Finding]:
    for match in _POSTCODE.finditer(text):
        yield Finding("postcode", match.start(), match.end(), match.group())


# --- date of birth --------------------------------------------------------------------------------

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DD = r"(?:0?[1-9]|[12]\d|3[01])"
_MM = r"(?:0?[1-9]|1[0-2])"
_DAY = rf"{_DD}(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_SHORT_YEAR = r"(?:['’]?\d{2})"
# A date may have letters or punctuation glued on ("DOB:03041948", "DOB03/04/1948") but no digit, and a
# month name no letter ("Summarch" is not March).
_DATE = re.compile(
    rf"(?<!\d)(?:{_DD}([/.\- ])(?:{_MM})\1(?:{_YEAR}|\d{{2}})"                        # 03/04/1948, 3.4.48
    rf"|{_YEAR}([/.\-]){_MM}\2{_DD}"                                                # 1948-04-03
    rf"|{_DD}([/.\-]){_MONTH}\3(?:{_YEAR}|\d{{2}})"                                   # 03-Apr-1948
    rf"|(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2]){_YEAR}|{_YEAR}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
    rf"|{_DAY}\s*(?:of\s+)?{_MONTH},?(?:\s*(?:{_YEAR}|{_SHORT_YEAR}))?"               # 3rd of April 1948
    rf"|\b{_MONTH}\s*{_DAY},?(?:\s+(?:{_YEAR}|{_SHORT_YEAR}))?"                        # April 3rd, 1948
    rf"|\b{_MONTH}\s+(?:{_YEAR}|['’]\d{{2}}))"                                        # April 1948
    r"(?!\d|(?<=[a-z.])[a-z])",
    re.IGNORECASE)
# Birth words; "b." (as in "b. 03.04.1948") counts only right before a date.
_BIRTH_WORDS = re.compile(
    r"\b(?:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|birth\s*date|born|birthday|b['’.]?day)(?![a-z])"
    r"|(?<![\w.])(?P<short>b\.)", re.IGNORECASE)
# "DOB: ", "born in Hull on ": a few words of the same clause, or punctuation alone.
_GAP_BEFORE = re.compile(r"[\s:,()\-–#=]{0,4}|(?:(?!\.\s)[^\d,!?;\n]){0,25}")
_GAP_AFTER_SHORT_WORD = re.compile(r"[\s:]{0,3}")
_GAP_AFTER = re.compile(r"[\s(\[,:-]{0,4}")  # "02/05/1944 (DOB)"


def _dates_of_birth(text: str) -> Iterator[Finding]:
    """Dates next to a birth word, in the same sentence; other dates (reviews, visits) are not personal."""
    birth_words = list(_BIRTH_WORDS.finditer(text))
    if not birth_words:
        return
    word_starts = [w.start() for w in birth_words]
    word_ends = [w.end() for w in birth_words]
    for date in _DATE.finditer(text):
        # only the nearest birth word on each side can be close enough
        before = bisect.bisect_right(word_ends, date.start()) - 1
        after = bisect.bisect_left(word_starts, date.end())
        gap_before = _GAP_AFTER_SHORT_WORD if before >= 0 and birth_words[before]["short"] else _GAP_BEFORE
        if (before >= 0 and gap_before.fullmatch(text[word_ends[before]:date.start()])
                or after < len(birth_words) and not birth_words[after]["short"]
                and _GAP_AFTER.fullmatch(text[date.end():word_starts[after]])):
            yield Finding("date of birth", date.start(), date.end(), date.group())


# --- names ----------------------------------------------------------------------------------------

_NAME_WORD = r"(?:Ma?c|O['’]|D['’])?[A-Z][a-z]+(?:-(?:Ma?c|O['’])?[A-Z][a-z]+)*"
_TITLED_NAME = re.compile(
    rf"(?P<article>\b(?i:the|a|my|our|his|her|their|to)[ \t]+)?"
    rf"(?P<title>\b(?:Mrs|Mr|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Revd|Rev|Nurse|MRS|MR|MS|DR)\b\.?)[ \t]+"
    rf"(?P<name>(?:[A-Z]\.?[ \t]+)*{_NAME_WORD}(?:[ \t]+{_NAME_WORD})?)")
_RELATION_NAME = re.compile(
    r"(?:\b(?:[Mm]y|[Oo]ur|[Hh]er|[Hh]is|[Tt]heir)|\w['’]s)\s+(?:carer|care\s+worker|support\s+worker|key\s?worker"
    r"|social\s+worker|son|daughter|husband|wife|partner|brother|sister|friend|neighbour|grandson"
    r"|granddaughter|nephew|niece|PA|personal\s+assistant|nurse|manager)\s*,?\s+"
    rf"(?P<name>{_NAME_WORD})"
    r"|\b(?:carer|worker|lady|man|woman|girl|boy|nurse|manager|friend|neighbour|someone)\s+"
    rf"(?:called|named)\s+(?P<called>{_NAME_WORD})")
# Capitalised words that follow a title or "my carer" without being anybody's name.
_NOT_NAMES = frozenset(
    "Appointment Appointments Surgery Surgeries Visit Visits Practice Letter Call Said Says Came "
    "Comes Was Is Has Had And But The Mum Mam Mom Dad Nan Nana Gran Granny Grandad Grandma Grandpa "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April June "
    "July August September October November December Christmas".split())
# Names that are also everyday words: matched from the name list only when written with a capital, so a
# name column's "Walker" or "Bell" leaves "my walker" and "ring the bell" alone.
_EVERYDAY_WORD_NAMES = frozenset(
    "may will hope grace rose mark bill frank joy faith april june august summer dawn sky guy pat sue "
    "art ray rob jack penny holly ivy lily daisy hazel amber ruby pearl iris rich carol angel honey "
    "sunny baker cook hall wood green white black brown young king hill long little moon cash page "
    "price bird fox lamb best bright love hand don dean chase miles lane ward mum dad care carer "
    "nurse sister son walker bell cross church field house wall well wells stone street marsh moss "
    "hunt hunter fisher turner carter porter butler mason miller potter cooper parker shepherd "
    "gardener singer painter driver weaver barber brewer glover knight bishop major noble rice "
    "bacon french english bush banks brook brooks day law lord pope rich sharp sweet swift frost "
    "snow winter spring gold steel storm field fields burns cole hope dear good hale hart head "
    "holmes lamb mills north south west east park parks reed rivers rock shaw small strong tanner "
    "wise wolf woods worth short tall grant lance max miles glen robin".split())
_TITLES = frozenset("mr mrs ms miss mx dr prof professor sir dame rev revd nurse".split())
_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’]s$")
_NOT_IN_A_NAME = re.compile(r"(?:[^\w']|[\d_])+")


def _name_key(word: str) -> str:
    return word.casefold().replace("’", "'")


class KnownNames:
    """Names to redact (the file's name column, the facilitator's list), prepared once.

    A full name also matches its parts alone ("Jean Smith" → "Jean", "Smith"), and a double-barrelled
    surname its halves. Pass one KnownNames to :func:`find_personal_details` for many statements
    instead of a plain list, so thousands of names are not re-read for every statement.
    """

    def __init__(self, names: Iterable[str] = ()):
        self._names = tuple(n for n in names if n and n.strip())
        self._keys: set[str] = set()
        for name in self._names:
            for token in _TOKEN.findall(name):
                key = _name_key(token)
                for part in {key, *key.split("-")}:
                    if len(part) > 1 and part not in _TITLES:
                        self._keys.add(part)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __bool__(self) -> bool:
        return bool(self._keys)

    def matches(self, word: str) -> bool:
        key = _name_key(word)
        if key not in self._keys and not any(part in self._keys for part in key.split("-")):
            return False
        return word[0].isupper() or key not in _EVERYDAY_WORD_NAMES

    def find(self, text: str) -> Iterator[tuple[int, int]]:
        """Spans of known names; neighbouring parts ("Jean Smith") come back as one span."""
        span: tuple[int, int] | None = None
        words = {word.strip("'") for word in _NOT_IN_A_NAME.split(_name_key(text))}
        if self._keys.isdisjoint(words | {word.removesuffix("'s") for word in words}):
            return  # a quick look first: most statements hold no name from the list
        for token in _TOKEN.finditer(text):
            start, end = token.span()
            word = _POSSESSIVE.sub("", token.group())  # "Jean's" → "Jean"
            if not self.matches(word):
                continue
            end = start + len(word)
            if span and text[span[1]:start] in (" ", "\t"):
                span = (span[0], end)
                continue
            if span:
                yield span
            span = (start, end)
        if span:
            yield span


# --- given names no list mentions ------------------------------------------------------------------
# A gazetteer of given names and short forms (wtfc/data/given_names.txt, with its source and licence), read
# only where a word is written with a capital. Most names are names wherever they stand ("Sharon is
# brilliant"); those that are also everyday words (May, Will, Grace, Rose, Mark, Bill…) only where the words
# around them say a person is meant: "my carer Will", "(Grace)", "Will came", "Grace is lovely", or in the
# middle of a sentence without an article ("I asked Mark" but not "the Rose garden").


def _given_names() -> frozenset[str]:
    text = (Path(__file__).parent / "data" / "given_names.txt").read_text(encoding="utf-8")
    return frozenset(word for line in text.splitlines() if not line.startswith("#") for word in line.split())


GIVEN_NAMES = _given_names()
# Given names that are also everyday words: a capital at the start of a sentence does not make them a name.
WORD_LIKE_NAMES = frozenset(
    "will may grace rose mark bill frank joy faith hope dawn pat ray rob jack penny holly ivy lily daisy hazel "
    "amber ruby pearl iris carol dean miles sandy robin glen glenn grant lance max violet olive poppy jade "
    "heather jasmine dot don bob nick val les des".split())
# ...and those that even in the middle of a sentence are more often a month or a day ("in May", "Christmas
# Eve"): names only right after "my carer", "called", or a verb a person does.
_MONTH_LIKE_NAMES = frozenset("may april june august jan eve".split())
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:['’][a-z]+)?\b")
_SURNAMES_AFTER = re.compile(r"(?:[ \t]+(?:Ma?c|O['’])?[A-Z][a-z]+\b(?!['’][a-z]))*")  # "Sharon Walker"
# A name's words end at one of these: "Victoria Road", "Florence Nightingale House" are places.
_PLACE_WORDS = frozenset(
    "Road Street Lane Avenue Close Drive Way Court House Gardens Garden Centre Center Hall Park Lodge Ward Unit "
    "Care Homecare Hospital Hospice Surgery Practice Place Square Crescent Terrace Grove Hill View Mews Walk Row "
    "Trust Foundation Society Club Community Medical Health Manor Gate Green School College Church Chapel Station "
    "Library Mill Bridge Home Homes Villas Ambulance Infirmary Council Services Service Team Nursing".split())
_PERSON_BEFORE = re.compile(
    r"(?i:\b(?:carer|carers|worker|keyworker|nurse|daughter|son|husband|wife|partner|brother|sister|friend"
    r"|neighbour|grandson|granddaughter|nephew|niece|PA|assistant|manager|mum|dad|mother|father|aunt|auntie"
    r"|uncle|cousin|called|named|coordinator|driver|volunteer|befriender|therapist|OT|GP|boss|girlfriend"
    r"|boyfriend|and|with|ask|asked|told|tell|thank|thanks|love|miss|dear|hi|hello))[ \t]*,?[ \t]*$")
_PERSON_AFTER = re.compile(
    r"[ \t]+(?:came|comes|visits|visited|helps|helped|rang|rings|phoned|phones|calls|said|says|told|tells|knows"
    r"|listens|listened|talks|talked|cares|sings|sang|laughs|chats|chatted|cooks|cooked|washes|brings|brought"
    r"|takes|took|understands|always|never|does|did|makes|made|gets|got|and[ \t]+I|from[ \t]+the"
    r"|(?:is|was)[ \t]+(?:brilliant|lovely|kind|great|amazing|wonderful|patient|caring|friendly|helpful|rude"
    r"|fantastic|good|nice|the[ \t]+best|my|our|always|never))\b(?![ \t]+to[ \t]+[£$€\d])"
    r"|['’]s\b")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n•*\-–—\"“(]\s*)$")
_NOT_A_PERSON_BEFORE = re.compile(r"(?i:\b(?:the|a|an|this|that|st|saint|st\.)|Marks[ \t]+(?:and|&))[ \t]*$")


def _given_name_findings(text: str) -> Iterator[Finding]:
    """Runs of capitalised words that start with a given name from the gazetteer, read in their context."""
    done = 0
    for word in _CAPITALISED.finditer(text):
        first = _POSSESSIVE.sub("", word.group())
        key = first.lower()
        if word.start() < done or key not in GIVEN_NAMES:
            continue
        match = _SURNAMES_AFTER.match(text, word.start() + len(first)) if first == word.group() else None
        start, end = word.start(), match.end() if match else word.start() + len(first)
        words = text[start:end].split()
        if words[-1] in _PLACE_WORDS:
            continue
        before = text[max(start - 30, 0):start]
        if _NOT_A_PERSON_BEFORE.search(before):
            continue
        if key in WORD_LIKE_NAMES or key in _MONTH_LIKE_NAMES:
            after = text[end:end + 40]
            in_brackets = before.endswith("(") and after.startswith(")")
            person_after = _PERSON_AFTER.match(after)
            if person_after and key in _MONTH_LIKE_NAMES and person_after.group().split()[0] in ("is", "was"):
                person_after = None  # "May is the best month"
            said_so = len(words) > 1 or _PERSON_BEFORE.search(before) or person_after
            mid_sentence = not _SENTENCE_START.search(before)
            if not (said_so or key not in _MONTH_LIKE_NAMES and (in_brackets or mid_sentence)):
                continue
        done = end
        yield Finding("name", start, end, text[start:end])


# Quick looks before the slower patterns: a title, and a word a relation pattern needs.
_ANY_TITLE = re.compile(r"\b(?:Mrs|Mr|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Revd|Rev|Nurse|MRS|MR|MS|DR)\b")
_ANY_RELATION = re.compile(r"['’]s\s|\b(?:[Mm]y|[Oo]ur|[Hh]er|[Hh]is|[Tt]heir|called|named)\s")


def _names(text: str, known: KnownNames) -> Iterator[Finding]:
    for match in _TITLED_NAME.finditer(text) if _ANY_TITLE.search(text) else ():
        first_word = match.group("name").split()[0]
        sentence_end = match.group("article") and text[:match.start("name")].rstrip().endswith(".")
        if first_word not in _NOT_NAMES and not sentence_end:  # "I saw the Dr. Room 4 was…"
            yield Finding("name", match.start("title"), match.end("name"), text[match.start("title"):match.end()])
    for match in _RELATION_NAME.finditer(text) if _ANY_RELATION.search(text) else ():
        group = "name" if match.group("name") else "called"
        if match.group(group) not in _NOT_NAMES:
            yield Finding("name", match.start(group), match.end(group), match.group(group))
    yield from _given_name_findings(text)
    if known:
        for start, end in known.find(text):
            yield Finding("name", start, end, text[start:end])


_DIGIT = re.compile(r"\d")


# --- all together ---------------------------------------------------------------------------------

def find_personal_details(text: str, names: Iterable[str] = ()) -> list[Finding]:
    """Every personal detail in ``text``, sorted by position and never overlapping.

    ``names`` are real names to look for (whole words, any case; also each part of a full name).
    Where two findings overlap, the one starting first wins, then the longer one, so an e-mail
    address is one finding rather than a name inside it.
    """
    known = names if isinstance(names, KnownNames) else KnownNames(names)
    candidates = [*_names(text, known)]
    if "@" in text:
        candidates += _emails(text)
    if _DIGIT.search(text):  # every other kind has a digit in it: most statements skip them all
        candidates += [*_phones(text), *_nhs_numbers(text), *_postcodes(text), *_dates_of_birth(text)]
    candidates.sort(key=lambda f: (f.start, f.start - f.end, KINDS.index(f.kind)))
    findings: list[Finding] = []
    for finding in candidates:
        if not findings or finding.start >= findings[-1].end:
            findings.append(finding)
    return findings


def redact(text: str, findings: Sequence[Finding]) -> tuple[str, tuple[Redaction, ...]]:
    """``text`` with each finding replaced by ``[kind]``, and where each placeholder now stands.

    ``findings`` must index ``text`` and not overlap (as :func:`find_personal_details` returns
    them); any subset of them may be passed, e.g. without the ones the facilitator kept.
    """
    pieces: list[str] = []
    redactions: list[Redaction] = []
    length = 0
    done = 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < done:
            raise ValueError("findings overlap")
        before = text[done:finding.start]
        placeholder = f"[{finding.kind}]"
        pieces += [before, placeholder]
        length += len(before)
        redactions.append(Redaction(finding.kind, length, length + len(placeholder)))
        length += len(placeholder)
        done = finding.end
    pieces.append(text[done:])
    return "".join(pieces), tuple(redactions)


# --- the gate: every word that enters the store -----------------------------------------------------

NAMES_SETTING = "redact_names"  # the workshop setting holding the facilitator's names to remove
PURGED = "personal detail"  # the kind of a detail the facilitator removed everywhere by hand
# The words people type or import, by table. Every one of them passes redaction on its way into the store.
FREE_TEXT = {"statements": ("text", "person_ref", "service", "area", "source_file", "source_sheet"),
             "themes": ("name",), "voting_rounds": ("title",), "priority_overrides": ("reason",),
             "plans": ("causes", "success"), "actions": ("description", "owner")}
_PLACEHOLDER = re.compile("|".join(re.escape(f"[{kind}]") for kind in (*KINDS, PURGED)))


def cleared(text: str, names: Iterable[str] = (), kept: Collection[str] = ()) -> str:
    """``text`` with every personal detail replaced, except those in ``kept`` (false alarms the
    facilitator chose to keep), and without control characters, whichever page or command it came from."""
    text = without_controls(text)
    findings = [f for f in find_personal_details(text, names) if f.value not in kept]
    return redact(text, findings)[0] if findings else text


def placeholders(text: str) -> tuple[Redaction, ...]:
    """Where ``text`` holds a placeholder such as ``[phone]``: the record of what was taken out, and where."""
    return tuple(Redaction(m.group()[1:-1], m.start(), m.end()) for m in _PLACEHOLDER.finditer(text))


def cleared_row(table: str, before: dict | None, after: dict, clear: Callable[[str], str]) -> dict:
    """``after`` with each free-text field that differs from ``before`` passed through ``clear``.

    Unchanged fields were cleared when they were first written, so a move or an undo never rereads
    them. A statement whose text changes gets its redaction records from the placeholders in it.
    """
    row = dict(after)
    for field in FREE_TEXT.get(table, ()):
        value = row.get(field)
        if not value or before is not None and before.get(field) == value:
            continue
        row[field] = clear(value) if isinstance(value, str) else [clear(item) for item in value]  # causes: a list
    if table == "statements" and "text" in row and (before is None or before.get("text") != row["text"]):
        row["redactions"] = [dataclasses.asdict(r) for r in placeholders(row["text"])]
    return row


def rewritten_row(table: str, row: dict | None, rewrite: Callable[[str], str]) -> dict | None:
    """A whole row, as a table or the edit log holds it, with ``rewrite`` applied to its free-text fields.

    A statement's redaction records are rebuilt only when its text changed. Rewriting the rows and the
    log's copies of them the same way keeps undo and redo working.
    """
    if row is None or table not in FREE_TEXT:
        return row
    new = cleared_row(table, None, row, rewrite)
    if table == "statements" and new.get("text") == row.get("text"):
        new.pop("redactions", None)
        new.update({"redactions": row["redactions"]} if "redactions" in row else {})
    return new


def detail_pattern(detail: str) -> re.Pattern:
    """The places ``detail`` is written, whatever the case or the spaces, dots or hyphens between its
    parts ("07700900111" also finds "07700 900 111"); never inside a longer word or number."""
    parts = re.findall(r"\d|[^\W\d_]+", detail)
    if not parts:
        raise ValueError("Please type the detail to remove, with at least one letter or digit.")
    return re.compile(r"(?<![^\W_])" + r"[\W_]{0,3}".join(map(re.escape, parts)) + r"(?![^\W_])", re.IGNORECASE)


def remove_detail(text: str, pattern: re.Pattern) -> tuple[str, int]:
    """``text`` with every place ``pattern`` matches replaced by ``[personal detail]``, and how many."""
    return pattern.subn(f"[{PURGED}]", text)
