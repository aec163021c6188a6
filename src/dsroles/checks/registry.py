"""Find an exercise by its stable id "<namespace>.<name>" (namespace = dsroles.exercises.<ns>)."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

from dsroles.checks.exercise import Exercise


def get_exercise(exercise_id: str) -> Exercise:
    """The Exercise with this id; LookupError with a clear message if there is none."""
    namespace, _, name = str(exercise_id).rpartition(".")
    if not namespace or not name:
        raise LookupError(f"{exercise_id!r} is not an exercise id; ids look like 'demo.mean'.")
    try:
        module = importlib.import_module(f"dsroles.exercises.{namespace}")
    except ModuleNotFoundError:
        raise LookupError(f"no exercise namespace {namespace!r} "
                          f"(no module dsroles.exercises.{namespace}).") from None
    found = getattr(module, name, None)
    if not isinstance(found, Exercise) or found.id != exercise_id:
        raise LookupError(f"no exercise {exercise_id!r} in dsroles.exercises.{namespace}.")
    return found


def exercises_in(module) -> dict[str, Exercise]:
    """The exercises a module declares, by attribute name."""
    return {k: v for k, v in vars(module).items() if isinstance(v, Exercise)}


def bind_all(module, **context) -> SimpleNamespace:
    """All exercises of ``module`` bound to ``context``: ``q = demo.bind(seed=SEED); q.mean.check(x)``."""
    return SimpleNamespace(**{k: v.bind(**context) for k, v in exercises_in(module).items()})
