"""dsroles.churn.volume: DuckDB and pandas aggregate the usage events to the same table."""

from __future__ import annotations

import pandas as pd
import pytest

from dsroles.churn import clean, features, ingest, volume


def test_duckdb_and_pandas_agree_with_the_pipeline(data_dir):
    """Do both aggregations give the table the pipeline's monthly_usage gives, with a memory budget?"""
    path = data_dir / "history" / "usage_events.parquet"
    by_pandas = volume.usage_pandas(path)
    by_duckdb = volume.usage_duckdb(path, threads=1, memory_limit="200MB")
    pd.testing.assert_frame_equal(by_pandas, by_duckdb)
    assert list(by_pandas.columns) == volume.COLUMNS
    reference = features.monthly_usage(clean.clean_events(ingest.read_events(path)))
    assert by_pandas["seconds"].tolist() == reference["seconds"].tolist()
    assert by_pandas["sessions"].tolist() == reference["sessions"].tolist()


def test_negative_and_replayed_events_are_left_out(tmp_path):
    """Are a replayed event counted once and a negative duration not at all, in both engines?"""
    events = pd.DataFrame({
        "event_id": [1, 2, 2, 3, 4],
        "customer_id": ["C100001"] * 4 + ["C100002"],
        "session_id": [10, 11, 11, 12, 20],
        "ts": pd.to_datetime(["2025-01-03 10:00", "2025-01-04 10:00", "2025-01-04 10:00",
                              "2025-01-05 10:00", "2025-02-01 00:00"]),
        "device": ["tv"] * 5,
        "seconds": [600, 300, 300, -50, 120],
    })
    path = tmp_path / "events.parquet"
    events.to_parquet(path, index=False)
    for fn in (volume.usage_pandas, volume.usage_duckdb):
        out = fn(path)
        assert out.to_dict("list") == {"customer_id": ["C100001", "C100002"],
                                       "month": ["2025-01", "2025-02"],
                                       "sessions": [2, 1], "seconds": [900, 120]}, fn.__name__


@pytest.mark.parametrize("fn", [volume.usage_pandas, volume.usage_duckdb])
def test_missing_file_says_what_to_do(fn, tmp_path):
    """Does a missing events file give a SourceError that says how to make the data?"""
    with pytest.raises(ingest.SourceError, match="project_data"):
        fn(tmp_path / "nope.parquet")
