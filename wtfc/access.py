"""Who may open the facilitator's pages: an optional passcode, checked without giving it away.

Voting links never need it; everything else does when one is set.
"""
from __future__ import annotations

import hmac
import math
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping

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

MINIMUM_LENGTH = 12
TRIES_PER_DEVICE = 5  # wrong passcodes from one network address in WINDOW before it must wait
TRIES_PER_SERVER = 20  # wrong passcodes from everywhere together in WINDOW before everyone must wait
WINDOW = 15 * 60.0  # seconds


def passcode_problem(passcode: str) -> str | None:
    """Why a configured passcode is refused at start, in plain words; ``None`` when it will do."""
    if len(passcode) < MINIMUM_LENGTH:
        return (f"The facilitator passcode that is set is too short ({len(passcode)} characters): use at least "
                f"{MINIMUM_LENGTH}, for example three or four unrelated words, then start wtfc again. "
                "The workshops stay closed until then.")
    return None


def _minutes(seconds: float) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return f"{minutes} minute" if minutes == 1 else f"{minutes} minutes"


class PasscodeGuard:
    """Counts wrong passcodes for the whole server and for each network address, and makes guessers wait.

    At most ``TRIES_PER_DEVICE`` wrong passcodes from one address, and ``TRIES_PER_SERVER`` from all
    addresses together, in any ``WINDOW``; past that, guesses are refused unseen until the oldest
    mistake is ``WINDOW`` old. Checking and counting happen under one lock, so parallel sessions (or
    browser tabs) share the same count. Kept in the server's memory: a restart starts afresh.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic, per_address: int = TRIES_PER_DEVICE,
                 per_server: int = TRIES_PER_SERVER, window: float = WINDOW):
        self._clock, self._per_address, self._per_server, self._window = clock, per_address, per_server, window
        self._lock = threading.Lock()
        self._mistakes: dict[str, deque[float]] = {}
        self._everyone: deque[float] = deque()

    def attempt(self, given: str, expected: str, address: str | None) -> str | None:
        """``None`` when ``given`` is the passcode; otherwise the plain message to show."""
        with self._lock:
            now = self._clock()
            mine = self._mistakes.setdefault(address or "", deque())
            for mistakes in (mine, self._everyone):
                while mistakes and mistakes[0] <= now - self._window:
                    mistakes.popleft()
            if len(mine) >= self._per_address:
                wait = mine[-self._per_address] + self._window - now
                return (f"Too many wrong passcodes were typed on this device. Please wait {_minutes(wait)}, "
                        "then try again.")
            if len(self._everyone) >= self._per_server:
                wait = self._everyone[-self._per_server] + self._window - now
                return (f"Too many wrong passcodes were typed on this server. Please wait {_minutes(wait)}, or "
                        "restart wtfc on the computer running it, then try again.")
            if passcode_matches(given, expected):
                mine.clear()
                return None
            mine.append(now)
            self._everyone.append(now)
            return WRONG_PASSCODE
