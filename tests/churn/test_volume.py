"""dsroles.churn.volume: DuckDB and pandas aggregate the usage events to the same table."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow.parquet as pq
import pytest

from dsroles.churn import clean, features, ingest, volume, volume_scale


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


def tiny_events() -> pd.DataFrame:
    """Five events: a replayed one, a negative duration, two customers, two months."""
    return pd.DataFrame({
        "event_id": [1, 2, 2, 3, 4],
        "customer_id": ["C100001"] * 4 + ["C100002"],
        "session_id": [10, 11, 11, 12, 20],
        "ts": pd.to_datetime(["2025-01-03 10:00", "2025-01-04 10:00", "2025-01-04 10:00",
                              "2025-01-05 10:00", "2025-02-01 00:00"]),
        "device": ["tv"] * 5,
        "seconds": [600, 300, 300, -50, 120],
    })


def test_negative_and_replayed_events_are_left_out(tmp_path):
    """Are a replayed event counted once and a negative duration not at all, in both engines?"""
    events = tiny_events()
    path = tmp_path / "events.parquet"
    events.to_parquet(path, index=False)
    for fn in (volume.usage_pandas, volume.usage_duckdb):
        out = fn(path)
        assert out.to_dict("list") == {"customer_id": ["C100001", "C100002"],
                                       "month": ["2025-01", "2025-02"],
                                       "sessions": [2, 1], "seconds": [900, 120]}, fn.__name__


def test_chunks_catch_a_replay_whose_original_is_in_an_earlier_batch(tmp_path):
    """Batches of two split the replayed event from its original: is it still counted once?"""
    path = tmp_path / "events.parquet"
    tiny_events().to_parquet(path, index=False)
    pd.testing.assert_frame_equal(volume.usage_chunked(path, batch_size=2), volume.usage_pandas(path))


def test_chunks_agree_with_pandas_on_the_generated_log(data_dir):
    """With sessions straddling batches, do the per-session partial sums give pandas' table?"""
    path = data_dir / "history" / "usage_events.parquet"
    pd.testing.assert_frame_equal(volume.usage_chunked(path, batch_size=40_000),
                                  volume.usage_pandas(path))


@pytest.mark.parametrize("fn", [volume.usage_pandas, volume.usage_duckdb, volume.usage_chunked])
def test_missing_file_says_what_to_do(fn, tmp_path):
    """Does a missing events file give a SourceError that says how to make the data?"""
    with pytest.raises(ingest.SourceError, match="project_data"):
        fn(tmp_path / "nope.parquet")


# -- a large file from the generated one, and contenders measured in their own process -------
@pytest.mark.parametrize("rows, events, expected", [
    (800, 10_000, (12, 1)), (800, 800, (1, 1)), (800, 1_100, (1, 1)), (800, 300, (1, 3)),
])
def test_plan_reaches_about_the_events_asked_for(rows, events, expected):
    """Are copies made above the log's size, and whole customers sampled below it?"""
    assert volume_scale.plan(rows, events) == expected


def test_plan_refuses_no_events():
    with pytest.raises(ValueError, match="positive"):
        volume_scale.plan(800, 0)


def test_copies_repeat_the_usage_table_with_every_defect(data_dir, tmp_path):
    """Is the usage table of a two-copy file the original's, once per copy, customers renamed?"""
    source = data_dir / "history" / "usage_events.parquet"
    rows = pq.ParquetFile(source).metadata.num_rows
    target = tmp_path / "twice.parquet"
    volume_scale.write_events(source, target, 2 * rows)
    assert pq.ParquetFile(target).metadata.num_rows == 2 * rows  # the replays are copied too
    original = volume.usage_duckdb(source)
    second = original.assign(customer_id=original["customer_id"] + "-1")
    expected = pd.concat([original, second]).sort_values(["customer_id", "month"], ignore_index=True)
    pd.testing.assert_frame_equal(volume.usage_duckdb(target), expected)


def test_a_small_file_keeps_whole_customers(data_dir, tmp_path):
    """Below the log's size, does every kept customer keep all of its usage?"""
    source = data_dir / "history" / "usage_events.parquet"
    target = tmp_path / "third.parquet"
    volume_scale.write_events(source, target, pq.ParquetFile(source).metadata.num_rows // 3)
    original = volume.usage_duckdb(source)
    kept = volume.usage_duckdb(target)
    assert 0 < kept["customer_id"].nunique() < original["customer_id"].nunique()
    expected = original[original["customer_id"].isin(kept["customer_id"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(kept, expected)


def test_contest_runs_a_contender_in_its_own_process(tmp_path):
    """Does a contender run in a child process give the in-process table, with a peak no
    lower than its start-up?"""
    path = tmp_path / "events.parquet"
    tiny_events().to_parquet(path, index=False)
    run = volume_scale.contest("duckdb", path, memory_limit="100MB", threads=1)
    pd.testing.assert_frame_equal(run.result, volume.usage_pandas(path))
    assert 0 < run.startup_mb <= run.peak_mb
    with pytest.raises(ValueError, match="unknown contender"):
        volume_scale.contest("spark", path)


@pytest.mark.parametrize("name", volume_scale.CONTENDERS)
def test_each_contender_writes_its_table_and_figures(name, tmp_path, capsys):
    """Does the child's entry point (run here in-process) write the table and print its figures?"""
    path, out = tmp_path / "events.parquet", tmp_path / "out.parquet"
    tiny_events().to_parquet(path, index=False)
    volume_scale._main([name, str(path), str(out), "--threads", "1"])
    figures = json.loads(capsys.readouterr().out)
    assert set(figures) == {"seconds", "peak_mb", "startup_mb"}
    pd.testing.assert_frame_equal(pd.read_parquet(out), volume.usage_pandas(path))


def test_a_failed_contender_says_which_and_why(tmp_path):
    with pytest.raises(RuntimeError, match="duckdb run failed.*project_data"):
        volume_scale.contest("duckdb", tmp_path / "nope.parquet")


def test_big_events_is_built_once_beside_the_log(data_dir, tmp_path, monkeypatch):
    """Is the file built under the log's folder the first time, and reused untouched after?"""
    from dsroles.churn import data

    folder = tmp_path / "seed42-x3"
    (folder / "history").mkdir(parents=True)
    (folder / "history" / "usage_events.parquet").symlink_to(data_dir / "history" / "usage_events.parquet")
    asked = []
    monkeypatch.setattr(data, "project_data", lambda seed, **kw: asked.append((seed, kw)) or folder)
    path = volume_scale.big_events(42, 1_000)
    assert path.parent == folder / "volume" and path.is_file()
    assert asked == [(42, {"usage_scale": volume_scale.SOURCE_SCALE, "root": None})]
    built = path.stat().st_mtime_ns
    assert volume_scale.big_events(42, 1_000) == path
    assert path.stat().st_mtime_ns == built
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left
