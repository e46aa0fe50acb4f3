"""Who may do what when an organisation hosts wtfc: people signed in with its accounts, their roles,
and the rules. On a laptop nobody signs in and there is no :class:`Person`: everything is allowed.

Three roles. An organisation **administrator** may do everything and decides who has which role. A
**facilitator** creates workshops and works on those they own or that are shared with them. A
**commissioner** reads and downloads the workshops shared with them and changes nothing. Someone
signed in with no role sees no workshop at all. The first administrators come from the configuration
(:func:`configured_administrators`), so there is always someone to hand out the other roles.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

ADMINISTRATOR = "administrator"
FACILITATOR = "facilitator"
COMMISSIONER = "commissioner"
ROLES = {ADMINISTRATOR: "Organisation administrator", FACILITATOR: "Facilitator", COMMISSIONER: "Commissioner"}

OWNER = "owner"  # how a person reaches a workshop: they made it, or it was shared with them
SHARED = "shared"

ADMINISTRATORS_ENV = "WTFC_ADMINISTRATORS"  # e-mail addresses, separated by commas or spaces
SETTINGS_SECRET = "wtfc"  # the [wtfc] table of .streamlit/secrets.toml
ADMINISTRATORS_SECRET = "administrators"  # a list of e-mail addresses in it


def account_email(email: object) -> str:
    """An e-mail address as wtfc keys people by: trimmed and in one case, since providers differ in case."""
    return str(email or "").strip().casefold()


def configured_administrators(environ: Mapping[str, str], secrets: Mapping[str, object]) -> frozenset[str]:
    """The organisation administrators named in the configuration: ``$WTFC_ADMINISTRATORS`` and
    ``administrators = [...]`` in the ``[wtfc]`` table of the secrets, together."""
    named: list[object] = environ.get(ADMINISTRATORS_ENV, "").replace(",", " ").split()
    settings = secrets.get(SETTINGS_SECRET)
    listed = settings.get(ADMINISTRATORS_SECRET) if isinstance(settings, Mapping) else None
    if isinstance(listed, str):
        named.append(listed)
    elif isinstance(listed, Iterable):
        named.extend(listed)
    return frozenset(email for email in map(account_email, named) if email)


@dataclass(frozen=True)
class Person:
    """Someone signed in: their e-mail address (how wtfc knows them), their name, and their role
    (``None``: signed in, but not given a role by an administrator yet)."""

    email: str
    name: str = ""
    role: str | None = None

    @property
    def author(self) -> str:
        """How the history and the spreadsheet's Method sheet name them."""
        return f"{self.name} ({self.email})" if self.name and self.name != self.email else self.email

    @property
    def administers(self) -> bool:
        return self.role == ADMINISTRATOR

    @property
    def creates_workshops(self) -> bool:
        return self.role in (ADMINISTRATOR, FACILITATOR)

    def may_open(self, access: str | None) -> bool:
        """Whether they may read a workshop they reach through ``access`` (``None``: not shared with them)."""
        return self.administers or (self.role in (FACILITATOR, COMMISSIONER) and access in (OWNER, SHARED))

    def may_change(self, access: str | None) -> bool:
        """Whether they may change such a workshop: a commissioner never may."""
        return self.administers or (self.role == FACILITATOR and access in (OWNER, SHARED))

    def may_share(self, access: str | None) -> bool:
        """Whether they may decide who else sees the workshop: its owner, or an administrator."""
        return self.administers or (self.role == FACILITATOR and access == OWNER)


def signed_in_person(email: object, name: object, stored_role: str | None,
                     administrators: frozenset[str]) -> Person:
    """The person behind a sign-in: an administrator named in the configuration is one whatever the
    store says; anyone else has the role an administrator gave them, or none."""
    email = account_email(email)
    role = ADMINISTRATOR if email in administrators else stored_role if stored_role in ROLES else None
    return Person(email, " ".join(str(name or "").split()), role)
