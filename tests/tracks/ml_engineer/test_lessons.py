"""The ML engineer lessons' exercises: the messages of plausible mistakes say what is wrong and
what to do, and an answer still the notebook's stub counts as not attempted."""

from __future__ import annotations

from pathlib import Path

import pytest

from dsroles.checks.testing import assert_check_failed, assert_check_unattempted
from dsroles.tracks.ml_engineer import behaviour, maintainable, placeholders, role, skew, unit_tests

from tracks.ml_engineer import answers as A

ROOT = Path(__file__).resolve().parents[3]
SEED = 42


def stub(model, rows):
    ...   # your code here


def stub_with_docstring(table, config):
    """The notebook's model."""
    raise NotImplementedError()


@pytest.mark.parametrize("exercise", [behaviour.invariance, behaviour.direction, behaviour.release_gate,
                                      maintainable.train_model, skew.skew_check])
def test_a_function_still_the_stub_is_not_attempted(exercise):
    assert_check_unattempted(exercise, stub, seed=SEED)
    assert_check_unattempted(exercise, stub_with_docstring, seed=SEED)


@pytest.mark.parametrize("text", ["\n...\n", "\n# YOUR CODE HERE\nraise NotImplementedError()\n", "# a comment"])
def test_a_suite_still_empty_is_not_attempted(text):
    assert placeholders.is_stub_text(text)
    assert_check_unattempted(unit_tests.feature_tests, text, seed=SEED)


def test_a_real_function_is_not_a_stub():
    assert not placeholders.is_stub(A._invariance_email_only)


@pytest.mark.parametrize("exercise, answer, message", [
    (role.schema, A._schema(bounded=False), "accepts charges in pence"),
    (role.schema, A._schema(closed=False), "an extra field holding an e-mail address"),
    (role.predictor, A.KitPredictorUnpickling, "unpickled a model file that was changed"),
    (role.predictor, A.PredictorWithoutEmptyGuard, "An empty batch: predict_batch on an empty batch raised"),
    (behaviour.invariance, A._invariance_email_only, "changes a customer's score when only their name"),
    (behaviour.direction, A._direction_doubles, "fails on a sound model"),
    (maintainable.train_model, A._train_model_constant_c, "C = 0.05), your model does not score"),
    (skew.skew_check, A._skew_majority, "does not notice when serving computes failed_payments_3m"),
], ids=lambda v: getattr(v, "id", None) or "")
def test_a_mistake_is_named(exercise, answer, message):
    assert_check_failed(exercise, answer, contains=message, seed=SEED)


def test_a_suite_failing_on_correct_code_shows_the_failing_test():
    result = assert_check_failed(unit_tests.feature_tests, A.FAILS_ON_CORRECT_CODE,
                                 contains="fails on the correct code", seed=SEED)
    assert "test_minutes" in result.message and result.fraction == 0


def test_a_suite_catching_some_bugs_earns_those_parts():
    half = A.LESSON_FEATURE_TESTS.split("def test_failed_payments")[0]
    result = unit_tests.feature_tests.evaluate(half, seed=SEED)
    assert result.fraction == 0.5
    assert "counted only two months" in result.message
    table = unit_tests.mutation_table(half, unit_tests.feature_tests)
    assert table["caught"].tolist() == [True, False]


def test_the_settings_must_be_toml_retrain_accepts():
    assert_check_failed(maintainable.settings, "[model\nC = 0.2", contains="not valid TOML")
    assert_check_failed(maintainable.settings, A.SETTINGS.replace("[model]", "[modle]"),
                        contains="unknown section [modle]")
