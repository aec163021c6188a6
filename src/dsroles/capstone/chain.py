"""Run the capstone chain: each stage's notebook under papermill, each hand-over checked before
the next stage starts.

    result = chain.run(out_dir, seed=42, notebooks={"model": "my_model.ipynb"})

A stage whose notebook raises is ``failed``; a stage whose hand-over breaks its contract is
``broken``. Either way the run stops there and nothing downstream runs on bad input. With
``start="service"`` the run reuses the earlier stages' folders already in ``out_dir`` (their
contracts are checked again first) and runs from that stage on.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from dsroles.capstone import contracts
from dsroles.capstone.stages import STAGES, Stage, find
from dsroles.errors import UsageError

RUN_FILE = "run.json"
NOTEBOOKS = "notebooks"  # the executed notebooks, one per stage
CELL_TIMEOUT = 600


@dataclass
class StageRun:
    stage: str
    role: str
    notebook: str
    status: str = "not run"  # passed, reused, broken, failed, not run
    seconds: float = 0.0
    contract: dict = field(default_factory=dict)
    numbers: dict = field(default_factory=dict)
    error: str = ""


@dataclass
class Result:
    run_dir: Path
    seed: int
    stages: list[StageRun]

    @property
    def stopped_at(self) -> StageRun | None:
        return next((s for s in self.stages if s.status in ("broken", "failed")), None)

    @property
    def status(self) -> str:
        stop = self.stopped_at
        if stop is None:
            return "complete"
        return "stopped" if stop.status == "broken" else "failed"

    def message(self) -> str:
        stop = self.stopped_at
        if stop is None:
            return "every hand-over met its contract"
        if stop.status == "failed":
            return f"stage {stop.stage} ({stop.role}) failed: {stop.error}"
        first = stop.contract["broken"][0]
        return (f"stage {stop.stage} ({stop.role}) broke its contract, clause "
                f"'{first['clause']}': {first['reason']}")


def reference_folder() -> Path:
    from dsroles.paths import kit_folder

    return kit_folder("course") / "7_capstone"


def read_notebook(path: Path, what: str):
    """The notebook at ``path``; UsageError when it is missing or not a notebook."""
    import nbformat

    if not path.is_file():
        raise UsageError(f"{what}: no notebook at {path}; give the path of an .ipynb file")
    try:
        return nbformat.read(path, as_version=4)
    except Exception as err:  # noqa: BLE001 - any reader failure: not a usable notebook
        raise UsageError(f"{what}: {path} is not a readable notebook ({type(err).__name__}); "
                         f"save it again from Jupyter") from None


def notebooks_for(overrides: dict[str, str | Path] | None = None) -> dict[str, Path]:
    """The notebook of each stage: the reference one unless ``overrides`` swaps it."""
    folder = reference_folder()
    chosen = {s.name: folder / s.notebook for s in STAGES}
    if not folder.is_dir() and len(overrides or {}) < len(STAGES):
        raise UsageError(f"the capstone's reference notebooks are not at {folder}: they come "
                         f"with the kit's checkout (course/7_capstone); run from it, or give "
                         f"every stage with --stage")
    for key, path in (overrides or {}).items():
        try:
            stage = find(key)
        except KeyError as err:
            raise UsageError(f"--stage {key}=...: {err.args[0]}") from None
        chosen[stage.name] = Path(path).expanduser().resolve()
    for name, path in chosen.items():
        read_notebook(path, f"stage {name}")
    return chosen


def _prepare(out: Path, seed: int, start: Stage | None) -> None:
    """Make ``out`` ready: a new or empty folder, or (with ``start``) an earlier run of this seed."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is a file; give a folder for the run")
    held = sorted(p.name for p in out.iterdir()) if out.is_dir() else []
    if start is None:
        if (out / RUN_FILE).is_file():
            raise UsageError(f"{out} already holds a run; choose a new folder, or rerun part of "
                             f"it with --from STAGE")
        if held:
            raise UsageError(f"{out} already holds other files ({', '.join(held[:3])}); choose a "
                             f"new or empty folder for the run")
        return
    try:
        earlier = json.loads((out / RUN_FILE).read_text())
    except (OSError, ValueError):
        raise UsageError(f"--from {start.name} needs {out} to hold an earlier run "
                         f"({RUN_FILE} is missing or damaged)") from None
    if earlier.get("seed") != seed:
        raise UsageError(f"{out} holds a run of seed {earlier.get('seed')}, not {seed}: rerun it "
                         f"with that seed or choose a new folder")


def _execute(notebook: Path, executed: Path, seed: int, run_dir: Path, stage: Stage) -> str:
    """Run one stage's notebook; return '' or the error in one line."""
    import papermill as pm

    out = run_dir / stage.folder
    out.mkdir(parents=True, exist_ok=True)
    try:
        pm.execute_notebook(str(notebook), str(executed), kernel_name="python3",
                            parameters={"seed": seed, "input_dir": str(run_dir),
                                        "output_dir": str(out)},
                            cwd=str(out), progress_bar=False, execution_timeout=CELL_TIMEOUT,
                            # the kernel's own log (start-up warnings, "KeyboardInterrupt caught" as it is shut
                            # down) is noise in the run's output; a cell's error comes back through papermill
                            extra_arguments=["--IPKernelApp.log_level=CRITICAL"])
    except pm.PapermillExecutionError as err:
        return f"{err.ename}: {err.evalue}".strip()[:500]
    except Exception as err:  # noqa: BLE001 - a kernel that died, a notebook papermill refused
        return f"{type(err).__name__}: {err}"[:500]
    return ""


def _reused(run_dir: Path, stage: Stage, handover) -> StageRun:
    record = StageRun(stage.name, stage.role, "(reused)", "reused")
    verdict = contracts.check(stage.name, run_dir, handover)
    record.contract, record.numbers = verdict.to_dict(), contracts.numbers(stage.name, run_dir, handover)
    if not verdict.ok:
        record.status = "broken"
    return record


def _write_run_file(run_dir: Path, seed: int, records: list[StageRun]) -> None:
    (run_dir / RUN_FILE).write_text(json.dumps(
        {"seed": seed, "stages": [asdict(r) for r in records]}, indent=1) + "\n")


def run(out: str | Path, *, seed: int = 42, notebooks: dict | None = None,
        start: str | None = None, on_stage=None) -> Result:
    """Run the chain into ``out`` (see the module docstring); ``on_stage(record)`` is called
    after each stage (the command line prints a line)."""
    chosen = notebooks_for(notebooks)
    first = None
    if start is not None:
        try:
            first = find(start)
        except KeyError as err:
            raise UsageError(f"--from {start}: {err.args[0]}") from None
    run_dir = Path(out).expanduser().resolve()
    _prepare(run_dir, seed, first)
    run_dir.mkdir(parents=True, exist_ok=True)
    for stage in STAGES:  # a rerun: what the earlier run made from the first stage rerun is stale
        if first is not None and stage.number >= first.number:
            shutil.rmtree(run_dir / stage.folder, ignore_errors=True)
    handover = contracts.Handover(run_dir)
    records: list[StageRun] = []
    stopped = False
    for stage in STAGES:
        if first is not None and stage.number < first.number:
            record = _reused(run_dir, stage, handover)
        elif stopped:
            record = StageRun(stage.name, stage.role, str(chosen[stage.name]))
        else:
            record = _run_stage(run_dir, stage, chosen[stage.name], seed)
        stopped = stopped or record.status in ("broken", "failed")
        records.append(record)
        if on_stage is not None:
            on_stage(record)
    _write_run_file(run_dir, seed, records)
    return Result(run_dir, seed, records)


def _run_stage(run_dir: Path, stage: Stage, notebook: Path, seed: int) -> StageRun:
    executed = run_dir / NOTEBOOKS / stage.notebook
    executed.parent.mkdir(parents=True, exist_ok=True)
    record = StageRun(stage.name, stage.role, str(notebook))
    t = time.perf_counter()
    record.error = _execute(notebook, executed, seed, run_dir, stage)
    record.seconds = round(time.perf_counter() - t, 2)
    if record.error:
        record.status = "failed"
        return record
    verdict = contracts.check(stage.name, run_dir)
    record.contract = verdict.to_dict()
    record.numbers = contracts.numbers(stage.name, run_dir)
    record.status = "passed" if verdict.ok else "broken"
    return record
