"""The workshop store: workshops kept in one SQLite file or one PostgreSQL database, shared safely between
connections, never half-changed, and carried forward when wtfc's schema grows.

Every test works on a real SQLite file in ``tmp_path``; those that take ``store`` or ``store_url`` run again on a
fresh schema of a real PostgreSQL database.
"""
import json
import sqlite3
import threading

import platformdirs
import pytest

from wtfc.edits import Change, Edit, add_statements, edit_statement, remove_statements, to_row, update_settings
from wtfc.model import NOT_WORKING, WORKING, Redaction, Statement, Theme
from tests.conftest import raw_sql
from wtfc.store import MIGRATIONS, SCHEMA_VERSION, EditConflict, Store, StoreError, default_db

pytestmark = pytest.mark.both_stores


def some_statements(*texts, category=WORKING):
    return [Statement(text, category, person_ref=f"P{n}", position=n) for n, text in enumerate(texts)]


def add_theme(store, workshop_id, theme):
    store.apply(workshop_id, Edit("add theme", f"Added the theme “{theme.name}”",
                                  (Change("themes", None, to_row(theme)),)))


def count_rows(location, table):
    return raw_sql(location, f"SELECT COUNT(*) FROM {table}")[0][0]


def filled_workshop(store, name="Leeds homecare, March"):
    """A workshop with statements, a theme, settings and three edits in its log."""
    workshop = store.create_workshop(name)
    theme = Theme(WORKING, "I see the same carers")
    add_theme(store, workshop.id, theme)
    texts = ("I see the same carer most days", "My carer knows how I like my tea")
    store.apply(workshop.id, add_statements(
        [s.replace(theme_id=theme.id) for s in some_statements(*texts)], "reviews.csv"))
    store.apply(workshop.id, update_settings(store.settings(workshop.id), names_to_redact=["Ada"]))
    return workshop


def contents(store, workshop_id):
    return store.statements(workshop_id), store.themes(workshop_id), store.settings(workshop_id)


# -- creating, listing and finding -----------------------------------------------------------

def test_a_new_workshop_is_listed_and_empty(store):
    workshop = store.create_workshop("Leeds homecare, March")

    assert [w.name for w in store.workshops()] == ["Leeds homecare, March"]
    assert workshop.statement_count == 0
    assert contents(store, workshop.id) == ([], [], {})
    assert store.history(workshop.id) == []


def test_the_list_counts_each_workshops_statements(store):
    busy = store.create_workshop("Busy")
    store.create_workshop("Quiet")
    store.apply(busy.id, add_statements(some_statements("One", "Two", "Three"), ""))

    assert {w.name: w.statement_count for w in store.workshops()} == {"Busy": 3, "Quiet": 0}


def test_find_a_workshop_by_its_id(store):
    workshop = store.create_workshop("Leeds homecare, March")

    assert store.find_workshop(workshop.id) == workshop
    assert store.workshop(workshop.id) == workshop


def test_find_a_workshop_by_its_name_ignoring_capitals_and_outer_spaces(store):
    workshop = store.create_workshop("Leeds homecare, March")

    assert store.find_workshop("  LEEDS HOMECARE, march ") == workshop


def test_finding_an_unknown_workshop_gives_none(store):
    store.create_workshop("Leeds homecare, March")

    assert store.find_workshop("Bradford") is None
    assert store.workshop("no-such-id") is None


def test_a_name_is_tidied_of_extra_spaces(store):
    assert store.create_workshop("  Leeds   homecare ").name == "Leeds homecare"


# -- names ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("blank", ["", "   ", "\t\n"])
def test_a_workshop_needs_a_name(store, blank):
    with pytest.raises(StoreError, match="Please give the workshop a name"):
        store.create_workshop(blank)
    assert store.workshops() == []


def test_a_name_may_be_up_to_120_characters(store):
    assert store.create_workshop("a" * 120).name == "a" * 120

    with pytest.raises(StoreError, match=r"shorter name \(at most 120 characters\)"):
        store.create_workshop("b" * 121)


def test_two_workshops_cannot_share_a_name_whatever_the_capitals(store):
    store.create_workshop("Leeds homecare")

    with pytest.raises(StoreError, match="already a workshop called “Leeds homecare”"):
        store.create_workshop("LEEDS HOMECARE")
    assert len(store.workshops()) == 1


def test_rename_keeps_everything_else(store):
    workshop = filled_workshop(store)
    before = contents(store, workshop.id)

    store.rename_workshop(workshop.id, "Leeds homecare, spring")

    assert store.workshop(workshop.id).name == "Leeds homecare, spring"
    assert contents(store, workshop.id) == before
    assert len(store.history(workshop.id)) == 3  # renaming is housekeeping, not an edit


def test_rename_may_change_only_the_capitals(store):
    workshop = store.create_workshop("leeds homecare")

    store.rename_workshop(workshop.id, "Leeds Homecare")

    assert store.workshop(workshop.id).name == "Leeds Homecare"


def test_rename_onto_another_workshops_name_is_refused(store):
    store.create_workshop("Leeds homecare")
    other = store.create_workshop("Bradford homecare")

    with pytest.raises(StoreError, match="already a workshop called “Leeds homecare”"):
        store.rename_workshop(other.id, "leeds HOMECARE")
    assert store.workshop(other.id).name == "Bradford homecare"


def test_rename_checks_the_new_name(store):
    workshop = store.create_workshop("Leeds homecare")

    with pytest.raises(StoreError, match="Please give the workshop a name"):
        store.rename_workshop(workshop.id, " ")
    with pytest.raises(StoreError, match="shorter name"):
        store.rename_workshop(workshop.id, "x" * 121)
    assert store.workshop(workshop.id).name == "Leeds homecare"


def test_renaming_a_deleted_workshop_says_it_no_longer_exists(store):
    workshop = store.create_workshop("Leeds homecare")
    store.delete_workshop(workshop.id)

    with pytest.raises(StoreError, match="That workshop no longer exists"):
        store.rename_workshop(workshop.id, "Bradford homecare")


# -- duplicating -------------------------------------------------------------------------------

def test_a_duplicate_copies_statements_themes_settings_and_the_edit_log(store):
    original = filled_workshop(store)

    copy = store.duplicate_workshop(original.id, "Leeds homecare, practice run")

    assert copy.id != original.id
    assert copy.statement_count == 2
    assert contents(store, copy.id) == contents(store, original.id)
    assert store.settings(copy.id) == {"names_to_redact": ["Ada"]}
    assert [(r.seq, r.summary, r.status) for r in store.history(copy.id)] == \
           [(r.seq, r.summary, r.status) for r in store.history(original.id)]


def test_a_duplicate_keeps_the_statements_in_their_order(store):
    """Statements placed in themes whose ids sort differently must not be reshuffled by the copy."""
    workshop = store.create_workshop("Leeds homecare")
    statements = [Statement(f"Statement {n}", WORKING, theme_id=theme_id)
                  for n, theme_id in enumerate(["zz-theme", "aa-theme", "mm-theme"])]
    store.apply(workshop.id, add_statements(statements, ""))

    copy = store.duplicate_workshop(workshop.id, "Copy")

    assert [s.text for s in store.statements(copy.id)] == ["Statement 0", "Statement 1", "Statement 2"]


def test_undo_in_a_duplicate_leaves_the_original_alone(store):
    original = filled_workshop(store)
    before = contents(store, original.id)
    copy = store.duplicate_workshop(original.id, "Copy")

    undone = store.undo(copy.id)

    assert undone.summary == "Changed the workshop's names to redact"
    assert store.settings(copy.id) == {}
    assert contents(store, original.id) == before
    assert [r.status for r in store.history(original.id)] == ["done", "done", "done"]


def test_a_duplicate_needs_a_free_name(store):
    original = store.create_workshop("Leeds homecare")

    with pytest.raises(StoreError, match="already a workshop called"):
        store.duplicate_workshop(original.id, "leeds homecare")
    assert len(store.workshops()) == 1


def test_duplicating_a_deleted_workshop_says_it_no_longer_exists(store):
    workshop = store.create_workshop("Leeds homecare")
    store.delete_workshop(workshop.id)

    with pytest.raises(StoreError, match="That workshop no longer exists"):
        store.duplicate_workshop(workshop.id, "Copy")
    assert store.workshops() == []


# -- deleting ------------------------------------------------------------------------------------

def test_deleting_a_workshop_removes_its_statements_themes_and_edits(store, store_url):
    doomed = filled_workshop(store, "Doomed")
    kept = filled_workshop(store, "Kept")
    kept_contents = contents(store, kept.id)

    store.delete_workshop(doomed.id)

    assert [w.name for w in store.workshops()] == ["Kept"]
    assert contents(store, doomed.id) == ([], [], {})
    assert store.history(doomed.id) == []
    assert contents(store, kept.id) == kept_contents
    # Nothing of the deleted workshop is left behind in the file.
    assert count_rows(store_url, "statements") == 2
    assert count_rows(store_url, "themes") == 1
    assert count_rows(store_url, "edits") == 3


def test_an_edit_to_a_deleted_workshop_is_refused(store):
    workshop = store.create_workshop("Leeds homecare")
    store.delete_workshop(workshop.id)

    with pytest.raises(StoreError, match="That workshop no longer exists"):
        store.apply(workshop.id, add_statements(some_statements("Hello"), ""))


# -- the file ---------------------------------------------------------------------------------

def test_reopening_the_file_shows_everything(store_url):
    with Store(store_url) as store:
        workshop = filled_workshop(store)
        store.apply(workshop.id, add_statements(
            [Statement("Call me on [phone]", NOT_WORKING, redactions=(Redaction("phone", 11, 18),),
                       review_date="2024-02-01", source_row=7, set_aside=True, position=5)], "reviews.csv"))
        saved = (store.workshops(), contents(store, workshop.id), store.history(workshop.id))

    with Store(store_url) as reopened:
        assert (reopened.workshops(), contents(reopened, workshop.id), reopened.history(workshop.id)) == saved


def test_the_file_uses_write_ahead_logging(db_path):
    Store(db_path).close()
    with sqlite3.connect(db_path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_the_store_enforces_foreign_keys(db_path):
    # Foreign keys are a setting of each SQLite connection, so only the store's own connection can tell.
    with Store(db_path) as store:
        assert store._database.connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_a_new_file_starts_at_the_current_schema_version(store):
    assert store.schema_version == SCHEMA_VERSION


def test_the_default_file_is_the_one_named_in_WTFC_DB(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("WTFC_DB", "~/workshops/team.sqlite")

    assert default_db() == tmp_path / "workshops" / "team.sqlite"
    with Store() as store:
        store.create_workshop("Leeds homecare")
    assert count_rows(tmp_path / "workshops" / "team.sqlite", "workshops") == 1


@pytest.mark.parametrize("unset", [True, False], ids=["WTFC_DB unset", "WTFC_DB empty"])
def test_without_WTFC_DB_the_file_sits_in_the_user_data_folder(monkeypatch, unset):
    if unset:
        monkeypatch.delenv("WTFC_DB", raising=False)
    else:
        monkeypatch.setenv("WTFC_DB", "")

    assert default_db() == platformdirs.user_data_path("wtfc") / "workshops.sqlite"


# -- two connections ---------------------------------------------------------------------------

def test_two_stores_on_one_file_see_each_others_edits(store_url):
    with Store(store_url) as laptop, Store(store_url) as tablet:
        workshop = laptop.create_workshop("Leeds homecare")
        assert tablet.find_workshop("leeds homecare") == workshop

        tablet.apply(workshop.id, add_statements(some_statements("I see the same carer"), ""))
        assert [s.text for s in laptop.statements(workshop.id)] == ["I see the same carer"]

        laptop.undo(workshop.id)
        assert tablet.statements(workshop.id) == []
        assert tablet.can_redo(workshop.id)


def test_a_stale_edit_raises_a_conflict_and_changes_nothing(store_url):
    with Store(store_url) as laptop, Store(store_url) as tablet:
        workshop = laptop.create_workshop("Leeds homecare")
        laptop.apply(workshop.id, add_statements(some_statements("My visits are late"), ""))
        seen_on_laptop = laptop.statements(workshop.id)[0]

        tablet.apply(workshop.id, edit_statement(tablet.statements(workshop.id)[0], category=NOT_WORKING))
        after_tablet = tablet.statements(workshop.id)

        with pytest.raises(EditConflict, match="nothing was changed"):
            laptop.apply(workshop.id, edit_statement(seen_on_laptop, text="My visits are often late"))

        assert laptop.statements(workshop.id) == after_tablet
        assert len(laptop.history(workshop.id)) == 2


def test_removing_a_statement_someone_else_removed_is_a_conflict(store):
    workshop = store.create_workshop("Leeds homecare")
    store.apply(workshop.id, add_statements(some_statements("One"), ""))
    statement = store.statements(workshop.id)[0]
    store.apply(workshop.id, remove_statements([statement]))

    with pytest.raises(EditConflict):
        store.apply(workshop.id, remove_statements([statement]))
    assert len(store.history(workshop.id)) == 2


def test_adding_a_statement_that_is_already_there_is_a_conflict(store):
    workshop = store.create_workshop("Leeds homecare")
    edit = add_statements(some_statements("One"), "")
    store.apply(workshop.id, edit)

    with pytest.raises(EditConflict, match="already exists"):
        store.apply(workshop.id, edit)
    assert len(store.statements(workshop.id)) == 1


def test_a_settings_change_made_from_stale_settings_is_a_conflict(store_url):
    with Store(store_url) as laptop, Store(store_url) as tablet:
        workshop = laptop.create_workshop("Leeds homecare")
        stale = laptop.settings(workshop.id)
        tablet.apply(workshop.id, update_settings(stale, names_to_redact=["Ada"]))

        with pytest.raises(EditConflict):
            laptop.apply(workshop.id, update_settings(stale, dots_per_person=5))
        assert laptop.settings(workshop.id) == {"names_to_redact": ["Ada"]}


def test_undo_will_not_overwrite_a_change_it_does_not_know_about(store, store_url):
    workshop = store.create_workshop("Leeds homecare")
    store.apply(workshop.id, add_statements(some_statements("One"), ""))
    store.apply(workshop.id, edit_statement(store.statements(workshop.id)[0], text="One, edited"))
    raw_sql(store_url, "UPDATE statements SET text = 'Changed elsewhere'")  # e.g. an older wtfc, writing no log

    with pytest.raises(EditConflict, match="nothing was changed"):
        store.undo(workshop.id)

    assert store.statements(workshop.id)[0].text == "Changed elsewhere"
    assert [r.status for r in store.history(workshop.id)] == ["done", "done"]


def test_a_write_that_gives_up_waiting_for_another_writer_frees_the_store_for_other_threads(db_path):
    """Streamlit serves each browser session from its own thread, all sharing one store."""
    store = Store(db_path)
    store._database.connection.execute("PRAGMA busy_timeout = 50")  # wait 50 ms for the file, not the usual 10 s
    other_writer = sqlite3.connect(db_path, isolation_level=None)
    other_writer.execute("BEGIN IMMEDIATE")
    with pytest.raises(StoreError, match="busy with another change"):
        store.create_workshop("Leeds homecare")
    other_writer.execute("ROLLBACK")
    other_writer.close()

    other_session = threading.Thread(target=store.create_workshop, args=("Bradford homecare",), daemon=True)
    other_session.start()
    other_session.join(timeout=5)

    assert not other_session.is_alive(), "the other thread is still waiting for the store"
    assert [w.name for w in store.workshops()] == ["Bradford homecare"]
    store.close()


# -- all or nothing ------------------------------------------------------------------------------

def test_an_edit_that_fails_midway_leaves_nothing_half_done(store_url):
    with Store(store_url) as laptop, Store(store_url) as tablet:
        workshop = laptop.create_workshop("Leeds homecare")
        laptop.apply(workshop.id, add_statements(some_statements("One", "Two", "Three"), ""))
        seen = laptop.statements(workshop.id)
        tablet.apply(workshop.id, edit_statement(tablet.statements(workshop.id)[1], pinned=True))
        before = laptop.statements(workshop.id)

        with pytest.raises(EditConflict):
            laptop.apply(workshop.id, remove_statements(seen))  # the second one is stale

        assert laptop.statements(workshop.id) == before
        assert len(laptop.history(workshop.id)) == 2


def test_a_failed_edit_keeps_the_redo_stack(store):
    workshop = store.create_workshop("Leeds homecare")
    new, clash = some_statements("New", "Clash")
    store.apply(workshop.id, add_statements([clash], ""))
    store.apply(workshop.id, update_settings({}, dots_per_person=3))
    store.undo(workshop.id)

    with pytest.raises(EditConflict):
        store.apply(workshop.id, add_statements([new, clash], ""))

    assert [s.text for s in store.statements(workshop.id)] == ["Clash"]
    assert store.can_redo(workshop.id)
    assert [r.status for r in store.history(workshop.id)] == ["done", "undone"]


# -- upgrading older files ---------------------------------------------------------------------

V1_ROW = {"id": "s1", "text": "I see the same carer", "category": WORKING, "perspective": "person",
          "person_ref": "P1", "service": "Homecare North", "area": "Leeds", "review_date": "2023-11-02",
          "source_file": "reviews.csv", "source_sheet": "", "source_row": 2, "redactions": [], "position": 0}


def make_version_1_file(path):
    """A file as the first release of wtfc wrote it: one workshop, two statements, one logged edit."""
    with sqlite3.connect(path) as db:
        db.executescript(MIGRATIONS[0])
        db.execute("PRAGMA user_version = 1")
        db.execute("INSERT INTO workshops VALUES ('w1', 'Leeds homecare', '2023-11-05T10:00:00+00:00', "
                   "'2023-11-05T10:00:00+00:00')")
        second = {**V1_ROW, "id": "s2", "text": "My visits are late", "category": NOT_WORKING,
                  "person_ref": "P2", "source_row": 3, "position": 1}
        for row in (V1_ROW, second):
            db.execute(f"INSERT INTO statements (workshop_id, {', '.join(row)}) VALUES ('w1'{', ?' * len(row)})",
                       [json.dumps(v) if k == "redactions" else v for k, v in row.items()])
        db.execute("INSERT INTO edits VALUES ('w1', 1, 'import', 'Added 2 statements from reviews.csv', '', "
                   "'2023-11-05T10:01:00+00:00', 'done', ?)",
                   (json.dumps([["statements", None, V1_ROW], ["statements", None, second]]),))
    db.close()


def test_a_version_1_file_is_upgraded_with_its_data_intact(db_path):
    make_version_1_file(db_path)

    with Store(db_path) as store:
        assert store.schema_version == SCHEMA_VERSION
        workshop = store.find_workshop("Leeds homecare")
        statements = store.statements("w1")

    assert workshop.statement_count == 2
    assert statements[0] == Statement("I see the same carer", WORKING, person_ref="P1", service="Homecare North",
                                      area="Leeds", review_date="2023-11-02", source_file="reviews.csv",
                                      source_row=2, id="s1")
    assert [s.text for s in statements] == ["I see the same carer", "My visits are late"]
    assert all(s.theme_id is None and not s.pinned and not s.set_aside for s in statements)


def test_an_upgraded_workshop_starts_with_no_themes_and_empty_settings(db_path):
    make_version_1_file(db_path)

    with Store(db_path) as store:
        assert store.themes("w1") == []
        assert store.settings("w1") == {}


def test_edits_logged_before_an_upgrade_can_still_be_undone_and_redone(db_path):
    make_version_1_file(db_path)

    with Store(db_path) as store:
        assert store.undo("w1").summary == "Added 2 statements from reviews.csv"
        assert store.statements("w1") == []
        store.redo("w1")
        assert [s.id for s in store.statements("w1")] == ["s1", "s2"]


def test_an_upgrade_keeps_a_backup_of_the_old_file(db_path):
    make_version_1_file(db_path)

    Store(db_path).close()

    backup = db_path.with_name("workshops.sqlite.v1.bak")
    with sqlite3.connect(backup) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1
        assert db.execute("SELECT COUNT(*) FROM statements").fetchone()[0] == 2
        assert db.execute("SELECT name FROM sqlite_master WHERE name = 'themes'").fetchone() is None
    db.close()


def test_a_current_file_is_not_backed_up_again(db_path):
    Store(db_path).close()
    Store(db_path).close()

    assert list(db_path.parent.glob("*.bak")) == []


def test_a_file_from_a_newer_wtfc_is_refused_and_left_alone(db_path):
    with Store(db_path) as store:
        store.create_workshop("Leeds homecare")
    with sqlite3.connect(db_path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()

    with pytest.raises(StoreError, match=r"written by a newer wtfc.*Please update wtfc"):
        Store(db_path)

    with sqlite3.connect(db_path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    db.close()
    assert count_rows(db_path, "workshops") == 1


def test_names_differing_only_in_accented_capitals_are_one_name(store):
    store.create_workshop("Café reviews")

    with pytest.raises(StoreError, match="already a workshop called “Café reviews”"):
        store.create_workshop("CAFÉ REVIEWS")


def test_statements_kept_in_memory_match_the_file_after_edits_undo_and_other_connections(store, store_url):
    workshop = store.create_workshop("Cache").id
    same_place = [Statement(text=f"s{i}", category=WORKING, position=0) for i in range(4)]
    store.apply(workshop, add_statements(same_place, "a.csv"))
    first = store.statements(workshop)
    store.apply(workshop, remove_statements(first[1:2]))
    store.apply(workshop, edit_statement(store.statements(workshop)[0], position=5, text="moved last"))
    assert store.statements(workshop)[-1].text == "moved last"
    store.undo(workshop)
    store.undo(workshop)  # the removed statement comes back with a new rowid: last among equals
    with Store(store_url) as other:
        assert other.statements(workshop) == store.statements(workshop)
        other.apply(workshop, add_statements([Statement(text="from elsewhere", category=WORKING)], ""))
    assert [s.text for s in store.statements(workshop)] == ["s0", "s2", "s3", "s1", "from elsewhere"]
    with Store(store_url) as fresh:
        assert fresh.statements(workshop) == store.statements(workshop)


def test_control_characters_never_reach_the_store_whatever_path_the_text_took(store):
    """Files lose them when read; typed text (or a hostile browser's) loses them at the store's gate, so
    PostgreSQL, whose text cannot hold NUL, and SQLite keep the same words."""
    workshop = store.create_workshop("Bell\x07 and NUL\x00 in a name")
    store.apply(workshop.id, add_statements([Statement("Late\x00 again\x1b[31m, every\tday\nand night", NOT_WORKING,
                                                       person_ref="P\x001", service="Home\x7fcare")], "typed\x00"))
    [statement] = store.statements(workshop.id)
    assert (statement.text, statement.person_ref, statement.service) == (
        "Late again[31m, every\tday\nand night", "P1", "Homecare")
    assert store.workshops()[0].name == "Bell and NUL in a name"
