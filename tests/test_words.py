"""Every count reads right: "1 vote", "2 votes", "1 person", "3 people", on pages, messages and exports."""
from __future__ import annotations

import pytest

from tests.pages import by_label, open_page
from wtfc import edits
from wtfc.charts import themes_by_statements
from wtfc.cli import main
from wtfc.model import NOT_WORKING, PROVIDER, Statement, Theme, VotingRound
from wtfc.priorities import count_themes
from wtfc.actions import Actions
from wtfc.report_html import report_html
from wtfc.store import Store
from wtfc.words import counted


@pytest.mark.parametrize("count, noun, said", [
    (0, "vote", "0 votes"), (1, "vote", "1 vote"), (2, "vote", "2 votes"), (1, "person", "1 person"),
    (3, "person", "3 people"), (1, "possible duplicate", "1 possible duplicate"), (12_500, "statement",
                                                                                   "12,500 statements"),
    (2, "analysis", "2 analyses"),
])
def test_a_count_and_its_noun(count, noun, said):
    assert counted(count, noun, "analyses" if noun == "analysis" else None) == said


@pytest.fixture
def one_of_each(db_env):
    """A not-working theme with one statement from one person and one vote from the provider session."""
    with Store(db_env) as store:
        workshop_id = store.create_workshop("Ones").id
        late = Theme(NOT_WORKING, "I want my visits on time")
        store.apply(workshop_id, edits.create_theme(late))
        store.apply(workshop_id, edits.add_statements([Statement("Visits are late", NOT_WORKING, person_ref="P1",
                                                                 theme_id=late.id)], "t"))
        voting = VotingRound(PROVIDER, ballot=(late.id,), dots=1)
        store.apply(workshop_id, edits.open_round(voting))
        store.apply(workshop_id, edits.record_tally(voting, [], {late.id: 1}))
    return workshop_id


def test_the_plan_card_says_1_statement_and_1_vote(one_of_each):
    at = open_page("wtfc/app/plan_page.py", one_of_each, **{"plan-view": "Provider session"})

    assert at.expander[0].label == "1. I want my visits on time — 1 statement, 1 vote"


def test_the_report_and_the_charts_say_1_statement_from_1_person(db_env, one_of_each):
    with Store(db_env) as store:
        html = report_html(Actions(store, one_of_each).report())
        counts = count_themes(store.statements(one_of_each), store.themes(one_of_each))

    assert "1 statement from 1 person" in " ".join(html.split())
    assert "1 statements" not in html and "1 people" not in html
    [bar] = themes_by_statements(counts, NOT_WORKING).data
    assert bar.customdata[0][1] == "1 statement from 1 person"


def test_the_gather_page_offers_to_import_1_statement(db_env):
    with Store(db_env) as store:
        workshop_id = store.create_workshop("One row").id
    at = open_page("wtfc/app/gather_page.py", workshop_id)
    at.file_uploader[0].set_value(("one.csv", b"Person,Category,Statement\nP1,Not working,Visits are late\n",
                                   "text/csv")).run()

    assert by_label(at.button, "Import 1 statement")


def test_the_command_line_says_1_statement(tmp_path, capsys):
    (tmp_path / "one.csv").write_text("Person,Category,Statement\nP1,Not working,Visits are late\n")
    db = str(tmp_path / "cli.sqlite")

    assert main(["import", str(tmp_path / "one.csv"), "--workshop", "One", "--db", db]) == 0
    assert main(["list", "--db", db]) == 0
    printed = capsys.readouterr().out
    assert "Imported 1 statement into “One”; 0 personal details redacted; 0 possible duplicates." in printed
    assert "One\t1 statement\t" in printed
