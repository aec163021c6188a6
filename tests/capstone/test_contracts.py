"""One test per hand-over contract: a swapped-in stage breaks it, the run stops at that stage
with the clause named, and nothing downstream runs. Each swapped-in notebook copies the
reference run's hand-over of its stage and damages one thing, so only it runs (one kernel)."""

from __future__ import annotations

import pytest

from dsroles.capstone import chain
from dsroles.capstone.stages import BY_NAME, STAGES

from .conftest import SEED, stage_notebook

COPY = '''import json, shutil
from pathlib import Path
out = Path(output_dir)
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
    "data": ('import pandas as pd\n'
             't = pd.read_parquet(out / "features.parquet")\n'
             't.assign(exit_survey_score=1.0).to_parquet(out / "features.parquet")',
             "keeps out what data access forbids"),
    "model": ('edit("metrics.json", lambda m: m.update(test_months=m["train_months"][:3]))',
              "an honest time-split evaluation"),
    "release": ('edit("release.json", lambda r: r["gate"].update(passed=False, reasons=["worse"]))',
                "the release gate passed"),
    "service": ('import pandas as pd\n'
                't = pd.read_parquet(out / "scores.parquet")\n'
                't.iloc[::2].to_parquet(out / "scores.parquet")',
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


def test_a_stage_whose_notebook_raises_fails_the_run_with_its_error(copy_of_run, tmp_path):
    bad = stage_notebook(tmp_path / "raises.ipynb", 'raise RuntimeError("the warehouse is down")')
    result = chain.run(copy_of_run, seed=SEED, notebooks={"review": bad}, start="review")
    assert result.status == "failed"
    assert result.stopped_at.stage == "review"
    assert "the warehouse is down" in result.message()
    assert result.stages[-1].status == "not run"
