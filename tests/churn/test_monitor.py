"""Drift statistics: PSI and KS on hand-made arrays, then on the next-quarter batches.

Measured on seeds 0, 1, 3, 7, 40-47 and 42 (history snapshots against next-quarter
snapshots): the drifted batch gives monthly_charges PSI 8.7-10.6 and contract PSI
2.7-3.1; on the clean batch (``drift=False``) the largest PSI of any model feature is
region's 0.16-0.20 (its 'unknown' share, from the history export's blanks, is absent in
the next quarter), then payment_method 0.09-0.12 and tenure_months 0.07-0.11 (the
customer base ages). Thresholds below leave that margin.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dsroles.churn import monitor
from dsroles.churn.features import MODEL_FEATURES


@pytest.fixture(scope="module")
def normal():
    return np.random.default_rng(0).normal(size=5000)


# -- the statistics on hand-made arrays -------------------------------------------------

def test_identical_samples_have_zero_psi_and_ks(normal):
    """Does a sample compared with itself give PSI 0 and KS statistic 0?"""
    assert monitor.psi_numeric(normal, normal) == pytest.approx(0.0, abs=1e-12)
    assert monitor.ks(normal, normal) == (0.0, 1.0)
    cats = np.array(["a", "b", "b", "c"] * 100)
    assert monitor.psi_categorical(cats, cats) == pytest.approx(0.0, abs=1e-12)


def test_two_samples_of_one_distribution_have_small_psi(normal):
    """Do two independent samples of the same distribution stay under the 'moderate' line?"""
    other = np.random.default_rng(1).normal(size=5000)
    assert monitor.psi_numeric(normal, other) < 0.02
    assert monitor.ks(normal, other)[1] > 0.01


def test_psi_and_ks_grow_with_the_shift(normal):
    """Are PSI and the KS statistic monotone in the size of a shift, and large for a big one?"""
    shifts = [0.0, 0.1, 0.25, 0.5, 1.0, 2.0]
    psis = [monitor.psi_numeric(normal, normal + s) for s in shifts]
    stats = [monitor.ks(normal, normal + s)[0] for s in shifts]
    assert psis == sorted(psis) and len(set(psis)) == len(psis)
    assert stats == sorted(stats) and len(set(stats)) == len(stats)
    assert psis[1] < monitor.MODERATE and psis[-2] > monitor.MAJOR and psis[-1] > 1.0
    assert monitor.ks(normal, normal + 1.0)[1] < 1e-6


def test_values_beyond_the_reference_give_a_finite_large_psi(normal):
    """Does a batch entirely outside the reference's range give a large but finite PSI?"""
    psi = monitor.psi_numeric(normal, normal * 100 + 1000)
    assert np.isfinite(psi) and psi > 5


def test_repeated_values_merge_bin_edges():
    """Does a count that is mostly zero get one bin per distinct quantile, not empty bins?"""
    counts = np.array([0] * 80 + [1] * 15 + [2] * 5)
    assert list(monitor.quantile_edges(counts)) == [0.0, 1.0]
    assert monitor.psi_numeric(counts, counts) == pytest.approx(0.0, abs=1e-12)
    assert monitor.psi_numeric(counts, np.array([0] * 50 + [1] * 50)) > monitor.MAJOR


def test_missing_values_count_as_their_own_bin(normal):
    """Does a batch where a quarter of the values went missing show as drift?"""
    current = normal.copy()
    current[: len(current) // 4] = np.nan
    assert monitor.psi_numeric(normal, current) > monitor.MAJOR
    assert monitor.ks(normal, current)[0] < 0.05  # KS only sees the values that are there


def test_a_new_category_is_counted():
    """Does a category the reference never had raise the PSI and show in the note?"""
    ref = pd.Series(["monthly"] * 50 + ["annual"] * 30 + ["two_year"] * 20)
    cur = ref.replace("two_year", "biennial")
    assert monitor.psi_categorical(ref, cur) > monitor.MAJOR
    report = monitor.drift_report(pd.DataFrame({"contract": ref}), pd.DataFrame({"contract": cur}),
                                  features=["contract"])
    assert "new 'biennial' (20%)" in report.loc[0, "note"]
    assert "renamed" in report.loc[0, "note"]


@pytest.mark.parametrize("psi, expected", [
    (0.0, "none"), (0.099, "none"), (0.1, "moderate"), (0.25, "moderate"), (0.2501, "major"),
])
def test_levels(psi, expected):
    """Are the PSI levels cut at 0.1 and 0.25?"""
    assert monitor.level(psi) == expected


def test_report_names_missing_features():
    """Does asking for a feature one table lacks say which and what to do?"""
    with pytest.raises(KeyError, match="tenure_months"):
        monitor.drift_report(pd.DataFrame({"a": [1]}), pd.DataFrame({"a": [1]}),
                             features=["a", "tenure_months"])


def test_segment_table_finds_the_under_predicted_segment():
    """Does the segment where churn runs above the predictions come first, with its ratio?"""
    table = pd.DataFrame({"region": ["north"] * 100 + ["south"] * 100,
                          "churned": [1] * 10 + [0] * 90 + [1] * 30 + [0] * 70})
    seg = monitor.performance_by_segment(table, np.full(200, 0.1), by="region")
    assert list(seg["region"]) == ["south", "north"]
    assert seg.loc[0, "ratio"] == pytest.approx(3.0) and seg.loc[0, "excess"] == pytest.approx(20)
    assert seg.loc[1, "ratio"] == pytest.approx(1.0)
    with pytest.raises(ValueError, match="score every row"):
        monitor.performance_by_segment(table, np.zeros(5), by="region")


# -- the next-quarter batches ---------------------------------------------------------

@pytest.fixture(scope="module")
def reference(history_tables):
    return history_tables.snapshots


@pytest.fixture(scope="module")
def drifted(data_dir):
    return monitor.next_quarter_snapshots(data_dir)


@pytest.fixture(scope="module")
def repaired(drifted):
    """The next quarter with its pipeline bug undone (pence to pounds, the old contract name)."""
    return drifted.assign(monthly_charges=drifted["monthly_charges"] / 100,
                          contract=drifted["contract"].replace("biennial", "two_year"))


@pytest.fixture(scope="module")
def clean_next_quarter(clean_data_dir):
    return monitor.next_quarter_snapshots(clean_data_dir)


@pytest.fixture(scope="module")
def clean_reference(clean_data_dir):
    """The clean data's own history (its usage events differ from the drifted data's)."""
    from dsroles.churn.pipeline import feature_table

    return feature_table(clean_data_dir).snapshots


def test_next_quarter_batch_is_flagged(reference, drifted):
    """Does the bugged next quarter show major drift in charges (a unit change) and contract?"""
    report = monitor.drift_report(reference, drifted).set_index("feature")
    assert monitor.has_drifted(report)
    assert report.loc["monthly_charges", "level"] == "major"
    assert report.loc["monthly_charges", "psi"] > 5
    assert "unit change" in report.loc["monthly_charges", "note"]
    assert report.loc["monthly_charges", "ks_statistic"] == pytest.approx(1.0)
    assert report.loc["contract", "level"] == "major"
    assert "new 'biennial'" in report.loc["contract", "note"]


def test_fresh_clean_batch_is_not_flagged(clean_reference, clean_next_quarter):
    """Does a next quarter without drift or bug show no major drift on any model feature?"""
    report = monitor.drift_report(clean_reference, clean_next_quarter)
    assert list(report["feature"]) == MODEL_FEATURES
    assert not monitor.has_drifted(report), report[report["level"] == "major"]
    assert report["psi"].max() < 0.22  # measured: at most 0.20 over 12 seeds (region)


def test_price_rise_shows_once_the_bug_is_undone(reference, repaired):
    """With the bug undone, is the +2.00 price rise still a major drift and contract back to none?"""
    report = monitor.drift_report(reference, repaired).set_index("feature")
    assert report.loc["monthly_charges", "level"] == "major"
    assert "13.99 -> 15.99" in report.loc["monthly_charges", "note"]
    assert report.loc["contract", "level"] == "none"


def test_competitor_shows_in_south_monthly_only(trained, repaired, clean_next_quarter):
    """Once labels arrive, do south + monthly customers churn far above the predictions,
    and not in the clean batch?"""
    def segments(table):
        scores = trained.model.predict_proba(table[MODEL_FEATURES])[:, 1]
        seg = monitor.performance_by_segment(table, scores)
        return seg.set_index(["region", "contract"])

    drifted = segments(repaired)
    assert drifted.index[0] == ("south", "monthly")
    assert drifted.loc[("south", "monthly"), "ratio"] > 2
    assert drifted.loc[("south", "monthly"), "excess"] > 20
    clean = segments(clean_next_quarter)
    assert clean.loc[("south", "monthly"), "ratio"] < 2
    assert clean.loc[("south", "monthly"), "excess"] < 15


def test_psi_table_prints_both_batches(monkeypatch, data_dir, clean_data_dir, capsys):
    """Does `python -m dsroles.churn.monitor` print PSI for the drifted and the clean batch?"""
    from dsroles.churn import data

    monkeypatch.setattr(data, "project_data",
                        lambda seed, customers, drift: data_dir if drift else clean_data_dir)
    assert monitor.main(["--seeds", "42"]) == 0
    lines = {line.split()[0]: line.split()[1:] for line in capsys.readouterr().out.splitlines()}
    drifted, clean = map(float, lines["monthly_charges"])
    assert drifted > monitor.MAJOR > clean
    assert set(MODEL_FEATURES) <= set(lines)
