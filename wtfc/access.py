"""Who may open the facilitator's pages: an optional passcode, checked without giving it away.

Voting links never need it; everything else does when one is set.
"""
from __future__ import annotations

import hmac
from collections.abc import Mapping

PASSCODE_ENV = "WTFC_PASSCODE"
PASSCODE_SECRET = "passcode"
WRONG_PASSCODE = "That passcode is not right. Please check it and try again."


def configured_passcode(environ: Mapping[str, str], secrets: Mapping[str, object]) -> str | None:
    """The facilitator passcode: $WTFC_PASSCODE, else `passcode` in Streamlit's secrets; None if neither sets one.

    Spaces around it are dropped, because a passcode pasted into a file easily gains a newline.
    """
    for value in (environ.get(PASSCODE_ENV), secrets.get(PASSCODE_SECRET)):
        if value is not None and str(value).strip():
            return str(value).strip()
    return None


def passcode_matches(given: str, expected: str) -> bool:
    """Whether the typed passcode is the right one, in constant time so a guess's timing reveals nothing."""
    return hmac.compare_digest(given.strip().encode("utf-8"), expected.encode("utf-8"))
