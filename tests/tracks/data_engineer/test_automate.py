"""DE-7, automate the pipeline: the reference flow (Dagster, in process, an in-memory
instance) retries a transient failure and gives up on a dead source, a broken month stops the
run before anything is written, a backfill ends with the incremental store, and the hand-over
picture is drawn from the run records; the exercises' mistakes each lose their own part."""

from __future__ import annotations

import matplotlib
import pandas as pd
import pytest

from dsroles.checks.registry import get_exercise
from dsroles.churn import monthly
from dsroles.tracks.data_engineer import data, flow, flow_plot

from tracks.data_engineer.answers_automate import ANSWERS

SEED = 42
MONTHS = flow.months("2025-09", "2026-01")
OUTAGES = {"2025-09": 2, "2025-10": 99}   # a transient failure, then a dead source


def _flow(store, instance=None):
    source = monthly.MonthlySource(data.data_dir(SEED), fail_first=OUTAGES)
    return source, flow.build_flow(source, store, policy=flow.retry_policy(max_retries=3, delay=0),
                                   first=MONTHS[0], last=MONTHS[-1], instance=instance)


@pytest.fixture(scope="module")
def incremental(tmp_path_factory):
    """The months run one by one, as the schedule would."""
    source, pipeline = _flow(tmp_path_factory.mktemp("incremental"))
    results = {m: flow.run_month(pipeline, m) for m in MONTHS}
    return source, pipeline, results


def _row(pipeline, month):
    history = flow.run_history(pipeline.instance)
    return history[history["month"] == month].iloc[0]


def test_a_transient_failure_is_retried_and_the_month_stored(incremental):
    source, pipeline, results = incremental
    assert results["2025-09"].success
    assert source.reads["2025-09"] == 3
    row = _row(pipeline, "2025-09")
    assert (row["outcome"], row["retries"]) == ("retried", 2)
    assert monthly.month_file(pipeline.store, "2025-09").exists()


def test_a_dead_source_is_given_up_after_the_policy_s_attempts(incremental):
    source, pipeline, results = incremental
    assert not results["2025-10"].success
    assert source.reads["2025-10"] == 4            # 1 read + 3 retries, then no more
    assert _row(pipeline, "2025-10")["why"] == "source gave up after its retries"
    assert not monthly.month_file(pipeline.store, "2025-10").exists()


def test_a_broken_contract_stops_the_run_before_anything_is_written(incremental):
    _, pipeline, results = incremental
    result = results["2026-01"]
    assert not result.success
    evaluation = result.get_asset_check_evaluations()[0]
    assert evaluation.check_name == "billing_contract" and not evaluation.passed
    assert _row(pipeline, "2026-01")["why"] == "contract broken: nothing written"
    assert not monthly.month_file(pipeline.store, "2026-01").exists()
    stored = [e.step_key for e in result.get_step_success_events()]
    assert stored == ["billing_month"]


def test_a_backfill_newest_first_ends_with_the_incremental_store(incremental, tmp_path):
    _, pipeline, _ = incremental
    _, again = _flow(tmp_path, instance=pipeline.instance)
    outcome = flow.backfill(again, MONTHS)
    assert outcome == {"2026-01": False, "2025-12": True, "2025-11": True, "2025-10": False,
                       "2025-09": True}
    assert list(outcome) == sorted(MONTHS, reverse=True)
    flow.run_month(again, "2025-11")               # a month run twice changes nothing
    pd.testing.assert_frame_equal(monthly.read_store(tmp_path), monthly.read_store(pipeline.store))
    assert len(flow.run_history(pipeline.instance)) == 2 * len(MONTHS) + 1


def test_the_flow_is_scheduled_each_month_and_its_graph_read_from_dagster(incremental):
    _, pipeline, _ = incremental
    assert pipeline.schedule.cron_schedule == "0 6 1 * *"
    assert flow.graph(pipeline) == {
        "billing_month": ([], ["billing_contract"]),
        "stored_month": (["billing_month"], []),
        "month_summary": (["stored_month"], []),
        "failed_payments_month": (["stored_month"], []),
    }


def test_the_hand_over_picture_shows_the_dag_and_every_run(incremental):
    matplotlib.use("Agg")
    _, pipeline, _ = incremental
    history = flow.run_history(pipeline.instance)
    fig = flow_plot.plot(flow.graph(pipeline), history)
    dag, runs = fig.axes
    labels = " ".join(t.get_text() for t in dag.texts).replace("\n", "")
    assert all(name in labels for name in flow.graph(pipeline))
    assert sum(len(c.get_offsets()) for c in runs.collections) == len(history)
    assert {t.get_text() for t in runs.get_legend().get_texts()} == set(flow_plot.COLOURS)


def test_the_depth_of_each_asset():
    dag = {"a": ([], []), "b": (["a"], []), "c": (["b"], []), "d": (["a", "c"], [])}
    assert flow_plot.layers(dag) == {"a": 0, "b": 1, "c": 2, "d": 3}


def test_the_flaky_months_come_from_the_seed():
    months = flow.months()
    assert monthly.flaky_months(months, 1) == monthly.flaky_months(months, 1)
    assert monthly.flaky_months(months, 1) != monthly.flaky_months(months, 2)
    assert set(monthly.flaky_months(months, 1).values()) <= {1, 2}


# -- the exercises: each mistake loses its own part, and says why ----------------------------
def _result(exercise_id, label):
    exercise = get_exercise(exercise_id)
    factory = ANSWERS[exercise_id].wrong[label]
    seed = {"seed": SEED} if exercise.context_names else {}
    answer = factory(SEED) if exercise_id.startswith("de_exam") else factory()
    return exercise.evaluate(answer, **seed)


@pytest.mark.parametrize("exercise_id, label, share, words", [
    ("de_exam.retry_policy", "one retry too few", 2 / 3, "a retry of its own"),
    ("de_exam.retry_policy", "attempts as retries", 2 / 3, "counts as an attempt"),
    ("de_exam.retry_policy", "fixed delay", 2 / 3, "waits do not grow"),
    ("de_exam.publish_month", "appends", 2 / 4, "more than once"),
    ("de_exam.publish_month", "writes, then checks", 3 / 4, "before writing anything"),
    ("de_exam.publish_month", "skips quietly", 3 / 4, "must fail the run"),
    ("de_exam.publish_month", "keeps the first delivery", 3 / 4, "newest delivery"),
    ("de.contract_check", "amounts only", 3 / 4, "'biennial'"),
    ("de.contract_check", "contract types only", 3 / 4, "in pence"),
])
def test_each_mistake_loses_its_share_and_names_it(exercise_id, label, share, words):
    result = _result(exercise_id, label)
    assert result.fraction == pytest.approx(share)
    assert words in result.message
