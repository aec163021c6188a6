"""The clauses of the last three hand-overs (service, review, decision) and their key numbers;
the format is ``handovers``'s."""

from __future__ import annotations

from dsroles.capstone.handovers import KEY, decision_of, finite, release_of

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
    threshold = h.artefact("release", f"releases/{release_of(h)['model_version']}")[1]["threshold"]
    if not (scores["offer"].astype(bool) == (p >= threshold)).all():
        return "the offers do not follow the released model's threshold"
    return None


def _served_version(h):
    if set(_scores(h)["model_version"]) != {release_of(h)["model_version"]}:
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
    return h.json("review", "flags.json", list)


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
    return h.json("decision", "memo.json", dict)


def _memo_fields(h):
    m = _memo(h)
    bad = [k for k, ok in (("decision", m.get("decision") in ("go", "no-go")),
                           ("threshold", finite(m.get("threshold")) and 0 <= m["threshold"] <= 1),
                           ("expected_value", finite(m.get("expected_value"))),
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
    m, d = _memo(h), decision_of(h)
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
