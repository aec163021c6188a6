"""Production beyond a server: the served model exported to ONNX and scored with onnxruntime,
as an app or a device would, with the same scores as the server's within ``ONNX_TOLERANCE``."""

from __future__ import annotations

import functools

import numpy as np

from dsroles.checks.calling import call_safely, require_function
from dsroles.checks.exercise import Exercise, Part
from dsroles.checks.numbers import a_type
from dsroles.checks.outcomes import Incorrect, NotAttempted
from dsroles.tracks.product_engineer import data
from dsroles.tracks.product_engineer.references import reference_export


def session_of(onnx_bytes):
    """An onnxruntime session for the ONNX model in ``onnx_bytes`` (CPU, one thread)."""
    import onnxruntime as rt

    options = rt.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    return rt.InferenceSession(onnx_bytes, options, providers=["CPUExecutionProvider"])


def check_table(seed: int):
    """Rows no notebook shows: the edge cases (a new customer, unknown categories, the
    largest values) and a sample, with a category the model never saw."""
    table = data.customers(seed, 120)
    table.loc[3, "region"] = "isle of man"
    return table


def reference_scores(session, table) -> np.ndarray:
    from dsroles.churn import onnx_export

    if len(table) == 0:
        return np.zeros(0)
    return session.run(["probabilities"], onnx_export.feeds(session, table))[0][:, 1]


# -- the export exercise -------------------------------------------------------------------
def _load(value, expected, context):
    if type(value) is not bytes:
        raise Incorrect(f"your export is {a_type(value)}; the ONNX model's bytes are expected "
                        "(onx.SerializeToString()).")
    try:
        context["session"] = session_of(value)
    except Exception as exc:  # noqa: BLE001 - onnxruntime's reason, in words
        raise Incorrect(f"onnxruntime cannot load your model: {str(exc).splitlines()[0][:200]}") from None
    import onnx

    context["metadata"] = {p.key: p.value for p in onnx.load_from_string(value).metadata_props}


def _same_scores(value, expected, context):
    from dsroles.churn import onnx_export

    seed, session = int(context["seed"]), context["session"]
    table = check_table(seed)
    names = [o.name for o in session.get_outputs()]
    try:
        out = session.run(None, onnx_export.feeds(session, table))
    except Exception as exc:  # noqa: BLE001
        raise Incorrect("your model does not take one input per feature, numbers as float32 and "
                        f"categories as strings ({type(exc).__name__}).") from None
    probs = dict(zip(names, out)).get("probabilities")
    if not isinstance(probs, np.ndarray) or probs.ndim != 2 or probs.shape[1] != 2:
        raise Incorrect("your model's 'probabilities' output is not an (n, 2) tensor: export "
                        "with the option zipmap=False.")
    diff = float(np.abs(probs[:, 1] - data.expected_scores(seed, table)).max())
    if not diff <= data.ONNX_TOLERANCE:
        raise Incorrect(f"your model's scores differ from the served model's by up to {diff:.2g} "
                        f"(tolerance {data.ONNX_TOLERANCE:g}): export the artefact the service "
                        "serves, not another fit.")


def _metadata(value, expected, context):
    _, metadata = data.served(int(context["seed"]))
    got = context["metadata"]
    if got.get("model_version") != str(metadata["model_version"]):
        raise Incorrect("the ONNX metadata does not carry the served 'model_version'.")
    try:
        threshold = float(got.get("threshold", "nan"))
    except ValueError:
        threshold = float("nan")
    if not abs(threshold - float(metadata["threshold"])) < 1e-9:
        raise Incorrect("the ONNX metadata does not carry the artefact's decision 'threshold'.")


def export_exercise(id: str, **kw) -> Exercise:
    return Exercise(id, precheck=_load, context=("seed",), parts=[
        Part("the server's scores", _same_scores, 3), Part("version and threshold", _metadata, 1)], **kw)


# -- the device scoring exercise -------------------------------------------------------------
def scoring_cases(seed: int) -> list[tuple[str, object]]:
    from dsroles.churn.features import MODEL_FEATURES

    table = check_table(seed)
    shuffled = table[["customer_key"] + MODEL_FEATURES[::-1]]
    ints = table.astype({"tenure_months": "int64"}) if (table["tenure_months"] % 1 == 0).all() else table
    return [("the check's customers", table), ("one customer", table.iloc[[5]]),
            ("columns in another order, with the customer_key", shuffled),
            ("tenure as whole numbers", ints), ("an empty table", table.iloc[:0])]


def _device_results(fn, seed: int):
    """``(label, table, what the learner's function returned)`` for each case."""
    require_function(fn, "your scoring function")
    session = session_of(reference_export(seed))
    for label, table in scoring_cases(seed):
        got = call_safely(functools.partial(fn, session), table, what=f"your function, on {label},")
        if got is None:
            raise NotAttempted("Your function returns nothing yet: write its body, then check it.")
        yield label, table, got


def _close(got, table, seed: int, label: str) -> None:
    want = data.expected_scores(seed, table) if len(table) else np.zeros(0)
    if len(got) != len(want):
        raise Incorrect(f"on {label} your function returned {len(got)} scores for {len(table)} rows.")
    try:
        values = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        raise Incorrect(f"on {label} the scores are not numbers.") from None
    if len(want) and not float(np.abs(values - want).max()) <= data.ONNX_TOLERANCE:
        raise Incorrect(f"on {label} your scores are not the churn probabilities: take the "
                        "second column of the 'probabilities' output, with each input "
                        "cast to the type the session asks for.")


def _scores_match(fn, expected, context):
    seed = int(context["seed"])
    for label, table, got in _device_results(fn, seed):
        if type(got) is not np.ndarray or got.ndim != 1:
            raise Incorrect(f"on {label} your function returned {a_type(got)}; a 1-D numpy array "
                            "of churn probabilities is expected.")
        _close(got, table, seed, label)


def scoring_exercise(id: str, **kw) -> Exercise:
    """The lesson's: a function returning the churn probabilities as a 1-D array."""
    return Exercise(id, compare=_scores_match, context=("seed",), **kw)


OFFER_COLUMNS = ["customer_key", "churn_probability", "offer"]


def _offers_match(fn, expected, context):
    import pandas as pd

    seed = int(context["seed"])
    threshold = float(data.served(seed)[1]["threshold"])
    for label, table, got in _device_results(fn, seed):
        if type(got) is not pd.DataFrame or list(got.columns) != OFFER_COLUMNS:
            raise Incorrect(f"on {label} your function returned {a_type(got)}; a DataFrame with "
                            f"the columns {', '.join(OFFER_COLUMNS)} is expected.")
        _close(got["churn_probability"].to_numpy(), table, seed, label)
        if list(got["customer_key"].astype(str)) != list(table["customer_key"].astype(str)):
            raise Incorrect(f"on {label} the customer_key column is not the table's, row for row.")
        p = got["churn_probability"].to_numpy(dtype=float)
        if got["offer"].dtype != bool or (got["offer"].to_numpy() != (p >= threshold)).any():
            raise Incorrect(f"on {label} 'offer' is not a boolean column saying whether the "
                            "probability reaches the threshold the model's metadata carries.")


def offers_exercise(id: str, **kw) -> Exercise:
    """The assessment's: a table of probabilities and offers, the threshold read from the model."""
    return Exercise(id, compare=_offers_match, context=("seed",), **kw)
