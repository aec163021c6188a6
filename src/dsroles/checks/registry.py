"""Find an exercise by its stable id ``"<namespace>.<name>"``.

The framework knows no track. Tracks are found through the ``dsroles.tracks`` entry point
group: each entry names a function that returns ``{namespace: (module, ...)}``. The kit's own
tracks are registered in its ``pyproject.toml``; an instructor's package can add more the
same way. An exercise ``de.parse_date`` is the Exercise whose id is that, declared in one of
the modules its namespace names.
"""

from __future__ import annotations

import functools
import importlib
from types import SimpleNamespace

from dsroles.checks.exercise import Exercise

ENTRY_POINT_GROUP = "dsroles.tracks"


@functools.lru_cache(maxsize=1)
def namespaces() -> dict[str, tuple[str, ...]]:
    """Every registered namespace and the modules that declare its exercises."""
    from importlib.metadata import entry_points

    table: dict[str, tuple[str, ...]] = {}
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        for namespace, modules in entry.load()().items():
            table[namespace] = table.get(namespace, ()) + tuple(modules)
    return table


def modules_of(namespace: str) -> list:
    """The imported modules of a namespace; LookupError naming the known ones if unknown."""
    table = namespaces()
    if namespace not in table:
        known = ", ".join(sorted(table)) or "none: is dsroles installed (pip install -e .)?"
        raise LookupError(f"no exercise namespace {namespace!r}; known: {known}.")
    return [importlib.import_module(name) for name in table[namespace]]


def get_exercise(exercise_id: str) -> Exercise:
    """The Exercise with this id; LookupError with a clear message if there is none."""
    namespace, _, name = str(exercise_id).rpartition(".")
    if not namespace or not name:
        raise LookupError(f"{exercise_id!r} is not an exercise id; ids look like 'demo.mean'.")
    for module in modules_of(namespace):
        for found in exercises_in(module).values():
            if found.id == exercise_id:
                return found
    raise LookupError(f"no exercise {exercise_id!r} in namespace {namespace!r}.")


def exercises_of(namespace: str) -> dict[str, Exercise]:
    """Every exercise of a namespace, by id."""
    return {ex.id: ex for module in modules_of(namespace) for ex in exercises_in(module).values()}


def exercises_by_name(namespace: str) -> dict[str, Exercise]:
    """Every exercise of a namespace, by the name after the dot (``"parse_date"``)."""
    return {k.split(".", 1)[1]: v for k, v in exercises_of(namespace).items()}


def exercises_in(module) -> dict[str, Exercise]:
    """The exercises a module declares, by attribute name."""
    return {k: v for k, v in vars(module).items() if isinstance(v, Exercise)}


def binder(module_name: str):
    """The ``bind(**context)`` of a lesson module: ``bind = binder(__name__)`` at its end.

    ``q = lesson.bind(seed=SEED)`` gives the module's exercises with the context given once.
    """
    def bind(**context) -> SimpleNamespace:
        return bind_all(importlib.import_module(module_name), **context)

    bind.__doc__ = f"The exercises of {module_name} with the context given once: q = bind(seed=SEED)."
    return bind


def bind_all(*modules, **context) -> SimpleNamespace:
    """The exercises of ``modules`` bound to ``context``: ``q = bind_all(lesson, seed=SEED)``."""
    found = {}
    for module in modules:
        found.update(exercises_in(module))
    return SimpleNamespace(**{k: v.bind(**context) for k, v in found.items()})
