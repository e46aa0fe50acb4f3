"""Crashes in the middle of a write: the workshop file stays whole and each change is all or nothing.

A real `streamlit run` server (or a plain Python process using the same store) is killed with SIGKILL
while it holds SQLite's write lock, that is, inside the transaction of a large import or edit. Another
connection asking for the write lock without waiting is how the test knows the writer is mid-transaction.
"""
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from tests.conftest import ROOT, Server
from wtfc import edits
from wtfc.model import CATEGORIES, Statement, Theme
from wtfc.store import Store

ROWS = 10_000  # enough that writing them takes a good fraction of a second, so the kill lands inside the transaction


def synthetic_statements(count: int) -> list[Statement]:
    return [Statement(text=f"Carer number {i} came on time and we talked about the garden",
                      category=CATEGORIES[i % 3], perspective="person", person_ref=f"P{i % 500}", position=i)
            for i in range(count)]


def write_lock_held(db_path) -> bool:
    """True while some other connection is inside a write transaction on the file."""
    probe = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as error:
        if "locked" not in str(error):
            raise
        return True
    finally:
        probe.close()


def kill_mid_write(process: subprocess.Popen, db_path, seconds: float = 60) -> None:
    """SIGKILL the process as soon as it is seen holding the write lock (and fail if it never does)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "the writer ended before it was seen writing"
        if write_lock_held(db_path):
            process.send_signal(signal.SIGKILL)
            process.wait(10)
            return
        time.sleep(0.002)
    pytest.fail(f"the writer did not start writing within {seconds}s")


def assert_file_whole(db_path) -> None:
    with sqlite3.connect(db_path) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def seeded_workshop(db_path, count: int = ROWS) -> str:
    with Store(db_path) as store:
        workshop = store.create_workshop("Fault test")
        store.apply(workshop.id, edits.add_statements(synthetic_statements(count), "reviews.csv"))
    return workshop.id


def gather_page(browser, server: Server, workshop_id: str):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server.url}/gather_page?workshop={workshop_id}")
    page.get_by_role("heading", name="Gather statements: Fault test").wait_for(timeout=30_000)
    page.get_by_test_id("stMetricValue").first.wait_for()
    return page


def total_shown(page) -> int:
    return sum(int(v.replace(",", "")) for v in page.get_by_test_id("stMetricValue").all_inner_texts()[:3])


@pytest.mark.browser
def test_a_server_killed_mid_import_and_mid_undo_loses_nothing_and_half_does_nothing(tmp_path, browser):
    db_path, log = tmp_path / "faults.sqlite", tmp_path / "streamlit.log"
    workshop_id = seeded_workshop(db_path)
    upload = tmp_path / "another_year.csv"
    upload.write_text("Person,Category,Statement\n" + "".join(
        f"Q{i % 500},{CATEGORIES[i % 3]},Visit {i} was rushed and nobody explained why\n" for i in range(ROWS)),
        encoding="utf-8")

    # Killed while the import is being written: after the restart it is all there or not at all.
    server = Server(db_path, log).start()
    try:
        page = gather_page(browser, server, workshop_id)
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(upload))
        page.get_by_role("button", name=f"Import {ROWS} statements").click(timeout=60_000)
        kill_mid_write(server.process, db_path)
    finally:
        server.stop()
    assert_file_whole(db_path)
    with Store(db_path) as store:
        count = len(store.statements(workshop_id))
        imports = [r for r in store.history(workshop_id) if r.kind == "import"]
    assert count in (ROWS, 2 * ROWS)
    assert len(imports) == count // ROWS

    # The restarted server shows what is stored; killed while undoing the latest import, the undo
    # either happened in full or not at all, and the log says which.
    server = Server(db_path, log).start()
    try:
        page = gather_page(browser, server, workshop_id)
        assert total_shown(page) == count
        page.get_by_role("button", name="Undo").click()
        kill_mid_write(server.process, db_path)
    finally:
        server.stop()
    assert_file_whole(db_path)
    with Store(db_path) as store:
        after = len(store.statements(workshop_id))
        latest = store.history(workshop_id)[-1]
    assert (after, latest.status) in ((count, "done"), (count - ROWS, "undone"))


def test_a_process_killed_during_a_large_edit_leaves_it_done_or_not_done(tmp_path):
    """The same store from any Python process: a move of every statement, killed mid-transaction."""
    db_path = tmp_path / "faults.sqlite"
    workshop_id = seeded_workshop(db_path)
    writer = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        from wtfc import edits
        from wtfc.model import Theme
        from wtfc.store import Store
        store = Store({str(db_path)!r})
        theme = Theme(category="working", name="I know who is coming", id="everything")
        store.apply({workshop_id!r}, edits.combine("move", "Everything into one theme", [
            edits.create_theme(theme), edits.move_statements(store.statements({workshop_id!r}), theme)]))
        """)], cwd=ROOT)
    kill_mid_write(writer, db_path)

    assert_file_whole(db_path)
    with Store(db_path) as store:
        statements, themes = store.statements(workshop_id), store.themes(workshop_id)
        history = store.history(workshop_id)
        in_theme = {s.theme_id for s in statements}
        assert len(statements) == ROWS
        if themes:  # the edit happened, all of it, and is in the log (so it can be undone)
            assert themes == [Theme(category="working", name="I know who is coming", id="everything")]
            assert in_theme == {"everything"} and [r.kind for r in history] == ["import", "move"]
            store.undo(workshop_id)
            assert {s.theme_id for s in store.statements(workshop_id)} == {None}
        else:  # it did not happen at all
            assert in_theme == {None} and [r.kind for r in history] == ["import"]
        # Either way the file takes new edits.
        store.apply(workshop_id, edits.create_theme(Theme(category="working", name="I feel safe")))
