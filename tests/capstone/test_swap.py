"""A swapped-in correct stage, written another way, gives the same outcome as the reference."""

from __future__ import annotations

from dsroles.capstone import chain, outcome

from .conftest import SEED, stage_notebook

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
