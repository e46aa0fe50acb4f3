"""Small facts about statement text that the importer and the theming engine must agree on."""
from __future__ import annotations

import re

# A statement with no content uses only these words, and at least one of the first set.
_NO_CONTENT_CORE = frozenset("nothing none nil na no nope nowt idk unknown unsure sure dont tbc comment comments "
                             "applicable".split())
_NO_CONTENT_FILLER = frozenset("""
    a above add all answer any anything as asked at can cannot cant else for i is isnt it its
    know known lot me moment much not now of really response same say see so that thats the
    there theres thing think this time to you thank thanks
""".split())
_LETTERS = re.compile(r"[^\W\d_]+")
# Control characters no statement means to hold (NUL, bell, escape…); tabs and line breaks are not among them.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def without_controls(text: str) -> str:
    """``text`` without :data:`CONTROL_CHARACTERS` (PostgreSQL's text cannot even hold NUL)."""
    return text if text.isprintable() else CONTROL_CHARACTERS.sub("", text)


def normalise(text: str) -> str:
    """Lower case with apostrophes dropped, so "Don't" and "dont" are one word."""
    return text.lower().replace("’", "").replace("'", "")


def is_no_content(text: str) -> bool:
    """True for "nothing", "n/a", "no comment", "nothing really", "-", "" and the like."""
    words = _LETTERS.findall(normalise(text).replace("/", ""))  # "n/a" is "na"
    if not words:
        return True
    return all(w in _NO_CONTENT_CORE or w in _NO_CONTENT_FILLER for w in words) and any(
        w in _NO_CONTENT_CORE for w in words)
