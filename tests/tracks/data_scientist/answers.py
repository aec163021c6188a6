"""Right and wrong answers to every data scientist exercise, lessons (``ds.*``) and assessment
(``ds_exam.*``), for ``tests/test_track_contract.py``.

Right answers include the other ways a competent learner writes them (a dict for a Series, a
boosting model with native categories, an unpooled z-test, ``sklearn`` as a version key);
wrong ones are the mistakes learners make, the ones the fairness review found among them.
The pieces they are made of are in ``learners.py`` and ``trials.py``.
"""

from __future__ import annotations

import numpy as np

from tracks.contract import Answers
from tracks.data_scientist import learners as L
from tracks.data_scientist import trials as T

LESSON_1 = {
    "ds.churn_by_contract": Answers(
        right=(L.rates, lambda seed: L.rates(seed).to_dict(), lambda seed: L.rates(seed).round(4)),
        wrong={"percentages": lambda seed: 100 * L.rates(seed),
               "leavers counted": lambda seed: L.snaps(seed).groupby("contract")["churned"].sum(),
               "by plan": lambda seed: L.snaps(seed).groupby("plan")["churned"].mean()}),
    "ds.strongest_correlate": Answers(
        right=(lambda seed: L.correlations(seed).idxmax(),
               lambda seed: f"  {L.correlations(seed).idxmax()} "),
        wrong={"the second strongest": lambda seed: L.correlations(seed).sort_values().index[-2],
               "the weakest": lambda seed: L.correlations(seed).idxmin()}),
    "ds.segment_size": Answers(
        right=(L.november, lambda seed: np.int64(L.november(seed))),
        wrong={"every month": lambda seed: L.november(seed, months=sorted(set(L.snaps(seed)["snapshot_month"]))),
               "tickets of the month": lambda seed: L.november(seed, "tickets_month")}),
}


LESSON_2 = {
    "ds.leaky_column": Answers(
        right=(lambda: "exit_survey_score", lambda: " Exit_Survey_Score "),
        wrong={"a strong signal": lambda: "tickets_month",
               "a recency measure": lambda: "days_since_last_session"}),
    "ds.seen_customers": Answers(
        right=(L.seen, lambda seed: round(L.seen(seed), 3)),
        wrong={"rows, not customers": lambda seed: L.seen(seed, distinct=False),
               "another random split": lambda seed: L.seen(seed, random_state=0)}),
    "ds.future_rows": Answers(
        right=(L.future,),
        wrong={"customers, not rows": lambda seed: L.future(seed, customers=True),
               "earlier months": lambda seed: L.future(seed, lambda a, b: a < b)}),
    "ds.time_split": Answers(
        right=(lambda: L.split_by_time, lambda: L.split_with_isin),
        wrong={"by row position": lambda: L.split_by_rows,
               "calendar months": lambda: L.split_by_calendar}),
}

LESSON_3 = {
    "ds.model": Answers(
        right=(L.model("lesson 3"), L.model("reference"), L.model("native boosting")),
        wrong={"the baseline itself": L.model("numeric only"), "a full-depth tree": L.model("full tree"),
               "the leak": L.model("leak")}),
    "ds.calibration": Answers(
        right=(L.model("reference"), L.model("lesson 3")),
        wrong={"balanced classes": L.model("balanced"), "a full-depth tree": L.model("full tree")}),
    "ds.time_cv": Answers(
        right=(lambda seed: L.folds(seed, L.LESSON_MONTHS),
               lambda seed: dict(zip(L.LESSON_MONTHS, L.folds(seed, L.LESSON_MONTHS)))),
        wrong={"accuracy": lambda seed: L.folds(seed, L.LESSON_MONTHS, score=L.accuracy),
               "test month in training": lambda seed: L.folds(seed, L.LESSON_MONTHS,
                                                            lambda m, i: m[:i + 1])}),
    "ds.bootstrap_ci": Answers(
        right=(lambda seed: L.bootstrap("lesson", seed, [2.5, 97.5]),),
        wrong={"a 90 % interval": lambda seed: L.bootstrap("lesson", seed, [5, 95]),
               "without replacement": lambda seed: L.bootstrap("lesson", seed, [2.5, 97.5],
                                                             replace=False)}),
    "ds.profit": Answers(
        right=(L.profit, lambda seed: round(L.profit(seed), 2)),
        wrong={"threshold 0.5": lambda seed: L.profit(seed, 0.5),
               "offers for free": lambda seed: L.profit(seed, cost=0.0)}),
}


LESSON_4_TRIAL = {
    "ds.ab_effect": Answers(
        right=(lambda seed: T.effect(T.lesson_trial(seed)),),
        wrong={"offer minus control": lambda seed: -T.effect(T.lesson_trial(seed)),
               "percentage points": lambda seed: 100 * T.effect(T.lesson_trial(seed))}),
    "ds.ab_pvalue": Answers(
        right=(lambda seed: T.chi2_p(T.lesson_trial(seed)),
               lambda seed: T.z_p(T.lesson_trial(seed), pooled=False),
               lambda seed: T.welch_p(T.lesson_trial(seed))),
        wrong={"Yates": lambda seed: T.chi2_p(T.lesson_trial(seed), correction=True),
               "one-sided": lambda seed: T.chi2_p(T.lesson_trial(seed)) / 2}),
    "ds.ab_decision": Answers(
        right=(lambda seed: T.decision(T.value_interval(T.lesson_trial(seed), 10.0)),
               lambda seed: T.decision(T.value_interval(T.lesson_trial(seed), 10.0)).upper() + "."),
        wrong={f"other decision {i}": (lambda seed, i=i: T.other_decisions(T.lesson_trial(seed), 10.0)[i])
               for i in (0, 1)}),
}


EXAM_TRIAL = {
    "ds_exam.ab_effect": Answers(
        right=(lambda seed: T.effect(T.exam_trial(seed)),),
        wrong={"offer minus control": lambda seed: -T.effect(T.exam_trial(seed)),
               "relative to control": lambda seed: T.effect(T.exam_trial(seed))
               / T.group_rates(T.exam_trial(seed))["control"]}),
    "ds_exam.ab_pvalue": Answers(
        right=(lambda seed: T.chi2_p(T.exam_trial(seed)),
               lambda seed: T.z_p(T.exam_trial(seed), pooled=True),
               lambda seed: T.z_p(T.exam_trial(seed), pooled=False),
               lambda seed: T.welch_p(T.exam_trial(seed))),
        wrong={"Yates": lambda seed: T.chi2_p(T.exam_trial(seed), correction=True),
               "one-sided": lambda seed: T.z_p(T.exam_trial(seed), pooled=False) / 2,
               "rounded to 4 decimals": lambda seed: round(T.chi2_p(T.exam_trial(seed)), 4)}),
    "ds_exam.offer_value": Answers(
        right=(lambda seed: T.value_interval(T.exam_trial(seed), 15.0),
               lambda seed: [round(v, 2) for v in T.value_interval(
                   T.exam_trial(seed), 15.0, z=1.959963984540054)],
               lambda seed: np.array(T.value_interval(T.exam_trial(seed), 15.0))),
        wrong={"pooled standard error": lambda seed: T.value_interval(T.exam_trial(seed), 15.0, pooled=True),
               "standard error not in money": lambda seed: T.value_interval(T.exam_trial(seed), 15.0, money_se=False),
               "the lesson's cost": lambda seed: T.value_interval(T.exam_trial(seed), 10.0)}),
    "ds_exam.ab_decision": Answers(
        right=(lambda seed: T.decision(T.value_interval(T.exam_trial(seed), 15.0)),
               lambda seed: f" {T.decision(T.value_interval(T.exam_trial(seed), 15.0)).title()}\n"),
        wrong={"on the point estimate": lambda seed: "roll out" if T.effect(T.exam_trial(seed)) * 240 > 15
               else "do not roll out",
               "on the p-value": lambda seed: "roll out" if T.chi2_p(T.exam_trial(seed)) < 0.05
               else "do not roll out"}),
}


EXPERIMENTS = {
    "ds.experiment": Answers(
        right=(lambda: T.experiment(),),
        wrong={"model not seeded": lambda: T.experiment(model_seed=False),
               "generator made once": lambda: T.experiment(shared_rng=np.random.default_rng(0))}),
    "ds.recorded": Answers(
        right=(lambda seed: T.record(seed, exam=False, name="lesson"),
               lambda seed: str(T.record(seed, exam=False, name="lesson-sklearn", keys=T.versions("sklearn")))),
        wrong={"typed versions": lambda seed: T.record(seed, exam=False, name="lesson-typed",
                                                     keys=T.versions(numpy="2.1.3")),
               "rounded numbers": lambda seed: T.record(seed, exam=False, name="lesson-rounded",
                                                      rounded=True)}),
    "ds_exam.experiment": Answers(
        right=(lambda: T.experiment(**T.EXAM_RECIPE),),
        wrong={"model not seeded": lambda: T.experiment(**T.EXAM_RECIPE, model_seed=False),
               "three test months": lambda: T.experiment(level=0.9, resamples=100)}),
    "ds_exam.recorded": Answers(
        right=(lambda seed: T.record(seed, exam=True, name="exam"),
               lambda seed: T.record(seed, exam=True, name="exam-sklearn", keys=T.versions("sklearn"))),
        wrong={"typed numpy and pandas": lambda seed: T.record(
                   seed, exam=True, name="exam-typed",
                   keys=T.versions("sklearn", numpy="2.1.3", pandas="2.2.3")),
               "no test months": lambda seed: T.record(seed, exam=True, name="exam-months",
                                                     months=False),
               "rounded numbers": lambda seed: T.record(seed, exam=True, name="exam-rounded",
                                                      rounded=True)}),
}


EXAM_1_TO_4 = {
    "ds_exam.invoice_churn": Answers(
        right=(L.share, lambda seed: round(L.share(seed), 4)),
        wrong={"per customer": L.per_customer,
               "invoice only": lambda seed: L.share(seed, lambda s: s["payment_method"] == "invoice"),
               "a percentage": lambda seed: 100 * L.share(seed)}),
    "ds_exam.failed_payment_lift": Answers(
        right=(L.lift, lambda seed: round(L.lift(seed), 2)),
        wrong={"upside down": lambda seed: 1 / L.lift(seed),
               "a difference": lambda seed: L.lift(seed, ratio=False),
               "this month's failures": lambda seed: L.lift(seed, "failed_payments_month")}),
    "ds_exam.segment_size": Answers(
        right=(L.segment, lambda seed: float(L.segment(seed))),
        wrong={"the lesson's month": lambda seed: L.segment(seed, ("2025-11",)),
               "every month": lambda seed: L.segment(seed, tuple(sorted(set(L.snaps(seed)["snapshot_month"]))))}),
    "ds_exam.model_columns": Answers(
        right=(L.columns(), L.columns(["marketing_consent"]), lambda: tuple(L.columns()())),
        wrong={"the survey score": L.columns(["exit_survey_score"]),
               "protected attributes": L.columns(["gender", "age"]),
               "every column": lambda seed: [c for c in L.snaps(seed).columns if c != "churned"]}),
    "ds_exam.gap_split": Answers(
        right=(lambda: L.gap_split, lambda: L.gap_split_by_sets, lambda: L.gap_split_by_rank),
        wrong={"calendar arithmetic": lambda: L.gap_by_calendar,
               "no gap": lambda: L.gap_without_gap}),
    "ds_exam.model_inputs": Answers(
        right=(L.model("reference"), L.model("native boosting"), L.model("lesson 3")),
        wrong={"protected attributes": L.model("protected"), "the leak": L.model("leak"),
               "not a Pipeline": lambda seed: L.fitted("reference", seed)[-1]}),
    "ds_exam.model": Answers(
        right=(L.model("reference"), L.model("native boosting"), L.model("lesson 3")),
        wrong={"the baseline itself": L.model("numeric only"), "a full-depth tree": L.model("full tree"),
               "the leak": L.model("leak")}),
    "ds_exam.calibrated": Answers(
        right=(L.model("reference"), L.model("native boosting")),
        wrong={"balanced classes": L.model("balanced"), "a full-depth tree": L.model("full tree")}),
    "ds_exam.rolling_cv": Answers(
        right=(lambda seed: L.folds(seed, L.EXAM_MONTHS, lambda m, i: m[i - 4:i]),
               lambda seed: dict(reversed(list(zip(L.EXAM_MONTHS, L.folds(
                   seed, L.EXAM_MONTHS, lambda m, i: m[i - 4:i])))))),
        wrong={"accuracy": lambda seed: L.folds(seed, L.EXAM_MONTHS, lambda m, i: m[i - 4:i], L.accuracy),
               "test month in the window": lambda seed: L.folds(seed, L.EXAM_MONTHS,
                                                              lambda m, i: m[i - 3:i + 1]),
               "expanding window": lambda seed: L.folds(seed, L.EXAM_MONTHS)}),
    "ds_exam.bootstrap_90": Answers(
        right=(lambda seed: L.bootstrap("exam", seed, [5, 95]),
               lambda seed: list(np.sort(L.resampled("exam", seed))[[10, 190]]),
               lambda seed: list(np.percentile(L.resampled("exam", seed), [5, 95], method="nearest")),
               lambda seed: [round(x, 4) for x in L.bootstrap("exam", seed, [5, 95])]),
        wrong={"a 95 % interval": lambda seed: L.bootstrap("exam", seed, [2.5, 97.5]),
               "numpy's global generator": L.global_generator,
               "without replacement": lambda seed: L.bootstrap("exam", seed, [5, 95], replace=False),
               "customers resampled": L.by_customer}),
}


ANSWERS = {**LESSON_1, **LESSON_2, **LESSON_3, **LESSON_4_TRIAL, **EXAM_TRIAL, **EXPERIMENTS,
           **EXAM_1_TO_4}
