"""Business owner, lesson 4 (``04_enough_ml_to_steer``): the confusion matrix at the chosen
threshold in business words, the share of leavers among the top-scored customers, two model
cards compared, and the questions a model card must answer.

    from dsroles.tracks.business_owner import steer as lesson
    q = lesson.bind(seed=SEED)
    q.confusion_words.check(my_counts)
"""

from __future__ import annotations

import numpy as np

from dsroles.checks import Part
from dsroles.checks.exercise import Exercise
from dsroles.checks.numbers import as_number
from dsroles.checks.outcomes import Incorrect
from dsroles.checks.records import choice_field, field_of, record
from dsroles.checks.registry import binder
from dsroles.checks.wording import plural
from dsroles.tracks.business_owner import cards, data, money

THRESHOLD = 0.12  # the break-even probability, rounded up to the grid
TOP_SHARE = 0.10  # the retention team can call about a tenth of the customers a month

CELLS = {  # business words -> (flagged, left)
    "offers_wasted": (True, False),
    "leavers_reached": (True, True),
    "leavers_missed": (False, True),
    "left_alone": (False, False),
}
CELL_WORDS = {
    "offers_wasted": "the offers to customers who would have stayed anyway",
    "leavers_reached": "the offers to customers who would have left",
    "leavers_missed": "the customers who left without an offer",
    "left_alone": "the customers who stayed without an offer",
}


def test_scores(seed: int):
    """(y, p): the data scientist's reference model on September to November 2025."""
    return data.test_scores(seed)


def model_cards(seed: int):
    """The lesson's two model cards side by side: one row per question."""
    return cards.as_table(cards.lesson_cards(seed))


QUESTIONS = cards.QUESTIONS


def confusion_counts(y, p, threshold: float) -> dict:
    """The four cells of the confusion matrix, named in business words."""
    y, flagged = np.asarray(y).astype(bool), np.asarray(p) >= threshold
    return {k: int(((flagged == f) & (y == left)).sum()) for k, (f, left) in CELLS.items()}


def cell_part(key: str):
    """A part: the record's ``key`` is that cell's count; a count from another cell is named."""
    def check(record, expected, context):
        got = as_number(field_of(record, key), repr(key))
        if got == expected[key]:
            return
        others = [k for k in CELLS if k != key and expected[k] == got]
        if others:
            raise Incorrect(f"{key!r} holds the count of {others[0]!r}: {key!r} counts "
                            f"{CELL_WORDS[key]}.")
        raise Incorrect(f"{key!r} ({got:g}) is {'too high' if got > expected[key] else 'too low'}"
                        f": it counts {CELL_WORDS[key]}, with an offer for every score at or "
                        "above the threshold.")
    return check


def confusion_parts():
    return [Part(k.replace("_", " "), cell_part(k)) for k in CELLS]


confusion_words = record(
    "bo.confusion_words",
    competency="BO-4",
    fields=CELLS,
    what="your counts",
    expected=lambda seed: confusion_counts(*data.test_scores(seed), THRESHOLD),
    context=("seed",),
    parts=confusion_parts(),
    hints=[
        "An offer goes to every customer scored at or above the threshold "
        "(`p_test >= 0.12`); `y_test == 1` marks those who then left. Each cell combines one "
        "of the two with one of the two.",
        "Make two boolean arrays: flagged (score at or above 0.12) and left (the label is 1)."
        " Combine them with `&` and `~` (not) and count the True values: flagged but stayed "
        "is an offer wasted.",
    ],
    solution=(
        "```python\nflagged, left = p_test >= 0.12, y_test == 1\nmy_counts = {\n"
        "    'offers_wasted': int((flagged & ~left).sum()),\n"
        "    'leavers_reached': int((flagged & left).sum()),\n"
        "    'leavers_missed': int((~flagged & left).sum()),\n"
        "    'left_alone': int((~flagged & ~left).sum()),\n}\n```"
    ),
)


def share_of_leavers_in_top(y, p, share: float) -> float:
    """Of all the leavers, the share whose score is among the top ``share`` of scores."""
    y = np.asarray(y).astype(bool)
    top = np.argsort(-np.asarray(p), kind="stable")[:int(round(share * len(y)))]
    return float(y[top].sum() / y.sum())


def check_top_share(value, want, *, y, share: float) -> None:
    """The share of leavers held by the top scores; the share of the top who leave is named."""
    got = as_number(value, "your share")
    leavers = int(np.asarray(y).astype(bool).sum())
    precision = want * leavers / int(round(share * len(y)))  # the top's share who left
    if abs(got - precision) < 0.006 and abs(got - want) >= 0.006:
        raise Incorrect("that is the share of the top-scored customers who left. The question "
                        "is the other way round: of all the customers who left, what share "
                        "were among the top scores?")
    tol = 1.5 / max(1, leavers)  # one leaver either side: the top's edge may be drawn apart
    money.check_share(got, want, what="your share", abs_tol=tol,
                      advice=f"Sort by score, keep the top {share:.0%} of the rows, and divide "
                             "the leavers among them by all the leavers.")


top_share = Exercise(
    "bo.top_share",
    competency="BO-4",
    compare=lambda v, want, c: check_top_share(v, want, y=data.test_scores(c["seed"])[0],
                                               share=TOP_SHARE),
    expected=lambda seed: share_of_leavers_in_top(*data.test_scores(seed), TOP_SHARE),
    context=("seed",),
    hints=[
        "Sort the test rows by score, highest first, and keep the first tenth of them. Count "
        "the leavers among them, and divide by the number of leavers in all the test rows.",
        "`np.argsort` of the negated scores gives the row positions from highest score to "
        "lowest. Keep the first tenth of them (rounded to a whole number), and use those "
        "positions to pick from `y_test`.",
    ],
    solution=(
        "```python\norder = np.argsort(-p_test)\ntop = order[:round(0.1 * len(p_test))]\n"
        "my_share = y_test[top].sum() / y_test.sum()\n```"
    ),
)


def _problems_part(record, expected, context):
    value = field_of(record, "problems_of_the_other")
    if type(value) not in (list, tuple, set) or any(type(x) is not str for x in value):
        raise Incorrect("'problems_of_the_other' should be a list of problem codes (text).")
    unknown = [x for x in value if x not in cards.PROBLEMS]
    if unknown:
        raise Incorrect(f"{unknown[0]!r} is not one of the problem codes: "
                        f"{', '.join(cards.PROBLEMS)}.")
    got, want = set(value), set(cards.LESSON_PROBLEMS_OF_B)
    found = ([f"it misses {plural(len(want - got), 'problem')} that card B has"]
             if want - got else []) + \
            ([f"it lists {plural(len(got - want), 'problem')} that card B does not have"]
             if got - want else [])
    if found:
        raise Incorrect(f"'problems_of_the_other': {' and '.join(found)}. Read each line of "
                        "card B against card A.")


deploy_choice = record(
    "bo.deploy_choice",
    competency="BO-4",
    fields=("deploy", "problems_of_the_other"),
    what="your decision",
    expected={"deploy": "A"},
    parts=[
        Part("deploy", choice_field("deploy", ("A", "B"), {
            "B": "Its AUC is too good to be true: look at its inputs and how it was tested."})),
        Part("problems of the other card", _problems_part),
    ],
    hints=[
        "An AUC far above 0.8 on this data is a warning, not a prize: even the true "
        "probabilities only reach about 0.8. Read card B's inputs, how it was tested, and its "
        "threshold.",
        "Card B's extra input is only filled in after a customer has cancelled; its test rows "
        "were drawn at random from the same months; 0.5 is the default of `predict()`.",
    ],
    solution=("```python\nmy_decision = {'deploy': 'A', 'problems_of_the_other': "
              f"{list(cards.LESSON_PROBLEMS_OF_B)!r}}}\n```"),
)


def _questions_part(kind: str):
    def check(value, expected, context):
        if type(value) not in (list, tuple, set) or any(type(x) is not str for x in value):
            raise Incorrect("give a list of question codes (text).")
        unknown = [x for x in value if x not in cards.QUESTIONS]
        if unknown:
            raise Incorrect(f"{unknown[0]!r} is not one of the question codes.")
        if kind == "essential":
            missing = set(cards.ESSENTIAL) - set(value)
            if missing:
                raise Incorrect(f"your list leaves out {plural(len(missing), 'question')} a "
                                "card must answer before anyone relies on the model.")
        else:
            extra = set(value) & set(cards.NOT_NEEDED)
            if extra:
                raise Incorrect(f"your list holds {plural(len(extra), 'question')} that do "
                                "not help anyone decide whether to rely on the model.")
    return check


card_questions = Exercise(
    "bo.card_questions",
    competency="BO-4",
    parts=[Part("must answer", _questions_part("essential"), 2.0),
           Part("need not", _questions_part("not_needed"), 1.0)],
    hints=[
        "Ask of each question: would the answer change whether, when or how you rely on the "
        "model's scores?",
        "The way it was built (language, hardware, team) does not; what it is for, what it "
        "learned from, how it was tested, how good it is, on which inputs, where to act, "
        "where it fails, whom it may treat unfairly, and who answers for it all do.",
    ],
    solution=f"```python\nmy_questions = {list(cards.ESSENTIAL)!r}\n```",
)


bind = binder(__name__)
