"""The workshop file: one JSON file that carries a whole workshop, edit log included, to another machine.

Every test works on real SQLite files in ``tmp_path``; "another machine" is a second store file.
"""
import json

import pytest

from tests.synthetic_workshop import build_workshop
from wtfc import edits
from wtfc.store import Store, StoreError
from wtfc.workshop_file import FORMAT, VERSION, WorkshopFileError, export_workshop, import_workshop


@pytest.fixture
def built(store):
    return build_workshop(store)


@pytest.fixture
def other_machine(tmp_path):
    with Store(tmp_path / "other.sqlite") as other:
        yield other


def everything(store, workshop_id):
    """All a person can see of a workshop, and its history, through the store's ordinary readers."""
    return {"statements": store.statements(workshop_id), "themes": store.themes(workshop_id),
            "rounds": store.rounds(workshop_id), "votes": store.votes(workshop_id),
            "placings": store.priority_overrides(workshop_id), "plans": store.plans(workshop_id),
            "actions": store.actions(workshop_id), "settings": store.settings(workshop_id),
            "history": store.history(workshop_id), "can_undo": store.can_undo(workshop_id),
            "can_redo": store.can_redo(workshop_id)}


def test_the_file_says_what_it_is_and_which_version(store, built):
    document = json.loads(export_workshop(store, built.workshop_id))

    assert document["format"] == FORMAT and document["version"] == VERSION
    assert document["app_version"]
    assert document["workshop"]["name"] == "Homecare spring workshop"
    assert len(document["statements"]) == 11 and len(document["edits"]) == len(store.history(built.workshop_id))


def test_another_machine_gets_every_table_and_the_edit_history_exactly(store, built, other_machine):
    imported = import_workshop(other_machine, export_workshop(store, built.workshop_id, include_names=True))

    assert imported.name == "Homecare spring workshop" and imported.id != built.workshop_id
    assert everything(other_machine, imported.id) == everything(store, built.workshop_id)
    # Hidden rows too: the plan of the deleted theme, which undo can bring back.
    original, copy = store.workshop_contents(built.workshop_id), other_machine.workshop_contents(imported.id)
    assert copy["rows"] == original["rows"] and copy["edits"] == original["edits"]
    assert copy["created_at"] == original["created_at"] and copy["settings"] == original["settings"]
    assert len(copy["rows"]["plans"]) == len(other_machine.plans(imported.id)) + 1


def test_a_file_from_before_suggestions_had_a_confidence_still_imports(store, built, other_machine):
    document = json.loads(export_workshop(store, built.workshop_id))
    for row in document["statements"]:
        for field in ("confidence", "unsure", "proposed_theme_id"):
            del row[field]
    imported = import_workshop(other_machine, json.dumps(document).encode())
    assert [(s.text, s.confidence, s.unsure) for s in other_machine.statements(imported.id)] == [
        (s.text, None, False) for s in store.statements(built.workshop_id)]


def test_undo_and_redo_work_on_the_imported_workshop_step_by_step(store, built, other_machine):
    imported = import_workshop(other_machine, export_workshop(store, built.workshop_id, include_names=True)).id

    assert other_machine.redo(imported).summary == store.redo(built.workshop_id).summary
    assert everything(other_machine, imported) == everything(store, built.workshop_id)
    while store.can_undo(built.workshop_id):
        assert other_machine.undo(imported).summary == store.undo(built.workshop_id).summary
        assert everything(other_machine, imported) == everything(store, built.workshop_id)
    assert other_machine.statements(imported) == [] and other_machine.themes(imported) == []


def test_the_imported_workshop_takes_new_edits_after_its_history(store, built, other_machine):
    imported = import_workshop(other_machine, export_workshop(store, built.workshop_id)).id
    theme = other_machine.themes(imported)[0]

    seq = other_machine.apply(imported, edits.rename_theme(theme, "I want to know when my carer is coming"))

    assert seq == len(store.history(built.workshop_id)) + 1
    assert other_machine.themes(imported)[0].name == "I want to know when my carer is coming"
    assert not other_machine.can_redo(imported)  # the undone rename is now discarded


def test_voting_links_are_secrets_and_stay_behind(store, built, other_machine):
    data = export_workshop(store, built.workshop_id)
    imported = import_workshop(other_machine, data).id

    assert built.token.encode() not in data
    assert other_machine.phone_votes.ballot(built.token) is None
    fresh = other_machine.phone_votes.link_token(imported, built.round.id)
    assert fresh != built.token and other_machine.phone_votes.ballot(fresh).voting_round == built.round


def test_a_clashing_name_gets_imported_added_and_never_overwrites(store, built):
    data = export_workshop(store, built.workshop_id, include_names=True)

    first, second = import_workshop(store, data), import_workshop(store, data)

    assert first.name == "Homecare spring workshop (imported)"
    assert second.name == "Homecare spring workshop (imported 2)"
    assert len({first.id, second.id, built.workshop_id}) == 3
    assert everything(store, first.id) == everything(store, built.workshop_id)


def test_a_name_can_be_chosen_but_not_one_already_taken(store, built):
    data = export_workshop(store, built.workshop_id)

    assert import_workshop(store, data, name="Homecare 2025").name == "Homecare 2025"
    with pytest.raises(StoreError, match="already a workshop called “Homecare 2025”"):
        import_workshop(store, data, name="homecare 2025")
    assert len(store.workshops()) == 2


def test_a_long_name_still_fits_with_imported_added(store):
    long_name = "W" * 120
    source = store.create_workshop(long_name)

    imported = import_workshop(store, export_workshop(store, source.id))

    assert imported.name.endswith(" (imported)") and len(imported.name) == 120


def broken(store, built, damage):
    document = json.loads(export_workshop(store, built.workshop_id))
    damage(document)
    return json.dumps(document).encode()


def set_in(path, value):
    def damage(document):
        *parents, last = path
        for step in parents:
            document = document[step]
        document[last] = value
    return damage


def remove(path):
    def damage(document):
        *parents, last = path
        for step in parents:
            document = document[step]
        del document[last]
    return damage


def second_statement_reuses_the_first_id(document):
    document["statements"][1]["id"] = document["statements"][0]["id"]


@pytest.mark.parametrize("damage, expected", [
    (set_in(["format"], "something-else"), "not a wtfc workshop file"),
    (set_in(["version"], VERSION + 1), "newer wtfc (file version 2)"),
    (set_in(["version"], "one"), "no version number"),
    (remove(["statements"]), "the file: the field “statements” is missing"),
    (remove(["themes", 1, "category"]), "theme 2: the field “category” is missing"),
    (set_in(["statements", 3, "position"], "4"), "statement 4, “position”: should be a whole number, not text"),
    (set_in(["statements", 0, "category"], "sometimes"),
     "statement 1, “category”: should be one of: working, not working, important for the future"),
    (set_in(["statements", 7, "redactions", 0, "start"], None), "statement 8, redaction 1, “start”"),
    (set_in(["actions", 0, "colour"], "red"), "action 1: there is a field “colour” that wtfc does not know"),
    (set_in(["edits", 2, "status"], "maybe"), "edit 3, “status”: should be one of: done, undone, discarded"),
    (set_in(["edits", 4, "changes", 0, "after", "theme_id"], 7), "edit 5, change 1, “after”, “theme_id”"),
    (set_in(["edits", 4, "changes", 0, "table"], "people"), "edit 5, change 1, “table”"),
    (set_in(["workshop", "name"], ""), "“workshop”, “name”: should not be empty"),
    (second_statement_reuses_the_first_id, "statement 2: its id “"),
])
def test_a_damaged_file_is_refused_with_what_and_where_and_nothing_imported(store, built, damage, expected):
    data = broken(store, built, damage)
    before = store.workshops()

    with pytest.raises(WorkshopFileError, match="nothing was imported|not a wtfc|newer wtfc|version") as refused:
        import_workshop(store, data)

    assert expected in str(refused.value)
    assert store.workshops() == before


@pytest.mark.parametrize("data, expected", [
    (b"Person,Category,Statement\nP1,working,Good\n", "not readable JSON (line 1"),
    (b"\xff\xfe\x00\x01", "not text"),
    (b"[1, 2, 3]", "not a wtfc workshop file"),
])
def test_something_that_is_not_a_workshop_file_is_refused(store, data, expected):
    with pytest.raises(WorkshopFileError) as refused:
        import_workshop(store, data)
    assert expected in str(refused.value)
    assert store.workshops() == []


def test_many_problems_are_listed_up_to_ten_and_counted(store, built):
    def blank_every_category(document):
        for statement in document["statements"]:
            statement["category"] = 1

    with pytest.raises(WorkshopFileError) as refused:
        import_workshop(store, broken(store, built, blank_every_category))

    lines = str(refused.value).splitlines()
    assert len(lines) == 12 and lines[-1] == "… and 1 more."


def test_problem_messages_never_repeat_statement_text(store, built):
    def texts_put_in_the_category_field(document):
        for statement in document["statements"]:
            statement["category"] = statement["text"]

    with pytest.raises(WorkshopFileError) as refused:
        import_workshop(store, broken(store, built, texts_put_in_the_category_field))

    assert "nobody rings to tell me" not in str(refused.value)


def test_the_store_writes_a_whole_workshop_or_nothing(store, built):
    contents = store.workshop_contents(built.workshop_id)
    contents["rows"]["themes"].append(dict(contents["rows"]["themes"][0]))  # the same theme twice

    with pytest.raises(StoreError, match="nothing was imported"):
        store.insert_workshop("Half a workshop", contents)

    assert store.find_workshop("Half a workshop") is None and len(store.workshops()) == 1
