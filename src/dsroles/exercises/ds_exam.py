"""The data scientist's graded assessment (``solutions/data_scientist``): ``ds_exam.<name>``.

Each one is a variant of a lesson exercise of the track (``dsroles.exercises.data_scientist``),
so a lesson's solution does not answer it: another segment and question, a split with a gap,
a model scored on two months of 2026 no lesson touches, a rolling-window cross-validation,
a 90 % interval on two test months, a bigger A/B trial with a dearer offer, and a seeded
experiment recorded with the months it was measured on. Every expected value is computed from
the seed by the churn package's reference code; the check helpers are the lesson module's.

    from dsroles.checks import assert_check
    assert_check("ds_exam.invoice_churn", invoice_rate, seed=seed)
"""

from __future__ import annotations

import functools

from dsroles.checks import Case, Part, declare
from dsroles.checks.choices import check_choice, normalise_choice
from dsroles.checks.exercise import Exercise
from dsroles.checks.functions import check_function
from dsroles.checks.models import format_metric, score_model
from dsroles.checks.numbers import a_type, as_number, as_numbers, check_number, format_number
from dsroles.checks.outcomes import Incorrect, NotAttempted, is_placeholder
from dsroles.checks.registry import bind_all
from dsroles.exercises import data_scientist as ds

SEGMENT_MONTH = "2025-10"
HELDOUT_MONTHS = ("2026-01", "2026-02")  # a clean next-quarter export; no lesson scores on them
CV_MONTHS = ("2025-08", "2025-09", "2025-10", "2025-11")
CV_WINDOW = 4  # each fold trains on the 4 months just before its test month
TEST_MONTHS = 2  # the evaluation and the experiment test on the last two labelled months
INTERVAL_LEVEL = 0.90
TRIAL_CUSTOMERS = 3000
OFFER_COST = 15.0  # the offer now comes with a free month: dearer than the lesson's 10.00
EXPERIMENT_RESAMPLES = 100  # the experiment's bootstrap: enough to show the seed's effect, fast


# -- data, from the seed -------------------------------------------------------------------
def snapshots(seed: int):
    """The snapshot table of the seed's history (the lesson module's cached copy)."""
    return ds._snapshots(int(seed))


@functools.lru_cache(maxsize=4)
def _heldout_table(seed: int):
    """January and February 2026, labelled, from the seed's drift-free next-quarter export.

    The export is generated in a temporary folder and dropped once the table is built:
    grading uses a new seed for every notebook, and a cached copy of each would pile up.
    """
    import tempfile

    from dsroles.churn import pipeline
    from dsroles.churn.data import project_data

    with tempfile.TemporaryDirectory(prefix="dsroles-heldout-") as tmp:
        folder = project_data(int(seed), drift=False, root=tmp)  # the same 2025, a clean 2026
        return pipeline.feature_table(folder, ("history", "next_quarter"),
                                      months=list(HELDOUT_MONTHS)).snapshots


def heldout(seed: int):
    """(X, y) of the held-out months: every column of the snapshot table but the label."""
    from dsroles.churn.features import LABEL

    table = _heldout_table(int(seed))
    return table.drop(columns=LABEL), table[LABEL].to_numpy()


def _plural(n: int, word: str) -> str:
    return ds._plural(n, word)


# -- task 1 (DS-1): explore ------------------------------------------------------------------
def invoice_rate(seed: int) -> float:
    """Churn rate of the snapshot rows of monthly-contract customers who pay by invoice."""
    s = snapshots(seed)
    rows = (s["contract"] == "monthly") & (s["payment_method"] == "invoice")
    return float(s.loc[rows, "churned"].mean())


def _check_share(value, want, context):
    got = as_number(value, "your rate")
    if want > 0 and abs(got - 100 * want) <= 0.005 * 100 * want:
        raise Incorrect("your rate looks like a percentage: give it as a share between 0 and 1.")
    check_number(got, want, abs_tol=1e-4, rel_tol=0.005, what="your rate")


invoice_churn = Exercise(
    "ds_exam.invoice_churn",
    compare=_check_share,
    expected=invoice_rate,
    context=("seed",),
    hints=["Two conditions on the rows (contract and payment method), then the mean of "
           "`churned` over the rows left."],
    solution="```python\nrows = (snaps['contract'] == 'monthly') & "
             "(snaps['payment_method'] == 'invoice')\n"
             "invoice_rate = snaps.loc[rows, 'churned'].mean()\n```",
)


def failed_payment_lift_of(seed: int) -> float:
    """Churn rate with a failed payment in the last 3 months, divided by the rate without."""
    s = snapshots(seed)
    failed = s["failed_payments_3m"] >= 1
    return float(s.loc[failed, "churned"].mean() / s.loc[~failed, "churned"].mean())


def _check_lift(value, want, context):
    got = as_number(value, "your lift")
    if got > 0 and abs(1 / got - want) <= 0.005 * want:
        raise Incorrect("your lift is upside down: divide the rate of the rows WITH a failed "
                        "payment by the rate of the rows without.")
    if got < 1 < want:
        raise Incorrect(f"your lift ({format_number(got)}) is below 1, as if a failed payment "
                        "made churn less likely: a lift is a ratio of two churn rates, not "
                        "their difference.")
    check_number(got, want, rel_tol=0.005, what="your lift")


failed_payment_lift = Exercise(
    "ds_exam.failed_payment_lift",
    compare=_check_lift,
    expected=failed_payment_lift_of,
    context=("seed",),
    hints=["Split the rows by `failed_payments_3m >= 1`; take the churn rate of each part; "
           "divide."],
    solution="```python\nfailed = snaps['failed_payments_3m'] >= 1\n"
             "lift = (snaps.loc[failed, 'churned'].mean()\n"
             "        / snaps.loc[~failed, 'churned'].mean())\n```",
)


def segment_count(seed: int) -> int:
    """October 2025 snapshot: customers paying by invoice with a failed payment in 3 months."""
    s = snapshots(seed)
    month = s[s["snapshot_month"] == SEGMENT_MONTH]
    return int(((month["payment_method"] == "invoice") & (month["failed_payments_3m"] >= 1)).sum())


segment_size = declare.number(
    "ds_exam.segment_size",
    expected=segment_count,
    abs_tol=0.5,
    context=("seed",),
    hints=["One month's snapshot only; then two conditions combined with `&`."],
    solution="```python\noct = snaps[snaps['snapshot_month'] == '2025-10']\n"
             "segment = int(((oct['payment_method'] == 'invoice') & "
             "(oct['failed_payments_3m'] >= 1)).sum())\n```",
)


# -- task 2 (DS-2): leakage and a split with a gap ------------------------------------------
def _table_columns(seed: int) -> list[str]:
    return [str(c) for c in snapshots(seed).columns]


def _usable() -> list[str]:
    from dsroles.churn.features import MODEL_FEATURES

    return list(MODEL_FEATURES)


def _precheck_columns(value, columns, context):
    if type(value) not in (list, tuple) or any(type(c) is not str for c in value):
        raise Incorrect(f"your answer is {a_type(value)}; a list of column names (str) is "
                        "expected.")
    unknown = [c for c in value if c not in columns]
    if unknown:
        raise Incorrect(f"{', '.join(repr(c) for c in unknown[:3])} "
                        f"{'is not a column' if len(unknown) == 1 else 'are not columns'} of "
                        "the snapshot table.")
    kept = sum(c in value for c in _usable())
    if kept < len(_usable()) // 2:
        raise Incorrect(f"your list keeps only {kept} of the columns a model may use: a model "
                        "needs the signals known at decision time, not just a safe few.")


def _excludes(names, reason: str):
    def part(value, columns, context):
        found = [c for c in names if c in value]
        if found:
            raise Incorrect(f"your list includes {_plural(len(found), 'column')} {reason}.")
    return part


def _complete(value, columns, context):
    missing = [c for c in _usable() if c not in value]
    if missing:
        raise Incorrect(f"you left out {_plural(len(missing), 'column')} known at decision time "
                        "that a model may use.")


model_columns = Exercise(
    "ds_exam.model_columns",
    expected=_table_columns,
    context=("seed",),
    precheck=_precheck_columns,
    parts=[
        Part("the leak", _excludes(["exit_survey_score"], "filled in only after a customer has "
                                   "cancelled"), 1.0),
        Part("keys and label", _excludes(["customer_key", "snapshot_month", "churned"],
                                         "that identify a row, or the label itself"), 1.0),
        Part("protected attributes", _excludes(["gender", "age"], "holding protected attributes, "
                                               "kept for fairness checks, never as inputs"), 0.5),
        Part("the signals", _complete, 0.5),
    ],
    hints=["Ask of each column: is it known at the end of the snapshot month, is it about the "
           "customer's behaviour or contract (not who they are), and is it not the answer?"],
    solution="`features.MODEL_FEATURES` (adding `marketing_consent` is allowed).",
)


def reference_gap_split(df, test_months: int = 2, gap_months: int = 1):
    """Test on the last ``test_months`` months present; drop the ``gap_months`` before them."""
    months = sorted(df["snapshot_month"].unique())
    if len(months) <= test_months + gap_months:
        raise ValueError(f"need more than {test_months + gap_months} months, got {len(months)}")
    cut = months[-(test_months + gap_months)]
    test = months[-test_months:]
    return df[df["snapshot_month"] < cut], df[df["snapshot_month"].isin(test)]


def gap_split_cases() -> list:
    five = ["2025-03", "2025-04", "2025-05", "2025-06", "2025-07"]
    toy = ds.toy_snapshots
    return [
        Case((toy(five),), label="five months in order"),
        Case((toy(five, shuffle=1),), label="rows in no particular order"),
        Case((toy(five, shuffle=2),), {"test_months": 1, "gap_months": 2}, label="a wider gap"),
        Case((toy(five, shuffle=3),), {"gap_months": 0}, label="no gap"),
        Case((toy(["2025-03", "2025-05", "2025-06", "2025-07", "2025-08"], shuffle=4),),
             label="a month missing"),
        Case((toy(["2025-10", "2025-11", "2025-12", "2026-01", "2026-02"], shuffle=5),),
             label="across a new year"),
        Case((toy(five[:3]),), label="too few months", raises=ValueError),
    ]


def _compare_gap_split(got, want, what: str) -> None:
    import pandas as pd

    if type(got) not in (tuple, list) or len(got) != 2:
        raise Incorrect(f"{what} is {a_type(got)}; a pair (train, test) of DataFrames is expected.")
    for name, part in zip(("training", "test"), got):
        if type(part) is not pd.DataFrame or "snapshot_month" not in part:
            raise Incorrect(f"the {name} part of {what} is not a DataFrame with the "
                            "snapshot_month column.")
    for name, part, need in zip(("training", "test"), got, want):
        have, months = set(part["snapshot_month"]), set(need["snapshot_month"])
        if name == "training" and have - months:
            raise Incorrect(f"in {what}, the training part holds a month from the gap or later: "
                            "leave the gap months before the test months out of both parts.")
        if name == "training" and months - have:
            raise Incorrect(f"in {what}, the training part misses a month before the gap.")
        if name == "test" and have != months:
            raise Incorrect(f"in {what}, the test part holds {_plural(len(have), 'month')}; it "
                            f"should hold the last {_plural(len(months), 'month')} present in "
                            "the table, and nothing from the gap.")
        if ds._row_keys(part) != ds._row_keys(need):
            raise Incorrect(f"in {what}, the {name} part does not hold every row of its months "
                            "once.")


def _check_gap_split(fn, expected, context):
    check_function(fn, reference_gap_split, gap_split_cases(), _compare_gap_split)


gap_split = Exercise(
    "ds_exam.gap_split",
    compare=_check_gap_split,
    hints=["Work from the sorted distinct months present in the table, not from row positions "
           "or date arithmetic; too few months to train on is a ValueError."],
    solution="```python\ndef split_with_gap(df, test_months=2, gap_months=1):\n"
             "    months = sorted(df['snapshot_month'].unique())\n"
             "    if len(months) <= test_months + gap_months:\n"
             "        raise ValueError('too few months')\n"
             "    cut = months[-(test_months + gap_months)]\n"
             "    return (df[df['snapshot_month'] < cut],\n"
             "            df[df['snapshot_month'].isin(months[-test_months:])])\n```",
)


# -- task 3 (DS-3): a model, scored on months no lesson shows --------------------------------
@functools.lru_cache(maxsize=4)
def baseline_auc(seed: int) -> float:
    """AUC of the lesson's logistic baseline (numeric columns only) on the held-out months."""
    from sklearn.metrics import roc_auc_score

    from dsroles.churn.features import NUMERIC

    X, y = heldout(seed)
    with ds._one_thread():
        return float(roc_auc_score(y, ds._baseline(int(seed)).predict_proba(X[NUMERIC])[:, 1]))


def _shuffled(X, columns):
    """X with each of ``columns`` shuffled (a fixed permutation): their link to a row broken."""
    import numpy as np

    order = np.random.default_rng(1).permutation(len(X))
    return X.assign(**{c: X[c].to_numpy()[order] for c in columns})


def _scored(model, seed: int, metric: str = "roc_auc") -> float:
    """The model's metric on the held-out months; a model leaning on the leak is refused."""
    if is_placeholder(model):
        raise NotAttempted("Fit your model first, then check it.")
    X, y = heldout(seed)
    with ds._one_thread():
        score = score_model(model, X, y, metric)
        if ds._uses_leak(model, X):
            raise Incorrect("your model's scores change when a column that is only filled in "
                            "after a customer has cancelled changes: leave it out.")
    return score


def _check_inputs(model, expected, context):
    import numpy as np
    from sklearn.pipeline import Pipeline

    from dsroles.churn.features import PROTECTED

    if not is_placeholder(model) and not isinstance(model, Pipeline):
        raise Incorrect(f"your model is {a_type(model)}; a scikit-learn Pipeline is expected "
                        "(the column preparation and the classifier in one object).")
    _scored(model, context["seed"])
    X, _ = heldout(context["seed"])
    with ds._one_thread():
        before = model.predict_proba(X)[:, 1]
        after = model.predict_proba(_shuffled(X, PROTECTED))[:, 1]
    if not np.allclose(before, after, rtol=0, atol=1e-12):
        raise Incorrect("your model's scores change with gender or age: protected attributes "
                        "stay out of the model's inputs.")


model_inputs = Exercise(
    "ds_exam.model_inputs",
    compare=_check_inputs,
    context=("seed",),
    hints=["Start the Pipeline with a ColumnTransformer that names the columns it uses: the "
           "check passes the whole table (every column but `churned`)."],
    solution="`train.build_model()` fitted on every labelled month, or lesson 3's "
             "`make_my_model()`.",
)


def _check_heldout(model, expected, context):
    auc = _scored(model, context["seed"])
    bar = expected + ds.AUC_MARGIN
    if auc < bar:
        raise Incorrect(f"AUC {format_metric(auc)} on the held-out months: the bar is "
                        f"{format_metric(bar)}, the logistic baseline's "
                        f"{format_metric(expected)} + {ds.AUC_MARGIN}"
                        + (" (no better than a dummy model)." if auc <= 0.5 + ds.AUC_MARGIN
                           else "."))


model = Exercise(
    "ds_exam.model",
    compare=_check_heldout,
    expected=baseline_auc,
    context=("seed",),
    correct_note="it ranks the held-out months' customers clearly better than the baseline.",
    hints=["Numeric columns imputed and scaled (heavy-tailed counts on a log scale), "
           "categories one-hot encoded, a logistic regression; train on every labelled month."],
    solution="```python\nmy_model = train.train(snaps)  # or your own Pipeline, fitted on snaps\n"
             "```",
)


def know_nothing_brier(seed: int) -> float:
    """Brier score on the held-out months of forecasting the training churn rate for everyone."""
    import numpy as np
    from sklearn.metrics import brier_score_loss

    _, y = heldout(seed)
    return float(brier_score_loss(y, np.full(len(y), float(snapshots(seed)["churned"].mean()))))


def _check_brier(model, expected, context):
    brier = _scored(model, context["seed"], "brier")
    bar = expected * ds.BRIER_SLACK
    if brier > bar:
        raise Incorrect(f"Brier score {format_metric(brier)} on the held-out months, above the "
                        f"bar of {format_metric(bar)} (the know-nothing forecast's "
                        f"{format_metric(expected)}, + 10 %): the probabilities are not honest "
                        "churn probabilities.")


calibrated = Exercise(
    "ds_exam.calibrated",
    compare=_check_brier,
    expected=know_nothing_brier,
    context=("seed",),
    hints=["Anything that moves the probabilities away from the real churn rate (class "
           "weights, resampling the classes) makes the Brier score worse."],
    solution="A plain logistic regression Pipeline trained on the data as it is, e.g. "
             "`train.train(snaps)`.",
)


# -- task 4 (DS-4): rolling-window cross-validation, a 90 % interval -------------------------
def rolling_aucs(seed: int) -> list[float]:
    """For each CV month: train the reference model on the 4 months before it; its AUC."""
    from sklearn.metrics import roc_auc_score

    from dsroles.churn import train
    from dsroles.churn.features import LABEL, MODEL_FEATURES

    s = snapshots(seed)
    months = sorted(s["snapshot_month"].unique())
    out = []
    for month in CV_MONTHS:
        window = months[months.index(month) - CV_WINDOW:months.index(month)]
        test = s[s["snapshot_month"] == month]
        with ds._one_thread():
            fitted = train.train(s[s["snapshot_month"].isin(window)])
        p = fitted.predict_proba(test[MODEL_FEATURES])[:, 1]
        out.append(float(roc_auc_score(test[LABEL], p)))
    return out


rolling_cv = declare.numbers(
    "ds_exam.rolling_cv",
    expected=rolling_aucs,
    abs_tol=0.003,
    context=("seed",),
    hints=["Four folds, in month order; each trains `train.train(...)` on exactly the four "
           "months before its test month, never on the test month or later."],
    solution="```python\nmonths = sorted(snaps['snapshot_month'].unique())\nfold_auc = []\n"
             "for month in ['2025-08', '2025-09', '2025-10', '2025-11']:\n"
             "    i = months.index(month)\n"
             "    fitted = train.train(snaps[snaps['snapshot_month'].isin(months[i - 4:i])])\n"
             "    test = snaps[snaps['snapshot_month'] == month]\n"
             "    fold_auc.append(roc_auc_score(test['churned'], "
             "fitted.predict_proba(test[features.MODEL_FEATURES])[:, 1]))\n```",
)


@functools.lru_cache(maxsize=4)
def two_month_scores(seed: int):
    """(y, p): the reference model trained before the last two months, on those two months."""
    from dsroles.churn import train
    from dsroles.churn.features import LABEL, MODEL_FEATURES

    train_part, test_part = train.time_split(snapshots(seed), TEST_MONTHS)
    with ds._one_thread():
        fitted = train.train(train_part)
    return test_part[LABEL].to_numpy(), fitted.predict_proba(test_part[MODEL_FEATURES])[:, 1]


def reference_interval(seed: int) -> list[float]:
    y, p = two_month_scores(seed)
    return ds.bootstrap_interval(y, p, seed=int(seed), level=INTERVAL_LEVEL)


def _check_interval(value, want, context):
    got = [float(x) for x in as_numbers(value, "your interval")]
    if len(got) != 2 or got[0] > got[1]:
        raise Incorrect("give the interval as two numbers, [low, high].")
    ratio = (got[1] - got[0]) / (want[1] - want[0])
    if ratio > 1.05:
        raise Incorrect(f"your interval is {ratio:.2f} times as wide as a 90 % interval of these "
                        "resamples: which percentiles leave 5 % on each side?")
    if ratio < 0.95:
        raise Incorrect("your interval is too narrow for a 90 % interval of these resamples.")
    for name, g, w in (("low", got[0], want[0]), ("high", got[1], want[1])):
        if abs(g - w) > 0.002:
            raise Incorrect(f"the {name} end ({g:.3f}) is {'too high' if g > w else 'too low'}: "
                            "score the model trained before the last two months on those two "
                            "months, and resample exactly as the recipe says.")


bootstrap_90 = Exercise(
    "ds_exam.bootstrap_90",
    compare=_check_interval,
    expected=reference_interval,
    context=("seed",),
    hints=["Lesson 3's recipe, with `level=0.90`: the 5th and 95th percentiles."],
    solution="```python\ninterval = data_scientist.bootstrap_interval(y_test, p_test, seed=seed, "
             "level=0.90)\n```",
)


# -- task 5 (DS-5): a bigger trial of a dearer offer ------------------------------------------
def exam_business():
    from dataclasses import replace

    from dsroles.churn.params import BUSINESS

    return replace(BUSINESS, retention_offer_cost=OFFER_COST)


def trial(seed: int):
    """The second retention trial: 3,000 customers (``abtest.trial`` with this seed)."""
    from dsroles.churn import abtest

    return abtest.trial(int(seed), customers=TRIAL_CUSTOMERS)


@functools.lru_cache(maxsize=8)
def trial_summary(seed: int) -> dict:
    from dsroles.churn import abtest

    return abtest.summarise(trial(seed), business=exam_business())


ab_effect = Exercise(
    "ds_exam.ab_effect",
    compare=ds._check_effect,
    expected=lambda seed: trial_summary(seed)["effect"],
    context=("seed",),
    hints=["Control's churn rate minus the offer group's."],
    solution="```python\nrates = trial.groupby('group')['churned'].mean()\n"
             "effect = rates['control'] - rates['offer']\n```",
)


def _check_p(value, want, context):
    got = as_number(value, "your p-value")
    if not 0 <= got <= 1:
        raise Incorrect(f"your p-value ({format_number(got)}) is not a probability.")
    if abs(got - want) <= 0.02 * want:  # relative: this trial's p-values are tiny
        return
    if abs(got - want / 2) <= 0.01 * want:
        raise Incorrect("that is a one-sided p-value; the question asks whether the groups "
                        "differ in either direction.")
    direction = "too high" if got > want else "too low"
    raise Incorrect(f"your p-value ({format_number(got)}) is {direction}: a two-proportion "
                    "z-test (chi-square without Yates' correction) on the counts of churned and "
                    "stayed per group.")


ab_pvalue = Exercise(
    "ds_exam.ab_pvalue",
    compare=_check_p,
    expected=lambda seed: trial_summary(seed)["p_value"],
    context=("seed",),
    hints=["`chi2_contingency(pd.crosstab(trial['group'], trial['churned']), correction=False)`"],
    solution="```python\np_value = chi2_contingency(pd.crosstab(trial['group'], trial['churned']),"
             " correction=False)[1]\n```",
)

offer_value = declare.numbers(
    "ds_exam.offer_value",
    expected=lambda seed: trial_summary(seed)["value_interval"],
    abs_tol=0.05,
    context=("seed",),
    hints=["The 95 % interval of the effect (± 1.96 standard errors, unpooled), each end "
           "times 240 minus this trial's cost of an offer."],
    solution="```python\nn = trial.groupby('group').size()\n"
             "se = np.sqrt(rates['control'] * (1 - rates['control']) / n['control']\n"
             "             + rates['offer'] * (1 - rates['offer']) / n['offer'])\n"
             "value_interval = [(effect - 1.96 * se) * 240 - 15,\n"
             "                  (effect + 1.96 * se) * 240 - 15]\n```",
)


def _check_decision(value, want, context):
    from dsroles.churn.abtest import DECISIONS

    check_choice(value, DECISIONS, options=DECISIONS, what="your decision")
    if normalise_choice(value) != want:
        raise Incorrect(f"{value.strip()!r} is not what this trial supports at £{OFFER_COST:.0f} "
                        "an offer: look at where the interval of the value of one offer lies "
                        "with respect to zero, at both ends.")


ab_decision = Exercise(
    "ds_exam.ab_decision",
    compare=_check_decision,
    expected=lambda seed: trial_summary(seed)["decision"],
    context=("seed",),
    not_attempted=ds._blank_text,
    hints=["Both ends of the value interval above zero: roll out; both below: do not; one on "
           "each side: collect more data."],
    solution="```python\ndecision = abtest.decide(*value_interval)\n```",
)


# -- task 6 (DS-6): a seeded experiment, recorded ---------------------------------------------
def reference_experiment(snaps, seed: int) -> dict:
    """Boosting model (seeded) trained before the last two months, its AUC there, a seeded
    90 % bootstrap interval."""
    from sklearn.metrics import roc_auc_score

    from dsroles.churn import train
    from dsroles.churn.features import LABEL, MODEL_FEATURES

    train_part, test_part = train.time_split(snaps, TEST_MONTHS)
    with ds._one_thread():
        fitted = train.train(train_part, "boosting", seed=seed)
    y = test_part[LABEL].to_numpy()
    p = fitted.predict_proba(test_part[MODEL_FEATURES])[:, 1]
    return {"seed": int(seed), "auc": float(roc_auc_score(y, p)),
            "auc_interval": ds.bootstrap_interval(y, p, seed=seed, level=INTERVAL_LEVEL,
                                                  resamples=EXPERIMENT_RESAMPLES)}


@functools.lru_cache(maxsize=8)
def _experiment(seed: int) -> dict:
    return reference_experiment(snapshots(seed), seed)


def _check_experiment(fn, expected, context):
    if is_placeholder(fn):
        raise NotAttempted("Write the function first, then check it.")
    if not callable(fn):
        raise Incorrect(f"your answer is {a_type(fn)}; a function is expected.")
    seed = int(context["seed"])
    runs = [ds._results_of(fn, seed, s) for s in (seed, seed, seed + 1)]
    problems = [
        (not ds._same_numbers(runs[0], runs[1]),
         "two runs with the same seed gave different numbers: a random step does not get the "
         "seed."),
        (ds._same_numbers(runs[0], runs[2]),
         "a run with another seed gave the same numbers: the seed argument is not used."),
        (runs[0]["seed"] != seed, "the result's 'seed' is not the seed the experiment ran with."),
        (not ds._same_numbers(runs[0], _experiment(seed), tol=1e-6),
         "the numbers differ from the recipe's: the boosting model trained before the last two "
         "months, its AUC on those two months, a 90 % bootstrap interval of 100 resamples."),
    ]
    for broken, message in problems:
        if broken:
            raise Incorrect(message)


experiment = Exercise(
    "ds_exam.experiment",
    compare=_check_experiment,
    context=("seed",),
    hints=["Every random step takes the seed argument: the model's and the bootstrap's."],
    solution="```python\ndef run_experiment(snaps, seed):\n"
             "    train_part, test_part = train.time_split(snaps, 2)\n"
             "    fitted = train.train(train_part, 'boosting', seed=seed)\n"
             "    y = test_part['churned'].to_numpy()\n"
             "    p = fitted.predict_proba(test_part[features.MODEL_FEATURES])[:, 1]\n"
             "    return {'seed': seed, 'auc': roc_auc_score(y, p),\n"
             "            'auc_interval': data_scientist.bootstrap_interval(\n"
             "                y, p, seed=seed, level=0.90, resamples=100)}\n```",
)


def expected_test_months(seed: int) -> list[str]:
    return sorted(snapshots(seed)["snapshot_month"].unique())[-TEST_MONTHS:]


def _check_record(path, expected, context):
    import json
    from pathlib import Path

    ds._check_record(path, expected, context)
    months = json.loads(Path(path).read_text(encoding="utf-8")).get("test_months")
    if months != expected_test_months(context["seed"]):
        raise Incorrect("'test_months' should list the months the AUC was measured on, as "
                        "'YYYY-MM' text in time order.")


recorded = Exercise(
    "ds_exam.recorded",
    compare=_check_record,
    expected=lambda seed: _experiment(int(seed)),
    context=("seed",),
    hints=["A JSON object: the experiment's dict, its 'test_months', and 'versions' read from "
           "the libraries."],
    solution="```python\nrecord = {**run_experiment(snaps, seed), 'test_months': "
             "sorted(snaps['snapshot_month'].unique())[-2:],\n"
             "          'versions': {'scikit-learn': sklearn.__version__, 'numpy': np.__version__,"
             " 'pandas': pd.__version__}}\nresults_file.write_text(json.dumps(record))\n```",
)


def bind(**context):
    """Every assessment exercise with the context given once: ``q = bind(seed=seed)``."""
    import sys

    return bind_all(sys.modules[__name__], **context)
