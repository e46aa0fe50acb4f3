"""The projector charts: what each bar says, in what order, how it reads from the back of the room."""
import pytest

from wtfc import edits
from wtfc.charts import (CHART_CONFIG, NO_PRIORITIES, NO_THEMES, OKABE_ITO, WRAP_AT, priorities_chart,
                         themes_by_perspective, themes_by_statements, working_and_not_working, wrap_name)
from wtfc.model import FUTURE, NOT_WORKING, PERSPECTIVES, WORKING, Statement, Theme
from wtfc.priorities import ThemeCount, count_themes, priority_list

LATE = Theme(NOT_WORKING, "I want my visits on time", position=0, id="late")
RUSHED = Theme(NOT_WORKING, "I don't want to be rushed", position=1, id="rushed")
HURRIED = Theme(NOT_WORKING, "Carers are always in a hurry", position=2, id="hurried")  # merged into RUSHED
KNOW = Theme(NOT_WORKING, "I want to know who is coming and when, and to be told if they are going to be late",
             position=3, id="know")
SAME = Theme(WORKING, "I see the same carers", position=0, id="same")
LAUGH = Theme(WORKING, "My carers have a laugh with me", position=1, id="laugh")
SECRET = "zebra-quartz"  # in every statement's text, and so never allowed in a chart


def said(person, theme, perspective="person", **fields):
    return Statement(f"{SECRET} {person} about {theme.id}", theme.category, perspective=perspective,
                     person_ref=person, theme_id=theme.id, **fields)


@pytest.fixture
def counts(store):
    """A workshop where two themes were merged and some statements set aside, counted as the charts get them."""
    workshop = store.create_workshop("Charts").id
    statements = [
        said("P1", LATE), said("F1", LATE, "family/carer"),
        said("P2", RUSHED), said("P3", RUSHED), said("S1", RUSHED, "staff"),
        said("P4", HURRIED), said("F2", HURRIED, "family/carer"), said("O1", HURRIED, "other"),
        said("P5", HURRIED, set_aside=True), said("P6", LATE, set_aside=True), said("P7", LATE, set_aside=True),
        said("P8", KNOW), said("P9", KNOW), said("S2", KNOW, "staff"), said("S3", KNOW, "staff"),
        Statement(f"{SECRET} in no theme", NOT_WORKING, person_ref="P10"),
        said("P1", SAME), said("P2", SAME), said("P3", LAUGH),
    ]
    themes = [LATE, RUSHED, HURRIED, KNOW, SAME, LAUGH]
    store.apply(workshop, edits.combine("setup", "set up", [edits.create_themes(themes),
                                                            edits.add_statements(statements, "test")]))
    store.apply(workshop, edits.merge_themes(RUSHED, [HURRIED], store.statements(workshop)))
    return count_themes(store.statements(workshop), store.themes(workshop))


def rows(fig, trace=0):
    """(label, value, text) per bar of one trace, top row first, labels with their line breaks removed."""
    bar = fig.data[trace]
    axis = fig.layout[(bar.yaxis or "y").replace("y", "yaxis")]
    if axis.matches:  # a panel sharing the rows of another
        axis = fig.layout[axis.matches.replace("y", "yaxis")]
    labels = dict(zip(axis.tickvals, axis.ticktext))
    top_first = axis.range[0] > axis.range[1]
    ordered = sorted(zip(bar.y, bar.x, bar.text), key=lambda row: row[0], reverse=not top_first)
    return [(labels[y].replace("<br>", " "), x, text) for y, x, text in ordered]


def title(fig):
    return fig.layout.title.text


def messages(fig):
    return [a.text for a in fig.layout.annotations]


def all_figures(counts):
    return [themes_by_statements(counts, NOT_WORKING), themes_by_perspective(counts, NOT_WORKING),
            working_and_not_working(counts), priorities_chart(priority_list(counts, {"know": 5, "late": 9}))]


# -- themes ranked by statements --------------------------------------------------------------------

def test_bars_count_each_theme_biggest_on_top_a_merged_theme_once_and_set_aside_not_at_all(counts):
    fig = themes_by_statements(counts, NOT_WORKING)

    assert [(label, value) for label, value, _ in rows(fig)] == [
        ("I don't want to be rushed", 6),  # its own 3 and the merged theme's 3, one bar; one set aside
        ("I want to know who is coming and when, and to be told if they are going to be late", 4),
        ("I want my visits on time", 2),  # two of its four set aside
    ]
    assert len(fig.data) == 1


def test_every_bar_has_its_number_written_on_it(counts):
    for fig in (themes_by_statements(counts, NOT_WORKING), working_and_not_working(counts)):
        for trace in range(len(fig.data)):
            assert all(text == str(value) for _, value, text in rows(fig, trace))
            assert fig.data[trace].textposition == "outside"


def test_the_category_is_named_in_words_and_unassigned_statements_are_mentioned_not_drawn(counts):
    not_working = themes_by_statements(counts, NOT_WORKING)
    working = themes_by_statements(counts, WORKING)

    assert title(not_working).startswith("What's not working")
    assert title(working).startswith("What's working")
    assert "Unassigned" not in [label for label, _, _ in rows(not_working)]
    assert not_working.layout.title.subtitle.text == "Not shown: 1 statement not in a theme yet"
    assert not working.layout.title.subtitle.text


def test_themes_sharing_a_name_get_a_bar_each():
    twins = [ThemeCount("a", "I feel safe", NOT_WORKING, 3, 3, dict.fromkeys(PERSPECTIVES, 0)),
             ThemeCount("b", "I feel safe", NOT_WORKING, 2, 2, dict.fromkeys(PERSPECTIVES, 0))]

    assert [(label, value) for label, value, _ in rows(themes_by_statements(twins, NOT_WORKING))] == [
        ("I feel safe", 3), ("I feel safe", 2)]


def test_an_unknown_category_is_refused_in_plain_words(counts):
    with pytest.raises(ValueError, match="no category called 'sometimes working'"):
        themes_by_statements(counts, "sometimes working")


# -- stacked by perspective ---------------------------------------------------------------------

def test_perspective_segments_add_up_to_each_theme_in_the_same_order(counts):
    fig = themes_by_perspective(counts, NOT_WORKING)
    by_name = {c.name: c for c in counts}

    assert fig.layout.barmode == "stack"
    assert [t.name for t in fig.data] == ["Person", "Family or carer", "Staff", "Other"]
    ranked = [label for label, _, _ in rows(themes_by_statements(counts, NOT_WORKING))]
    for trace, perspective in enumerate(PERSPECTIVES):
        assert [label for label, _, _ in rows(fig, trace)] == ranked
        assert [value for label, value, _ in rows(fig, trace)] == [by_name[n].by_perspective[perspective]
                                                                    for n in ranked]
    assert [value for _, value, _ in rows(fig, 0)] == [3, 2, 1]  # person: rushed (with the merged-in), know, late
    assert [value for _, value, _ in rows(fig, 3)] == [1, 0, 0]  # other: only in the merged-in theme


def test_perspective_labels_only_on_segments_that_exist_and_only_where_they_fit(counts):
    fig = themes_by_perspective(counts, NOT_WORKING)

    for trace in fig.data:
        assert [text for text, value in zip(trace.text, trace.x) if value] == [str(v) for v in trace.x if v]
        assert all(text == "" for text, value in zip(trace.text, trace.x) if not value)
    assert fig.layout.uniformtext.mode == "hide"
    assert fig.layout.uniformtext.minsize >= 18
    assert sorted(a.text for a in fig.layout.annotations) == ["<b>2</b>", "<b>4</b>", "<b>6</b>"]  # totals


def test_perspectives_have_a_legend_in_words_and_segment_numbers_in_a_readable_colour(counts):
    fig = themes_by_perspective(counts, NOT_WORKING)

    assert fig.layout.showlegend
    colours = {t.name: (t.marker.color, t.insidetextfont.color) for t in fig.data}
    assert colours["Person"] == (OKABE_ITO["blue"], "#FFFFFF")  # white on dark blue
    assert colours["Family or carer"] == (OKABE_ITO["orange"], "#000000")  # black on orange


# -- working against not working ----------------------------------------------------------------

def test_working_and_not_working_face_each_other_named_in_words_with_their_own_pattern(counts):
    fig = working_and_not_working(counts)

    working, not_working = fig.data
    assert (working.name, not_working.name) == ("What's working", "What's not working")
    assert [(label, value) for label, value, _ in rows(fig, 0)] == [("I see the same carers", 2),
                                                                   ("My carers have a laugh with me", 1)]
    assert [value for _, value, _ in rows(fig, 1)] == [6, 4, 2]
    assert working.marker.pattern.shape != not_working.marker.pattern.shape
    assert {"✔ What's<br>working", "✖ What's<br>not working"} <= set(messages(fig))
    assert sorted(fig.layout.xaxis.range) == sorted(fig.layout.xaxis2.range)  # one scale for both sides


def test_working_and_not_working_shows_only_the_top_themes_of_each_and_says_so(counts):
    fig = working_and_not_working(counts, top=1)

    assert [label for label, _, _ in rows(fig, 0)] == ["I see the same carers"]
    assert [label for label, _, _ in rows(fig, 1)] == ["I don't want to be rushed"]
    assert fig.layout.title.subtitle.text == "The 1 theme with most statements on each side"
    assert not working_and_not_working(counts).layout.title.subtitle.text


def test_a_side_with_no_themes_says_so_in_its_panel(counts):
    fig = working_and_not_working([c for c in counts if c.category == WORKING])

    assert len(fig.data) == 1
    assert NO_THEMES in messages(fig)


# -- priorities: how many said it against how much it matters -----------------------------------

def test_statements_and_votes_stay_two_separate_measures_in_priority_order(counts):
    priorities = priority_list(counts, {"know": 5, "late": 9, "rushed": 1})
    fig = priorities_chart(priorities)

    statements, votes = fig.data
    assert (statements.name, votes.name) == ("Statements", "Votes")
    assert statements.xaxis != votes.xaxis  # each measure on its own scale
    assert [label for label, _, _ in rows(fig, 0)] == [
        "1. I want my visits on time (not working)",
        "2. I want to know who is coming and when, and to be told if they are going to be late (not working)",
        "3. I don't want to be rushed (not working)", "4. I see the same carers (working)",
        "5. My carers have a laugh with me (working)"]
    assert [value for _, value, _ in rows(fig, 0)] == [2, 4, 6, 2, 1]
    assert [value for _, value, _ in rows(fig, 1)] == [9, 5, 1, 0, 0]
    assert all(text == str(value) for trace in (0, 1) for _, value, text in rows(fig, trace))
    assert {"How many said it<br>(statements)", "How much it matters<br>(votes)"} <= set(messages(fig))


def test_the_category_is_left_out_of_priority_labels_when_all_share_it(counts):
    fig = priorities_chart(priority_list([c for c in counts if c.category == NOT_WORKING], {"late": 2}))

    assert [label for label, _, _ in rows(fig)][0] == "1. I want my visits on time"


# -- readable from the back of the room ---------------------------------------------------------

def test_large_type_white_background_and_okabe_ito_colours_everywhere(counts):
    palette = set(OKABE_ITO.values())
    for fig in all_figures(counts):
        layout = fig.layout
        assert layout.font.size >= 18 and layout.title.font.size >= 24
        assert layout.paper_bgcolor == layout.plot_bgcolor == "#FFFFFF"
        for axis in [*fig.select_xaxes(), *fig.select_yaxes()]:
            assert axis.tickfont.size >= 18
        for trace in fig.data:
            assert trace.marker.color in palette
            assert (trace.textfont.size or trace.insidetextfont.size or layout.font.size) >= 18
        assert all(a.font.size >= 18 for a in layout.annotations)


def test_long_theme_names_wrap_at_about_thirty_characters_without_losing_a_word(counts):
    name = KNOW.name
    wrapped = wrap_name(name)

    assert wrapped.count("<br>") >= 2
    assert all(len(line) <= WRAP_AT for line in wrapped.split("<br>"))
    assert " ".join(wrapped.split("<br>")) == name
    ticks = themes_by_statements(counts, NOT_WORKING).layout.yaxis.ticktext
    assert wrapped in ticks


def test_theme_names_show_as_typed_not_as_markup_and_an_empty_name_is_still_labelled():
    assert wrap_name("I <3 my carers & <b>them</b>") == "I &lt;3 my carers &amp; &lt;b&gt;them&lt;/b&gt;"
    assert wrap_name("") == "Unnamed theme"


def test_charts_grow_taller_with_more_themes():
    def themes(n):
        return [ThemeCount(str(i), f"I want thing {i}", NOT_WORKING, n - i, 1, dict.fromkeys(PERSPECTIVES, 0))
                for i in range(n)]

    for chart in (themes_by_statements, themes_by_perspective):
        assert chart(themes(12), NOT_WORKING).layout.height > chart(themes(3), NOT_WORKING).layout.height


def test_no_statement_text_ever_reaches_a_chart(counts):
    for fig in all_figures(counts):
        assert SECRET not in fig.to_json()


def test_empty_inputs_give_a_plain_message_not_an_error(counts):
    only_unassigned = [c for c in counts if c.theme_id is None]
    empty = [themes_by_statements([], FUTURE), themes_by_perspective([], WORKING), working_and_not_working([]),
             themes_by_statements(only_unassigned, NOT_WORKING), themes_by_perspective(only_unassigned, NOT_WORKING)]

    for fig in empty:
        assert not fig.data
        assert messages(fig) == [NO_THEMES]
    assert title(empty[0]).startswith("What's important for the future")
    assert empty[3].layout.title.subtitle.text == "Not shown: 1 statement not in a theme yet"
    assert messages(priorities_chart([])) == [NO_PRIORITIES]


def test_one_config_gives_a_two_times_png_download_and_no_plotly_logo(counts):
    assert CHART_CONFIG["displaylogo"] is False
    assert CHART_CONFIG["toImageButtonOptions"]["format"] == "png"
    assert CHART_CONFIG["toImageButtonOptions"]["scale"] == 2
    page = themes_by_statements(counts, NOT_WORKING).to_html(full_html=False, include_plotlyjs=False,
                                                             config=CHART_CONFIG)
    assert '"displaylogo": false' in page and '"scale": 2' in page
