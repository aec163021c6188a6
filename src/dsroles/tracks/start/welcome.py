"""The start lesson (``0_start/01_welcome``): small, fast, seeded exercises (``demo.<name>``)
that need no churn data; also used by the self-check docs, the tests and the grading
fixture assessment.

    from dsroles.tracks.start import welcome as demo
    df = demo.sample(SEED)
    q = demo.bind(seed=SEED)          # context given once
    q.mean.check(my_mean); q.mean.hint(); q.mean.solution()
"""

from __future__ import annotations

from dsroles.checks import declare
from dsroles.checks.exercise import Part
from dsroles.checks.frames import check_columns, check_dtypes, require_frame, text_values
from dsroles.checks.functions import Case
from dsroles.checks.outcomes import Incorrect
from dsroles.checks.registry import binder

PLANS = ("basic", "standard", "premium")
PLAN_PRICE = {"basic": 8.99, "standard": 13.99, "premium": 19.99}


def sample(seed: int, n: int = 40):
    """A seeded table of customers with a ``monthly_charge`` column: some charges missing,
    some rows duplicated (as an export run twice would leave them)."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    plans = rng.choice(PLANS, size=n, p=[0.4, 0.4, 0.2])
    addons = rng.integers(0, 3, size=n)
    charge = np.round([PLAN_PRICE[p] for p in plans] + 3.5 * addons, 2)
    charge[rng.choice(n, size=max(2, n // 10), replace=False)] = np.nan
    df = pd.DataFrame({
        "customer_id": [f"C{seed % 1000:03d}-{i:03d}" for i in range(n)],
        "plan": plans.astype(str),
        "tenure_months": rng.integers(1, 60, size=n).astype("int64"),
        "monthly_charge": charge.astype("float64"),
    })
    repeats = df.iloc[rng.choice(n, size=max(2, n // 8), replace=False)]
    df = pd.concat([df, repeats]).sample(frac=1.0, random_state=seed).reset_index(drop=True)
    return _mean_apart_from_median(df)


def _mean_apart_from_median(df, gap: float = 0.1, bundle: float = 12.0):
    """Where the mean charge lies within ``gap`` of the median (1 seed in 200), the dearest
    customer also takes a bundle: the median stays, the mean moves up, so taking the median
    for the mean is wrong on every seed, as it would be on real, skewed charges."""
    charge = df["monthly_charge"]
    if abs(charge.mean() - charge.median()) < gap:
        dearest = df["customer_id"] == df.loc[charge.idxmax(), "customer_id"]
        df.loc[dearest, "monthly_charge"] = charge[dearest] + bundle
    return df


def _clean(seed: int):
    return sample(seed).drop_duplicates().dropna(subset=["monthly_charge"]).reset_index(drop=True)


mean = declare.number(
    "demo.mean",
    expected=lambda seed: float(sample(seed)["monthly_charge"].mean()),
    abs_tol=0.005,
    context=("seed",),
    hints=[
        "A pandas column has a method for the average.",
        "`Series.mean()` skips missing values by default; `df['monthly_charge']` selects the column.",
    ],
    solution="```python\nmy_mean = df['monthly_charge'].mean()\n```",
)


def _no_duplicates(value, expected, context):
    _none_left(int(value.duplicated().sum()), "duplicated row is", "duplicated rows are",
               "still there")
    _kept_all(value, expected, "duplicates")


def _no_missing(value, expected, context):
    _none_left(int(value[_column(value, "monthly_charge")].isna().sum()), "row has", "rows have",
               "a missing monthly_charge")
    _kept_all(value, expected, "missing charges")


def _none_left(n: int, one: str, many: str, rest: str) -> None:
    if n:
        raise Incorrect(f"{n} {one if n == 1 else many} {rest}.")


def _column(value, name: str) -> str:
    if name not in value.columns:
        raise Incorrect(f"the column {name!r} is gone.")
    return name


def _kept_all(value, expected, step):
    """Removing rows must not remove good ones (an empty table has no duplicates either)."""
    ids = text_values(value[_column(value, "customer_id")], "customer_id")
    lost = set(expected["customer_id"]) - set(ids)
    if lost:
        raise Incorrect(f"removing {step} also removed {len(lost)} good "
                        f"{'customer' if len(lost) == 1 else 'customers'}.")


def _same_columns(value, expected, context):
    check_columns(value, expected)
    check_dtypes(value, expected)


clean = declare.frame(
    "demo.clean",
    expected=_clean,
    context=("seed",),
    precheck=lambda value, expected, context: require_frame(value),
    parts=[
        Part("duplicates", _no_duplicates),
        Part("missing charges", _no_missing),
        Part("columns", _same_columns),
    ],
    hints=[
        "Two steps: remove rows that appear twice, then rows whose charge is missing.",
        "`DataFrame.drop_duplicates()` and `DataFrame.dropna(subset=[...])`.",
    ],
    solution="```python\nclean = df.drop_duplicates().dropna(subset=['monthly_charge'])\n```",
)


def _normalise(values):
    values = [float(v) for v in values]
    if not values:
        return []
    lo, hi = min(values), max(values)
    if hi == lo:
        return [0.0] * len(values)
    return [(v - lo) / (hi - lo) for v in values]


normalise = declare.function(
    "demo.normalise",
    reference=_normalise,
    cases=[
        Case(([1.0, 2.0, 3.0],)),
        Case(([10.0, 0.0, 5.0, 2.5],)),
        Case(([-2.0, 0.0, 2.0],), label="negative values"),
        Case(([],), label="empty input"),
        Case(([4.0, 4.0, 4.0],), label="constant input"),
        Case(([7.0],), label="a single value"),
    ],
    hints=[
        "Scale so that the smallest value becomes 0 and the largest 1: (v - min) / (max - min).",
        "Two edge cases: an empty list (return an empty list) and all values equal "
        "(max - min is 0: return 0.0 for each value).",
    ],
    solution=(
        "```python\ndef normalise(values):\n    if not values:\n        return []\n"
        "    lo, hi = min(values), max(values)\n    if hi == lo:\n"
        "        return [0.0] * len(values)\n"
        "    return [(v - lo) / (hi - lo) for v in values]\n```"
    ),
)


choice = declare.choice(
    "demo.choice",
    options=("mean", "median", "maximum"),
    expected="median",
    why={
        "mean": "A few very large charges pull the mean towards them.",
        "maximum": "The maximum is set by the single largest charge.",
    },
    hints=["Which summary only depends on the order of the values, not on how large the largest are?"],
    solution="`'median'`: half the customers pay less, half more, however large the top charges are.",
)


def training(seed: int):
    """(X, y) to fit a classifier on: 300 customers, 3 numeric features, a binary churn label."""
    return _classification(seed, 300)


def _holdout(seed: int):
    """Held-out (X, y) the learner never sees: the same process, another draw."""
    return _classification(seed + 10_000, 200)


def _classification(seed: int, n: int):
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    X = pd.DataFrame({
        "tenure_months": rng.integers(1, 60, size=n).astype(float),
        "monthly_charge": rng.normal(14, 4, size=n).round(2),
        "tickets": rng.poisson(1.0, size=n).astype(float),
    })
    logit = -0.06 * X["tenure_months"] + 0.12 * (X["monthly_charge"] - 14) + 0.7 * X["tickets"]
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    return X, pd.Series(y, name="churned")


model = declare.model(
    "demo.model",
    provider=_holdout,
    metric="roc_auc",
    bar=0.70,
    context=("seed",),
    hints=[
        "Any scikit-learn classifier with predict_proba will do; fit it on the features and "
        "labels that `demo.training` gives for your seed.",
        "A logistic regression is enough here: give it room to converge (its `max_iter` "
        "option), then fit it.",
    ],
    solution=(
        "```python\nfrom sklearn.linear_model import LogisticRegression\n"
        "X, y = demo.training(SEED)\nmodel = LogisticRegression(max_iter=1000).fit(X, y)\n```"
    ),
)


bind = binder(__name__)
