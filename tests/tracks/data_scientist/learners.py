"""What learners hand in for the data scientist exercises: the pieces ``answers.py`` builds
its right and wrong answers from (models fitted once per seed, splits, folds, intervals,
trial statistics, experiment functions and result files)."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

# -- shared pieces ---------------------------------------------------------------------------
def snaps(seed):
    from dsroles.tracks.data_scientist import data

    return data.snapshots(seed)


def columns_model(columns, classifier, categorical=()):
    """A Pipeline that picks ``columns`` (imputed, scaled) and one-hot ``categorical``."""
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    steps = [("numeric", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()),
              list(columns))]
    if categorical:
        steps.append(("categorical", OneHotEncoder(handle_unknown="ignore"), list(categorical)))
    return make_pipeline(ColumnTransformer(steps), classifier)


@functools.cache
def fitted(name: str, seed: int):
    """A model fitted on every labelled month of the seed's table, by name."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.tree import DecisionTreeClassifier

    from dsroles.churn import train
    from dsroles.churn.features import CATEGORICAL, MODEL_FEATURES, NUMERIC

    s = snaps(seed)
    logistic = LogisticRegression(max_iter=1000)
    build = {
        "reference": lambda: train.train(s),
        "lesson 3": lambda: columns_model(NUMERIC, logistic, CATEGORICAL).fit(s, s["churned"]),
        "native boosting": lambda: native_boosting().fit(s, s["churned"]),
        "numeric only": lambda: columns_model(NUMERIC, logistic).fit(s, s["churned"]),
        "full tree": lambda: columns_model(NUMERIC, DecisionTreeClassifier(random_state=0),
                                           CATEGORICAL).fit(s, s["churned"]),
        "leak": lambda: train.train(s, features=MODEL_FEATURES + ["exit_survey_score"]),
        "protected": lambda: train.build_model(numeric=NUMERIC + ["age"],
                                               categorical=CATEGORICAL + ["gender"])
                                  .fit(s, s["churned"]),
        "balanced": lambda: train.build_model().set_params(classify__class_weight="balanced")
                                 .fit(s[MODEL_FEATURES], s["churned"]),
    }
    return build[name]()


def native_boosting():
    """HistGradientBoosting on the model columns, categories native (ordinal codes)."""
    from sklearn.compose import ColumnTransformer
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OrdinalEncoder

    from dsroles.churn.features import CATEGORICAL, NUMERIC

    codes = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=np.nan)
    prepare = ColumnTransformer([("categorical", codes, CATEGORICAL),
                                 ("numeric", "passthrough", NUMERIC)],
                                verbose_feature_names_out=False).set_output(transform="pandas")
    return make_pipeline(prepare, HistGradientBoostingClassifier(categorical_features=CATEGORICAL,
                                                                 random_state=0))


def model(name):
    return lambda seed: fitted(name, seed)


def auc(y, p):
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(y, p))


# -- lesson 1: explore -----------------------------------------------------------------------
def rates(seed):
    return snaps(seed).groupby("contract")["churned"].mean()


def correlations(seed, absolute=True):
    from dsroles.tracks.data_scientist import role

    r = snaps(seed)[list(role.CORRELATE_OPTIONS) + ["churned"]].astype(float).corr()["churned"]
    r = r.drop("churned")
    return r.abs() if absolute else r


def november(seed, tickets="tickets_3m", months=("2025-11",)):
    s = snaps(seed)
    rows = s[s["snapshot_month"].isin(months)]
    return int(((rows["contract"] == "monthly") & (rows[tickets] >= 1)).sum())


# -- lesson 2: leakage and splits ------------------------------------------------------------
def random_split(seed):
    from sklearn.model_selection import train_test_split

    return train_test_split(snaps(seed), test_size=0.25, random_state=seed)


def seen(seed, distinct=True, random_state=None):
    from sklearn.model_selection import train_test_split

    tr, te = train_test_split(snaps(seed), test_size=0.25,
                              random_state=seed if random_state is None else random_state)
    keys = te["customer_key"].drop_duplicates() if distinct else te["customer_key"]
    return float(keys.isin(set(tr["customer_key"])).mean())


def future(seed, later=lambda a, b: a > b, customers=False):
    tr, te = random_split(seed)
    last = te["customer_key"].map(tr.groupby("customer_key")["snapshot_month"].max())
    flagged = last.notna() & later(last, te["snapshot_month"])
    if customers:
        return float(flagged.groupby(te["customer_key"]).any().mean())
    return float(flagged.mean())


def split_by_time(df, test_months=3):
    months = sorted(df["snapshot_month"].unique())
    if len(months) <= test_months:
        raise ValueError(f"need more than {test_months} months")
    return df[df["snapshot_month"] < months[-test_months]], df[df["snapshot_month"] >= months[-test_months]]


def split_with_isin(df, test_months=3):
    months = pd.Series(df["snapshot_month"].unique()).sort_values().tolist()
    if len(months) <= test_months:
        raise ValueError("too few months")
    test = df["snapshot_month"].isin(months[-test_months:])
    return df[~test], df[test]


def split_by_rows(df, test_months=3):
    df = df.sort_values("snapshot_month")
    cut = len(df) - len(df) * test_months // df["snapshot_month"].nunique()
    return df.iloc[:cut], df.iloc[cut:]


def split_by_calendar(df, test_months=3):
    last = pd.Period(df["snapshot_month"].max(), freq="M")
    cut = str(last - (test_months - 1))
    if df["snapshot_month"].nunique() <= test_months:
        raise ValueError("too few months")
    return df[df["snapshot_month"] < cut], df[df["snapshot_month"] >= cut]


# -- lesson 3: model and evaluation ----------------------------------------------------------
def lesson_test_scores(seed):
    from dsroles.tracks.data_scientist import data

    return data.reference_test_scores(seed)


def folds(seed, months, window=None, score=auc):
    """One score per month, the reference model trained on ``window(months present, i)``."""
    from dsroles.churn import train
    from dsroles.churn.features import MODEL_FEATURES

    s = snaps(seed)
    present = sorted(s["snapshot_month"].unique())
    out = []
    for month in months:
        i = present.index(month)
        fit = train.train(s[s["snapshot_month"].isin(window(present, i) if window else present[:i])])
        test = s[s["snapshot_month"] == month]
        out.append(score(test["churned"].to_numpy(), fit.predict_proba(test[MODEL_FEATURES])[:, 1]))
    return out


def accuracy(y, p):
    return float(((p > 0.5).astype(int) == y).mean())


@functools.cache
def resampled(which: str, seed: int, replace: bool = True, resamples: int = 200):
    """The AUCs of ``resamples`` draws of the lesson's or the assessment's test rows."""
    y, p = lesson_test_scores(seed) if which == "lesson" else two_months(seed)
    rng = np.random.default_rng(seed)
    aucs = []
    for _ in range(resamples):
        i = rng.integers(0, len(y), len(y)) if replace else rng.permutation(len(y))
        aucs.append(auc(y[i], p[i]))
    return tuple(aucs)


def global_generator(seed, percentiles=(5, 95)):
    """The mistake: np.random.seed(seed) and np.random.randint, not the recipe's generator."""
    y, p = two_months(seed)
    np.random.seed(seed)
    aucs = [auc(y[i], p[i]) for i in (np.random.randint(0, len(y), len(y)) for _ in range(200))]
    return list(np.percentile(aucs, list(percentiles)))


def bootstrap(which, seed, percentiles, replace=True):
    return list(np.percentile(resampled(which, seed, replace), percentiles))


def profit(seed, threshold=None, cost=10.0):
    from dsroles.churn import evaluate

    y, p = lesson_test_scores(seed)
    flagged = p >= (evaluate.break_even_probability() if threshold is None else threshold)
    return float(flagged[y == 1].sum() * (0.35 * 240 - cost) - cost * flagged[y == 0].sum())


LESSON_MONTHS = ("2025-09", "2025-10", "2025-11")


# -- assessment tasks 1 to 4 -----------------------------------------------------------------
def share(seed, rows=lambda s: (s["contract"] == "monthly") & (s["payment_method"] == "invoice")):
    s = snaps(seed)
    return float(s.loc[rows(s), "churned"].mean())


def per_customer(seed):
    s = snaps(seed)
    rows = (s["contract"] == "monthly") & (s["payment_method"] == "invoice")
    return float(s[rows].groupby("customer_key")["churned"].max().mean())


def lift(seed, column="failed_payments_3m", ratio=True):
    s = snaps(seed)
    failed = s[column] >= 1
    with_, without = s.loc[failed, "churned"].mean(), s.loc[~failed, "churned"].mean()
    return float(with_ / without if ratio else with_ - without)


def segment(seed, months=("2025-10",)):
    s = snaps(seed)
    rows = s[s["snapshot_month"].isin(months)]
    return int(((rows["payment_method"] == "invoice") & (rows["failed_payments_3m"] >= 1)).sum())


def gap_split(df, test_months=2, gap_months=1):
    months = sorted(df["snapshot_month"].unique())
    if len(months) <= test_months + gap_months:
        raise ValueError("too few months")
    cut = months[-(test_months + gap_months)]
    return df[df["snapshot_month"] < cut], df[df["snapshot_month"].isin(months[-test_months:])]


def gap_split_by_rank(df, test_months=2, gap_months=1):
    """Months numbered from the last (a dense rank), as a list [train, test]."""
    back = df["snapshot_month"].rank(method="dense", ascending=False)
    if back.max() <= test_months + gap_months:
        raise ValueError("too few months")
    return [df[back > test_months + gap_months], df[back <= test_months]]


def gap_split_by_sets(df, test_months=2, gap_months=1):
    months = list(np.sort(df["snapshot_month"].unique()))
    if len(months) - test_months - gap_months < 1:
        raise ValueError(f"{len(months)} months are too few")
    train_months = set(months[:len(months) - test_months - gap_months])
    test_set = set(months[len(months) - test_months:])
    return (df[df["snapshot_month"].map(lambda m: m in train_months)].copy(),
            df[df["snapshot_month"].map(lambda m: m in test_set)].copy())


def gap_by_calendar(df, test_months=2, gap_months=1):
    months = pd.PeriodIndex(df["snapshot_month"], freq="M")
    present = sorted(set(months))
    if len(present) <= test_months + gap_months:
        raise ValueError("too few months")
    first_test = present[-1] - (test_months - 1)
    return df[months < first_test - gap_months], df[months >= first_test]


def gap_without_gap(df, test_months=2, gap_months=1):
    months = sorted(df["snapshot_month"].unique())
    if len(months) <= test_months:
        raise ValueError("too few months")
    return df[df["snapshot_month"] < months[-test_months]], df[df["snapshot_month"] >= months[-test_months]]


EXAM_MONTHS = ("2025-08", "2025-09", "2025-10", "2025-11")


def two_months(seed):
    from dsroles.tracks.data_scientist import references

    return references.two_month_scores(seed)


def by_customer(seed, percentiles=(5, 95)):
    """The 90 % interval with customers resampled instead of rows."""
    from dsroles.churn import train

    test = train.time_split(snaps(seed), 2)[1]
    y, p = two_months(seed)
    keys = test["customer_key"].to_numpy()
    unique = np.unique(keys)
    rows_of = {k: np.flatnonzero(keys == k) for k in unique}
    rng = np.random.default_rng(seed)
    aucs = [auc(y[i], p[i]) for i in (np.concatenate([rows_of[k] for k in rng.choice(unique, len(unique))])
                                      for _ in range(200))]
    return list(np.percentile(aucs, list(percentiles)))


def columns(extra=()):
    from dsroles.churn.features import CATEGORICAL, NUMERIC

    return lambda: NUMERIC + CATEGORICAL + list(extra)

