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
        "answer_key.json": ("8ff34e70db72b64c4868c8657c1423a63336fc63b5c09f9d2b494c0bc3ac890c", "8ff34e70db72b64c"),
        "business.json": ("d8c27b94efb3e53d460c98c2c52ae0cbcd64429d9fc55f7d90339487b361ae7b", "d8c27b94efb3e53d"),
        "history/billing.sqlite": ("0ad985b8acedef3eb7d1a6dbef0ed8b86a2d43210bbd8e39f91675dfc0dc586c", "4f702ccec1e20784"),
        "history/crm_customers.csv": ("6e731c850ca4f36a4fda067f1aa80319d21a600cec60ce365a9065aa2d493d5f", "6e731c850ca4f36a"),
        "history/support_tickets.jsonl": ("abb11cc7cd77cce1ec541b18d83c336eeb5b1d01e9687cad6d2f68b8a2f718f6", "abb11cc7cd77cce1"),
        "history/usage_events.parquet": ("e6cc743e29c0861489b99286a38123877b7c108d955008f0076a62ee64efbc0c", "1121964e3282ead3"),
        "next_quarter/billing.sqlite": ("173e6cfe17382868a1d3271b3d5e0d5a7b7983da19c225d4d07231d71dc67ea1", "f63174b86475cf82"),
        "next_quarter/crm_customers.csv": ("9450188e6ade02f4cb6450d1ad4c47f007d74592b8ccd07c47202380bbdc9a0a", "9450188e6ade02f4"),
        "next_quarter/support_tickets.jsonl": ("05927c2caf7b9b1a1c8211d1eaf96c89161ce3190992d252003f72c4348823ae", "05927c2caf7b9b1a"),
        "next_quarter/usage_events.parquet": ("5edc3661cbbc97e87d4d7657d31bdbcbd193f3d28435eaa6943aecb3f44da271", "1347ccb1146b4f20"),
    },
    (7, 120, False): {
        "answer_key.json": ("1c967f7033051517a2921f7bea608fc3e766cbd55dea2fddf960c91ebf9b59f7", "1c967f7033051517"),
        "business.json": ("d8c27b94efb3e53d460c98c2c52ae0cbcd64429d9fc55f7d90339487b361ae7b", "d8c27b94efb3e53d"),
        "history/billing.sqlite": ("1d501b11ae35b8f2c516ba89a3f381392b8d6de1c8caeb77c3ee88844457313e", "3d052944e57ea466"),
        "history/crm_customers.csv": ("1e80b2a8908fbc02ef0412112eba37899ec413c5716e6528f64e29f589811c3f", "1e80b2a8908fbc02"),
        "history/support_tickets.jsonl": ("21f22bee86920a2ca6945ed74b900563e13167e43cfb605a6de8c4b1de774600", "21f22bee86920a2c"),
        "history/usage_events.parquet": ("0af97f939907e6131086f6b4d5ed4b9e2a3866889d3ab93b05d3010706251001", "84dc5c51d23caad1"),
        "next_quarter/billing.sqlite": ("e3227c647db05c5247ab4ce417a6fc80bcfd562c674d544f1686d98275c35d2b", "c8fcfa2ee47fae5c"),
        "next_quarter/crm_customers.csv": ("1c3d910130974073b3f51fec7e49ef573588c18ed311fe055c240c14ec7072dc", "1c3d910130974073"),
        "next_quarter/support_tickets.jsonl": ("10bd0ff8882cf82cb9a83588c36d024ecc340b238c50f37c6dd0ad673c2b2efc", "10bd0ff8882cf82c"),
        "next_quarter/usage_events.parquet": ("7914ca3e23e571822f367c72a54687aff7eeed5456edad59105b538807a34bac", "abeb4c720d84e514"),
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
