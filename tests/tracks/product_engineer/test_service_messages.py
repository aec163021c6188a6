"""Do the service checks say what is wrong, in words a product engineer can act on?"""

from dsroles.checks.testing import assert_check_failed, assert_check_passed
from dsroles.tracks.product_engineer import exam

from tracks.product_engineer import notebook_answers as nb


def _mistake(name: str):
    entry = nb.bank()[name]
    return nb.run(42, entry.replaces, entry.code)["create_app"]


def test_fastapis_own_422_is_caught_on_nan():
    """Is FastAPI's default 422 (which cannot encode NaN) reported as a server error?"""
    assert_check_failed(exam.hostile_input, _mistake("service_default_422"), seed=42,
                        contains=("NaN and infinity (answered 500)", "4xx"))


def test_a_typed_in_key_is_told_to_read_the_environment():
    assert_check_failed(exam.api_key, _mistake("service_key_in_code"), seed=42,
                        contains="CHURN_API_KEY")


def test_the_solution_survives_a_missing_and_a_tampered_model():
    assert_check_passed(exam.unavailable, nb.run(42, "pe_service_answer")["create_app"], seed=42)
