"""ML engineer, lesson 3 (``03_unit_tests``): pytest tests for the feature code and the
predictor, graded by the planted bugs they catch (mutation testing).

    from dsroles.tracks.ml_engineer import unit_tests as lesson
    q = lesson.bind(seed=SEED)
    lesson.run_tests(my_tests)                # pytest's report on the correct code
    q.feature_tests.check(my_tests)           # and on each planted bug

The lesson's planted bugs are practice: the assessment plants others.
"""

from __future__ import annotations

from dsroles.checks.registry import binder
from dsroles.tracks.ml_engineer import mutants, suites
from dsroles.tracks.ml_engineer.suites import SuiteExercise, report_for, run_tests  # noqa: F401

feature_tests = SuiteExercise(
    "mle.feature_tests",
    mutants.LESSON_FEATURES,
    competency="MLE-2",
    hints=[
        "Build a customer whose features you can work out by hand: with "
        "`records(sessions=[...])`, one 90-minute session (5400 seconds) early in November. "
        "Assert each feature you know.",
        "Test the edges of each window: a failed payment two months before the snapshot month "
        "still counts in failed_payments_3m, one three months before does not.",
    ],
    solution="```python\nmy_tests = '''\nfrom dsroles.churn import online\n\n"
             "def test_minutes_are_minutes(records):\n"
             "    rec = records(sessions=[(\"2025-11-03 20:00\", 5400)])\n"
             "    assert online.online_features(*rec, \"2025-11\")[\"minutes\"] == 90.0\n\n"
             "def test_failed_payments_cover_three_months(records):\n"
             "    rec = records(bills=[(\"2025-09\", 13.99, 1), (\"2025-08\", 13.99, 1)])\n"
             "    assert online.online_features(*rec, \"2025-11\")[\"failed_payments_3m\"] == 1\n'''\n```",
)

predictor_tests = SuiteExercise(
    "mle.predictor_tests",
    mutants.LESSON_PREDICTOR,
    competency="MLE-2",
    hints=[
        "A test double makes the boundary exact: `Predictor(model, {...metadata...})` takes any "
        "object with `predict_proba`; give it one that always answers 0.2, and a threshold of 0.2.",
        "A plainly risky customer (monthly contract, failed payments, tickets, falling usage) "
        "must score higher than a plainly safe one.",
    ],
    solution="```python\nmy_tests = '''\nimport numpy as np\nfrom dsroles.churn.predictor import "
             "Predictor\n\nclass Always:\n    def __init__(self, p):\n        self.p = p\n"
             "    def predict_proba(self, X):\n        return np.tile([1 - self.p, self.p], (len(X), 1))\n\n"
             "def test_offer_at_the_threshold(customer):\n"
             "    meta = {'model_version': 't', 'features': list(customer), 'threshold': 0.2}\n"
             "    assert Predictor(Always(0.2), meta).predict_one(customer)['offer']\n\n"
             "def test_risk_is_the_churn_probability(artefact_dir, customer):\n"
             "    p = Predictor.from_artefact(artefact_dir)\n"
             "    risky = dict(customer, contract='monthly', failed_payments_month=2, "
             "failed_payments_3m=3, tickets_month=3, tickets_3m=4, usage_trend=0.2)\n"
             "    safe = dict(customer, contract='two_year', failed_payments_month=0, "
             "failed_payments_3m=0, tickets_month=0, tickets_3m=0, usage_trend=1.5)\n"
             "    assert p.predict_one(risky)['churn_probability'] > "
             "p.predict_one(safe)['churn_probability']\n'''\n```",
)


def mutation_table(source, exercise):
    """Which of the exercise's planted bugs the suite caught (None: no suite written yet)."""
    import pandas as pd

    from dsroles.checks.mutation import PASSED, SuiteError

    caught = [None] * len(exercise.mutants)
    if type(source) is str and not suites.is_blank_suite(source):
        try:
            report = report_for(source, exercise.mutants)
        except SuiteError:
            report = None
        if report is not None and report.correct.outcome == PASSED:
            caught = [m.name in report.killed for m in exercise.mutants]
    return pd.DataFrame({"bug": [m.description for m in exercise.mutants], "caught": caught})


bind = binder(__name__)
