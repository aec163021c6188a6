"""The clauses of each hand-over and its key numbers (read through ``contracts.Handover``).

Each clause is ``(name, check)``: ``check(h)`` returns ``None`` when the clause holds, else the
reason in words. ``contracts`` adds the first clause of every contract (the files are there).
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


def _finite(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


# -- 1 goal: decision.json ---------------------------------------------------------------
def _decision(h) -> dict:
    d = h.json("goal", "decision.json")
    if not isinstance(d, dict):
        raise ValueError("decision.json should hold one JSON object")
    return d


def _goal_text(h):
    goal = _decision(h).get("goal")
    return None if isinstance(goal, str) and goal.strip() else (
        "decision.json has no 'goal': say in words what the campaign is for")


def _business(h):
    b = _decision(h).get("business")
    if not isinstance(b, dict):
        return "decision.json has no 'business' figures (offer cost, lifetime value, acceptance)"
    bad = [k for k in ("retention_offer_cost", "customer_lifetime_value")
           if not (_finite(b.get(k)) and b[k] > 0)]
    rate = b.get("offer_acceptance_rate")
    if not (_finite(rate) and 0 < rate <= 1):
        bad.append("offer_acceptance_rate")
    return f"business figures missing or out of range: {', '.join(bad)}" if bad else None


def _rule(h):
    rule = _decision(h).get("threshold_rule")
    return None if rule in RULES else (
        f"threshold_rule {rule!r} is not one of {', '.join(RULES)}")


def _budget(h):
    budget = _decision(h).get("monthly_budget")
    return None if _finite(budget) and budget > 0 else (
        "monthly_budget should be a positive amount: what the campaign may spend per month")


def _access(h):
    given = _decision(h).get("data_access")
    if not isinstance(given, dict):
        return f"decision.json has no 'data_access' decisions (on {', '.join(ACCESS)})"
    bad = [k for k, allowed in ACCESS.items() if given.get(k) not in allowed]
    return (f"data_access: no allowed decision on {', '.join(bad)}; see the stage's notebook for "
            f"the answers each may take") if bad else None


def _goal_numbers(h) -> dict:
    d = _decision(h)
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

    access = _decision(h)["data_access"]
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
    m = h.json("model", "metrics.json")
    if not isinstance(m, dict):
        raise ValueError("metrics.json should hold one JSON object")
    return m


def _recorded(h):
    m = _metrics(h)
    missing = [k for k in ("auc", "brier", "threshold") if not _finite(m.get(k))]
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
    d = _decision(h)
    want = break_even(d["business"]) if d["threshold_rule"] == "break_even" else m.get("best_threshold")
    if not _finite(want) or abs(meta["threshold"] - want) > 1e-9 or abs(m["threshold"] - want) > 1e-9:
        return (f"the artefact's threshold does not follow the business owner's rule "
                f"'{d['threshold_rule']}'")
    return None


def _model_numbers(h) -> dict:
    m = _metrics(h)
    return {k: round(m[k], 4) for k in ("auc", "brier", "threshold")}


# -- 4 release ---------------------------------------------------------------------------
def _release(h) -> dict:
    r = h.json("release", "release.json")
    if not isinstance(r, dict) or not isinstance(r.get("gate"), dict):
        raise ValueError("release.json should hold model_version, gate and tests")
    return r


def _gate(h):
    gate = _release(h)["gate"]
    if gate.get("passed") is not True or gate.get("reasons"):
        return "the release gate did not pass: a refused model is never released"
    return None


def _tests(h):
    tests = _release(h).get("tests")
    if not isinstance(tests, dict) or not tests:
        return "release.json lists no tests of the predictor"
    failed = [k for k, ok in tests.items() if ok is not True]
    return f"the predictor's tests failed: {', '.join(failed)}" if failed else None


def _versioned(h):
    r = _release(h)
    version = r.get("model_version")
    _, released = h.artefact("release", f"releases/{version}")
    _, trained = h.artefact("model", "model")
    if released["model_version"] != version:
        return f"releases/{version}/ holds another model version"
    if released["model_sha256"] != trained["model_sha256"]:
        return "the released model is not the data scientist's model (its SHA-256 differs)"
    return None


def _release_numbers(h) -> dict:
    r = _release(h)
    return {"model_version": r["model_version"], "gate_passed": r["gate"]["passed"],
            "tests": len(r.get("tests", {}))}


# -- 5 service ---------------------------------------------------------------------------
def _scores(h):
    return h.table("service", "scores.parquet")


def _one_score_each(h):
    scores, quarter = _scores(h), h.table("data", "quarter.parquet")
    if scores.duplicated(KEY).any():
        return "scores.parquet scores a customer twice in one month"
    if set(map(tuple, scores[KEY].to_numpy())) != set(map(tuple, quarter[KEY].to_numpy())):
        return "scores.parquet should score every customer and month of quarter.parquet, no other"
    return None


def _offers(h):
    scores = _scores(h)
    p = scores["churn_probability"]
    if not p.between(0, 1).all():
        return "a churn probability lies outside 0..1"
    threshold = h.artefact("release", f"releases/{_release(h)['model_version']}")[1]["threshold"]
    if not (scores["offer"].astype(bool) == (p >= threshold)).all():
        return "the offers do not follow the released model's threshold"
    return None


def _served_version(h):
    if set(_scores(h)["model_version"]) != {_release(h)["model_version"]}:
        return "the scores do not come from the released model version"
    return None


def _over_http(h):
    s = h.json("service", "serving.json")
    url = str(s.get("url", ""))
    if not url.startswith("http://127.0.0.1:") or not (s.get("requests") or 0) >= 1:
        return "serving.json should record the loopback URL served and the requests sent"
    return None


def _alerts(h):
    from dsroles import ROLES

    alerts = h.json("service", "alerts.json")
    if not isinstance(alerts, list):
        return "alerts.json should hold a list of alerts"
    bad = [i for i, a in enumerate(alerts) if not (isinstance(a, dict) and a.get("feature")
                                                   and a.get("severity") and a.get("owner") in ROLES)]
    return f"alerts {bad[:3]} lack a feature, a severity or an owning role" if bad else None


def _service_numbers(h) -> dict:
    s, scores = h.json("service", "serving.json"), _scores(h)
    return {"scored": len(scores), "offers": int(scores["offer"].sum()),
            "requests": s.get("requests"), "delivered_refused": s.get("delivered_refused"),
            "alerts": len(h.json("service", "alerts.json"))}


# -- 6 review ----------------------------------------------------------------------------
def _flags(h) -> list:
    flags = h.json("review", "flags.json")
    if not isinstance(flags, list):
        raise ValueError("flags.json should hold a list of flags")
    return flags


def _valid_flags(h):
    from dsroles.churn.flags import FlagError, validate_flag

    for i, flag in enumerate(_flags(h)):
        fields = {k: flag.get(k) for k in ("subject", "seen", "evidence", "suspected_cause",
                                           "owner_role", "raised_by", "status") if k in flag}
        try:
            validate_flag(fields)
        except FlagError as err:
            return f"flag {i}: {err}"
    return None


def _told_apart(h):
    causes = {f.get("suspected_cause") for f in _flags(h)}
    missing = [c for c in ("pipeline_bug", "covariate_drift", "concept_drift") if c not in causes]
    return (f"no flag names a {', '.join(missing)}: the next quarter holds three different "
            f"changes, each needs its own flag") if missing else None


def _traced(h):
    traced = [f for f in _flags(h) if str(f.get("subject", "")).startswith("prediction:")
              and isinstance(f.get("evidence"), dict) and f["evidence"].get("invoice_ids")]
    return None if traced else (
        "no flag traces a prediction back to its source rows (lineage): file one with the "
        "invoice_ids behind it")


def _review_numbers(h) -> dict:
    flags = _flags(h)
    return {"flags": len(flags), "causes": sorted({f["suspected_cause"] for f in flags})}


# -- 7 decision --------------------------------------------------------------------------
def _memo(h) -> dict:
    m = h.json("decision", "memo.json")
    if not isinstance(m, dict):
        raise ValueError("memo.json should hold one JSON object")
    return m


def _memo_fields(h):
    m = _memo(h)
    bad = [k for k, ok in (("decision", m.get("decision") in ("go", "no-go")),
                           ("threshold", _finite(m.get("threshold")) and 0 <= m["threshold"] <= 1),
                           ("expected_value", _finite(m.get("expected_value"))),
                           ("offers", isinstance(m.get("offers"), int)),
                           ("reasons", bool(m.get("reasons")))) if not ok]
    if bad or not h.path("decision", "memo.md").read_text(encoding="utf-8").strip():
        return f"the memo lacks {', '.join(bad) or 'its text (memo.md)'}"
    return None


def eligible_scores(h, threshold: float):
    """The scores of the customers the campaign may contact, joined to their labels."""
    quarter = h.table("data", "quarter.parquet")
    table = _scores(h).merge(quarter[KEY + ["marketing_consent", "churned"]], on=KEY)
    return table[table["marketing_consent"].astype(bool)]


def _follows_value(h):
    m = _memo(h)
    if m["decision"] == "go" and not m["expected_value"] > 0:
        return "a go needs a positive expected value: this campaign is expected to lose money"
    return None


def _counted(h):
    m = _memo(h)
    table = eligible_scores(h, m["threshold"])
    if int((table["churn_probability"] >= m["threshold"]).sum()) != m["offers"]:
        return "the number of offers is not the consenting customers scored at the threshold"
    return None


def _within_budget(h):
    m, d = _memo(h), _decision(h)
    if m["decision"] != "go":
        return None
    table = eligible_scores(h, m["threshold"])
    per_month = table[table["churn_probability"] >= m["threshold"]].groupby("snapshot_month").size()
    cost = float(per_month.max() if len(per_month) else 0) * d["business"]["retention_offer_cost"]
    return None if cost <= d["monthly_budget"] else "a month's offers cost more than the budget"


def _flags_read(h):
    if _memo(h).get("flags_considered") != len(_flags(h)):
        return "the memo should say how many of the review's flags it weighed (flags_considered)"
    return None


def _decision_numbers(h) -> dict:
    m = _memo(h)
    return {"decision": m["decision"], "offers": m["offers"],
            "expected_value": round(m["expected_value"], 2), "threshold": round(m["threshold"], 4)}


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
    "service": ((("one score per customer and month", _one_score_each),
                 ("probabilities and offers at the threshold", _offers),
                 ("served by the released version", _served_version),
                 ("scored over HTTP on loopback", _over_http),
                 ("alerts with owners", _alerts)), _service_numbers),
    "review": ((("flags pass the flag schema", _valid_flags),
                ("the three changes told apart", _told_apart),
                ("a prediction traced to its sources", _traced)), _review_numbers),
    "decision": ((("a complete memo", _memo_fields), ("a go only with a positive expected value", _follows_value),
                  ("offers counted at the threshold", _counted),
                  ("within the budget", _within_budget), ("the flags weighed", _flags_read)),
                 _decision_numbers),
}
