"""Code tier: the generator is seeded, documented and complete."""

from __future__ import annotations

import json

import pytest

from dsroles.churn import params as P
from dsroles.churn.generate import SOURCES, generate_sources


def test_same_seed_gives_byte_identical_sources(data_dir, tmp_path):
    """Does the same seed reproduce every file byte for byte?"""
    again = generate_sources(tmp_path / "again", P.DEFAULT_SEED)
    first = json.loads((data_dir / "manifest.json").read_text())
    assert again["sha256"] == first["sha256"]
    for name in first["sha256"]:
        assert (tmp_path / "again" / name).read_bytes() == (data_dir / name).read_bytes(), name


def test_another_seed_gives_other_data(data_dir, tmp_path):
    """Does a different seed change every raw source?"""
    other = generate_sources(tmp_path / "other", P.DEFAULT_SEED + 1)
    first = json.loads((data_dir / "manifest.json").read_text())
    for batch in ("history", "next_quarter"):
        for source in SOURCES:
            name = f"{batch}/{source}"
            assert other["sha256"][name] != first["sha256"][name], name


def test_manifest_lists_every_file_with_its_hash(data_dir):
    """Does manifest.json name every file the generator wrote?"""
    manifest = json.loads((data_dir / "manifest.json").read_text())
    written = {p.relative_to(data_dir).as_posix() for p in data_dir.rglob("*")
               if p.is_file() and p.name != "manifest.json"}
    assert set(manifest["sha256"]) == written
    assert {f"history/{s}" for s in SOURCES} <= written
    assert {f"next_quarter/{s}" for s in SOURCES} <= written


def test_crm_export_holds_pii_and_protected_attributes(data_dir):
    """Does the raw CRM carry the personal data the business owner must keep out?"""
    from dsroles.churn.ingest import read_crm

    crm = read_crm(data_dir / "history" / "crm_customers.csv")
    for column in P.PII_COLUMNS + ("gender", "marketing_consent", P.LEAKAGE_COLUMN):
        assert column in crm.columns
    assert crm["email"].str.contains("@example.", case=False, regex=False).all()
    assert crm["phone"].str.match(r"^07700 900\d{3}$").all()


def test_tickets_free_text_contains_contact_details(data_dir):
    """Do some support tickets contain e-mail addresses and phone numbers in the text?"""
    from dsroles.churn.ingest import read_tickets
    from dsroles.churn.pii import EMAIL, PHONE

    text = read_tickets(data_dir / "history" / "support_tickets.jsonl")["text"]
    assert text.str.contains(EMAIL).mean() > 0.1
    assert text.str.contains(PHONE).mean() > 0.1


def test_usage_scale_multiplies_events_but_keeps_monthly_totals(tmp_path):
    """Does --usage-scale add heartbeat events while the monthly usage stays the same?"""
    from dsroles.churn import features
    from dsroles.churn.ingest import read_events

    generate_sources(tmp_path / "x1", 5, 200)
    generate_sources(tmp_path / "x4", 5, 200, usage_scale=4)
    one = read_events(tmp_path / "x1" / "history" / "usage_events.parquet")
    four = read_events(tmp_path / "x4" / "history" / "usage_events.parquet")
    assert 3.9 * len(one) < len(four) < 4.1 * len(one)
    keep = lambda e: e[e["seconds"] >= 0].drop_duplicates("event_id")  # noqa: E731
    a = features.monthly_usage(keep(one)).set_index(["customer_id", "month"])
    b = features.monthly_usage(keep(four)).set_index(["customer_id", "month"])
    common = a.index.intersection(b.index)
    assert len(common) > 0.95 * len(a)
    assert (a.loc[common, "sessions"] == b.loc[common, "sessions"]).mean() > 0.97


@pytest.mark.parametrize("kwargs, message", [
    ({"seed": -1}, "seed must be"),
    ({"customers": 10}, "customers must be"),
    ({"customers": -5}, "customers must be"),
    ({"usage_scale": 0}, "usage_scale must be"),
])
def test_bad_arguments_are_refused_with_a_clear_message(tmp_path, kwargs, message):
    """Does the generator refuse impossible sizes before writing anything?"""
    args = {"seed": 1, "customers": 100} | kwargs
    with pytest.raises(ValueError, match=message):
        generate_sources(tmp_path / "out", args.pop("seed"), args.pop("customers"), **args)
    assert not (tmp_path / "out").exists()


def test_switching_drift_off_leaves_the_history_untouched(data_dir, clean_data_dir):
    """Is the 'fresh clean batch' the same 2025 as the drifted one, byte for byte?"""
    drifted = json.loads((data_dir / "manifest.json").read_text())["sha256"]
    clean = json.loads((clean_data_dir / "manifest.json").read_text())["sha256"]
    for source in SOURCES:
        assert drifted[f"history/{source}"] == clean[f"history/{source}"], source
    assert drifted["next_quarter/crm_customers.csv"] != clean["next_quarter/crm_customers.csv"]
