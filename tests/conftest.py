"""Shared fixtures: a store in a temporary folder (in modules marked ``both_stores``, once in a SQLite file and
once in a real PostgreSQL database), and for browser tests a real streamlit server driven by headless Chromium
(Debian's /usr/bin/chromium)."""
from __future__ import annotations

import glob
import os
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from wtfc.store import Store

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("WTFC_CHROMIUM", "/usr/bin/chromium")
# Flags this sandbox needs: no sandboxing as root, and no calls home on a closed network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


# A PostgreSQL server for the tests: its address (.ci/run sets it), else one is started from Debian's binaries.
POSTGRES_ENV = "WTFC_TEST_POSTGRES"
BACKENDS = ("sqlite", "postgresql")


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "workshops.sqlite"


def pytest_generate_tests(metafunc):
    """Store tests of modules marked ``both_stores`` run once on each database (grouped by database)."""
    if "backend" in metafunc.fixturenames and metafunc.definition.get_closest_marker("both_stores"):
        metafunc.parametrize("backend", BACKENDS, indirect=True, scope="module")


@pytest.fixture(scope="module")
def backend(request) -> str:
    return getattr(request, "param", "sqlite")


@contextmanager
def _fresh_store_location(backend: str, request, file: Path) -> Iterator[str | Path]:
    """``file`` for SQLite; for PostgreSQL, the address of a new schema of the test database, dropped after."""
    if backend == "sqlite":
        yield file
        return
    with fresh_schema(request.getfixturevalue("postgres_server"), "test") as address:
        yield address


@contextmanager
def fresh_schema(address: str, prefix: str) -> Iterator[str]:
    """A schema of its own in the PostgreSQL database at ``address``, dropped after; the address that works
    in it (for the tests, and for benchmarks/load.py)."""
    import psycopg

    schema = f"{prefix}_{secrets.token_hex(6)}"
    with psycopg.connect(address, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    try:
        yield with_option(address, f"options=-csearch_path%3D{schema}")
    finally:
        with psycopg.connect(address, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


def with_option(address: str, option: str) -> str:
    """A PostgreSQL address with one more ``name=value`` connection option."""
    return f"{address}{'&' if '?' in address else '?'}{option}"


@pytest.fixture
def store_url(backend, request, db_path) -> str | Path:
    """Where a test's store lives: a fresh SQLite file, or a fresh schema of the test PostgreSQL database."""
    with _fresh_store_location(backend, request, db_path) as location:
        yield location


@pytest.fixture
def postgres_url(request, db_path) -> str:
    """A fresh schema of the test PostgreSQL database, for tests of PostgreSQL alone."""
    with _fresh_store_location("postgresql", request, db_path) as location:
        yield location


@pytest.fixture
def store(store_url) -> Store:
    with Store(store_url) as s:
        yield s


def raw_sql(location: str | Path, sql: str) -> list[tuple]:
    """One statement run on a store's database behind the store's back (as an older program might); its rows."""
    if isinstance(location, Path):
        with sqlite3.connect(location) as db:
            rows = db.execute(sql).fetchall()
        db.close()
        return rows
    import psycopg

    with psycopg.connect(location, autocommit=True) as db:
        cursor = db.execute(sql)
        return cursor.fetchall() if cursor.description else []


def at_once(work, stores: list[Store]) -> None:
    """``work(store)`` on every store at the same moment, each in a thread of its own (as app servers or
    browser sessions are); the stores are closed after."""
    start = threading.Barrier(len(stores))

    def together(store: Store) -> None:
        start.wait()
        work(store)

    threads = [threading.Thread(target=together, args=(store,)) for store in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for store in stores:
        store.close()


def _postgres_binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _postgres_missing_reason() -> str | None:
    if os.environ.get(POSTGRES_ENV) or _postgres_binaries():
        return None
    return (f"PostgreSQL store tests skipped: no server ({POSTGRES_ENV} unset) and no PostgreSQL to start "
            "(Debian: apt-get install postgresql)")


class LocalPostgres:
    """A throw-away PostgreSQL server in a temporary folder, listening only on a socket there.
    PostgreSQL refuses to run as root, so as root it runs as the ``postgres`` user Debian's package makes."""

    def __init__(self, binaries: Path):
        self.binaries = binaries
        self.folder = Path(tempfile.mkdtemp(prefix="wtfc-postgres-"))
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.folder, "postgres")
        self.port = _free_port()
        self.address = f"postgresql://postgres@/postgres?host={self.folder}&port={self.port}"

    def _run(self, *command: str) -> None:
        subprocess.run([*self.as_user, *command], check=True, capture_output=True)

    def start(self) -> "LocalPostgres":
        data = self.folder / "data"
        self._run(str(self.binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                  "--no-sync")
        self._run(str(self.binaries / "pg_ctl"), "-D", str(data), "-l", str(self.folder / "log"), "-w", "-o",
                  f"-k {self.folder} -p {self.port} -c listen_addresses='' -c fsync=off", "start")
        return self

    def stop(self) -> None:
        self._run(str(self.binaries / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The address of a PostgreSQL server for the tests; they skip, saying why, when there is none."""
    if os.environ.get(POSTGRES_ENV):
        yield os.environ[POSTGRES_ENV]
        return
    if reason := _postgres_missing_reason():
        pytest.skip(reason)
    server = LocalPostgres(_postgres_binaries()).start()
    yield server.address
    server.stop()


@pytest.fixture(scope="module")
def shared_store(backend, request, tmp_path_factory) -> Store:
    """One store for every example of a property test; each example works in a workshop of its own."""
    with (_fresh_store_location(backend, request, tmp_path_factory.mktemp("property") / "workshops.sqlite") as location,
          Store(location) as s):
        yield s


@pytest.fixture
def db_env(tmp_path, monkeypatch) -> Path:
    """Point the app (and anything reading $WTFC_DB) at a fresh store file."""
    path = tmp_path / "app.sqlite"
    monkeypatch.setenv("WTFC_DB", str(path))
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_healthy(url: str, process: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not become healthy in {seconds}s:\n{log.read_text()}")


class Server:
    """A real `streamlit run streamlit_app.py` on a free loopback port with its own store file."""

    def __init__(self, db_path: Path, log: Path, options: tuple[str, ...] = ()):
        self.db_path, self.log, self.options = db_path, log, options  # options: more `--name value` settings
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self) -> "Server":
        env = {**os.environ, "WTFC_DB": str(self.db_path)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none", *self.options],
            cwd=ROOT, env=env, stdout=self.log.open("ab"), stderr=subprocess.STDOUT)
        _wait_until_healthy(self.url, self.process, self.log)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def _chromium_missing_reason() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"browser tests skipped: Chromium not found at {CHROMIUM} (Debian: apt-get install chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "browser tests skipped: the playwright package is not installed (make test installs it)"
    return None


def pytest_collection_modifyitems(config, items):
    """Skip browser tests, loudly, where there is no Chromium; in CI that is an error, not a skip. The same
    for PostgreSQL."""
    if os.environ.get("CI") and (missing := _postgres_missing_reason()):
        raise pytest.UsageError(f"{missing}; CI must run them (.ci/run installs and starts PostgreSQL)")
    reason = _chromium_missing_reason()
    if reason is None:
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"{reason}; CI must run them (.ci/run installs chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))


def pytest_report_header(config):
    reason = _chromium_missing_reason()
    postgres = _postgres_missing_reason() or (
        f"PostgreSQL store tests: the server in ${POSTGRES_ENV}" if os.environ.get(POSTGRES_ENV)
        else f"PostgreSQL store tests: a server started from {_postgres_binaries()}")
    return [reason or f"browser tests: Chromium at {CHROMIUM}", postgres]


@pytest.fixture
def server(tmp_path) -> Server:
    server = Server(tmp_path / "e2e.sqlite", tmp_path / "streamlit.log").start()
    yield server
    server.stop()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def browser(request):
    """Headless Chromium; when a test fails, every open page is saved to test-artifacts/ to look at."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            folder = ROOT / "test-artifacts"
            folder.mkdir(exist_ok=True)
            pages = [page for context in chromium.contexts for page in context.pages]
            for number, page in enumerate(pages):
                page.screenshot(path=folder / f"failed-{request.node.name}-{number}.png", full_page=True)
        chromium.close()


@pytest.fixture
def artifacts() -> Path:
    """Screenshots and downloads a person may want to look at after a run."""
    folder = ROOT / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder
