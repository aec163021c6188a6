"""The planted bugs: does each still fit the code it patches, are the lesson's and the
assessment's different, and does the reference suite of each part catch every one?"""

from __future__ import annotations

import pytest

from dsroles.checks.mutation import module_sources
from dsroles.tracks.ml_engineer import mutants, references
from dsroles.tracks.ml_engineer.suites import report_for

from tracks.ml_engineer.test_lessons import ROOT


@pytest.mark.parametrize("mutant", mutants.ALL, ids=lambda m: m.name)
def test_every_mutant_fits_its_code_once_and_compiles(mutant):
    original = module_sources([mutant])
    changed = mutant.apply(original)
    for module, source in changed.items():
        assert source != original[module]
        compile(source, module, "exec")
    assert mutant.description and mutant.survived.startswith("no test failed")


def test_the_lessons_plant_other_bugs_than_the_assessment():
    exam = {m.name for m in mutants.EXAM_FEATURES + mutants.EXAM_PREDICTOR}
    lesson = {m.name for m in mutants.LESSON_FEATURES + mutants.LESSON_PREDICTOR}
    assert len(exam) == 6 and len(lesson) == 4 and not exam & lesson


def test_the_instructors_doc_describes_every_assessment_mutant():
    doc = (ROOT / "docs" / "ml-engineer-mutants.md").read_text()
    for mutant in mutants.EXAM_FEATURES + mutants.EXAM_PREDICTOR:
        assert f"`{mutant.name}`" in doc


@pytest.mark.parametrize("suite, planted", [(references.FEATURE_TESTS, mutants.EXAM_FEATURES),
                                            (references.PREDICTOR_TESTS, mutants.EXAM_PREDICTOR)],
                         ids=["feature code", "predictor"])
def test_the_reference_suites_pass_and_catch_every_planted_bug(suite, planted):
    report = report_for(suite, planted)
    assert report.correct.outcome == "passed"
    assert sorted(report.killed) == sorted(m.name for m in planted)
