"""How behavioural tests and release gates are graded: by the models they pass and refuse.

A behavioural check is a function ``check(model, rows)`` that returns quietly when the model
behaves and raises ``AssertionError`` when it does not. It is tried on a sound model (it must
pass) and on the broken models of ``candidates.behaviour_models`` it exists to catch.

A release gate is a function ``gate(candidate, current, holdout) -> bool``: True releases the
candidate. It is tried on the candidates of ``candidates.gate_candidates``: it must release the
good one and refuse each broken one.
"""

from __future__ import annotations

import copy
import functools

import numpy as np

from dsroles.checks.calling import STUB_MESSAGE, call_safely, require_function, where
from dsroles.checks.numbers import a_type
from dsroles.checks.outcomes import Incorrect, NotAttempted
from dsroles.tracks.ml_engineer import candidates, data
from dsroles.tracks.ml_engineer.candidates import GateSetup

ROWS_MONTH = "2025-11"
ROWS = 200
PASSED, FLAGGED = "passed", "flagged"

# What each broken model does, in the words of a failure message.
BROKEN = {
    "constant": "gives every customer the same score (the churn rate), whoever they are",
    "email": "changes a customer's score when only their e-mail address changes",
    "name": "changes a customer's score when only their name changes",
    "customer_id": "changes a customer's score when only their customer id changes",
    "payments_backwards": "scores customers lower as their failed payments rise",
    "leaky": "needs a column the service never sends (the exit survey, filled in after a "
             "customer has left)",
    "worse": "ranks customers clearly worse than the model in production",
    "miscalibrated": "ranks as well but gives probabilities several times too high",
    "unfair": "scores one region's customers far lower than the model in production does",
}

LESSON_GATE = GateSetup("2025-06", "2025-08", ("2025-09", "2025-10", "2025-11"))
EXAM_GATE = GateSetup("2025-07", "2025-09", ("2025-10", "2025-11"))


@functools.lru_cache(maxsize=8)
def identified_rows(seed: int, n: int, random_state: int):
    """``n`` customers of November 2025: who they are (id, name, e-mail) and their features."""
    from dsroles.churn.features import MODEL_FEATURES
    from dsroles.churn.pii import pseudonymise

    tables = data.tables(seed)
    month = tables.snapshots[tables.snapshots["snapshot_month"] == ROWS_MONTH]
    crm = tables.crm[["customer_id", "name", "email"]].copy()
    crm["customer_key"] = pseudonymise(crm["customer_id"]).to_numpy()
    rows = month.merge(crm, on="customer_key").sample(n=n, random_state=random_state)
    return rows[["customer_id", "name", "email"] + MODEL_FEATURES].reset_index(drop=True)


def behaviour_rows(seed: int):
    """The 200 customers behavioural tests run on."""
    return identified_rows(int(seed), ROWS, int(seed))


@functools.lru_cache(maxsize=4)
def behaviour_models(seed: int) -> dict:
    return candidates.behaviour_models(data.snapshots(seed))


def outcome(fn, model, rows, what: str) -> str:
    """Whether ``fn(model, rows)`` passed or flagged the model; Incorrect if it crashed."""
    try:
        fn(copy.deepcopy(model), rows.copy())
    except AssertionError:
        return FLAGGED
    except NotImplementedError:
        raise NotAttempted(STUB_MESSAGE) from None
    except Exception as exc:  # the learner's bug, in words
        raise Incorrect(f"{what} raised {type(exc).__name__}: {exc}{where(exc)}; a behavioural "
                        "test raises AssertionError (an assert) when the model misbehaves, and "
                        "nothing else.") from None
    return PASSED


def judge(fn, what: str, broken: tuple, seed: int) -> None:
    """``fn`` passes the sound model and flags every model of ``broken``; else Incorrect."""
    require_function(fn, what)
    models, rows = behaviour_models(int(seed)), behaviour_rows(int(seed))
    if outcome(fn, models["good"], rows, what) == FLAGGED:
        raise Incorrect(f"{what} fails on a sound model: a behavioural test must pass when the "
                        "model behaves (compare with a tolerance where scores are floats, and "
                        "change the inputs the way they change together in reality).")
    for name in broken:
        if outcome(fn, models[name], rows, what) == PASSED:
            raise Incorrect(f"{what} passes a model that {BROKEN[name]}.")


def behaviour_check(name: str, what: str, broken: tuple):
    """A comparison (or a Part's check) for one behavioural check, given alone or in a dict."""
    def check(value, expected, context):
        fn = value.get(name) if type(value) is dict else value
        judge(fn, what, broken, context["seed"])
    return check


@functools.lru_cache(maxsize=4)
def gate_models(seed: int, setup: GateSetup):
    return candidates.gate_candidates(data.snapshots(seed), setup, int(seed))


def holdout(seed: int, setup: GateSetup):
    """Every snapshot row of the months the gate scores on (all columns, label included)."""
    snaps = data.snapshots(seed)
    return snaps[snaps["snapshot_month"].isin(setup.holdout)].reset_index(drop=True)


def decision(gate, name: str, seed: int, setup: GateSetup) -> bool:
    current, cands = gate_models(int(seed), setup)
    got = call_safely(gate, cands[name], current, holdout(seed, setup), what="your gate")
    if type(got) not in (bool, np.bool_):
        raise Incorrect(f"your gate returned {a_type(got)}; True (release) or False (refuse) "
                        "is expected.")
    return bool(got)


def releases_good(setup: GateSetup):
    def precheck(gate, expected, context):
        require_function(gate, "your gate")
        if not decision(gate, "good", context["seed"], setup):
            raise Incorrect("your gate refuses a sound candidate, retrained on more recent "
                            "months and as good as the model in production: a gate that refuses "
                            "everything protects nothing.")
    return precheck


def refuses(name: str, setup: GateSetup):
    def part(gate, expected, context):
        if decision(gate, name, context["seed"], setup):
            raise Incorrect(f"your gate releases a candidate that {BROKEN[name]}.")
    return part
