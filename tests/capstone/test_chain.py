"""The reference chain end to end under papermill (once per session), what its report and grade
say, one test per hand-over contract (a swapped-in stage breaks it; the run stops there with
the clause named and nothing downstream runs), and a correct stage written another way.

All in one file: ``make test`` runs a file's tests on one worker, so the reference chain runs
once. Each swapped-in notebook starts from a copy of the reference run (``start=STAGE``), so
only it runs: one small kernel each.
"""

from __future__ import annotations

import json

import pytest

from dsroles.capstone import chain, grade, outcome, report
from dsroles.cli import main
from dsroles.capstone.stages import BY_NAME, STAGES

from .conftest import SEED, stage_notebook


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


def test_grading_the_reference_run_gives_full_marks(reference_run, tmp_path, capsys):
    result, _ = reference_run
    team = grade.grade(result.run_dir, team="kestrels")
    assert team["score"] == team["max"] == 100
    assert team["format"] == grade.FORMAT and team["team"] == "kestrels"
    assert all(row["notebook"].endswith(f"{row['stage']}.ipynb") for row in team["stages"])
    path = grade.write(team, tmp_path / "team.json")
    assert grade.read_team_report(path)["score"] == 100
    assert grade.summary(grade.read_team_report(path)).startswith("Capstone (kestrels): 100 / 100")
    from team.test_team import ALL, write_profile  # `dsroles team` shows it beside the profiles

    assert main(["team", write_profile(tmp_path, "solo", **ALL), "--capstone", str(path)]) == 0
    assert "Capstone (kestrels): 100 / 100" in capsys.readouterr().out
    assert main(["team", write_profile(tmp_path, "solo", **ALL), "--capstone", str(tmp_path)]) == 2
    assert "not a readable team report" in capsys.readouterr().err


def test_the_outcome_points_fall_with_the_shortfall():
    assert grade.outcome_points(10.0, 0.0) == grade.OUTCOME_POINTS
    assert grade.outcome_points(-grade.OUTCOME_SCALE / 2, 0.0) == grade.OUTCOME_POINTS / 2
    assert grade.outcome_points(-10 * grade.OUTCOME_SCALE, 0.0) == 0
    assert grade.outcome_points(None, 0.0) == 0


# -- one broken stage per contract ---------------------------------------------------
COPY = '''import json, shutil
from pathlib import Path
run, out = Path(input_dir), Path(output_dir)
shutil.copytree(Path({reference!r}) / {folder!r}, out, dirs_exist_ok=True)
def edit(name, change):
    data = json.loads((out / name).read_text())
    change(data)
    (out / name).write_text(json.dumps(data))
'''

# stage -> (the damage, the clause it breaks)
BREAKS = {
    "goal": ('edit("decision.json", lambda d: d.update(threshold_rule="gut_feeling"))',
             "a threshold rule"),
    "data": ('shutil.copy(out / "features.parquet", out / "quarter.parquet")',
             "history and quarter months"),
    "model": ('edit("metrics.json", lambda m: m.update(test_months=m["train_months"][:3]))',
              "an honest time-split evaluation"),
    "release": ('edit("release.json", lambda r: r["gate"].update(passed=False, reasons=["worse"]))',
                "the release gate passed"),
    "service": ('shutil.copy(run / "2_data" / "features.parquet", out / "scores.parquet")',
                "one score per customer and month"),
    "review": ('flags = json.loads((out / "flags.json").read_text())\n'
               'keep = [f for f in flags if f["suspected_cause"] != "concept_drift"]\n'
               '(out / "flags.json").write_text(json.dumps(keep))',
               "the three changes told apart"),
    "decision": ('edit("memo.json", lambda m: m.update(offers=m["offers"] + 5))',
                 "offers counted at the threshold"),
}


def test_every_contract_has_a_breaking_stage():
    assert set(BREAKS) == set(BY_NAME)


@pytest.mark.parametrize("name", list(BREAKS))
def test_a_stage_that_breaks_its_contract_stops_the_run_there(name, reference_run, copy_of_run,
                                                               tmp_path):
    damage, clause = BREAKS[name]
    stage = BY_NAME[name]
    source = COPY.format(reference=str(reference_run[0].run_dir), folder=stage.folder) + damage
    bad = stage_notebook(tmp_path / f"bad_{name}.ipynb", source)
    result = chain.run(copy_of_run, seed=SEED, notebooks={name: bad}, start=name)
    assert result.status == "stopped", result.message()
    assert result.stopped_at.stage == name
    assert result.stopped_at.contract["broken"][0]["clause"] == clause
    assert name in result.message() and clause in result.message()
    later = [s for s in STAGES if s.number > stage.number]
    assert all(r.status == "not run" for r in result.stages[stage.number:])
    assert not any((copy_of_run / s.folder).exists() for s in later), "a later stage ran"
    team = grade.grade(copy_of_run)
    row = next(r for r in team["stages"] if r["stage"] == name)
    assert row["points"] < grade.STAGE_POINTS and clause in [b["clause"] for b in row["broken"]]
    assert team["outcome"]["points"] == 0 and team["score"] < 70


def test_a_column_the_data_access_forbids_breaks_the_data_contract(copy_of_run):
    """Checked in this process (no kernel): the exit survey back in the feature table."""
    import pandas as pd

    from dsroles.capstone import contracts

    path = copy_of_run / "2_data" / "features.parquet"
    pd.read_parquet(path).assign(exit_survey_score=3.0).to_parquet(path)
    verdict = contracts.check("data", copy_of_run)
    assert [clause for clause, _ in verdict.broken] == ["keeps out what data access forbids"]
    assert "exit_survey_score" in verdict.broken[0][1]


def test_a_rerun_checks_the_reused_hand_overs_first(copy_of_run, tmp_path):
    """--from reuses the earlier stages' folders only if they still meet their contracts."""
    (copy_of_run / "6_review" / "flags.json").write_text("[]")
    result = chain.run(copy_of_run, seed=SEED, start="decision")
    assert result.status == "stopped"
    assert result.stopped_at.stage == "review" and result.stopped_at.status == "broken"
    assert result.stages[-1].status == "not run"
    assert not (copy_of_run / "7_decision").exists()


def test_a_stage_whose_notebook_raises_fails_the_run_with_its_error(copy_of_run, tmp_path):
    bad = stage_notebook(tmp_path / "raises.ipynb", 'raise RuntimeError("the warehouse is down")')
    result = chain.run(copy_of_run, seed=SEED, notebooks={"review": bad}, start="review")
    assert result.status == "failed"
    assert result.stopped_at.stage == "review"
    assert "the warehouse is down" in result.message()
    assert result.stages[-1].status == "not run"
    written = report.write(result)
    assert written["status"] == "failed" and written["outcome"]["team"] is None
    assert "the warehouse is down" in (copy_of_run / "report.html").read_text()


# -- a correct stage written another way ----------------------------------------------
# The decision stage in plain numpy: no helper from the business owner track, the threshold
# read from the artefact's metadata instead of release.json.
DECISION = '''import json
from pathlib import Path
import numpy as np
import pandas as pd

run, out = Path(input_dir), Path(output_dir)
out.mkdir(parents=True, exist_ok=True)
goal = json.loads((run / "1_goal" / "decision.json").read_text())
money = goal["business"]
version = json.loads((run / "4_release" / "release.json").read_text())["model_version"]
meta = json.loads((run / "4_release" / "releases" / version / "metadata.json").read_text())
t = meta["threshold"]
s = pd.read_parquet(run / "5_service" / "scores.parquet")
q = pd.read_parquet(run / "2_data" / "quarter.parquet", columns=["customer_key", "snapshot_month",
                                                                   "marketing_consent"])
s = s.merge(q, on=["customer_key", "snapshot_month"])
p = s.loc[s["marketing_consent"] & (s["churn_probability"] >= t), "churn_probability"].to_numpy()
value = float(np.sum(p * money["offer_acceptance_rate"] * money["customer_lifetime_value"]
                     - money["retention_offer_cost"]))
flags = json.loads((run / "6_review" / "flags.json").read_text())
memo = {"decision": "go" if value > 0 else "no-go", "threshold": t, "offers": int(p.size),
        "expected_value": value, "reasons": [f"{p.size} offers worth {value:.0f}"],
        "flags_considered": len(flags)}
(out / "memo.json").write_text(json.dumps(memo))
(out / "memo.md").write_text("Decision: " + memo["decision"])
'''


def test_a_decision_stage_written_another_way_gives_the_reference_outcome(copy_of_run, tmp_path):
    mine = stage_notebook(tmp_path / "my_decision.ipynb", DECISION)
    result = chain.run(copy_of_run, seed=SEED, notebooks={"decision": mine},
                       start="decision")
    assert result.status == "complete", result.message()
    assert outcome.of_run(copy_of_run) == outcome.reference(SEED)
