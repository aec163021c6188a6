"""Monitoring in production: a batch job that measures drift on each incoming batch, alert
rules with thresholds, and the seam through which each alert reaches the role that owns it.

**The routing seam.** ``route_alert(alert, owner)`` is the one place an alert leaves the
product engineer's code. Today it appends the alert to ``$DSROLES_HOME/alerts/<owner>.jsonl``
(an outbox each role can read). When the domain expert's flag store lands, plug it in with
``set_router(flag_store_function)``: a function taking ``(alert: dict, owner: str)``;
nothing else changes.
"""

from __future__ import annotations

import json

from dsroles.checks.calling import call_safely, require_function
from dsroles.checks.exercise import Exercise, Part
from dsroles.checks.numbers import a_type
from dsroles.checks.outcomes import Incorrect
from dsroles.checks.wording import plural
from dsroles.tracks.product_engineer import data
from dsroles.tracks.product_engineer.references import (  # noqa: F401 - re-exported
    UNIT_RATIO, reference_alerts, reference_drift_job, schema_changed,
)

ALERT_KEYS = ("batch", "feature", "kind", "severity", "owner")

_router = None


def _outbox(alert: dict, owner: str) -> None:
    from dsroles.paths import home

    folder = home() / "alerts"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{owner}.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(alert, default=str) + "\n")


def set_router(router) -> None:
    """Send alerts through ``router(alert, owner)`` from now on (None: back to the outbox)."""
    global _router
    _router = router


def route_alert(alert: dict, owner: str) -> None:
    """Deliver one alert to the role that owns it (see the module's docstring)."""
    (_router or _outbox)(dict(alert), str(owner))


# -- the job's inputs and expected results -------------------------------------------------
def job_inputs(seed: int):
    return data.reference_table(seed), data.incoming_batches(seed)


def expected_job(seed: int):
    return reference_drift_job(*job_inputs(seed))


# -- the drift job exercise ----------------------------------------------------------------
def _run_job(fn, expected, context):
    import pandas as pd

    require_function(fn, "your drift job")
    reference, batches = job_inputs(context["seed"])
    got = call_safely(fn, reference, batches, what="your drift job")
    if type(got) is not pd.DataFrame:
        raise Incorrect(f"your drift job returned {a_type(got)}; a DataFrame is expected.")
    missing = [c for c in ("batch", "feature", "psi", "ks_statistic") if c not in got.columns]
    if missing:
        raise Incorrect(f"the drift table lacks the column(s) {', '.join(missing)}.")
    context["table"] = got


def _keyed(table, column: str):
    import pandas as pd

    values = pd.to_numeric(table[column], errors="coerce")
    return dict(zip(zip(table["batch"].astype(str), table["feature"].astype(str)), values))


def _one_row_each(value, expected, context):
    got = context["table"]
    pairs = list(zip(got["batch"].astype(str), got["feature"].astype(str)))
    want = set(zip(expected["batch"], expected["feature"]))
    if len(pairs) != len(set(pairs)):
        raise Incorrect("a batch and feature appear in more than one row.")
    if set(pairs) != want:
        gone = sorted({b for b, _ in want - set(pairs)})
        raise Incorrect("the table does not hold one row per incoming batch and model feature"
                        + (f" (batches missing: {', '.join(gone)})" if gone else "") + ".")


def _values(column: str, what: str):
    def check(value, expected, context):
        import math

        got, want = _keyed(context["table"], column), _keyed(expected, column)
        wrong = [k for k, v in want.items() if k in got and not (
            (math.isnan(v) and math.isnan(got[k])) or abs(got[k] - v) <= 1e-6)]
        if wrong or not set(want) & set(got):
            batches = sorted({b for b, _ in wrong})
            raise Incorrect(f"{what} differs for {plural(len(wrong), 'feature')}"
                            + (f" in batch {', '.join(batches)}" if batches else "")
                            + ": compare each batch with the reference the model learnt on, "
                              "not with the batch before it.")
    return check


def drift_job_exercise(id: str, **kw) -> Exercise:
    return Exercise(id, precheck=_run_job, expected=expected_job, context=("seed",), parts=[
        Part("one row per batch and feature", _one_row_each),
        Part("PSI", _values("psi", "the PSI")),
        Part("KS statistic", _values("ks_statistic", "the KS statistic"))], **kw)


# -- the alerts exercise -------------------------------------------------------------------
def expected_alerts(seed: int) -> list[dict]:
    reference, batches = job_inputs(seed)
    return reference_alerts(reference, batches, expected_job(seed))


def _run_rules(fn, expected, context):
    require_function(fn, "your alert rules")
    reference, batches = job_inputs(context["seed"])
    got = call_safely(fn, reference, batches, expected_job(context["seed"]), what="your alert rules")
    if not isinstance(got, list) or not all(isinstance(a, dict) for a in got):
        raise Incorrect(f"your alert rules returned {a_type(got)}; a list of dicts is expected.")
    bad = [a for a in got if any(k not in a for k in ALERT_KEYS)]
    if bad:
        raise Incorrect(f"an alert lacks some of the keys {', '.join(ALERT_KEYS)}.")
    context["alerts"] = got


def _as_set(alerts, kinds) -> set:
    return {tuple(str(a[k]) for k in ALERT_KEYS) for a in alerts if a["kind"] in kinds}


def _compare(kinds, what: str, advice: str):
    def check(value, expected, context):
        got, want = _as_set(context["alerts"], kinds), _as_set(expected, kinds)
        places = {(a[0], a[1]) for a in got}
        wrong = len(want - got)
        extra = len({a for a in got - want if (a[0], a[1]) not in {(w[0], w[1]) for w in want}})
        if wrong:
            raise Incorrect(f"{what}: {plural(wrong, 'alert')} missing or with the wrong kind, "
                            f"severity or owner. {advice}")
        if extra or len(places) < len(got):
            raise Incorrect(f"{what}: {plural(max(extra, 1), 'alert')} that the rules do not call "
                            "for (one alert at most per batch and feature).")
    return check


def alerts_exercise(id: str, **kw) -> Exercise:
    return Exercise(id, precheck=_run_rules, expected=expected_alerts, context=("seed",), parts=[
        Part("changed feeds", _compare({"schema"}, "changed feeds",
                                       "A category the model never saw, or a median moved "
                                       f"{UNIT_RATIO} times or more, is a change of the feed: the "
                                       "data engineer's, at the top severity, whatever its PSI.")),
        Part("shifted distributions", _compare({"drift"}, "shifted distributions",
                                               "Above 0.25 the domain expert owns it, from 0.1 to "
                                               "0.25 the data scientist, with the level as its "
                                               "severity; below 0.1 nothing."))], **kw)
