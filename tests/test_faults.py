"""Crashes in the middle of a write: the workshop file stays whole and each change is all or nothing.

A real `streamlit run` server (or a plain Python process using the same store) is killed with SIGKILL
while it holds SQLite's write lock, that is, inside the transaction of a large import or edit. Another
connection asking for the write lock without waiting is how the test knows the writer is mid-transaction.
The two tests marked ``both_stores`` kill a writer on PostgreSQL too (seen mid-transaction once its transaction
has written something); the rest are about the file itself.
"""
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, Server, raw_sql, with_option
from wtfc import edits
from wtfc.model import CATEGORIES, Statement, Theme
from wtfc.store import Store, StoreFault

ROWS = 10_000  # enough that writing them takes a good fraction of a second, so the kill lands inside the transaction


def synthetic_statements(count: int) -> list[Statement]:
    return [Statement(text=f"Carer number {i} came on time and we talked about the garden",
                      category=CATEGORIES[i % 3], perspective="person", person_ref=f"P{i % 500}", position=i)
            for i in range(count)]


WRITER = "wtfc-test-writer"  # how the writer's connections name themselves to PostgreSQL


def writer_address(location):
    """Where a writer in another process opens the store; on PostgreSQL, under a name the test can look for."""
    return location if isinstance(location, Path) else with_option(location, f"application_name={WRITER}")


def write_lock_held(location) -> bool:
    """True while some other connection is inside a write transaction on the file (on PostgreSQL: the writer's
    transaction has written something)."""
    if not isinstance(location, Path):
        return bool(raw_sql(location, "SELECT 1 FROM pg_stat_activity WHERE application_name = "
                                      f"'{WRITER}' AND backend_xid IS NOT NULL"))
    probe = sqlite3.connect(location, timeout=0, isolation_level=None)
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


def assert_file_whole(location) -> None:
    if not isinstance(location, Path):
        return  # a database server checks its own pages and always enforces foreign keys
    with sqlite3.connect(location) as db:
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
        page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(str(upload))
        page.get_by_role("button", name=f"Import {ROWS:,} statements").click(timeout=60_000)
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


@pytest.mark.both_stores
def test_a_process_killed_during_a_large_edit_leaves_it_done_or_not_done(store_url):
    """The same store from any Python process: a move of every statement, killed mid-transaction."""
    db_path = store_url
    workshop_id = seeded_workshop(db_path)
    writer = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        from wtfc import edits
        from wtfc.model import Theme
        from wtfc.store import Store
        store = Store({str(writer_address(db_path))!r})
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


# -- the workshop file moved, deleted, on a full disk or read-only -------------------------------------------------

CLI = [sys.executable, "-m", "wtfc"]


def run_cli(*args, **options) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *map(str, args)], cwd=ROOT, capture_output=True, text=True, **options)


def reviews_csv(path, rows: int = ROWS):
    path.write_text("Person,Category,Statement\n" + "".join(
        f"Q{i % 500},{CATEGORIES[i % 3]},Visit {i} was rushed and nobody explained why\n" for i in range(rows)),
        encoding="utf-8")
    return path


@pytest.fixture
def small_disk(tmp_path):
    """A real 32 MB filesystem (tmpfs) of its own, so the test can fill it up or make it read-only."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", str(mount_point)],
                             capture_output=True, text=True)
    if mounted.returncode:
        pytest.skip(f"these tests mount a small filesystem, which needs root: {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=True)


def fill_up(disk) -> None:
    """Take every free byte of the disk, as a runaway download would."""
    with open(disk / "filler", "wb", buffering=0) as filler:
        try:
            while True:
                filler.write(b"\0" * 65536)
        except OSError:
            pass


def make_read_only(disk) -> None:
    # chmod does not stop root, which these tests run as; a read-only filesystem stops everyone.
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)


def test_a_store_whose_file_was_deleted_refuses_changes_and_keeps_a_rescue_copy(db_path):
    workshop_id = seeded_workshop(db_path, 50)
    with Store(db_path) as store:
        assert store.fault() is None
        db_path.unlink()
        with pytest.raises(StoreFault, match="has been moved or deleted while wtfc was running; nothing more can be "
                                             "saved") as refused:
            store.apply(workshop_id, edits.create_theme(Theme(category="working", name="I feel safe")))
        with pytest.raises(StoreFault):
            store.create_workshop("Another")
        assert store.fault() == str(refused.value)
        assert len(store.statements(workshop_id)) == 50  # what was saved can still be read
    rescued = [p for p in db_path.parent.iterdir() if p.name.startswith("workshops-rescued-")]
    assert [p.suffix for p in rescued] == [".sqlite"] and str(rescued[0]) in str(refused.value)
    assert not db_path.exists()  # nothing was written at the old path: a restart must not look like all is well
    with Store(rescued[0]) as copy:
        assert len(copy.statements(workshop_id)) == 50 and not copy.themes(workshop_id)


def test_a_store_whose_file_was_replaced_refuses_changes(db_path, tmp_path):
    workshop_id = seeded_workshop(db_path, 10)
    with Store(db_path) as store:
        older = tmp_path / "older.sqlite"
        older.write_bytes(db_path.read_bytes())
        older.replace(db_path)  # another file now sits at the same path
        with pytest.raises(StoreFault, match="has been moved or deleted"):
            store.apply(workshop_id, edits.create_theme(Theme(category="working", name="I feel safe")))


def test_the_app_says_plainly_when_its_workshop_file_was_deleted(db_env):
    from streamlit.testing.v1 import AppTest

    from tests.test_voting_pages import by_label
    seeded_workshop(db_env, 10)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60).run()
    assert not at.exception and not at.error
    db_env.unlink()
    by_label(at.text_input, "Workshop name").input("Spring reviews")
    by_label(at.button, "Create workshop").click()
    at.run()
    assert not at.exception
    messages = [e.value for e in at.error]
    assert messages and all("has been moved or deleted while wtfc was running" in m for m in messages)
    assert not db_env.exists()


def test_the_cli_stops_with_a_plain_message_when_the_store_file_is_deleted_mid_import(tmp_path):
    db_path = tmp_path / "workshops.sqlite"
    seeded_workshop(db_path, 10)
    importing = subprocess.Popen([*CLI, "import", str(reviews_csv(tmp_path / "reviews.csv")), "--workshop",
                                  "Fault test", "--db", str(db_path)], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    wal = db_path.with_name(db_path.name + "-wal")
    deadline = time.monotonic() + 30
    while not wal.exists():  # the CLI has opened the store and is reading the file
        assert time.monotonic() < deadline and importing.poll() is None
        time.sleep(0.001)
    db_path.unlink()
    _, stderr = importing.communicate(timeout=120)
    assert importing.returncode == 2
    assert "has been moved or deleted while wtfc was running; nothing more can be saved" in stderr
    assert "Traceback" not in stderr


def test_a_full_disk_is_said_plainly_and_changes_nothing(small_disk, tmp_path):
    db_path = small_disk / "workshops.sqlite"
    workshop_id = seeded_workshop(db_path, 100)
    with Store(db_path) as store:
        before = store.workshop_contents(workshop_id)
        fill_up(small_disk)
        with pytest.raises(StoreFault) as refused:
            store.apply(workshop_id, edits.add_statements(synthetic_statements(5_000), "more.csv"))
        assert str(refused.value) == (f"The disk is full, so {db_path} could not be saved; this change was not "
                                      "made. Everything saved before it is kept. Free some space on the disk, "
                                      "then try again.")
        assert store.workshop_contents(workshop_id) == before
        (small_disk / "filler").unlink()
        store.apply(workshop_id, edits.add_statements(synthetic_statements(5_000), "more.csv"))  # works again
        assert len(store.statements(workshop_id)) == 5_100


def test_the_cli_says_the_disk_is_full_and_exits_2(small_disk, tmp_path):
    db_path = small_disk / "workshops.sqlite"
    workshop_id = seeded_workshop(db_path, 100)
    fill_up(small_disk)
    result = run_cli("import", reviews_csv(tmp_path / "reviews.csv"), "--workshop", "Fault test", "--db", db_path)
    assert result.returncode == 2
    assert result.stderr.startswith("wtfc: The disk is full, so") and "Traceback" not in result.stderr
    (small_disk / "filler").unlink()
    with Store(db_path) as store:
        assert len(store.statements(workshop_id)) == 100 and len(store.history(workshop_id)) == 1


def test_a_read_only_store_is_said_plainly_in_the_cli_and_the_app(small_disk, monkeypatch):
    from streamlit.testing.v1 import AppTest
    db_path = small_disk / "workshops.sqlite"
    seeded_workshop(db_path, 10)
    make_read_only(small_disk)
    with pytest.raises(StoreFault, match="read-only"):
        Store(db_path)
    result = run_cli("list", "--db", db_path)
    assert result.returncode == 2
    assert result.stderr == (f"wtfc: The workshop file {db_path} cannot be opened for saving: it, or its folder, is "
                             "read-only or no longer there. Copy it to a folder you can write to, then start wtfc "
                             "again.\n")
    monkeypatch.setenv("WTFC_DB", str(db_path))
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60).run()
    assert not at.exception
    assert [e.value for e in at.error] == [result.stderr.removeprefix("wtfc: ").strip()]


# -- exports and imports stopped part-way ---------------------------------------------------------------------------

EXPORTS = {"xlsx": ("export", "Fault test", "--xlsx"), "csv": ("export", "Fault test", "--csv"),
           "json": ("export", "Fault test", "--json"), "html": ("export", "Fault test", "--html"),
           "statements.csv": ("export-statements", "Fault test", "--csv")}
FILE_LIMIT = 40_000  # bytes: above SQLite's 32 KB shared-memory file, well below each export of ROWS statements
# The CLI, in a process the kernel kills (SIGXFSZ, which Python itself ignores) once a file passes FILE_LIMIT.
KILLED_AT_LIMIT = [sys.executable, "-c", "import resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_DFL); "
                   f"resource.setrlimit(resource.RLIMIT_FSIZE, ({FILE_LIMIT}, {FILE_LIMIT})); "
                   "from wtfc.cli import main; sys.exit(main(sys.argv[1:]))"]


@pytest.mark.parametrize("kind", [k for k in EXPORTS if k != "xlsx"])  # the workbook's own temporary files hit the limit first
def test_an_export_killed_while_writing_leaves_the_previous_file_whole(tmp_path, kind):
    db_path = tmp_path / "workshops.sqlite"
    seeded_workshop(db_path, 2_000)
    out = tmp_path / f"workshop.{kind}"
    command = [*EXPORTS[kind], out, "--db", db_path]
    assert run_cli(*command).returncode == 0
    previous = out.read_bytes()
    assert len(previous) > FILE_LIMIT

    killed = subprocess.run([*KILLED_AT_LIMIT, *map(str, command)], cwd=ROOT, capture_output=True,
                            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert killed.returncode == -signal.SIGXFSZ
    assert out.read_bytes() == previous
    partial = [p for p in tmp_path.iterdir() if p.name.startswith(f".{out.name}.")]
    assert [p.stat().st_size for p in partial] == [FILE_LIMIT]  # killed mid-write, in the temporary file beside it


@pytest.mark.parametrize("kind", EXPORTS)
def test_an_export_that_fills_the_disk_leaves_the_previous_file_whole(small_disk, tmp_path, kind):
    db_path = tmp_path / "workshops.sqlite"
    seeded_workshop(db_path, 200)
    out = small_disk / f"workshop.{kind}"
    command = [*EXPORTS[kind], out, "--db", db_path]
    assert run_cli(*command).returncode == 0
    previous = out.read_bytes()
    with Store(db_path) as store:  # the next export is bigger than the space left
        store.apply(store.find_workshop("Fault test").id, edits.add_statements(synthetic_statements(2_000), "more.csv"))
    fill_up(small_disk)
    refused = run_cli(*command)
    assert refused.returncode == 2
    assert refused.stderr == f"wtfc: Could not write {out}: No space left on device.\n"
    assert out.read_bytes() == previous
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", out.name]  # no half-written file left over


def test_the_themes_command_writes_its_output_whole_or_not_at_all(small_disk, tmp_path):
    reviews = reviews_csv(tmp_path / "reviews.csv", 200)
    for out in (small_disk / "themed.csv", small_disk / "themed.xlsx"):
        assert run_cli("themes", reviews, "--out", out).returncode == 0
        previous = out.read_bytes()
        fill_up(small_disk)
        refused = run_cli("themes", reviews_csv(tmp_path / "reviews.csv", 5_000), "--out", out)
        assert refused.returncode == 2 and "No space left on device" in refused.stderr
        assert out.read_bytes() == previous
        (small_disk / "filler").unlink()


@pytest.mark.both_stores
def test_a_cli_import_killed_part_way_leaves_no_empty_workshop(tmp_path, store_url):
    db_path = store_url
    seeded_workshop(db_path, 10)
    importing = subprocess.Popen([*CLI, "import", str(reviews_csv(tmp_path / "reviews.csv")), "--workshop",
                                  "Spring reviews", "--redact-name", "Mrs Example", "--db", str(writer_address(db_path))],
                                 cwd=ROOT)
    kill_mid_write(importing, db_path)
    assert_file_whole(db_path)
    with Store(db_path) as store:
        created = store.find_workshop("Spring reviews")
        assert created is None or (created.statement_count == ROWS and
                                   [r.kind for r in store.history(created.id)] == ["settings", "import"])
    # Either way the same command can simply be run again.
    assert run_cli("import", tmp_path / "reviews.csv", "--workshop", "Spring reviews", "--db", db_path).returncode == 0


def test_the_app_says_the_disk_is_full_in_one_plain_message(small_disk, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.test_voting_pages import by_label
    db_path = small_disk / "workshops.sqlite"
    seeded_workshop(db_path, 100)
    monkeypatch.setenv("WTFC_DB", str(db_path))
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60).run()
    fill_up(small_disk)
    by_label(at.text_input, "Workshop name").input("Spring reviews " + "x" * 100)
    by_label(at.button, "Create workshop").click()
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        f"The disk is full, so {db_path} could not be saved; this change was not made. Everything saved before "
        "it is kept. Free some space on the disk, then try again."]
    (small_disk / "filler").unlink()
    with Store(db_path) as store:
        assert [w.name for w in store.workshops()] == ["Fault test"]
