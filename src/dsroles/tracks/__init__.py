"""The course's tracks: one package per role, registered here once.

A track is a folder of lesson notebooks (``course/<folder>/``), one module of exercises per
lesson (in notebook order), an assessment module ``exam`` with its nbgrader source
(``solutions/<assessment>/``) and its wrong-answer bank (``wrong_answers/`` in the package).
``namespaces()`` is the entry point through which ``dsroles.checks`` finds exercises by id;
``tests/test_track_contract.py`` holds every track to the same contract.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

_HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Track:
    """One track of the course."""

    package: str                      # the folder under dsroles/tracks/
    folder: str                       # the notebooks' folder under course/
    namespace: str                    # the lesson exercises' id prefix ("de")
    lessons: tuple[str, ...]          # one module per lesson notebook, in course order
    role: str | None = None           # the role id of competencies.toml (None: the start lesson)
    assessment: str | None = None     # solutions/<assessment>/<assessment>.ipynb

    @property
    def exam_namespace(self) -> str | None:
        """The assessment exercises' id prefix: ``de_exam`` for a track whose lessons are ``de``."""
        return f"{self.namespace}_exam" if self.assessment else None

    def module(self, name: str) -> str:
        return f"dsroles.tracks.{self.package}.{name}"

    @property
    def lesson_modules(self) -> tuple[str, ...]:
        return tuple(self.module(name) for name in self.lessons)

    @property
    def bank(self) -> Path:
        """The folder of this track's banked wrong answers (``<name>.toml`` each)."""
        return _HERE / self.package / "wrong_answers"


TRACKS: tuple[Track, ...] = (
    Track("start", "0_start", "demo", ("welcome",)),
    Track("business_owner", "1_business_owner", "bo",
          ("business_case", "decisions", "data_access", "steer", "decide"),
          role="business_owner", assessment="business_owner"),
    Track("domain_expert", "2_domain_expert", "pde",
          ("target", "meaning", "results", "shifts", "tracing"),
          role="domain_expert", assessment="domain_expert"),
    Track("data_engineer", "3_data_engineer", "de",
          ("role", "ingest_clean", "data_tests", "pipelines", "volume", "automate"),
          role="data_engineer", assessment="data_engineer"),
    Track("data_scientist", "4_data_scientist", "ds",
          ("role", "leakage_splits", "model_evaluation", "ab_test"),
          role="data_scientist", assessment="data_scientist"),
    Track("ml_engineer", "5_ml_engineer", "mle",
          ("role", "maintainable", "unit_tests", "behaviour", "skew"),
          role="ml_engineer", assessment="ml_engineer"),
    Track("product_engineer", "6_product_engineer", "pe",
          ("serve_secure", "available_released", "monitor", "beyond_server"),
          role="product_engineer", assessment="product_engineer"),
)


def role_tracks() -> tuple[Track, ...]:
    """The tracks of the six roles (the start lesson left out)."""
    return tuple(t for t in TRACKS if t.role is not None)


def track_for_assessment(name: str) -> Track | None:
    return next((t for t in TRACKS if t.assessment == name), None)


def namespaces() -> dict[str, tuple[str, ...]]:
    """``{namespace: modules}`` for ``dsroles.checks.registry`` (the ``dsroles.tracks`` entry point)."""
    table = {}
    for track in TRACKS:
        table[track.namespace] = track.lesson_modules
        if track.assessment:
            table[track.exam_namespace] = (track.module("exam"),)
    return table


def banks() -> dict[str, Path]:
    """``{assessment: folder of its banked wrong answers}``."""
    return {t.assessment: t.bank for t in TRACKS if t.assessment}
