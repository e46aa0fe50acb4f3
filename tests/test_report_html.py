"""The printable report for the people who took part: plain sections, charts that work offline, every
word from the workshop escaped, and nothing personal beyond what the workshop stores."""
import re
from html.parser import HTMLParser

import pytest

from tests.synthetic_workshop import build_workshop
from wtfc import edits
from wtfc.export import workshop_report
from wtfc.model import NOT_WORKING, PROVIDER, WORKING, Statement, Theme, VotingRound
from wtfc.actions import Actions
from wtfc.report_html import report_html

PLOTLY_BANNER = re.compile(r"\* plotly\.js v\d")


class Page(HTMLParser):
    """What a reader sees: the text outside scripts and styles, by section id and heading."""

    def __init__(self, html):
        super().__init__()
        self.sections, self.headings, self.section, self.skipping, self.heading = {}, [], None, False, None
        self.scripts = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            self.section = attrs["id"]
            self.sections[self.section] = ""
        if tag in ("script", "style"):
            self.skipping = True
            self.scripts.append(attrs)
        if tag in ("h1", "h2", "h3", "h4"):
            self.heading = ""

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skipping = False
        if tag in ("h1", "h2", "h3", "h4") and self.heading is not None:
            self.headings.append(" ".join(self.heading.split()))
            self.heading = None

    def handle_data(self, data):
        if self.skipping:
            return
        if self.heading is not None:
            self.heading += data
        if self.section:
            self.sections[self.section] += " " + data

    def text(self, section):
        return " ".join(self.sections[section].split())


@pytest.fixture
def built(store):
    return build_workshop(store)


@pytest.fixture
def html(store, built):
    return report_html(Actions(store, built.workshop_id).report())


def test_the_sections_follow_the_workshop_in_plain_words(html):
    page = Page(html)

    assert list(page.sections) == ["said", "themes", "priorities", "plans", "actions", "method"]
    assert page.headings[:2] == ["Homecare spring workshop", "What people said"]
    assert {"The themes", "What matters most", "Why, and what success looks like", "What will happen next",
            "How this report was made"} <= set(page.headings)
    assert "10 statements from 5 people" in page.text("said")


def test_each_theme_has_its_figures_and_a_few_typical_statements(html):
    themes = Page(html).text("themes")

    assert "I want my visits on time 3 statements from 3 people" in themes
    assert "My carers are often late and nobody rings to tell me" in themes
    assert "I want to see the same carers 2 statements from 2 people" in themes
    assert "nothing really" not in themes  # set aside by the room


def test_priorities_plans_and_actions_say_who_does_what_by_when(html):
    page = Page(html)

    assert "1 I want my visits on time Placed here because: It affects everyone 3 7" in page.text("priorities")
    assert "Carers have no travel time between visits" in page.text("plans")
    assert "Success would look like: Visits start within 15 minutes of the time" in page.text("plans")
    assert "My carers are kind and know me" in page.text("plans")  # a strength to build on
    assert ("Put travel time into every rota Homecare North manager 30 June 2025 For the provider not started"
            in page.text("actions"))
    assert "Commissioning team 30 September 2025 For the commissioner" in page.text("actions")
    assert "1 personal detail was removed" in page.text("method")
    assert "1 statement was set aside" in page.text("method")


def test_plotly_is_inlined_once_and_every_chart_uses_it_offline(html):
    page = Page(html)

    assert len(PLOTLY_BANNER.findall(html)) == 1
    assert html.count("Plotly.newPlot(") == 5  # overview, three categories, the whole room's priorities
    assert not [attrs for attrs in page.scripts if attrs.get("src")]  # nothing fetched from the network
    assert not re.search(r"<link[^>]+href=", html)


def test_the_page_prints_on_a4_with_each_section_on_a_new_page_in_large_type(html):
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)

    assert re.search(r"@page\s*{\s*size:\s*A4", style)
    assert re.search(r"@media print\s*{[^@]*section\s*{[^}]*break-before:\s*page", style)
    assert re.search(r"body\s*{[^}]*font-size:\s*20px", style)


def test_words_from_the_workshop_are_escaped_everywhere(store, built):
    hostile = "<script>alert('boo')</script> & <b>bold</b>"
    statement = Statement(hostile, NOT_WORKING, person_ref="P09", position=99,
                          theme_id=built.themes["late"].id)
    store.apply(built.workshop_id, edits.add_statements([statement], ""))
    store.apply(built.workshop_id, edits.rename_theme(built.themes["same"], "I <3 <em>my</em> carers"))
    store.apply(built.workshop_id, edits.add_cause(built.themes["same"], None, "</section><h2>Injected</h2>"))

    html = report_html(Actions(store, built.workshop_id).report())

    assert "<script>alert" not in html and "<b>bold</b>" not in html and "<em>my</em>" not in html
    assert "&lt;script&gt;alert(&#39;boo&#39;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    assert "I &lt;3 &lt;em&gt;my&lt;/em&gt; carers" in html
    assert "Injected" not in Page(html).headings
    assert list(Page(html).sections) == ["said", "themes", "priorities", "plans", "actions", "method"]


def test_nothing_personal_beyond_what_the_workshop_stores(store):
    workshop_id = store.create_workshop("Privacy check").id
    theme = Theme(WORKING, "I like my carers")
    store.apply(workshop_id, edits.create_theme(theme))
    store.apply(workshop_id, edits.add_statements([
        Statement("[name] is a lovely carer", WORKING, person_ref="REF-QX-7781", service="Sunrise Care Ltd",
                  area="Wetherby", review_date="2025-02-03", source_file="jan-reviews.xlsx", theme_id=theme.id)],
        "jan-reviews.xlsx"), author="Facilitator Fiona")

    html = report_html(Actions(store, workshop_id).report())

    assert "[name] is a lovely carer" in html
    for detail in ("REF-QX-7781", "Sunrise Care", "Wetherby", "jan-reviews", "Facilitator Fiona"):
        assert detail not in html


def test_other_sessions_appear_when_they_voted(store, built):
    provider_round = VotingRound(PROVIDER, ballot=(built.themes["same"].id,), dots=2)
    store.apply(built.workshop_id, edits.open_round(provider_round))
    store.apply(built.workshop_id, edits.record_tally(provider_round, [], {built.themes["same"].id: 5}))

    html = report_html(workshop_report(store, built.workshop_id))

    assert "The provider session" in Page(html).headings
    assert html.count("Plotly.newPlot(") == 6 and len(PLOTLY_BANNER.findall(html)) == 1


def test_an_empty_workshop_still_makes_a_readable_report(store):
    html = report_html(Actions(store, store.create_workshop("Not started").id).report())
    page = Page(html)

    assert "0 statements from 0 people" in page.text("said")
    assert "No themes were made in this workshop." in page.text("themes")
    assert "No actions were agreed in this workshop yet." in page.text("actions")
    assert "Plotly.newPlot(" not in html


def test_a_big_theme_quotes_its_three_most_typical_statements_once_each(store):
    workshop_id = store.create_workshop("Quotes").id
    theme = Theme(NOT_WORKING, "I want my visits on time")
    said = ["Carers are late for my morning visit", "Carers are late for my morning visit",
            "My morning visit is late again", "Late carers mean a late morning", "The late visit made me late",
            "I would like a cat"]
    store.apply(workshop_id, edits.create_theme(theme))
    store.apply(workshop_id, edits.add_statements(
        [Statement(text, NOT_WORKING, person_ref=f"P{n}", theme_id=theme.id) for n, text in enumerate(said)], ""))

    quoted = re.findall(r"<blockquote>(.*?)</blockquote>", report_html(Actions(store, workshop_id).report()))

    assert len(quoted) == 3 and len(set(quoted)) == 3
    assert quoted[0] == "Carers are late for my morning visit" and "I would like a cat" not in quoted
