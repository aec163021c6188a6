"""The track's shared parts for a cleaned CRM: one part per defect kind (D1 to D5).

Each part compares only the customers both tables hold (``checks.tables``), so a customer
lost or kept twice costs D1 alone, and each names the mistake it finds: a placeholder kept,
a date read month first, a blank left blank.
"""

from __future__ import annotations

from dsroles.checks.outcomes import Incorrect
from dsroles.checks.tables import by_key, mismatch, one_row_per, same_values
from dsroles.checks.wording import plural
from dsroles.tracks.data_engineer import data

KEY = "customer_id"
CANONICAL = {
    "contract": ("monthly", "annual", "two_year"),
    "payment_method": ("card", "direct_debit", "paypal", "invoice", "unknown"),
    "region": ("north", "south", "east", "west", "capital", "unknown"),
}


def shared(value, expected, column: str):
    """(got, want): ``column`` of both tables on the customers both hold, aligned."""
    want = by_key(expected, KEY, column)
    got = by_key(value, KEY, column)
    keys = want.index.intersection(got.index, sort=False)
    return got.loc[keys], want.loc[keys]


def one_customer_each(value, expected, context):
    """D1: every customer once; keeping neither copy of a re-imported customer is named."""
    try:
        one_row_per(KEY, "customer")(value, expected, context)
    except Incorrect:
        raw = data.crm_raw(context["seed"])
        copied = set(raw.loc[raw[KEY].duplicated(), KEY])
        got = set(by_key(value, KEY, KEY).index)
        lost = set(by_key(expected, KEY, KEY).index) - got
        if lost and lost <= copied:
            raise Incorrect(f"{plural(len(lost), 'customer')} with a re-imported copy "
                            f"{'is' if len(lost) == 1 else 'are'} missing: keep one row of "
                            "each customer (the first or the last copy), not neither.") from None
        raise


def _date_mistakes(got, want) -> str:
    """Name what went wrong with the differing dates: unparsed, month first, or other."""
    import pandas as pd

    g = pd.to_datetime(pd.Series(got.to_numpy()), errors="coerce")
    w = pd.to_datetime(pd.Series(want.to_numpy()))
    swapped = (g.dt.month == w.dt.day) & (g.dt.day == w.dt.month) & (g.dt.year == w.dt.year)
    found = []
    if int(g.isna().sum()):
        found.append(f"{plural(int(g.isna().sum()), 'date')} not parsed (missing)")
    if int(swapped.sum()):
        found.append(f"{plural(int(swapped.sum()), 'date')} read month first")
    other = len(g) - int(g.isna().sum()) - int(swapped.sum())
    if other > 0:
        found.append(f"{plural(other, 'date')} not the date that was written")
    return " and ".join(found) + "." if found else ""


def signup_dates(value, expected, context):
    """D2: the signup dates, each of the three formats parsed explicitly."""
    got, want = shared(value, expected, "signup_date")
    bad = mismatch(got, want)
    if bad.any():
        raise Incorrect(f"'signup_date' is wrong for {plural(int(bad.sum()), 'customer')}: "
                        f"{_date_mistakes(got[bad], want[bad])} Parse each of the three "
                        "formats explicitly; DD/MM/YYYY is day first.")


def _age_mistakes(got, want) -> str:
    import pandas as pd

    g = pd.to_datetime(pd.Series(got.to_numpy()), errors="coerce")
    w = pd.to_datetime(pd.Series(want.to_numpy()))
    kept = g.notna() & w.isna()
    placeholder = kept & (g.dt.year == 1900)
    young = kept & (g > pd.Timestamp("1950-01-01"))
    found = []
    if int(placeholder.sum()):
        kept_for = plural(int(placeholder.sum()), "customer")
        found.append(f"the 1900-01-01 placeholder is kept for {kept_for}")
    if int(young.sum()):
        found.append(f"{plural(int(young.sum()), 'customer')} younger than 18 on 2025-01-01 keep "
                     "their birth date (count the age to the day: before their 18th birthday "
                     "they are 17)")
    if int((g.isna() & w.notna()).sum()):
        found.append(f"{plural(int((g.isna() & w.notna()).sum()), 'plausible birth date')} "
                     "removed")
    other = int((g.notna() & w.notna()).sum()) + int((kept & ~placeholder & ~young).sum())
    if other:
        found.append(f"{plural(other, 'birth date')} not the date that was written")
    return "; ".join(found) + "."


def birth_dates(value, expected, context):
    """D4: a birth date becomes missing where the age on 2025-01-01 is outside 18 to 100."""
    got, want = shared(value, expected, "birth_date")
    bad = mismatch(got, want)
    if bad.any():
        raise Incorrect(f"'birth_date' is wrong for {plural(int(bad.sum()), 'customer')}: "
                        f"{_age_mistakes(got[bad], want[bad])} Ages outside 18 to 100 on "
                        "2025-01-01 become missing.")


def spelling(column: str, *, rows=None):
    """D3 (and D5 for the blanks): ``column`` mapped to its canonical values."""
    allowed = CANONICAL[column]

    def explain(got, want):
        from dsroles.checks.frames import text_values

        odd = sum(v not in allowed for v in text_values(got, column))
        if odd:
            return (f"{plural(odd, 'value')} {'is' if odd == 1 else 'are'} not one of the "
                    "canonical values the task lists: map every spelling on purpose.")
        return "They are mapped to another canonical value than the one meant."
    return same_values(KEY, column, "customer", rows=rows, explain=explain)


def blanks(column: str):
    """D5: a blank ``column`` becomes the category 'unknown'."""
    def explain(got, want):
        from dsroles.checks.frames import text_values

        empty = sum(v is None or not v.strip() for v in text_values(got, column))
        if empty:
            return f"{plural(empty, 'blank')} left empty or missing: a blank becomes 'unknown'."
        return "A blank becomes the category 'unknown'."
    return same_values(KEY, column, "customer", explain=explain,
                       rows=lambda table: table[column] == "unknown")


def missing_values(value, expected, context):
    """D5: a blank region or payment method becomes the category 'unknown'."""
    for column in ("region", "payment_method"):
        blanks(column)(value, expected, context)
