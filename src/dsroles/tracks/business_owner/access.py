"""The track's shared parts for data access: which columns are personal or protected, and who
may receive a retention offer chosen by the model (both consents, still a customer).

Each rule is a part of its own, so an answer that forgets one rule loses that rule's share
only, and the message names the rule.
"""

from __future__ import annotations

from dsroles.checks import Part
from dsroles.checks.numbers import a_type
from dsroles.checks.outcomes import Incorrect
from dsroles.checks.records import field_of, id_set
from dsroles.checks.wording import plural


# -- personal and protected columns ----------------------------------------------------------
def column_list(record: dict, key: str, columns) -> set[str]:
    value = field_of(record, key)
    if type(value) not in (list, tuple, set) or any(type(c) is not str for c in value):
        raise Incorrect(f"{key!r} is {a_type(value)}; a list of column labels (text) is "
                        "expected.")
    unknown = [c for c in value if c not in columns]
    if unknown:
        raise Incorrect(f"{unknown[0]!r} (in {key!r}) is not a column of the table.")
    return set(value)


def columns_part(key: str, columns, *, missing_means: str, extra_means: str):
    """A part: ``record[key]`` lists exactly the expected columns (``expected[key]``)."""
    def check(record, expected, context):
        got, want = column_list(record, key, columns), set(expected[key])
        missing, extra = want - got, got - want
        found = ([f"it leaves out {plural(len(missing), 'column')} that {missing_means}"]
                 if missing else []) + \
                ([f"it lists {plural(len(extra), 'column')} that {extra_means}"]
                 if extra else [])
        if found:
            raise Incorrect(f"{key!r}: {' and '.join(found)}.")
    return check


# -- who may receive a model-chosen offer ----------------------------------------------------
def eligible(crm, consent, as_of: str) -> dict:
    """The customer ids of each group the rules tell apart, for customers of ``crm``."""
    import pandas as pd

    from dsroles.churn.consent import may_profile

    table = crm[["customer_id", "cancel_date", "marketing_consent"]].merge(
        consent[["customer_id", "profiling_consent"]], on="customer_id", how="left")
    table["profiling_consent"] = table["profiling_consent"].fillna("")
    left = table["cancel_date"].notna() & (table["cancel_date"] <= pd.Timestamp(as_of))
    ids = lambda rows: set(table.loc[rows, "customer_id"].astype(str))  # noqa: E731
    state = table["profiling_consent"]
    return {
        "customers": ids(table.index == table.index),
        "left": ids(left),
        "no_marketing": ids(~table["marketing_consent"]),
        "refused": ids(state == "refused"),
        "withdrawn": ids(state == "withdrawn"),
        "never_answered": ids(state == ""),
        "targets": ids(~left & table["marketing_consent"] & may_profile(state)),
    }


def _ids(value) -> set[str]:
    return id_set(value, "customer_id", "your list")


def precheck_ids(value, groups, context):
    got = _ids(value)
    strangers = got - groups["customers"]
    if strangers:
        raise Incorrect(f"your list holds {plural(len(strangers), 'id')} that are no customer "
                        "of this export.")
    if len(got & groups["targets"]) < len(groups["targets"]) / 2:
        raise Incorrect("your list misses most of the customers who may receive the offer: "
                        "start from every customer of the export, then apply the rules one by "
                        "one.")


PROFILING = (("never_answered", "never answered the profiling question: silence is not "
                                "consent"),
             ("withdrawn", "took their profiling consent back: a withdrawal ends it"),
             ("refused", "refused profiling"))


def _profiling(value, groups, context):
    got = _ids(value)
    found = [f"{plural(len(got & groups[g]), 'customer')} {why}" for g, why in PROFILING
             if got & groups[g]]
    if found:
        raise Incorrect(f"{'; '.join(found)}. Only a consent 'granted' lets the model score "
                        "a customer.")


def _excludes(group: str, why: str):
    def check(value, groups, context):
        wrong = _ids(value) & groups[group]
        if wrong:
            raise Incorrect(f"{plural(len(wrong), 'customer')} {why}.")
    return check


def _complete(value, groups, context):
    missing = groups["targets"] - _ids(value)
    if missing:
        raise Incorrect(f"{plural(len(missing), 'customer')} who may receive the offer "
                        "are missing: still subscribed, with marketing consent and a profiling "
                        "consent granted.")


TARGET_PARTS = [
    Part("profiling consent", _profiling, 1.0),
    Part("marketing consent", _excludes("no_marketing", "said no to marketing: they may not "
                                        "be contacted with an offer"), 1.0),
    Part("still customers", _excludes("left", "already cancelled: an offer is for current "
                                      "customers"), 1.0),
    Part("complete", _complete, 0.5),
]
