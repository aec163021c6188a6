"""The track's shared parts for exploration answers (the assessment's task 1): a churn rate, a
lift and a segment count, each checked with the values common mistakes give, so that a
wrong number is told what went wrong rather than only "too high".

No message shows a number computed from the data: only the learner's own.
"""

from __future__ import annotations

from dsroles.checks.numbers import as_number, check_number, format_number
from dsroles.checks.outcomes import Incorrect
from dsroles.tracks.data_scientist import data


def _masks(seed: int):
    s = data.snapshots(seed)
    return s, s["contract"] == "monthly", s["payment_method"] == "invoice", s["churned"] == 1


def rate_mistakes(seed: int) -> list:
    s, monthly, invoice, churned = _masks(seed)
    both = monthly & invoice
    return [
        ("your rate is per customer (the share of these customers who ever churned): the "
         "question is about snapshot rows, one per customer and month, so take the mean of "
         "churned over the rows.",
         lambda: s[both].groupby("customer_key")["churned"].max().mean()),
        ("your rate leaves out the monthly-contract condition: the rows must be monthly AND "
         "pay by invoice.", lambda: s.loc[invoice, "churned"].mean()),
        ("your rate leaves out the invoice condition: the rows must be monthly AND pay by "
         "invoice.", lambda: s.loc[monthly, "churned"].mean()),
        ("your rate takes the rows that meet either condition (|): both must hold (&).",
         lambda: s.loc[monthly | invoice, "churned"].mean()),
        ("your rate is the share of churned rows that are monthly and pay by invoice: the "
         "question asks the reverse, the share of those rows that churned.",
         lambda: both[churned].mean()),
        ("your rate is the share of all rows that are monthly, pay by invoice and churned: "
         "divide by the number of monthly invoice rows, not of all rows.",
         lambda: (both & churned).mean()),
    ]


def check_share(value, want, seed: int) -> None:
    got = as_number(value, "your rate")
    if want > 0 and abs(got - 100 * want) <= 0.005 * 100 * want:
        raise Incorrect("your rate looks like a percentage: give it as a share between 0 and 1.")
    if got > 1:
        raise Incorrect("your rate is above 1: a churn rate is a share of rows, between 0 and "
                        "1 (a count of leavers divided by the number of rows).")
    check_number(got, want, abs_tol=1e-4, rel_tol=0.005, what="your rate", show=False,
                 mistakes=rate_mistakes(seed),
                 why="it is the mean of churned over the rows with a monthly contract that pay "
                     "by invoice.")


def lift_mistakes(seed: int) -> list:
    s = data.snapshots(seed)

    def lift(failed):
        return s.loc[failed, "churned"].mean() / s.loc[~failed, "churned"].mean()

    return [
        ("your lift uses failed payments of the snapshot month only: the question is about "
         "the last three months (failed_payments_3m).",
         lambda: lift(s["failed_payments_month"] >= 1)),
        ("your lift counts rows with more than one failed payment: 'at least one' is >= 1.",
         lambda: lift(s["failed_payments_3m"] > 1)),
        ("your lift divides by the churn rate of all rows: divide by the rate of the rows "
         "without a failed payment.",
         lambda: s.loc[s["failed_payments_3m"] >= 1, "churned"].mean() / s["churned"].mean()),
    ]


def check_lift(value, want, seed: int) -> None:
    got = as_number(value, "your lift")
    if got > 0 and abs(1 / got - want) <= 0.005 * want:
        raise Incorrect("your lift is upside down: divide the rate of the rows WITH a failed "
                        "payment by the rate of the rows without.")
    if got < 1 < want:
        raise Incorrect(f"your lift ({format_number(got)}) is below 1, as if a failed payment "
                        "made churn less likely: a lift is a ratio of two churn rates, not "
                        "their difference.")
    check_number(got, want, rel_tol=0.005, what="your lift", show=False,
                 mistakes=lift_mistakes(seed),
                 why="divide the churn rate of the rows with failed_payments_3m >= 1 by that "
                     "of the other rows.")


def segment_mistakes(seed: int, month: str) -> list:
    s = data.snapshots(seed)

    def count(rows, failed="failed_payments_3m"):
        return int(((rows["payment_method"] == "invoice") & (rows[failed] >= 1)).sum())

    in_month = s[s["snapshot_month"] == month]
    return [
        ("your count covers every month: the question is about one snapshot month.",
         lambda: count(s)),
        ("your count is of customers over every month: the question is about one snapshot "
         "month.", lambda: s[(s["payment_method"] == "invoice")
                             & (s["failed_payments_3m"] >= 1)]["customer_key"].nunique()),
        ("your count uses failed payments of the snapshot month only: the question is about "
         "the last three months (failed_payments_3m).",
         lambda: count(in_month, "failed_payments_month")),
        ("your count also asks for a monthly contract: the question has two conditions only.",
         lambda: count(in_month[in_month["contract"] == "monthly"])),
        ("your count takes the rows that meet either condition (|): both must hold (&).",
         lambda: int(((in_month["payment_method"] == "invoice")
                      | (in_month["failed_payments_3m"] >= 1)).sum())),
    ] + [("your count is for another month than the one asked.", lambda m=m: count(
        s[s["snapshot_month"] == m])) for m in _next_to(month)]


def _next_to(month: str) -> list[str]:
    """The months just before and after ``month`` (the likely slips of a month filter)."""
    import pandas as pd

    period = pd.Period(month, freq="M")
    return [str(period - 1), str(period + 1)]


def check_segment(value, want, seed: int, month: str) -> None:
    check_number(value, want, abs_tol=0.5, what="your count", show=False,
                 mistakes=segment_mistakes(seed, month),
                 why="count the rows of that month that pay by invoice and had a failed payment "
                     "in the last three months.")
