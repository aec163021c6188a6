"""The ML engineer's graded assessment (``mle_exam.<name>``): variants of the track's
exercises, with no hints and no solutions.

    from dsroles.checks import partial_check
    partial_check("mle_exam.feature_tests", feature_tests, points=3, seed=seed)

Each is a variant of a lesson exercise: the campaign's own threshold and version, a predictor
whose batch output carries the customer id and the version but no personal data, suites
graded by other planted bugs than the lesson's, a minimum-functionality test and a gate rule
per region, notebook code whose training window is a setting too, and a skew report that
counts the rows. Expected values come from ``references`` (the answer key), inputs from
``exam_data``.
"""

from __future__ import annotations

import numpy as np

from dsroles.checks import Part
from dsroles.checks.exercise import Exercise
from dsroles.checks.outcomes import Incorrect
from dsroles.tracks.ml_engineer import behaviours as B
from dsroles.tracks.ml_engineer import data, exam_data, mutants, packaging, references
from dsroles.tracks.ml_engineer import servings as S
from dsroles.tracks.ml_engineer.exam_refactor import config_effect, refactor_equal, retrain_reproducible  # noqa: F401
from dsroles.tracks.ml_engineer.placeholders import is_stub
from dsroles.tracks.ml_engineer.suites import SuiteExercise

# -- task 1: package the model -------------------------------------------------------------


def _version(path, expected, context):
    meta = packaging.read_artefact(path)[1]
    if meta["model_version"] != exam_data.VERSION:
        raise Incorrect("the artefact's model_version is not the version the release manager "
                        "gave: pass it to save_model(version=...).")


def _model(path, expected, context):
    model, meta = packaging.read_artefact(path)
    seed = int(context["seed"])
    packaging.check_scores_like(model, exam_data.handed_over(seed), exam_data.test_rows(seed))
    if list(meta["features"]) != list(exam_data.handed_over(seed).feature_names_in_):
        raise Incorrect("the artefact's features are not the model's input columns.")


artefact = Exercise(
    "mle_exam.artefact",
    expected=lambda: exam_data.campaign_threshold(),
    context=("seed",),
    precheck=lambda path, expected, context: packaging.read_artefact(path),
    parts=[Part("the threshold", lambda p, e, c: packaging.check_threshold(
               packaging.read_artefact(p)[1], e)),
           Part("the version", _version), Part("the model", _model)],
)


def _predictor(cls, context):
    return packaging.construct(cls, exam_data.artefact_dir(int(context["seed"])))


def _batch_of(cls, context):
    from dsroles.checks.calling import call_safely

    seed = int(context["seed"])
    batch = exam_data.campaign_batch(seed)
    got = call_safely(_predictor(cls, context).predict_batch, batch, what="predict_batch")
    packaging.check_frame_columns(got, references.CampaignPredictor.COLUMNS, "predict_batch")
    if len(got) != len(batch):
        raise Incorrect(f"predict_batch returned {len(got)} rows for {len(batch)} customers.")
    return batch, got


def _scores(cls, expected, context):
    batch, got = _batch_of(cls, context)
    want = data.predictor(int(context["seed"])).predict_batch(batch)
    if not np.allclose(got["churn_probability"].to_numpy(float),
                       want["churn_probability"].to_numpy(), rtol=0, atol=1e-9):
        raise Incorrect("the churn probabilities are not the model's probability of churning, "
                        "row by row in the batch's order.")
    if not (got["offer"].to_numpy() == want["offer"].to_numpy()).all():
        raise Incorrect("the offers are not the customers scored at or above the artefact's "
                        "threshold.")


def _identity(cls, expected, context):
    batch, got = _batch_of(cls, context)
    if list(got["customer_id"]) != list(batch["customer_id"]):
        raise Incorrect("customer_id does not name each row's customer, in the batch's order.")
    version = data.predictor(int(context["seed"])).version
    if not (got["model_version"] == version).all():
        raise Incorrect("model_version is not the artefact's version on every row.")


def _empty(cls, expected, context):
    from dsroles.checks.calling import call_safely

    empty = exam_data.campaign_batch(int(context["seed"])).iloc[:0]
    got = call_safely(_predictor(cls, context).predict_batch, empty, what="predict_batch on an empty batch")
    packaging.check_frame_columns(got, references.CampaignPredictor.COLUMNS,
                                  "predict_batch on an empty batch")
    if len(got):
        raise Incorrect("predict_batch on an empty batch returned rows.")


def _one(cls, expected, context):
    from dsroles.checks.calling import call_safely
    from dsroles.tracks.ml_engineer.testkit import native_features

    seed = int(context["seed"])
    customer = native_features(exam_data.campaign_batch(seed).iloc[0])
    got = call_safely(_predictor(cls, context).predict_one, customer, what="predict_one")
    want = data.predictor(seed).predict_one(customer)
    if type(got) is not dict or set(got) != set(want):
        raise Incorrect("predict_one should return a dict with churn_probability, offer and "
                        "model_version.")
    if abs(float(got["churn_probability"]) - want["churn_probability"]) > 1e-9 \
            or bool(got["offer"]) != want["offer"] or got["model_version"] != want["model_version"]:
        raise Incorrect("predict_one does not give the customer the model's score, offer and "
                        "version.")


predictor_scores = Exercise(
    "mle_exam.predictor_scores",
    context=("seed",),
    precheck=lambda cls, expected, context: _predictor(cls, context),
    parts=[Part("the scores", _scores), Part("who and which model", _identity),
           Part("an empty batch", _empty), Part("one customer", _one)],
)


def _refuses_bad_input(cls, expected, context):
    from dsroles.tracks.ml_engineer.testkit import native_features

    p = _predictor(cls, context)
    customer = native_features(exam_data.campaign_batch(int(context["seed"])).iloc[0])
    for what, record in packaging.bad_customers(customer).items():
        packaging.raises_value_error(lambda: p.predict_one(record), f"predict_one with {what}")


def _refuses_bad_row(cls, expected, context):
    p = _predictor(cls, context)
    batch = exam_data.campaign_batch(int(context["seed"])).copy()
    batch.loc[len(batch) // 2, "monthly_charges"] = 1399.0  # one row in pence
    packaging.raises_value_error(lambda: p.predict_batch(batch),
                                 "predict_batch with one row's charges in pence")


predictor_safe = Exercise(
    "mle_exam.predictor_safe",
    context=("seed",),
    precheck=lambda cls, expected, context: _predictor(cls, context),
    parts=[Part("a changed model file", lambda c, e, ctx: packaging.refuses_tampered(
               c, int(ctx["seed"]))),
           Part("other library versions", lambda c, e, ctx: packaging.notices_other_libraries(
               c, int(ctx["seed"]))),
           Part("an invalid customer", _refuses_bad_input),
           Part("an invalid row in a batch", _refuses_bad_row)],
)

# -- task 2: unit tests, graded by the bugs they catch ---------------------------------------
feature_tests = SuiteExercise("mle_exam.feature_tests", mutants.EXAM_FEATURES)
predictor_tests = SuiteExercise("mle_exam.predictor_tests", mutants.EXAM_PREDICTOR)

# -- task 3: the model's behaviour, and the release gate -------------------------------------


def _three_checks(value, expected, context):
    if type(value) is not dict or any(not callable(value.get(k)) for k in ("minimum", "invariance", "direction")):
        raise Incorrect("define the three functions check_minimum, check_invariance and "
                        "check_direction.")


behaviour_tests = Exercise(
    "mle_exam.behaviour_tests",
    context=("seed",),
    not_attempted=lambda v: is_stub(v) or (type(v) is dict and all(is_stub(f) for f in v.values())),
    precheck=_three_checks,
    parts=[Part("minimum functionality", B.behaviour_check(
               "minimum", "your minimum-functionality test", ("constant",))),
           Part("invariance", B.behaviour_check(
               "invariance", "your invariance test", ("email", "name", "customer_id"))),
           Part("direction", B.behaviour_check(
               "direction", "your directional test", ("payments_backwards",)))],
)

release_gate = Exercise(
    "mle_exam.release_gate",
    context=("seed",),
    not_attempted=is_stub,
    precheck=B.releases_good(B.EXAM_GATE),
    parts=[Part(f"the {name} candidate", B.refuses(name, B.EXAM_GATE))
           for name in ("leaky", "worse", "miscalibrated", "unfair")],
)

# -- task 5: training-serving skew -----------------------------------------------------------


def _as_report(value) -> dict:
    from dsroles.churn.features import MODEL_FEATURES

    if type(value) is not dict:
        raise Incorrect(f"your skew report is a {type(value).__name__}; a dict "
                        "{feature: number of rows that differ} is expected.")
    for key, count in value.items():
        if key not in MODEL_FEATURES:
            raise Incorrect(f"your skew report names {key!r}, which is not a model feature.")
        if type(count) not in (int, np.int64) or count < 1:
            raise Incorrect(f"your skew report gives {key!r} {count!r}: a count of rows (a whole "
                            "number, at least 1) is expected.")
    return value


def _no_false_alarm(fn, expected, context):
    from dsroles.checks.calling import require_function

    require_function(fn, "skew_report")
    got = _as_report(S.checked_run(fn, int(context["seed"]), None, float32=True))
    if got:
        raise Incorrect(f"your report flags {next(iter(got))!r} when serving computes every "
                        "feature as training does, its numbers kept as float32 (within 1e-7): "
                        "compare the same customers' rows, numbers within 1e-6.")


def _reports(skew: str):
    feature = S.SKEWS[skew][0]

    def part(fn, expected, context):
        seed = int(context["seed"])
        got = _as_report(S.checked_run(fn, seed, skew, float32=True))
        want = references.skew_counts(seed, skew)
        if feature not in got:
            raise Incorrect(f"your report misses {feature} when serving computes it differently.")
        if set(got) != set(want):
            raise Incorrect(f"with only {feature} skewed, your report names "
                            f"{sorted(set(got) - set(want))[0]!r} too.")
        if got[feature] != want[feature]:
            raise Incorrect(f"your report's count for {feature} is not the number of rows both "
                            "tables hold (same customer_key and snapshot_month) on which it differs.")
    return part


skew_report = Exercise(
    "mle_exam.skew_report",
    context=("seed",),
    not_attempted=is_stub,
    precheck=_no_false_alarm,
    parts=[Part(skew.replace("_", " "), _reports(skew)) for skew in exam_data.GRADED_SKEWS],
)


def _check_found(value, expected, context):
    S.check_found(value, expected, "your list")


skewed_features = Exercise(
    "mle_exam.skewed_features",
    compare=_check_found,
    expected=references.product_skewed,
    context=("seed",),
)
