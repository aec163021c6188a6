"""The reference chain end to end under papermill, and what its report and grade say."""

from __future__ import annotations

import json

from dsroles.capstone import grade, outcome
from dsroles.capstone.stages import STAGES


def test_the_reference_chain_runs_every_stage_and_meets_every_contract(reference_run):
    result, _ = reference_run
    assert result.status == "complete", result.message()
    assert [s.stage for s in result.stages] == [s.name for s in STAGES]
    assert all(s.status == "passed" and s.seconds > 0 for s in result.stages)
    for stage in STAGES:
        assert (result.run_dir / "notebooks" / stage.notebook).is_file()


def test_the_notebooks_outcome_is_the_reference_outcome_computed_in_process(reference_run):
    result, report = reference_run
    team, reference = report["outcome"]["team"], outcome.reference(result.seed)
    assert team == reference
    assert report["outcome"]["difference"] == 0
    assert team["decision"] in ("go", "no-go") and team["offers"] > 0


def test_the_report_shows_times_numbers_alerts_flags_and_the_decision(reference_run):
    result, report = reference_run
    on_disk = json.loads((result.run_dir / "report.json").read_text())
    assert on_disk["status"] == "complete"
    numbers = {s["stage"]: s["numbers"] for s in on_disk["stages"]}
    assert 0.55 < numbers["model"]["auc"] < 0.9
    assert numbers["service"]["delivered_refused"] is True
    assert {a["kind"] for a in on_disk["alerts"]} >= {"schema"}
    causes = {f["suspected_cause"] for f in on_disk["flags"]}
    assert causes >= {"pipeline_bug", "covariate_drift", "concept_drift"}
    assert on_disk["decision"]["decision"] in ("go", "no-go")
    page = (result.run_dir / "report.html").read_text()
    assert all(s.name in page for s in STAGES) and "reference" in page


def test_grading_the_reference_run_gives_full_marks(reference_run, tmp_path):
    result, _ = reference_run
    team = grade.grade(result.run_dir, team="kestrels")
    assert team["score"] == team["max"] == 100
    assert team["format"] == grade.FORMAT and team["team"] == "kestrels"
    path = grade.write(team, tmp_path / "team.json")
    assert json.loads(path.read_text())["score"] == 100


def test_the_outcome_points_fall_with_the_shortfall():
    assert grade.outcome_points(10.0, 0.0) == grade.OUTCOME_POINTS
    assert grade.outcome_points(-grade.OUTCOME_SCALE / 2, 0.0) == grade.OUTCOME_POINTS / 2
    assert grade.outcome_points(-10 * grade.OUTCOME_SCALE, 0.0) == 0
    assert grade.outcome_points(None, 0.0) == 0
