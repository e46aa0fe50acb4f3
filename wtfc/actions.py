"""Each thing a facilitator does, once: the use-case layer under the pages and the command line.

:class:`Actions` is bound to a store, a workshop and an author. Each method is one thing a
facilitator does (import a file, move statements, open a vote, add a cause, …): it reads what it
needs from the store, builds the :class:`~wtfc.edits.Edit`, has the store apply it (so it is in the
history and can be undone) and returns plain data. The rules live here or below (``wtfc.edits``,
``wtfc.gather``), never in a page: the Streamlit pages only draw widgets and call these methods, and
``python -m wtfc`` calls the same ones, as sqlite-utils' CLI sits over its ``Database``.

A refused action raises one of :data:`PROBLEMS` whose message is a plain sentence to show as it is:
``ValueError`` for input the rules do not allow, :class:`~wtfc.store.StoreError` for what the store
cannot do (a stale screen, a workshop that no longer exists), ``UnreadableFile`` for a file that
cannot be read. Nothing is changed when one is raised.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Collection, Iterable, Mapping, Sequence, TypeVar

from wtfc import edits, gather
from wtfc.edits import Edit, EditRecord
from wtfc.importer import ColumnMapping, ImportPreview, UnreadableFile
from wtfc.model import (CATEGORIES, SESSIONS, THEMING_SETTING, Action, Plan, Statement, Theme, VotingRound,
                        Workshop, next_position)
from wtfc.people import OWNER, ROLES, SHARED, Person, account_email
from wtfc.priorities import Priority, count_themes, session_priorities
from wtfc.store import Store, StoreError

if TYPE_CHECKING:
    from wtfc.documents import DocumentsPreview

PROBLEMS = (ValueError, StoreError, UnreadableFile)


class NothingToChange(ValueError):
    """The action would leave the workshop exactly as it is; the message says why."""


class NotAllowed(ValueError):
    """The signed-in person's role does not let them do this; nothing was changed."""


NOT_SHARED = "That workshop is not shared with you. Ask its facilitator or your administrator to share it."
READ_ONLY = "You can read and download this workshop but not change it; nothing was changed."

Method = TypeVar("Method", bound=Callable)


def _changes(method: Method) -> Method:
    """Marks a method that changes the workshop: refused, before anything is read, for someone who may
    only read it (a commissioner, or a workshop not theirs)."""
    @functools.wraps(method)
    def checked(self: "Actions", *args, **kwargs):
        if not self.may_change:
            raise NotAllowed(READ_ONLY)
        return method(self, *args, **kwargs)
    return checked


@dataclass(frozen=True)
class Suggestion:
    """What suggesting themes did, and the settings it used (kept in the workshop for the Method sheet)."""

    summary: str
    changed: bool
    settings: dict  # ThemeSuggester's parameters, as used for each category suggested


class Actions:
    """The facilitator's actions on one workshop, recorded under ``author`` in its history.

    With a signed-in ``person`` (an organisation hosting wtfc) the history names them instead, and their
    role decides: someone the workshop is not shared with cannot even read it (:class:`NotAllowed` on
    creation), and a commissioner's changes are refused. Without one (a laptop) everything is allowed.
    """

    def __init__(self, store: Store, workshop_id: str | None, author: str = "", person: Person | None = None):
        self.store = store
        self.workshop_id = workshop_id  # None only to check a file before its workshop is created
        self.author = person.author if person else author
        self.may_change = True
        if person is not None:
            access = store.access(person.email).get(workshop_id) if workshop_id else OWNER
            if not person.may_open(access):
                raise NotAllowed(NOT_SHARED)
            self.may_change = person.may_change(access)

    def _apply(self, edit: Edit, nothing: str = "Nothing to change.") -> str:
        """Apply ``edit`` as one step of the history; returns its summary to show."""
        if not edit.changes:
            raise NothingToChange(nothing)
        self.store.apply(self.workshop_id, edit, self.author)
        return edit.summary

    # -- reading -------------------------------------------------------------------------------

    def statements(self) -> list[Statement]:
        return self.store.statements(self.workshop_id)

    def themes(self) -> list[Theme]:
        return self.store.themes(self.workshop_id)

    # -- gather: import a file, type in a review, correct statements, names to redact ------------

    @_changes
    def preview_file(self, data: bytes, filename: str, mapping: ColumnMapping | None = None,
                     sheet: str | None = None, extra_names: Collection[str] = ()) -> ImportPreview:
        """Read and check a file against the workshop; nothing is saved."""
        return gather.preview_file(self.store, self.workshop_id, data, filename, mapping, sheet, extra_names)

    @_changes
    def preview_documents(self, files: Sequence[tuple[str, bytes]], extra_names: Collection[str] = ()
                          ) -> DocumentsPreview:
        """Read and check review documents (names and bytes; .zip files opened) as one import; nothing is saved."""
        return gather.preview_documents(self.store, self.workshop_id, files, extra_names)

    @_changes
    def import_preview(self, preview: ImportPreview, *, kept_details: Collection[tuple[int, int]] = (),
                       include_no_content: bool = False, include_duplicates: bool = True) -> int:
        """Save the good rows of a checked file, all in one edit; returns how many statements were saved."""
        return gather.import_preview(self.store, self.workshop_id, preview, author=self.author,
                                     kept_details=kept_details, include_no_content=include_no_content,
                                     include_duplicates=include_duplicates)

    @_changes
    def type_review(self, *, person_ref: str, perspective: str, statements_by_category: Mapping[str, str],
                    service: str = "", area: str = "", review_date: str | None = None) -> tuple[int, str]:
        """Save one person's review typed in by hand; returns how many statements it made and the person
        reference they were saved under (a new one, such as "Person 7", if the typed one was personal)."""
        if not person_ref.strip():
            raise ValueError("Please give a person reference, such as P12, so statements from one person can be "
                             "counted once.")
        saved, stored_ref = gather.typed_review(
            self.store, self.workshop_id, person_ref=person_ref, perspective=perspective,
            statements_by_category=statements_by_category, service=service, area=area, review_date=review_date,
            author=self.author)
        if not saved:
            raise NothingToChange("There was nothing to add: every box was empty.")
        return saved, stored_ref

    @_changes
    def correct_statement(self, shown: Statement, **fields) -> None:
        """Change a statement as the facilitator saw it; new text is checked for personal details."""
        if "text" in fields and not (fields["text"] or "").strip():
            raise ValueError("A statement cannot be empty. To take it out, remove it instead.")
        gather.edit_statement(self.store, self.workshop_id, shown, author=self.author, **fields)

    @_changes
    def remove_statement(self, shown: Statement) -> None:
        gather.remove_statement(self.store, self.workshop_id, shown, author=self.author)

    def names_to_redact(self) -> list[str]:
        return gather.names_to_redact(self.store, self.workshop_id)

    @_changes
    def add_names_to_redact(self, names: Collection[str]) -> None:
        gather.add_names_to_redact(self.store, self.workshop_id, names, author=self.author)

    @_changes
    def remove_names_to_redact(self, names: Collection[str]) -> None:
        gather.remove_names_to_redact(self.store, self.workshop_id, names, author=self.author)

    @_changes
    def purge_detail(self, detail: str) -> int:
        """Remove a personal detail everywhere, history included; returns in how many places it was."""
        return gather.purge_detail(self.store, self.workshop_id, detail, author=self.author)

    # -- the theme wall --------------------------------------------------------------------------

    @_changes
    def suggest_themes(self, categories: Iterable[str] = CATEGORIES, n_themes: int | None = None,
                       random_state: int = 0) -> Suggestion:
        """Suggest themes in ``categories`` as one edit, recording the settings used in the same edit."""
        from wtfc import suggest  # scikit-learn loads only when themes are suggested
        from wtfc.theming import DEFAULT_MIN_CONFIDENCE, ThemeSuggester

        if n_themes is not None and (isinstance(n_themes, bool) or not isinstance(n_themes, int) or n_themes < 1):
            raise ValueError("The number of themes must be a whole number, 1 or more.")
        categories = list(categories)
        if unknown := [c for c in categories if c not in CATEGORIES]:
            raise ValueError(f"“{unknown[0]}” is not a category; use one of: {', '.join(CATEGORIES)}.")
        used = ThemeSuggester(n_themes=n_themes, random_state=random_state).get_params()
        if used.get("min_confidence", 0) is None:  # the engine's default, said as the number it is
            used["min_confidence"] = DEFAULT_MIN_CONFIDENCE
        edit = suggest.suggest_for_workshop(self.store, self.workshop_id, categories=categories, n_themes=n_themes,
                                            random_state=random_state)
        if not edit.changes:
            return Suggestion("Nothing to change: the themes already are what would be suggested.", False, used)
        settings = self.store.settings(self.workshop_id)
        recorded = {**settings.get(THEMING_SETTING, {}), **{c: used for c in categories}}
        edit = edits.combine(edit.kind, edit.summary,
                             [edit, edits.update_settings(settings, **{THEMING_SETTING: recorded})])
        return Suggestion(self._apply(edit), True, used)

    @_changes
    def place_new_statements(self, categories: Iterable[str] = CATEGORIES) -> str:
        """Give statements added since the wall was made (nobody placed them) the theme they fit best,
        moving no one else; those most like a theme the room agreed are only proposed to it."""
        from wtfc import suggest  # scikit-learn loads only when themes are suggested

        edit = suggest.assign_new_statements(self.store.statements(self.workshop_id),
                                             self.store.themes(self.workshop_id),
                                             agreed=suggest.workshop_agreed(self.store, self.workshop_id),
                                             categories=list(categories))
        return self._apply(edit, "No new statements needed a theme.")

    def theming_settings(self) -> dict[str, dict]:
        """The settings each category's themes were last suggested with (absent: never suggested)."""
        return dict(self.store.settings(self.workshop_id).get(THEMING_SETTING, {}))

    @_changes
    def create_theme(self, category: str, name: str) -> str:
        name = " ".join((name or "").split())
        if not name:
            raise ValueError("Please give the theme a name.")
        if category not in CATEGORIES:
            raise ValueError(f"“{category}” is not a category; use one of: {', '.join(CATEGORIES)}.")
        return self._apply(edits.create_theme(Theme(category=category, name=name,
                                                    position=next_position(self.themes()))))

    @_changes
    def rename_theme(self, theme: Theme, name: str) -> str:
        return self._apply(edits.rename_theme(theme, name))

    @_changes
    def lock_theme(self, theme: Theme, locked: bool = True) -> str:
        return self._apply(edits.lock_theme(theme, locked))

    @_changes
    def move_statements(self, statements: Iterable[Statement], target: Theme | None) -> str:
        """Place statements in ``target`` (None: Unassigned) by hand; they stay there when re-suggesting."""
        return self._apply(edits.move_statements(statements, target))

    @_changes
    def move_dropped(self, moves: Sequence[tuple[Sequence[Statement], Theme | None]]) -> str:
        """Several moves at once (one drag and drop), undone together."""
        steps = [edits.move_statements(statements, target) for statements, target in moves]
        return self._apply(edits.combine("move", "; ".join(step.summary for step in steps), steps))

    @_changes
    def set_aside(self, statements: Iterable[Statement], aside: bool = True) -> str:
        return self._apply(edits.set_aside(statements, aside))

    @_changes
    def merge_themes(self, target: Theme, others: Iterable[Theme]) -> str:
        """Fold ``others`` into ``target``, statements and actions included."""
        return self._apply(edits.merge_themes(target, others, self.statements(),
                                              self.store.actions(self.workshop_id)))

    @_changes
    def split_theme(self, theme: Theme, groups: list[list[Statement]], names: list[str]) -> str:
        return self._apply(edits.split_theme(theme, groups, names))

    @_changes
    def delete_theme(self, theme: Theme) -> str:
        """The theme goes; its statements go back to Unassigned."""
        return self._apply(edits.delete_theme(theme, self.statements()))

    # -- the wall learns from the room ----------------------------------------------------------

    def agreed_themes(self) -> dict[str, tuple[str, ...]]:
        """The themes the room agreed, each with why; suggesting again never moves their statements."""
        from wtfc import suggest

        return suggest.workshop_agreed(self.store, self.workshop_id)

    def more_like_this(self, theme: Theme, vectors=None, top_n: int = 10) -> list:
        """The statements nobody placed that fit ``theme`` better than where they are (:class:`wtfc.wall.Proposal`:
        with how likely each belongs, 0–1, and whether it starts ticked)."""
        from wtfc import wall

        return wall.more_like_this(self.statements(), self.themes(), self.agreed_themes(), theme, vectors, top_n)

    def where_these_go(self, chosen: Sequence[Statement], vectors=None) -> dict[str, list[tuple[Theme, float]]]:
        """Each chosen statement's three likeliest other themes, with how likely (0–1), misfits first."""
        from wtfc import wall

        return wall.where_these_go(self.statements(), self.themes(), chosen, vectors)

    @_changes
    def add_the_ticked(self, ticked: Sequence[Statement], theme: Theme) -> str:
        """Put the statements ticked under *More like this* in ``theme``, as placed by a person."""
        from wtfc import wall

        return self._apply(wall.add_the_ticked(ticked, theme))

    @_changes
    def send_along(self, ticked: Sequence[Statement], theme: Theme) -> str:
        """Send the alike statements ticked after a move in *Where do these go?* to the same theme, as placed
        by a person."""
        from wtfc import wall

        return self._apply(wall.send_along(ticked, theme))

    @_changes
    def new_theme_from(self, statement: Statement) -> str:
        """*New theme from this*: the statement starts a theme of its own, named by its short name."""
        from wtfc import wall

        return self._apply(wall.theme_from_statement(statement, self.statements(), self.themes()))

    # -- undo and redo ---------------------------------------------------------------------------

    @_changes
    def undo(self) -> EditRecord | None:
        """Undo the latest change still in force; None when there is none."""
        return self.store.undo(self.workshop_id)

    @_changes
    def redo(self) -> EditRecord | None:
        return self.store.redo(self.workshop_id)

    # -- voting ----------------------------------------------------------------------------------

    def _checked_ballot(self, ballot: Sequence[str]) -> tuple[str, ...]:
        if not ballot:
            raise ValueError("Please choose at least one theme for the ballot.")
        known = {t.id for t in self.themes()}
        if any(theme_id not in known for theme_id in ballot):
            raise ValueError("A theme chosen for the ballot no longer exists; please look again.")
        return tuple(ballot)

    @_changes
    def open_round(self, session: str, ballot: Sequence[str], dots: int, title: str = "") -> str:
        """Open a vote on the themes in ``ballot`` (their ids), ``dots`` per participant."""
        if session not in SESSIONS:
            raise ValueError(f"“{session}” is not a session; use one of: {', '.join(SESSIONS)}.")
        return self._apply(edits.open_round(VotingRound(session, self._checked_ballot(ballot), dots,
                                                        " ".join((title or "").split()))))

    @_changes
    def change_round(self, shown: VotingRound, **fields) -> str:
        """Change a round's title, ballot or dots; votes already cast stay."""
        if "ballot" in fields:
            fields["ballot"] = self._checked_ballot(fields["ballot"])
        return self._apply(edits.change_round(shown, **fields))

    @_changes
    def close_round(self, shown: VotingRound) -> str:
        return self._apply(edits.close_round(shown))

    @_changes
    def reopen_round(self, shown: VotingRound) -> str:
        return self._apply(edits.reopen_round(shown))

    @_changes
    def record_tally(self, voting_round: VotingRound, dots_by_theme: Mapping[str, int]) -> str:
        """Type in dots counted by hand, one total per theme on the ballot."""
        edit = edits.record_tally(voting_round, self.store.votes(self.workshop_id, voting_round.id),
                                  dict(dots_by_theme))
        return self._apply(edit, "Nothing to change: that is the tally already saved.")

    # -- priorities ------------------------------------------------------------------------------

    def priorities(self, session: str, top: int | None = None,
                   categories: Collection[str] | None = None) -> list[Priority]:
        """The priority list of a session (within ``categories``, if given), as the pages, the spreadsheet
        and the report show it."""
        s, workshop_id = self.store, self.workshop_id
        return session_priorities(count_themes(s.statements(workshop_id), s.themes(workshop_id)),
                                  s.rounds(workshop_id), s.votes(workshop_id), s.priority_overrides(workshop_id),
                                  session, top, categories)

    @_changes
    def place_priority(self, theme: Theme, session: str, rank: int, reason: str = "") -> str:
        """Put ``theme`` at ``rank`` in the session's priorities by hand, saying why."""
        return self._apply(edits.set_priority(theme, session, rank, reason,
                                              self.store.priority_overrides(self.workshop_id, session)))

    @_changes
    def clear_priority(self, theme: Theme, session: str) -> str:
        """Let the rule place the theme again."""
        override = next((o for o in self.store.priority_overrides(self.workshop_id, session)
                         if o.theme_id == theme.id), None)
        if override is None:
            raise NothingToChange("That theme is already in its place by the rule.")
        return self._apply(edits.clear_priority(theme, override))

    # -- understand and plan ---------------------------------------------------------------------

    @_changes
    def add_cause(self, theme: Theme, plan: Plan | None, cause: str) -> str:
        return self._apply(edits.add_cause(theme, plan, cause))

    @_changes
    def edit_cause(self, theme: Theme, plan: Plan, index: int, cause: str) -> str:
        """Reword one cause in the chain (``index`` from 0), as the facilitator saw the plan."""
        return self._apply(edits.edit_cause(theme, plan, index, cause))

    @_changes
    def remove_cause(self, theme: Theme, plan: Plan, index: int) -> str:
        return self._apply(edits.remove_cause(theme, plan, index))

    @_changes
    def set_success(self, theme: Theme, plan: Plan | None, success: str) -> str:
        return self._apply(edits.set_success(theme, plan, success))

    @_changes
    def mark_strength(self, theme: Theme, plan: Plan | None, strength: bool = True) -> str:
        return self._apply(edits.mark_strength(theme, plan, strength))

    @_changes
    def add_action(self, theme: Theme, description: str, owner: str, level: str, due: str | None = None) -> str:
        """A new action at the end of the list, for ``theme``."""
        action = Action(theme_id=theme.id, description=description, owner=owner, level=level, due=due,
                        position=next_position(self.store.actions(self.workshop_id)))
        return self._apply(edits.add_action(theme, action))

    @_changes
    def edit_action(self, shown: Action, **fields) -> str:
        return self._apply(edits.edit_action(shown, **fields))

    @_changes
    def remove_action(self, shown: Action) -> str:
        return self._apply(edits.remove_action(shown))

    # -- report ----------------------------------------------------------------------------------

    def report(self):
        """Everything the spreadsheet and the printable report say (:class:`wtfc.export.WorkshopReport`)."""
        from wtfc.export import workshop_report  # openpyxl and the charts load only for a report

        return workshop_report(self.store, self.workshop_id)


class Workshops:
    """Workshop housekeeping (which workshops a person sees; create, open, rename, copy, delete, share)
    under the organisation's rules. Without a ``person`` (a laptop) every workshop is everyone's."""

    def __init__(self, store: Store, person: Person | None = None):
        self.store = store
        self.person = person

    def _access(self) -> dict[str, str]:
        return self.store.access(self.person.email) if self.person else {}

    def _require(self, allowed: bool, refusal: str = READ_ONLY) -> None:
        if not allowed:
            raise NotAllowed(refusal)

    def visible(self) -> list[Workshop]:
        """The workshops this person may open, most recently changed first."""
        if self.person is None:
            return self.store.workshops()
        access = self._access()
        return [w for w in self.store.workshops() if self.person.may_open(access.get(w.id))]

    def open(self, workshop_id: str) -> Workshop | None:
        """The workshop, or ``None`` when it no longer exists; :class:`NotAllowed` when it is not shared
        with this person (even asked for by its address)."""
        workshop = self.store.workshop(workshop_id)
        if workshop is not None and self.person is not None:
            self._require(self.person.may_open(self._access().get(workshop_id)), NOT_SHARED)
        return workshop

    def may_change(self, workshop_id: str) -> bool:
        return self.person is None or self.person.may_change(self._access().get(workshop_id))

    def may_share(self, workshop_id: str) -> bool:
        """Sharing is for an organisation's people; a laptop has none."""
        return self.person is not None and self.person.may_share(self._access().get(workshop_id))

    def may_delete(self, workshop_id: str) -> bool:
        return self.person is None or self.person.may_share(self._access().get(workshop_id))

    def may_create(self) -> bool:
        return self.person is None or self.person.creates_workshops

    def _owned(self, workshop: Workshop) -> Workshop:
        if self.person is not None:
            self.store.grant(workshop.id, self.person.email, OWNER)
        return workshop

    def create(self, name: str) -> Workshop:
        self._require(self.may_create(), "Only facilitators and administrators can start workshops.")
        return self._owned(self.store.create_workshop(name))

    def open_sample(self) -> Workshop:
        """The made-up sample workshop: one of this person's own, made the first time they ask."""
        from wtfc.sample import SAMPLE_NAME, open_sample_workshop

        self._require(self.may_create(), "Only facilitators and administrators can start workshops.")
        if self.person is None:
            return open_sample_workshop(self.store)
        access = self._access()
        everyone = self.store.workshops()
        owned = {w.name for w in everyone if access.get(w.id) == OWNER}
        taken = {w.name.casefold() for w in everyone}
        name = next(n for n in (SAMPLE_NAME, *(f"{SAMPLE_NAME} {i}" for i in range(2, 10_000)))
                    if n in owned or n.casefold() not in taken)
        sample = open_sample_workshop(self.store, name)
        return sample if name in owned else self._owned(sample)

    def import_file(self, data: bytes) -> Workshop:
        """A new workshop from a workshop file (see :func:`wtfc.workshop_file.import_workshop`)."""
        from wtfc.workshop_file import check_size, import_workshop

        self._require(self.may_create(), "Only facilitators and administrators can start workshops.")
        check_size(len(data))
        return self._owned(import_workshop(self.store, data))

    def rename(self, workshop_id: str, new_name: str) -> None:
        self._require(self.may_change(workshop_id))
        self.store.rename_workshop(workshop_id, new_name)

    def duplicate(self, workshop_id: str, new_name: str) -> Workshop:
        self._require(self.may_change(workshop_id) and self.may_create())
        return self._owned(self.store.duplicate_workshop(workshop_id, new_name))

    def delete(self, workshop_id: str) -> None:
        self._require(self.may_delete(workshop_id),
                      "Only the facilitator who owns a workshop, or an administrator, can delete it.")
        self.store.delete_workshop(workshop_id)

    def shared_with(self, workshop_id: str) -> list[tuple[str, str]]:
        """``(email, "owner" or "shared")`` for everyone who reaches the workshop."""
        return self.store.shared_with(workshop_id)

    def share(self, workshop_id: str, email: str) -> str:
        """Let someone with a role (a facilitator to work on it, a commissioner to read it) open the workshop."""
        self._require(self.may_share(workshop_id),
                      "Only the facilitator who owns a workshop, or an administrator, can share it.")
        email = account_email(email)
        if not email:
            raise ValueError("Please give the e-mail address of the person to share it with.")
        role = self.store.role(email)
        if role is None:
            raise ValueError(f"{email} has no role in wtfc yet; ask your administrator to give them one first.")
        if email in dict(self.store.shared_with(workshop_id)):
            raise NothingToChange(f"It is already shared with {email}.")
        self.store.grant(workshop_id, email, SHARED)
        return f"Shared with {email} ({ROLES[role].lower()})."

    def stop_sharing(self, workshop_id: str, email: str) -> str:
        self._require(self.may_share(workshop_id),
                      "Only the facilitator who owns a workshop, or an administrator, can share it.")
        if dict(self.store.shared_with(workshop_id)).get(email) != SHARED:
            raise NothingToChange(f"It is not shared with {email}.")
        self.store.revoke(workshop_id, email)
        return f"No longer shared with {email}."


class Organisation:
    """Who has which role: only an organisation administrator may see or change it."""

    def __init__(self, store: Store, person: Person):
        if not person.administers:
            raise NotAllowed("Only an organisation administrator can decide who has which role.")
        self.store = store
        self.person = person

    def people(self) -> list[Person]:
        return [Person(email, name, role) for email, name, role in self.store.people()]

    def set_role(self, email: str, name: str, role: str) -> str:
        email = account_email(email)
        if "@" not in email or any(c.isspace() for c in email):
            raise ValueError("Please give the person's e-mail address, as they sign in with it "
                             "(such as sam.jones@council.example).")
        if role not in ROLES:
            raise ValueError(f"“{role}” is not a role; use one of: {', '.join(ROLES)}.")
        if email == self.person.email and role != self.person.role:
            raise ValueError("You cannot change your own role; ask another administrator.")
        self.store.set_role(email, " ".join((name or "").split()), role)
        return f"{email} is now: {ROLES[role].lower()}."

    def remove(self, email: str) -> str:
        if email == self.person.email:
            raise ValueError("You cannot take away your own role; ask another administrator.")
        if self.store.role(email) is None:
            raise NothingToChange(f"{email} has no role to take away.")
        self.store.remove_person(email)
        return f"{email} can no longer open wtfc."
