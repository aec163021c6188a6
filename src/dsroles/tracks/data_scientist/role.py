"""Data scientist, lesson 1 (``01_the_role``): explore the snapshot table: churn by contract,
the strongest correlate, the size of a segment.

    from dsroles.tracks.data_scientist import role
    q = role.bind(seed=SEED)
    q.churn_by_contract.check(my_rates)
"""

from __future__ import annotations

from dsroles.checks.choices import check_choice
from dsroles.checks.exercise import Exercise
from dsroles.checks.numbers import a_type, as_number, format_number
from dsroles.checks.outcomes import Incorrect, is_blank_text
from dsroles.checks.registry import binder
from dsroles.tracks.data_scientist import data, declared


SEGMENT_MONTH = "2025-11"


def churn_rates(seed: int) -> dict:
    """Churn rate (share of snapshots with churned == 1) per contract type."""
    snaps = data.snapshots(seed)
    return {k: float(v) for k, v in snaps.groupby("contract")["churned"].mean().items()}


def _as_mapping(value) -> dict:
    """A Series indexed by label, or a dict, as a plain {str: value} dict."""
    import pandas as pd

    if type(value) is pd.Series:
        return {str(k): v for k, v in value.items()}
    if type(value) is dict:
        return {str(k): v for k, v in value.items()}
    if type(value) is pd.DataFrame:
        raise Incorrect("your answer is a DataFrame; a Series indexed by contract is expected "
                        "(select the one column you averaged).")
    raise Incorrect(f"your answer is {a_type(value)}; a Series (or dict) indexed by contract "
                    "type is expected.")


def _check_rates(value, expected, context):
    got = _as_mapping(value)
    missing = [c for c in expected if c not in got]
    extra = [c for c in got if c not in expected]
    if missing or extra:
        raise Incorrect("the contract types do not match: "
                        + "; ".join(([f"missing {missing}"] if missing else [])
                                    + ([f"unexpected {extra}"] if extra else []))
                        + ". Group the cleaned snapshot table by its 'contract' column.")
    for contract, want in expected.items():
        rate = as_number(got[contract], f"the rate for {contract!r}")
        if abs(rate - 100 * want) < 0.05 and want > 0:
            raise Incorrect(f"the rate for {contract!r} looks like a percentage; "
                            "give each rate as a share between 0 and 1.")
        if abs(rate - want) > max(1e-4, 0.01 * want):  # rounding to 4 decimals is fine
            raise Incorrect(f"the rate for {contract!r} ({format_number(rate)}) is "
                            f"{'too high' if rate > want else 'too low'}: the rate is the share "
                            "of that contract's snapshot rows with churned == 1.")


churn_by_contract = Exercise(
    "ds.churn_by_contract",
    competency="DS-1",
    compare=_check_rates,
    expected=churn_rates,
    context=("seed",),
    hints=[
        "The label `churned` is 0 or 1, so its mean over a group of rows is that group's "
        "churn rate.",
        "Group the snapshots by `contract`, select `churned`, and take the mean: one rate per"
        " contract type.",
    ],
    solution="```python\nrates = snaps.groupby('contract')['churned'].mean()\n```",
)


def correlations(seed: int):
    """|Pearson r| of each numeric column with churned, strongest first."""
    from dsroles.churn.features import LABEL

    snaps = data.snapshots(seed)
    numeric = snaps[list(CORRELATE_OPTIONS) + [LABEL]].astype(float)
    return numeric.corr()[LABEL].drop(LABEL).abs().sort_values(ascending=False)


def strongest_columns(seed: int, tie: float = 0.005) -> list[str]:
    """The column(s) whose |r| with churned is within ``tie`` of the largest."""
    r = correlations(seed)
    return [c for c, v in r.items() if v >= r.iloc[0] - tie]


CORRELATE_OPTIONS = ("tenure_months", "monthly_charges", "addons", "sessions", "minutes",
                     "usage_trend", "days_since_last_session", "tickets_month", "tickets_3m",
                     "failed_payments_month", "failed_payments_3m", "age", "exit_survey_score")


def _check_strongest(value, expected, context):
    if type(value) is str and value.strip() in CORRELATE_OPTIONS and value.strip() not in expected:
        r = correlations(context["seed"])
        raise Incorrect(f"{value.strip()!r} correlates with churned at |r| = "
                        f"{r[value.strip()]:.3f}; another numeric column correlates more "
                        "strongly. Compare absolute values.")
    check_choice(value, expected, options=CORRELATE_OPTIONS, what="your column")


strongest_correlate = Exercise(
    "ds.strongest_correlate",
    competency="DS-1",
    compare=_check_strongest,
    expected=strongest_columns,
    context=("seed",),
    not_attempted=is_blank_text,
    hints=[
        "`DataFrame.corr(numeric_only=True)` gives Pearson correlations; take the column "
        "for `churned`, drop `churned` itself, and compare absolute values.",
        "The correlation table includes the yes/no flag `marketing_consent`, which is not one"
        " of the numeric columns: drop it and `churned` itself, then compare the sizes of the"
        " correlations (their absolute values).",
    ],
    solution=(
        "```python\nr = snaps.corr(numeric_only=True)['churned'].drop(['churned', "
        "'marketing_consent'])\nstrongest = r.abs().idxmax()\n```"
    ),
)


def segment_count(seed: int) -> int:
    """Customers in the November 2025 snapshot on a monthly contract with a ticket in 3 months."""
    snaps = data.snapshots(seed)
    nov = snaps[snaps["snapshot_month"] == SEGMENT_MONTH]
    return int(((nov["contract"] == "monthly") & (nov["tickets_3m"] >= 1)).sum())


def segment_mistakes(seed: int) -> list:
    snaps = data.snapshots(seed)

    def count(rows, tickets="tickets_3m"):
        return int(((rows["contract"] == "monthly") & (rows[tickets] >= 1)).sum())

    nov = snaps[snaps["snapshot_month"] == SEGMENT_MONTH]
    return [
        ("your count covers every month: the question is about the November 2025 snapshot.",
         lambda: count(snaps)),
        ("your count uses the tickets of the month only: the question is about the last three "
         "months (tickets_3m).", lambda: count(nov, "tickets_month")),
        ("your count takes the rows that meet either condition (|): both must hold (&).",
         lambda: int(((nov["contract"] == "monthly") | (nov["tickets_3m"] >= 1)).sum())),
        ("your count is for another month: the question is about 2025-11.",
         lambda: count(snaps[snaps["snapshot_month"] == "2025-10"])),
    ]


segment_size = declared.number(
    "ds.segment_size",
    competency="DS-1",
    expected=segment_count,
    abs_tol=0.5,
    what="your count",
    why="count the November 2025 rows with a monthly contract and at least one ticket in the "
        "last three months.",
    mistakes=segment_mistakes,
    hints=[
        "Three conditions: the snapshot month is 2025-11, the contract is monthly, and "
        "`tickets_3m` is at least 1. Combine boolean masks with `&` (brackets around each).",
        "Keep November 2025's rows first, then count the rows where both other conditions "
        "hold: the sum of a boolean mask is its number of True values.",
    ],
    solution=(
        "```python\nnov = snaps[snaps['snapshot_month'] == '2025-11']\n"
        "segment = int(((nov['contract'] == 'monthly') & (nov['tickets_3m'] >= 1)).sum())\n```"
    ),
)


bind = binder(__name__)
