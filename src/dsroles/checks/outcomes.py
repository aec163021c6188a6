"""The three outcomes of a self-check, as exceptions (raised by comparators) and as a result."""

from __future__ import annotations

from dataclasses import dataclass, field

CORRECT = "correct"
INCORRECT = "incorrect"
NOT_ATTEMPTED = "not_attempted"


class Incorrect(Exception):
    """The learner's answer is wrong; the message says what is wrong, not what is right."""


class NotAttempted(Exception):
    """The learner has not replaced the placeholder yet."""


class Placeholder:
    """The sentinel a learner version can hold before the learner writes an answer.

    ``BLANK`` is its one instance; ``...`` and ``None`` are recognised as well.
    """

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "BLANK"

    def __bool__(self) -> bool:
        return False


BLANK = Placeholder()


def is_placeholder(value) -> bool:
    """Is ``value`` the untouched placeholder (``...``, ``None`` or ``BLANK``)?"""
    return value is Ellipsis or value is None or value is BLANK


def is_blank_text(value) -> bool:
    """A placeholder, or text still empty or ``"..."`` (an untouched choice or sentence)."""
    return is_placeholder(value) or (type(value) is str and value.strip() in ("", "..."))


@dataclass(frozen=True)
class PartResult:
    """One part of an answer that earns partial credit."""

    name: str
    weight: float
    passed: bool
    message: str | None = None


@dataclass(frozen=True)
class Result:
    """What a check found: the outcome, a message, and (for parts) the fraction earned."""

    exercise_id: str
    outcome: str
    message: str
    fraction: float = 0.0
    parts: tuple[PartResult, ...] = field(default_factory=tuple)

    @property
    def correct(self) -> bool:
        return self.outcome == CORRECT
