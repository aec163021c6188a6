"""Right and wrong answers to every data scientist exercise, lessons (``ds.*``) and assessment
(``ds_exam.*``), for ``tests/test_track_contract.py``.

Right answers include the other ways a competent learner writes them (a dict for a Series, a
boosting model with native categories, an unpooled z-test, ``sklearn`` as a version key);
wrong ones are the mistakes learners make, the ones the fairness review found among them.
Models and tables are built once per seed (cached): the contract evaluates many of them.
"""

from __future__ import annotations

import functools
import json
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from tracks.contract import Answers

FOLDER = Path(tempfile.mkdtemp(prefix="dsroles-ds-answers-"))


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


LESSON_1 = {
    "ds.churn_by_contract": Answers(
        right=(rates, lambda seed: rates(seed).to_dict(), lambda seed: rates(seed).round(4)),
        wrong={"percentages": lambda seed: 100 * rates(seed),
               "leavers counted": lambda seed: snaps(seed).groupby("contract")["churned"].sum(),
               "by plan": lambda seed: snaps(seed).groupby("plan")["churned"].mean()}),
    "ds.strongest_correlate": Answers(
        right=(lambda seed: correlations(seed).idxmax(),
               lambda seed: f"  {correlations(seed).idxmax()} "),
        wrong={"the second strongest": lambda seed: correlations(seed).sort_values().index[-2],
               "the weakest": lambda seed: correlations(seed).idxmin()}),
    "ds.segment_size": Answers(
        right=(november, lambda seed: np.int64(november(seed))),
        wrong={"every month": lambda seed: november(seed, months=sorted(set(snaps(seed)["snapshot_month"]))),
               "tickets of the month": lambda seed: november(seed, "tickets_month")}),
}


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


LESSON_2 = {
    "ds.leaky_column": Answers(
        right=(lambda: "exit_survey_score", lambda: " Exit_Survey_Score "),
        wrong={"a strong signal": lambda: "tickets_month",
               "a recency measure": lambda: "days_since_last_session"}),
    "ds.seen_customers": Answers(
        right=(seen, lambda seed: round(seen(seed), 3)),
        wrong={"rows, not customers": lambda seed: seen(seed, distinct=False),
               "another random split": lambda seed: seen(seed, random_state=0)}),
    "ds.future_rows": Answers(
        right=(future,),
        wrong={"customers, not rows": lambda seed: future(seed, customers=True),
               "earlier months": lambda seed: future(seed, lambda a, b: a < b)}),
    "ds.time_split": Answers(
        right=(lambda: split_by_time, lambda: split_with_isin),
        wrong={"by row position": lambda: split_by_rows,
               "calendar months": lambda: split_by_calendar}),
}


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


def bootstrap(which, seed, percentiles, replace=True):
    return list(np.percentile(resampled(which, seed, replace), percentiles))


def profit(seed, threshold=None, cost=10.0):
    from dsroles.churn import evaluate

    y, p = lesson_test_scores(seed)
    flagged = p >= (evaluate.break_even_probability() if threshold is None else threshold)
    return float(flagged[y == 1].sum() * (0.35 * 240 - cost) - cost * flagged[y == 0].sum())


LESSON_MONTHS = ("2025-09", "2025-10", "2025-11")

LESSON_3 = {
    "ds.model": Answers(
        right=(model("lesson 3"), model("reference"), model("native boosting")),
        wrong={"the baseline itself": model("numeric only"), "a full-depth tree": model("full tree"),
               "the leak": model("leak")}),
    "ds.calibration": Answers(
        right=(model("reference"), model("lesson 3")),
        wrong={"balanced classes": model("balanced"), "a full-depth tree": model("full tree")}),
    "ds.time_cv": Answers(
        right=(lambda seed: folds(seed, LESSON_MONTHS),),
        wrong={"accuracy": lambda seed: folds(seed, LESSON_MONTHS, score=accuracy),
               "test month in training": lambda seed: folds(seed, LESSON_MONTHS,
                                                            lambda m, i: m[:i + 1])}),
    "ds.bootstrap_ci": Answers(
        right=(lambda seed: bootstrap("lesson", seed, [2.5, 97.5]),),
        wrong={"a 90 % interval": lambda seed: bootstrap("lesson", seed, [5, 95]),
               "without replacement": lambda seed: bootstrap("lesson", seed, [2.5, 97.5],
                                                             replace=False)}),
    "ds.profit": Answers(
        right=(profit, lambda seed: round(profit(seed), 2)),
        wrong={"threshold 0.5": lambda seed: profit(seed, 0.5),
               "offers for free": lambda seed: profit(seed, cost=0.0)}),
}


# -- lesson 4 and task 5: A/B trials ---------------------------------------------------------
def group_rates(trial):
    return trial.groupby("group")["churned"].mean()


def effect(trial):
    r = group_rates(trial)
    return float(r["control"] - r["offer"])


def chi2_p(trial, correction=False):
    from scipy.stats import chi2_contingency

    return float(chi2_contingency(pd.crosstab(trial["group"], trial["churned"]),
                                  correction=correction)[1])


def z_p(trial, pooled: bool):
    from scipy.stats import norm

    r, n = group_rates(trial), trial.groupby("group").size()
    if pooled:
        q = trial["churned"].mean()
        se = np.sqrt(q * (1 - q) * (1 / n["control"] + 1 / n["offer"]))
    else:
        se = np.sqrt(r["control"] * (1 - r["control"]) / n["control"]
                     + r["offer"] * (1 - r["offer"]) / n["offer"])
    return float(2 * norm.sf(abs(effect(trial)) / se))


def welch_p(trial):
    from scipy.stats import ttest_ind

    return float(ttest_ind(trial.loc[trial["group"] == "control", "churned"],
                           trial.loc[trial["group"] == "offer", "churned"], equal_var=False).pvalue)


def value_interval(trial, cost, *, pooled=False, money_se=True, z=1.96):
    """The value of one offer, effect x 240 - cost, ± z standard errors (in money or not)."""
    r, n = group_rates(trial), trial.groupby("group")["churned"].size()
    if pooled:
        q = trial["churned"].mean()
        se = np.sqrt(q * (1 - q) * (1 / n["control"] + 1 / n["offer"]))
    else:
        se = np.sqrt(r["control"] * (1 - r["control"]) / n["control"]
                     + r["offer"] * (1 - r["offer"]) / n["offer"])
    centre, half = effect(trial) * 240 - cost, z * se * (240 if money_se else 1)
    return [centre - half, centre + half]


def decision(interval):
    low, high = interval
    return "roll out" if low > 0 else "do not roll out" if high < 0 else "collect more data"


def lesson_trial(seed):
    from dsroles.tracks.data_scientist import ab_test

    return ab_test.ab_sample(seed)


def exam_trial(seed):
    from dsroles.tracks.data_scientist import exam_data

    return exam_data.trial(seed)


def other_decisions(trial, cost):
    right = decision(value_interval(trial, cost))
    return [d for d in ("roll out", "do not roll out", "collect more data") if d != right]


LESSON_4_TRIAL = {
    "ds.ab_effect": Answers(
        right=(lambda seed: effect(lesson_trial(seed)),),
        wrong={"offer minus control": lambda seed: -effect(lesson_trial(seed)),
               "percentage points": lambda seed: 100 * effect(lesson_trial(seed))}),
    "ds.ab_pvalue": Answers(
        right=(lambda seed: chi2_p(lesson_trial(seed)),
               lambda seed: z_p(lesson_trial(seed), pooled=False),
               lambda seed: welch_p(lesson_trial(seed))),
        wrong={"Yates": lambda seed: chi2_p(lesson_trial(seed), correction=True),
               "one-sided": lambda seed: chi2_p(lesson_trial(seed)) / 2}),
    "ds.ab_decision": Answers(
        right=(lambda seed: decision(value_interval(lesson_trial(seed), 10.0)),
               lambda seed: decision(value_interval(lesson_trial(seed), 10.0)).upper() + "."),
        wrong={f"other decision {i}": (lambda seed, i=i: other_decisions(lesson_trial(seed), 10.0)[i])
               for i in (0, 1)}),
}


EXAM_TRIAL = {
    "ds_exam.ab_effect": Answers(
        right=(lambda seed: effect(exam_trial(seed)),),
        wrong={"offer minus control": lambda seed: -effect(exam_trial(seed)),
               "relative to control": lambda seed: effect(exam_trial(seed))
               / group_rates(exam_trial(seed))["control"]}),
    "ds_exam.ab_pvalue": Answers(
        right=(lambda seed: chi2_p(exam_trial(seed)),
               lambda seed: z_p(exam_trial(seed), pooled=True),
               lambda seed: z_p(exam_trial(seed), pooled=False),
               lambda seed: welch_p(exam_trial(seed))),
        wrong={"Yates": lambda seed: chi2_p(exam_trial(seed), correction=True),
               "one-sided": lambda seed: z_p(exam_trial(seed), pooled=False) / 2}),
    "ds_exam.offer_value": Answers(
        right=(lambda seed: value_interval(exam_trial(seed), 15.0),
               lambda seed: np.array(value_interval(exam_trial(seed), 15.0))),
        wrong={"pooled standard error": lambda seed: value_interval(exam_trial(seed), 15.0, pooled=True),
               "standard error not in money": lambda seed: value_interval(exam_trial(seed), 15.0, money_se=False),
               "the lesson's cost": lambda seed: value_interval(exam_trial(seed), 10.0)}),
    "ds_exam.ab_decision": Answers(
        right=(lambda seed: decision(value_interval(exam_trial(seed), 15.0)),),
        wrong={"on the point estimate": lambda seed: "roll out" if effect(exam_trial(seed)) * 240 > 15
               else "do not roll out",
               "on the p-value": lambda seed: "roll out" if chi2_p(exam_trial(seed)) < 0.05
               else "do not roll out"}),
}


# -- experiments and records -----------------------------------------------------------------
def experiment(test_months=None, level=0.95, resamples=200, model_seed=True, shared_rng=None):
    """A run_experiment function: lesson 4's recipe by default, the assessment's with
    ``test_months=2, level=0.9, resamples=100``."""
    from dsroles.churn import evaluate

    def run_experiment(table, seed):
        y, p = _scores(_rows(table), test_months, seed if model_seed else None, table)
        if shared_rng is not None:
            interval = list(np.percentile([auc(y[i], p[i]) for i in
                                           (shared_rng.integers(0, len(y), len(y))
                                            for _ in range(resamples))],
                                          [50 - 50 * level, 50 + 50 * level]))
        else:
            interval = evaluate.bootstrap_interval(y, p, seed=seed, level=level, resamples=resamples)
        return {"seed": seed, "auc": auc(y, p), "auc_interval": interval}
    return run_experiment


def _rows(table) -> int:
    """A fingerprint of a table's rows (the check hands each call its own copy)."""
    return int(pd.util.hash_pandas_object(table[["customer_key", "snapshot_month"]], index=False).sum())


_FITS: dict = {}


def _scores(rows: int, test_months, seed, table):
    """(y, p) of the boosting model on the test months, fitted once per table (known by its
    fingerprint ``rows``), split and seed: the same numbers a fresh fit gives, faster."""
    from dsroles.churn import train
    from dsroles.churn.features import MODEL_FEATURES

    key = (rows, test_months, seed)
    if key not in _FITS:
        tr, te = train.time_split(table, *([test_months] if test_months else []))
        fit = train.train(tr, "boosting", **({} if seed is None else {"seed": seed}))
        _FITS[key] = te["churned"].to_numpy(), fit.predict_proba(te[MODEL_FEATURES])[:, 1]
    return _FITS[key]


EXAM_RECIPE = {"test_months": 2, "level": 0.9, "resamples": 100}


@functools.cache
def results(seed, exam: bool):
    return experiment(**(EXAM_RECIPE if exam else {}))(snaps(seed), seed)


def versions(key="scikit-learn", **typed):
    import sklearn

    found = {key: sklearn.__version__, "numpy": np.__version__, "pandas": pd.__version__}
    return {**found, **typed}


def record(seed, *, exam: bool, name: str, keys=versions(), rounded=False, months=True):
    """Write a results file as a learner would; return its path."""
    from dsroles.tracks.data_scientist import references

    found = dict(results(seed, exam))
    if rounded:
        found = {**found, "auc": round(found["auc"], 4)}
    content = {**found, "versions": keys}
    if exam and months:
        content["test_months"] = references.test_months(seed)
    path = FOLDER / f"{name}-seed{seed}.json"
    path.write_text(json.dumps(content, indent=2), encoding="utf-8")
    return path


EXPERIMENTS = {
    "ds.experiment": Answers(
        right=(lambda: experiment(),),
        wrong={"model not seeded": lambda: experiment(model_seed=False),
               "generator made once": lambda: experiment(shared_rng=np.random.default_rng(0))}),
    "ds.recorded": Answers(
        right=(lambda seed: record(seed, exam=False, name="lesson"),
               lambda seed: str(record(seed, exam=False, name="lesson-sklearn", keys=versions("sklearn")))),
        wrong={"typed versions": lambda seed: record(seed, exam=False, name="lesson-typed",
                                                     keys=versions(numpy="2.1.3")),
               "rounded numbers": lambda seed: record(seed, exam=False, name="lesson-rounded",
                                                      rounded=True)}),
    "ds_exam.experiment": Answers(
        right=(lambda: experiment(**EXAM_RECIPE),),
        wrong={"model not seeded": lambda: experiment(**EXAM_RECIPE, model_seed=False),
               "three test months": lambda: experiment(level=0.9, resamples=100)}),
    "ds_exam.recorded": Answers(
        right=(lambda seed: record(seed, exam=True, name="exam"),
               lambda seed: record(seed, exam=True, name="exam-sklearn", keys=versions("sklearn"))),
        wrong={"typed numpy and pandas": lambda seed: record(
                   seed, exam=True, name="exam-typed",
                   keys=versions("sklearn", numpy="2.1.3", pandas="2.2.3")),
               "no test months": lambda seed: record(seed, exam=True, name="exam-months",
                                                     months=False),
               "rounded numbers": lambda seed: record(seed, exam=True, name="exam-rounded",
                                                      rounded=True)}),
}


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


EXAM_1_TO_4 = {
    "ds_exam.invoice_churn": Answers(
        right=(share, lambda seed: round(share(seed), 4)),
        wrong={"per customer": per_customer,
               "invoice only": lambda seed: share(seed, lambda s: s["payment_method"] == "invoice"),
               "a percentage": lambda seed: 100 * share(seed)}),
    "ds_exam.failed_payment_lift": Answers(
        right=(lift,),
        wrong={"upside down": lambda seed: 1 / lift(seed),
               "a difference": lambda seed: lift(seed, ratio=False),
               "this month's failures": lambda seed: lift(seed, "failed_payments_month")}),
    "ds_exam.segment_size": Answers(
        right=(segment, lambda seed: float(segment(seed))),
        wrong={"the lesson's month": lambda seed: segment(seed, ("2025-11",)),
               "every month": lambda seed: segment(seed, tuple(sorted(set(snaps(seed)["snapshot_month"]))))}),
    "ds_exam.model_columns": Answers(
        right=(columns(), columns(["marketing_consent"]), lambda: tuple(columns()())),
        wrong={"the survey score": columns(["exit_survey_score"]),
               "protected attributes": columns(["gender", "age"]),
               "every column": lambda seed: [c for c in snaps(seed).columns if c != "churned"]}),
    "ds_exam.gap_split": Answers(
        right=(lambda: gap_split, lambda: gap_split_by_sets),
        wrong={"calendar arithmetic": lambda: gap_by_calendar,
               "no gap": lambda: gap_without_gap}),
    "ds_exam.model_inputs": Answers(
        right=(model("reference"), model("native boosting"), model("lesson 3")),
        wrong={"protected attributes": model("protected"), "the leak": model("leak"),
               "not a Pipeline": lambda seed: fitted("reference", seed)[-1]}),
    "ds_exam.model": Answers(
        right=(model("reference"), model("native boosting"), model("lesson 3")),
        wrong={"the baseline itself": model("numeric only"), "a full-depth tree": model("full tree"),
               "the leak": model("leak")}),
    "ds_exam.calibrated": Answers(
        right=(model("reference"), model("native boosting")),
        wrong={"balanced classes": model("balanced"), "a full-depth tree": model("full tree")}),
    "ds_exam.rolling_cv": Answers(
        right=(lambda seed: folds(seed, EXAM_MONTHS, lambda m, i: m[i - 4:i]),),
        wrong={"accuracy": lambda seed: folds(seed, EXAM_MONTHS, lambda m, i: m[i - 4:i], accuracy),
               "test month in the window": lambda seed: folds(seed, EXAM_MONTHS,
                                                              lambda m, i: m[i - 3:i + 1]),
               "expanding window": lambda seed: folds(seed, EXAM_MONTHS)}),
    "ds_exam.bootstrap_90": Answers(
        right=(lambda seed: bootstrap("exam", seed, [5, 95]),),
        wrong={"a 95 % interval": lambda seed: bootstrap("exam", seed, [2.5, 97.5]),
               "without replacement": lambda seed: bootstrap("exam", seed, [5, 95], replace=False),
               "customers resampled": by_customer}),
}


ANSWERS = {**LESSON_1, **LESSON_2, **LESSON_3, **LESSON_4_TRIAL, **EXAM_TRIAL, **EXPERIMENTS,
           **EXAM_1_TO_4}
