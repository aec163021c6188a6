"""Find an exercise by its stable id "<namespace>.<name>": the module is
``dsroles.exercises.<namespace>``, or the one ``dsroles.exercises.NAMESPACES`` maps it to."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

from dsroles.checks.exercise import Exercise


def get_exercise(exercise_id: str) -> Exercise:
    """The Exercise with this id; LookupError with a clear message if there is none."""
    namespace, _, name = str(exercise_id).rpartition(".")
    if not namespace or not name:
        raise LookupError(f"{exercise_id!r} is not an exercise id; ids look like 'demo.mean'.")
    from dsroles.exercises import NAMESPACES

    module_name = f"dsroles.exercises.{NAMESPACES.get(namespace, namespace)}"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError:
        raise LookupError(f"no exercise namespace {namespace!r} (no module {module_name}).") from None
    for found in exercises_in(module).values():
        if found.id == exercise_id:
            return found
    raise LookupError(f"no exercise {exercise_id!r} in {module_name}.")


def exercises_in(module) -> dict[str, Exercise]:
    """The exercises a module declares, by attribute name."""
    return {k: v for k, v in vars(module).items() if isinstance(v, Exercise)}


def bind_all(module, **context) -> SimpleNamespace:
    """All exercises of ``module`` bound to ``context``: ``q = demo.bind(seed=SEED); q.mean.check(x)``."""
    return SimpleNamespace(**{k: v.bind(**context) for k, v in exercises_in(module).items()})
