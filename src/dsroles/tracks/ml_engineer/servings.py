"""Serving functions with and without training-serving skew, and how a skew check is graded.

Each skewed function is ``online.online_features`` with one feature computed the way a
serving team realistically gets it wrong. ``SKEWS`` maps a name to ``(feature, function)``.
A learner's ``skew_check(training, serving) -> list of feature names`` is tried on serving
tables made with these functions, for a sample of customers that always holds the rows the
skew shows on, shuffled, next to the full training month: it must name exactly the skewed
feature, and nothing for the exact serving function.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from dsroles.checks.calling import call_safely, require_function
from dsroles.checks.numbers import a_type
from dsroles.checks.outcomes import Incorrect
from dsroles.churn import online
from dsroles.churn.features import MODEL_FEATURES, month_end, shift_month
from dsroles.tracks.ml_engineer import data

MONTH = "2025-11"       # the month both paths compute
SAMPLE = 80             # customers served per table
TOLERANCE = 1e-6        # numbers closer than this (absolute or relative) are the same


def _with(feature: str, compute):
    """``online_features`` with ``feature`` replaced by ``compute(features, *records, month)``."""
    def serve(customer, events, tickets, billing, month):
        features = online.online_features(customer, events, tickets, billing, month)
        features[feature] = compute(features, customer, events, tickets, billing, month)
        return features
    serve.__name__ = f"serve_with_{feature}_skewed"
    return serve


def _tenure_30(f, customer, events, tickets, billing, month):
    days = (month_end(month) - pd.Timestamp(customer["signup_date"])).days
    return float(np.round(days / 30, 2))  # "a month is 30 days"


def _days_by_date(f, customer, events, tickets, billing, month):
    end = month_end(month)
    seen = events.loc[events["ts"] < end, "ts"]
    if seen.empty:
        return f["days_since_last_session"]
    return float((end.date() - seen.max().date()).days)  # calendar days: a day more, mostly


def _trend_three(f, customer, events, tickets, billing, month):
    months = [shift_month(month, -k) for k in (1, 2, 3)]
    start = pd.Timestamp(f"{months[-1]}-01")
    before = events[(events["ts"] >= start) & (events["ts"] < pd.Timestamp(f"{month}-01"))]
    per_month = before.groupby(before["ts"].dt.strftime("%Y-%m"))["session_id"].nunique().sum()
    return float(np.round((f["sessions"] + 1) / (per_month / 3.0 + 1), 3))


def _pence(f, *records):
    return f["monthly_charges"] * 100  # billing_v2 stores pence


def _raw_contract(f, customer, *records):
    return str(customer["contract"]).replace("_", " ").title()  # the CRM's own spelling


def _month_only(f, *records):
    return f["failed_payments_month"]  # the three-month window forgotten


SKEWS = {
    "tenure_30_day_months": ("tenure_months", _with("tenure_months", _tenure_30)),
    "days_by_calendar_date": ("days_since_last_session", _with("days_since_last_session", _days_by_date)),
    "trend_three_months": ("usage_trend", _with("usage_trend", _trend_three)),
    "charges_in_pence": ("monthly_charges", _with("monthly_charges", _pence)),
    "contract_as_typed": ("contract", _with("contract", _raw_contract)),
    "failed_this_month_only": ("failed_payments_3m", _with("failed_payments_3m", _month_only)),
}


def served_customers(seed: int) -> list[str]:
    """The customers a graded serving table holds: a sample that always includes customers
    with a failed payment in the two months before ``MONTH`` (where one skew shows)."""
    tables = data.tables(seed)
    active = online.active_customers(tables, MONTH)
    billing = tables.billing
    earlier = billing[billing["month"].isin([shift_month(MONTH, -1), shift_month(MONTH, -2)])
                      & (billing["failed_payments"] > 0)]["customer_id"]
    failed = sorted(set(earlier) & set(active))
    rng = np.random.default_rng(int(seed))
    picked = list(rng.choice(failed, size=min(10, len(failed)), replace=False))
    rest = [c for c in active if c not in picked]
    picked += list(rng.choice(rest, size=SAMPLE - len(picked), replace=False))
    return [str(c) for c in rng.permutation(picked)]


def training_rows(seed: int) -> pd.DataFrame:
    """Every snapshot row of ``MONTH``: what the model was trained on, for that month."""
    snaps = data.snapshots(seed)
    return snaps[snaps["snapshot_month"] == MONTH].reset_index(drop=True)


@functools.lru_cache(maxsize=4)
def record_store(seed: int) -> online.RecordStore:
    return online.RecordStore(data.tables(seed))


@functools.lru_cache(maxsize=16)
def serving_rows(seed: int, skew: str | None, float32: bool = False) -> pd.DataFrame:
    """The served customers' features by the exact serving function, or a skewed one.

    ``float32``: the features as an online feature store that keeps float32 numbers hands
    them over (within 1e-7 of the exact values: no skew, but not equal either).
    """
    fn = online.online_features if skew is None else SKEWS[skew][1]
    out = online.serving_table(data.tables(seed), MONTH, served_customers(seed), fn,
                               store=record_store(seed))
    if float32:
        floats = [c for c in out.columns if out[c].dtype.kind == "f"]
        out[floats] = out[floats].astype("float32")
    return out


def _as_names(value, what: str) -> list[str]:
    if type(value) not in (list, tuple, set) or any(type(v) is not str for v in value):
        raise Incorrect(f"{what} is {a_type(value)}; a list of feature names (str) is expected.")
    unknown = [v for v in value if v not in MODEL_FEATURES]
    if unknown:
        raise Incorrect(f"{what} names {unknown[0]!r}, which is not a model feature.")
    return sorted(set(value))


def check_found(value, expected: list[str], what: str = "your list") -> None:
    """``value`` names exactly the features of ``expected``."""
    got = _as_names(value, what)
    extra = [v for v in got if v not in expected]
    if extra:
        raise Incorrect(f"{what} names {extra[0]!r}, which serving computes exactly as training "
                        "does (compare values, with a small tolerance for floats).")
    if len(got) < len(expected):
        raise Incorrect(f"{what} misses a feature that serving computes differently from training.")


def checked_run(fn, seed: int, skew: str | None, float32: bool = False):
    """What the learner's skew check returns on the training month and one serving table."""
    return call_safely(fn, training_rows(seed), serving_rows(seed, skew, float32),
                       what="your skew check")


def no_false_alarm(fn, expected, context) -> None:
    require_function(fn)
    found = _as_names(checked_run(fn, int(context["seed"]), None), "what your skew check returned")
    if found:
        raise Incorrect(f"your check flags {found[0]!r} when serving computes every feature "
                        "exactly as training: compare the rows of the same customer and month "
                        f"(customer_key, snapshot_month), in any order, numbers within {TOLERANCE:g}.")


def catches(skew: str):
    """A part: the check names exactly the feature the skewed serving function gets wrong."""
    feature = SKEWS[skew][0]

    def part(fn, expected, context):
        found = _as_names(checked_run(fn, int(context["seed"]), skew), "what your skew check returned")
        if feature not in found:
            raise Incorrect(f"your check does not notice when serving computes {feature} "
                            "differently on some rows" + (" (text values)" if feature == "contract" else "")
                            + ".")
        if len(found) > 1:
            raise Incorrect(f"with only {feature} skewed, your check also names "
                            f"{[f for f in found if f != feature][0]!r}.")
    return part
