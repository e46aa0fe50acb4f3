"""Shared fixtures: a store in a temporary folder, and for browser tests a real streamlit server
driven by headless Chromium (Debian's /usr/bin/chromium)."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from wtfc.store import Store

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("WTFC_CHROMIUM", "/usr/bin/chromium")
# Flags this sandbox needs: no sandboxing as root, and no calls home on a closed network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "workshops.sqlite"


@pytest.fixture
def store(db_path) -> Store:
    with Store(db_path) as s:
        yield s


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory) -> Store:
    """One file for every example of a property test; each example works in a workshop of its own."""
    with Store(tmp_path_factory.mktemp("property") / "workshops.sqlite") as s:
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
    """Skip browser tests, loudly, where there is no Chromium; in CI that is an error, not a skip."""
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
    return reason or f"browser tests: Chromium at {CHROMIUM}"


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
