"""Which cell touched the answer key, recorded inside the grading kernel.

``install(shell)`` (called by the kernel launcher before any learner code runs) wraps what
holds expected answers, so that each use is recorded with the execution count of the cell
that was running:

- ``Exercise.expected_for``, ``.solution()``, ``.hint()`` (and so every check made), when
  ``dsroles.checks`` is imported (this module imports none of it: it watches the imports);
- every function of a track's ``references`` module (the answer key) and every computed
  ``expected`` of an exercise, as their modules are imported;
- opening a track's ``references.py`` or ``exam.py``, or a solution notebook (an audit hook).

The guard cell before each test cell sends ``log()`` to the trusted side, which knows which
cells are answer cells: a use during an answer cell makes the items that depend on it score
nothing, flagged ``answer_key_used``. Uses during test cells are the checks doing their work.
"""

from __future__ import annotations

import functools
import importlib.abc
import os
import sys

_uses: dict = {}
_state: dict = {}
# instrumented (the project's code holds no answer key: only snapshotted) as they load
WATCHED = ("dsroles.tracks.", "dsroles.checks", "dsroles.churn")


def record(what: str) -> None:
    shell = _state.get("shell")
    count = getattr(shell, "execution_count", None)  # IPython counts the running cell as one more
    _uses.setdefault((count - 1 if isinstance(count, int) else None, what), None)


def log() -> list:
    return [[count, what] for count, what in _uses]


def recorded(fn, what: str):
    """`fn`, recording each call as `what`."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        record(what)
        return fn(*args, **kwargs)

    wrapper.__dsroles_answer_key__ = True
    return wrapper


def _wrap_method(cls, name: str, what) -> None:
    original = getattr(cls, name)

    @functools.wraps(original)
    def wrapper(self, *args, **kwargs):
        record(what(self))
        return original(self, *args, **kwargs)

    setattr(cls, name, wrapper)


def instrument(name: str, module) -> None:
    """Wrap the answer key a kit module holds (the Exercise class's reveals, references' functions,
    computed expectations)."""
    values = vars(module)
    if name == "dsroles.checks.exercise":
        _wrap_method(module.Exercise, "expected_for", lambda ex: f"the expected value of {ex.id}")
        _wrap_method(module.Exercise, "solution", lambda ex: f"{ex.id}.solution()")
        _wrap_method(module.Exercise, "hint", lambda ex: f"{ex.id}.hint()")
    if name.endswith(".references"):
        for attr, value in list(values.items()):
            if callable(value) and not isinstance(value, type) and getattr(value, "__module__", None) == name:
                setattr(module, attr, recorded(value, f"{name.rsplit('.', 2)[-2]} references.{attr}()"))
    for attr, value in list(values.items()):
        if type(value).__name__ == "Exercise" and callable(getattr(value, "expected", None)) \
                and not getattr(value.expected, "__dsroles_answer_key__", False):
            value.expected = recorded(value.expected, f"the expected value of {value.id}")


class _Watcher(importlib.abc.MetaPathFinder):
    """Instrument (and snapshot) each ``WATCHED`` module right after it is executed."""

    def find_spec(self, fullname, path, target=None):
        if not fullname.startswith(WATCHED):
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None and spec.loader is not None and hasattr(spec.loader, "exec_module"):
                loader = spec.loader
                original = loader.exec_module

                def exec_module(module, _original=original):
                    _original(module)
                    _loaded(module.__name__, module)

                loader.exec_module = exec_module
                return spec
        return None


def _loaded(name: str, module) -> None:
    from dsroles.grading import guard

    instrument(name, module)
    guard.module_loaded(name, module)


def _audit(event: str, args) -> None:
    if event != "open" or not args or not isinstance(args[0], (str, bytes, os.PathLike)):
        return
    path = os.fsdecode(args[0])
    base = os.path.basename(path)
    if (base in ("references.py", "exam.py") and f"{os.sep}tracks{os.sep}" in path) or \
            (path.endswith(".ipynb") and f"{os.sep}solutions{os.sep}" in path):
        record(f"read {base}")


def install(shell) -> None:
    """Watch the checks' and tracks' imports and file reads (once, before learner code)."""
    _state["shell"] = shell
    for name, module in list(sys.modules.items()):
        if name.startswith(WATCHED) and module is not None:
            instrument(name, module)
    sys.meta_path.insert(0, _Watcher())
    sys.addaudithook(_audit)
