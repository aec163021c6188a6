"""The track's shared parts for tables that must hold no personal data."""

from __future__ import annotations

from dsroles.checks.outcomes import Incorrect
from dsroles.checks.tables import need
from dsroles.checks.wording import plural


def no_personal_data(value, expected, context):
    from dsroles.churn.pii import find_pii

    if "customer_id" in value.columns:
        raise Incorrect("the raw customer_id is still there; the table should carry the "
                        "pseudonymised customer_key instead.")
    # A key is hex digits, which pii.PHONE can match by chance (no word boundaries): the
    # keys are checked by the join-key part instead.
    found = find_pii(value.drop(columns="customer_key", errors="ignore"))
    if found:
        raise Incorrect("personal data got through: " + "; ".join(found) + ".")


def joins_feature_table(value, expected, context):
    need(value, "ticket_id", "customer_key")
    got = value.set_index("ticket_id")["customer_key"].astype(str)
    want = expected.set_index("ticket_id")["customer_key"]
    got = got[~got.index.duplicated()].reindex(want.index)
    wrong = int((got != want).sum())
    if wrong:
        raise Incorrect(f"customer_key differs from the feature table's key for "
                        f"{plural(wrong, 'ticket')}: these rows would not join the snapshots.")
