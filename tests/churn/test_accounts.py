"""The account events: a new file that leaves every existing source byte for byte as it was,
and agrees with the CRM's cancel dates and the billing database's failed invoices."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from dsroles.churn import accounts, ingest
from dsroles.churn.generate import generate_sources

# The files that existed before account events and the consent files did, as generator version 5
# writes them (re-recorded when version 5's payment provider switch changed the simulated world on
# purpose; versions 2-4 agreed with each other), with pyarrow 26.0.1, SQLite 3.40.1 and
# pandas 3.1.1: the SHA-256 of each file, and a digest of its content
# (parquet read back as CSV, SQLite as its SQL dump) that does not depend on those versions.
BEFORE = {
    (3, 200, True): {
        "answer_key.json": ("f8821775fe2c704ced585e3b9e3a6409aec77f49f02400b6d4270686d5010f15", "f8821775fe2c704c"),
        "business.json": ("d8c27b94efb3e53d460c98c2c52ae0cbcd64429d9fc55f7d90339487b361ae7b", "d8c27b94efb3e53d"),
        "history/billing.sqlite": ("9b28f4c5945e17947484beaea9db180c9ec2dbd480e9c7f7e626313d799ac2cd", "7ff8fed151d7adce"),
        "history/crm_customers.csv": ("703da88eb6608722a96e5d4cfb0a60a9f8054afe17b741272b074a37691ce696", "703da88eb6608722"),
        "history/support_tickets.jsonl": ("81d045eaa28c2ba4aed41dbdf9e45246ee4448dcb3533f9d3099ef5ef1955b38", "81d045eaa28c2ba4"),
        "history/usage_events.parquet": ("dde6b94f6ad9250f0b9c19701d6d2aca1a7609338e646f7638796fdeee548512", "888af06ed33485ff"),
        "next_quarter/billing.sqlite": ("9c908fed59c5912dc349f4e49d2a780f9a509548e8622136c36efb2499f45155", "e7f5ef89a9c6b42a"),
        "next_quarter/crm_customers.csv": ("6683d7df33c070eeca4b0b3b74b724cf5a267c712d67a8d62af794c5bbe65956", "6683d7df33c070ee"),
        "next_quarter/support_tickets.jsonl": ("c65da24d3de3fe4f08022e5fa53dd4ee5f21d2023521b951bbe85fd5f3c0443b", "c65da24d3de3fe4f"),
        "next_quarter/usage_events.parquet": ("d06c6ce4073e4c25d13765855162f750922657e503b5e4fb7d14c10b42cfec32", "67ec789f74ed4d92"),
    },
    (7, 120, False): {
        "answer_key.json": ("99f8fbd0a037e8d1628a0ce9c7f1c3855237496be5f5b4835c54437b0f61e04c", "99f8fbd0a037e8d1"),
        "business.json": ("d8c27b94efb3e53d460c98c2c52ae0cbcd64429d9fc55f7d90339487b361ae7b", "d8c27b94efb3e53d"),
        "history/billing.sqlite": ("698c0251de3e785d42a2853c277243f772f22f33c08a4dda5fc2bd64cffa0736", "a489160537c05acb"),
        "history/crm_customers.csv": ("89b52642f02d392d098a8a8870ecb56719fa738ebc744ac012234d6f6313b590", "89b52642f02d392d"),
        "history/support_tickets.jsonl": ("796743fd0dfdaa270e07da73613859ef7da66584c67045354dac10ce429f27ad", "796743fd0dfdaa27"),
        "history/usage_events.parquet": ("e002b3ccc240d89c8f8b3a6348b50b3a3d7ad4aff92c01e801b5556162542b86", "1a2ccd43f42df2c6"),
        "next_quarter/billing.sqlite": ("a01e94bf0671d1be679333d9ade457e80ac3a1004ee68bc8e5597fc36207dc85", "384f640490d76d28"),
        "next_quarter/crm_customers.csv": ("3d4fe2d276a5769fb4e43662cd965fefabb31f74c528ad6a94da9b2214d9b89b", "3d4fe2d276a5769f"),
        "next_quarter/support_tickets.jsonl": ("ca3a403fd7536a703f2c1500f44dee146911a5cb208bb045d0c5c29b4de283c2", "ca3a403fd7536a70"),
        "next_quarter/usage_events.parquet": ("0285d162ceb43707b7cf00ccad671c3053ae93ff1a90dd1284de863c01d5e61a", "05f757ee870f2cfd"),
    },
}
RECORDED_WITH = {"pyarrow": "26.0.1", "sqlite": "3.40.1", "pandas": "3.1.1"}


def _content_digest(path: Path) -> str:
    if path.suffix == ".parquet":
        data = pd.read_parquet(path).to_csv(index=False).encode()
    elif path.suffix == ".sqlite":
        con = sqlite3.connect(path)
        data = "\n".join(con.iterdump()).encode()
        con.close()
    else:
        data = path.read_bytes()
    return hashlib.sha256(data).hexdigest()[:16]


def _same_libraries() -> bool:
    import pyarrow

    return (pyarrow.__version__, sqlite3.sqlite_version, pd.__version__) == tuple(RECORDED_WITH.values())


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """Small generations: the two recorded seeds, and the first again without drift."""
    out = {}
    for seed, customers, drift in sorted(BEFORE) + [(3, 200, False)]:
        folder = tmp_path_factory.mktemp(f"seed{seed}-{drift}")
        out[(seed, customers, drift)] = (folder, generate_sources(folder, seed, customers, drift=drift))
    return out


@pytest.mark.parametrize("seed, customers, drift", sorted(BEFORE), ids=lambda v: str(v))
def test_every_existing_file_is_what_it_was_before_account_events(small, seed, customers, drift):
    """Are the raw sources, answer key and money figures of a seed the bytes version 5 wrote?"""
    folder, manifest = small[(seed, customers, drift)]
    before = BEFORE[(seed, customers, drift)]
    assert {f"{b}/{accounts.FILE}" for b in accounts.BATCH_END} <= set(manifest["sha256"]) - set(before)
    for name, (file_hash, content) in before.items():
        assert _content_digest(folder / name) == content, name
        if _same_libraries() or name.endswith((".csv", ".json", ".jsonl")):
            assert manifest["sha256"][name] == file_hash, name


def test_switching_drift_off_leaves_the_2025_account_events_untouched(small):
    """Is the history's account log the same with and without the 2026 drift?"""
    drifted, clean = small[(3, 200, True)][0], small[(3, 200, False)][0]
    assert (drifted / "history" / accounts.FILE).read_bytes() == \
        (clean / "history" / accounts.FILE).read_bytes()
    assert (drifted / "next_quarter" / accounts.FILE).read_bytes() != \
        (clean / "next_quarter" / accounts.FILE).read_bytes()


@pytest.fixture(scope="module")
def data_dir():
    """Seed 42's sources from the data cache (generated there once)."""
    from dsroles.churn.data import project_data

    return project_data(42)


@pytest.fixture(scope="module")
def events(data_dir):
    return accounts.read_account_events(data_dir, ("history", "next_quarter"))


def test_the_log_uses_the_documented_columns_and_events(events):
    assert list(events.columns) == accounts.COLUMNS
    assert set(events["event"]) == set(accounts.EVENTS)
    assert events["event_id"].is_unique and events["event_id"].is_monotonic_increasing
    assert events["event_date"].is_monotonic_increasing


@pytest.mark.parametrize("batch, as_of", [("history", "2025-12-31"), ("next_quarter", "2026-03-31")])
def test_each_crm_cancel_date_is_one_ending_on_that_day(data_dir, events, batch, as_of):
    """Does every cancel date of an export have exactly one ending of the same customer and day?"""
    crm = ingest.read_crm(data_dir / batch / "crm_customers.csv").drop_duplicates("customer_id")
    cancel = pd.to_datetime(crm.set_index("customer_id")["cancel_date"].replace("", None),
                            format="mixed").dropna()
    endings = accounts.ending_of(events[events["event_date"] <= as_of])
    if batch == "next_quarter":
        cancel = cancel[cancel >= "2026-01-01"]
        endings = endings[endings["event_date"] >= "2026-01-01"]
    assert events[events["event"].isin(accounts.ENDINGS)]["customer_id"].is_unique
    assert set(cancel.index) == set(endings.index)
    assert (endings.loc[cancel.index, "event_date"] == cancel).all()


def test_failed_payments_are_the_billing_databases_failed_invoices(data_dir, events):
    con = sqlite3.connect(data_dir / "history" / "billing.sqlite")
    failed = pd.read_sql_query("SELECT invoice_id, customer_id, issued_at FROM invoices "
                               "WHERE status = 'failed'", con)
    con.close()
    logged = events[(events["event"] == "payment_failed") & (events["event_date"] < "2026-01-01")]
    assert sorted(logged["detail"]) == sorted("invoice " + failed["invoice_id"].astype(str))
    by_invoice = logged.set_index("detail")
    one = failed.iloc[0]
    assert by_invoice.loc[f"invoice {one.invoice_id}", "customer_id"] == one.customer_id


def test_a_lapse_follows_a_failed_payment_and_a_pause_closes_when_it_runs_out(events):
    failed = events[events["event"] == "payment_failed"]
    months = set(zip(failed["customer_id"], failed["event_date"].dt.to_period("M")))
    for row in events[events["event"] == "lapsed"].itertuples():
        month = row.event_date.to_period("M")
        assert (row.customer_id, month) in months or (row.customer_id, month - 1) in months
    paused = events[events["event"] == "paused"].set_index("customer_id")
    until = pd.to_datetime(paused["detail"].str.removeprefix("until "))
    assert ((until - paused["event_date"]).dt.days.between(28, 92)).all()
    closed = events[events["event"] == "closed"].set_index("customer_id")["event_date"]
    assert (closed == until.loc[closed.index]).all()
    assert set(closed.index) == set(until[until <= "2026-03-31"].index)
    assert len(paused) > 20 and (events["event"] == "lapsed").sum() > 20


def test_reading_data_made_before_account_events_says_what_to_do(tmp_path):
    (tmp_path / "history").mkdir()
    with pytest.raises(ingest.SourceError, match="Generate it again"):
        accounts.read_account_events(tmp_path)
