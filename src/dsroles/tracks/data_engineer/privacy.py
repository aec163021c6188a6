"""The track's shared parts for tables that must hold no personal data."""

from __future__ import annotations

from dsroles.checks.outcomes import Incorrect
from dsroles.checks.tables import by_key, mismatch, need, with_columns
from dsroles.checks.wording import plural


def _with_index(value):
    """``value`` with every index level that is not a plain row number as a column: an index
    ships with the table (to_parquet, a join), so personal data kept there is still there."""
    import pandas as pd

    if isinstance(value.index, pd.RangeIndex):
        return value
    names = [n if n is not None else f"index {i}" for i, n in enumerate(value.index.names)]
    index = value.index.set_names(names)
    return pd.concat([index.to_frame(index=False),
                      value.reset_index(drop=True).drop(columns=names, errors="ignore")], axis=1)


def _holds_customer_ids(column) -> bool:
    text = column.dropna().astype(str)
    return len(text) > 0 and bool(text.str.fullmatch(r"C\d{6}").all())


def no_personal_data(value, expected, context):
    from dsroles.churn.pii import find_pii

    value = _with_index(value)
    if "customer_id" in value.columns or any(
            _holds_customer_ids(value[c]) for c in value.columns
            if c != "customer_key" and value[c].dtype.kind not in "iufbcmM"):
        raise Incorrect("the raw customer_id is still there (as a column or in the index); "
                        "the table should carry the pseudonymised customer_key instead.")
    # A key is hex digits, which pii.PHONE can match by chance (no word boundaries): the
    # keys are checked by the join-key part instead.
    found = find_pii(value.drop(columns="customer_key", errors="ignore"))
    if found:
        raise Incorrect("personal data got through: " + "; ".join(found) + ".")


def feature_keys(seed: int) -> set:
    """Every customer's key in the feature table (the pipeline's pseudonyms)."""
    from dsroles.churn.pii import pseudonymise
    from dsroles.tracks.data_engineer import data

    return set(pseudonymise(data.crm_raw(seed)["customer_id"].drop_duplicates()))


def _not_joining(keys, seed: int) -> int:
    known = feature_keys(seed)
    return sum(k not in known for k in keys)


def joins_feature_table(value, expected, context):
    """A part: each ticket's customer_key is the feature table's key of its customer.

    Compared on the tickets both tables hold (a missing ticket is the rows' business);
    when none is shared, each key is looked up among the feature table's keys instead.
    """
    need(with_columns(value, ["ticket_id", "customer_key"]), "ticket_id", "customer_key")
    got = by_key(value, "ticket_id", "customer_key")
    want = by_key(expected, "ticket_id", "customer_key")
    shared = want.index.intersection(got.index, sort=False)
    if len(shared):
        wrong = int(mismatch(got.loc[shared], want.loc[shared]).sum())
    else:
        wrong = _not_joining([str(k) for k in got], context["seed"])
    if wrong:
        raise Incorrect(f"customer_key differs from the feature table's key for "
                        f"{plural(wrong, 'ticket')}: these rows would not join the snapshots. "
                        "Use the pipeline's own pseudonymisation of customer_id.")
