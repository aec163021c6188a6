"""Data engineer, lesson 2 (``02_ingest_and_clean``): monthly billing in SQL, duplicated
customers, dates in three formats, and the usage log's replays and negative durations.

    from dsroles.tracks.data_engineer import ingest_clean
    q = ingest_clean.bind(seed=SEED)
    q.monthly_billing.check(my_billing)
"""

from __future__ import annotations

from dsroles.checks import declare
from dsroles.checks.exercise import Exercise, Part
from dsroles.checks.frames import check_columns
from dsroles.checks.functions import Case
from dsroles.checks.numbers import a_type, as_number
from dsroles.checks.outcomes import Incorrect
from dsroles.checks.registry import binder
from dsroles.checks.tables import columns_and_types, need, one_row_per
from dsroles.checks.wording import plural
from dsroles.tracks.data_engineer import billing, data


CUSTOMER_MONTH = ["customer_id", "month"]


monthly_billing = declare.frame_in_parts(
    "de.monthly_billing",
    competency="DE-1",
    expected=lambda seed: data.billing(seed),
    parts=[
        Part("columns", columns_and_types),
        Part("one row per customer and month", one_row_per(
            CUSTOMER_MONTH, "customer-month",
            advice=" Group by customer_id and period, and name the period month.")),
        Part("amounts", billing.amounts_in_pounds(CUSTOMER_MONTH, "amount_billed",
                                                  "customer-month")),
        Part("failed payments", billing.failed_payments(CUSTOMER_MONTH, "failed_payments",
                                                        "customer-month")),
    ],
    hints=[
        "Group by the customer and the billing period. Add up the amounts, and count the "
        "failed invoices by summing a CASE expression that is 1 for a failed invoice and 0 "
        "otherwise. Name each result column with AS.",
        "Some invoices come from `source_system = 'legacy'`, which stores pence: divide those "
        "amounts by 100.0 inside the SUM, with a CASE expression.",
    ],
    solution=(
        "```python\nsql = '''\nSELECT customer_id,\n       period AS month,\n"
        "       SUM(CASE WHEN source_system = 'legacy' THEN amount / 100.0 ELSE amount END)"
        " AS amount_billed,\n"
        "       SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed_payments\n"
        "FROM invoices\nGROUP BY customer_id, period\n'''\n"
        "my_billing = ingest.query_billing(billing_path, sql)\n```"
    ),
)


def _why_duplicates(got: float, seed: int) -> str:
    """What a wrong count of duplicate rows most likely counted."""
    raw = data.crm_raw(seed)
    ids = raw["customer_id"]
    if got == int(ids.duplicated(keep=False).sum()):
        return ("it counts every copy, the first row of each customer included; only the rows "
                "after a customer's first row are duplicates.")
    if got == int(raw.duplicated().sum()):
        return ("it counts rows that are identical in every column; the re-imported copies "
                "differ in e-mail and name spacing, so compare customer_id alone.")
    if got == int(ids.nunique()) or got == len(raw):
        return "it counts customers or rows, not the repeated rows."
    want = int(ids.duplicated().sum())
    return ("it is too high: count only the rows whose customer_id already appeared in an "
            "earlier row." if got > want else
            "it is too low: compare customer_id alone, not whole rows.")


def _check_duplicates(value, want, context):
    got = as_number(value)
    if got != want:
        raise Incorrect(f"your count is not the number of duplicate rows: "
                        f"{_why_duplicates(got, context['seed'])}")


duplicate_customers = Exercise(
    "de.duplicate_customers",
    competency="DE-2",
    compare=_check_duplicates,
    expected=lambda seed: int(data.crm_raw(seed)["customer_id"].duplicated().sum()),
    context=("seed",),
    hints=[
        "A duplicate here is a second row for a customer_id already seen. Whole-row "
        "comparison misses them: look at how the copies differ from the originals.",
        "`Series.duplicated()` marks every repeat of a value after its first row; the sum of "
        "those marks counts the extra rows.",
    ],
    solution="```python\nmy_duplicates = int(crm['customer_id'].duplicated().sum())\n```",
)


def reference_parse_date(text: str):
    """One CRM date as the reference cleaning reads it: a Timestamp, or None when blank."""
    import pandas as pd

    from dsroles.churn import clean

    try:
        value = clean.parse_dates(pd.Series([text], dtype=object)).iloc[0]
    except clean.UnknownValue as exc:
        raise ValueError(str(exc)) from None
    return None if pd.isna(value) else pd.Timestamp(value)


def _same_date(got, want, what: str) -> None:
    import datetime

    import pandas as pd

    if want is None:
        if got is None or (type(got) in (float, type(pd.NaT)) and pd.isna(got)):
            return
        raise Incorrect(f"{what} is {got!r}; a blank date is missing: return None (or pd.NaT).")
    if type(got) not in (datetime.datetime, datetime.date, pd.Timestamp):
        raise Incorrect(f"{what} is {a_type(got)}; a date (datetime or pandas Timestamp) "
                        "is expected.")
    if (got.year, got.month, got.day) != (want.year, want.month, want.day):
        raise Incorrect(f"{what} is {got:%Y-%m-%d}, which is not the date that was written.")


DATE_CASES = (
    Case(("2025-03-14",), label="ISO"),
    Case(("14/03/2025",), label="the shop system"),
    Case(("05/03/2025",), label="day or month first?"),
    Case(("20250314",), label="the partner feed"),
    Case(("29/02/2024",), label="a leap day"),
    Case((" 2025-03-14 ",), label="spaces around"),
    Case(("",), label="blank: missing"),
    Case(("2025/03/14",), label="an unknown format", raises=ValueError),
    Case(("14.03.2025",), label="an unknown format", raises=ValueError),
)


parse_date = declare.function(
    "de.parse_date",
    competency="DE-2",
    reference=reference_parse_date,
    cases=DATE_CASES,
    compare_results=_same_date,
    hints=[
        "Strip the spaces, return None for an empty string, then try each known format in "
        "turn: '%Y-%m-%d', '%d/%m/%Y' (day first) and '%Y%m%d'. Only raise when none fits.",
        "Use one regular expression per format (`re.fullmatch`) to tell them apart, and "
        "`datetime.strptime` with the matching format string to parse. Text that matches no "
        "format ends in a `ValueError`.",
    ],
    solution=(
        "```python\nimport re\nfrom datetime import datetime\n\n"
        "FORMATS = [(r'\\d{4}-\\d{2}-\\d{2}', '%Y-%m-%d'),\n"
        "           (r'\\d{2}/\\d{2}/\\d{4}', '%d/%m/%Y'),\n"
        "           (r'\\d{8}', '%Y%m%d')]\n\n"
        "def parse_date(text):\n    text = text.strip()\n    if text == '':\n        return None\n"
        "    for pattern, fmt in FORMATS:\n        if re.fullmatch(pattern, text):\n"
        "            return datetime.strptime(text, fmt)\n"
        "    raise ValueError(f'unknown date format: {text!r}')\n```"
    ),
)


def _no_replays(value, expected, context):
    need(value, "event_id")
    n = int(value["event_id"].duplicated().sum())
    if n:
        raise Incorrect(f"{plural(n, 'event_id')} still {'appears' if n == 1 else 'appear'} "
                        "more than once.")


def _no_negative(value, expected, context):
    import pandas as pd

    need(value, "seconds")
    seconds = pd.to_numeric(value["seconds"], errors="coerce")
    n = int((seconds < 0).sum())
    if n:
        raise Incorrect(f"{plural(n, 'event')} still {'has' if n == 1 else 'have'} a "
                        "negative duration.")


def _good_events_kept(value, expected, context):
    import numpy as np

    need(value, "event_id")
    lost = int((~np.isin(expected["event_id"].to_numpy(),
                         value["event_id"].to_numpy())).sum())
    if lost:
        raise Incorrect(f"{plural(lost, 'good event')} went missing: drop only the replayed "
                        "copies and the impossible durations.")


clean_events = declare.frame_in_parts(
    "de.clean_events",
    competency="DE-2",
    expected=lambda seed: data.events_clean(seed),
    parts=[
        Part("replayed events", _no_replays),
        Part("negative durations", _no_negative),
        Part("good events kept", _good_events_kept),
        Part("columns", lambda value, expected, context: check_columns(value, expected)),
    ],
    hints=[
        "Two defects in the usage log: D8 (a collector replayed events: the same event_id "
        "twice) and D7 (negative durations).",
        "Keep one copy of each `event_id` (`drop_duplicates` accepts a column name), then "
        "keep the rows whose duration is not negative (a zero-length session is odd, but "
        "possible).",
    ],
    solution=(
        "```python\nmy_events = events.drop_duplicates('event_id')\n"
        "my_events = my_events[my_events['seconds'] >= 0].reset_index(drop=True)\n```"
    ),
)


bind = binder(__name__)
