"""ML engineer, lesson 1 (``01_the_role``): package the data scientist's model: a versioned
artefact with the business's threshold, a typed input schema, and a predictor with a batch
and a single-customer entry point.

    from dsroles.tracks.ml_engineer import role
    q = role.bind(seed=SEED)
    q.artefact.check(folder)
"""

from __future__ import annotations

import functools

import numpy as np

from dsroles.checks import Part
from dsroles.checks.calling import call_safely
from dsroles.checks.exercise import Exercise
from dsroles.checks.outcomes import Incorrect, NotAttempted, is_placeholder
from dsroles.checks.registry import binder
from dsroles.tracks.ml_engineer import data, packaging


@functools.lru_cache(maxsize=4)
def handed_over(seed: int):
    """The data scientist's model: the reference Pipeline fitted before the last three months."""
    from dsroles.churn import train

    train_set, _ = train.time_split(data.snapshots(seed))
    return train.train(train_set)


def break_even() -> float:
    from dsroles.churn import evaluate

    return evaluate.break_even_probability()


def month_rows(seed: int, month: str = "2025-11"):
    snaps = data.snapshots(seed)
    return snaps[snaps["snapshot_month"] == month].reset_index(drop=True)


def _threshold(path, expected, context):
    packaging.check_threshold(packaging.read_artefact(path)[1], expected)


def _features(path, expected, context):
    from dsroles.churn.features import MODEL_FEATURES

    meta = packaging.read_artefact(path)[1]
    if list(meta["features"]) != list(MODEL_FEATURES):
        raise Incorrect("the artefact's features are not the model's input columns, in order: "
                        "save the fitted Pipeline itself, so its feature names are read from it.")


def _same_model(path, expected, context):
    model = packaging.read_artefact(path)[0]
    rows = month_rows(context["seed"])
    packaging.check_scores_like(model, handed_over(context["seed"]), rows)


artefact = Exercise(
    "mle.artefact",
    competency="MLE-1",
    expected=lambda: break_even(),
    context=("seed",),
    precheck=lambda path, expected, context: packaging.read_artefact(path),
    parts=[Part("the threshold", _threshold), Part("the features", _features),
           Part("the model", _same_model)],
    hints=[
        "`artefact.save_model(model, folder, metrics=..., threshold=...)` writes the model and "
        "its metadata; the threshold is the business's break-even probability.",
        "The `evaluate` module computes the break-even probability from `params.BUSINESS`, "
        "and the metrics of a model on the test set: use both rather than typing numbers in.",
    ],
    solution="```python\nsaved = artefact.save_model(\n    model, workdir / 'churn-model', "
             "metrics=evaluate.evaluate(model, test_set), data_dir=folder,\n"
             "    threshold=evaluate.break_even_probability())\n```",
)


def valid_customers(seed: int) -> list[dict]:
    from dsroles.tracks.ml_engineer.testkit import native_features

    rows = month_rows(seed)
    return [native_features(rows.iloc[i]) for i in (0, 1, 2, len(rows) - 1)]


def _check_schema(cls, expected, context):
    from pydantic import BaseModel, ValidationError

    if is_placeholder(cls):
        raise NotAttempted("Write the schema class first, then check it.")
    if not (isinstance(cls, type) and issubclass(cls, BaseModel)):
        raise Incorrect("your schema is not a pydantic model: a class that derives from "
                        "pydantic.BaseModel is expected.")
    for customer in valid_customers(context["seed"]):
        try:
            cls.model_validate(customer)
        except ValidationError as err:
            raise Incorrect(f"your schema refuses a valid customer: {str(err).splitlines()[1:3]}") from None
    customer = valid_customers(context["seed"])[0]
    bad = {**packaging.bad_customers(customer),
           "sessions given as text": dict(customer, sessions="6"),
           "an extra field holding an e-mail address": dict(customer, email="ann@example.com")}
    for what, record in bad.items():
        try:
            cls.model_validate(record)
        except ValidationError:
            continue
        raise Incorrect(f"your schema accepts {what}: a service would score it.")


schema = Exercise(
    "mle.schema",
    competency="MLE-1",
    compare=_check_schema,
    context=("seed",),
    hints=[
        "A field's type and `Field(ge=..., le=...)` bound it; `Literal[...]` lists the "
        "categories; `model_config = ConfigDict(extra='forbid', strict=True)` refuses extra "
        "fields and text where a number belongs.",
        "Charges lie between `params.MIN_CHARGE` and `params.MAX_CHARGE`; the categories are "
        "`params.CONTRACTS`, `PLANS`, `PAYMENT_METHODS` and `REGIONS` (the last two also "
        "`'unknown'`).",
    ],
    solution="```python\nfrom dsroles.churn.service import Customer as CustomerIn   # the kit's "
             "schema, field by field\n```\nRead it with `inspect.getsource(service.Customer)`.",
)


def _predictor_parts(cls, context):
    seed = int(context["seed"])
    return packaging.construct(cls, data.artefact_dir(seed)), month_rows(seed)


def _batch(cls, expected, context):
    p, rows = _predictor_parts(cls, context)
    model = data.predictor(int(context["seed"])).model
    got = call_safely(p.predict_batch, rows, what="predict_batch")
    packaging.check_frame_columns(got, ["churn_probability", "offer"], "predict_batch")
    want = model.predict_proba(rows)[:, 1]
    if list(got.index) != list(rows.index):
        raise Incorrect("predict_batch's result does not keep the rows' index and order.")
    if not np.allclose(got["churn_probability"].to_numpy(float), want, rtol=0, atol=1e-9):
        raise Incorrect("predict_batch's churn probabilities are not the model's probability "
                        "of churning (predict_proba's second column).")
    threshold = data.predictor(int(context["seed"])).threshold
    if not (got["offer"].to_numpy() == (want >= threshold)).all():
        raise Incorrect("predict_batch's offers are not the customers scored at or above the "
                        "artefact's threshold.")


def _single(cls, expected, context):
    p, rows = _predictor_parts(cls, context)
    from dsroles.tracks.ml_engineer.testkit import native_features

    customer = native_features(rows.iloc[0])
    got = call_safely(p.predict_one, customer, what="predict_one")
    if type(got) is not dict or set(got) != {"churn_probability", "offer", "model_version"}:
        raise Incorrect("predict_one should return a dict with churn_probability, offer and "
                        "model_version.")
    reference = data.predictor(int(context["seed"])).predict_one(customer)
    if abs(float(got["churn_probability"]) - reference["churn_probability"]) > 1e-9 \
            or bool(got["offer"]) != reference["offer"]:
        raise Incorrect("predict_one does not give the customer the score and offer the model does.")
    if got["model_version"] != reference["model_version"]:
        raise Incorrect("predict_one's model_version is not the artefact's version.")


def _empty(cls, expected, context):
    p, rows = _predictor_parts(cls, context)
    got = call_safely(p.predict_batch, rows.iloc[:0], what="predict_batch on an empty batch")
    packaging.check_frame_columns(got, ["churn_probability", "offer"], "predict_batch on an empty batch")
    if len(got):
        raise Incorrect("predict_batch on an empty batch returned rows.")


def _tampered(cls, expected, context):
    packaging.refuses_tampered(cls, int(context["seed"]))


def _validates(cls, expected, context):
    p, rows = _predictor_parts(cls, context)
    from dsroles.tracks.ml_engineer.testkit import native_features

    for what, record in packaging.bad_customers(native_features(rows.iloc[0])).items():
        packaging.raises_value_error(lambda: p.predict_one(record), f"predict_one with {what}")


predictor = Exercise(
    "mle.predictor",
    competency="MLE-1",
    context=("seed",),
    precheck=lambda cls, expected, context: _predictor_parts(cls, context),
    parts=[Part("batch scores", _batch), Part("one customer", _single),
           Part("an empty batch", _empty), Part("a changed model file", _tampered),
           Part("invalid input", _validates)],
    hints=[
        "Load with `artefact.load_model(folder)`: it checks the file's SHA-256 before it "
        "unpickles anything, and returns the model and its metadata (version, threshold).",
        "Validate first: `Customer.model_validate(customer)` for one customer, each row for a "
        "batch; return early when the batch is empty (scikit-learn refuses zero rows).",
    ],
    solution="```python\nfrom dsroles.churn.predictor import Predictor as MyPredictor   # the kit's "
             "predictor\n```\nRead it with `inspect.getsource(MyPredictor)`.",
)


bind = binder(__name__)
