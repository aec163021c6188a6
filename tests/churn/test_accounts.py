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

# Recorded from generator version 2 (before account events, and the consent files, existed) with pyarrow 26.0.1,
# SQLite 3.40.1 and pandas 3.1.1: the SHA-256 of each file, and a digest of its content
# (parquet read back as CSV, SQLite as its SQL dump) that does not depend on those versions.
BEFORE = {
    (3, 200, True): {
        "answer_key.json": ("2e520544b43ca17aee371b13d7eee2859c4ce0fddd648ba60f6f515160a18f62", "2e520544b43ca17a"),
        "business.json": ("d8c27b94efb3e53d460c98c2c52ae0cbcd64429d9fc55f7d90339487b361ae7b", "d8c27b94efb3e53d"),
        "history/billing.sqlite": ("767e08eefc891a7cf9413b6ff1b98d5c02e27fd0f26c0dec649d65e94f6944e8", "9d226b71e489c163"),
        "history/crm_customers.csv": ("08dafee52efd6e608e664e913a5d7024c307716d67904b09d65c03ea9d568d30", "08dafee52efd6e60"),
        "history/support_tickets.jsonl": ("6e6c1b72e35561a80ab488f7f46dc9eff16f4c609780ae626c09250f94ca0146", "6e6c1b72e35561a8"),
        "history/usage_events.parquet": ("adbef75d525e6047c0ca41a969faf2aca8012691b1f57a572cb57b378099aa0c", "a32f5a1bb5b4680c"),
        "next_quarter/billing.sqlite": ("5eab09bb5a33c9fda4175d6af488c10a6af8bc7de4a86c1e2e196e0726c7ffea", "bd0964f9dfbfca48"),
        "next_quarter/crm_customers.csv": ("f5429006f70c991961c07f02e622ed0e6c462a511cc9ce6fb2d24cda97ab59a1", "f5429006f70c9919"),
        "next_quarter/support_tickets.jsonl": ("55d8ff108b5a9869d254b2ad2accd2dfee7e847a2ebbbf38ecc00935eaaf5c09", "55d8ff108b5a9869"),
        "next_quarter/usage_events.parquet": ("3ccd5f4359d29cfe0e2deeb9f4ad1f1504760ecc39f664ce3d1fe77fe0d5d691", "0b4ac7acba124497"),
    },
    (7, 120, False): {
        "answer_key.json": ("4efb3642661b3fe21b9e6524a47682085210a989c98b53a86496367162bb5a2d", "4efb3642661b3fe2"),
        "business.json": ("d8c27b94efb3e53d460c98c2c52ae0cbcd64429d9fc55f7d90339487b361ae7b", "d8c27b94efb3e53d"),
        "history/billing.sqlite": ("897817858d2a96246dfeadc72ea39c23e4598a466d397d774025489fbf6e3e8f", "1c8a11832f503c0b"),
        "history/crm_customers.csv": ("159926c80b5c617d500ba09826165cce7ec72b8b97f6b0a70289a83b052ab7f0", "159926c80b5c617d"),
        "history/support_tickets.jsonl": ("c263699261ac2cbda0d318223b4451e27d8e233871d9c8dd36d47ebaa766c6ce", "c263699261ac2cbd"),
        "history/usage_events.parquet": ("c6278a58cb64256d42720f234e757b0d4706e2f5edfe8f0f5be92bca2f4ae3f5", "70f6f8f5f000a81d"),
        "next_quarter/billing.sqlite": ("8b84e32654dd0b214d99c5bae2cb74774dff5df3ff23de3f55cbe349b9820bf1", "93df73e0548690af"),
        "next_quarter/crm_customers.csv": ("6f55780960e676223fc04fb6fcfc756650bd56abbf6f954345f88fea4838c2e7", "6f55780960e67622"),
        "next_quarter/support_tickets.jsonl": ("c6513bb280e5a34b7db1759f1cf702abb1f0709d96ab12b3e63ddc62ee46fe82", "c6513bb280e5a34b"),
        "next_quarter/usage_events.parquet": ("cb003c78f41d70c77928d0f23717845310430dc1231927bfa1ea004361e80644", "42b6f0420910ae59"),
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
    """Are the raw sources, answer key and money figures of a seed the bytes version 2 wrote?"""
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
