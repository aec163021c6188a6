"""Data engineer, lesson 6 (``06_automate``): the pipeline as a monthly flow that an
orchestrator (Dagster, in-process) runs, retries and stops.

    from dsroles.tracks.data_engineer import automate
    q = automate.bind(seed=SEED)
    q.retry_policy.check(policy)
    q.contract_check.check(billing_contract)
"""

from __future__ import annotations

import functools

from dsroles.checks.calling import call_safely, require_function
from dsroles.checks.exercise import Exercise, Part
from dsroles.checks.numbers import a_type
from dsroles.checks.outcomes import Incorrect
from dsroles.checks.registry import binder
from dsroles.tracks.data_engineer import data, retries
from dsroles.tracks.data_engineer.schemas import Batch

# The lesson's source drops at most 2 reads in a row; the team allows 5 reads of a month in
# all, and (so that the lesson runs in seconds) 1 s of waiting.
LESSON_OUTAGE = retries.Outage(transient=2, max_attempts=5, wait_budget=1.0)


retry_policy = Exercise(
    "de.retry_policy",
    competency="DE-7",
    expected=LESSON_OUTAGE,
    precheck=retries.as_policy,
    parts=[Part("gets through a source that fails twice", retries.survives),
           Part("gives up on a source that never answers", retries.gives_up),
           Part("backs off exponentially, within the budget", retries.backs_off)],
    hints=[
        "Two failed reads need two retries; five reads in all means at most four retries. "
        "The first read is an attempt too.",
        "Dagster's retry policy takes the number of retries, a first delay in seconds and a "
        "backoff: with exponential backoff the waits grow as 1, 3 and 7 times the delay, so "
        "keep the first delay small enough that all of them fit in the budget.",
    ],
    solution=("```python\npolicy = dg.RetryPolicy(max_retries=3, delay=0.05, "
              "backoff=dg.Backoff.EXPONENTIAL)\n```"),
)


@functools.lru_cache(maxsize=2)
def contract_batches(seed: int) -> dict:
    """``{name: Batch(what, month batch)}``: a clean month, and the next quarter's month as
    delivered, with only its pence and with only its renamed contract."""
    from dsroles.churn import monthly

    source = monthly.MonthlySource(data.data_dir(seed))
    clean, delivered = source.read("2025-11"), source.read("2026-02")
    return {
        "clean": Batch("a clean month (2025-11)", clean),
        "delivered": Batch("February 2026 as billing_v2 delivered it", delivered),
        "pence": Batch("a month whose amounts are in pence", delivered.assign(
            contract=delivered["contract"].replace({"biennial": "two_year"}))),
        "biennial": Batch("a month with the contract type 'biennial'",
                          delivered.assign(amount_billed=delivered["amount_billed"] / 100)),
    }


def check_result(fn, batch, what: str) -> bool:
    """Whether ``fn``'s AssetCheckResult for ``batch`` passed."""
    import dagster as dg

    result = call_safely(fn, batch.copy())
    if not isinstance(result, dg.AssetCheckResult):
        raise Incorrect(f"for {what} your function returned {a_type(result)}; a "
                        "dg.AssetCheckResult(passed=...) is expected.")
    return bool(result.passed)


def _returns_a_result(fn, batches, context) -> None:
    require_function(fn)
    check_result(fn, batches["clean"].frame, batches["clean"].what)


def _passes(name: str):
    def check(fn, batches, context):
        what, batch = batches[name]
        if not check_result(fn, batch, what):
            raise Incorrect(f"it fails {what}: a check that stops every month stops the "
                            "pipeline for nothing.")
    return check


def _fails(name: str):
    def check(fn, batches, context):
        what, batch = batches[name]
        if check_result(fn, batch, what):
            raise Incorrect(f"it passes {what}, so the flow would write it downstream.")
    return check


contract_check = Exercise(
    "de.contract_check",
    competency="DE-7",
    expected=contract_batches,
    context=("seed",),
    precheck=_returns_a_result,
    parts=[Part("passes a clean month", _passes("clean")),
           Part("fails the month billing_v2 delivered", _fails("delivered")),
           Part("fails amounts in pence", _fails("pence")),
           Part("fails an unknown contract type", _fails("biennial"))],
    hints=[
        "The contract is a pandera schema in the `monthly` module. Validate lazily, so that "
        "every failure is listed, not just the first; the `monthly` module also has a "
        "function that lists a batch's contract failures for you.",
        "An asset check returns Dagster's check result: it passed when no failure was found, "
        "and its metadata can carry how many failures there were, for whoever reads the run.",
    ],
    solution=(
        "```python\ndef billing_contract(batch):\n"
        "    found = monthly.contract_failures(batch)\n"
        "    return dg.AssetCheckResult(passed=found.empty, metadata={'failures': len(found)})\n```"
    ),
)


bind = binder(__name__)
