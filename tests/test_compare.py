"""Comparing last year's workshop with this year's: themes matched by name and content, one to one,
within each category, with what grew, shrank, appeared and disappeared, as rows and a chart."""
import pytest

from wtfc import edits
from wtfc.compare import (APPEARED, DISAPPEARED, GREW, SAME, SHRANK, category_rows, compare_themes,
                          compare_workshops, comparison_chart, comparison_rows)
from wtfc.model import FUTURE, NOT_WORKING, WORKING, Statement, Theme


def workshop(themes: dict, unassigned: dict | None = None):
    """Statements and themes from ``{(category, theme name): [(person, text), ...]}``."""
    statements, made = [], []
    for (category, name), said in themes.items():
        theme = Theme(category, name, position=len(made))
        made.append(theme)
        statements += [Statement(text, category, person_ref=person, theme_id=theme.id) for person, text in said]
    for category, said in (unassigned or {}).items():
        statements += [Statement(text, category, person_ref=person) for person, text in said]
    return statements, made


def many(person_prefix, texts, times=1):
    return [(f"{person_prefix}{n}", text) for n in range(times) for text in texts]


LATE = ["My carers are late every morning", "Visits are late so I wait to get up", "The carer arrived late again"]
SAME_CARERS = ["I see a different carer every day", "Strangers at the door all the time",
               "I never see the same carer twice"]
KIND = ["The carers are kind and patient", "My carer is kind to me"]
MONEY = ["I need help paying my bills", "Nobody helps me with money and letters"]
LONELY = ["I am lonely all day", "I see nobody from morning to night and feel lonely"]

LAST_YEAR = workshop({
    (NOT_WORKING, "I want my visits on time"): many("A", LATE),
    (NOT_WORKING, "I want to see the same carers"): many("B", SAME_CARERS, 2),
    (NOT_WORKING, "I don't want to be lonely"): many("C", LONELY),
    (WORKING, "My carers are kind"): many("D", KIND),
})
THIS_YEAR = workshop({
    (NOT_WORKING, "I want visits to be on time"): many("A", LATE, 4),
    (NOT_WORKING, "I want carers I know"): many("B", ["I see different carers every week", "New faces at the door"]),
    (NOT_WORKING, "I want help with my money"): many("E", MONEY),
    (WORKING, "My carers are kind"): many("D", KIND, 2),
})


@pytest.fixture
def comparison():
    return compare_themes(*LAST_YEAR, *THIS_YEAR, earlier_name="2024", later_name="2025")


def by_name(comparison):
    return {t.name: t for t in comparison.themes}


def test_themes_are_matched_by_name_and_content_even_when_renamed(comparison):
    themes = by_name(comparison)

    assert themes["I want visits to be on time"].earlier.name == "I want my visits on time"
    assert themes["I want carers I know"].earlier.name == "I want to see the same carers"
    assert themes["My carers are kind"].earlier.name == "My carers are kind"
    assert themes["My carers are kind"].similarity > themes["I want carers I know"].similarity > 0


def test_what_grew_shrank_appeared_and_disappeared(comparison):
    changes = {name: t.change for name, t in by_name(comparison).items()}

    assert changes == {"I want visits to be on time": GREW, "I want carers I know": SHRANK,
                       "I want help with my money": APPEARED, "I don't want to be lonely": DISAPPEARED,
                       "My carers are kind": SAME}


def test_counts_of_statements_and_people_come_from_both_workshops(comparison):
    on_time = by_name(comparison)["I want visits to be on time"]

    assert (on_time.earlier.statements, on_time.later.statements) == (3, 12)
    assert (on_time.earlier.people, on_time.later.people) == (1, 4)
    assert on_time.earlier_share == pytest.approx(3 / 11) and on_time.later_share == pytest.approx(12 / 16)


def test_growing_is_judged_by_share_because_workshops_differ_in_size():
    earlier = workshop({(NOT_WORKING, "I want my visits on time"): many("A", LATE[:2]),
                        (NOT_WORKING, "I want to see the same carers"): many("B", SAME_CARERS, 3)})
    later = workshop({(NOT_WORKING, "I want my visits on time"): many("A", LATE, 1),
                      (NOT_WORKING, "I want to see the same carers"): many("B", SAME_CARERS, 10)})

    on_time = by_name(compare_themes(*earlier, *later))["I want my visits on time"]

    assert on_time.later.statements > on_time.earlier.statements
    assert on_time.change == SHRANK  # 2 of 11 statements then, 3 of 33 now


def test_themes_only_match_within_their_category():
    earlier = workshop({(WORKING, "I see the same carers"): many("A", SAME_CARERS)})
    later = workshop({(NOT_WORKING, "I see the same carers"): many("A", SAME_CARERS)})

    changes = sorted((t.category, t.change) for t in compare_themes(*earlier, *later).themes)

    assert changes == [(NOT_WORKING, APPEARED), (WORKING, DISAPPEARED)]


def test_matching_is_one_to_one_and_the_closer_pair_wins():
    earlier = workshop({(NOT_WORKING, "I want my visits on time"): many("A", LATE)})
    later = workshop({(NOT_WORKING, "I want visits on time"): many("A", LATE),
                      (NOT_WORKING, "I want my visits on time in the evening"): many("B", [LATE[0]])})

    themes = by_name(compare_themes(*earlier, *later))

    assert themes["I want visits on time"].earlier is not None
    assert themes["I want my visits on time in the evening"].change == APPEARED
    assert len(themes) == 2


def test_unrelated_themes_are_not_forced_together():
    earlier = workshop({(NOT_WORKING, "I don't want to be lonely"): many("C", LONELY)})
    later = workshop({(NOT_WORKING, "I want help with my money"): many("E", MONEY)})

    assert sorted(t.change for t in compare_themes(*earlier, *later).themes) == [APPEARED, DISAPPEARED]


def test_the_threshold_decides_how_alike_a_match_must_be():
    earlier = workshop({(NOT_WORKING, "I want to see the same carers"): many("B", SAME_CARERS)})
    later = workshop({(NOT_WORKING, "I want carers I know"): many("B", ["New faces at the door every week"])})

    assert compare_themes(*earlier, *later, threshold=0.0).themes[0].earlier is not None
    assert compare_themes(*earlier, *later, threshold=0.99).themes[0].change == APPEARED


def test_set_aside_statements_are_not_counted_and_category_totals_include_unthemed_ones():
    statements, themes = workshop({(FUTURE, "I want to stay at home"): many("F", ["I want to stay in my home"])},
                                  unassigned={FUTURE: [("G1", "I want a garden"), ("", "More trips out")]})
    statements.append(Statement("nothing really", FUTURE, person_ref="H1", theme_id=themes[0].id, set_aside=True))

    comparison = compare_themes([], [], statements, themes)

    future = next(c for c in comparison.categories if c.category == FUTURE)
    assert (future.later_statements, future.later_people) == (3, 3)
    assert comparison.of_category(FUTURE)[0].later.statements == 1


def test_comparison_rows_give_both_years_side_by_side(comparison):
    rows = {row["Theme"]: row for row in comparison_rows(comparison)}

    assert rows["I want visits to be on time"] == {
        "Category": NOT_WORKING, "Theme": "I want visits to be on time", "Change": GREW,
        "Theme in 2024": "I want my visits on time", "Statements in 2024": 3, "Statements in 2025": 12,
        "People in 2024": 1, "People in 2025": 4, "Share of category in 2024 (%)": 27.3,
        "Share of category in 2025 (%)": 75.0,
        "How alike (0 to 1)": by_name(comparison)["I want visits to be on time"].similarity}
    assert rows["I don't want to be lonely"]["Statements in 2025"] == 0
    assert rows["I want help with my money"]["Theme in 2024"] == ""


def test_category_rows_count_the_kinds_of_change(comparison):
    rows = {row["Category"]: row for row in category_rows(comparison)}

    assert rows[NOT_WORKING]["Statements in 2024"] == 11 and rows[NOT_WORKING]["Statements in 2025"] == 16
    assert [rows[NOT_WORKING][f"Themes that {c}"] for c in ("grew", "shrank", "stayed about the same", "appeared",
                                                             "disappeared")] == [1, 1, 0, 1, 1]
    assert rows[FUTURE]["Statements in 2025"] == 0


def test_the_chart_shows_both_workshops_and_names_each_change_in_words(comparison):
    fig = comparison_chart(comparison, NOT_WORKING)

    assert [trace.name for trace in fig.data] == ["2024", "2025"]
    ticks = fig.layout.yaxis.ticktext
    assert "I want visits to be on time<br>(grew)" in ticks[0]
    assert ticks[-1].endswith("(disappeared)")  # themes that have gone come last
    assert list(fig.data[0].x) == [3, 6, 0, 2] and list(fig.data[1].x) == [12, 2, 2, 0]
    assert list(fig.data[1].text) == ["12", "2", "2", "0"]
    assert fig.data[0].marker.pattern.shape != fig.data[1].marker.pattern.shape  # not told apart by colour alone
    assert fig.layout.font.size >= 20


def test_the_chart_escapes_workshop_names_and_says_when_there_is_nothing(comparison):
    odd = compare_themes(*LAST_YEAR, *THIS_YEAR, earlier_name="<b>2024</b>", later_name="2025")

    assert odd.themes == comparison.themes
    assert comparison_chart(odd, NOT_WORKING).data[0].name == "&lt;b&gt;2024&lt;/b&gt;"
    empty = comparison_chart(comparison, FUTURE)
    assert not empty.data and "No themes" in empty.layout.annotations[0].text


def test_two_stored_workshops_compare_by_their_names(store):
    ids = []
    for name, (statements, themes) in [("Homecare 2024", LAST_YEAR), ("Homecare 2025", THIS_YEAR)]:
        workshop_id = store.create_workshop(name).id
        store.apply(workshop_id, edits.create_themes(themes))
        store.apply(workshop_id, edits.add_statements(statements, "reviews.csv"))
        ids.append(workshop_id)

    comparison = compare_workshops(store, *ids)

    assert (comparison.earlier_name, comparison.later_name) == ("Homecare 2024", "Homecare 2025")
    assert {t.name: t.change for t in comparison.themes} == {t.name: t.change for t in
                                                              compare_themes(*LAST_YEAR, *THIS_YEAR).themes}
