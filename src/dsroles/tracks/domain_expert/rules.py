"""Business rules as executable checks: the reference rules, the tables they are tried on (the
answer key's defect rows, and edge values the defects never hit), and how a learner's rule is
judged: a boolean mask, row for row."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dsroles.checks.calling import call_safely, require_function
from dsroles.checks.numbers import a_type
from dsroles.checks.outcomes import Incorrect
from dsroles.checks.wording import plural

ADDON_PRICE = 3.50
MAX_ADDONS = 3
AGE_DAY = pd.Timestamp("2025-01-01")  # ages are measured on the day the 2025 history starts
MAX_AGE = 100
MAX_SESSION_SECONDS = 600 * 60


def valid_prices(plans: pd.DataFrame) -> set[float]:
    """Every monthly amount Kestrel can bill: a plan's price plus 0 to 3 add-ons."""
    return {round(float(p) + k * ADDON_PRICE, 2) for p in plans["monthly_price"]
            for k in range(MAX_ADDONS + 1)}


def invalid_amount(invoices: pd.DataFrame, plans: pd.DataFrame) -> pd.Series:
    """True where an invoice's amount is not a price of the given price list."""
    return ~invoices["amount"].astype(float).round(2).isin(valid_prices(plans))


def impossible_age(crm: pd.DataFrame) -> pd.Series:
    """True where a birth date gives an age over 100 on 2025-01-01, or lies after that day
    (blank: False, a missing value is not an impossible one)."""
    birth = pd.to_datetime(crm["birth_date"].replace("", None), format="%Y-%m-%d")
    return (birth < AGE_DAY - pd.DateOffset(years=MAX_AGE)) | (birth > AGE_DAY)


def impossible_session(events: pd.DataFrame) -> pd.Series:
    """True where a viewing session's length is negative or over 600 minutes."""
    return ~events["seconds"].between(0, MAX_SESSION_SECONDS)


@dataclass(frozen=True)
class RuleCase:
    """A table to try a rule on, the rows it must flag, and what the rows are called."""

    label: str
    args: tuple
    flagged: np.ndarray  # boolean, one per row of args[0]
    noun: str


def as_mask(value, rows: int, what: str) -> np.ndarray:
    """A boolean numpy array from a learner's Series or array; Incorrect if it is not one."""
    if type(value) is pd.Series:
        array = value.to_numpy()
    elif type(value) is np.ndarray:
        array = value
    else:
        raise Incorrect(f"{what} is {a_type(value)}; a boolean Series (one value per row, True "
                        "where the rule is broken) is expected.")
    if array.ndim != 1 or len(array) != rows:
        raise Incorrect(f"{what} has {len(array) if array.ndim == 1 else array.shape} values for "
                        f"{rows:,} rows: give one True/False per row, in the table's order.")
    if array.dtype != bool:
        raise Incorrect(f"{what} holds {array.dtype} values; True/False per row is expected "
                        "(True where the rule is broken).")
    return array


def check_rule_case(fn, case: RuleCase, name: str, *, where: bool = True) -> None:
    """Incorrect when ``fn`` flags other rows of ``case`` than it should (``where``: say which
    table; a part named after the table need not)."""
    got = call_safely(fn, *case.args, what=f"{name} on {case.label}")
    mask = as_mask(got, len(case.args[0]), f"the result on {case.label}")
    wrong_flags = int((mask & ~case.flagged).sum())
    missed = int((~mask & case.flagged).sum())
    problems = []
    if wrong_flags:
        problems.append(f"flags {plural(wrong_flags, case.noun)} that break no rule")
    if missed:
        problems.append(f"misses {plural(missed, case.noun)} that do")
    if problems:
        raise Incorrect((f"on {case.label}, your rule " if where else "your rule ")
                        + " and ".join(problems) + ".")


def rule_check(name: str):
    """A compare for a rule function: the cases (the exercise's expected) one after the other."""
    def check(fn, cases, context):
        require_function(fn)
        for case in cases:
            check_rule_case(fn, case, name)
    return check


def rule_part(name: str, labels):
    """A part (for partial credit) judging the rule on the cases whose label is in ``labels``."""
    def check(fn, cases, context):
        for case in cases:
            if case.label in labels:
                check_rule_case(fn, case, name, where=len(labels) > 1)
    return check


# -- the tables ---------------------------------------------------------------------------------
def defect_rows(table: pd.DataFrame, defect: dict, key: str | None = None) -> np.ndarray:
    """The answer key's rows of a defect as a mask over ``table`` (by row, or by ``key`` ids)."""
    if key is None:
        mask = np.zeros(len(table), dtype=bool)
        mask[defect["rows"]] = True
        return mask
    return table[key].isin(set(defect["keys"])).to_numpy()


def price_edges(plans: pd.DataFrame) -> pd.DataFrame:
    """Invoices at the edges of the price list: every valid sum (computed as a bill would be,
    with float rounding), four add-ons, a penny off, pence, a refund."""
    valid = sorted(valid_prices(plans))
    base = [float(p) for p in plans["monthly_price"]]
    amounts = ([v for v in valid]
               + [b + ADDON_PRICE + ADDON_PRICE + ADDON_PRICE for b in base]  # unrounded sums
               + [b + 4 * ADDON_PRICE for b in base]
               + [valid[0] + 0.01, valid[-1] - 0.01, round(valid[0] * 100, 2), -valid[0], 0.0])
    n = len(amounts)
    return pd.DataFrame({"invoice_id": np.arange(900_001, 900_001 + n),
                         "customer_id": [f"C9{i:05d}" for i in range(n)],
                         "period": "2025-07", "amount": amounts, "status": "paid",
                         "source_system": "billing_v1"})


def age_edges() -> pd.DataFrame:
    """CRM rows whose birth dates sit on the edges: 100 years, the day itself, a blank."""
    births = ["1925-01-01", "1924-12-31", "2025-01-01", "2025-01-02", "", "1990-06-15",
              "1900-01-01", "2007-01-02"]
    return pd.DataFrame({"customer_id": [f"C8{i:05d}" for i in range(len(births))],
                         "birth_date": births})


def session_edges() -> pd.DataFrame:
    """Events whose lengths sit on the edges of 0 and 600 minutes."""
    seconds = [0, 1, MAX_SESSION_SECONDS, MAX_SESSION_SECONDS + 1, -1, -3600, 2700, 86_400]
    n = len(seconds)
    return pd.DataFrame({"event_id": np.arange(1, n + 1), "customer_id": "C700000",
                         "session_id": np.arange(1, n + 1),
                         "ts": pd.date_range("2025-07-01", periods=n, freq="h"),
                         "device": "tv", "seconds": np.array(seconds, dtype=np.int64)})
