"""Do the release history and the alert routing hold their edge cases on every seed?"""

import json

import pytest

from dsroles.tracks.product_engineer import monitoring, releases


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 42])
def test_every_seed_replays_each_kind_of_step(seed):
    """Are a refusal, a promotion, a re-promotion of the live model and a refused rollback
    in every seed's history?"""
    steps = releases.history_steps(seed)
    parts = [part for part, *_ in steps]
    assert parts.count("refuse") == 4 and parts.count("promote") == 3
    assert any(after is None for part, _, _, _, after in steps if part == "rollback")
    repromoted = [(before, after) for part, _, kind, before, after in steps if kind == "good" and part == "promote"]
    assert repromoted[-1][0] == repromoted[-1][1]


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_the_gate_refuses_each_bad_kind_and_passes_the_good(seed):
    c = releases.candidates(seed)
    assert releases.release_gate(c["good"], c["first"]) == []
    for kind in ("leaky", "miscalibrated", "unfair"):
        assert releases.release_gate(c[kind], c["good"]), kind
    assert releases.release_gate(c["worse"], c["good"])


def test_alerts_go_through_the_seam(tmp_path, monkeypatch):
    """Does route_alert write the owner's outbox, and can the flag store be plugged in?"""
    monkeypatch.setenv("DSROLES_HOME", str(tmp_path))
    monitoring.route_alert({"feature": "contract", "kind": "schema"}, "data_engineer")
    line = (tmp_path / "alerts" / "data_engineer.jsonl").read_text().strip()
    assert json.loads(line)["feature"] == "contract"
    got = []
    monitoring.set_router(lambda alert, owner: got.append((owner, alert["feature"])))
    try:
        monitoring.route_alert({"feature": "region"}, "data_scientist")
    finally:
        monitoring.set_router(None)
    assert got == [("data_scientist", "region")]


def test_the_february_batch_is_a_schema_change_and_january_is_not():
    from dsroles.tracks.product_engineer import data

    reference, batches = data.reference_table(42), data.incoming_batches(42)
    assert monitoring.schema_changed(reference, batches["2026-02"], "contract")
    assert monitoring.schema_changed(reference, batches["2026-02"], "monthly_charges")
    assert not monitoring.schema_changed(reference, batches["2026-01"], "monthly_charges")
