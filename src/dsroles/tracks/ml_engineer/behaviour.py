"""ML engineer, lesson 4 (``04_model_behaviour``): behavioural tests of the model (minimum
functionality, invariance, direction: CheckList, Ribeiro et al. 2020) and a release gate
that accepts or refuses a candidate model.

    from dsroles.tracks.ml_engineer import behaviour as lesson
    q = lesson.bind(seed=SEED)
    q.invariance.check(check_invariance)
"""

from __future__ import annotations

from dsroles.checks import Part
from dsroles.checks.exercise import Exercise
from dsroles.checks.registry import binder
from dsroles.tracks.ml_engineer import behaviours as B
from dsroles.tracks.ml_engineer.behaviours import LESSON_GATE, behaviour_models, behaviour_rows  # noqa: F401
from dsroles.tracks.ml_engineer.placeholders import is_stub

invariance = Exercise(
    "mle.invariance",
    competency="MLE-3",
    compare=B.behaviour_check("invariance", "your invariance test", ("email", "name", "customer_id")),
    context=("seed",),
    not_attempted=is_stub,
    hints=[
        "Score `rows`, then score a copy in which only the identity columns changed (shuffle "
        "them, or give everyone the same made-up name), and compare the two.",
        "Change each of `customer_id`, `name` and `email`; assert with "
        "`np.allclose(before, after)`.",
    ],
    solution="```python\ndef check_invariance(model, rows):\n    before = model.predict_proba(rows)[:, 1]\n"
             "    for column in ['customer_id', 'name', 'email']:\n"
             "        changed = rows.assign(**{column: rows[column].sample(frac=1, random_state=0).to_numpy()})\n"
             "        assert np.allclose(before, model.predict_proba(changed)[:, 1]), column\n```",
)

direction = Exercise(
    "mle.direction",
    competency="MLE-3",
    compare=B.behaviour_check("direction", "your directional test", ("payments_backwards",)),
    context=("seed",),
    not_attempted=is_stub,
    hints=[
        "Give every row 0, then 1, 2 and 3 failed payments, score each version, and assert "
        "that no customer's score falls from one step to the next.",
        "A failed payment this month also counts in the last three months: raise "
        "`failed_payments_month` and `failed_payments_3m` together.",
    ],
    solution="```python\ndef check_direction(model, rows):\n    scores = [model.predict_proba(rows.assign("
             "failed_payments_month=k, failed_payments_3m=k))[:, 1]\n              for k in range(4)]\n"
             "    for lower, higher in zip(scores, scores[1:]):\n        assert (higher >= lower - 1e-12).all()\n```",
)

release_gate = Exercise(
    "mle.release_gate",
    competency="MLE-3",
    context=("seed",),
    not_attempted=is_stub,
    precheck=B.releases_good(LESSON_GATE),
    parts=[Part(f"the {name} candidate", B.refuses(name, LESSON_GATE))
           for name in ("leaky", "worse", "miscalibrated")],
    hints=[
        "Score both models on `holdout[features.MODEL_FEATURES]`, exactly what the service will "
        "send; a candidate that cannot score that is refused (catch its exception).",
        "Compare `roc_auc_score` and `brier_score_loss` of candidate and current on the "
        "holdout's `churned`, with the tolerances of the rules.",
    ],
    solution="```python\ndef release_gate(candidate, current, holdout):\n"
             "    X, y = holdout[features.MODEL_FEATURES], holdout['churned']\n    try:\n"
             "        new = candidate.predict_proba(X)[:, 1]\n    except Exception:\n        return False\n"
             "    old = current.predict_proba(X)[:, 1]\n"
             "    return (roc_auc_score(y, new) >= roc_auc_score(y, old) - 0.03\n"
             "            and brier_score_loss(y, new) <= 1.10 * brier_score_loss(y, old))\n```",
)


def gate_holdout(seed: int):
    return B.holdout(int(seed), LESSON_GATE)


def gate_models(seed: int):
    """(current, {name: candidate}) of the lesson's release."""
    return B.gate_models(int(seed), LESSON_GATE)


bind = binder(__name__)
