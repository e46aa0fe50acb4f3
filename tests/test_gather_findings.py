"""The personal details the import preview found: each shown in its sentence, so the facilitator can tell
a surname from a walking frame, and keeping one shows the statement with it back in."""
from __future__ import annotations

import hashlib

from tests.pages import open_page
from wtfc.importer import preview_import
from wtfc.store import Store

REVIEWS = ("Person,Name,Category,Statement\n"
           "P1,Jean Zimmer,What's working,I use my Zimmer every day to get to the shops\n"
           "P2,Tom Bell,Not working,Nobody answers when I ring the bell at night\n"
           "P3,Ann Hill,Future,I want to walk up the hill again\n").encode()


def test_each_detail_is_shown_in_its_sentence_and_keeping_it_puts_it_back():
    preview = preview_import(REVIEWS, "reviews.csv")
    walker = next(r for r in preview.rows if r.row == 2)

    assert walker.statement.text == "I use my [name] every day to get to the shops"
    assert walker.in_sentence(0) == "I use my ›Zimmer‹ every day to get to the shops"
    assert walker.kept({(walker.key, 0)}).text == "I use my Zimmer every day to get to the shops"
    assert walker.kept(set()).text == walker.statement.text


def test_a_long_sentence_is_cut_around_the_detail():
    long = ("Person,Name,Category,Statement\nP1,Jean Zimmer,Working,"
            + "The days are long " * 10 + "and my Zimmer helps" + " and the evenings are long too" * 5 + "\n")
    [row] = preview_import(long.encode(), "reviews.csv").rows

    shown = row.in_sentence(0, around=20)
    assert shown.startswith("…") and shown.endswith("…") and "›Zimmer‹" in shown and len(shown) < 60


def test_the_preview_shows_the_sentence_and_ticking_keep_updates_the_statements_below(db_env):
    with Store(db_env) as store:
        workshop_id = store.create_workshop("Findings").id
    at = open_page("wtfc/app/gather_page.py", workshop_id)
    at.file_uploader[0].set_value(("reviews.csv", REVIEWS, "text/csv"))
    at.run()
    findings = next(d for d in at.dataframe if "In its sentence" in d.value.columns)
    assert "I use my ›Zimmer‹ every day to get to the shops" in list(findings.value["In its sentence"])
    walker_row = list(findings.value["Found"]).index("Zimmer")

    at.session_state[f"findings-{hashlib.sha256(REVIEWS).hexdigest()[:16]}"] = {
        "edited_rows": {walker_row: {"Not personal, keep it": True}}, "added_rows": [], "deleted_rows": []}
    at.run()

    assert not at.exception
    to_import = next(d.value for d in at.dataframe if "Statement" in d.value.columns)
    assert "I use my Zimmer every day to get to the shops" in list(to_import["Statement"])
    assert "Nobody answers when I ring the bell at night" in list(to_import["Statement"])  # lower case: a bell
