"""Profiling consent: may a customer's data be used to score them with a model?

Kestrel asks its customers two separate questions. **Marketing consent** (the CRM export's
``marketing_consent``, yes/no) says whether they may be *contacted* with offers. **Profiling
consent**, written here into a file of its own beside the CRM export, says whether their data
may be used to *score* them automatically (the churn model is profiling, and the retention
offer is a decision taken on its score). A retention offer chosen by the model needs both.

``consent.csv`` in each batch folder, one row per customer of that batch's CRM export,
sorted by ``customer_id``::

    customer_id, profiling_consent, updated_on
    C100234,     granted,           2024-06-17
    C100371,     ,                               <- never answered: no consent
    C100412,     withdrawn,         2025-09-02   <- said yes, later took it back

``profiling_consent`` is ``granted``, ``refused``, ``withdrawn`` or empty (never asked or
never answered); only ``granted`` allows profiling. How the states arise:

- the question joined the sign-up form on ``FORM_FROM`` (2024-06-01): customers who signed up
  since then answered at sign-up (about 72 % granted, the rest refused);
- customers who signed up earlier were asked by e-mail in the weeks after that date: about
  half granted, 15 % refused, and the rest never answered (empty);
- a granted consent may be withdrawn later (about 8 % a year); a withdrawal after the
  customer cancelled never happens, and one after the export date is not in that export.

The draws come from a random stream of their own (``SeedSequence([seed, 11])``), so adding
this file left every other file of every seed byte-identical. The next-quarter batch's file
(as of 2026-03-31) agrees with the history's: the same answers, and a few more withdrawals.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

CONSENT_FILE = "consent.csv"
STATES = ("granted", "refused", "withdrawn")
FORM_FROM = pd.Timestamp("2024-06-01")
AS_OF = {"history": "2025-12-31", "next_quarter": "2026-03-31"}
_STREAM = 11  # the defects use 7; the simulation spawns its own children of the seed
_YEARS_TO_WITHDRAW = 12.0  # mean time until a granted consent is withdrawn (about 8 % a year)


def latent_answers(customers: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Each customer's answer, when it was given and when a grant would be withdrawn.

    ``customers`` holds ``customer_id``, ``signup_date`` and ``cancel_date`` (the simulated
    world's table). Every draw is made for every customer, so the result for one customer
    does not depend on the others'.
    """
    rng = np.random.default_rng(np.random.SeedSequence([int(seed), _STREAM]))
    n = len(customers)
    answer_u, email_delay, withdraw_years = rng.random(n), rng.integers(0, 60, n), \
        rng.exponential(_YEARS_TO_WITHDRAW, n)
    signup = pd.DatetimeIndex(customers["signup_date"])
    at_signup = signup >= FORM_FROM
    by_signup = np.where(answer_u < 0.72, "granted", "refused")
    by_email = np.where(answer_u < 0.50, "granted", np.where(answer_u < 0.65, "refused", ""))
    answered_on = np.where(at_signup, signup, FORM_FROM + pd.to_timedelta(email_delay, unit="D"))
    answered_on = pd.DatetimeIndex(answered_on)
    withdrawn_on = (answered_on + pd.to_timedelta(withdraw_years * 365.25, unit="D")).normalize()
    return pd.DataFrame({
        "customer_id": customers["customer_id"].to_numpy(),
        "answer": np.where(at_signup, by_signup, by_email),
        "answered_on": answered_on,
        "withdrawn_on": withdrawn_on,
        "cancel_date": pd.DatetimeIndex(customers["cancel_date"]),
    })


def export(latent: pd.DataFrame, customer_ids, as_of: str) -> pd.DataFrame:
    """The consent file as the consent platform exports it on ``as_of``."""
    wanted = pd.Index(pd.unique(pd.Series(list(customer_ids), dtype=object)))
    rows = latent.set_index("customer_id").loc[wanted.sort_values()].reset_index()
    as_of_ts = pd.Timestamp(as_of)
    last_day = rows["cancel_date"].where(rows["cancel_date"] < as_of_ts, as_of_ts)
    withdrawn = (rows["answer"] == "granted") & (rows["withdrawn_on"] <= last_day)
    state = np.where(withdrawn, "withdrawn", rows["answer"])
    updated = np.where(withdrawn, rows["withdrawn_on"].dt.strftime("%Y-%m-%d"),
                       rows["answered_on"].dt.strftime("%Y-%m-%d"))
    return pd.DataFrame({
        "customer_id": rows["customer_id"].astype(str),
        "profiling_consent": state,
        "updated_on": np.where(state == "", "", updated),
    })


def write_consent(out: str | Path, customers: pd.DataFrame, seed: int, batches: dict) -> None:
    """Write ``<batch>/consent.csv`` for each ``{batch: customer ids of its CRM export}``."""
    latent = latent_answers(customers, seed)
    for batch, ids in batches.items():
        table = export(latent, ids, AS_OF[batch])
        table.to_csv(Path(out) / batch / CONSENT_FILE, index=False, lineterminator="\n")


def read_consent(path: str | Path) -> pd.DataFrame:
    """Read a consent file: an empty state stays ``""``, ``updated_on`` becomes a date."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table["updated_on"] = pd.to_datetime(table["updated_on"].replace("", None), format="%Y-%m-%d")
    return table


def may_profile(states: pd.Series) -> pd.Series:
    """True where a customer's data may be used to score them: only an explicit grant counts."""
    return states.astype(str).str.strip().str.lower().eq("granted")
