"""The data scientist track's exercises (``ds.<name>``), on Kestrel Streaming's snapshot table.

    from dsroles.exercises import data_scientist
    q = data_scientist.bind(seed=SEED)
    q.churn_by_contract.check(my_rates); q.churn_by_contract.hint(); q.churn_by_contract.solution()

Every expected value is computed from the learner's seed with the churn package's own
reference code (pipeline, train, evaluate); nothing is typed in. The model exercises score
the learner's model on a month no lesson shows: the snapshot of December 2025, labelled
with the cancellations of January 2026 from the next-quarter export (``heldout(seed)``).
"""

from __future__ import annotations

import functools

from dsroles.checks import declare
from dsroles.checks.choices import check_choice, normalise_choice
from dsroles.checks.exercise import Exercise
from dsroles.checks.models import format_metric, score_model
from dsroles.checks.numbers import a_type, as_number, format_number
from dsroles.checks.outcomes import Incorrect, NotAttempted, is_placeholder
from dsroles.checks.registry import bind_all

CONTRACTS = ("monthly", "annual", "two_year")
HELDOUT_MONTH = "2025-12"  # labelled by the next quarter's export; never shown in a lesson
CV_MONTHS = ("2025-09", "2025-10", "2025-11")  # the test month of each time fold
SEGMENT_MONTH = "2025-11"
RANDOM_TEST_SIZE = 0.25
BOOTSTRAP_RESAMPLES = 200
AUC_MARGIN = 0.03  # a model must beat the logistic baseline by this much on the held-out month
BRIER_SLACK = 1.10  # ... and its Brier score stay within 10 % of the know-nothing forecast's


# -- the learner's data, from the seed ------------------------------------------------------
def data_dir(seed: int):
    """The folder of raw sources for this seed (generated once, then reused)."""
    from dsroles.churn.data import project_data

    return project_data(int(seed))


@functools.lru_cache(maxsize=4)
def _snapshots(seed: int):
    from dsroles.churn import pipeline

    return pipeline.feature_table(data_dir(seed)).snapshots


def _one_thread():
    """Small data: one BLAS thread is much faster on a busy machine, and gives the same fit."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


@functools.lru_cache(maxsize=4)
def _heldout(seed: int):
    """The December 2025 snapshot, labelled with the January 2026 cancellations."""
    from dsroles.churn import clean, ingest, pipeline
    from dsroles.churn.features import LABEL
    from dsroles.churn.pii import pseudonymise

    folder = data_dir(seed)
    table = pipeline.feature_table(folder, months=[HELDOUT_MONTH]).snapshots
    later = ingest.read_crm(folder / "next_quarter" / "crm_customers.csv")
    cancelled = clean.parse_dates(later["cancel_date"], column="cancel_date")
    left = later["customer_id"][(cancelled >= "2026-01-01") & (cancelled < "2026-02-01")]
    table[LABEL] = table["customer_key"].isin(set(pseudonymise(left))).astype("int64")
    return table


def heldout(seed: int):
    """(X, y) of the held-out month: every column of the snapshot table but the label."""
    from dsroles.churn.features import LABEL

    table = _heldout(int(seed))
    return table.drop(columns=LABEL), table[LABEL].to_numpy()


def _baseline(seed: int):
    """The logistic baseline: the numeric columns only, imputed and scaled, no categories."""
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from dsroles.churn.features import LABEL, NUMERIC

    snaps = _snapshots(seed)
    model = make_pipeline(SimpleImputer(strategy="median"), StandardScaler(),
                          LogisticRegression(max_iter=1000))
    with _one_thread():
        return model.fit(snaps[NUMERIC], snaps[LABEL])


@functools.lru_cache(maxsize=4)
def _reference_test_scores(seed: int):
    """(y, p): the reference model, trained on the time split's training months, on its test months."""
    from dsroles.churn import train
    from dsroles.churn.features import LABEL, MODEL_FEATURES

    train_set, test_set = train.time_split(_snapshots(seed))
    with _one_thread():
        model = train.train(train_set)
    return test_set[LABEL].to_numpy(), model.predict_proba(test_set[MODEL_FEATURES])[:, 1]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# -- lesson 1: explore -----------------------------------------------------------------------
def churn_rates(seed: int) -> dict:
    """Churn rate (share of snapshots with churned == 1) per contract type."""
    snaps = _snapshots(seed)
    return {k: float(v) for k, v in snaps.groupby("contract")["churned"].mean().items()}


def _as_mapping(value) -> dict:
    """A Series indexed by label, or a dict, as a plain {str: value} dict."""
    import pandas as pd

    if type(value) is pd.Series:
        return {str(k): v for k, v in value.items()}
    if type(value) is dict:
        return {str(k): v for k, v in value.items()}
    if type(value) is pd.DataFrame:
        raise Incorrect("your answer is a DataFrame; a Series indexed by contract is expected "
                        "(select the one column you averaged).")
    raise Incorrect(f"your answer is {a_type(value)}; a Series (or dict) indexed by contract "
                    "type is expected.")


def _check_rates(value, expected, context):
    got = _as_mapping(value)
    missing = [c for c in expected if c not in got]
    extra = [c for c in got if c not in expected]
    if missing or extra:
        raise Incorrect("the contract types do not match: "
                        + "; ".join(([f"missing {missing}"] if missing else [])
                                    + ([f"unexpected {extra}"] if extra else []))
                        + ". Group the cleaned snapshot table by its 'contract' column.")
    for contract, want in expected.items():
        rate = as_number(got[contract], f"the rate for {contract!r}")
        if abs(rate - 100 * want) < 0.05 and want > 0:
            raise Incorrect(f"the rate for {contract!r} looks like a percentage; "
                            "give each rate as a share between 0 and 1.")
        if abs(rate - want) > max(1e-4, 0.01 * want):  # rounding to 4 decimals is fine
            raise Incorrect(f"the rate for {contract!r} ({format_number(rate)}) is "
                            f"{'too high' if rate > want else 'too low'}: the rate is the share "
                            "of that contract's snapshot rows with churned == 1.")


churn_by_contract = Exercise(
    "ds.churn_by_contract",
    compare=_check_rates,
    expected=churn_rates,
    context=("seed",),
    hints=[
        "The label `churned` is 0 or 1, so its mean over a group of rows is that group's "
        "churn rate.",
        "`snaps.groupby('contract')['churned'].mean()`",
    ],
    solution="```python\nrates = snaps.groupby('contract')['churned'].mean()\n```",
)


def correlations(seed: int):
    """|Pearson r| of each numeric column with churned, strongest first."""
    from dsroles.churn.features import LABEL

    snaps = _snapshots(seed)
    numeric = snaps[list(CORRELATE_OPTIONS) + [LABEL]].astype(float)
    return numeric.corr()[LABEL].drop(LABEL).abs().sort_values(ascending=False)


def strongest_columns(seed: int, tie: float = 0.005) -> list[str]:
    """The column(s) whose |r| with churned is within ``tie`` of the largest."""
    r = correlations(seed)
    return [c for c, v in r.items() if v >= r.iloc[0] - tie]


# Every numeric column of the snapshot table a learner may try (the label aside).
CORRELATE_OPTIONS = ("tenure_months", "monthly_charges", "addons", "sessions", "minutes",
                     "usage_trend", "days_since_last_session", "tickets_month", "tickets_3m",
                     "failed_payments_month", "failed_payments_3m", "age", "exit_survey_score")


def _check_strongest(value, expected, context):
    if type(value) is str and value.strip() in CORRELATE_OPTIONS and value.strip() not in expected:
        r = correlations(context["seed"])
        raise Incorrect(f"{value.strip()!r} correlates with churned at |r| = "
                        f"{r[value.strip()]:.3f}; another numeric column correlates more "
                        "strongly. Compare absolute values.")
    check_choice(value, expected, options=CORRELATE_OPTIONS, what="your column")


def _blank_text(value) -> bool:
    return is_placeholder(value) or (type(value) is str and value.strip() in ("", "..."))


strongest_correlate = Exercise(
    "ds.strongest_correlate",
    compare=_check_strongest,
    expected=strongest_columns,
    context=("seed",),
    not_attempted=_blank_text,
    hints=[
        "`DataFrame.corr(numeric_only=True)` gives Pearson correlations; take the column "
        "for `churned`, drop `churned` itself, and compare absolute values.",
        "`snaps.corr(numeric_only=True)['churned']` includes the yes/no flag "
        "`marketing_consent`, which is not one of the numeric columns: drop it and `churned`, "
        "then `.abs().idxmax()`.",
    ],
    solution=(
        "```python\nr = snaps.corr(numeric_only=True)['churned'].drop(['churned', "
        "'marketing_consent'])\nstrongest = r.abs().idxmax()\n```"
    ),
)


def segment_count(seed: int) -> int:
    """Customers in the November 2025 snapshot on a monthly contract with a ticket in 3 months."""
    snaps = _snapshots(seed)
    nov = snaps[snaps["snapshot_month"] == SEGMENT_MONTH]
    return int(((nov["contract"] == "monthly") & (nov["tickets_3m"] >= 1)).sum())


segment_size = declare.number(
    "ds.segment_size",
    expected=segment_count,
    abs_tol=0.5,
    context=("seed",),
    hints=[
        "Three conditions: the snapshot month is 2025-11, the contract is monthly, and "
        "`tickets_3m` is at least 1. Combine boolean masks with `&` (brackets around each).",
        "`nov = snaps[snaps['snapshot_month'] == '2025-11']`, then "
        "`((nov['contract'] == 'monthly') & (nov['tickets_3m'] >= 1)).sum()`.",
    ],
    solution=(
        "```python\nnov = snaps[snaps['snapshot_month'] == '2025-11']\n"
        "segment = int(((nov['contract'] == 'monthly') & (nov['tickets_3m'] >= 1)).sum())\n```"
    ),
)


# -- lesson 2: leakage and splits ------------------------------------------------------------
LEAK_OPTIONS = ("tenure_months", "monthly_charges", "tickets_month", "failed_payments_month",
                "days_since_last_session", "usage_trend", "age", "marketing_consent",
                "exit_survey_score")

leaky_column = declare.choice(
    "ds.leaky_column",
    options=LEAK_OPTIONS,
    expected="exit_survey_score",
    why={
        "tickets_month": "Tickets are counted up to the end of the snapshot month, so the "
                         "retention team knows them when it decides. A strong signal is not "
                         "a leak.",
        "failed_payments_month": "A failed payment in the snapshot month is known at the end "
                                 "of that month: a warning sign, not a leak.",
        "days_since_last_session": "It is measured at the end of the snapshot month from "
                                   "events before it: known at decision time.",
        "usage_trend": "It compares this month's sessions with the two months before: all "
                       "known at decision time.",
        "tenure_months": "Tenure at the snapshot date is known when the team decides.",
        "monthly_charges": "The charge billed in the snapshot month is known at decision time.",
        "age": "Age is a protected attribute kept out of the model for fairness, but it is "
               "known at decision time: not a leak.",
        "marketing_consent": "Consent is given at sign-up, long before any cancellation.",
    },
    hints=[
        "Ask of each column: *when* is it written? A leak is a value only recorded after the "
        "thing we want to predict has happened.",
        "Look at which customers have a value in each column at all: "
        "`snaps.groupby(snaps[col].notna())['churned'].mean()`.",
    ],
    solution="`'exit_survey_score'`: the survey is sent when a customer cancels, so it only "
             "exists for customers who have left or are about to. At decision time it is "
             "empty for everyone we could still keep.",
)


def _random_split(seed: int):
    from sklearn.model_selection import train_test_split

    return train_test_split(_snapshots(seed), test_size=RANDOM_TEST_SIZE, random_state=int(seed))


def seen_share(seed: int) -> float:
    """Random split: share of the distinct test customers who also appear in training."""
    train_set, test_set = _random_split(seed)
    return float(test_set["customer_key"].drop_duplicates().isin(set(train_set["customer_key"]))
                 .mean())


def future_share(seed: int) -> float:
    """Random split: share of test rows whose customer has a LATER snapshot in training."""
    train_set, test_set = _random_split(seed)
    last = train_set.groupby("customer_key")["snapshot_month"].max()
    later = test_set["customer_key"].map(last)
    return float((later.notna() & (later > test_set["snapshot_month"])).mean())


_SPLIT_HINT = ("Split with `train_test_split(snaps, test_size=0.25, random_state=SEED)` "
               "from `sklearn.model_selection`, exactly, so that your split is the one the "
               "check makes.")

seen_customers = declare.number(
    "ds.seen_customers",
    expected=seen_share,
    abs_tol=0.002,
    context=("seed",),
    hints=[
        _SPLIT_HINT,
        "Take the distinct `customer_key`s of the test part, and ask which of them are in "
        "the training part: `test_keys.isin(set(train_part['customer_key'])).mean()`.",
    ],
    solution=(
        "```python\ntrain_part, test_part = train_test_split(snaps, test_size=0.25, "
        "random_state=SEED)\ntest_keys = test_part['customer_key'].drop_duplicates()\n"
        "seen = test_keys.isin(set(train_part['customer_key'])).mean()\n```"
    ),
)

future_rows = declare.number(
    "ds.future_rows",
    expected=future_share,
    abs_tol=0.002,
    context=("seed",),
    hints=[
        _SPLIT_HINT + " This question is about test *rows*, not customers.",
        "For each customer, the latest month they have in training is "
        "`train_part.groupby('customer_key')['snapshot_month'].max()`; map it onto the test "
        "rows with `.map(...)` and compare with each row's own month (`>`). Customers with no "
        "training row give NaN: they do not count.",
    ],
    solution=(
        "```python\nlast = train_part.groupby('customer_key')['snapshot_month'].max()\n"
        "later = test_part['customer_key'].map(last)\n"
        "future = (later.notna() & (later > test_part['snapshot_month'])).mean()\n```"
    ),
)


@functools.cache
def _toy_table_class():
    """A DataFrame that names itself briefly in a check's message (its copies are plain)."""
    import pandas as pd

    class ToyTable(pd.DataFrame):
        def __repr__(self) -> str:
            return f"<table: {self['snapshot_month'].nunique()} months, {len(self)} rows>"

    return ToyTable


def toy_snapshots(months, customers: int = 3, *, shuffle: int | None = None):
    """A tiny snapshot table: ``customers`` customers in each of ``months``."""
    rows = [{"customer_key": f"K{c:02d}", "snapshot_month": m, "tickets_month": (c + i) % 3,
             "churned": int((c + i) % 4 == 0)}
            for i, m in enumerate(months) for c in range(customers)]
    df = _toy_table_class()(rows)
    return df if shuffle is None else _toy_table_class()(df.sample(frac=1.0, random_state=shuffle))


def _reference_time_split(df, test_months=3):
    from dsroles.churn.train import time_split

    return time_split(df, test_months)


def _row_keys(part) -> list[str]:
    return sorted(part["customer_key"].astype(str) + "|" + part["snapshot_month"].astype(str))


def _compare_split(got, want, what: str) -> None:
    import pandas as pd

    if type(got) not in (tuple, list) or len(got) != 2:
        raise Incorrect(f"{what} is {a_type(got)}; a pair (train, test) of DataFrames is expected.")
    for name, part in zip(("training", "test"), got):
        if type(part) is not pd.DataFrame:
            raise Incorrect(f"the {name} part of {what} is {a_type(part)}; a DataFrame is expected.")
        if "snapshot_month" not in part or "customer_key" not in part:
            raise Incorrect(f"the {name} part of {what} lost the key columns.")
    (train_got, test_got), (train_want, test_want) = got, want
    if set(_row_keys(train_got)) & set(_row_keys(test_got)):
        raise Incorrect(f"in {what}, some rows are in both parts.")
    if len(train_got) + len(test_got) != len(train_want) + len(test_want):
        raise Incorrect(f"in {what}, the two parts together do not hold every input row once.")
    if not len(train_got) or not len(test_got):
        raise Incorrect(f"in {what}, one part is empty.")
    if train_got["snapshot_month"].max() >= test_got["snapshot_month"].min():
        raise Incorrect(f"in {what}, the training part has a month as late as the test part's "
                        "earliest: every training month must come before every test month.")
    have, need = test_got["snapshot_month"].nunique(), test_want["snapshot_month"].nunique()
    if have != need:
        raise Incorrect(f"in {what}, the test part holds {_plural(have, 'month')}; it should "
                        f"hold the last {_plural(need, 'month')} present in the table.")
    if _row_keys(test_got) != _row_keys(test_want):  # pragma: no cover - implied by the above
        raise Incorrect(f"in {what}, the test part holds the wrong rows.")


def split_cases() -> list:
    """The calls a learner's split function is tried on (built when checked: pandas is heavy)."""
    from dsroles.checks.functions import Case

    five = ["2025-03", "2025-04", "2025-05", "2025-06", "2025-07"]
    return [
        Case((toy_snapshots(five),), label="five months in order"),
        Case((toy_snapshots(five, shuffle=1),), label="rows in no particular order"),
        Case((toy_snapshots(five, shuffle=2),), {"test_months": 1}, label="one test month"),
        Case((toy_snapshots(["2025-03", "2025-04", "2025-06", "2025-07"], shuffle=3),),
             {"test_months": 2}, label="a month missing"),
        Case((toy_snapshots(["2025-11", "2025-12", "2026-01", "2026-02"], shuffle=4),),
             {"test_months": 2}, label="across a new year"),
        Case((toy_snapshots(["2025-03", "2025-04", "2025-05", "2025-06"], customers=1),),
             {"test_months": 2}, label="one row per month"),
        Case((toy_snapshots(five[:3]),), label="too few months", raises=ValueError),
    ]


def _check_split_function(fn, expected, context):
    from dsroles.checks.functions import check_function

    check_function(fn, _reference_time_split, split_cases(), _compare_split)


time_split = Exercise(
    "ds.time_split",
    compare=_check_split_function,
    hints=[
        "Find the distinct months, sort them (text like '2025-03' sorts in time order), and "
        "take the first of the last `test_months` as the cut: training is every row before "
        "the cut, test every row from it on.",
        "Rows need not be sorted, and a month may be missing: work from "
        "`sorted(df['snapshot_month'].unique())`, not from row positions. With "
        "`test_months` or fewer months there is nothing to train on: "
        "`raise ValueError(...)`.",
    ],
    solution=(
        "```python\ndef split_by_time(df, test_months=3):\n"
        "    months = sorted(df['snapshot_month'].unique())\n"
        "    if len(months) <= test_months:\n"
        "        raise ValueError(f'need more than {test_months} months')\n"
        "    cut = months[-test_months]\n"
        "    return df[df['snapshot_month'] < cut], df[df['snapshot_month'] >= cut]\n```"
    ),
)


# -- lesson 3: model and evaluation ----------------------------------------------------------
def _uses_leak(model, X) -> bool:
    """Do the model's scores move when only the post-cancellation column changes?"""
    import numpy as np

    from dsroles.churn.params import LEAKAGE_COLUMN

    rng = np.random.default_rng(0)
    shaken = X.copy()
    shaken[LEAKAGE_COLUMN] = rng.integers(1, 6, size=len(X)).astype(float)
    try:
        before = np.asarray(model.predict_proba(X), dtype=float)[:, 1]
        after = np.asarray(model.predict_proba(shaken), dtype=float)[:, 1]
    except Exception:  # noqa: BLE001 - judged by score_model already
        return False
    return not np.allclose(before, after, rtol=0, atol=1e-12)


@functools.lru_cache(maxsize=4)
def baseline_auc(seed: int) -> float:
    """AUC of the logistic baseline on the held-out month."""
    from sklearn.metrics import roc_auc_score

    from dsroles.churn.features import NUMERIC

    X, y = heldout(seed)
    return float(roc_auc_score(y, _baseline(seed).predict_proba(X[NUMERIC])[:, 1]))


def _check_model(value, expected, context):
    if is_placeholder(value):
        raise NotAttempted("Fit your model first, then check it.")
    X, y = heldout(context["seed"])
    try:
        with _one_thread():
            auc = score_model(value, X, y, "roc_auc")
            leaky = _uses_leak(value, X)
    except Incorrect as exc:
        if "feature names" not in str(exc):
            raise
        raise Incorrect("your model could not score the held-out month's table: it was fitted "
                        "on other columns. The check passes the whole snapshot table (every "
                        "column but 'churned'): start your Pipeline with a ColumnTransformer "
                        "that selects the columns it uses.") from None
    if leaky:
        raise Incorrect("your model's scores change when a column that is only filled in "
                        "after a customer has cancelled changes. At decision time that "
                        "column is empty: leave it out of the model.")
    bar = expected + AUC_MARGIN
    if auc < 0.5 + AUC_MARGIN:
        raise Incorrect(f"AUC {format_metric(auc)} on the held-out month: no better than a "
                        "dummy model that gives every customer the same score.")
    if auc < bar:
        raise Incorrect(f"AUC {format_metric(auc)} on the held-out month; the logistic "
                        f"baseline gets {format_metric(expected)} there, and the bar is "
                        f"{format_metric(bar)} (baseline + {AUC_MARGIN}).")


model = Exercise(
    "ds.model",
    compare=_check_model,
    expected=baseline_auc,
    context=("seed",),
    correct_note="it ranks the held-out month's customers clearly better than the baseline.",
    hints=[
        "The check gives your model the whole snapshot table of the held-out month (every "
        "column but `churned`), so start your Pipeline with a ColumnTransformer that picks "
        "its columns: numeric ones imputed and scaled, categorical ones one-hot encoded.",
        "The contract type matters a lot, and counts like minutes are heavy-tailed "
        "(`FunctionTransformer(np.log1p)` helps a linear model). Train on every labelled "
        "history month, and leave `exit_survey_score` out.",
    ],
    solution=(
        "```python\ndef make_my_model():\n"
        "    prepare = ColumnTransformer([\n"
        "        ('numeric', make_pipeline(SimpleImputer(strategy='median'), StandardScaler()),\n"
        "         features.NUMERIC),\n"
        "        ('categorical', OneHotEncoder(handle_unknown='ignore'), features.CATEGORICAL),\n"
        "    ])\n"
        "    return make_pipeline(prepare, LogisticRegression(max_iter=1000))\n```\n\n"
        "`train.build_model()` is the course's own version, with counts on a log scale."
    ),
)


def know_nothing_brier(seed: int) -> float:
    """Brier score on the held-out month of forecasting the training churn rate for everyone."""
    import numpy as np
    from sklearn.metrics import brier_score_loss

    _, y = heldout(seed)
    rate = float(_snapshots(seed)["churned"].mean())
    return float(brier_score_loss(y, np.full(len(y), rate)))


def _check_calibrated(value, expected, context):
    if is_placeholder(value):
        raise NotAttempted("Fit your model first, then check it.")
    X, y = heldout(context["seed"])
    with _one_thread():
        brier = score_model(value, X, y, "brier")
    bar = expected * BRIER_SLACK
    if brier > bar:
        ratio = brier / expected
        raise Incorrect(f"Brier score {format_metric(brier)} on the held-out month, "
                        f"{ratio:.1f} times that of forecasting the average churn rate for "
                        f"everyone ({format_metric(expected)}); the bar is "
                        f"{format_metric(bar)}. Your probabilities are not honest "
                        "probabilities: look at the reliability plot.")


calibration = Exercise(
    "ds.calibration",
    compare=_check_calibrated,
    expected=know_nothing_brier,
    context=("seed",),
    hints=[
        "The Brier score is the mean of (probability - outcome)². Anything that pushes the "
        "probabilities away from the real churn rate (reweighting the classes, predicting "
        "hard 0/1 labels) makes it worse.",
        "A plain logistic regression is close to calibrated on data like its training data "
        "(its average prediction matches the churn rate it learned from). "
        "`class_weight='balanced'` ranks as well but inflates every probability.",
    ],
    solution=(
        "A logistic regression Pipeline like exercise 1's solution passes: fitted without "
        "`class_weight`, its probabilities follow the churn rate it was trained on. Check it "
        "with `q.calibration.check(my_model)`."
    ),
)


def fold_aucs(seed: int) -> list[float]:
    """Time-based CV: for each test month, train on every month before it; AUC per fold."""
    from sklearn.metrics import roc_auc_score

    from dsroles.churn import train
    from dsroles.churn.features import LABEL, MODEL_FEATURES

    snaps = _snapshots(seed)
    out = []
    for month in CV_MONTHS:
        before, test = snaps[snaps["snapshot_month"] < month], snaps[snaps["snapshot_month"] == month]
        with _one_thread():
            fitted = train.train(before)
        out.append(float(roc_auc_score(test[LABEL], fitted.predict_proba(test[MODEL_FEATURES])[:, 1])))
    return out


time_cv = declare.numbers(
    "ds.time_cv",
    expected=fold_aucs,
    abs_tol=0.003,
    context=("seed",),
    hints=[
        "Three folds, one per test month (2025-09, 2025-10, 2025-11). For each, train "
        "`train.train(...)` on every snapshot *before* that month, and score that month only.",
        "`before = snaps[snaps['snapshot_month'] < month]`, "
        "`test = snaps[snaps['snapshot_month'] == month]`, then `roc_auc_score(test['churned'], "
        "model.predict_proba(test[features.MODEL_FEATURES])[:, 1])`; keep the three AUCs in "
        "month order.",
    ],
    solution=(
        "```python\nfold_auc = []\nfor month in ['2025-09', '2025-10', '2025-11']:\n"
        "    before = snaps[snaps['snapshot_month'] < month]\n"
        "    test = snaps[snaps['snapshot_month'] == month]\n"
        "    fitted = train.train(before)\n"
        "    p = fitted.predict_proba(test[features.MODEL_FEATURES])[:, 1]\n"
        "    fold_auc.append(roc_auc_score(test['churned'], p))\n```"
    ),
)


def bootstrap_interval(y, p, *, resamples: int = BOOTSTRAP_RESAMPLES, seed: int = 0,
                       level: float = 0.95) -> list[float]:
    """Percentile bootstrap interval of the AUC: resample the rows with replacement."""
    import numpy as np
    from sklearn.metrics import roc_auc_score

    y, p = np.asarray(y), np.asarray(p)
    rng = np.random.default_rng(seed)
    aucs = []
    for _ in range(resamples):
        i = rng.integers(0, len(y), len(y))
        aucs.append(roc_auc_score(y[i], p[i]))
    tail = 100 * (1 - level) / 2
    return [float(x) for x in np.percentile(aucs, [tail, 100 - tail])]


def reference_interval(seed: int) -> list[float]:
    y, p = _reference_test_scores(seed)
    return bootstrap_interval(y, p, seed=seed)


def _check_interval(value, expected, context):
    from dsroles.checks.numbers import as_numbers

    got = as_numbers(value, "your interval")
    if len(got) != 2:
        raise Incorrect(f"your interval has {len(got)} numbers; two are expected: [low, high].")
    low, high = float(got[0]), float(got[1])
    if low > high:
        raise Incorrect("your interval's low end is above its high end: give [low, high].")
    y, p = _reference_test_scores(context["seed"])
    from sklearn.metrics import roc_auc_score

    auc = roc_auc_score(y, p)
    if not low < auc < high:
        raise Incorrect(f"your interval [{low:.3f}, {high:.3f}] does not contain the test AUC "
                        f"({auc:.3f}) of the model it should describe.")
    width, want = high - low, expected[1] - expected[0]
    if width < 0.6 * want:
        raise Incorrect(f"your interval is too narrow (width {width:.3f}) for a 95 % interval: "
                        "resample all the test rows, with replacement, and take the 2.5th and "
                        "97.5th percentiles of the AUCs.")
    if width > 1.5 * want:
        raise Incorrect(f"your interval is too wide (width {width:.3f}) for a 95 % interval.")
    for name, g, w in (("low", low, expected[0]), ("high", high, expected[1])):
        if abs(g - w) > 0.002:
            raise Incorrect(f"the {name} end ({g:.3f}) is {'too high' if g > w else 'too low'}. "
                            f"Follow the recipe exactly, so that your resamples are the "
                            f"check's: `rng = np.random.default_rng(SEED)`, "
                            f"{BOOTSTRAP_RESAMPLES} times `rng.integers(0, n, n)`, the 2.5th "
                            "and 97.5th percentiles.")


bootstrap_ci = Exercise(
    "ds.bootstrap_ci",
    compare=_check_interval,
    expected=reference_interval,
    context=("seed",),
    hints=[
        f"Repeat {BOOTSTRAP_RESAMPLES} times: draw len(y) row numbers with replacement "
        "(`rng.integers(0, n, n)`), compute the AUC on those rows. The interval is the 2.5th "
        "and 97.5th percentiles of the AUCs.",
        "Resample the *test* rows (labels and scores together, `y[i]`, `p[i]`) of the "
        "reference model trained on the time split's training months; "
        "`np.percentile(aucs, [2.5, 97.5])`.",
    ],
    solution=(
        "```python\nrng = np.random.default_rng(SEED)\naucs = []\n"
        f"for _ in range({BOOTSTRAP_RESAMPLES}):\n    i = rng.integers(0, len(y_test), len(y_test))\n"
        "    aucs.append(roc_auc_score(y_test[i], p_test[i]))\n"
        "interval = np.percentile(aucs, [2.5, 97.5])\n```"
    ),
)


def profit_at_break_even(seed: int) -> float:
    from dsroles.churn import evaluate

    y, p = _reference_test_scores(seed)
    return evaluate.expected_profit(y, p, evaluate.break_even_probability())


profit = declare.number(
    "ds.profit",
    expected=profit_at_break_even,
    abs_tol=0.5,
    context=("seed",),
    hints=[
        "The break-even probability is cost / (acceptance rate x lifetime value). Every "
        "customer scored at or above it gets an offer.",
        "An offer to a customer who would have churned is worth 0.35 x 240 - 10; an offer to "
        "one who would have stayed costs 10. Count both kinds among the flagged test rows, "
        "or call `evaluate.expected_profit(y_test, p_test, threshold)`.",
    ],
    solution=(
        "```python\nthreshold = evaluate.break_even_probability()   # 10 / (0.35 * 240)\n"
        "my_profit = evaluate.expected_profit(y_test, p_test, threshold)\n```"
    ),
)


# -- lesson 4: an A/B test, and reproducible experiments -----------------------------------
def ab_sample(seed: int):
    """The retention-offer trial of this seed (``dsroles.churn.abtest.trial``)."""
    from dsroles.churn import abtest

    return abtest.trial(int(seed))


@functools.lru_cache(maxsize=8)
def ab_summary(seed: int) -> dict:
    from dsroles.churn import abtest

    return abtest.summarise(ab_sample(seed))


def _check_effect(value, expected, context):
    got = as_number(value, "your effect")
    if abs(got + expected) < 1e-6 and abs(expected) > 1e-6:
        raise Incorrect("your effect has the wrong sign: give the control group's churn rate "
                        "minus the offer group's (positive when the offer keeps customers).")
    if abs(got) > 1:
        raise Incorrect("your effect is larger than 1: give it as a difference of two shares "
                        "between 0 and 1, not in percentage points.")
    if abs(got - expected) > 1e-6:
        raise Incorrect(f"your effect ({format_number(got)}) is "
                        f"{'too high' if got > expected else 'too low'}: it is the churn rate "
                        "(share of rows with churned == 1) of the control group minus that of "
                        "the offer group.")


ab_effect = Exercise(
    "ds.ab_effect",
    compare=_check_effect,
    expected=lambda seed: ab_summary(seed)["effect"],
    context=("seed",),
    hints=[
        "Group the trial by `group` and take the mean of `churned`: that is each group's "
        "churn rate.",
        "`rates = trial.groupby('group')['churned'].mean()`, then "
        "`rates['control'] - rates['offer']`.",
    ],
    solution=(
        "```python\nrates = trial.groupby('group')['churned'].mean()\n"
        "effect = rates['control'] - rates['offer']\n```"
    ),
)


def _yates_p_value(seed: int) -> float:
    import pandas as pd
    from scipy.stats import chi2_contingency

    df = ab_sample(seed)
    return float(chi2_contingency(pd.crosstab(df["group"], df["churned"]), correction=True)[1])


def _check_p_value(value, expected, context):
    got = as_number(value, "your p-value")
    if not 0 <= got <= 1:
        raise Incorrect(f"your p-value ({format_number(got)}) is not a probability between 0 and 1.")
    close = lambda a, b: abs(a - b) <= max(1e-6, 0.02 * b)  # noqa: E731 - t-tests land within 2 %
    if close(got, expected):
        return
    if close(got, expected / 2):
        raise Incorrect("that looks like a one-sided p-value: the question is whether the "
                        "groups differ in either direction, so take the two-sided one.")
    if close(got, _yates_p_value(context["seed"])):
        raise Incorrect("that is the p-value with Yates' continuity correction: use the plain "
                        "test (`chi2_contingency(table, correction=False)`), as the lesson says.")
    raise Incorrect(f"your p-value ({format_number(got)}) is "
                    f"{'too high' if got > expected else 'too low'}. Test the two churn rates "
                    "with a two-proportion z-test (or chi-square without correction) on the "
                    "counts of churned and stayed per group.")


ab_pvalue = Exercise(
    "ds.ab_pvalue",
    compare=_check_p_value,
    expected=lambda seed: ab_summary(seed)["p_value"],
    context=("seed",),
    hints=[
        "Make a 2 x 2 table of counts: rows the two groups, columns churned 0 and 1 "
        "(`pd.crosstab(trial['group'], trial['churned'])`).",
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
    from dsroles.churn.abtest import DECISIONS

    check_choice(value, DECISIONS, options=DECISIONS, what="your decision")
    picked = normalise_choice(value)
    if picked == expected:
        return
    low, high = ab_summary(context["seed"])["value_interval"]
    reasons = {
        "roll out": "rolling out needs the whole 95 % interval for the value of one offer above "
                    "zero. Does yours stay above zero at its low end?",
        "do not roll out": "stopping needs the whole interval for the value of one offer below "
                           "zero. Does yours stay below zero at its high end?",
        "collect more data": "more data is for an interval that straddles zero. Does yours?",
    }
    raise Incorrect(f"{value.strip()!r} is not what this trial supports: {reasons[picked]} "
                    "The value of one offer is effect x lifetime value - cost; compute it at "
                    "both ends of the effect's interval.")


ab_decision = Exercise(
    "ds.ab_decision",
    compare=_check_decision,
    expected=lambda seed: ab_summary(seed)["decision"],
    context=("seed",),
    not_attempted=_blank_text,
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

    from dsroles.churn import train
    from dsroles.churn.features import LABEL, MODEL_FEATURES

    train_part, test_part = train.time_split(snaps)
    with _one_thread():
        fitted = train.train(train_part, "boosting", seed=seed)
    y = test_part[LABEL].to_numpy()
    p = fitted.predict_proba(test_part[MODEL_FEATURES])[:, 1]
    return {"seed": int(seed), "auc": float(roc_auc_score(y, p)),
            "auc_interval": bootstrap_interval(y, p, seed=seed)}


@functools.lru_cache(maxsize=8)
def _experiment(seed: int) -> dict:
    return reference_experiment(_snapshots(seed), seed)


def _results_of(fn, data_seed: int, seed: int) -> dict:
    """Call the learner's run_experiment on a copy of the table; check the shape of its answer."""
    from dsroles.checks.functions import _where

    try:
        got = fn(_snapshots(data_seed).copy(), seed)
    except NotImplementedError:
        raise NotAttempted("The function still raises NotImplementedError: "
                           "replace that line with your code.") from None
    except Exception as exc:  # the learner's bug, reported in words
        raise Incorrect(f"run_experiment(snaps, {seed}) raised {type(exc).__name__}: "
                        f"{exc}{_where(exc)}.") from None
    return _metrics_dict(got, f"run_experiment(snaps, {seed})")


def _metrics_dict(got, what: str) -> dict:
    from dsroles.checks.numbers import as_numbers

    if type(got) is not dict:
        raise Incorrect(f"{what} returned {a_type(got)}; a dict is expected.")
    missing = [k for k in ("seed", "auc", "auc_interval") if k not in got]
    if missing:
        raise Incorrect(f"{what} has no {', '.join(repr(k) for k in missing)}.")
    interval = [float(x) for x in as_numbers(got["auc_interval"], f"{what}['auc_interval']")]
    if len(interval) != 2:
        raise Incorrect(f"{what}['auc_interval'] should hold two numbers, [low, high].")
    return {"seed": got["seed"], "auc": as_number(got["auc"], f"{what}['auc']"),
            "auc_interval": interval}


def _same_numbers(a: dict, b: dict, tol: float = 0.0) -> bool:
    pairs = [(a["auc"], b["auc"])] + list(zip(a["auc_interval"], b["auc_interval"]))
    return all(abs(x - y) <= tol for x, y in pairs)


def _check_experiment(fn, _, context):
    if is_placeholder(fn):
        raise NotAttempted("Write the function first, then check it.")
    if not callable(fn):
        raise Incorrect(f"your answer is {a_type(fn)}; a function is expected.")
    seed = int(context["seed"])
    first, again = _results_of(fn, seed, seed), _results_of(fn, seed, seed)
    if not _same_numbers(first, again):
        raise Incorrect("two runs with the same seed gave different numbers: some random step "
                        "does not get the seed (the model's random_state? the bootstrap's "
                        "generator?).")
    if _same_numbers(first, _results_of(fn, seed, seed + 1)):  # same data, another seed
        raise Incorrect("a run with another seed gave exactly the same numbers: the seed "
                        "argument is not used. Pass it to the model and to the bootstrap.")
    if first["seed"] != seed:
        raise Incorrect("the result's 'seed' is not the seed the experiment ran with.")
    if not _same_numbers(first, _experiment(seed), tol=1e-6):  # the recipe, run only now
        raise Incorrect("the numbers differ from the recipe's: train "
                        "`train.train(train_part, 'boosting', seed=seed)` on the time split, and "
                        "bootstrap the test AUC with `bootstrap_auc(y, p, seed)`.")


experiment = Exercise(
    "ds.experiment",
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

RECORD_KEYS = ("seed", "auc", "auc_interval", "versions")


def _check_record(path, expected, context):
    import json
    from pathlib import Path

    if type(path) not in (str,) and not isinstance(path, Path):
        raise Incorrect(f"your answer is {a_type(path)}; the path of the file you wrote is "
                        "expected.")
    file = Path(path)
    if not file.is_file():
        raise Incorrect(f"there is no file at {str(file)!r}: write the results first.")
    try:
        record = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise Incorrect(f"{file.name} is not readable JSON ({type(exc).__name__}); write it with "
                        "json.dump.") from None
    if type(record) is not dict:
        raise Incorrect(f"{file.name} holds {a_type(record)}; a JSON object is expected.")
    missing = [k for k in RECORD_KEYS if k not in record]
    if missing:
        raise Incorrect(f"{file.name} has no {', '.join(repr(k) for k in missing)}.")
    versions = record["versions"]
    if type(versions) is not dict or not {"scikit-learn", "numpy", "pandas"} <= set(versions):
        raise Incorrect("'versions' should map at least 'scikit-learn', 'numpy' and 'pandas' to "
                        "the versions that produced the numbers.")
    import sklearn

    if str(versions["scikit-learn"]) != sklearn.__version__:
        raise Incorrect("'versions' does not name the scikit-learn version this kernel runs: "
                        "record sklearn.__version__ rather than typing it.")
    if record["seed"] != int(context["seed"]):
        raise Incorrect("the recorded seed is not the seed of this lesson's data.")
    rerun = _metrics_dict(record, file.name)
    if not _same_numbers(rerun, expected, tol=1e-9):
        raise Incorrect("a rerun of the experiment with the recorded seed gives other numbers "
                        "than the file holds: record the results of run_experiment exactly.")


recorded = Exercise(
    "ds.recorded",
    compare=_check_record,
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


def bind(**context):
    """All data scientist exercises with the context given once: ``q = bind(seed=SEED)``."""
    import sys

    return bind_all(sys.modules[__name__], **context)
