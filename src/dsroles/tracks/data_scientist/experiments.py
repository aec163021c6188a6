"""The track's shared parts for experiment answers: call ``run_experiment`` safely, read its
numbers, and check a recorded results file."""

from __future__ import annotations

from dsroles.checks.calling import call_safely
from dsroles.checks.numbers import a_type, as_number
from dsroles.checks.outcomes import Incorrect
from dsroles.tracks.data_scientist import data


def results_of(fn, data_seed: int, seed: int) -> dict:
    """Call the learner's run_experiment on a copy of the table; check the shape of its answer."""
    call = f"run_experiment(snaps, {seed})"
    got = call_safely(fn, data.snapshots(data_seed), seed, what=call)
    return metrics_dict(got, call)


def metrics_dict(got, what: str) -> dict:
    from dsroles.checks.numbers import as_numbers

    if type(got) is not dict:
        raise Incorrect(f"{what} returned {a_type(got)}; a dict is expected.")
    missing = [k for k in ("seed", "auc", "auc_interval") if k not in got]
    if missing:
        raise Incorrect(f"{what} has no {', '.join(repr(k) for k in missing)}.")
    interval = [float(x) for x in as_numbers(got["auc_interval"], f"{what}['auc_interval']")]
    if len(interval) != 2:
        raise Incorrect(f"{what}['auc_interval'] should hold two numbers, [low, high].")
    return {"seed": got["seed"], "auc": as_number(got["auc"], f"{what}['auc']"),
            "auc_interval": interval}


def same_numbers(a: dict, b: dict, tol: float = 0.0) -> bool:
    pairs = [(a["auc"], b["auc"])] + list(zip(a["auc_interval"], b["auc_interval"]))
    return all(abs(x - y) <= tol for x, y in pairs)


RECORD_KEYS = ("seed", "auc", "auc_interval", "versions")


LIBRARIES = {  # the version each library's module reports, under its distribution or import name
    "scikit-learn": ("sklearn", ("scikit-learn", "sklearn", "scikit_learn")),
    "numpy": ("numpy", ("numpy",)),
    "pandas": ("pandas", ("pandas",)),
}


def check_versions(versions) -> None:
    """Every library's recorded version is the one this kernel runs, read, not typed."""
    import importlib

    if type(versions) is not dict:
        raise Incorrect("'versions' should be an object mapping each library's name to its "
                        "version.")
    for library, (module, names) in LIBRARIES.items():
        keys = [k for k in versions if type(k) is str and k.strip().casefold() in names]
        if not keys:
            also = f" (or {names[1]!r})" if len(names) > 1 else ""
            raise Incorrect(f"'versions' has no {library!r}{also}: record scikit-learn, numpy "
                            "and pandas.")
        running = importlib.import_module(module).__version__
        typed = [k for k in keys if str(versions[k]) != running]
        if typed:
            raise Incorrect(f"'versions' gives {typed[0]!r} as {str(versions[typed[0]])!r}, which "
                            f"is not the version this kernel runs: record {module}.__version__ "
                            "rather than typing it.")


def check_record(path, expected, context):
    import json
    from pathlib import Path

    if type(path) not in (str,) and not isinstance(path, Path):
        raise Incorrect(f"your answer is {a_type(path)}; the path of the file you wrote is "
                        "expected.")
    file = Path(path)
    if not file.is_file():
        raise Incorrect(f"there is no file at {str(file)!r}: write the results first.")
    try:
        record = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise Incorrect(f"{file.name} is not readable JSON ({type(exc).__name__}); write it with "
                        "json.dump.") from None
    if type(record) is not dict:
        raise Incorrect(f"{file.name} holds {a_type(record)}; a JSON object is expected.")
    missing = [k for k in RECORD_KEYS if k not in record]
    if missing:
        raise Incorrect(f"{file.name} has no {', '.join(repr(k) for k in missing)}.")
    check_versions(record["versions"])
    if record["seed"] != int(context["seed"]):
        raise Incorrect("the recorded seed is not the seed of this notebook's data (its `seed`).")
    rerun = metrics_dict(record, file.name)
    if not same_numbers(rerun, expected, tol=1e-9):
        raise Incorrect("a rerun of the experiment with the recorded seed gives other numbers "
                        "than the file holds: record the results of run_experiment exactly, "
                        "as it returns them (not rounded).")
