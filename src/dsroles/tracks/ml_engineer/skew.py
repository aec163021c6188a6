"""ML engineer, lesson 5 (``05_training_serving_skew``): compute serving features the way
training did, find the skew planted in a serving function, and write a check that compares
training and serving features on the same rows.

    from dsroles.tracks.ml_engineer import skew as lesson
    q = lesson.bind(seed=SEED)
    q.skew_check.check(skew_check)
"""

from __future__ import annotations

from dsroles.checks import Part
from dsroles.checks.exercise import Exercise
from dsroles.checks.outcomes import Incorrect, is_blank_text
from dsroles.checks.registry import binder
from dsroles.tracks.ml_engineer import servings as S
from dsroles.tracks.ml_engineer.placeholders import is_stub
from dsroles.tracks.ml_engineer.servings import (  # noqa: F401 - the lesson uses them
    MONTH, record_store, served_customers, serving_rows, training_rows)

LESSON_SKEW = "tenure_30_day_months"
serve_v1 = S.SKEWS[LESSON_SKEW][1]  # the serving team's first version, as handed over


def _check_feature(value, expected, context):
    from dsroles.churn.features import MODEL_FEATURES

    if type(value) is not str or value.strip() not in MODEL_FEATURES:
        raise Incorrect("give the name of one model feature, as text (features.MODEL_FEATURES "
                        "lists them).")
    if value.strip() != expected:
        raise Incorrect(f"serving computes {value.strip()!r} exactly as training does: compare "
                        "the two tables feature by feature, on the same customers.")


skewed_feature = Exercise(
    "mle.skewed_feature",
    competency="MLE-5",
    compare=_check_feature,
    expected=S.SKEWS[LESSON_SKEW][0],
    not_attempted=is_blank_text,
    hints=[
        "Merge the training rows and the served rows on `customer_key` and `snapshot_month`, "
        "then compare each feature's two columns.",
        "`(merged[f + '_train'] - merged[f + '_serve']).abs().max()` for each numeric feature; "
        "the one that is not 0 is skewed.",
    ],
    solution="```python\nm = training.merge(served, on=['customer_key', 'snapshot_month'], "
             "suffixes=('_train', '_serve'))\nskewed = [f for f in features.NUMERIC\n"
             "          if not np.allclose(m[f + '_train'], m[f + '_serve'])][0]\n```",
)

skew_check = Exercise(
    "mle.skew_check",
    competency="MLE-5",
    context=("seed",),
    not_attempted=is_stub,
    precheck=S.no_false_alarm,
    parts=[Part("prices in pence", S.catches("charges_in_pence")),
           Part("a forgotten window", S.catches("failed_this_month_only"))],
    hints=[
        "Merge on the key columns (`customer_key`, `snapshot_month`) so that only the rows both "
        "tables hold are compared, whatever their order.",
        "Numbers: `np.isclose(a, b, rtol=1e-6, atol=1e-6)`; text: `a == b`. A feature is skewed "
        "when any shared row differs.",
    ],
    solution="```python\ndef skew_check(training, serving):\n"
             "    m = training.merge(serving, on=['customer_key', 'snapshot_month'], suffixes=('_t', '_s'))\n"
             "    skewed = []\n    for f in features.MODEL_FEATURES:\n        a, b = m[f + '_t'], m[f + '_s']\n"
             "        if f in features.NUMERIC:\n            same = np.isclose(a, b, rtol=1e-6, atol=1e-6, "
             "equal_nan=True)\n        else:\n            same = a.astype(str) == b.astype(str)\n"
             "        if not same.all():\n            skewed.append(f)\n    return skewed\n```",
)


bind = binder(__name__)
