"""A printable report in plain language for the people who took part: what was said, the themes, what
matters most, and what will change.

One self-contained HTML page: the charts of :mod:`wtfc.charts` are embedded with plotly.js inlined once, so
it opens without a network and can be e-mailed or printed (A4, each section on a new page, large type).
Everything from the workshop is HTML-escaped by the template engine. Only what the workshop stores, already
cleared of personal details, is shown; person references, services and authors of edits are left out.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import jinja2
import plotly.graph_objects as go
from markupsafe import Markup

from wtfc import charts
from wtfc.export import WorkshopReport
from wtfc.model import CATEGORIES, COMMISSIONER, LEVELS, PROVIDER, WHOLE_ROOM, Action, Plan
from wtfc.priorities import ThemeCount
from wtfc.theming import most_typical
from wtfc.words import counted, theme_title

FEW = 3  # typical statements quoted per theme
TOP = 10  # priorities listed per session

SESSION_TITLES = {WHOLE_ROOM: "The whole room", PROVIDER: "The provider session",
                  COMMISSIONER: "The commissioner session"}
LEVEL_WORDS = dict(zip(LEVELS, ("For one person", "For the provider", "For the commissioner")))


@dataclass(frozen=True)
class ThemeSummary:
    """A theme as the report tells it: its figures and a few statements that sum it up."""

    count: ThemeCount
    typical: tuple[str, ...]
    plan: Plan | None
    actions: tuple[Action, ...]


def report_html(report: WorkshopReport) -> str:
    """The whole report as one HTML page (text; save it as UTF-8)."""
    themes = _theme_summaries(report)
    said = [s for s in report.statements if not s.set_aside]
    priorities = {session: report.priorities[session][:TOP] for session in report.sessions
                  if report.priorities.get(session)}
    figures = _Figures()
    context = {
        "name": report.name,
        "made_on": _long_date(report.made_at[:10]),
        "app_version": report.app_version,
        "total": len(said),
        "people": len({s.person_ref or s.id for s in said}),
        "by_category": [(charts.CATEGORY_TITLES[c], sum(s.category == c for s in said),
                         len({s.person_ref or s.id for s in said if s.category == c})) for c in CATEGORIES],
        "by_perspective": [(label, sum(s.perspective == p for s in said))
                           for p, label in charts.PERSPECTIVE_LABELS.items()],
        "overview_chart": figures.embed(charts.working_and_not_working(report.counts)) if report.counts else "",
        "categories": [(charts.CATEGORY_TITLES[c], figures.embed(charts.themes_by_statements(report.counts, c)),
                        [t for t in themes if t.count.category == c and t.count.theme_id],
                        sum(t.count.statements for t in themes if t.count.category == c and not t.count.theme_id))
                       for c in CATEGORIES if any(t.count.category == c for t in themes)],
        "priorities": [(SESSION_TITLES[session], ranked, figures.embed(charts.priorities_chart(ranked)))
                       for session, ranked in priorities.items()],
        "voted": any(p.votes for ranked in priorities.values() for p in ranked),
        "planned": [t for t in themes if t.plan and (t.plan.causes or t.plan.success)],
        "strengths": [t for t in themes if t.plan and t.plan.strength],
        "actions": [(t.count.name, a) for t in themes for a in t.actions],
        "level_words": LEVEL_WORDS,
        "set_aside": len(report.statements) - len(said),
        "redacted": report.redaction_count,
    }
    return _TEMPLATE.render(context)


class _Figures:
    """Charts as HTML: plotly.js goes in once, with the first chart, and every later chart uses it."""

    def __init__(self):
        self._script_included = False

    def embed(self, figure: go.Figure) -> Markup:
        html = figure.to_html(full_html=False, include_plotlyjs=not self._script_included,
                              config={**charts.CHART_CONFIG, "responsive": True})
        self._script_included = True
        return Markup(html)  # plotly writes the figure as escaped JSON, so names cannot break out of it


def _theme_summaries(report: WorkshopReport) -> list[ThemeSummary]:
    """Every counted theme (and each category's unassigned statements) with its most typical statements."""
    numbers = {c.theme_id: n for n, c in enumerate(report.counts) if c.theme_id}
    members = [s for s in report.statements if not s.set_aside and s.theme_id in numbers]
    typical = most_typical([s.text for s in members], [numbers[s.theme_id] for s in members], FEW * 2)
    return [ThemeSummary(c, _distinct([members[i].text for i in typical.get(n, [])])[:FEW],
                         report.plans.get(c.theme_id), tuple(a for a in report.actions if a.theme_id == c.theme_id))
            for n, c in enumerate(report.counts)]


def _distinct(texts: list[str]) -> tuple[str, ...]:
    """The same words said twice are quoted once."""
    return tuple(dict.fromkeys(texts))


def _long_date(iso: str) -> str:
    """2025-06-30 as "30 June 2025", the way people write dates."""
    day = date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


_ENVIRONMENT = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
                                  lstrip_blocks=True)
_ENVIRONMENT.filters["long_date"] = _long_date
_ENVIRONMENT.filters["counted"] = counted
_ENVIRONMENT.filters["theme_title"] = theme_title
_TEMPLATE = _ENVIRONMENT.from_string("""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ name }}: what we heard and what will change</title>
<style>
  :root { color-scheme: light; }
  body { font-family: Arial, "Helvetica Neue", Helvetica, "Liberation Sans", sans-serif; font-size: 20px;
         line-height: 1.5; color: #111; background: #fff; max-width: 60em; margin: 0 auto; padding: 1em 1.5em; }
  h1 { font-size: 2.2em; line-height: 1.2; margin: 0.2em 0; }
  h2 { font-size: 1.7em; border-bottom: 3px solid #0072B2; padding-bottom: 0.2em; margin-top: 1.5em; }
  h3 { font-size: 1.35em; margin: 1.2em 0 0.3em; }
  h4 { font-size: 1.2em; margin: 1em 0 0.1em; }
  p.lead { font-size: 1.15em; }
  table { border-collapse: collapse; width: 100%; margin: 0.6em 0 1em; }
  th, td { border: 1px solid #767676; padding: 0.35em 0.6em; text-align: left; vertical-align: top; }
  th { background: #E8F1F8; }
  td.number, th.number { text-align: right; }
  blockquote { margin: 0.4em 0 0.4em 0; padding: 0.2em 0 0.2em 0.8em; border-left: 6px solid #56B4E9; }
  .theme { break-inside: avoid; page-break-inside: avoid; margin-bottom: 1.2em; }
  .figures { margin: 0.1em 0 0.3em; color: #333; }
  .chart { break-inside: avoid; page-break-inside: avoid; margin: 1em 0; }
  .note { color: #333; }
  ol.causes li { margin-bottom: 0.3em; }
  @page { size: A4; margin: 15mm; }
  @media print {
    body { font-size: 13pt; max-width: none; padding: 0; }
    section { break-before: page; page-break-before: always; }
    section:first-of-type { break-before: auto; page-break-before: auto; }
    .modebar-container { display: none !important; }
    h2, h3 { break-after: avoid; page-break-after: avoid; }
  }
</style>
</head>
<body>
<header>
  <h1>{{ name }}</h1>
  <p class="lead">What we heard and what will change. This report is for everyone who took part in the
  Working Together for Change workshop: people who use services, their families and carers, staff and
  commissioners.</p>
  <p class="note">Made on {{ made_on }}.</p>
</header>

<section id="said">
  <h2>What people said</h2>
  <p class="lead">{{ total | counted("statement") }} from {{ people | counted("person") }}, taken from their reviews.</p>
  <table>
    <thead><tr><th scope="col">What it was about</th><th scope="col" class="number">Statements</th>
      <th scope="col" class="number">People</th></tr></thead>
    <tbody>
    {% for title, statements, people in by_category %}
      <tr><td>{{ title }}</td><td class="number">{{ statements }}</td><td class="number">{{ people }}</td></tr>
    {% endfor %}
    </tbody>
  </table>
  <table>
    <thead><tr><th scope="col">Who said it</th><th scope="col" class="number">Statements</th></tr></thead>
    <tbody>
    {% for label, statements in by_perspective %}
      <tr><td>{{ label }}</td><td class="number">{{ statements }}</td></tr>
    {% endfor %}
    </tbody>
  </table>
  {% if overview_chart %}<div class="chart">{{ overview_chart }}</div>{% endif %}
</section>

<section id="themes">
  <h2>The themes</h2>
  <p>In the workshop we grouped what people said into themes, each named in a person's own words.
  Under each theme are a few statements that sum it up.</p>
  {% for title, chart, themes, unthemed in categories %}
  <h3>{{ title }}</h3>
  <div class="chart">{{ chart }}</div>
  {% for theme in themes %}
  <div class="theme">
    <h4>{{ theme.count.name | theme_title }}</h4>
    <p class="figures">{{ theme.count.statements | counted("statement") }}
      from {{ theme.count.people | counted("person") }}</p>
    {% for text in theme.typical %}<blockquote>{{ text }}</blockquote>{% endfor %}
  </div>
  {% endfor %}
  {% if unthemed %}<p class="note">{{ unthemed | counted("more statement") }} did not
    fit a theme.</p>{% endif %}
  {% else %}
  <p>No themes were made in this workshop.</p>
  {% endfor %}
</section>

<section id="priorities">
  <h2>What matters most</h2>
  {% if voted %}
  <p>The room voted with dots for the themes that matter most. How many people said something and how much
  it matters are not the same, so both are shown.</p>
  {% else %}
  <p>There was no vote, so the themes are in order of how many statements they hold.</p>
  {% endif %}
  {% for title, ranked, chart in priorities %}
  <h3>{{ title }}</h3>
  <table>
    <thead><tr><th scope="col" class="number">Place</th><th scope="col">Theme</th>
      <th scope="col" class="number">Statements</th><th scope="col" class="number">Votes</th></tr></thead>
    <tbody>
    {% for p in ranked %}
      <tr><td class="number">{{ p.rank }}</td><td>{{ p.name | theme_title }}
        {% if p.moved and p.reason %}<br><span class="note">Placed here because: {{ p.reason }}</span>{% endif %}</td>
        <td class="number">{{ p.statements }}</td><td class="number">{{ p.votes }}</td></tr>
    {% endfor %}
    </tbody>
  </table>
  <div class="chart">{{ chart }}</div>
  {% else %}
  <p>No priorities were set in this workshop.</p>
  {% endfor %}
</section>

<section id="plans">
  <h2>Why, and what success looks like</h2>
  {% for theme in planned %}
  <div class="theme">
    <h3>{{ theme.count.name | theme_title }}</h3>
    {% if theme.plan.causes %}
    <p>Why is this happening? We kept asking “why?”:</p>
    <ol class="causes">{% for cause in theme.plan.causes %}<li>{{ cause }}</li>{% endfor %}</ol>
    {% endif %}
    {% if theme.plan.success %}<p><strong>Success would look like:</strong> {{ theme.plan.success }}</p>{% endif %}
  </div>
  {% else %}
  <p>No causes or pictures of success were written down in this workshop.</p>
  {% endfor %}
  {% if strengths %}
  <h3>What is working, and we will build on</h3>
  <ul>{% for theme in strengths %}<li>{{ theme.count.name | theme_title }}</li>{% endfor %}</ul>
  {% endif %}
</section>

<section id="actions">
  <h2>What will happen next</h2>
  {% if actions %}
  <table>
    <thead><tr><th scope="col">Theme</th><th scope="col">What will be done</th><th scope="col">Who</th>
      <th scope="col">By when</th><th scope="col">For whom</th><th scope="col">Progress</th></tr></thead>
    <tbody>
    {% for theme, action in actions %}
      <tr><td>{{ theme | theme_title }}</td><td>{{ action.description }}</td>
        <td>{{ action.owner or "Not yet agreed" }}</td>
        <td>{{ action.due | long_date if action.due else "Not yet agreed" }}</td>
        <td>{{ level_words[action.level] }}</td><td>{{ action.status }}</td></tr>
    {% endfor %}
    </tbody>
  </table>
  {% else %}
  <p>No actions were agreed in this workshop yet.</p>
  {% endif %}
</section>

<section id="method">
  <h2>How this report was made</h2>
  <p>Statements came from people's reviews. Names, phone numbers, e-mail addresses, NHS numbers, postcodes and
  dates of birth were taken out before anyone saw them: {{ redacted | counted("personal detail") }}
  {{ "was" if redacted == 1 else "were" }} removed, and each is shown as a word in square brackets, such as [name].
  {% if set_aside %}{{ set_aside | counted("statement") }}
  {{ "was" if set_aside == 1 else "were" }} set aside by the room and {{ "is" if set_aside == 1 else "are" }}
  not counted.{% endif %}</p>
  <p class="note">Made with wtfc {{ app_version }}.</p>
</section>
</body>
</html>
""")
