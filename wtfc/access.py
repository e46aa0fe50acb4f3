"""Who may open the facilitator's pages: an optional passcode, checked without giving it away.

Voting links never need it; everything else does when one is set.
"""
from __future__ import annotations

import hashlib
import hmac
import math
import secrets
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


class RecentEvents:
    """When something happened lately, forgetting what is older than ``window`` seconds."""

    def __init__(self, window: float):
        self.window = window
        self._times: deque[float] = deque()

    def full(self, limit: int, now: float) -> float:
        """Seconds to wait until there are fewer than ``limit`` events in the window (0 when there already are)."""
        while self._times and self._times[0] <= now - self.window:
            self._times.popleft()
        return self._times[-limit] + self.window - now if len(self._times) >= limit else 0.0

    def add(self, now: float) -> None:
        self._times.append(now)

    def clear(self) -> None:
        self._times.clear()


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
        self._mistakes: dict[str, RecentEvents] = {}
        self._everyone = RecentEvents(window)

    def attempt(self, given: str, expected: str, address: str | None) -> str | None:
        """``None`` when ``given`` is the passcode; otherwise the plain message to show."""
        with self._lock:
            now = self._clock()
            mine = self._mistakes.setdefault(address or "", RecentEvents(self._window))
            if wait := mine.full(self._per_address, now):
                return (f"Too many wrong passcodes were typed on this device. Please wait {_minutes(wait)}, "
                        "then try again.")
            if wait := self._everyone.full(self._per_server, now):
                return (f"Too many wrong passcodes were typed on this server. Please wait {_minutes(wait)}, or "
                        "restart wtfc on the computer running it, then try again.")
            if passcode_matches(given, expected):
                mine.clear()
                return None
            mine.add(now)
            self._everyone.add(now)
            return WRONG_PASSCODE


DEVICE_COOKIE = "wtfc-device"
DEVICE_KEY = "voting-devices"  # the name of the store's secret that signs device ids
NEW_DEVICES_PER_ADDRESS = 4  # new voting devices one network address may start in DEVICE_WINDOW
DEVICE_WINDOW = 60 * 60.0  # seconds


def _signature(key: bytes, token: str) -> str:
    return hmac.new(key, token.encode("ascii"), hashlib.sha256).hexdigest()[:32]


def valid_device_id(value: object, key: bytes) -> bool:
    """Whether ``value`` is a device id this server gave out (signed with ``key``); made-up ones are not."""
    if not isinstance(value, str) or not value.isascii():
        return False
    token, _, signature = value.partition(".")
    return bool(token) and hmac.compare_digest(signature, _signature(key, token))


class DeviceIds:
    """Gives each phone that opens a voting link a random, signed id, kept in that phone's browser.

    The id, not anything in the link, decides whose dots are whose, so a made-up id places nothing.
    Someone can still clear their browser to come back as a new device; so one network address may
    start at most ``NEW_DEVICES_PER_ADDRESS`` devices in ``DEVICE_WINDOW``.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic, per_address: int = NEW_DEVICES_PER_ADDRESS,
                 window: float = DEVICE_WINDOW):
        self._clock, self._per_address, self._window = clock, per_address, window
        self._lock = threading.Lock()
        self._started: dict[str, RecentEvents] = {}

    def new(self, key: bytes, address: str | None) -> tuple[str | None, str | None]:
        """A new device id and ``None``, or ``None`` and the plain reason none can be given now.
        An unknown address (no network client, as in tests) is not limited."""
        with self._lock:
            if address is not None:
                now = self._clock()
                started = self._started.setdefault(address, RecentEvents(self._window))
                if wait := started.full(self._per_address, now):
                    return None, (f"This network address has already started voting on {self._per_address} "
                                  f"devices in the last hour. Please vote on the phone you used before (with the "
                                  f"same browser), or try again in {_minutes(wait)}; the facilitator can also "
                                  "add your dots to the tally counted by hand.")
                started.add(now)
        token = secrets.token_urlsafe(12)
        return f"{token}.{_signature(key, token)}", None
