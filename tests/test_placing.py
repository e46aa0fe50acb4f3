"""The placer's score of how well a statement fits any theme learnt at all (``ThemePlacer.fits_any``)."""
import numpy as np
from sklearn.metrics import roc_auc_score

from wtfc.placing import ThemePlacer
from wtfc.theming import UNASSIGNED

# Two subjects the room has examples of, and one (pets) that no theme covers. Written for these tests.
SUBJECTS = {
    "medicines": ["The carer gives me my tablets on time", "My medication is always checked before I take it",
                  "They forgot my evening tablets twice", "Nobody reminds me to take my medicine",
                  "My tablets are in a dosette box the carer fills", "The medication chart is filled in every visit",
                  "I got the wrong tablets one morning", "Carers make sure I take my medicine with food"],
    "washing": ["They help me have a shower every morning", "I would like a bath more often than once a week",
                "The carer washes my hair on Fridays", "I feel clean and fresh after my shower",
                "Help with washing and dressing is done gently", "I want a shower not just a strip wash",
                "My carer helps me out of the bath safely", "Getting washed and dressed takes too long"],
    "pets": ["My dog needs walking and nobody can do it", "Please feed the cat when you come in",
             "I worry about who looks after my budgie", "The dog barks when strangers arrive",
             "My cat is my best company at home", "Could someone take the dog to the vet",
             "I want to keep my little terrier with me", "The cat sleeps on my bed every night"],
}
THEME_NAMES = {"medicines": "Taking my medicines", "washing": "Washing and bathing"}
TEXTS = [text for texts in SUBJECTS.values() for text in texts]
SUBJECT = np.array([subject for subject, texts in SUBJECTS.items() for _ in texts])


def _two_examples_of_medicines_and_washing():
    y = np.full(len(TEXTS), UNASSIGNED)
    for number, subject in enumerate(THEME_NAMES):
        first = list(SUBJECT).index(subject)
        y[first:first + 2] = number
    return y


def _fitted():
    return ThemePlacer().fit(TEXTS, _two_examples_of_medicines_and_washing(),
                             {number: name for number, name in enumerate(THEME_NAMES.values())})


def test_statements_about_a_subject_no_theme_covers_fit_less_than_any_about_a_theme():
    """The probability cannot tell them apart (some statement about pets is likelier in its theme than some
    statement about medicines or washing); how well they fit any theme at all can."""
    placer, y = _fitted(), _two_examples_of_medicines_and_washing()
    fits, probability = placer.fits_any(TEXTS), placer.predict_proba(TEXTS).max(axis=1)
    pets, covered = SUBJECT == "pets", (SUBJECT != "pets") & (y == UNASSIGNED)
    assert probability[pets].max() > probability[covered].min()
    assert roc_auc_score(pets[pets | covered], fits[pets | covered]) < 0.05  # pets fit less, bar one pair in 96
    assert np.median(fits[pets]) < 0.5 * np.median(fits[covered])


def test_fits_any_is_between_0_and_1_the_same_for_the_same_input_and_0_without_words():
    texts = TEXTS + ["The carer ran out of my tablets on Sunday", "Nothing", "!!!"]
    first, again = _fitted().fits_any(texts), _fitted().fits_any(texts)
    assert ((first >= 0) & (first <= 1)).all()
    assert np.array_equal(first, again)
    assert list(first[-2:]) == [0, 0]
    assert first[len(TEXTS)] > 0  # a statement the placer was not fitted on
