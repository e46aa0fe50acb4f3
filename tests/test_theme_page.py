"""The theme wall and the projection view, run by AppTest against a real store file."""
from __future__ import annotations

import pytest
from tests.pages import by_label, open_page
from tests.test_theming import TOPICS
from wtfc import edits
from wtfc.model import WORKING, Statement, Theme
from wtfc.store import Store
from wtfc.wall import first_person_hint
from wtfc.words import theme_title

WALL = "wtfc/app/theme_page.py"





@pytest.fixture
def workshop(db_env):
    """Two themes of working statements and one loose statement."""
    with Store(db_env) as store:
        workshop_id = store.create_workshop("Wall").id
        same = Theme(category=WORKING, name="I want the same carers", position=1)
        time = Theme(category=WORKING, name="I want time to chat", position=2)
        statements = [Statement(text=t, category=WORKING, person_ref=p, theme_id=theme.id if theme else None, position=i)
                      for i, (t, p, theme) in enumerate([("Same carer every morning", "P1", same),
                                                         ("I know my carers", "P2", same),
                                                         ("They never have time to talk", "P1", time),
                                                         ("Rushed visits", "P3", time),
                                                         ("I like the new rota", "P4", None)])]
        store.apply(workshop_id, edits.combine("setup", "set up", [edits.create_themes([same, time]),
                                                                  edits.add_statements(statements, "test")]))
    return workshop_id


def stored(db_env, workshop_id):
    with Store(db_env) as store:
        return store.statements(workshop_id), store.themes(workshop_id), store.history(workshop_id)


def theme_named(themes, name):
    return next(t for t in themes if t.name == name)


def test_the_wall_shows_each_theme_with_its_counts_and_unassigned(db_env, workshop):
    at = open_page(WALL, workshop)
    html = "".join(h.proto.body for h in at.get("html"))
    assert "I want the same carers" in html and "<strong>2</strong> statements · <strong>2</strong> people" in html
    assert "Unassigned" in html and "I like the new rota" in html
    assert "<strong>1</strong> statement · <strong>1</strong> person" in html  # not "1 statements · 1 people"
    assert "What&#x27;s working" in html  # the category in words, not only colour


def test_suggesting_themes_is_one_edit_that_keeps_locked_themes(db_env, workshop):
    with Store(db_env) as store:
        store.apply(workshop, edits.lock_theme(theme_named(store.themes(workshop), "I want the same carers")))
    at = open_page(WALL, workshop)
    by_label(at.button, "Suggest for “working”").click()
    at.run()
    assert not at.exception
    statements, themes, history = stored(db_env, workshop)
    locked = theme_named(themes, "I want the same carers")
    assert locked.locked
    assert sorted(s.text for s in statements if s.theme_id == locked.id) == ["I know my carers",
                                                                            "Same carer every morning"]
    assert history[-1].kind == "suggest themes"


def test_moving_a_statement_and_undo_after_a_refresh(db_env, workshop):
    at = open_page(WALL, workshop)
    statements, themes, _ = stored(db_env, workshop)
    loose = next(s for s in statements if s.text == "I like the new rota")
    target = theme_named(themes, "I want the same carers")
    by_label(at.multiselect, "Statements to move").set_value([loose.id])
    by_label(at.selectbox, "Move them to").set_value(target.id)
    at.run()
    by_label(at.button, "Move").click()
    at.run()
    moved = next(s for s in stored(db_env, workshop)[0] if s.id == loose.id)
    assert moved.theme_id == target.id and moved.pinned

    refreshed = open_page(WALL, workshop)
    by_label(refreshed.button, "Undo").click()
    refreshed.run()
    assert next(s for s in stored(db_env, workshop)[0] if s.id == loose.id).theme_id is None
    by_label(refreshed.button, "Redo").click()
    refreshed.run()
    assert next(s for s in stored(db_env, workshop)[0] if s.id == loose.id).theme_id == target.id


def test_set_aside_and_bring_back(db_env, workshop):
    at = open_page(WALL, workshop)
    loose = next(s for s in stored(db_env, workshop)[0] if s.text == "I like the new rota")
    by_label(at.multiselect, "Statements to move").set_value([loose.id])
    at.run()
    by_label(at.button, "Set aside (kept, not counted)").click()
    at.run()
    assert next(s for s in stored(db_env, workshop)[0] if s.id == loose.id).set_aside
    back = [m for m in at.multiselect if m.label == "Bring back"][0]
    back.set_value([loose.id])
    at.run()
    [b for b in at.button if b.label == "Bring back"][0].click()
    at.run()
    assert not next(s for s in stored(db_env, workshop)[0] if s.id == loose.id).set_aside


def test_merging_two_themes(db_env, workshop):
    at = open_page(WALL, workshop)
    themes = stored(db_env, workshop)[1]
    first, second = theme_named(themes, "I want time to chat"), theme_named(themes, "I want the same carers")
    by_label(at.multiselect, "Themes to merge (the first keeps its name)").set_value([first.id, second.id])
    at.run()
    by_label(at.button, "Merge").click()
    at.run()
    statements, themes, history = stored(db_env, workshop)
    assert [t.name for t in themes] == ["I want time to chat"]
    assert sum(s.theme_id == first.id for s in statements) == 4
    assert history[-1].summary == "Merged “I want the same carers” into “I want time to chat”"


def test_creating_a_theme_prompts_for_an_i_statement(db_env, workshop):
    at = open_page(WALL, workshop)
    by_label(at.text_input, "Name of the new theme").input("Weekend rota")
    at.run()
    assert any("starting with “I”" in c.value for c in at.caption)
    by_label(at.text_input, "Name of the new theme").input("I want to know who is coming at weekends")
    at.run()
    assert not any("starting with “I”" in c.value for c in at.caption)
    by_label(at.button, "Create theme").click()
    at.run()
    assert "I want to know who is coming at weekends" in [t.name for t in stored(db_env, workshop)[1]]


def open_menu(at, theme) -> None:
    """Open a card's "Change this theme" menu, as a click on it does: its contents are built only then."""
    at.session_state[f"menu-{theme.id}"] = True
    at.run()


def test_a_cards_menu_is_built_only_while_open(db_env, workshop):
    at = open_page(WALL, workshop)
    theme = theme_named(stored(db_env, workshop)[1], "I want time to chat")
    assert not [t for t in at.text_input if t.key and t.key.startswith("rename-box-")]
    open_menu(at, theme)
    assert [t.key for t in at.text_input if t.key and t.key.startswith("rename-box-")] == [f"rename-box-{theme.id}"]
    assert at.text_input(key=f"rename-box-{theme.id}").value == "I want time to chat"


def test_rename_lock_and_delete_from_a_theme_card(db_env, workshop):
    at = open_page(WALL, workshop)
    theme = theme_named(stored(db_env, workshop)[1], "I want time to chat")
    open_menu(at, theme)
    at.text_input(key=f"rename-box-{theme.id}").input("I want a carer who has time for me")
    at.button(key=f"FormSubmitter:rename-{theme.id}-Rename").click()
    at.run()
    assert theme_named(stored(db_env, workshop)[1], "I want a carer who has time for me")

    at.button(key=f"lock-{theme.id}").click()
    at.run()
    assert theme_named(stored(db_env, workshop)[1], "I want a carer who has time for me").locked

    at.button(key=f"delete-{theme.id}").click()
    at.run()
    statements, themes, _ = stored(db_env, workshop)
    assert [t.name for t in themes] == ["I want the same carers"]
    assert {s.text for s in statements if s.theme_id is None} == {"They never have time to talk", "Rushed visits",
                                                                  "I like the new rota"}


def test_split_shows_a_preview_then_creates_the_new_theme(db_env, workshop):
    at = open_page(WALL, workshop)
    theme = theme_named(stored(db_env, workshop)[1], "I want the same carers")
    open_menu(at, theme)
    at.button(key=f"split-{theme.id}").click()
    at.run()
    assert any("would become 2 themes" in m.value for m in at.markdown)
    assert len(stored(db_env, workshop)[1]) == 2  # nothing changed yet
    by_label(at.text_input, "Name for group 2").input("I know my carers well")
    by_label(at.button, "Split").click()
    at.run()
    statements, themes, history = stored(db_env, workshop)
    new = theme_named(themes, "I know my carers well")
    assert sum(s.theme_id == new.id for s in statements) == 1
    assert sum(s.theme_id == theme.id for s in statements) == 1
    assert history[-1].kind == "split"


def test_search_highlights_matching_words(db_env, workshop):
    at = open_page(WALL, workshop)
    by_label(at.text_input, "Find statements containing").input("carer")
    at.run()
    html = "".join(h.proto.body for h in at.get("html"))
    assert "Same <mark>carer</mark> every morning" in html


def test_statement_text_is_shown_literally_never_as_markup(db_env, workshop):
    with Store(db_env) as store:
        store.apply(workshop, edits.add_statements(
            [Statement(text="<script>alert(1)</script> **bold** [link](javascript:x)", category=WORKING)], ""))
    at = open_page(WALL, workshop)
    html = "".join(h.proto.body for h in at.get("html"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **bold** [link](javascript:x)" in html
    assert "<script>" not in html


def test_the_projection_view_steps_through_themes(db_env, workshop):
    at = open_page("wtfc/app/projection_page.py", workshop)
    first = "".join(h.proto.body for h in at.get("html"))
    assert "I want the same carers" in first and "wtfc-big" in first
    by_label(at.button, "Next").click()
    at.run()
    second = "".join(h.proto.body for h in at.get("html"))
    assert "I want time to chat" in second and "I want the same carers" not in second
    by_label(at.button_group, "Show").set_value("Overview")
    at.run()
    overview = "".join(h.proto.body for h in at.get("html"))
    assert "<ol class=\"wtfc-tiles\">" in overview and "I want the same carers" in overview and "I want time to chat" in overview
    by_label(at.button_group, "Show").set_value("Whole wall")
    at.run()
    whole = "".join(h.proto.body for h in at.get("html"))
    assert "I want the same carers" in whole and "I want time to chat" in whole and "<ol class=\"wtfc-tiles\">" not in whole


def test_a_suggested_merge_is_one_click(db_env, workshop):
    with Store(db_env) as store:
        time = theme_named(store.themes(workshop), "I want time to chat")
        store.apply(workshop, edits.add_statements(
            [Statement(text="My carers never have time", category=WORKING, theme_id=time.id)], ""))
    at = open_page(WALL, workshop)
    (suggestion,) = [b for b in at.button if b.label.startswith("Merge “")]
    assert "I want the same carers" in suggestion.label and "I want time to chat" in suggestion.label
    suggestion.click()
    at.run()
    assert not at.exception
    assert len(stored(db_env, workshop)[1]) == 1


# -- corrections that teach ---------------------------------------------------------------------------

@pytest.fixture
def taught(db_env):
    """"Working" themes with two statements each placed by a person; the rest of each topic loose, two of
    them in Not sure yet, one proposed for the food theme."""
    with Store(db_env) as store:
        workshop_id = store.create_workshop("Taught").id
        late = Theme(category=WORKING, name="I want my calls on time", position=1)
        food = Theme(category=WORKING, name="I want a hot meal", position=2)
        statements = []
        for topic, theme in (("late", late), ("food", food), ("going out", None)):
            for n, text in enumerate(TOPICS[topic]):
                placed = theme if n < 2 else None
                statements.append(Statement(text=text, category=WORKING, person_ref=f"{topic}{n}",
                                            theme_id=placed.id if placed else None, pinned=placed is not None,
                                            unsure=topic == "food" and n in (2, 3),
                                            proposed_theme_id=food.id if topic == "food" and n == 3 else None))
        store.apply(workshop_id, edits.combine("setup", "set up", [edits.create_themes([late, food]),
                                                                  edits.add_statements(statements, "test")]))
    return workshop_id, late, food


def ticks(at, theme):
    return [c for c in at.checkbox if c.key.startswith(f"tick-{theme.id}-")]


def test_the_not_sure_yet_pile_and_proposals_show_on_the_wall(db_env, taught):
    workshop_id, late, food = taught
    at = open_page(WALL, workshop_id)
    html = "".join(h.proto.body for h in at.get("html"))
    assert "<h3>Not sure yet</h3>" in html and "could not place these with confidence" in html
    assert "1 statement may belong here" in html
    assert "Suggested name: “" in html
    open_menu(at, late)
    assert any(c.value.startswith("Suggested name: “") for c in at.caption)  # beside the rename box too


def test_more_like_this_offers_fitting_statements_with_the_likeliest_ticked_and_adds_them_in_one_click(db_env, taught):
    workshop_id, late, food = taught
    at = open_page(WALL, workshop_id)
    at.button(key=f"more-{food.id}").click()
    at.run()
    offered = ticks(at, food)
    texts = {s.id: s.text for s in stored(db_env, workshop_id)[0]}
    text_of = {c.key: texts[c.key.rsplit("-", 1)[1]] for c in offered}
    first_six = {text_of[c.key] for c in offered[:6]}
    assert first_six == set(TOPICS["food"][2:])  # the six loose food statements, best fit first
    assert "proposed when themes were suggested" in " ".join(c.label for c in offered)
    ticked = [c for c in offered if c.value]
    assert ticked and all(text_of[c.key] in first_six for c in ticked)  # only the likeliest start ticked
    left = next((c for c in offered if not c.value), None)
    ticked[0].uncheck()  # the room unticks one that does not belong, and ticks one the app left unticked
    left.check()
    at.run()
    want = {text_of[c.key] for c in ticks(at, food) if c.value}
    by_label(at.button, "Add the ticked").click()
    at.run()
    assert not at.exception and not ticks(at, food)  # the dialog closed
    statements, _, history = stored(db_env, workshop_id)
    added = {s.text for s in statements if s.theme_id == food.id and s.pinned and s.text not in TOPICS["food"][:2]}
    assert added == want and text_of[ticked[0].key] not in added and text_of[left.key] in added
    assert all(not s.unsure for s in statements if s.text in added)
    assert history[-1].kind == "more like this" and history[-1].summary.startswith(f"Added {len(want)} statement")


NEW_THEME = "__new__"  # the value of a row's New theme pill (NEW_THEME of wtfc/app/theme_page.py, a page module)


def where_rows(at):
    """The rows of *Where do these go?*, one a statement: its likeliest themes and New theme, as pills."""
    return [p for p in at.pills if p.key and p.key.startswith("goes-")]


def where_row(at, statement):
    return next((p for p in where_rows(at) if p.key == f"goes-{statement.id}"), None)


def choices(row):
    """The names of the themes a row offers, likeliest first (New theme, always last, left out)."""
    assert row.options[-1].endswith("New theme")
    return row.options[:-1]


def choose_likeliest(at, db_env, workshop_id, statement):
    """Click the first theme *Where do these go?* offers ``statement``."""
    name = choices(where_row(at, statement))[0]
    where_row(at, statement).set_value(next(t.id for t in stored(db_env, workshop_id)[1] if theme_title(t.name) == name))
    at.run()


def where_on_unassigned(db_env, workshop_id):
    """The wall with *Where do these go?* open on Unassigned, and a loose statement about late calls there."""
    at = open_page(WALL, workshop_id)
    at.button(key="where-unassigned").click()
    at.run()
    return at, next(s for s in stored(db_env, workshop_id)[0] if s.text == TOPICS["late"][2])


def test_where_do_these_go_moves_a_statement_in_one_click_and_stays_open_for_the_next(db_env, taught):
    workshop_id, late, food = taught
    at, loose_late = where_on_unassigned(db_env, workshop_id)
    row = where_row(at, loose_late)
    assert len(choices(row)) == 2 and choices(row)[0].startswith("I want my calls on time")
    row.set_value(late.id).run()
    assert not at.exception
    moved = next(s for s in stored(db_env, workshop_id)[0] if s.id == loose_late.id)
    assert moved.theme_id == late.id and moved.pinned
    assert where_rows(at) and not where_row(at, loose_late)  # still open, on the statements left
    # The whole pile at once (forty at a time); "Next" goes on to the next card with statements.
    loose = {s.id for s in stored(db_env, workshop_id)[0] if s.theme_id is None and not s.unsure}
    assert {r.key.removeprefix("goes-") for r in where_rows(at)} == loose and not any(b.key == "where-more" for b in at.button)
    assert at.button(key="where-next").label == "Next: I want my calls on time"  # Unassigned is last: round to the first
    at.button(key="where-next").click()
    at.run()
    on_time = {s.id for s in stored(db_env, workshop_id)[0] if s.theme_id == late.id}
    assert {r.key.removeprefix("goes-") for r in where_rows(at)} == on_time
    at.button(key="where-close").click()
    at.run()
    assert not where_rows(at)


def along(at):
    return [c for c in at.checkbox if c.key.startswith("along-")]


def test_alike_statements_left_behind_go_along_in_one_click_and_one_undo_takes_them_back(db_env, taught):
    workshop_id, late, food = taught
    said_again = f"{TOPICS['late'][2]} again"  # someone else said the same about late calls
    with Store(db_env) as store:
        store.apply(workshop_id, edits.add_statements(
            [Statement(text=said_again, category=WORKING, person_ref="late-again")], "test"))
    at, loose_late = where_on_unassigned(db_env, workshop_id)
    assert not along(at)  # nothing moved yet
    where_row(at, loose_late).set_value(late.id).run()
    texts = {s.id: s.text for s in stored(db_env, workshop_id)[0]}
    offered = along(at)
    assert offered and all(c.value for c in offered)  # ticked: the room unticks any that do not go with it
    assert said_again in {texts[c.key.rsplit("-", 1)[1]] for c in offered}
    assert not {texts[c.key.rsplit("-", 1)[1]] for c in offered} & set(TOPICS["going out"])
    before = len(stored(db_env, workshop_id)[2])
    at.button(key="along").click()
    at.run()
    assert not at.exception
    statements, _, history = stored(db_env, workshop_id)
    sent = {c.key.rsplit("-", 1)[1] for c in offered}
    assert all(s.theme_id == late.id and s.pinned for s in statements if s.id in sent)
    assert len(history) == before + 1 and history[-1].kind == "alike go too"
    assert where_rows(at) and not along(at)  # still open, the offer gone
    by_label(at.button, "Undo").click()
    at.run()
    assert all(s.theme_id is None for s in stored(db_env, workshop_id)[0] if s.id in sent)


def test_no_alike_offer_after_a_refused_move(db_env, taught):
    workshop_id, late, food = taught
    at, loose_late = where_on_unassigned(db_env, workshop_id)
    with Store(db_env) as store:  # someone else places it first, from another screen
        store.apply(workshop_id, edits.move_statements([loose_late], food))
    where_row(at, loose_late).set_value(late.id).run()
    assert any("since your screen was last updated" in e.value for e in at.error)
    assert not along(at)


def test_where_do_these_go_shows_a_long_card_forty_at_a_time(db_env, workshop):
    with Store(db_env) as store:
        store.apply(workshop, edits.add_statements(
            [Statement(text=f"Synthetic statement number {n} about the garden and the bus", category=WORKING,
                       person_ref=f"P{n}", position=100 + n) for n in range(45)], "typed in"))
    at = open_page(WALL, workshop)
    at.button(key="where-unassigned").click()
    at.run()
    waiting = [s for s in stored(db_env, workshop)[0] if s.category == WORKING and s.theme_id is None and not s.unsure]
    assert len(where_rows(at)) == 40 < len(waiting)
    at.button(key="where-more").click()
    at.run()
    assert len(where_rows(at)) == len(waiting)


def test_a_statement_that_fits_no_theme_starts_one_in_one_click_and_the_wall_learns_it_at_once(db_env, taught):
    workshop_id, late, food = taught
    at, _ = where_on_unassigned(db_env, workshop_id)
    shops, garden = (next(s for s in stored(db_env, workshop_id)[0] if s.text == TOPICS["going out"][n]) for n in (0, 1))
    assert not any(name.startswith("I would love") for name in choices(where_row(at, garden)))
    where_row(at, shops).set_value(NEW_THEME).run()
    assert not at.exception
    statements, themes, history = stored(db_env, workshop_id)
    made = theme_named(themes, "I would love to go out to the shops")  # its short name, already an "I" statement
    assert made.category == WORKING and first_person_hint(made.name) is None
    assert next(s for s in statements if s.id == shops.id).theme_id == made.id
    assert next(s for s in statements if s.id == shops.id).pinned
    assert history[-1].kind == "new theme from statement"
    # The dialog stays open, and the next going-out statement is offered the new theme at once.
    assert where_rows(at) and not where_row(at, shops)
    assert made.name in choices(where_row(at, garden))
    by_label(at.button, "Undo").click()  # one undo takes back the theme and the move
    at.run()
    statements, themes, _ = stored(db_env, workshop_id)
    assert made.id not in {t.id for t in themes}
    assert next(s for s in statements if s.id == shops.id).theme_id is None


def test_where_do_these_go_on_a_theme_shows_the_statements_that_fit_elsewhere_first(db_env, taught):
    workshop_id, late, food = taught
    with Store(db_env) as store:  # a statement about late calls lands in the food theme
        stray = next(s for s in store.statements(workshop_id) if s.text == TOPICS["late"][3])
        store.apply(workshop_id, edits.move_statements([stray], food))
    at = open_page(WALL, workshop_id)
    at.button(key=f"where-{food.id}").click()
    at.run()
    assert where_rows(at)[0].key == f"goes-{stray.id}"


def test_use_the_suggested_name_fills_the_rename_box_with_an_i_statement(db_env, taught):
    workshop_id, late, food = taught
    at = open_page(WALL, workshop_id)
    open_menu(at, food)
    use = at.button(key=f"use-name-{food.id}")
    phrased = use.label.removeprefix("Use “").removesuffix("”")
    assert phrased and first_person_hint(phrased) is None  # in a person's own voice
    use.click()
    at.run()
    box = at.text_input(key=f"rename-box-{food.id}")
    assert box.value == phrased
    at.button(key=f"FormSubmitter:rename-{food.id}-Rename").click()
    at.run()
    assert theme_named(stored(db_env, workshop_id)[1], box.value).id == food.id


def test_a_theme_created_from_a_name_is_offered_its_likely_statements_at_once(db_env, taught):
    workshop_id, *_ = taught
    at = open_page(WALL, workshop_id)
    by_label(at.text_input, "Name of the new theme").input("I want to go out to the shops and the park")
    at.run()
    by_label(at.button, "Create theme").click()
    at.run()
    statements, themes, _ = stored(db_env, workshop_id)
    new = theme_named(themes, "I want to go out to the shops and the park")
    texts = {s.id: s.text for s in statements}
    offered = [texts[c.key.rsplit("-", 1)[1]] for c in ticks(at, new)]
    assert sum(text in TOPICS["going out"] for text in offered[:5]) >= 4


def test_statements_added_later_are_placed_without_moving_anyone(db_env, workshop):
    at = open_page(WALL, workshop)
    with Store(db_env) as store:
        before = {s.id: s.theme_id for s in store.statements(workshop)}
        store.apply(workshop, edits.add_statements([Statement(text="Same carer every evening too", category=WORKING,
                                                              person_ref="P9", position=9)], "typed in"))
    by_label(at.button, "Place new statements in “working”").click()
    at.run()
    assert not at.exception
    statements, themes, history = stored(db_env, workshop)
    new = next(s for s in statements if s.id not in before)
    # Both themes were made by a person, so the room agreed them: the newcomer is proposed, never put in.
    assert new.theme_id is None and new.proposed_theme_id == theme_named(themes, "I want the same carers").id
    assert {s.id: s.theme_id for s in statements if s.id in before} == before
    assert history[-1].kind == "suggest themes" and "proposed for themes the room agreed" in history[-1].summary


def test_the_label_caches_key_changes_with_every_correction_the_labels_depend_on(db_env, workshop):
    from wtfc.app.labels import wall_fingerprint
    from wtfc.wall import cards

    with Store(db_env) as store:
        wall = lambda: wall_fingerprint(cards(store.statements(workshop), store.themes(workshop), WORKING))
        seen = [wall()]
        assert wall() == seen[0]  # the same wall, the same key: a rerun that changed nothing is served from cache
        loose = next(s for s in store.statements(workshop) if s.theme_id is None)
        store.apply(workshop, edits.move_statements([loose], theme_named(store.themes(workshop), "I want time to chat")))
        seen.append(wall())
        moved = next(s for s in store.statements(workshop) if s.id == loose.id)
        store.apply(workshop, edits.edit_statement(moved, text="I like the new rota a lot"))
        seen.append(wall())
        assert len(set(seen)) == len(seen)
        # A rename or a lock changes no key word or typical statement: nothing is recomputed.
        same = theme_named(store.themes(workshop), "I want the same carers")
        store.apply(workshop, edits.rename_theme(same, "I see the same carers"))
        store.apply(workshop, edits.lock_theme(theme_named(store.themes(workshop), "I see the same carers")))
        assert wall() == seen[-1]


def test_the_one_click_move_is_one_edit_that_one_undo_takes_back(db_env, taught):
    workshop_id, late, food = taught
    at = open_page(WALL, workshop_id)
    at.button(key="where-unsure").click()
    at.run()
    before, _, history = stored(db_env, workshop_id)
    statement = next(s for s in before if s.unsure)
    choose_likeliest(at, db_env, workshop_id, statement)
    after, _, moved = stored(db_env, workshop_id)
    assert len(moved) == len(history) + 1 and moved[-1].kind == "move"
    assert any("Moved 1 statement" in s.value for s in at.success)
    assert next(s for s in after if s.id == statement.id).theme_id is not None
    assert where_rows(at) and not where_row(at, statement)  # still open, on the statements left
    by_label(at.button, "Undo").click()
    at.run()
    assert stored(db_env, workshop_id)[0] == before  # placed, unsure and all, as it was


def test_a_one_click_move_from_a_stale_screen_is_refused_in_plain_words_and_changes_nothing(db_env, taught):
    workshop_id, late, food = taught
    at, loose_late = where_on_unassigned(db_env, workshop_id)
    with Store(db_env) as store:  # someone else places it first, from another screen
        store.apply(workshop_id, edits.move_statements([loose_late], food))
    before = stored(db_env, workshop_id)
    where_row(at, loose_late).set_value(late.id).run()
    assert not at.exception
    assert any("since your screen was last updated" in e.value for e in at.error)
    assert stored(db_env, workshop_id) == before
    assert where_rows(at) and not where_row(at, loose_late)  # still open, redrawn from what is stored now


def test_add_the_ticked_from_a_stale_screen_is_refused_in_plain_words_and_changes_nothing(db_env, taught):
    workshop_id, late, food = taught
    at = open_page(WALL, workshop_id)
    at.button(key=f"more-{food.id}").click()
    at.run()
    texts = {s.id: s for s in stored(db_env, workshop_id)[0]}
    first = ticks(at, food)[0]
    first.check()
    at.run()
    with Store(db_env) as store:  # someone else places the ticked statement first, from another screen
        store.apply(workshop_id, edits.move_statements([texts[first.key.rsplit("-", 1)[1]]], late))
    before = stored(db_env, workshop_id)
    by_label(at.button, "Add the ticked").click()
    at.run()
    assert not at.exception
    assert any("since your screen was last updated" in e.value for e in at.error)
    assert stored(db_env, workshop_id) == before
    assert not ticks(at, food)  # the dialog closed


def test_the_background_fit_also_builds_the_graph_the_wall_then_places_with(db_env, taught):
    from wtfc.app.labels import vectors_for
    from wtfc.wall import counted_texts, more_like_this

    workshop_id, late, food = taught
    statements, themes, _ = stored(db_env, workshop_id)
    vectors = vectors_for(counted_texts(statements, WORKING))
    built = vectors._last_graph  # left by the fit in the background: the first More like this need not build it
    assert more_like_this(statements, themes, {late.id, food.id}, food, vectors)
    assert vectors._last_graph is built


def test_the_walls_numerical_work_runs_on_one_blas_thread():
    from threadpoolctl import threadpool_info

    import wtfc.app.labels  # noqa: F401  (sets it for the server process)

    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas and all(pool["num_threads"] == 1 for pool in blas)
