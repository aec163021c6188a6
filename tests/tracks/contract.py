"""The contract every track passes, and the examples each track gives for it.

Each track has ``tests/tracks/<package>/answers.py`` with ``ANSWERS``: for every exercise id
of the track (lessons and assessment), an ``Answers`` holding at least one right answer and at
least two wrong ones, each a function of the exercise's context (``lambda seed: ...``) that
returns what a learner would hand in. ``tests/test_track_contract.py`` runs them.
"""

from __future__ import annotations

import importlib
import math
from dataclasses import dataclass, field
from typing import Callable

SEED = 42
CONTEXT = {"seed": SEED, "usage_scale": 1}  # every context name a track's exercises use


@dataclass(frozen=True)
class Answers:
    """Examples for one exercise: right ways to answer it and plausible mistakes, by label."""

    right: tuple[Callable, ...]
    wrong: dict[str, Callable] = field(default_factory=dict)


def answers_of(track) -> dict[str, Answers]:
    """The track's ``ANSWERS`` (an empty dict when it has none yet)."""
    try:
        module = importlib.import_module(f"tracks.{track.package}.answers")
    except ModuleNotFoundError as exc:
        if exc.name != f"tracks.{track.package}.answers":
            raise
        return {}
    return module.ANSWERS


def context_for(exercise) -> dict:
    return {k: v for k, v in CONTEXT.items() if k in exercise.context_names}


def make(factory: Callable, context: dict):
    """Call an answer factory with the context entries it names."""
    from dsroles.checks.exercise import call_with_context

    return call_with_context(factory, context)


def _number_texts(x: float) -> set[str]:
    """Ways a message could spell the number x (none for small whole numbers: too common)."""
    if isinstance(x, bool) or not math.isfinite(x):
        return set()
    if float(x).is_integer() and abs(x) < 100:
        return set()
    texts = {f"{x:.3f}", f"{x:.4f}", f"{x:.4g}", f"{x:,.2f}"}
    if float(x).is_integer():
        texts |= {str(int(x)), f"{int(x):,}"}
    return {t for t in texts if len(t.strip("-0.,")) >= 2}


def expected_texts(expected) -> set[str]:
    """The spellings of an expected value that a wrong answer's message must not contain."""
    import numpy as np

    if isinstance(expected, str):
        return {expected} if len(expected) >= 3 else set()
    if isinstance(expected, (int, float, np.integer, np.floating)) and not isinstance(expected, bool):
        return _number_texts(float(expected))
    if isinstance(expected, dict):
        return set().union(*(expected_texts(v) for v in expected.values())) if expected else set()
    if isinstance(expected, (list, tuple)) and len(expected) <= 20:
        return set().union(*(expected_texts(v) for v in expected)) if expected else set()
    return set()  # tables, models, cases: too big to leak by accident
