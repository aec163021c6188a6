"""Right answers (alternatives included) and plausible mistakes for every business owner
exercise, lessons and assessment: the examples ``tests/test_track_contract.py`` runs."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dsroles.churn import evaluate
from dsroles.churn.params import BUSINESS
from dsroles.tracks.business_owner import business_case as l1
from dsroles.tracks.business_owner import cards, data, exam_data, register
from dsroles.tracks.business_owner import data_access as l3
from dsroles.tracks.business_owner import decisions as l2
from dsroles.tracks.business_owner import exam as exam_module

from tracks.contract import Answers

GRID = np.round(np.arange(0.01, 0.81, 0.01), 2)


# -- helpers: what a learner computes --------------------------------------------------------
def left_between(seed, start, end):
    crm = data.crm(seed)
    return crm[crm["cancel_date"].between(start, end)]


def profit_table(seed, business=BUSINESS):
    y, p = data.test_scores(seed)
    table = evaluate.profit_curve(y, p, business=business, thresholds=GRID)
    table["accuracy"] = [((p >= t) == (y == 1)).mean() for t in table["threshold"]]
    return table


def best(seed, column, business=BUSINESS):
    table = profit_table(seed, business)
    return float(table.loc[table[column].idxmax(), "threshold"])


def last_best(seed, column, business=BUSINESS):
    """The highest threshold among the tied best: another right answer."""
    table = profit_table(seed, business)
    return float(table.loc[table[column] >= table[column].max() - 1e-9, "threshold"].max())


def customers(seed, batch="history"):
    crm = data.crm(seed) if batch == "history" else data.next_quarter_crm(seed)
    return crm.merge(data.consent_table(seed, batch), on="customer_id", how="left")


def targets(seed, batch="history", rule=lambda c: c["profiling_consent"] == "granted",
            marketing=True):
    c = customers(seed, batch)
    ok = c["cancel_date"].isna() & rule(c) & (c["marketing_consent"] if marketing else True)
    return c.loc[ok, "customer_id"]


def filled_register(**changes):
    table = register.skeleton()
    table["lawful_basis"] = ["contract", "contract", "legitimate interests", "consent"]
    table["users"] = [["data_engineer", "retention_team"], ["data_engineer"],
                      ["data_engineer", "data_scientist", "ml_engineer", "domain_expert"],
                      ["product_engineer", "retention_team"]]
    table["retention_months"] = [24, 24, 36, 3]
    for column, values in changes.items():
        table[column] = values
    return table


def counts(seed, threshold, swap=False):
    y, p = data.test_scores(seed)
    flagged, left = p >= threshold, y == 1
    out = {"offers_wasted": int((flagged & ~left).sum()), "leavers_reached": int((flagged & left).sum()),
           "leavers_missed": int((~flagged & left).sum()), "left_alone": int((~flagged & ~left).sum())}
    if swap:
        out["offers_wasted"], out["leavers_missed"] = out["leavers_missed"], out["offers_wasted"]
    return out


def top_share(seed, share, precision=False, ceil=False):
    y, p = data.test_scores(seed)
    k = int(np.ceil(share * len(p))) if ceil else round(share * len(p))
    top = np.argsort(-p)[:k]
    return y[top].mean() if precision else y[top].sum() / y.sum()


def drift_k(seed, upside_down=False, whole_year=False):
    m = data.monthly_churn(seed)
    since = "2025-03" if whole_year else "2025-09"
    new, old = m[m["snapshot_month"] >= "2026-01"], m[m["snapshot_month"].between(since, "2025-12")]
    k = (new["leavers"].sum() / new["customers"].sum()) / (old["leavers"].sum() / old["customers"].sum())
    return 1 / k if upside_down else k


def month_value(seed, k=1.0, threshold=0.12):
    _, p = data.december_scores(seed)
    flagged = p[p >= threshold]
    return float((k * flagged * 0.35 * 240 - 10).sum())


def quarter_value(seed, k, setup=True, from_score=None):
    """Offers where they pay under the drift, or (a mistake) to every score from ``from_score``."""
    _, p = data.december_scores(seed)
    b = exam_data.EXAM_BUSINESS
    worth = k * p * b.offer_acceptance_rate * b.customer_lifetime_value - b.retention_offer_cost
    offered = worth > 0 if from_score is None else p >= from_score
    return float(3 * worth[offered].sum() - (exam_data.SETUP_COST if setup else 0.0))


def exam_break_even():
    b = exam_data.EXAM_BUSINESS
    return b.retention_offer_cost / (b.offer_acceptance_rate * b.customer_lifetime_value)


def exam_falls(seed, sign=1.0, share=False):
    def top(business):
        return profit_table(seed, business)["profit"].max()
    base = top(exam_data.EXAM_BUSINESS)
    return {k: sign * (base - top(b)) / (base if share else 1.0)
            for k, b in exam_data.SCENARIOS.items()}


POLICY = {
    "usage_events": ("contract", {"data_engineer"}, 24),
    "feature_store": ("legitimate interests", set(register.ANALYSTS), 36),
    "monitoring_table": ("legitimate interests", set(register.ANALYSTS), 36),
    "offer_list": ("consent", {"retention_team", "product_engineer"}, 3),
}


def review(seed, at_max_is_breach=False, fields=("lawful_basis", "users", "retention_months")):
    breaches = []
    for row in exam_data.draft_register(seed).itertuples():
        basis, users, months = POLICY[row.dataset]
        found = {"lawful_basis": row.lawful_basis != basis, "users": set(row.users) != users,
                 "retention_months": row.retention_months >= months if at_max_is_breach
                 else row.retention_months > months}
        breaches += [(row.dataset, f) for f in fields if found[f]]
    return breaches


def card_letter(seed, text):
    table = exam_data.model_cards(seed)
    return next(c for c in table.columns if text in table.loc["inputs", c])


def deploy_record(seed, swap=False, by_auc=False):
    leak, protected = card_letter(seed, "exit_survey_score"), card_letter(seed, "gender and age")
    table = exam_data.model_cards(seed)
    honest = next(c for c in table.columns if c not in (leak, protected))
    if by_auc:
        honest = max(table.columns, key=lambda c: float(table.loc["performance", c].split()[1]))
    return {"deploy": honest, "leak": protected if swap else leak,
            "protected": leak if swap else protected}


def gaps(seed, keys_only=False, every_code=False):
    card = exam_data.draft_card(seed)
    codes = exam_data.CARD_QUESTIONS if every_code else cards.ESSENTIAL
    if keys_only:
        return [q for q in codes if q not in card]
    return [q for q in codes if not str(card.get(q, "")).strip()]


def value_of_flagging(p, offer_cost=10.0, acceptance=0.35, lifetime_value=240.0):
    return p * acceptance * lifetime_value - offer_cost


def value_of_flagging_np(p, offer_cost=10.0, acceptance=0.35, lifetime_value=240.0):
    return np.multiply(p, acceptance * lifetime_value) - offer_cost


def cost_only_for_leavers(p, offer_cost=10.0, acceptance=0.35, lifetime_value=240.0):
    return p * (acceptance * lifetime_value - offer_cost)


def ignores_acceptance(p, offer_cost=10.0, acceptance=0.35, lifetime_value=240.0):
    return p * lifetime_value - offer_cost


def only_for_one_number(p, offer_cost=10.0, acceptance=0.35, lifetime_value=240.0):
    return max(p * acceptance * lifetime_value - offer_cost, -offer_cost)


# -- the examples --------------------------------------------------------------------------
ANSWERS = {
    # lesson 1
    "bo.revenue_at_risk": Answers(
        right=(lambda seed: 12 * left_between(seed, "2025-10-01", "2025-12-31")["monthly_charges"].sum(),
               lambda seed: float(12 * data.crm(seed).loc[
                   data.crm(seed)["cancel_date"].dt.quarter.eq(4), "monthly_charges"].sum())),
        wrong={"one month": lambda seed: left_between(seed, "2025-10-01", "2025-12-31")["monthly_charges"].sum(),
               "december left out": lambda seed: 12 * left_between(seed, "2025-10-01", "2025-11-30")[
                   "monthly_charges"].sum(),
               "september too": lambda seed: 12 * left_between(seed, "2025-09-01", "2025-12-31")[
                   "monthly_charges"].sum()}),
    "bo.call_share": Answers(
        right=(lambda seed: l1.CALLS_PER_MONTH / data.crm(seed)["cancel_date"].isna().sum(),
               lambda seed: round(l1.CALLS_PER_MONTH / data.crm(seed)["cancel_date"].isna().sum(), 4)),
        wrong={"every customer of the year": lambda seed: l1.CALLS_PER_MONTH / len(data.crm(seed)),
               "a percentage": lambda seed: 100 * l1.CALLS_PER_MONTH / data.crm(seed)["cancel_date"].isna().sum()}),
    "bo.business_case": Answers(
        right=(lambda: dict(l1.CASE),
               lambda: {"success_measure": "  Revenue kept minus the cost of the offers.",
                        "who_acts": "Retention team", "when": l1.TIMINGS[0].upper()}),
        wrong={"judged by AUC": lambda: {**l1.CASE, "success_measure": "AUC of the model"},
               "the data scientist acts": lambda: {**l1.CASE, "who_acts": "data scientist"},
               "too late": lambda: {**l1.CASE, "when": l1.TIMINGS[1]}}),
    # lesson 2
    "bo.flag_value": Answers(
        right=(lambda: value_of_flagging, lambda: value_of_flagging_np),
        wrong={"cost only for leavers": lambda: cost_only_for_leavers,
               "acceptance left out": lambda: ignores_acceptance,
               "one number only": lambda: only_for_one_number}),
    "bo.thresholds": Answers(
        right=(lambda seed: {"most_profit": best(seed, "profit"), "best_accuracy": best(seed, "accuracy")},
               lambda seed: {"most_profit": last_best(seed, "profit"),
                             "best_accuracy": last_best(seed, "accuracy")}),
        wrong={"swapped": lambda seed: {"most_profit": best(seed, "accuracy"), "best_accuracy": best(seed, "profit")},
               "the lowest threshold": lambda seed: {"most_profit": 0.01, "best_accuracy": 0.01}}),
    "bo.sensitivity": Answers(
        right=(lambda seed: {k: best(seed, "profit", b) for k, b in l2.SCENARIOS.items()},),
        wrong={"original threshold": lambda seed: dict.fromkeys(l2.SCENARIOS, best(seed, "profit")),
               "break-even of each": lambda seed: {k: round(evaluate.break_even_probability(b), 2) - 0.1
                                                   for k, b in l2.SCENARIOS.items()}}),
    # lesson 3
    "bo.personal_data": Answers(
        right=(lambda: {"identifying": list(l3.IDENTIFYING), "protected": list(l3.PROTECTED)},
               lambda: {"identifying": ("email", "phone", "name", "birth_date", "customer_id"),
                        "protected": {"birth_date", "gender"}}),
        wrong={"no id, no birth date": lambda: {"identifying": ["name", "email", "phone"],
                                                "protected": ["gender", "birth_date"]},
               "age forgotten": lambda: {"identifying": list(l3.IDENTIFYING), "protected": ["gender"]}}),
    "bo.campaign_list": Answers(
        right=(lambda seed: targets(seed), lambda seed: sorted(targets(seed).tolist()),
               lambda seed: customers(seed)[customers(seed)["customer_id"].isin(targets(seed))]),
        wrong={"silence is consent": lambda seed: targets(seed, rule=lambda c: c["profiling_consent"] != "refused"),
               "no marketing rule": lambda seed: targets(seed, marketing=False),
               "leavers too": lambda seed: customers(seed).loc[
                   customers(seed)["marketing_consent"] & customers(seed)["profiling_consent"].eq("granted"),
                   "customer_id"]}),
    "bo.access_register": Answers(
        right=(lambda: filled_register(),
               lambda: filled_register(users=["data_engineer, retention_team", ["Data Engineer"],
                                              ["data_scientist", "ml_engineer", "domain_expert", "data_engineer"],
                                              ("retention_team", "product_engineer")],
                                       retention_months=[12, 24.0, 36, 1]).to_dict(orient="records")),
        wrong={"tickets to the analysts": lambda: filled_register(
                   users=[["data_engineer", "retention_team"], ["data_engineer", "data_scientist"],
                          list(register.ANALYSTS), ["product_engineer", "retention_team"]]),
               "scores kept two years": lambda: filled_register(retention_months=[24, 24, 36, 24]),
               "consent for everything": lambda: filled_register(lawful_basis=["consent"] * 4)}),
    "bo.protected_request": Answers(
        right=(lambda: l3.REQUEST_OPTIONS[1], lambda: l3.REQUEST_OPTIONS[1].upper() + "."),
        wrong={"add them": lambda: l3.REQUEST_OPTIONS[0], "delete them": lambda: l3.REQUEST_OPTIONS[3]}),
    # lesson 4
    "bo.confusion_words": Answers(
        right=(lambda seed: counts(seed, 0.12),
               lambda seed: {k: float(v) for k, v in counts(seed, 0.12).items()}),
        wrong={"wasted and missed swapped": lambda seed: counts(seed, 0.12, swap=True),
               "threshold 0.5": lambda seed: counts(seed, 0.5)}),
    "bo.top_share": Answers(
        right=(lambda seed: top_share(seed, 0.1), lambda seed: top_share(seed, 0.1, ceil=True)),
        wrong={"precision": lambda seed: top_share(seed, 0.1, precision=True),
               "a percentage": lambda seed: 100 * top_share(seed, 0.1),
               "top fifth": lambda seed: top_share(seed, 0.2)}),
    "bo.deploy_choice": Answers(
        right=(lambda: {"deploy": "A", "problems_of_the_other": list(cards.LESSON_PROBLEMS_OF_B)},
               lambda: {"deploy": "a ", "problems_of_the_other": ("no_money_threshold", "random_split", "leak")}),
        wrong={"the higher AUC": lambda: {"deploy": "B", "problems_of_the_other": ["old_data"]},
               "only the leak": lambda: {"deploy": "A", "problems_of_the_other": ["leak"]}}),
    "bo.card_questions": Answers(
        right=(lambda: list(cards.ESSENTIAL), lambda: set(reversed(cards.ESSENTIAL))),
        wrong={"every question": lambda: list(cards.QUESTIONS),
               "no fairness, no owner": lambda: [q for q in cards.ESSENTIAL if q not in ("fairness", "owner")]}),
    # lesson 5
    "bo.campaign_value": Answers(
        right=(lambda seed: month_value(seed), lambda seed: round(month_value(seed), 2)),
        wrong={"every customer offered": lambda seed: month_value(seed, threshold=0.0),
               "cost left out": lambda seed: month_value(seed) + 10 * int((data.december_scores(seed)[1] >= 0.12).sum())}),
    "bo.drifted_value": Answers(
        right=(lambda seed: month_value(seed, drift_k(seed)),),
        wrong={"drift ignored": lambda seed: month_value(seed),
               "factor upside down": lambda seed: month_value(seed, drift_k(seed, upside_down=True)),
               "against all of 2025": lambda seed: month_value(seed, drift_k(seed, whole_year=True))}),
    "bo.decision": Answers(
        right=(lambda seed: {"decision": "go" if month_value(seed, drift_k(seed)) > 0 else "no-go",
                             "threshold": evaluate.break_even_probability() / drift_k(seed)},
               lambda seed: {"decision": "GO" if month_value(seed, drift_k(seed)) > 0 else "no-go",
                             "threshold": round(evaluate.break_even_probability() / drift_k(seed), 2)}),
        wrong={"last year's threshold": lambda seed: {"decision": "go", "threshold": evaluate.break_even_probability()},
               "no-go, times k": lambda seed: {"decision": "no-go",
                                              "threshold": evaluate.break_even_probability() * drift_k(seed)}}),
    # the assessment
    "bo_exam.revenue_per_quarter": Answers(
        right=(lambda seed: 12 * left_between(seed, "2025-01-01", "2025-12-31")["monthly_charges"].sum() / 4,
               lambda seed: float((12 * data.crm(seed).groupby(data.crm(seed)["cancel_date"].dt.quarter)[
                   "monthly_charges"].sum()).mean())),
        wrong={"whole year": lambda seed: 12 * left_between(seed, "2025-01-01", "2025-12-31")["monthly_charges"].sum(),
               "one month a quarter": lambda seed: left_between(seed, "2025-01-01", "2025-12-31")[
                   "monthly_charges"].sum() / 4,
               "last quarter only": lambda seed: 12 * left_between(seed, "2025-10-01", "2025-12-31")[
                   "monthly_charges"].sum()}),
    "bo_exam.call_share": Answers(
        right=(lambda seed: exam_data.CALLS_PER_MONTH / (data.snapshots(seed)["snapshot_month"] == "2025-06").sum(),
               lambda seed: exam_data.CALLS_PER_MONTH / int(((data.crm(seed)["signup_date"] < "2025-07-01") & (
                   data.crm(seed)["cancel_date"].isna() | (data.crm(seed)["cancel_date"] >= "2025-07-01"))).sum())),
        wrong={"today's customers": lambda seed: exam_data.CALLS_PER_MONTH / data.crm(seed)["cancel_date"].isna().sum(),
               "everyone signed up": lambda seed: exam_data.CALLS_PER_MONTH / (
                   data.crm(seed)["signup_date"] < "2025-07-01").sum(),
               "the July snapshot": lambda seed: exam_data.CALLS_PER_MONTH / (
                   data.snapshots(seed)["snapshot_month"] == "2025-07").sum(),
               "one agent's calls": lambda seed: 45 / (data.snapshots(seed)["snapshot_month"] == "2025-06").sum()}),
    "bo_exam.pilot_case": Answers(
        right=(lambda: {"measure": exam_module.PILOT_MEASURES[2], "acts": "retention team",
                        "deadline": exam_module.DEADLINES[1]},),
        wrong={"AUC": lambda: {"measure": exam_module.PILOT_MEASURES[0], "acts": "retention team",
                               "deadline": exam_module.DEADLINES[1]},
               "too early": lambda: {"measure": exam_module.PILOT_MEASURES[2], "acts": "retention team",
                                     "deadline": exam_module.DEADLINES[0]}}),
    "bo_exam.break_even": Answers(
        right=(lambda: exam_break_even(), lambda: round(exam_break_even(), 4)),
        wrong={"acceptance left out": lambda: 15 / 240, "upside down": lambda: 1 / exam_break_even(),
               "lesson's figures": lambda: evaluate.break_even_probability()}),
    "bo_exam.thresholds": Answers(
        right=(lambda seed: {"most_profit": best(seed, "profit", exam_data.EXAM_BUSINESS),
                             "best_accuracy": best(seed, "accuracy")},
               lambda seed: {"most_profit": last_best(seed, "profit", exam_data.EXAM_BUSINESS),
                             "best_accuracy": last_best(seed, "accuracy")}),
        wrong={"swapped": lambda seed: {"most_profit": best(seed, "accuracy"),
                                        "best_accuracy": best(seed, "profit", exam_data.EXAM_BUSINESS)},
               "lowest thresholds": lambda seed: {"most_profit": 0.01, "best_accuracy": 0.01}}),
    "bo_exam.profit_falls": Answers(
        right=(lambda seed: exam_falls(seed), lambda seed: {k: round(v, 2) for k, v in exam_falls(seed).items()}),
        wrong={"wrong sign": lambda seed: exam_falls(seed, sign=-1.0),
               "as shares": lambda seed: exam_falls(seed, share=True),
               "threshold not chosen again": lambda seed: (lambda y, p, t: {
                   k: evaluate.expected_profit(y, p, t, exam_data.EXAM_BUSINESS) - evaluate.expected_profit(y, p, t, b)
                   for k, b in exam_data.SCENARIOS.items()})(
                   *data.test_scores(seed), best(seed, "profit", exam_data.EXAM_BUSINESS))}),
    "bo_exam.personal_columns": Answers(
        right=(lambda: {"support_tickets": ["customer_id", "text"], "invoices": ["customer_id"]},
               lambda: {"support_tickets": ("text", "customer_id"), "invoices": {"customer_id"}}),
        wrong={"free text missed": lambda: {"support_tickets": ["customer_id"], "invoices": ["customer_id"]},
               "record ids too": lambda: {"support_tickets": ["ticket_id", "customer_id", "text"],
                                          "invoices": ["invoice_id", "customer_id"]}}),
    "bo_exam.campaign_list": Answers(
        right=(lambda seed: targets(seed, "next_quarter"), lambda seed: list(targets(seed, "next_quarter"))),
        wrong={"last year's consent": lambda seed: (lambda c: c.loc[
                   c["cancel_date"].isna() & c["marketing_consent"] & c["profiling_consent"].eq("granted"),
                   "customer_id"])(data.next_quarter_crm(seed).merge(data.consent_table(seed, "history"),
                                                                     on="customer_id", how="left")),
               "silence is consent": lambda seed: targets(seed, "next_quarter",
                                                          rule=lambda c: c["profiling_consent"] != "refused")}),
    "bo_exam.register_review": Answers(
        right=(lambda seed: review(seed), lambda seed: [list(pair) for pair in reversed(review(seed))],
               # the rows of a table of breaches: namedtuples, and labels out of numpy (np.str_)
               lambda seed: list(pd.DataFrame(review(seed), columns=["dataset", "field"]).itertuples(index=False)),
               lambda seed: [tuple(pair) for pair in np.array(review(seed))]),
        wrong={"lawful basis only": lambda seed: review(seed, fields=("lawful_basis",)) or [("usage_events", "users")],
               "the maximum is a breach": lambda seed: review(seed, at_max_is_breach=True)}),
    "bo_exam.attribute_request": Answers(
        right=(lambda: exam_module.ATTRIBUTE_OPTIONS[1],),
        wrong={"both": lambda: exam_module.ATTRIBUTE_OPTIONS[0], "neither": lambda: exam_module.ATTRIBUTE_OPTIONS[2]}),
    "bo_exam.confusion": Answers(
        right=(lambda seed: counts(seed, exam_data.CONFUSION_THRESHOLD),),
        wrong={"swapped": lambda seed: counts(seed, exam_data.CONFUSION_THRESHOLD, swap=True),
               "lesson's threshold": lambda seed: counts(seed, 0.12)}),
    "bo_exam.gain": Answers(
        right=(lambda seed: top_share(seed, 0.2), lambda seed: top_share(seed, 0.2, ceil=True)),
        wrong={"precision": lambda seed: top_share(seed, 0.2, precision=True),
               "top tenth": lambda seed: top_share(seed, 0.1)}),
    "bo_exam.deploy": Answers(
        right=(lambda seed: deploy_record(seed),
               lambda seed: {k: v.lower() for k, v in deploy_record(seed).items()}),
        wrong={"highest AUC": lambda seed: deploy_record(seed, by_auc=True),
               "leak and protected swapped": lambda seed: deploy_record(seed, swap=True)}),
    "bo_exam.card_gaps": Answers(
        right=(lambda seed: gaps(seed), lambda seed: tuple(reversed(gaps(seed))),
               lambda seed: list(np.setdiff1d(cards.ESSENTIAL, [q for q, text in exam_data.draft_card(seed).items()
                                                               if str(text).strip()]))),
        wrong={"missing keys only": lambda seed: gaps(seed, keys_only=True),
               "every code": lambda seed: gaps(seed, every_code=True)}),
    "bo_exam.drifted": Answers(
        right=(lambda seed: {"drift_factor": drift_k(seed), "quarter_value": quarter_value(seed, drift_k(seed))},
               lambda seed: {"drift_factor": round(drift_k(seed), 3),
                             "quarter_value": quarter_value(seed, round(drift_k(seed), 3))},
               lambda seed: {"drift_factor": round(drift_k(seed), 3),  # shown rounded, used exact
                             "quarter_value": quarter_value(seed, drift_k(seed))},
               lambda seed: {"drift_factor": drift_k(seed),  # shown exact, used rounded
                             "quarter_value": quarter_value(seed, round(drift_k(seed), 2))}),
        wrong={"drift ignored": lambda seed: {"drift_factor": 1.0, "quarter_value": quarter_value(seed, 1.0)},
               "against all of 2025": lambda seed: {
                   "drift_factor": drift_k(seed, whole_year=True),
                   "quarter_value": quarter_value(seed, drift_k(seed, whole_year=True))},
               "no set-up cost": lambda seed: {"drift_factor": drift_k(seed),
                                               "quarter_value": quarter_value(seed, drift_k(seed), setup=False)},
               "one month less the set-up cost": lambda seed: {
                   "drift_factor": drift_k(seed),
                   "quarter_value": (quarter_value(seed, drift_k(seed), setup=False)) / 3 - exam_data.SETUP_COST},
               "offers from the undrifted break-even": lambda seed: {
                   "drift_factor": drift_k(seed),
                   "quarter_value": quarter_value(seed, drift_k(seed), from_score=exam_break_even())}}),
    "bo_exam.decision": Answers(
        right=(lambda seed: {"decision": "go" if quarter_value(seed, drift_k(seed)) > 0 else "no-go",
                             "threshold": exam_break_even() / drift_k(seed)},),
        wrong={"old threshold": lambda seed: {"decision": "go" if quarter_value(seed, drift_k(seed)) > 0 else "no-go",
                                              "threshold": exam_break_even()},
               "decision flipped": lambda seed: {"decision": "no-go" if quarter_value(seed, drift_k(seed)) > 0 else "go",
                                                 "threshold": exam_break_even() / drift_k(seed)}}),
}
