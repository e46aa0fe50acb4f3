"""The theme wall's corrections as edits, and what the wall shows (any sequence of edits undoing exactly is
tests/test_undo_redo.py's)."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from wtfc import edits
from wtfc.model import FUTURE, NOT_WORKING, WORKING, Action, Statement, Theme
from tests.test_theming import NAMED, TEXTS, TOPICS
from wtfc.theming import WordUse
from wtfc.wall import (add_the_ticked, board_columns, board_moves, card_labels, cards, counted_texts, find_statements,
                       first_person_hint, i_statement, matches, merge_suggestions, misfits_first, more_like_this, set_aside_statements,
                       statement_vectors, theme_from_statement, where_these_go, PRE_TICK_FROM, ranked_proposals,
                       ALIKE_FROM, ALIKE_SHOWN, alike_left_behind, alike_rows, send_along)


@pytest.fixture
def workshop(store):
    return store.create_workshop("Wall").id


def fill(store, workshop_id, texts_by_theme: dict[str, list[str]], category=WORKING):
    """Themes named after the keys, each holding statements with the given texts (one person each)."""
    themes = [Theme(category=category, name=name, position=i) for i, name in enumerate(texts_by_theme)]
    statements = [Statement(text=text, category=category, person_ref=f"P{i}{j}", theme_id=theme.id, position=10 * i + j)
                  for i, (theme, texts) in enumerate(zip(themes, texts_by_theme.values())) for j, text in enumerate(texts)]
    store.apply(workshop_id, edits.combine("setup", "set up", [edits.create_themes(themes),
                                                             edits.add_statements(statements, "test")]))
    return themes


def members(store, workshop_id, theme):
    return sorted(s.text for s in store.statements(workshop_id) if s.theme_id == theme.id)


def test_moving_statements_pins_them_and_says_where_they_went(store, workshop):
    same, late = fill(store, workshop, {"I want the same carers": ["same carer please", "new faces"],
                                        "I want to know when they come": ["always late"]})
    moving = [s for s in store.statements(workshop) if s.text == "new faces"]
    seq = store.apply(workshop, edits.move_statements(moving, late))
    assert members(store, workshop, late) == ["always late", "new faces"]
    moved = next(s for s in store.statements(workshop) if s.text == "new faces")
    assert moved.pinned and not moved.set_aside
    assert store.history(workshop)[-1].summary == "Moved 1 statement to “I want to know when they come”"
    assert seq == store.history(workshop)[-1].seq


def test_moving_to_unassigned_and_moving_nowhere_new(store, workshop):
    (theme,) = fill(store, workshop, {"I feel safe": ["safe at night"]})
    statement = store.statements(workshop)[0]
    store.apply(workshop, edits.move_statements([statement], None))
    assert store.statements(workshop)[0].theme_id is None
    with pytest.raises(ValueError, match="already in Unassigned"):
        edits.move_statements(store.statements(workshop), None)


def test_merging_moves_statements_and_actions_and_removes_the_emptied_themes(store, workshop):
    a, b, c = fill(store, workshop, {"I want time": ["rushed"], "I want a chat": ["no time to talk"],
                                     "I want to go out": ["stuck in"]})
    action = Action(theme_id=b.id, description="Longer calls")
    store.apply(workshop, edits.add_action(b, action))
    store.apply(workshop, edits.merge_themes(a, [b], store.statements(workshop), store.actions(workshop)))
    assert [t.name for t in store.themes(workshop)] == ["I want time", "I want to go out"]
    assert members(store, workshop, a) == ["no time to talk", "rushed"]
    assert [x.theme_id for x in store.actions(workshop)] == [a.id]
    assert store.history(workshop)[-1].summary == "Merged “I want a chat” into “I want time”"


def test_merging_needs_two_themes_of_one_category(store, workshop):
    (a,) = fill(store, workshop, {"I want time": ["rushed"]})
    other = Theme(category=NOT_WORKING, name="Late")
    with pytest.raises(ValueError, match="at least two"):
        edits.merge_themes(a, [a], [])
    with pytest.raises(ValueError, match="same category"):
        edits.merge_themes(a, [other], [])


def test_deleting_a_theme_sends_its_statements_to_unassigned_unpinned(store, workshop):
    (theme,) = fill(store, workshop, {"I want time": ["rushed", "hurried"]})
    store.apply(workshop, edits.move_statements(store.statements(workshop)[:1], theme))
    store.apply(workshop, edits.delete_theme(theme, store.statements(workshop)))
    assert store.themes(workshop) == []
    assert all(s.theme_id is None and not s.pinned for s in store.statements(workshop))


def test_splitting_keeps_the_first_group_and_names_the_new_themes(store, workshop):
    (theme,) = fill(store, workshop, {"Mixed": ["weekend carers late", "weekend rota", "meals cold", "food cold"]})
    statements = store.statements(workshop)
    store.apply(workshop, edits.split_theme(theme, [statements[:2], statements[2:]], ["I want hot meals"]))
    names = {t.name: t for t in store.themes(workshop)}
    assert set(names) == {"Mixed", "I want hot meals"}
    assert members(store, workshop, names["I want hot meals"]) == ["food cold", "meals cold"]
    with pytest.raises(ValueError, match="name for each new theme"):
        edits.split_theme(theme, [statements[:2], statements[2:]], [])


def test_rename_lock_and_set_aside(store, workshop):
    (theme,) = fill(store, workshop, {"carers, same": ["same carers"]})
    store.apply(workshop, edits.rename_theme(theme, "  I want to see   the same carers "))
    theme = store.themes(workshop)[0]
    assert theme.name == "I want to see the same carers"
    store.apply(workshop, edits.lock_theme(theme))
    assert store.themes(workshop)[0].locked
    store.apply(workshop, edits.set_aside(store.statements(workshop)))
    assert store.statements(workshop)[0].set_aside
    with pytest.raises(ValueError, match="give the theme a name"):
        edits.rename_theme(theme, "   ")


def test_cards_count_people_once_and_leave_set_aside_statements_out():
    theme = Theme(category=WORKING, name="I feel listened to")
    statements = [Statement(text="they listen", category=WORKING, person_ref="P1", theme_id=theme.id),
                  Statement(text="they ask me", category=WORKING, person_ref="P1", theme_id=theme.id),
                  Statement(text="lovely", category=WORKING, person_ref="P2", theme_id=theme.id),
                  Statement(text="aside", category=WORKING, person_ref="P3", theme_id=theme.id, set_aside=True),
                  Statement(text="loose", category=WORKING, person_ref="P4"),
                  Statement(text="other category", category=NOT_WORKING, person_ref="P5")]
    listened, unassigned = cards(statements, [theme], WORKING)
    assert (len(listened.statements), listened.people) == (3, 2)
    assert unassigned.title == "Unassigned" and [s.text for s in unassigned.statements] == ["loose"]
    assert [s.text for s in set_aside_statements(statements, WORKING)] == ["aside"]


def test_labels_follow_the_wall_as_it_is_now():
    meals = Theme(category=WORKING, name="food")
    visits = Theme(category=WORKING, name="visits")
    texts = {meals.id: ["hot meals every day", "my meals are hot", "meals on time"],
             visits.id: ["carers visit on time", "visit at the weekend", "the visit was short"]}
    statements = [Statement(text=t, category=WORKING, theme_id=theme_id) for theme_id, ts in texts.items() for t in ts]
    labels = card_labels(cards(statements, [meals, visits], WORKING))
    assert labels[meals.id][0][0] == "meals" and labels[visits.id][0][0] == "visit"
    assert labels[meals.id][1] in texts[meals.id]
    moved = [s.replace(theme_id=visits.id) if s.text == "meals on time" else s for s in statements]
    after = card_labels(cards(moved, [meals, visits], WORKING))
    assert "time" in labels[meals.id][0] and "time" not in after[meals.id][0]
    assert after[visits.id][0].index("time") < labels[visits.id][0].index("time")


LABELLED = [*TEXTS, *NAMED, "nothing", "!!!", "The carers arrive late in the morning", "late, late, LATE"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.integers(-1, 4), min_size=len(LABELLED), max_size=len(LABELLED)), min_size=1, max_size=4))
def test_labels_after_any_corrections_from_words_tokenised_once_are_those_of_a_full_recompute(groupings):
    """The wall tokenises its statements once (:class:`WordUse`) and regroups them after each correction;
    key words, typical statements, short names and merge suggestions are exactly those worked out afresh."""
    themes = [Theme(category=WORKING, name=f"theme {i}", position=i) for i in range(5)]
    statements = [Statement(text=text, category=WORKING, person_ref=f"P{i}") for i, text in enumerate(LABELLED)]
    words = WordUse([s.text for s in statements])
    for grouping in groupings:  # each a wall after some moves, merges (a theme emptied) and splits
        statements = [s.replace(theme_id=themes[g].id if g >= 0 else None) for s, g in zip(statements, grouping)]
        wall = cards(statements, themes, WORKING)
        assert card_labels(wall, words=words) == card_labels(wall)
        assert merge_suggestions(wall, words=words) == merge_suggestions(wall)


def test_search_marks_every_word_case_insensitively():
    assert matches("Weekend carers are late at the WEEKEND", "weekend late") == [(0, 7), (19, 23), (31, 38)]
    assert matches("anything", "  ") == []


@pytest.mark.parametrize("name, prompted", [("I want the same carers", False), ("I’m listened to", False),
                                            ("My home is my own", False), ("carers, same, late", True),
                                            ("Same carers", True), ("", False)])
def test_a_gentle_prompt_for_names_not_in_the_first_person(name, prompted):
    assert (first_person_hint(name) is not None) == prompted


def test_the_drag_and_drop_board_has_unique_items_and_a_drop_becomes_a_move():
    theme = Theme(category=WORKING, name="I want time")
    same = [Statement(text="Rushed", category=WORKING, person_ref="P1", theme_id=theme.id),
            Statement(text="Rushed", category=WORKING, person_ref="P1", theme_id=theme.id),
            Statement(text="Lonely", category=WORKING, person_ref="P2")]
    wall = cards(same, [theme], WORKING)
    columns, by_label = board_columns(wall)
    assert columns == [{"header": "I want time", "items": ["P1 · Rushed", "P1 · Rushed ·"]},
                       {"header": "Unassigned", "items": ["P2 · Lonely"]}]
    assert board_moves(wall, columns, by_label) == []
    dropped = [{"header": "I want time", "items": ["P1 · Rushed", "P2 · Lonely"]},
               {"header": "Unassigned", "items": ["P1 · Rushed ·"]}]
    moves = board_moves(wall, dropped, by_label)
    assert [([s.text for s in moved], target.name if target else None) for moved, target in moves] == [
        (["Lonely"], "I want time"), (["Rushed"], None)]
    assert moves[1][0][0] is same[1]


def test_merge_suggestions_pair_the_themes_with_the_most_alike_words():
    meals, food, visits = (Theme(category=WORKING, name=n) for n in ("meals", "food", "visits"))
    texts = {meals.id: ["hot meals", "meals are cold"], food.id: ["cold meals again", "hot meals please"],
             visits.id: ["carers visit late", "visit times"]}
    statements = [Statement(text=t, category=WORKING, theme_id=k) for k, ts in texts.items() for t in ts]
    (first, second, similarity), *rest = merge_suggestions(cards(statements, [meals, food, visits], WORKING))
    assert {first.name, second.name} == {"meals", "food"} and similarity > 0.5
    assert all(score < similarity for *_, score in rest)
    assert merge_suggestions(cards(statements[:2], [meals], WORKING)) == []


def test_finding_statements_puts_phrases_and_whole_words_first_and_leaves_out_the_rest():
    said = [Statement(text, NOT_WORKING) for text in [
        "Can't get out to the shops anymore since my fall",  # a-g-e-n-c-y in order, but not the word
        "The agencies keep changing who comes",  # a different word
        "Agency staff don't know me",
        "I never know which care agency staff will come",
        "Staff from the agency are always late"]]

    assert [s.text for s in find_statements(said, "agency")] == [
        "Agency staff don't know me", "I never know which care agency staff will come",
        "Staff from the agency are always late"]
    assert [s.text for s in find_statements(said, "agency staff")] == [  # the phrase first, then every word
        "Agency staff don't know me", "I never know which care agency staff will come",
        "Staff from the agency are always late"]
    assert [s.text for s in find_statements(said, "staff agency")] == [
        "Agency staff don't know me", "I never know which care agency staff will come",
        "Staff from the agency are always late"]
    assert find_statements(said, "  ") == said


def test_whole_words_come_before_parts_of_words():
    said = [Statement(text, WORKING) for text in ["My carers are lovely", "Can't always reach her",
                                                  "The carer is kind"]]

    assert [s.text for s in find_statements(said, "carer")] == ["The carer is kind", "My carers are lovely"]


# -- the piles, and corrections that teach ----------------------------------------------------------

def topic_wall():
    """Three "not working" themes of four topics' statements (two each placed), the rest loose."""
    late, food, same = (Theme(category=NOT_WORKING, name=n, position=i) for i, n in
                        enumerate(["I want my calls on time", "I want a hot meal", "I want the same carers"]))
    statements = []
    for topic, theme in (("late", late), ("food", food), ("same carers", same), ("going out", None)):
        for n, text in enumerate(TOPICS[topic]):
            placed = theme if n < 2 else None
            statements.append(Statement(text=text, category=NOT_WORKING, person_ref=f"{topic}{n}",
                                        theme_id=placed.id if placed else None, pinned=placed is not None))
    return statements, [late, food, same]


def test_not_sure_yet_is_a_pile_of_its_own_and_proposals_show_on_their_theme():
    theme = Theme(category=WORKING, name="I feel listened to")
    statements = [Statement(text="they listen", category=WORKING, theme_id=theme.id),
                  Statement(text="the rota", category=WORKING, unsure=True, confidence=0.2),
                  Statement(text="they ask me", category=WORKING, unsure=True, proposed_theme_id=theme.id),
                  Statement(text="nothing", category=WORKING)]
    listened, unsure, unassigned = cards(statements, [theme], WORKING)
    assert [s.text for s in listened.proposed] == ["they ask me"]
    assert unsure.title == "Not sure yet" and [s.text for s in unsure.statements] == ["the rota", "they ask me"]
    assert unassigned.title == "Unassigned" and [s.text for s in unassigned.statements] == ["nothing"]
    assert [c.title for c in cards(statements[:1], [theme], WORKING)] == ["I feel listened to", "Unassigned"]


def test_more_like_this_ranks_the_statements_nobody_placed_that_fit_the_theme():
    statements, (late, food, same) = topic_wall()
    found = more_like_this(statements, [late, food, same], {late.id}, food)
    texts = [s.text for s, *_ in found]
    assert set(texts[:6]) == set(TOPICS["food"][2:])  # the six loose food statements come first
    likely = [p.likely for p in found]
    assert likely == sorted(likely, reverse=True) and 0 <= likely[-1] <= likely[0] <= 1
    assert not any(p.statement.pinned for p in found)


def test_more_like_this_never_offers_a_placed_statement_or_one_in_an_agreed_theme():
    statements, (late, food, same) = topic_wall()
    # The room agreed "late" with all the late statements in it: none of them may be offered elsewhere.
    statements = [s.replace(theme_id=late.id, pinned=False) if s.text in TOPICS["late"] else s for s in statements]
    offered = {s.id for theme in (food, same) for s, *_ in more_like_this(statements, [late, food, same], {late.id},
                                                                         theme, top_n=100)}
    placed_or_agreed = {s.id for s in statements if s.pinned or s.theme_id == late.id}
    assert offered and not offered & placed_or_agreed


def test_a_statement_is_proposed_only_where_it_fits_better_than_where_it_is_and_confident_ones_start_ticked():
    statements, (late, food, same) = topic_wall()
    # A theme nobody touched holds two food statements and two late ones: only the food ones fit "hot meal"
    # better than where they are; the late ones fit their own theme best and are never proposed to it.
    untouched = Theme(category=NOT_WORKING, name="meals, calls", position=9)
    mixed = set(TOPICS["food"][2:4] + TOPICS["late"][2:4])
    statements = [s.replace(theme_id=untouched.id) if s.text in mixed else s for s in statements]
    themes = [late, food, same, untouched]
    found = more_like_this(statements, themes, {late.id, food.id, same.id}, food, top_n=100)
    offered = {p.statement.text for p in found}
    # (the other food one, "fresh vegetables with my meal", is about as likely in either theme: not offered)
    assert TOPICS["food"][3] in offered and not offered & set(TOPICS["late"][2:4])
    assert all(p.ticked == (p.likely >= PRE_TICK_FROM) for p in found)  # "hot meal" is the likeliest for all offered
    assert any(p.ticked for p in found) and not all(p.ticked for p in found)
    # Ranked by the gain over where each is (0 in a pile): 0.95 - 0, then 0.92 - 0.06, then 0.5 - 0; none for
    # one already there; ticked only from PRE_TICK_FROM.
    probability = np.array([[0.95, 0.03, 0.02], [0.92, 0.02, 0.06], [0.2, 0.2, 0.6], [0.5, 0.3, 0.2]])
    current = np.array([-1, 2, 0, -1])
    ranked = ranked_proposals(probability, np.array([0, 1, 2]), current, 0, [0, 1, 2, 3])
    assert PRE_TICK_FROM > 0.5 and [(i, ticked) for i, _, ticked in ranked] == [(0, True), (1, True), (3, False)]
    assert [ticked for *_, ticked in ranked_proposals(probability, np.array([0, 1, 2]), current, 2, [0])] == [False]


def test_where_do_these_go_shows_the_misfits_first():
    statements, (late, food, same) = topic_wall()
    # Two late statements sit (unpinned) in "hot meal" among its food ones: they come first.
    strays = TOPICS["late"][2:4]
    statements = [s.replace(theme_id=food.id) if s.text in strays + TOPICS["food"][2:6] else s for s in statements]
    card = [s for s in statements if s.theme_id == food.id]
    text = {s.id: s.text for s in card}
    order = [text[i] for i in where_these_go(statements, [late, food, same], card)]
    assert set(order[:2]) == set(strays)
    assert misfits_first(np.array([[0.9, 0.1], [0.2, 0.8]]), np.array([0, 1]), np.array([0, 0])).tolist() == [1, 0]


def test_a_theme_named_but_empty_is_offered_its_likely_statements_at_once():
    statements, themes = topic_wall()
    going_out = Theme(category=NOT_WORKING, name="I want to go out to the shops and the park")
    found = more_like_this(statements, [*themes, going_out], set(), going_out, top_n=5)
    assert sum(p.statement.text in TOPICS["going out"] for p in found) >= 4
    unnamed = Theme(category=NOT_WORKING)
    assert more_like_this(statements, [*themes, unnamed], set(), unnamed) == []  # nothing to go on


def test_proposals_follow_each_correction():
    statements, (late, food, same) = topic_wall()
    vectors = statement_vectors(counted_texts(statements, NOT_WORKING))
    vague = Theme(category=NOT_WORKING, name="I want something different")
    before = {s.text for s, *_ in more_like_this(statements, [late, food, same, vague], set(), vague, vectors, top_n=4)}
    # The room puts two going-out statements in it: now going-out statements lead its proposals.
    taught = [s.replace(theme_id=vague.id, pinned=True) if s.text in TOPICS["going out"][:2] else s for s in statements]
    after = {s.text for s, *_ in more_like_this(taught, [late, food, same, vague], set(), vague, vectors, top_n=4)}
    assert len(after & set(TOPICS["going out"])) >= 3 and after != before


def test_where_does_this_go_gives_the_three_likeliest_other_themes():
    statements, themes = topic_wall()
    loose = [s for s in statements if s.text in (TOPICS["late"][5], TOPICS["food"][4])]
    placed = next(s for s in statements if s.text == TOPICS["late"][0])
    places = where_these_go(statements, themes, [*loose, placed])
    assert places[loose[0].id][0][0].name == "I want my calls on time"
    assert places[loose[1].id][0][0].name == "I want a hot meal"
    assert all(len(options) == 3 or options[0][0] for options in places.values())
    assert "I want my calls on time" not in [t.name for t, _ in places[placed.id]]  # never its own theme
    assert len(places[placed.id]) == 2
    assert where_these_go(statements, [], loose)[loose[0].id] == []


def test_alike_ones_left_behind_are_the_most_like_the_statement_moved_and_never_placed_or_agreed():
    statements, (late, food, same) = topic_wall()
    twins = [Statement(text=f"{TOPICS['late'][2]} {extra}", category=NOT_WORKING) for extra in ("again", "at all", "today")]
    statements += twins
    moved = next(s for s in statements if s.text == TOPICS["late"][2]).replace(theme_id=late.id, pinned=True)
    left = [s for s in statements if s.theme_id is None and s.id != moved.id]
    vectors = statement_vectors(counted_texts(statements, NOT_WORKING))
    offered = alike_left_behind(moved, left, [late, food, same], set(), vectors)
    assert {s.id for s in twins} <= {s.id for s in offered} and len(offered) <= ALIKE_SHOWN
    assert not {s.text for s in offered} & set(TOPICS["food"] + TOPICS["going out"])
    unsmoothed = vectors.transform_unsmoothed([moved.text] + [s.text for s in offered])
    alikeness = unsmoothed[1:] @ unsmoothed[0]
    assert (alikeness >= ALIKE_FROM).all() and list(alikeness) == sorted(alikeness, reverse=True)
    # Never one someone placed, one in an agreed theme, the statement itself, or another category's.
    placed = twins[0].replace(pinned=True)
    agreed = twins[1].replace(theme_id=same.id)
    other = twins[2].replace(category=WORKING)
    again = alike_left_behind(moved, [moved, placed, agreed, other], [late, food, same], {same.id}, vectors)
    assert again == []
    assert alike_rows(np.array([0.9, 0.2, ALIKE_FROM, 0.7]), [0, 1, 2, 3], top_n=2) == [0, 3]


def test_sending_alike_ones_along_is_one_undoable_edit_that_pins_them(store, workshop):
    (theme,) = fill(store, workshop, {"I want my calls on time": ["calls are late"]})
    loose = [Statement(text=t, category=WORKING, unsure=True) for t in ("calls are late again", "late calls")]
    store.apply(workshop, edits.add_statements(loose, ""))
    store.apply(workshop, send_along(loose, theme))
    assert members(store, workshop, theme) == ["calls are late", "calls are late again", "late calls"]
    assert all(s.pinned and not s.unsure for s in store.statements(workshop) if s.text in ("calls are late again", "late calls"))
    assert store.history(workshop)[-1].kind == "alike go too"
    assert store.history(workshop)[-1].summary == "Moved 2 alike statements to “I want my calls on time” too"
    store.undo(workshop)
    assert members(store, workshop, theme) == ["calls are late"]
    with pytest.raises(ValueError, match="Tick"):
        send_along([], theme)


def test_add_the_ticked_is_one_undoable_edit_that_pins_them(store, workshop):
    (theme,) = fill(store, workshop, {"I want a hot meal": ["hot lunch please"]})
    loose = [Statement(text=t, category=WORKING, unsure=True, proposed_theme_id=theme.id, confidence=0.3)
             for t in ("cold meals", "no lunch")]
    store.apply(workshop, edits.add_statements(loose, ""))
    store.apply(workshop, add_the_ticked(loose, theme))
    assert members(store, workshop, theme) == ["cold meals", "hot lunch please", "no lunch"]
    moved = [s for s in store.statements(workshop) if s.text in ("cold meals", "no lunch")]
    assert all(s.pinned and not s.unsure and s.proposed_theme_id is None and s.confidence is None for s in moved)
    assert store.history(workshop)[-1].summary == "Added 2 statements to “I want a hot meal” (More like this)"
    store.undo(workshop)
    assert members(store, workshop, theme) == ["hot lunch please"]
    with pytest.raises(ValueError, match="Tick"):
        add_the_ticked([], theme)


def test_key_words_and_the_suggested_short_name_leave_out_peoples_names():
    theme = Theme(category=WORKING, name="carers")
    texts = ["My carer Sarah is lovely and kind", "Michelle is a lovely carer", "The carers are kind and lovely",
             "Lovely kind carers every day"]
    other = Theme(category=WORKING, name="meals")
    statements = [Statement(text=t, category=WORKING, theme_id=theme.id) for t in texts]
    statements += [Statement(text=t, category=WORKING, theme_id=other.id) for t in ("hot meals", "cold meals")]
    label = card_labels(cards(statements, [theme, other], WORKING))[theme.id]
    assert label.keywords and not {"sarah", "michelle"} & set(label.keywords)
    assert label.short_name and "Sarah" not in label.short_name and "Michelle" not in label.short_name


def test_a_suggested_short_name_becomes_an_i_statement_in_one_click():
    assert i_statement("Carers are often late", NOT_WORKING) == "I am not happy that carers are often late"
    assert i_statement("More choice of meals", FUTURE) == "I want more choice of meals"
    assert i_statement("NHS letters come on time", WORKING) == "I like that NHS letters come on time"
    assert i_statement("A hot dinner I would enjoy", FUTURE) == "I want a hot dinner I would enjoy"  # "A" is no acronym
    assert i_statement("My carers are lovely", WORKING) == "My carers are lovely"  # already in a person's voice
    assert i_statement("", WORKING) == ""
    assert all(first_person_hint(i_statement("Carers are late", c)) is None for c in (WORKING, NOT_WORKING, FUTURE))


def test_a_new_theme_from_a_statement_is_one_undoable_edit_named_in_a_persons_voice(store, workshop):
    (meals,) = fill(store, workshop, {"I want a hot meal": ["hot lunch please"]})
    texts = ["Sarah came late again, and the carers never phone when they are late", "Michelle is late",
             "Sarah is kind"]
    store.apply(workshop, edits.add_statements([Statement(text=t, category=NOT_WORKING) for t in texts], ""))
    late = next(s for s in store.statements(workshop) if "never phone" in s.text)
    store.apply(workshop, theme_from_statement(late, store.statements(workshop), store.themes(workshop)))
    made = next(t for t in store.themes(workshop) if t.id != meals.id)
    # the clause without a carer's first name, said as a person would say it, in the statement's category
    assert made.name == "I am not happy that the carers never phone when they are late"
    assert made.category == NOT_WORKING and made.position > meals.position
    assert [s.id for s in store.statements(workshop) if s.theme_id == made.id] == [late.id]
    assert next(s for s in store.statements(workshop) if s.id == late.id).pinned
    assert store.history(workshop)[-1].summary == f"Made the theme “{made.name}” from a statement"
    store.undo(workshop)
    assert [t.id for t in store.themes(workshop)] == [meals.id]
    assert next(s for s in store.statements(workshop) if s.id == late.id).theme_id is None


def test_a_new_theme_from_a_statement_about_a_redacted_person_is_still_a_sentence(store, workshop):
    store.apply(workshop, edits.add_statements([Statement(text="Sarah is lovely", category=WORKING)], ""))
    (lovely,) = store.statements(workshop)  # stored redacted: "[name] is lovely"
    store.apply(workshop, theme_from_statement(lovely, store.statements(workshop), store.themes(workshop)))
    assert [t.name for t in store.themes(workshop)] == ["I like that [name] is lovely"]


@pytest.mark.parametrize("statement, refusal", [
    (Statement(text="...", category=WORKING), "no words"),
    (Statement(text="[name], [phone]", category=WORKING), "no words"),  # only what redaction left
    (Statement(text="Lovely carers", category=WORKING, set_aside=True), "set aside"),
])
def test_a_new_theme_needs_a_counted_statement_with_words(statement, refusal):
    with pytest.raises(ValueError, match=refusal):
        theme_from_statement(statement, [statement], [])
