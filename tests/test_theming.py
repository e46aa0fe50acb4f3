"""The theme-suggestion engine: the scikit-learn contract, determinism, corrections kept, odd inputs,
the placer, and the helpers the theme wall uses (key words without names, typical statement, short name, split)."""
import pickle
import random

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.metrics import adjusted_rand_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer
from sklearn.utils import estimator_checks as checks
from sklearn.utils._param_validation import InvalidParameterError

from wtfc.placing import ThemePlacer
from wtfc.text import is_no_content
from wtfc.theming import (UNASSIGNED, StatementVectors, ThemeSuggester, auto_theme_count, name_like_words,
                          SHORT_NAME_WORDS, short_name, short_names, split_theme, theme_keywords, typical_statements)

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
    model = ThemeSuggester(min_confidence=0).fit(TEXTS)
    assert model.n_themes_ == auto_theme_count(len(set(TEXTS)), 60) == 7
    assert ThemeSuggester(n_themes=2).fit(TEXTS).n_themes_ == 2
    assert ThemeSuggester(n_themes=8, min_confidence=0).fit(TEXTS).n_themes_ == 8
    assert ThemeSuggester(max_themes=3).fit(TEXTS).n_themes_ == 3
    assert [auto_theme_count(n, 60) for n in (0, 1, 5, 39, 150, 500, 10**6)] == [0, 1, 3, 8, 15, 28, 60]


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


def test_key_words_leave_out_words_that_say_nothing_about_care():
    # the issue's "help, actually, day": an intensifier used in one theme only is still no key word
    texts = ["they actually came late", "actually late again", "definitely late every day",
             "absolutely lovely lunch", "lunch is lovely", "a lovely hot lunch"]
    keywords = theme_keywords(texts, [0, 0, 0, 1, 1, 1], top_n=10)
    assert keywords[0][0] == "late" and keywords[1][0] in {"lovely", "lunch"}
    assert not {"actually", "definitely", "absolutely"} & set(keywords[0] + keywords[1])


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


def test_the_typical_statement_uses_the_words_that_set_its_theme_apart():
    texts = ["carers late again", "late every morning and carers late", "the weather", "hot meals", "meals cold"]
    typical = typical_statements(texts, [0, 0, 0, 1, 1])
    assert texts[typical[0]] in ("carers late again", "late every morning and carers late")
    assert typical_statements(["!!", "??"], [0, 0]) == {0: 0}


# -- estimator hygiene (scikit-learn's rules) ------------------------------------------------------------

@pytest.mark.parametrize("bad", [{"n_themes": 0}, {"n_themes": "5"}, {"neighbours": -1}, {"max_themes": 0},
                                 {"min_confidence": 1.5}, {"min_confidence": -0.1}])
def test_bad_settings_are_refused_at_fit_in_plain_words(bad):
    with pytest.raises(InvalidParameterError, match=f"'{next(iter(bad))}' parameter of ThemeSuggester must be"):
        ThemeSuggester(**bad).fit(TEXTS)


def test_estimators_say_they_take_texts():
    for estimator in (ThemeSuggester(), ThemePlacer(), StatementVectors()):
        tags = estimator.__sklearn_tags__()
        assert tags.input_tags.string and not tags.input_tags.two_d_array


# scikit-learn's checks that apply to estimators of texts. The others feed numeric 2-D arrays (wtfc's
# estimators take a sequence of texts, so they are skipped by check_estimator itself for two_d_array=False):
SKIPPED_CHECKS = {
    "check_estimators_dtypes, check_fit2d_*, check_fit1d, check_n_features_in*, check_dtype_object":
        "numeric arrays: the estimators take texts",
    "check_clustering, check_classifiers_train, check_classifiers_classes, check_supervised_y_*":
        "scored on numeric blobs; the text equivalents are the tests in this file",
    "check_methods_sample_order_invariance, check_methods_subset_invariance, check_fit_idempotent":
        "numeric arrays; the order and repeat tests above do this on texts",
    "check_estimators_pickle, check_readonly_memmap_input, check_estimators_nan_inf":
        "numeric arrays; pickling is covered by test_fitted_estimators_survive_pickling",
}


@pytest.mark.parametrize("estimator", [ThemeSuggester(), ThemePlacer(), StatementVectors()], ids=lambda e: type(e).__name__)
@pytest.mark.parametrize("check", [checks.check_estimator_cloneable, checks.check_estimator_repr,
                                   checks.check_no_attributes_set_in_init, checks.check_parameters_default_constructible,
                                   checks.check_get_params_invariance, checks.check_set_params,
                                   checks.check_do_not_raise_errors_in_init_or_set_params, checks.check_mixin_order,
                                   checks.check_estimator_tags_renamed, checks.check_valid_tag_types,
                                   checks.check_param_validation], ids=lambda c: c.__name__)
def test_scikit_learn_checks_that_apply_to_texts(estimator, check):
    check(type(estimator).__name__, estimator)


def test_fitted_estimators_survive_pickling():
    model = ThemeSuggester(n_themes=4).fit(TEXTS)
    again = pickle.loads(pickle.dumps(model))
    assert list(again.predict(TEXTS)) == list(model.predict(TEXTS))
    placer = ThemePlacer().fit(TEXTS, [0] * 8 + [UNASSIGNED] * 24)
    assert np.allclose(pickle.loads(pickle.dumps(placer)).predict_proba(TEXTS), placer.predict_proba(TEXTS))


# -- confidence and the "Not sure yet" pile ---------------------------------------------------------------

# Eight things 39 people said in a small "working" category (invented).
EIGHT_ISSUES = {
    "on time": ["My carers always arrive on time", "They come on time every morning", "Visits are on time now",
                "The evening call is always on time", "They are never late and always on time"],
    "kind": ["The carers are kind and patient", "Staff are so kind to my mum", "Kind and gentle when they wash me",
             "They are kind and caring people", "Every carer is kind to me"],
    "medication": ["They remind me to take my tablets", "My medication is always given right",
                   "The carer checks my tablets and medication", "Tablets are given at the right time",
                   "They keep my medication chart up to date"],
    "going out": ["They take me out to the shops", "I go out to the park with my carer", "We go out for coffee",
                  "Going out to the shops on Fridays", "My carer takes me out to church"],
    "meals": ["They cook me a hot meal", "My lunch is made fresh every day", "A hot meal at lunch time",
              "They make my favourite meal", "Lunch is always a proper hot meal"],
    "office": ["The office answers the phone quickly", "When I ring the office they help",
               "The office staff sort out problems on the phone", "I can phone the office any time",
               "Office staff call me back the same day"],
    "same carers": ["I see the same carers every week", "The same two carers come", "Same carers who know me well",
                    "It is the same carers so I feel safe", "I like seeing the same carers"],
    "garden": ["They help me water the garden", "My carer helps in the garden", "Sitting in the garden with my carer",
               "We plant flowers in the garden", "The garden is tidy thanks to them"],
}
EIGHT_TEXTS = [t for texts in EIGHT_ISSUES.values() for t in texts][:39]
EIGHT_TRUTH = [issue for issue, texts in EIGHT_ISSUES.items() for _ in texts][:39]


def test_small_category_about_eight_things_gets_about_eight_themes():
    model = ThemeSuggester(min_confidence=0).fit(EIGHT_TEXTS)
    assert 7 <= model.n_themes_ <= 12
    assert adjusted_rand_score(EIGHT_TRUTH, model.labels_) > 0.6


def test_every_placement_has_a_confidence_between_0_and_1():
    texts = TEXTS + NO_CONTENT
    fixed = np.full(len(texts), UNASSIGNED)
    fixed[:2] = 9
    model = ThemeSuggester(n_themes=4, min_confidence=0).fit(texts, fixed)
    assert model.confidence_.shape == (len(texts),)
    assert ((model.confidence_ >= 0) & (model.confidence_ <= 1)).all()
    assert (model.confidence_[:2] == 1).all()
    assert (model.confidence_[len(TEXTS):] == 0).all()
    assert not model.unsure_.any() and (model.labels_[:len(TEXTS)] != UNASSIGNED).all()


def test_a_statement_unlike_every_theme_goes_to_not_sure_yet():
    odd = "The weather was lovely at the seaside in August"
    texts = TEXTS + [odd, "Lunch was late"]
    placed = ThemeSuggester(n_themes=4, min_confidence=0).fit(texts)
    clean = placed.confidence_[:len(TEXTS)]
    assert placed.confidence_[-2] < np.median(clean) and placed.confidence_[-1] < np.median(clean)
    threshold = max(placed.confidence_[-2:]) + 1e-6
    unsure = ThemeSuggester(n_themes=4, min_confidence=threshold).fit(texts)
    assert unsure.unsure_[-2:].all() and (unsure.labels_[-2:] == UNASSIGNED).all()
    assert not (unsure.unsure_ & unsure.no_content_).any()
    assert set(unsure.themes_.tolist()) == set(unsure.labels_[unsure.labels_ != UNASSIGNED].tolist())
    assert set(unsure.keywords_) == set(unsure.themes_.tolist())


def test_the_default_threshold_leaves_clean_themes_whole():
    model = ThemeSuggester(n_themes=4).fit(TEXTS)
    assert model.unsure_.sum() <= 2 and adjusted_rand_score(TRUTH, model.labels_) > 0.8


def test_fixed_statements_are_never_unsure():
    fixed = np.array([7 if topic == "late" else UNASSIGNED for topic in TRUTH])
    fixed[TRUTH.index("food")] = 7  # a person put one unlike statement there
    model = ThemeSuggester(n_themes=4, min_confidence=1.0).fit(TEXTS, fixed)
    assert (model.labels_[fixed == 7] == 7).all() and not model.unsure_[fixed == 7].any()
    assert model.unsure_[fixed == UNASSIGNED].all()


# -- the placer: corrections that teach -----------------------------------------------------------------

def _two_examples_each():
    y = np.full(len(TEXTS), UNASSIGNED)
    for number, topic in enumerate(TOPICS):
        first = TRUTH.index(topic)
        y[first:first + 2] = number
    return y


def test_placer_places_the_rest_from_two_examples_per_theme():
    y = _two_examples_each()
    placer = ThemePlacer().fit(TEXTS, y)
    assert list(placer.classes_) == [0, 1, 2, 3]
    predicted = placer.predict(TEXTS)
    truth = [list(TOPICS).index(topic) for topic in TRUTH]
    rest = y == UNASSIGNED
    assert (predicted[rest] == np.array(truth)[rest]).mean() >= 0.8
    probability = placer.predict_proba(TEXTS)
    assert probability.shape == (len(TEXTS), 4) and np.allclose(probability.sum(axis=1), 1)
    assert ((placer.confidence(TEXTS) > 0) & (placer.confidence(TEXTS) <= 1)).all()


def test_a_theme_with_a_name_and_no_statements_gets_its_likely_statements():
    y = _two_examples_each()
    y[y == 2] = UNASSIGNED  # nobody has placed anything about the same carers yet
    placer = ThemePlacer().fit(TEXTS, y, theme_names={2: "I want to see the same carers", 5: ""})
    assert list(placer.classes_) == [0, 1, 2, 3]
    proposed = [index for index, _ in placer.proposals(TEXTS, 2, candidates=np.flatnonzero(y == UNASSIGNED),
                                                        top_n=5)]
    assert sum(TRUTH[i] == "same carers" for i in proposed) >= 4
    assert all(y[i] == UNASSIGNED for i in proposed)


def test_where_does_this_go_gives_the_best_three_themes():
    placer = ThemePlacer().fit(TEXTS, _two_examples_each())
    best = placer.where_does_this_go("My carer came late again this morning")
    assert len(best) == 3 and best[0][0] == 0
    assert best[0][1] >= best[1][1] >= best[2][1]


def test_placer_gives_no_content_zero_confidence_and_never_proposes_it():
    texts = TEXTS + ["Nothing", "!!!"]
    y = np.append(_two_examples_each(), [UNASSIGNED, UNASSIGNED])
    placer = ThemePlacer().fit(texts, y)
    assert list(placer.confidence(["Nothing", "!!!"])) == [0, 0]
    assert all(i < len(TEXTS) for i, _ in placer.proposals(texts, 0, top_n=len(texts)))


def test_placer_reuses_fitted_vectors_and_gives_the_same_answer():
    vectors = StatementVectors().fit(TEXTS)
    y = _two_examples_each()
    reused = ThemePlacer(vectors=vectors).fit(TEXTS, y)
    assert reused.vectors_ is vectors
    assert np.allclose(reused.predict_proba(TEXTS), ThemePlacer().fit(TEXTS, y).predict_proba(TEXTS), atol=1e-5)


def test_a_statement_placed_in_the_wrong_theme_is_told_where_it_fits():
    y = _two_examples_each()
    misplaced = TRUTH.index("late") + 5  # a late-call statement someone put under food
    y[misplaced] = 1
    placer = ThemePlacer().fit(TEXTS, y)
    assert placer.predict([TEXTS[misplaced]])[0] == 0  # its neighbours, not its own placing, decide
    assert placer.where_does_this_go(TEXTS[misplaced])[0][0] == 0


def test_themes_spread_along_statements_alike():
    """One example per theme: the other statements are reached through their most similar statements."""
    y = np.full(len(TEXTS), UNASSIGNED)
    for number, topic in enumerate(TOPICS):
        y[TRUTH.index(topic)] = number
    placer = ThemePlacer(neighbours=5).fit(TEXTS, y)
    truth = np.array([list(TOPICS).index(topic) for topic in TRUTH])
    rest = y == UNASSIGNED
    spread = (placer.predict(TEXTS)[rest] == truth[rest]).mean()
    nearest_centre = (placer.classes_[placer.decision_function(TEXTS).argmax(axis=1)][rest] == truth[rest]).mean()
    assert spread >= 0.85 and spread > nearest_centre
    assert np.allclose(placer.spread_[~rest], np.eye(4)[y[~rest]])  # placed statements keep their theme


def test_the_graph_of_statements_is_symmetric_and_remembered():
    vectors = StatementVectors().fit(TEXTS)
    graph, unsmoothed = vectors.neighbour_graph(TEXTS, 5)
    assert graph.shape == (len(TEXTS), len(TEXTS)) and (graph != graph.T).nnz == 0
    assert (np.asarray((graph > 0).sum(axis=1)).ravel() >= 5).all() and graph.diagonal().sum() == 0
    assert np.allclose(unsmoothed, vectors.transform_unsmoothed(TEXTS))
    assert vectors.neighbour_graph(list(TEXTS), 5)[0] is graph  # a rerun with the same texts reuses it
    assert vectors.neighbour_graph(TEXTS, 3)[0] is not graph


def test_placer_refuses_what_it_cannot_learn_from():
    with pytest.raises(ValueError, match="Nothing to learn from"):
        ThemePlacer().fit(TEXTS, [UNASSIGNED] * len(TEXTS))
    with pytest.raises(ValueError, match="one whole theme number"):
        ThemePlacer().fit(TEXTS, [0, 1])
    with pytest.raises(InvalidParameterError):
        ThemePlacer(temperature=0).fit(TEXTS, _two_examples_each())
    with pytest.raises(ValueError, match="not among the themes"):
        ThemePlacer().fit(TEXTS, _two_examples_each()).proposals(TEXTS, 9)


# -- names the room can use ---------------------------------------------------------------------------------

NAMED = ["Sarah is lovely and always cheerful", "My carer Michelle is lovely", "lovely carers, Sarah and Michelle",
         "The girls are lovely, especially Sarah", "[name] is lovely with mum", "Michelle and Sarah are lovely",
         "The carers are LATE every day", "Late calls again, Dave said sorry"]


def test_key_words_never_hold_a_persons_name():
    names = name_like_words(NAMED)
    assert {"sarah", "michelle", "dave", "name"} <= names
    assert not names & {"lovely", "late", "carers", "calls", "girls", "mum"}
    keywords = theme_keywords(NAMED, [0] * 6 + [1] * 2)
    assert keywords[0][0] == "lovely" and not set(keywords[0] + keywords[1]) & names
    assert "late" in keywords[1]


def test_a_given_name_is_never_a_key_word_even_at_the_start_of_a_statement():
    texts = ["Sarah is lovely", "Joan always smiles", "lovely carers", "carers smile", "Will is kind", "I will wait"]
    names = name_like_words(texts)
    assert {"sarah", "joan"} <= names and not names & {"will", "lovely", "carers", "smile"}
    assert not set(theme_keywords(texts, [0, 0, 0, 0, 1, 1], top_n=10)[0]) & {"sarah", "joan"}


def test_a_short_name_comes_from_the_typical_statement():
    assert short_name("My carers are often late, and nobody rings to tell me", ["late"]) == "My carers are often late"
    assert short_name("Sarah is great. the carers come on time every single morning without fail",
                      ["time"], frozenset({"sarah"})) == "The carers come on time every single morning without fail"
    assert short_name("!!!") == ""
    # A clause of up to SHORT_NAME_WORDS words stays whole: cut shorter, "I never know who is coming at the
    # weekend" was "I never know".
    assert short_name("I never know who is coming at the weekend") == "I never know who is coming at the weekend"
    assert short_name("They never tell me who is coming on the day of the visit") == \
        "They never tell me who is coming on the day"  # 13 words: cut at 12, less "of the"
    # A longer one is cut where a thought ends, keeping enough of it to say something, never on a dangling word.
    assert short_name("My lunch is always stone cold by the time the carers get round to me") == \
        "My lunch is always stone cold"
    assert short_name("Staff are always in a rush and never have time to stop for a chat") == \
        "Staff are always in a rush"
    assert short_name("Carers never take their muddy boots off in my house even though I ask") == \
        "Carers never take their muddy boots off in my house"
    assert short_name("I want to be asked what I think about the times of my calls each week") == \
        "I want to be asked what I think about the times"
    names = short_names(TEXTS[:16], [0] * 8 + [1] * 8)
    assert set(names) == {0, 1} and all(0 < len(n.split()) <= SHORT_NAME_WORDS for n in names.values())


def test_a_short_name_keeps_a_redaction_placeholder_so_it_stays_a_sentence():
    # Without it "[name] is lovely" was "Is lovely", and New theme named the theme "I like that is lovely".
    assert short_name("[name] is lovely", leave_out=frozenset({"name"})) == "[name] is lovely"
    assert short_name("I rang [phone] and nobody answered") == "I rang [phone] and nobody answered"
    assert short_name("[name] [phone]") == ""  # nothing but what redaction left: no name to give
    # a clause that names nobody is still preferred where there is one
    assert short_name("[name] came late, the calls are too short", leave_out=frozenset({"name"})) == \
        "The calls are too short"
