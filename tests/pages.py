"""Helpers for AppTest page tests: a fresh browser session on a URL, and widgets by their label."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "streamlit_app.py")


def open_page(page: str, workshop_id: str | None = None, **params: str) -> AppTest:
    """A new session on ``page`` with the workshop (and any other ``params``) in the URL, as after a refresh."""
    at = AppTest.from_file(APP, default_timeout=120)
    if workshop_id:
        at.query_params["workshop"] = workshop_id
    for name, value in params.items():
        at.query_params[name] = value
    at.switch_page(page)
    at.run()
    assert not at.exception
    return at


def by_label(widgets, label):
    return next(w for w in widgets if w.label == label)
