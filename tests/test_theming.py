"""The theme-suggestion engine: the scikit-learn contract, determinism, corrections kept, odd inputs,
and the helpers the theme wall uses (key words, typical statement, why-here, split, merge)."""
import random

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.metrics import adjusted_rand_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer

from wtfc.text import is_no_content
from wtfc.theming import (UNASSIGNED, ThemeSuggester, auto_theme_count, split_theme,
                          suggest_merges, theme_keywords, typical_statements, why_here)

# Invented statements about four things people in homecare often raise.
TOPICS = {
    "late": ["The carers arrive late in the morning", "My morning call was an hour late again",
             "Calls are often late and nobody rings", "The evening call comes late so I go to bed late",
             "Late calls mean I wait for my breakfast", "They turned up late three times this week",
             "I never know if the call will be late", "Running late every day, calls are late"],
    "food": ["My lunch is cold by the time I eat it", "They make me a hot meal for lunch",
             "I would like fresh vegetables with my meal", "The carer heats up a ready meal for lunch",
             "Nobody asks what meal I want to eat", "I get sandwiches for lunch every single day",
             "My meals are left in the fridge and I forget to eat", "A proper cooked meal would be nice at lunch"],
    "same carers": ["I want to see the same carers every week",
                    "Different carers every day and I explain everything again",
                    "I like having the same two carers", "Too many different carers coming into my home",
                    "New carers do not know my routine, I want the same ones",
                    "Having the same carers makes me feel safe", "It is always different carers",
                    "Continuity of the same carers matters to me"],
    "going out": ["I would love to go out to the shops", "I want to go out to the garden centre again",
                  "Going out for a walk in the park would lift me", "I miss going out to the club on Thursdays",
                  "Help to go out of the house once a week", "I would like to go out to church on Sunday",
                  "Going out to see friends at the café", "A trip out to the seaside in summer"],
}
TEXTS = [text for texts in TOPICS.values() for text in texts]
TRUTH = [topic for topic, texts in TOPICS.items() for _ in texts]
NO_CONTENT = ["Nothing", "n/a", "No comment", "-", "", "Nothing really.", "N/A", "none"]


def partition(texts, labels) -> dict[str, int]:
    return dict(zip(texts, labels))


# -- the scikit-learn contract ---------------------------------------------------------------------

def test_parameters_are_stored_untouched_and_cloneable():
    model = ThemeSuggester(n_themes=3, random_state=7)
    assert model.get_params()["n_themes"] == 3
    assert model.set_params(n_themes=5).n_themes == 5
    copy = clone(model)
    assert copy.get_params() == model.get_params() and copy is not model
    assert not hasattr(model, "labels_")


def test_fit_returns_self_with_fitted_attributes():
    model = ThemeSuggester(n_themes=4)
    assert model.fit(TEXTS) is model
    assert model.labels_.shape == (len(TEXTS),)
    assert model.n_themes_ == 4 == len(model.themes_) == len(model.cluster_centers_)
    assert set(model.keywords_) == set(model.representatives_) == set(model.themes_.tolist())
    for theme, index in model.representatives_.items():
        assert model.labels_[index] == theme


def test_predict_before_fit_is_refused():
    with pytest.raises(NotFittedError):
        ThemeSuggester().predict(["The carers are late"])


def test_usable_as_the_last_step_of_a_pipeline():
    pipeline = Pipeline([("tidy", FunctionTransformer(lambda texts: [t.strip() for t in texts])),
                         ("themes", ThemeSuggester(n_themes=4))])
    labels = pipeline.fit_predict([f"  {t}  " for t in TEXTS])
    assert adjusted_rand_score(TRUTH, labels) > 0.9
    late, food = pipeline.predict(["  The carer was late again this morning ", "I want a hot lunch and a meal"])
    assert late == labels[TRUTH.index("late")]
    assert food == labels[TRUTH.index("food")]


# -- what the themes are ---------------------------------------------------------------------------

def test_statements_about_the_same_thing_share_a_theme():
    model = ThemeSuggester(n_themes=4).fit(TEXTS)
    assert adjusted_rand_score(TRUTH, model.labels_) > 0.9


def test_automatic_count_follows_the_square_root_rule_and_can_be_overridden():
    assert ThemeSuggester().fit(TEXTS).n_themes_ == auto_theme_count(len(set(TEXTS)), 60) == 4
    assert ThemeSuggester(n_themes=2).fit(TEXTS).n_themes_ == 2
    assert ThemeSuggester(n_themes=8).fit(TEXTS).n_themes_ == 8
    assert ThemeSuggester(max_themes=3).fit(TEXTS).n_themes_ == 3
    assert [auto_theme_count(n, 60) for n in (0, 1, 5, 150, 500, 10**6)] == [0, 1, 2, 9, 16, 60]


def test_same_statements_in_any_order_give_the_same_themes():
    first = ThemeSuggester(random_state=3).fit(TEXTS)
    shuffled = TEXTS[:]
    random.Random(1).shuffle(shuffled)
    second = ThemeSuggester(random_state=3).fit(shuffled)
    assert partition(TEXTS, first.labels_) == partition(shuffled, second.labels_)
    assert first.keywords_ == second.keywords_
    assert TEXTS[first.representatives_[0]] == shuffled[second.representatives_[0]]


def test_key_words_set_each_theme_apart():
    model = ThemeSuggester(n_themes=4).fit(TEXTS)
    by_topic = {topic: model.keywords_[model.labels_[TRUTH.index(topic)]] for topic in TOPICS}
    assert by_topic["late"][0] == "late"
    assert {"lunch", "meal"} <= set(by_topic["food"][:2])
    assert all(len(words) == 5 for words in by_topic.values())


def test_key_words_rank_a_word_used_everywhere_below_distinctive_ones():
    texts = ["carers late morning", "carers late evening", "carers lunch cold", "carers lunch hot"]
    keywords = theme_keywords(texts, [0, 0, 1, 1])
    assert keywords[0][0] == "late" and keywords[1][0] == "lunch"
    assert keywords[0].index("carers") > keywords[0].index("late")


# -- no content, and odd inputs ----------------------------------------------------------------------

@pytest.mark.parametrize("text", NO_CONTENT + ["Nothing at all", "Not applicable", "Don't know", "?", "..."])
def test_no_content_is_recognised(text):
    assert is_no_content(text)


@pytest.mark.parametrize("text", ["Nothing is ever on time", "No carer came on Sunday", "None of them listen",
                                  "Everything", "Good"])
def test_statements_that_start_like_no_content_still_count(text):
    assert not is_no_content(text)


def test_no_content_statements_stay_out_of_themes():
    texts = TEXTS + NO_CONTENT
    model = ThemeSuggester(n_themes=4).fit(texts)
    assert (model.labels_[len(TEXTS):] == UNASSIGNED).all()
    assert model.no_content_[len(TEXTS):].all() and not model.no_content_[:len(TEXTS)].any()
    assert adjusted_rand_score(TRUTH, model.labels_[:len(TEXTS)]) > 0.9


def test_statements_without_usable_words_are_left_unassigned():
    model = ThemeSuggester(n_themes=4).fit(TEXTS + ["123 456", "!!! ???"])
    assert list(model.labels_[-2:]) == [UNASSIGNED, UNASSIGNED]


def test_no_statements():
    model = ThemeSuggester().fit([])
    assert model.n_themes_ == 0 and model.labels_.shape == (0,) and model.keywords_ == {}
    assert list(model.predict(["The carers are late"])) == [UNASSIGNED]


@pytest.mark.parametrize("count", [1, 2, 5])
def test_a_handful_of_statements(count):
    texts = TEXTS[::8][:count] if count < 5 else TEXTS[:3] + TEXTS[8:10]
    model = ThemeSuggester().fit(texts)
    assert model.n_themes_ == auto_theme_count(count, 60)
    assert (model.labels_ != UNASSIGNED).all()
    assert ThemeSuggester(n_themes=count).fit(texts).n_themes_ == count


def test_identical_statements_make_one_theme_whatever_is_asked():
    model = ThemeSuggester(n_themes=3).fit(["The carers are late"] * 6)
    assert model.n_themes_ == 1 and set(model.labels_) == {0}
    assert model.representatives_ == {0: 0}


def test_only_no_content_gives_no_themes():
    model = ThemeSuggester().fit(NO_CONTENT)
    assert model.n_themes_ == 0 and (model.labels_ == UNASSIGNED).all()


def test_repeats_and_spelling_variants_do_not_change_the_themes():
    once = ThemeSuggester(n_themes=4).fit(TEXTS)
    variants = TEXTS * 3 + [t.upper() + "!" for t in TEXTS] + [t + "." for t in TEXTS]
    repeated = ThemeSuggester(n_themes=4).fit(variants)
    assert adjusted_rand_score(once.labels_.tolist() * 5, repeated.labels_) == 1.0


def test_large_inputs_are_learnt_from_a_sample_and_every_statement_placed():
    texts = [f"{t} {n}" for t in TEXTS for n in range(3)]  # 96 statements, 24 of them learnt from
    model = ThemeSuggester(n_themes=4, max_fit_statements=24).fit(texts)
    assert (model.labels_ != UNASSIGNED).all()
    assert adjusted_rand_score([topic for topic in TRUTH for _ in range(3)], model.labels_) > 0.9
    again = ThemeSuggester(n_themes=4, max_fit_statements=24).fit(texts[::-1])
    assert partition(texts, model.labels_) == partition(texts[::-1], again.labels_)


# -- corrections: fixed statements (locked themes, pinned statements) -----------------------------------

def test_fixed_statements_stay_in_their_theme_even_when_unlike():
    # A person put a statement about lateness with one about going out, in theme 7.
    fixed = np.full(len(TEXTS), UNASSIGNED)
    fixed[TRUTH.index("late")] = fixed[TRUTH.index("going out")] = 7
    model = ThemeSuggester(n_themes=5).fit(TEXTS, fixed)
    assert model.labels_[TRUTH.index("late")] == model.labels_[TRUTH.index("going out")] == 7
    assert 7 in model.themes_ and all(t == 7 or t > 7 for t in model.themes_)  # new themes come after


def test_a_fixed_theme_attracts_statements_like_its_own():
    fixed = np.array([7 if topic == "late" and n % 8 < 3 else UNASSIGNED for n, topic in enumerate(TRUTH)])
    model = ThemeSuggester(n_themes=4).fit(TEXTS, fixed)
    late = [label for label, topic in zip(model.labels_, TRUTH) if topic == "late"]
    assert late.count(7) >= 7  # all but perhaps "… three times this week", which shares "week" with others
    assert adjusted_rand_score(TRUTH, model.labels_) > 0.8


def test_asking_for_no_new_themes_places_every_free_statement_in_a_fixed_one():
    fixed = np.array([{"late": 0, "food": 1}[topic] if n % 8 < 2 else UNASSIGNED
                      for n, topic in enumerate(TRUTH[:16])])
    model = ThemeSuggester(n_themes=2).fit(TEXTS[:16], fixed)
    assert list(model.labels_) == [0] * 8 + [1] * 8


def test_y_must_match_the_statements():
    with pytest.raises(ValueError):
        ThemeSuggester().fit(TEXTS, [0, 1])


# -- helpers for the theme wall ------------------------------------------------------------------------

def test_why_here_names_the_key_words_shared_with_the_theme():
    labels = [0] * 8 + [1] * 8
    assert why_here(TEXTS[:16], labels, 0)[0] == "late"
    assert "lunch" in why_here(TEXTS[:16], labels, 9)
    assert why_here(TEXTS[:16] + ["Bananas"], labels + [1], 16) == []
    assert why_here(TEXTS[:16] + ["Nothing"], labels + [UNASSIGNED], 16) == []


def test_typical_statement_is_a_member_of_its_theme():
    labels = [0] * 8 + [1] * 8
    typical = typical_statements(TEXTS[:16], labels)
    assert set(typical) == {0, 1}
    assert typical[0] < 8 <= typical[1]


def test_split_separates_a_theme_that_mixes_two_things():
    mixed = TOPICS["late"] + TOPICS["food"]
    groups = split_theme(mixed, 2)
    assert adjusted_rand_score([0] * 8 + [1] * 8, groups) == 1.0
    assert set(split_theme(["Same words here"] * 4, 3)) == {0}
    assert list(split_theme(mixed + ["Nothing"], 2))[-1] == 0


def test_merge_suggestions_put_the_two_halves_of_one_topic_first():
    texts = TOPICS["food"] + TOPICS["late"] + TOPICS["same carers"]
    labels = [0] * 4 + [1] * 4 + [2] * 8 + [3] * 8
    pairs = suggest_merges(texts, labels, top_n=2)
    assert pairs[0][:2] == (0, 1)
    assert pairs[0][2] > pairs[1][2]
    assert suggest_merges(texts, [0] * len(texts)) == []


def test_the_typical_statement_uses_the_words_that_set_its_theme_apart():
    texts = ["carers late again", "late every morning and carers late", "the weather", "hot meals", "meals cold"]
    typical = typical_statements(texts, [0, 0, 0, 1, 1])
    assert texts[typical[0]] in ("carers late again", "late every morning and carers late")
    assert typical_statements(["!!", "??"], [0, 0]) == {0: 0}
