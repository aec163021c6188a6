"""Data tier: the profiling-consent file, and proof that adding it changed no other file."""

from __future__ import annotations

import hashlib
import sqlite3

import pandas as pd
import pytest

from dsroles.churn import consent
from dsroles.churn.generate import generate_sources
from dsroles.churn.ingest import read_crm

# Seed 7, 200 customers: every file but consent.csv, as generator version 5 writes them
# (re-recorded when version 5's payment provider switch changed the world on purpose;
# version 2, before consent.csv, wrote the same as version 4).
# Text files by their bytes; the SQLite and Parquet files by their content (every table read
# back and written as CSV), which does not depend on the sqlite or pyarrow build.
BEFORE_CONSENT = {
    "answer_key.json": "1342a6eba42e3ad8cb87be2ea6febd95387ad76b6a048d7ab43d3e35fc941163",
    "business.json": "d8c27b94efb3e53d460c98c2c52ae0cbcd64429d9fc55f7d90339487b361ae7b",
    "history/billing.sqlite": "a322210475ecaa7c249196508af2e39919d0ffcf81975d14179077342802ab88",
    "history/crm_customers.csv": "52e5fbf71b12f10dbe4c7a5095f4a6218c01183acf78bcee772877f94c636434",
    "history/support_tickets.jsonl": "9b659ffc5bb35ab03c0d55ab69021794adb722971a4190311f4c551597afb6a6",
    "history/usage_events.parquet": "f7f867e6c6929e4e1dbb7776ccca21c039c6dd9c3cae685a50d0d8ebfef873bf",
    "next_quarter/billing.sqlite": "7a862919cca66d580bcbd179fab4108b4f3ba1e5bb4892401b2d13ac2f6a5cea",
    "next_quarter/crm_customers.csv": "691ce25bed3d6d56db234626b4510b40c8cc2a56ccfe758201c1a8ebb635a848",
    "next_quarter/support_tickets.jsonl": "eff36a77213f3ca47a7ebdf74ac64081ef90b1142b5738d5059d238647303e93",
    "next_quarter/usage_events.parquet": "14d1af0cacb69d2a0b18f4e9155e2655eb0448c56cea58bfa3d86781d29efd0a",
}


def _content_hash(path) -> str:
    if path.suffix == ".parquet":
        text = pd.read_parquet(path).to_csv(index=False)
    elif path.suffix == ".sqlite":
        with sqlite3.connect(path) as con:
            text = "".join(pd.read_sql(f"SELECT * FROM {t}", con).to_csv(index=False)
                           for t in ("plans", "invoices"))
        con.close()
    else:
        text = path.read_text()
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    folder = tmp_path_factory.mktemp("consent-seed7")
    return folder, generate_sources(folder, 7, 200)


def test_every_file_that_existed_before_the_consent_file_is_unchanged(small):
    """Did adding consent.csv leave every other file of an existing seed as it was?"""
    folder, manifest = small
    added = {f"{batch}/{consent.CONSENT_FILE}" for batch in consent.AS_OF}
    assert set(BEFORE_CONSENT) | added <= set(manifest["sha256"])  # others may add files too
    changed = [name for name, digest in BEFORE_CONSENT.items()
               if _content_hash(folder / name) != digest]
    assert changed == []


@pytest.mark.parametrize("batch", sorted(consent.AS_OF))
def test_one_row_per_customer_of_the_batch_with_a_known_state(data_dir, batch):
    """Does each batch's file hold every customer of its CRM export once, in a known state?"""
    table = consent.read_consent(data_dir / batch / consent.CONSENT_FILE)
    crm_ids = set(read_crm(data_dir / batch / "crm_customers.csv")["customer_id"])
    assert table["customer_id"].is_unique and set(table["customer_id"]) == crm_ids
    assert set(table["profiling_consent"]) == set(consent.STATES) | {""}
    assert (table["updated_on"].isna() == (table["profiling_consent"] == "")).all()
    assert (table["updated_on"].dropna() <= pd.Timestamp(consent.AS_OF[batch])).all()


def test_the_next_quarter_agrees_with_the_history(data_dir):
    """Between the two exports, can a grant only turn into a withdrawal, and nothing else?"""
    read = lambda b: consent.read_consent(data_dir / b / consent.CONSENT_FILE)  # noqa: E731
    both = read("history").merge(read("next_quarter"), on="customer_id", suffixes=("_h", "_n"))
    moved = both[both["profiling_consent_h"] != both["profiling_consent_n"]]
    assert len(both) > 1000 and len(moved) > 0
    assert set(zip(moved["profiling_consent_h"], moved["profiling_consent_n"])) == {
        ("granted", "withdrawn")}
    assert (moved["updated_on_n"] > pd.Timestamp(consent.AS_OF["history"])).all()


def test_only_an_explicit_grant_allows_profiling():
    states = pd.Series(["granted", " Granted", "refused", "withdrawn", "", None])
    assert consent.may_profile(states).tolist() == [True, True, False, False, False, False]


def test_an_export_lists_a_duplicated_customer_once_and_applies_its_date():
    """Does a customer listed twice (the CRM's duplicates) get one row, in the state of that date?"""
    customers = pd.DataFrame({
        "customer_id": ["C1", "C2", "C3"],
        "signup_date": pd.to_datetime(["2023-01-05", "2025-02-01", "2025-03-01"]),
        "cancel_date": pd.to_datetime([None, None, "2025-06-30"]),
    })
    latent = consent.latent_answers(customers, 3).assign(
        answer=["granted", "granted", "granted"],
        withdrawn_on=pd.to_datetime(["2025-10-01", "2026-02-01", "2025-08-01"]))
    table = consent.export(latent, ["C2", "C1", "C2", "C3"], "2025-12-31").set_index("customer_id")
    assert list(table.index) == ["C1", "C2", "C3"]
    # withdrawn before the export; withdrawn only after it; "withdrawn" after cancelling: never
    assert table["profiling_consent"].tolist() == ["withdrawn", "granted", "granted"]
    assert table.loc["C1", "updated_on"] == "2025-10-01"
