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
    "answer_key.json": "1e0003399b7ae2771e43e933339d570a75e5739a8f99ac7fc8aec3a10e597f94",
    "business.json": "d8c27b94efb3e53d460c98c2c52ae0cbcd64429d9fc55f7d90339487b361ae7b",
    "history/billing.sqlite": "ea1599a5dc2521d5e998e033a1e7396f6082282f45c295f7cd45a076c9792762",
    "history/crm_customers.csv": "652fa618df05daf7f2768dd3c737d69a243e0fa8582c222c3ae25c9eae6225a3",
    "history/support_tickets.jsonl": "5fbb85a4cb73837c5eeae8602f2439720d4998eaab6789975bb68384ff1fbce6",
    "history/usage_events.parquet": "6641244f7747530dbcd88748ef4efdd80a7b5d4449309682925e8706b5e72570",
    "next_quarter/billing.sqlite": "658968ebebd616b67b82b0b8b81d2ea67244fd8231f62af00be82c0bae5a439f",
    "next_quarter/crm_customers.csv": "d807c8c9d8d31b67a9033d2a4d0cc51e1e0c290fa900effabc288d5ad5ee2bd3",
    "next_quarter/support_tickets.jsonl": "23d6bcc6ddf1d34de14891d229838ec75103e09db1be70cb8726f0eae77bf54b",
    "next_quarter/usage_events.parquet": "3243ca79dfcc2c0401bf625b063c2b6bf82fdbbe07e16a08422fa40b2a5459e1",
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
