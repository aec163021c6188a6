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
        "answer_key.json": ("d25b439c3fa3186524fe848cf657e332bdd1f2e9b0752a0c9cca6a10b0aa12a0", "d25b439c3fa31865"),
        "business.json": ("d8c27b94efb3e53d460c98c2c52ae0cbcd64429d9fc55f7d90339487b361ae7b", "d8c27b94efb3e53d"),
        "history/billing.sqlite": ("9172c648078d59ee47b2bde1a63d8245838c218aa9a26cabb8d2aa378b800093", "eb9258e0320e15ce"),
        "history/crm_customers.csv": ("822c3b9865df98819a007e405e5aaaf182eb687e507a66ee7c62b1cc8cdff172", "822c3b9865df9881"),
        "history/support_tickets.jsonl": ("0c5bb1758fd1ecab9288bb58c3f3b208df3e1ebab8854219330766933d959149", "0c5bb1758fd1ecab"),
        "history/usage_events.parquet": ("a6e79b69c22547f2b5e196c91047567e75f3746a5792e244d019baf62f486a6f", "83430dc205a99c66"),
        "next_quarter/billing.sqlite": ("4420fa6a9c2aaae81c80538078e7b8a2f2277d08a2f727f1b0ffe0e00c38e494", "333843c684736585"),
        "next_quarter/crm_customers.csv": ("daf1dee608716a97b2e38f13a4c5599c6ad66da603537673b1c5842c38a15d75", "daf1dee608716a97"),
        "next_quarter/support_tickets.jsonl": ("808c21c18b5b939ea6fe6c89e5ef55f63ed2fc4c83afa9c4d58d8263612480d6", "808c21c18b5b939e"),
        "next_quarter/usage_events.parquet": ("221fecba453ddae6da7c497e9e3f6c6cff44ebc96a65d97eb6128810c956f110", "b74b8bd0d606e8a2"),
    },
    (7, 120, False): {
        "answer_key.json": ("ee94fe80631b7342412e80bd4b1913da906d91edc29a006af872b0eb4e66d729", "ee94fe80631b7342"),
        "business.json": ("d8c27b94efb3e53d460c98c2c52ae0cbcd64429d9fc55f7d90339487b361ae7b", "d8c27b94efb3e53d"),
        "history/billing.sqlite": ("944c7c3a6ebd242f27d8bc5149e4bae2fdac0ec05c83f683f01f54faa6e7ac3c", "15f2b7d1e625804c"),
        "history/crm_customers.csv": ("15c0d39d78c5a2cf90c37461aa0222c95c8599eee808480e92fdaa7d63702b4d", "15c0d39d78c5a2cf"),
        "history/support_tickets.jsonl": ("d0eb571d627dc420230c93f4c7c180e4e8e095409b9401b3f94b01f40f5b01c9", "d0eb571d627dc420"),
        "history/usage_events.parquet": ("668c4bc5c7903b9b5e748db4b2bfe4ba0c1dc2b8c0d6fc6c4955006d61426116", "329e0f88a746c43d"),
        "next_quarter/billing.sqlite": ("59018bde24527bf5b87c0b99a7e4d40dbc6478dc548e001dfbf053dd68db7c3a", "c00cfb177ca15dbe"),
        "next_quarter/crm_customers.csv": ("434f6f312f2cbdc40cfbc4449e3f57f49f768a3dfab90c842067594b4f7511bb", "434f6f312f2cbdc4"),
        "next_quarter/support_tickets.jsonl": ("b330f747240a90af6531edb2aa4de4eda5f592bb2c29a390e60bab5e0729591a", "b330f747240a90af"),
        "next_quarter/usage_events.parquet": ("60e53d854dd491d0359e76e24ece19e32606cf25d2b6f0543818bf838ddb51bb", "e35fbb2348ddfb4b"),
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
