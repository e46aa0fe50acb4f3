"""Words as people read them: a count with its noun in the right number ("1 vote", "2 votes", "1 person",
"3 people"), for every page, message, history summary and export."""
from __future__ import annotations

IRREGULAR = {"person": "people", "new person": "new people"}


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``count`` and ``noun``, the noun plural unless the count is exactly one: "1 statement", "0 statements".

    ``plural`` is for a noun whose plural is not made with "s" and not in :data:`IRREGULAR`.
    """
    if count == 1:
        return f"{count} {noun}"
    return f"{count:,} {plural or IRREGULAR.get(noun) or noun + 's'}"
