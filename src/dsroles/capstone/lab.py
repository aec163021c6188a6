"""Where a stage notebook reads and writes when it is opened in the lab rather than run by
the chain (its ``input_dir`` and ``output_dir`` parameters left at ``None``).

It then reads the run that ``dsroles capstone run`` writes by default for the seed
(``$DSROLES_HOME/capstone/seed<S>``) and writes into a scratch folder beside it, so exploring
a stage never changes the run.
"""

from __future__ import annotations

from pathlib import Path


def default_run(seed: int) -> Path:
    """The run folder ``dsroles capstone run`` uses when no ``--out`` is given."""
    from dsroles.paths import home

    return home() / "capstone" / f"seed{int(seed)}"


def folders(input_dir, output_dir, stage: str, seed: int) -> tuple[Path, Path]:
    """``(run folder, this stage's output folder)`` for a stage notebook's parameters."""
    from dsroles.capstone.chain import RUN_FILE
    from dsroles.capstone.stages import find

    if input_dir is None:
        run = default_run(seed)
        if not (run / RUN_FILE).is_file():
            raise FileNotFoundError(
                f"this notebook is one stage of the capstone chain and reads the stages before "
                f"it: run `dsroles capstone run --seed {seed}` once (about 30 seconds), then run "
                f"this notebook again")
    else:
        run = Path(input_dir)
    if output_dir is None:
        out = run.parent / f"{run.name}-scratch" / find(stage).folder
    else:
        out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    return run, out
