"""Model cards: what a business owner reads before a model is deployed.

``lesson_cards(seed)`` are two cards for the same job, whose AUCs come from models really
trained on the seed's data: an honest one (time split, the leak-free columns, a threshold from
the money) and one resting on the exit-survey leak, tested on randomly drawn rows, with a
too-good AUC. ``exam_cards(seed)`` adds a third (gender and age as inputs) and shuffles the
letters with the seed. ``QUESTIONS`` are the questions a card must answer, and some it need
not.
"""

from __future__ import annotations

import functools

from dsroles.checks.models import one_thread
from dsroles.tracks.business_owner import data

QUESTIONS = {
    "intended_use": "What is the model for, who acts on it, and what is it not for?",
    "training_data": "Which data was it trained on, from when to when?",
    "evaluation": "How was it tested: on which data, split how?",
    "performance": "How good is it, in numbers, and how sure is that number?",
    "inputs": "Which inputs does it use, and is each known when the score is made?",
    "threshold": "At which score should someone act, and why there?",
    "limitations": "Where does it fail, or stop applying?",
    "fairness": "Does it treat groups of customers (gender, age) alike?",
    "owner": "Who owns it, and whom do you ask about it?",
    "language": "Which programming language is it written in?",
    "lines_of_code": "How many lines of code does it have?",
    "hardware": "On which computer was it trained?",
    "team_size": "How many people worked on it?",
}
ESSENTIAL = ("intended_use", "training_data", "evaluation", "performance", "inputs",
             "threshold", "limitations", "fairness", "owner")
NOT_NEEDED = tuple(q for q in QUESTIONS if q not in ESSENTIAL)

PROBLEMS = {
    "leak": "relies on a column that is only filled in after a customer has left",
    "random_split": "was tested on rows drawn at random, so it saw the future of the customers "
                    "it was tested on",
    "protected": "takes gender or age as inputs",
    "no_money_threshold": "acts at a threshold that was not worked out from the money",
    "old_data": "was trained on data from before 2025",
}
LESSON_PROBLEMS_OF_B = ("leak", "random_split", "no_money_threshold")

_USE = ("rank the customers subscribed at the end of each month by their risk of cancelling "
        "in the next month, for the retention team's calls; not for pricing or credit")


def _auc(y, p) -> float:
    from sklearn.metrics import roc_auc_score

    return round(float(roc_auc_score(y, p)), 3)


@functools.lru_cache(maxsize=4)
def _leaky_auc(seed: int) -> float:
    """The model with the exit-survey leak, trained and tested on rows drawn at random."""
    from dsroles.churn import train
    from dsroles.churn.features import LABEL, MODEL_FEATURES
    from dsroles.churn.params import LEAKAGE_COLUMN

    snaps = data.tables(seed).snapshots
    drawn = snaps.sample(frac=0.2, random_state=int(seed))
    rest = snaps.drop(drawn.index)
    columns = MODEL_FEATURES + [LEAKAGE_COLUMN]
    with one_thread():
        model = train.train(rest, features=columns)
    return _auc(drawn[LABEL], model.predict_proba(drawn[columns])[:, 1])


@functools.lru_cache(maxsize=4)
def _protected_auc(seed: int) -> float:
    """The reference model given gender (a category) and age too, on the time split."""
    from dsroles.churn import train
    from dsroles.churn.features import CATEGORICAL, LABEL, MODEL_FEATURES, NUMERIC, PROTECTED

    before, after = train.time_split(data.tables(seed).snapshots)
    columns = MODEL_FEATURES + PROTECTED
    model = train.build_model(numeric=NUMERIC + ["age"], categorical=CATEGORICAL + ["gender"])
    with one_thread():
        model.fit(before[columns], before[LABEL])
    return _auc(after[LABEL], model.predict_proba(after[columns])[:, 1])


def honest_auc(seed: int) -> float:
    return _auc(*data.test_scores(seed))


def protected_auc(seed: int) -> float:
    return _protected_auc(int(seed))


def aucs(seed: int, protected: bool = False) -> dict:
    """Test AUCs, each of a model trained on the seed's snapshot table: the honest one, the
    leaky one and, if asked, the one with gender and age."""
    found = {"honest": honest_auc(seed), "leaky": _leaky_auc(int(seed))}
    if protected:
        found["protected"] = _protected_auc(int(seed))
    return found


def _honest(auc: float) -> dict:
    return {
        "model": "logistic regression",
        "intended_use": _USE,
        "training_data": "monthly snapshots, March to August 2025",
        "evaluation": "time split: tested on September to November 2025, after the training "
                      "months",
        "performance": f"AUC {auc:.3f} on the test months (bootstrap interval about ± 0.03)",
        "inputs": "15 columns known at the end of the month: usage, billing, tickets, "
                  "contract, plan, payment method, region",
        "threshold": "0.12: the break-even probability of the offer (cost, acceptance, "
                     "lifetime value)",
        "limitations": "trained before the 2026 price rise; a new competitor or a change in a "
                       "source needs a new check",
        "fairness": "gender and age are not inputs; scores compared across gender and age "
                    "groups",
        "owner": "the data scientist of the churn project",
    }


def _leaky(auc: float) -> dict:
    return {
        "model": "logistic regression",
        "intended_use": _USE,
        "training_data": "80 % of the monthly snapshot rows of 2025, drawn at random",
        "evaluation": "the other 20 % of the rows, drawn at random",
        "performance": f"AUC {auc:.3f}",
        "inputs": "the same 15 columns, plus exit_survey_score",
        "threshold": "0.5, the default of predict()",
        "limitations": "none found",
        "fairness": "gender and age are not inputs",
        "owner": "a contractor, for the pilot",
    }


def _protected(auc: float) -> dict:
    card = _honest(auc)
    card.update({
        "inputs": "the same 15 columns, plus gender and age",
        "fairness": "gender and age are inputs, so the model decides with them",
        "owner": "the marketing analytics team",
    })
    return card


def lesson_cards(seed: int) -> dict:
    """``{"A": honest card, "B": leaky card}``."""
    found = aucs(int(seed), False)
    return {"A": _honest(found["honest"]), "B": _leaky(found["leaky"])}


def exam_letters(seed: int) -> dict:
    """Which letter each exam card gets on this seed: ``{"honest": "C", ...}``."""
    import numpy as np

    kinds = ["honest", "leaky", "protected"]
    order = np.random.default_rng(np.random.SeedSequence([int(seed), 2026])).permutation(3)
    return {kinds[i]: letter for i, letter in zip(order, "ABC")}


def exam_cards(seed: int) -> dict:
    """Three cards for the same job, ``{"A": ..., "B": ..., "C": ...}``, letters by seed."""
    found = aucs(int(seed), True)
    made = {"honest": _honest(found["honest"]), "leaky": _leaky(found["leaky"]),
            "protected": _protected(found["protected"])}
    letters = exam_letters(seed)
    return {letters[k]: made[k] for k in sorted(made, key=letters.get)}


def as_table(cards: dict):
    """The cards side by side: one row per question, one column per card."""
    import pandas as pd

    return pd.DataFrame(cards).rename_axis("question")


def draft_card(seed: int) -> dict:
    """A draft card for the exam: some essential questions left out, one answered with an
    empty text (unanswered too), and two questions a card need not answer. Which ones depends
    on the seed."""
    import numpy as np

    rng = np.random.default_rng(np.random.SeedSequence([int(seed), 2027]))
    full = _honest(aucs(int(seed), False)["honest"])
    essential = list(ESSENTIAL)
    dropped = [essential[i] for i in sorted(rng.choice(len(essential), 3, replace=False))]
    kept = [q for q in essential if q not in dropped]
    empty = kept[int(rng.integers(0, len(kept)))]
    card = {q: full[q] for q in essential if q not in dropped}
    card[empty] = ""
    extra = [NOT_NEEDED[i] for i in sorted(rng.choice(len(NOT_NEEDED), 2, replace=False))]
    card.update({q: {"language": "Python 3.11", "lines_of_code": "about 400",
                     "hardware": "a laptop with 2 cores", "team_size": "2"}[q] for q in extra})
    return card


def unanswered(card: dict) -> list[str]:
    """The essential questions a card leaves out or answers with an empty text."""
    return [q for q in ESSENTIAL if not str(card.get(q, "")).strip()]
