"""The track's shared parts for a retry policy (a ``dagster.RetryPolicy``): it gets through a
source's transient failures, it gives up on one that never comes back, and it backs off
exponentially within a waiting budget. The delays are the orchestrator's own arithmetic
(``RetryPolicy.calculate_delay``), so nothing is run and nothing waits.

An ``Outage`` (the expected value) says what the source does and what the team allows.
"""

from __future__ import annotations

from dataclasses import dataclass

from dsroles.checks.numbers import a_type
from dsroles.checks.outcomes import Incorrect


@dataclass(frozen=True)
class Outage:
    transient: int        # the source fails this many reads in a row, then answers
    max_attempts: int     # a source that never answers must be given up after this many reads
    wait_budget: float    # seconds of waiting allowed in all, over every retry of one month


def as_policy(value, *_):
    import dagster as dg

    if not isinstance(value, dg.RetryPolicy):
        raise Incorrect(f"your answer is {a_type(value)}; a dagster.RetryPolicy "
                        "(dg.RetryPolicy(max_retries=..., delay=..., backoff=...)) is expected.")
    return value


def total_wait(policy) -> float:
    """The longest the policy can wait in all before it gives up (jitter at its worst)."""
    import dagster as dg

    worst = dg.RetryPolicy(max_retries=policy.max_retries, delay=policy.delay,
                           backoff=policy.backoff)
    extra = (policy.delay or 0) if policy.jitter is dg.Jitter.PLUS_MINUS else 0
    return sum(worst.calculate_delay(n) + extra for n in range(1, policy.max_retries + 1))


def survives(value, outage: Outage, context) -> None:
    retries = as_policy(value).max_retries
    if retries < outage.transient:
        raise Incorrect(f"the source fails its first {outage.transient} reads and answers after "
                        f"that, but your policy gives up after {1 + retries} attempt(s): "
                        "each failed read needs a retry of its own.")


def gives_up(value, outage: Outage, context) -> None:
    attempts = 1 + as_policy(value).max_retries
    if attempts > outage.max_attempts:
        raise Incorrect(f"a source that never answers is read {attempts} times before your "
                        "policy gives up, more than the team allows: a permanent failure must "
                        "fail the run soon, and loudly, not loop (the first read counts as an "
                        "attempt too).")


def backs_off(value, outage: Outage, context) -> None:
    import dagster as dg

    policy = as_policy(value)
    if policy.backoff is not dg.Backoff.EXPONENTIAL or not policy.delay:
        raise Incorrect("the waits do not grow: give a delay and backoff=dg.Backoff.EXPONENTIAL, "
                        "so a struggling source gets more time between reads each time.")
    if total_wait(policy) > outage.wait_budget:
        raise Incorrect(f"in the worst case your policy waits {total_wait(policy):.1f} s in all, "
                        "more than the budget: a smaller delay or fewer retries.")
