"""The capstone's seven stages, in order: who runs each, which notebook, what it hands over.

Every stage writes into its own folder of the run (``<n>_<name>/``) and reads the folders of
the stages before it. The notebooks take three papermill parameters: ``seed``, ``input_dir``
(the run folder) and ``output_dir`` (the stage's own folder).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Stage:
    number: int
    name: str          # unique: what --stage and --from take
    role: str          # one of dsroles.ROLES
    outputs: tuple[str, ...]
    summary: str

    @property
    def folder(self) -> str:
        return f"{self.number}_{self.name}"

    @property
    def files(self) -> tuple[str, ...]:
        """The outputs whose names are fixed (a folder ends in ``/``)."""
        return tuple(o for o in self.outputs if "<" not in o)

    @property
    def notebook(self) -> str:
        return f"{self.folder}.ipynb"


STAGES: tuple[Stage, ...] = (
    Stage(1, "goal", "business_owner", ("decision.json",),
          "the goal, the budget, the threshold rule and the data-access decisions"),
    Stage(2, "data", "data_engineer",
          ("features.parquet", "quarter.parquet", "quarter_delivered.parquet", "batch_check.json"),
          "the sources turned into validated feature tables"),
    Stage(3, "model", "data_scientist", ("model/", "metrics.json"),
          "the model artefact and its honest evaluation"),
    Stage(4, "release", "ml_engineer", ("release.json", "releases/<model_version>/"),
          "the packaged predictor, its tests and the release gate"),
    Stage(5, "service", "product_engineer", ("scores.parquet", "alerts.json", "serving.json"),
          "the next quarter scored over HTTP, and the monitoring"),
    Stage(6, "review", "domain_expert", ("flags.json", "flags.sqlite"),
          "the drift review: each change told apart and flagged to its owner"),
    Stage(7, "decision", "business_owner", ("memo.json", "memo.md"),
          "go or no-go on the campaign, with its expected value"),
)
BY_NAME = {s.name: s for s in STAGES}


def find(name: str) -> Stage:
    """The stage called ``name``, or the only stage of the role ``name``; KeyError says why not."""
    if name in BY_NAME:
        return BY_NAME[name]
    of_role = [s for s in STAGES if s.role == name]
    if len(of_role) == 1:
        return of_role[0]
    names = ", ".join(s.name for s in STAGES)
    if of_role:
        raise KeyError(f"the role {name} runs {len(of_role)} stages "
                       f"({', '.join(s.name for s in of_role)}): name the stage instead")
    raise KeyError(f"no stage or role called {name!r}; the stages are {names}")


def folder(run_dir: str | Path, stage: Stage | str) -> Path:
    stage = find(stage) if isinstance(stage, str) else stage
    return Path(run_dir) / stage.folder
