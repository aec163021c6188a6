"""Data scientist, lesson 4 (``04_ab_test_and_reproducibility``): a retention-offer A/B test
(effect, p-value, decision) and a seeded experiment, recorded.

    from dsroles.tracks.data_scientist import ab_test
    q = ab_test.bind(seed=SEED)
    q.ab_effect.check(my_effect)
"""

from __future__ import annotations

import functools

from dsroles.checks.calling import require_function
from dsroles.checks.exercise import Exercise
from dsroles.checks.models import one_thread
from dsroles.checks.outcomes import Incorrect, is_blank_text
from dsroles.checks.registry import binder
from dsroles.tracks.data_scientist import abtests, data, experiments


def ab_sample(seed: int):
    """The retention-offer trial of this seed (``dsroles.churn.abtest.trial``)."""
    from dsroles.churn import abtest

    return abtest.trial(int(seed))


@functools.lru_cache(maxsize=8)
def ab_summary(seed: int) -> dict:
    from dsroles.churn import abtest

    return abtest.summarise(ab_sample(seed))


ab_effect = Exercise(
    "ds.ab_effect",
    competency="DS-5",
    compare=lambda value, want, ctx: abtests.check_effect(
        value, want, abtests.counts(ab_sample(ctx["seed"]))),
    expected=lambda seed: ab_summary(seed)["effect"],
    context=("seed",),
    hints=[
        "Group the trial by `group` and take the mean of `churned`: that is each group's "
        "churn rate.",
        "One groupby gives a rate per group. Index the result by group name, and subtract the"
        " offer group's rate from the control group's.",
    ],
    solution=(
        "```python\nrates = trial.groupby('group')['churned'].mean()\n"
        "effect = rates['control'] - rates['offer']\n```"
    ),
)


ab_pvalue = Exercise(
    "ds.ab_pvalue",
    competency="DS-5",
    compare=lambda value, _, ctx: abtests.check_p_value(value, ab_sample(ctx["seed"])),
    expected=lambda seed: ab_summary(seed)["p_value"],
    context=("seed",),
    hints=[
        "Make a 2 x 2 table of counts, the two groups as rows and churned 0 and 1 as columns:"
        " `pd.crosstab` of the two columns does it.",
        "`from scipy.stats import chi2_contingency`; its result's second element is the "
        "p-value. Pass `correction=False`.",
    ],
    solution=(
        "```python\nfrom scipy.stats import chi2_contingency\n"
        "table = pd.crosstab(trial['group'], trial['churned'])\n"
        "p_value = chi2_contingency(table, correction=False)[1]\n```"
    ),
)


def _check_decision(value, expected, context):
    abtests.check_decision(value, expected, cost_text="£10",
                           advice="The value of one offer is effect x lifetime value - cost; "
                                  "compute it at both ends of the effect's 95 % interval.")


ab_decision = Exercise(
    "ds.ab_decision",
    competency="DS-5",
    compare=_check_decision,
    expected=lambda seed: ab_summary(seed)["decision"],
    context=("seed",),
    not_attempted=is_blank_text,
    hints=[
        "First the 95 % interval of the effect: effect ± 1.96 x SE, with "
        "SE = sqrt(pc(1-pc)/nc + po(1-po)/no) from the two groups' churn rates and sizes.",
        "Turn both ends into the value of one offer: end x 240 - 10. Both above zero: roll "
        "out; both below: do not; one on each side: collect more data.",
    ],
    solution=(
        "```python\nn = trial.groupby('group').size()\n"
        "se = np.sqrt(rates['control'] * (1 - rates['control']) / n['control']\n"
        "             + rates['offer'] * (1 - rates['offer']) / n['offer'])\n"
        "low, high = effect - 1.96 * se, effect + 1.96 * se\n"
        "value_low, value_high = low * 240 - 10, high * 240 - 10\n"
        "decision = ('roll out' if value_low > 0 else 'do not roll out' if value_high < 0\n"
        "            else 'collect more data')\n```"
    ),
)


def reference_experiment(snaps, seed: int) -> dict:
    """Train the boosting model on the time split (seeded), score the test months, and put a
    seeded bootstrap interval around the AUC."""
    from sklearn.metrics import roc_auc_score

    from dsroles.churn import evaluate, train
    from dsroles.churn.features import LABEL, MODEL_FEATURES

    train_part, test_part = train.time_split(snaps)
    with one_thread():
        fitted = train.train(train_part, "boosting", seed=seed)
    y = test_part[LABEL].to_numpy()
    p = fitted.predict_proba(test_part[MODEL_FEATURES])[:, 1]
    return {"seed": int(seed), "auc": float(roc_auc_score(y, p)),
            "auc_interval": evaluate.bootstrap_interval(y, p, seed=seed)}


@functools.lru_cache(maxsize=8)
def _experiment(seed: int) -> dict:
    return reference_experiment(data.snapshots(seed), seed)


def _check_experiment(fn, _, context):
    require_function(fn)
    seed = int(context["seed"])
    first, again = experiments.results_of(fn, seed, seed), experiments.results_of(fn, seed, seed)
    if not experiments.same_numbers(first, again):
        raise Incorrect("two runs with the same seed gave different numbers: some random step "
                        "does not get the seed (the model's random_state? the bootstrap's "
                        "generator?).")
    other = experiments.results_of(fn, seed, seed + 1)  # the same data, another seed
    if experiments.same_numbers(first, other):
        raise Incorrect("a run with another seed gave exactly the same numbers: the seed "
                        "argument is not used. Pass it to the model and to the bootstrap.")
    if first["seed"] != seed:
        raise Incorrect("the result's 'seed' is not the seed the experiment ran with.")
    if not experiments.same_numbers(first, _experiment(seed), tol=1e-6):  # the recipe, run only now
        raise Incorrect("the numbers differ from the recipe's: train "
                        "`train.train(train_part, 'boosting', seed=seed)` on the time split, and "
                        "bootstrap the test AUC with `bootstrap_auc(y, p, seed)`.")


experiment = Exercise(
    "ds.experiment",
    competency="DS-6",
    compare=_check_experiment,
    context=("seed",),
    hints=[
        "Every random step takes the seed: `train.train(..., 'boosting', seed=seed)` sets the "
        "model's random_state, and `np.random.default_rng(seed)` drives the bootstrap.",
        "Nothing random may come from outside the function: no `np.random.seed` at the top "
        "of the notebook, no generator made once and reused between runs.",
    ],
    solution=(
        "```python\ndef run_experiment(snaps, seed):\n"
        "    train_part, test_part = train.time_split(snaps)\n"
        "    model = train.train(train_part, 'boosting', seed=seed)\n"
        "    y = test_part['churned'].to_numpy()\n"
        "    p = model.predict_proba(test_part[features.MODEL_FEATURES])[:, 1]\n"
        "    return {'seed': seed, 'auc': roc_auc_score(y, p),\n"
        "            'auc_interval': bootstrap_auc(y, p, seed)}\n```"
    ),
)


recorded = Exercise(
    "ds.recorded",
    competency="DS-6",
    compare=experiments.check_record,
    expected=lambda seed: _experiment(int(seed)),
    context=("seed",),
    hints=[
        "A JSON object with 'seed', 'auc', 'auc_interval' and 'versions' "
        "(a dict of library versions: `sklearn.__version__`, `np.__version__`, "
        "`pd.__version__`).",
        "`path.write_text(json.dumps({**results, 'versions': {...}}, indent=2))`, then "
        "check `path`.",
    ],
    solution=(
        "```python\nrecord = {**run_experiment(snaps, SEED),\n"
        "          'versions': {'scikit-learn': sklearn.__version__, 'numpy': np.__version__,\n"
        "                       'pandas': pd.__version__}}\n"
        "results_file.write_text(json.dumps(record, indent=2))\nwritten = results_file\n```"
    ),
)


bind = binder(__name__)
