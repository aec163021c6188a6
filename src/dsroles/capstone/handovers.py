"""The clauses of each hand-over and its key numbers (read through ``contracts.Handover``).

Each clause is ``(name, check)``: ``check(h)`` returns ``None`` when the clause holds, else the
reason in words. ``contracts`` adds the first clause of every contract (the files are there).
This module holds the hand-overs up to the release; ``downstream`` the service's, the review's
and the decision's.
"""

from __future__ import annotations

import math

ACCESS = {  # the business owner's data-access decisions, and the answers each may take
    "personal_data": ("pseudonymised", "excluded"),
    "protected_attributes": ("fairness_checks_only", "excluded"),
    "exit_survey_score": ("excluded",),
    "campaign_contact": ("consented_only",),
}
RULES = ("break_even", "max_profit")
AUC_TOO_GOOD = 0.9  # on this data a higher AUC means something leaked
KEY = ["customer_key", "snapshot_month"]


def finite(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


# -- 1 goal: decision.json ---------------------------------------------------------------
def decision_of(h) -> dict:
    return h.json("goal", "decision.json", dict)


def _goal_text(h):
    goal = decision_of(h).get("goal")
    return None if isinstance(goal, str) and goal.strip() else (
        "decision.json has no 'goal': say in words what the campaign is for")


def _business(h):
    b = decision_of(h).get("business")
    if not isinstance(b, dict):
        return "decision.json has no 'business' figures (offer cost, lifetime value, acceptance)"
    bad = [k for k in ("retention_offer_cost", "customer_lifetime_value")
           if not (finite(b.get(k)) and b[k] > 0)]
    rate = b.get("offer_acceptance_rate")
    if not (finite(rate) and 0 < rate <= 1):
        bad.append("offer_acceptance_rate")
    return f"business figures missing or out of range: {', '.join(bad)}" if bad else None


def _rule(h):
    rule = decision_of(h).get("threshold_rule")
    return None if rule in RULES else (
        f"threshold_rule {rule!r} is not one of {', '.join(RULES)}")


def _budget(h):
    budget = decision_of(h).get("monthly_budget")
    return None if finite(budget) and budget > 0 else (
        "monthly_budget should be a positive amount: what the campaign may spend per month")


def _access(h):
    given = decision_of(h).get("data_access")
    if not isinstance(given, dict):
        return f"decision.json has no 'data_access' decisions (on {', '.join(ACCESS)})"
    bad = [k for k, allowed in ACCESS.items() if given.get(k) not in allowed]
    return (f"data_access: no allowed decision on {', '.join(bad)}; see the stage's notebook for "
            f"the answers each may take") if bad else None


def _goal_numbers(h) -> dict:
    d = decision_of(h)
    return {"threshold_rule": d["threshold_rule"], "monthly_budget": d["monthly_budget"]}


def break_even(business: dict) -> float:
    return business["retention_offer_cost"] / (business["offer_acceptance_rate"]
                                               * business["customer_lifetime_value"])


# -- 2 data: the feature tables ----------------------------------------------------------
def _schema(h):
    from dsroles.churn import validate

    for name in ("features.parquet", "quarter.parquet"):
        failed = validate.failures({"snapshots": h.table("data", name)})
        if len(failed):
            first = failed.iloc[0]
            return (f"{name} breaks the snapshot schema ({len(failed)} failed checks, first "
                    f"{first['column']}: {first['check']}): fix the data before handing it over")
    return None


def _kept_out(h):
    from dsroles.churn import params as P

    access = decision_of(h)["data_access"]
    banned = list(P.PII_COLUMNS) + [P.LEAKAGE_COLUMN] * (access["exit_survey_score"] == "excluded")
    if access["protected_attributes"] == "excluded":
        banned += list(P.PROTECTED_COLUMNS)
    for name in ("features.parquet", "quarter.parquet"):
        found = [c for c in banned if c in h.table("data", name).columns]
        if found:
            return f"{name} holds {', '.join(found)}, which the data-access decisions keep out"
    return None


def _months(h):
    from dsroles.churn import params as P

    history = set(h.table("data", "features.parquet")["snapshot_month"])
    quarter = set(h.table("data", "quarter.parquet")["snapshot_month"])
    if not history or not history <= set(P.HISTORY_MONTHS):
        return "features.parquet should hold the 2025 history's snapshot months only"
    if not quarter or not quarter <= set(P.NEXT_QUARTER_MONTHS):
        return "quarter.parquet should hold the next quarter's snapshot months only"
    return None


def _delivered(h):
    quarter, delivered = h.table("data", "quarter.parquet"), h.table("data", "quarter_delivered.parquet")
    if delivered.duplicated(KEY).any() or quarter.duplicated(KEY).any():
        return "a customer appears twice in one month: one row per customer and month"
    if set(map(tuple, delivered[KEY].to_numpy())) != set(map(tuple, quarter[KEY].to_numpy())):
        return ("quarter_delivered.parquet and quarter.parquet should hold the same customers and "
                "months: the repair changes values, never rows")
    return None


def _data_numbers(h) -> dict:
    check = h.json("data", "batch_check.json")
    return {"history_rows": len(h.table("data", "features.parquet")),
            "quarter_rows": len(h.table("data", "quarter.parquet")),
            "delivered_batch_failures": len(check.get("failures", []))}


# -- 3 model: the artefact and its metrics ----------------------------------------------
def _model_features(h):
    from dsroles.churn import params as P
    from dsroles.churn.features import MODEL_FEATURES

    _, meta = h.artefact("model", "model")
    used = list(meta["features"])
    banned = [c for c in used if c in P.PROTECTED_COLUMNS + P.PII_COLUMNS + (P.LEAKAGE_COLUMN,)]
    if banned:
        return f"the model takes {', '.join(banned)} as input, which the data-access decisions forbid"
    if used != list(MODEL_FEATURES):
        return "the model's features are not the ones the service sends (features.MODEL_FEATURES)"
    return None


def _metrics(h) -> dict:
    return h.json("model", "metrics.json", dict)


def _recorded(h):
    m = _metrics(h)
    missing = [k for k in ("auc", "brier", "threshold") if not finite(m.get(k))]
    return f"metrics.json lacks {', '.join(missing)}" if missing else None


def _honest(h):
    m = _metrics(h)
    train, test = m.get("train_months") or [], m.get("test_months") or []
    if not train or not test or max(train) >= min(test):
        return ("metrics.json should list train_months and test_months, every test month after "
                "every training month (a time split)")
    last = sorted(set(h.table("data", "features.parquet")["snapshot_month"]))[-len(test):]
    if sorted(test) != last:
        return "the test months should be the last months of the feature table"
    if not 0.55 <= m["auc"] <= AUC_TOO_GOOD:
        return "the AUC is implausible for this data (too low to use, or too good: look for leakage)"
    return None


def _threshold(h):
    m, (_, meta) = _metrics(h), h.artefact("model", "model")
    d = decision_of(h)
    want = break_even(d["business"]) if d["threshold_rule"] == "break_even" else m.get("best_threshold")
    if not finite(want) or abs(meta["threshold"] - want) > 1e-9 or abs(m["threshold"] - want) > 1e-9:
        return (f"the artefact's threshold does not follow the business owner's rule "
                f"'{d['threshold_rule']}'")
    return None


def _model_numbers(h) -> dict:
    m = _metrics(h)
    return {k: round(m[k], 4) for k in ("auc", "brier", "threshold")}


# -- 4 release ---------------------------------------------------------------------------
def release_of(h) -> dict:
    r = h.json("release", "release.json")
    if not isinstance(r, dict) or not isinstance(r.get("gate"), dict):
        raise ValueError("release.json should hold model_version, gate and tests")
    return r


def _gate(h):
    gate = release_of(h)["gate"]
    if gate.get("passed") is not True or gate.get("reasons"):
        return "the release gate did not pass: a refused model is never released"
    return None


def _tests(h):
    tests = release_of(h).get("tests")
    if not isinstance(tests, dict) or not tests:
        return "release.json lists no tests of the predictor"
    failed = [k for k, ok in tests.items() if ok is not True]
    return f"the predictor's tests failed: {', '.join(failed)}" if failed else None


def _versioned(h):
    r = release_of(h)
    version = r.get("model_version")
    _, released = h.artefact("release", f"releases/{version}")
    _, trained = h.artefact("model", "model")
    if released["model_version"] != version:
        return f"releases/{version}/ holds another model version"
    if released["model_sha256"] != trained["model_sha256"]:
        return "the released model is not the data scientist's model (its SHA-256 differs)"
    return None


def _release_numbers(h) -> dict:
    r = release_of(h)
    return {"model_version": r["model_version"], "gate_passed": r["gate"]["passed"],
            "tests": len(r.get("tests", {}))}


CLAUSES = {
    "goal": ((("states the goal", _goal_text), ("business figures", _business),
              ("a threshold rule", _rule), ("a monthly budget", _budget),
              ("data-access decisions", _access)), _goal_numbers),
    "data": ((("passes the snapshot schema (pandera)", _schema),
              ("keeps out what data access forbids", _kept_out),
              ("history and quarter months", _months),
              ("the delivered batch kept beside the repair", _delivered)), _data_numbers),
    "model": ((("the service's features, nothing forbidden", _model_features),
               ("metrics recorded", _recorded), ("an honest time-split evaluation", _honest),
               ("the threshold follows the business rule", _threshold)), _model_numbers),
    "release": ((("the release gate passed", _gate), ("the predictor's tests passed", _tests),
                 ("a versioned copy of the trained model", _versioned)), _release_numbers),
}
