"""The assessment's own parts and comparisons: each compares only the rows both tables hold,
and each names the mistake it finds (a left join done as an inner one, a time-zone
conversion that moves a month's first or last hour, a leak from after a snapshot).
"""

from __future__ import annotations

from dsroles.checks.frames import text_values
from dsroles.checks.numbers import a_type
from dsroles.checks.outcomes import Incorrect
from dsroles.checks.tables import (
    as_table, key_labels, need, one_row_per,
)
from dsroles.checks.wording import plural
from dsroles.tracks.data_engineer import exam_data
from dsroles.tracks.data_engineer.crm import CANONICAL

def billed_customers(value, expected, context):
    """A part: one row per customer billed in the month; an inner join is named."""
    try:
        one_row_per("customer_id", "customer")(value, expected, context)
    except Incorrect as exc:
        got = set(key_labels(value, "customer_id"))
        lost = expected[~expected["customer_id"].isin(got)]
        if len(got) > len(set(got)) or len(value) > len(got):
            raise Incorrect(f"{exc} A join with a table that holds a customer twice repeats "
                            "the customer: join the cleaned CRM, one row per customer.") from None
        if len(lost) and (lost["sessions"] == 0).all():
            raise Incorrect(f"{exc} The missing ones are billed customers with no session in "
                            "the month: keep every billed customer (a left join), with 0 "
                            "sessions.") from None
        raise


def contract_explained(got, want) -> str:
    values = text_values(got, "contract")
    if any(v is None for v in values):
        return "Some are missing: join the cleaned CRM on customer_id."
    if any(v not in CANONICAL["contract"] for v in values):
        return "They are raw spellings: take contract from your cleaned CRM."
    return "They differ from the cleaned CRM's."


def _timestamps(series, what: str) -> dict:
    import pandas as pd

    if type(series) is not pd.Series:
        raise Incorrect(f"{what} is {a_type(series)}; a Series of timestamps indexed by "
                        "customer_id is expected.")
    if series.dtype.kind != "M":
        raise Incorrect(f"{what} holds {series.dtype} values; timestamps are expected.")
    if getattr(series.dtype, "tz", None) is not None:
        raise Incorrect(f"{what} holds timestamps with a time zone; the events' times are "
                        "local times without one: return them as they are, unconverted.")
    values = series.dropna().astype("datetime64[ns]")
    return dict(zip(values.index.astype(str), values.to_numpy()))


def same_last_seen(got, want, what):
    """``compare`` for last-seen Series: a leak and a miss are named apart."""
    got, want = _timestamps(got, what), _timestamps(want, what)
    later = sum(1 for k, v in got.items() if k not in want or v > want[k])
    wrong = sum(1 for k in set(got) | set(want) if got.get(k) != want.get(k))
    if later:
        raise Incorrect(f"{what} is later than the snapshot allows for "
                        f"{plural(later, 'customer')}: it uses events from after the end of "
                        "the month, which the model will not have when it predicts.")
    if wrong:
        raise Incorrect(f"{what} is wrong for {plural(wrong, 'customer')}: it misses events "
                        "the company already had at the end of the month.")


def dim_keys(value, expected, context):
    """A part: every key is the feature table's key of a customer, each customer once."""
    value = as_table(value, expected)
    need(value, "customer_key")
    want = set(expected["customer_key"])
    got = [str(k) for k in text_values(value["customer_key"], "customer_key")]
    foreign = sum(k not in want for k in got)
    if foreign:
        raise Incorrect(f"{foreign:,} of your {len(got):,} keys are not keys of the feature "
                        "table: use the pipeline's own pseudonymisation of customer_id, so "
                        "that the rows join.")
    repeated, missing = len(got) - len(set(got)), len(want - set(got))
    if repeated:
        verb = "appears" if repeated == 1 else "appear"
        raise Incorrect(f"{plural(repeated, 'key')} {verb} more than once: one row per customer.")
    if missing:
        raise Incorrect(f"{plural(missing, 'customer')} missing: one row per customer of the "
                        "cleaned CRM.")


def _month_edge(ts):
    """True for times in the first hour of a month or the last hour of a month."""
    import pandas as pd

    return ((ts.dt.day == 1) & (ts.dt.hour == 0)) | \
        (((ts + pd.Timedelta(days=1)).dt.day == 1) & (ts.dt.hour == 23))


def month_tickets_rows(value, expected, context):
    """A part: exactly the month's tickets, once each; tickets moved across a month's edge
    (a time-zone conversion) are named."""
    try:
        one_row_per("ticket_id", "ticket")(value, expected, context)
    except Incorrect as exc:
        tickets = exam_data.tickets(context["seed"])
        got, want = set(key_labels(value, "ticket_id")), set(key_labels(expected, "ticket_id"))
        moved = tickets["ticket_id"].astype(str).isin(got ^ want)
        if moved.any() and _month_edge(tickets.loc[moved, "opened_at"]).all():
            raise Incorrect(f"{exc} They were opened in the first or last hour of a month: "
                            "take the month of opened_at as written (local time, with no "
                            "time-zone conversion).") from None
        raise
