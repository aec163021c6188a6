"""Right answers (alternatives included) and plausible mistakes for every domain expert exercise,
as a learner would write them: the contract (tests/test_track_contract.py) runs them all."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dsroles.churn import explain, lineage
from dsroles.churn.features import MODEL_FEATURES
from dsroles.churn.flags import FlagStore
from dsroles.tracks.domain_expert import (
    data, exam_data, models, production, references, results, shifts, tracing,
)

from tracks.contract import Answers

ENDINGS = ["cancelled", "lapsed", "downgraded", "closed"]


# -- PDE-1 ------------------------------------------------------------------------------------
def horizon(month):
    first = (pd.Period(month, freq="M") + 1).start_time
    return first, first + pd.offsets.MonthEnd(0)


def horizon_as_dates(month):
    import calendar
    import datetime

    year, number = map(int, month.split("-"))
    year, number = (year + 1, 1) if number == 12 else (year, number + 1)
    return (datetime.date(year, number, 1),
            datetime.date(year, number, calendar.monthrange(year, number)[1]))


def label(history, month):
    first, last = horizon(month)
    return int((history["event"].isin(ENDINGS) & history["event_date"].between(first, last)).any())


def label_by_loop(history, month):
    first, last = horizon(month)
    return any(e in ENDINGS and first <= d <= last
               for d, e in zip(history["event_date"], history["event"]))


def label_counting(events):
    def fn(history, month):
        first, last = horizon(month)
        return int((history["event"].isin(events) & history["event_date"].between(first, last)).any())
    return fn


def label_exclusive_end(history, month):
    first, last = horizon(month)
    return int((history["event"].isin(ENDINGS) & (history["event_date"] >= first)
                & (history["event_date"] < last)).any())


def overcount(seed, churn_label=label):
    snaps, events = data.snapshots(seed), data.account_events(seed)
    histories = dict(list(events.groupby("customer_key")))
    churned = snaps[snaps["churned"] == 1]
    return sum(churn_label(histories[k], m) == 0
               for k, m in zip(churned["customer_key"], churned["snapshot_month"]))


def churned(events, month):
    first, last = horizon(month)
    hit = events["event"].isin(ENDINGS) & events["event_date"].between(first, last)
    return set(events.loc[hit, "customer_id"])


def churned_series(events, month):
    start = pd.Period(month, freq="M") + 1
    hit = events["event"].isin(ENDINGS) & (events["event_date"].dt.to_period("M") == start)
    return events.loc[hit, "customer_id"].drop_duplicates()


def churned_unique(events, month):
    """Series.unique() of a text column: pandas' string array, not a numpy one."""
    start = pd.to_datetime(month) + pd.DateOffset(months=1)
    hit = events["event"].isin(ENDINGS) & (events["event_date"] >= start) \
        & (events["event_date"] < start + pd.DateOffset(months=1))
    return events.loc[hit, "customer_id"].unique()


def churned_in_the_month_itself(events, month):
    hit = events["event"].isin(ENDINGS) & (events["event_date"].dt.to_period("M") == pd.Period(month, "M"))
    return set(events.loc[hit, "customer_id"])


def churned_by_month_number(events, month):
    """The horizon found by the month's number alone: the same month a year earlier counts."""
    hit = events["event"].isin(ENDINGS) & (events["event_date"].dt.month == (pd.Period(month, "M") + 1).month)
    return set(events.loc[hit, "customer_id"])


def churned_counting(kinds, exclusive=False):
    def fn(events, month):
        first, last = horizon(month)
        days = (events["event_date"] >= first) & (
            events["event_date"] < last if exclusive else events["event_date"] <= last)
        return set(events.loc[events["event"].isin(kinds) & days, "customer_id"])
    return fn


def labelled(export_date):
    export = pd.Timestamp(export_date)
    months, month = [], pd.Period("2025-03", freq="M")
    while (month + 1).end_time.normalize() <= export:
        months.append(str(month))
        month += 1
    return months


def labelled_by_days(export_date):
    export = pd.Timestamp(export_date)
    months = pd.period_range("2025-03", "2026-12", freq="M")
    return [str(m) for m in months if horizon(str(m))[1] <= export]


def labelled_when_started(export_date):
    export = pd.Timestamp(export_date)
    months, month = [], pd.Period("2025-03", freq="M")
    while (month + 1).start_time <= export:
        months.append(str(month))
        month += 1
    return months


def labelled_by_end_time(export_date):
    """The horizon's last instant against the export's midnight: the export of its last day misses."""
    months = pd.period_range("2025-03", "2026-12", freq="M")
    return [str(m) for m in months if (m + 1).end_time <= pd.Timestamp(export_date)]


def labelled_one_short(export_date):
    return labelled(export_date)[:-1]


# -- PDE-2 ------------------------------------------------------------------------------------
def invalid_amount(invoices, plans):
    prices = {round(p + k * 3.50, 2) for p in plans["monthly_price"] for k in range(4)}
    return ~invoices["amount"].round(2).isin(prices)


def invalid_amount_isclose(invoices, plans):
    prices = np.array([p + k * 3.5 for p in plans["monthly_price"] for k in range(4)])
    amounts = invoices["amount"].to_numpy()[:, None]
    return pd.Series(~np.isclose(amounts, prices[None, :], atol=0.001).any(axis=1),
                     index=invoices.index)


def invalid_amount_unrounded(invoices, plans):
    prices = {p + k * 3.50 for p in plans["monthly_price"] for k in range(4)}
    return ~invoices["amount"].isin(prices)


def invalid_amount_2025(invoices, plans):
    prices = {round(p + k * 3.50, 2) for p in (8.99, 13.99, 19.99) for k in range(4)}
    return ~invoices["amount"].round(2).isin(prices)


def invalid_amount_over_60(invoices, plans):
    return invoices["amount"] > 60


def invalid_amount_any_addons(invoices, plans):
    """A plan's price plus any whole number of add-ons: four add-ons pass."""
    steps = [(invoices["amount"] - p) / 3.5 for p in plans["monthly_price"]]
    return ~pd.concat([(k >= -1e-9) & ((k - k.round()).abs() < 1e-6) for k in steps], axis=1).any(axis=1)


def legacy_rows(invoices, plans):
    return invoices["source_system"] == "legacy"


def impossible_age(crm):
    day = pd.Timestamp("2025-01-01")
    birth = pd.to_datetime(crm["birth_date"].replace("", None))
    return (birth < day - pd.DateOffset(years=100)) | (birth > day)


def impossible_age_by_year(crm):
    birth = pd.to_datetime(crm["birth_date"].replace("", None))
    too_old = birth < pd.Timestamp("1925-01-01")
    return (too_old | (birth > pd.Timestamp("2025-01-01"))).fillna(False).astype(bool)


def age_18_to_100(crm):
    birth = pd.to_datetime(crm["birth_date"].replace("", None))
    age = (pd.Timestamp("2025-01-01") - birth).dt.days / 365.25
    return age.notna() & ~age.between(18, 100)


def placeholder_only(crm):
    return crm["birth_date"] == "1900-01-01"


def session_rule(events):
    return (events["seconds"] < 0) | (events["seconds"] > 600 * 60)


def response(seed, leavers=True, blanks_answer=False):
    crm = data.crm_raw(seed).drop_duplicates("customer_id")
    crm = crm[crm["cancel_date"] != ""] if leavers else crm
    answered = crm["exit_survey_score"].notna() if blanks_answer else crm["exit_survey_score"] != ""
    return float(answered.mean())


RECORDED = {"signup_date": "at sign-up", "plan": "at sign-up",
            "invoices.amount": "during the subscription",
            "invoices.status": "during the subscription",
            "support_tickets.category": "during the subscription",
            "cancel_date": "when the customer leaves",
            "exit_survey_score": "after the customer has left", "birth_date": "at sign-up"}
USABLE = {"gender": False, "signup_date": True, "cancel_date": False, "exit_survey_score": False,
          "invoices.status": True, "usage_events.seconds": True, "support_tickets.text": False,
          "invoices.source_system": False}


# -- PDE-3 ------------------------------------------------------------------------------------
def pd_list(model, rows, feature, values):
    return [model.predict_proba(rows.assign(**{feature: v}))[:, 1].mean() for v in values]


def pd_sklearn(model, rows, feature, values):
    from sklearn.inspection import partial_dependence

    X = rows[MODEL_FEATURES].astype({feature: float})
    out = partial_dependence(model, X, [feature], custom_values={feature: values}, kind="average")
    return list(out["average"][0])


def filed(**fields):
    store = FlagStore(":memory:")
    base = {"seen": "What I saw, in words."}
    return store.get(store.file({**base, **fields}))


def ticket_flag(seed, **change):
    at = results.retrained_pd(seed, values=(0, 3))
    fields = {"subject": "feature:tickets_month", "owner_role": "data_scientist",
              "suspected_cause": "data_defect",
              "evidence": {"risk_at_0": at[0], "risk_at_3": at[1], "months": ["2025-11"]}}
    return filed(**{**fields, **change})


def exam_pd(seed, model=None, how=pd_list):
    model = model or exam_data.suspect_model(seed)
    rows = exam_data.review_rows(seed)
    return {f: how(model, rows, f, grid) for f, grid in exam_data.PD_GRIDS.items()}


def contradiction_flag(seed, **change):
    at = exam_pd(seed)["failed_payments_month"]
    fields = {"subject": "feature:failed_payments_month", "owner_role": "data_scientist",
              "suspected_cause": "data_defect", "evidence": {"risk_at_0": at[0], "risk_at_1": at[1]}}
    return filed(**{**fields, **change})


# -- PDE-4 ------------------------------------------------------------------------------------
def fixed(seed):
    return data.repaired(data.quarter(seed))


def charge_change(seed, table=fixed, how="median"):
    snaps = data.snapshots(seed)
    before = snaps[snaps["snapshot_month"] == "2025-11"].set_index("customer_key")["monthly_charges"]
    q = table(seed)
    after = q[q["snapshot_month"] == "2026-01"].set_index("customer_key")["monthly_charges"]
    both = before.index.intersection(after.index)
    return float(getattr(after[both] - before[both], how)())


def south_ratio(seed, table=fixed, inverse=False):
    from dsroles.churn import monitor

    q = table(seed)
    scores = models.production_model(seed).predict_proba(q[MODEL_FEATURES])[:, 1]
    seg = monitor.performance_by_segment(q, scores)
    ratio = seg.query("region == 'south' and contract == 'monthly'")["ratio"].item()
    return 1 / ratio if inverse else ratio


def evidence(seed, repaired=True, flip=False):
    quarter, snaps = data.quarter(seed), data.snapshots(seed)
    table = data.repaired(quarter) if repaired else quarter
    risk = exam_data.production_model(seed).predict_proba(table[MODEL_FEATURES])[:, 1]
    south = ((table["region"] == "south") & (table["contract"] == "monthly")).to_numpy()
    ratio = lambda rows: (risk[rows].mean() / table["churned"][rows].mean() if flip  # noqa: E731
                          else table["churned"][rows].mean() / risk[rows].mean())
    return {"biennial_share": (quarter["contract"] == "biennial").mean(),
            "charges_ratio": quarter["monthly_charges"].median() / snaps["monthly_charges"].median(),
            "south_monthly_ratio": ratio(south), "elsewhere_ratio": ratio(~south)}


TRIAGE = {"A": ("pipeline bug", "data engineer"), "B": ("covariate drift", "business owner"),
          "C": ("concept drift", "data scientist"), "D": ("pipeline bug", "data engineer"),
          "E": ("no change", "nobody")}


# -- PDE-5 ------------------------------------------------------------------------------------
def complaint_row(seed):
    run = production.scored_month(seed, tracing.MONTH)
    return run[run["customer_key"] == tracing.complaint(seed)]


def driver(seed):
    shares = explain.contributions(models.production_model(seed), complaint_row(seed))
    return str(shares.iloc[0].drop("intercept").idxmax())


def lesson_trail(seed):
    return lineage.trace(data.data_dir(seed), tracing.complaint(seed), tracing.MONTH,
                         billing_sql=production.BILLING_SQL_V1)


def inflated(seed, tol=0.005):
    run = production.scored_month(seed, tracing.MONTH)
    snaps = data.snapshots(seed)
    ref = snaps[snaps["snapshot_month"] == tracing.MONTH].set_index("customer_key")["monthly_charges"]
    return int(((run["monthly_charges"] - run["customer_key"].map(ref)).abs() > tol).sum())


def legacy_flag(seed, **change):
    key = tracing.complaint(seed)
    fields = {"subject": f"prediction:{key}@{tracing.MONTH}", "owner_role": "data_engineer",
              "suspected_cause": "pipeline_bug",
              "evidence": {"invoice_ids": tracing.complaint_invoices(seed), "customers_hit": inflated(seed)}}
    return filed(**{**fields, **change})


def driver_by_coefficients(seed):
    """The prepared feature with the largest coef_ x value, named as the pipeline names it
    (get_feature_names_out: 'numeric__monthly_charges')."""
    model, run = exam_data.production_model(seed), exam_data.production_run(seed)
    x = model[:-1].transform(run.loc[run["customer_key"] == exam_data.complaint(seed), MODEL_FEATURES])
    contributions = np.asarray(x).ravel() * model[-1].coef_.ravel()
    return str(model[:-1].get_feature_names_out()[int(np.argmax(contributions))])


def traced(seed, **change):
    ref = references.trace(seed)
    record = {k: ref[k] for k in ("feature", "invoice_ids", "value_used", "value_true", "technique")}
    return {**record, **change}


def exam_flag(seed, **change):
    ref = references.trace(seed)
    fields = {"subject": ref["subject"], "owner_role": "data_engineer", "suspected_cause": "pipeline_bug",
              "evidence": {"invoice_ids": ref["invoice_ids"], "customers_hit": ref["customers_hit"]}}
    return filed(**{**fields, **change})


ANSWERS = {
    # -- lesson 1
    "pde.horizon": Answers(
        right=(lambda: horizon, lambda: horizon_as_dates),
        wrong={"thirty days": lambda: lambda m: (horizon(m)[0], horizon(m)[0] + pd.Timedelta(days=30)),
               "the snapshot month itself": lambda: lambda m: horizon(
                   (pd.Period(m, freq="M") - 1).strftime("%Y-%m")),
               "an exclusive end": lambda: lambda m: (horizon(m)[0], horizon(m)[1] + pd.Timedelta(days=1))}),
    "pde.churn_label": Answers(
        right=(lambda: label, lambda: label_by_loop),
        wrong={"a pause counts": lambda: label_counting(ENDINGS + ["paused"]),
               "a pause running out does not": lambda: label_counting(ENDINGS[:3]),
               "the last day left out": lambda: label_exclusive_end}),
    "pde.label_gap": Answers(
        right=(lambda seed: overcount(seed), lambda seed: overcount(seed, label_by_loop)),
        wrong={"every churned row": lambda seed: int(data.snapshots(seed)["churned"].sum()),
               "every pause in the log": lambda seed: int((data.account_events(seed)["event"] == "paused").sum())}),
    "pde.offer_cannot_help": Answers(
        right=(lambda: "lapsed", lambda: " Lapsed. "),
        wrong={"cancelled": lambda: "cancelled", "closed": lambda: "closed"}),
    # -- lesson 2
    "pde.recorded": Answers(
        right=(lambda: dict(RECORDED), lambda: {k: v.upper() for k, v in RECORDED.items()}),
        wrong={"the survey when they leave": lambda: {**RECORDED, "exit_survey_score": "when the customer leaves"},
               "cancel date during": lambda: {**RECORDED, "cancel_date": "during the subscription"}}),
    "pde.price_rule": Answers(
        right=(lambda: invalid_amount, lambda: invalid_amount_isclose),
        wrong={"no rounding": lambda: invalid_amount_unrounded, "over 60": lambda: invalid_amount_over_60,
               "the legacy rows": lambda: legacy_rows}),
    "pde.age_rule": Answers(
        right=(lambda: impossible_age, lambda: impossible_age_by_year),
        wrong={"18 to 100": lambda: age_18_to_100, "the placeholder only": lambda: placeholder_only}),
    "pde.survey_sent": Answers(
        right=(lambda: "when the customer cancels", lambda: "When the customer cancels."),
        wrong={"sign-up": lambda: "at sign-up", "yearly": lambda: "once a year"}),
    "pde.survey_response": Answers(
        right=(lambda seed: response(seed),),
        wrong={"blanks counted as answers": lambda seed: response(seed, blanks_answer=True),
               "over every customer": lambda seed: response(seed, leavers=False)}),
    # -- lesson 3
    "pde.pd_tickets": Answers(
        right=(lambda seed: pd_list(models.retrained(seed, "tickets"), models.review_rows(seed),
                                    "tickets_month", [0, 1, 2, 3]),
               lambda seed: pd_sklearn(models.retrained(seed, "tickets"), models.review_rows(seed),
                                       "tickets_month", [0, 1, 2, 3])),
        wrong={"the production model": lambda seed: pd_list(models.production_model(seed),
                                                            models.review_rows(seed), "tickets_month", [0, 1, 2, 3]),
               "tickets_3m": lambda seed: pd_list(models.retrained(seed, "tickets"), models.review_rows(seed),
                                                  "tickets_3m", [0, 1, 2, 3])}),
    "pde.contradiction": Answers(
        right=(lambda: "tickets_month", lambda: "tickets_3m"),
        wrong={"failed payments": lambda: "failed_payments_3m", "charges": lambda: "monthly_charges"}),
    "pde.ticket_flag": Answers(
        right=(lambda seed: ticket_flag(seed),
               lambda seed: ticket_flag(seed, subject="feature:tickets_3m", suspected_cause="pipeline_bug")),
        wrong={"to the data engineer": lambda seed: ticket_flag(seed, owner_role="data_engineer"),
               "concept drift": lambda seed: ticket_flag(seed, suspected_cause="concept_drift"),
               "the production model's numbers": lambda seed: ticket_flag(
                   seed, evidence={"risk_at_0": 0.02, "risk_at_3": 0.2})}),
    # -- lesson 4
    "pde.major_drift": Answers(
        right=(lambda seed: shifts.major_features(seed), lambda seed: tuple(reversed(shifts.major_features(seed)))),
        wrong={"moderate too": lambda seed: shifts.major_features(seed) + ["region"],
               "charges only": lambda seed: ["monthly_charges"]}),
    "pde.charge_change": Answers(
        right=(lambda seed: charge_change(seed),),
        wrong={"as delivered": lambda seed: charge_change(seed, table=data.quarter),
               "the mean": lambda seed: charge_change(seed, how="mean") - 0.01}),
    "pde.south_ratio": Answers(
        right=(lambda seed: south_ratio(seed),),
        wrong={"upside down": lambda seed: south_ratio(seed, inverse=True),
               "as delivered": lambda seed: south_ratio(seed, table=data.quarter)}),
    "pde.change_kinds": Answers(
        right=(lambda: {"price rise": "covariate drift", "competitor": "concept drift",
                        "billing migration": "pipeline bug"},
               lambda: {"price rise": "Covariate_Drift", "competitor": "concept drift.",
                        "billing migration": "pipeline  bug"}),
        wrong={"swapped drifts": lambda: {"price rise": "concept drift", "competitor": "covariate drift",
                                          "billing migration": "pipeline bug"},
               "price rise a bug": lambda: {"price rise": "pipeline bug", "competitor": "concept drift",
                                            "billing migration": "pipeline bug"}}),
    "pde.change_owners": Answers(
        right=(lambda: {"price rise": "business owner", "competitor": "data scientist",
                        "billing migration": "data engineer"},
               lambda: {"price rise": "business_owner", "competitor": "Data Scientist",
                        "billing migration": "data_engineer"}),
        wrong={"competitor to the engineer": lambda: {"price rise": "business owner",
                                                      "competitor": "data engineer",
                                                      "billing migration": "data engineer"},
               "price rise to the scientist": lambda: {"price rise": "data scientist",
                                                       "competitor": "data scientist",
                                                       "billing migration": "data engineer"}}),
    # -- lesson 5
    "pde.driver": Answers(
        right=(lambda: "monthly_charges", lambda: " Monthly_Charges "),
        wrong={"contract": lambda: "contract", "sessions": lambda: "sessions"}),
    "pde.legacy_invoices": Answers(
        right=(lambda seed: [int(i) for i in lesson_trail(seed).sources_of("monthly_charges")["invoice_id"]],
               lambda seed: tuple(np.int64(i) for i in tracing.complaint_invoices(seed))),
        wrong={"three months": lambda seed: [int(i) for i in
                                             lesson_trail(seed).sources_of("failed_payments_3m")["invoice_id"]],
               "as text": lambda seed: [str(i) for i in tracing.complaint_invoices(seed)]}),
    "pde.inflated_count": Answers(
        right=(lambda seed: inflated(seed), lambda seed: float(inflated(seed, tol=0.01))),
        wrong={"every legacy customer of the year": lambda seed: int(data.invoices(seed).query(
                   "source_system == 'legacy'")["customer_id"].nunique()),
               "the whole run": lambda seed: len(production.scored_month(seed, tracing.MONTH))}),
    "pde.legacy_flag": Answers(
        right=(lambda seed: legacy_flag(seed),),
        wrong={"to the data scientist": lambda seed: legacy_flag(seed, owner_role="data_scientist"),
               "a data defect": lambda seed: legacy_flag(seed, suspected_cause="data_defect"),
               "about the feature": lambda seed: legacy_flag(seed, subject="feature:monthly_charges")}),
    # -- the assessment
    "pde_exam.churned_customers": Answers(
        right=(lambda: churned, lambda: churned_series, lambda: churned_unique),
        wrong={"pauses count": lambda: churned_counting(ENDINGS + ["paused"]),
               "the snapshot month itself": lambda: churned_in_the_month_itself,
               "the month's number without its year": lambda: churned_by_month_number,
               "the last day left out": lambda: churned_counting(ENDINGS, exclusive=True),
               "closures left out": lambda: churned_counting(ENDINGS[:3])}),
    "pde_exam.labelled_months": Answers(
        right=(lambda: labelled, lambda: labelled_by_days),
        wrong={"once the horizon starts": lambda: labelled_when_started,
               "a month short": lambda: labelled_one_short,
               "the horizon's last instant": lambda: labelled_by_end_time}),
    "pde_exam.price_rule": Answers(
        right=(lambda: invalid_amount, lambda: invalid_amount_isclose),
        wrong={"2025 prices typed in": lambda: invalid_amount_2025,
               "no rounding": lambda: invalid_amount_unrounded, "the legacy rows": lambda: legacy_rows,
               "any number of add-ons": lambda: invalid_amount_any_addons}),
    "pde_exam.session_rule": Answers(
        right=(lambda: session_rule, lambda: lambda e: ~e["seconds"].between(0, 36_000)),
        wrong={"negative only": lambda: lambda e: e["seconds"] < 0,
               "bounds excluded": lambda: lambda e: (e["seconds"] <= 0) | (e["seconds"] >= 36_000)}),
    "pde_exam.usable": Answers(
        right=(lambda: dict(USABLE), lambda: {k: np.bool_(v) for k, v in USABLE.items()}),
        wrong={"the survey allowed": lambda: {**USABLE, "exit_survey_score": True},
               "gender allowed": lambda: {**USABLE, "gender": True}}),
    "pde_exam.pd_values": Answers(
        right=(lambda seed: exam_pd(seed), lambda seed: exam_pd(seed, how=pd_sklearn)),
        wrong={"the production model": lambda seed: exam_pd(seed, models.production_model(seed)),
               "another grid": lambda seed: {**exam_pd(seed), "failed_payments_month": exam_pd(seed)[
                   "failed_payments_month"][::-1]}}),
    "pde_exam.contradiction_flag": Answers(
        right=(lambda seed: contradiction_flag(seed),
               lambda seed: contradiction_flag(seed, subject="feature:failed_payments_3m",
                                               suspected_cause="pipeline_bug")),
        wrong={"tickets": lambda seed: contradiction_flag(seed, subject="feature:tickets_month"),
               "to the data engineer": lambda seed: contradiction_flag(seed, owner_role="data_engineer"),
               "concept drift": lambda seed: contradiction_flag(seed, suspected_cause="concept_drift")}),
    "pde_exam.shift_evidence": Answers(
        right=(lambda seed: evidence(seed),
               lambda seed: {k: float(v) for k, v in evidence(seed).items()}),
        wrong={"as delivered": lambda seed: evidence(seed, repaired=False),
               "upside down": lambda seed: evidence(seed, flip=True)}),
    "pde_exam.triage": Answers(
        right=(lambda: dict(TRIAGE),
               lambda: {k: [kind.upper(), owner.replace(" ", "_")] for k, (kind, owner) in TRIAGE.items()}),
        wrong={"price rise a bug": lambda: {**TRIAGE, "B": ("pipeline bug", "data engineer")},
               "competitor to the engineer": lambda: {**TRIAGE, "C": ("concept drift", "data engineer")}}),
    "pde_exam.trace": Answers(
        right=(lambda seed: traced(seed),
               lambda seed: traced(seed, technique="logistic regression",
                                   invoice_ids=tuple(references.trace(seed)["invoice_ids"])),
               lambda seed: traced(seed, feature=driver_by_coefficients(seed))),
        wrong={"the true value not looked up": lambda seed: traced(seed, value_true=references.trace(seed)["value_used"]),
               "the pipeline as technique": lambda seed: traced(seed, technique="Pipeline"),
               "the contract": lambda seed: traced(seed, feature="contract"),
               "the two values swapped": lambda seed: traced(seed, value_used=references.trace(seed)["value_true"],
                                                             value_true=references.trace(seed)["value_used"]),
               "another prepared feature": lambda seed: traced(seed, feature="categorical__contract_monthly")}),
    "pde_exam.legacy_flag": Answers(
        right=(lambda seed: exam_flag(seed),),
        wrong={"to the data scientist": lambda seed: exam_flag(seed, owner_role="data_scientist"),
               "a data defect": lambda seed: exam_flag(seed, suspected_cause="data_defect"),
               "about the feature": lambda seed: exam_flag(seed, subject="feature:monthly_charges")}),
}
