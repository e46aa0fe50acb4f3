"""A small synthetic workshop that has been through every step: statements (one with a redacted phone
number), themes moved, renamed, locked and deleted, a statement set aside, a vote with a typed-in tally
and a phone vote, a placing, causes, success, a strength and actions, and an undone edit.

Built through the same edits the pages make, so it is what a real workshop's store looks like.
"""
from __future__ import annotations

from dataclasses import dataclass

from wtfc import edits, gather
from wtfc.model import (FUTURE, NOT_WORKING, WHOLE_ROOM, WORKING, Action, Redaction, Statement, Theme,
                        VotingRound)
from wtfc.store import Store

SAID = [
    # (person, perspective, category, text)
    ("P01", "person", NOT_WORKING, "My carers are often late and nobody rings to tell me"),
    ("P02", "person", NOT_WORKING, "Visits are late in the morning so I wait to get up"),
    ("P03", "family/carer", NOT_WORKING, "Mum never knows who is coming or when they will arrive"),
    ("P01", "person", NOT_WORKING, "I see a different carer nearly every day"),
    ("P04", "staff", NOT_WORKING, "Rotas change so often that people get strangers at the door"),
    ("P02", "person", WORKING, "My regular carer knows how I like my tea"),
    ("P03", "family/carer", WORKING, "The carers are kind and patient with Dad"),
    ("P05", "person", WORKING, "I can ring the office on [phone] and they sort things out"),
    ("P04", "staff", FUTURE, "I want to keep living in my own home"),
    ("P05", "person", FUTURE, "I would like to get out to the garden centre again"),
    ("P01", "person", FUTURE, "nothing really"),
]


@dataclass
class Built:
    workshop_id: str
    themes: dict[str, Theme]
    round: VotingRound
    token: str


def _phone_redaction(text: str) -> tuple[Redaction, ...]:
    start = text.find("[phone]")
    return (Redaction("phone", start, start + len("[phone]")),) if start >= 0 else ()


def build_workshop(store: Store, name: str = "Homecare spring workshop") -> Built:
    workshop_id = store.create_workshop(name).id
    gather.add_names_to_redact(store, workshop_id, ["Mrs Example"])
    statements = [Statement(text, category, perspective, person, service="Homecare North", area="Leeds",
                            review_date="2025-03-0" + str(1 + n % 9), source_file="reviews.csv", source_row=n + 2,
                            position=n,
                            redactions=_phone_redaction(text))
                  for n, (person, perspective, category, text) in enumerate(SAID)]
    store.apply(workshop_id, edits.add_statements(statements, "reviews.csv"))

    themes = {"late": Theme(NOT_WORKING, "I want my visits on time"),
              "same": Theme(NOT_WORKING, "I see the same carers", position=1),
              "kind": Theme(WORKING, "My carers are kind and know me"),
              "home": Theme(FUTURE, "I want to stay at home")}
    store.apply(workshop_id, edits.create_themes(themes.values()))
    by_text = {s.text: s for s in store.statements(workshop_id)}
    for key, members in [("late", SAID[0:3]), ("same", SAID[3:5]), ("kind", SAID[5:8]), ("home", SAID[8:10])]:
        store.apply(workshop_id, edits.move_statements([by_text[m[3]] for m in members], themes[key]))
    store.apply(workshop_id, edits.set_aside([by_text[SAID[10][3]]]))
    store.apply(workshop_id, edits.rename_theme(themes["same"], "I want to see the same carers"))
    themes["same"] = themes["same"].replace(name="I want to see the same carers")
    store.apply(workshop_id, edits.lock_theme(themes["kind"]))
    themes["kind"] = themes["kind"].replace(locked=True)

    voting_round = VotingRound(WHOLE_ROOM, ballot=(themes["late"].id, themes["same"].id), dots=3, title="Top worries")
    store.apply(workshop_id, edits.open_round(voting_round))
    store.apply(workshop_id, edits.record_tally(voting_round, [], {themes["late"].id: 4, themes["same"].id: 6}))
    token = store.phone_votes.link_token(workshop_id, voting_round.id)
    store.phone_votes.cast(token, "phone-a1", {themes["late"].id: 3})
    store.apply(workshop_id, edits.set_priority(themes["late"], WHOLE_ROOM, 1, "It affects everyone", []))

    store.apply(workshop_id, edits.add_cause(themes["late"], None, "Carers have no travel time between visits"))
    plan = store.plans(workshop_id)[themes["late"].id]
    store.apply(workshop_id, edits.set_success(themes["late"], plan, "Visits start within 15 minutes of the time"))
    store.apply(workshop_id, edits.mark_strength(themes["kind"], None))
    store.apply(workshop_id, edits.add_action(themes["late"], Action(
        themes["late"].id, "Put travel time into every rota", owner="Homecare North manager", level="provider",
        due="2025-06-30")))
    store.apply(workshop_id, edits.add_action(themes["late"], Action(
        themes["late"].id, "Pay for travel time in the new contract", owner="Commissioning team",
        level="commissioner", due="2025-09-30", position=1)))

    # A theme with a plan, then deleted: its plan is hidden, and undo would bring both back.
    spare = Theme(FUTURE, "I want to go out more", position=1)
    store.apply(workshop_id, edits.create_theme(spare))
    store.apply(workshop_id, edits.add_cause(spare, None, "Nobody has time to take me"))
    store.apply(workshop_id, edits.delete_theme(spare, store.statements(workshop_id)))
    # An edit undone: the log keeps it, and redo would bring it back.
    store.apply(workshop_id, edits.rename_theme(themes["home"], "I want to stay in my own home"))
    store.undo(workshop_id)
    return Built(workshop_id, themes, voting_round, token)
