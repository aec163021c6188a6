"""The parts of the service exercises: each judges what one scenario of ``service_checks``
observed, raises ``Incorrect`` saying what is wrong (never the expected score), and is
scored on its own."""

from __future__ import annotations

import json
import re

import numpy as np

from dsroles.checks.outcomes import Incorrect
from dsroles.checks.wording import plural
from dsroles.tracks.product_engineer import data
from dsroles.tracks.product_engineer.service_checks import (
    BATCH, BATCH_BUDGET, P95_BUDGET, PREDICT, TIMEOUT_BUDGET, reply, said,
)

SCORE_TOLERANCE = 1e-6
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def _served(seed: int):
    model, metadata = data.served(seed)
    return str(metadata["model_version"]), float(metadata["threshold"])


def _ok_json(r, what: str) -> dict:
    if r.status != 200:
        raise Incorrect(f"{what} {said(r)} instead of 200.")
    if not isinstance(r.json, dict):
        raise Incorrect(f"{what} did not answer with a JSON object.")
    return r.json


def _prediction(body: dict, what: str, key: str, want: float, seed: int) -> None:
    version, threshold = _served(seed)
    p = body.get("churn_probability")
    if type(p) not in (float, int):
        raise Incorrect(f"{what}: 'churn_probability' is missing or not a number.")
    if abs(float(p) - want) > SCORE_TOLERANCE:
        raise Incorrect(f"{what}: the churn probability is not the served model's: score the "
                        "features in the order of features.MODEL_FEATURES with the artefact's "
                        "model, and take predict_proba's second column.")
    if body.get("offer") is not (want >= threshold):
        raise Incorrect(f"{what}: 'offer' is not (probability >= the artefact's threshold).")
    if body.get("customer_key") != key:
        raise Incorrect(f"{what}: 'customer_key' is not the key the request carried.")


# -- PE-1: serving -------------------------------------------------------------------------
def health(seen, seed):
    body = _ok_json(reply(seen, "health"), "GET /health")
    if body.get("model_version") != _served(seed)[0]:
        raise Incorrect("GET /health does not name the model version the artefact records "
                        "(metadata['model_version']).")


def single(seen, seed):
    rows, scores = seen.inputs["rows"], seen.inputs["scores"]
    version = _served(seed)[0]
    for i in range(seen.inputs["singles"]):
        body = _ok_json(reply(seen, f"one {i}"), f"POST {PREDICT}")
        _prediction(body, f"POST {PREDICT}", rows[i]["customer_key"], float(scores[i]), seed)
        if body.get("model_version") != version:
            raise Incorrect(f"POST {PREDICT} does not name the model version that scored it.")


def batch(seen, seed):
    rows, scores = seen.inputs["rows"], seen.inputs["scores"]
    body = _ok_json(reply(seen, "batch"), f"POST {BATCH} with {len(rows)} customers")
    predictions = body.get("predictions")
    if not isinstance(predictions, list) or len(predictions) != len(rows):
        raise Incorrect(f"POST {BATCH}: 'predictions' must hold one entry per customer sent, "
                        "in the order sent.")
    if body.get("model_version") != _served(seed)[0]:
        raise Incorrect(f"POST {BATCH} does not name the model version that scored it.")
    for i, (row, entry) in enumerate(zip(rows, predictions)):
        if not isinstance(entry, dict):
            raise Incorrect(f"POST {BATCH}: prediction {i} is not a JSON object.")
        _prediction(entry, f"POST {BATCH}, customer {i}", row["customer_key"], float(scores[i]), seed)


def refuses_bad_customers(seen, seed):
    wrong = [f"{what} ({said(reply(seen, what))})" for what in seen.inputs["cases"]
             if reply(seen, what).status != 422]
    if wrong:
        raise Incorrect(f"{plural(len(wrong), 'bad request')} not answered 422: "
                        + "; ".join(wrong[:3]) + ". Validate the body with a pydantic model "
                        "that forbids extra fields (start from dsroles.churn.service.Customer).")
    good = reply(seen, "good")
    if good.status != 200:
        raise Incorrect(f"after the bad requests, a good batch {said(good)}: a bad request must "
                        "not change what the service does next.")


def names_the_field(seen, seed):
    vague = [what for what, (field, _) in seen.inputs["cases"].items()
             if reply(seen, what).status == 422 and field not in reply(seen, what).text]
    if vague:
        raise Incorrect(f"the 422 for {', '.join(vague[:3])} does not name the field that is "
                        "wrong: keep FastAPI's detail (its 'loc'), so the caller can fix it.")
    if not any(reply(seen, what).status == 422 for what in seen.inputs["cases"]):
        raise Incorrect("no bad request was answered 422, so no detail could be read.")


def batch_limits(seen, seed):
    for what in ("an empty batch", "a batch over the limit"):
        r = reply(seen, what)
        if r.status != 422:
            raise Incorrect(f"{what} {said(r)} instead of 422: a batch holds 1 to "
                            f"{data.MAX_BATCH} customers.")


# -- PE-2: security ------------------------------------------------------------------------
def refuses_without_key(seen, seed):
    wrong = [f"{label} ({said(r)})" for label, r in seen.replies.items()
             if ("without a key" in label or "wrong key" in label) and "health" not in label
             and r.status != 401]
    if wrong:
        raise Incorrect(f"{plural(len(wrong), 'request')} without the right key not answered "
                        f"401: {'; '.join(wrong[:2])}.")


def accepts_the_key(seen, seed):
    for label in (f"{PREDICT} with the key", f"{BATCH} with the key"):
        r = reply(seen, label)
        if r.status != 200:
            raise Incorrect(f"POST {label} {said(r)} instead of 200: read the key from the "
                            f"environment variable {data.API_KEY_VARIABLE} when the app is "
                            "created, never from a value typed into the code.")
    r = reply(seen, "health without a key")
    if r.status != 200:
        raise Incorrect(f"GET /health without a key {said(r)}: the load balancer asks it "
                        "without a key, so leave it open.")


def refuses_oversized(seen, seed):
    for label in ("oversized", "oversized, streamed"):
        r = reply(seen, label)
        if r.status != 413:
            how = " (no Content-Length header: count the bytes as they arrive)" if "streamed" in label else ""
            raise Incorrect(f"a request body over {data.MAX_BODY_BYTES:,} bytes{how} {said(r)} "
                            "instead of 413.")


def survives_hostile_input(seen, seed):
    from dsroles.tracks.product_engineer.service_checks import HOSTILE

    bad = [f"{label} ({said(reply(seen, label))})" for label in HOSTILE
           if not (reply(seen, label).status or 500) < 500]
    if bad:
        raise Incorrect(f"hostile input got a server error or no answer: {'; '.join(bad[:2])}. "
                        "Anything the client sends wrong deserves a 4xx.")
    if reply(seen, "health after").status is None or not seen.alive:
        raise Incorrect("the service stopped answering after the hostile requests.")


def _leaks(seen, values, pattern=None) -> list[str]:
    log = seen.log
    found = [v for v in values if v and v in log]
    if pattern is not None:
        found += [m for m in pattern.findall(log) if m not in found]
    return found


def _people(seen):
    return seen.inputs["people"]


def _require_log(seen):
    if not seen.log.strip():
        raise Incorrect("the service logged nothing at all, so its logs cannot be checked; "
                        "keep uvicorn's access log and log each prediction.")


def no_emails(seen, seed):
    _require_log(seen)
    if _leaks(seen, [p["email"] for p in _people(seen)], EMAIL):
        raise Incorrect("an e-mail address from a request reached the service's log: never log "
                        "request bodies or validation errors with their input.")


def no_phones(seen, seed):
    _require_log(seen)
    if _leaks(seen, [p["phone"] for p in _people(seen)]):
        raise Incorrect("a phone number from a request reached the service's log.")


def no_names(seen, seed):
    _require_log(seen)
    if _leaks(seen, [p["name"] for p in _people(seen)]):
        raise Incorrect("a customer's name from a request reached the service's log.")


# -- PE-3: speed and availability ----------------------------------------------------------
def p95_latency(seen, seed):
    from dsroles.tracks.product_engineer.service_checks import LATENCY_REQUESTS

    replies = [reply(seen, f"one {i}") for i in range(LATENCY_REQUESTS)]
    failed = [r for r in replies if r.status != 200]
    if failed:
        raise Incorrect(f"{plural(len(failed), 'single prediction')} of {len(replies)} did not "
                        f"succeed ({said(failed[0])}).")
    p95 = float(np.percentile([r.seconds for r in replies], 95))
    if p95 > P95_BUDGET:
        raise Incorrect(f"the 95th percentile of one prediction took {p95 * 1000:.0f} ms; the "
                        f"budget is {P95_BUDGET * 1000:.0f} ms. Load the model once, at start-up.")


def batch_throughput(seen, seed):
    r = reply(seen, "batch")
    if r.status != 200:
        raise Incorrect(f"a batch of {data.MAX_BATCH} customers {said(r)}; the contract allows "
                        f"up to {data.MAX_BATCH} per request.")
    if r.seconds > BATCH_BUDGET:
        raise Incorrect(f"a batch of {data.MAX_BATCH} customers took {r.seconds:.1f} s; the "
                        f"budget is {BATCH_BUDGET} s. Score the whole batch in one "
                        "predict_proba call, not one customer at a time.")


def _unavailable(seen, name: str):
    for what in ("predict", "health"):
        r = reply(seen, f"{name}: {what}")
        if r.status != 503:
            raise Incorrect(f"with the {name} artefact, {'POST /predict' if what == 'predict' else 'GET /health'} "
                            f"{said(r)} instead of 503. Start anyway, and answer 503 while there is "
                            "no model.")
        if "Traceback" in r.text or 'File "' in r.text:
            raise Incorrect(f"with the {name} artefact, the answer shows a stack trace: say what "
                            "is wrong in one sentence, and keep the details in the log.")
        if not isinstance(r.json, dict):
            raise Incorrect(f"with the {name} artefact, the 503 is not a JSON object.")


def missing_model(seen, seed):
    _unavailable(seen, "missing")


def tampered_model(seen, seed):
    _unavailable(seen, "tampered")


def logs_why(seen, seed):
    for name in ("missing", "tampered"):
        folder, log = seen.inputs.get(name, ("", ""))
        if not folder or folder not in log:
            raise Incorrect(f"with the {name} artefact, no log line says why the model is "
                            "unavailable: log the ArtefactError's message (it names the folder).")


def answers_in_time(seen, seed):
    r = reply(seen, "slow")
    if r.status not in (503, 504) or r.seconds > TIMEOUT_BUDGET:
        took = f"after {r.seconds:.1f} s" if r.status is not None else ""
        raise Incorrect(f"with a model that takes seconds to score, POST /predict {said(r)} "
                        f"{took}; it should give up after {data.SCORING_SECONDS:g} s and "
                        "answer 504.")


def keeps_serving(seen, seed):
    r = reply(seen, "health after")
    if r.status != 200:
        raise Incorrect(f"while a slow prediction was still running, GET /health {said(r)}: "
                        "run the scoring in a worker thread so the service keeps answering.")


# -- PE-5: the prediction log --------------------------------------------------------------
def logged_records(log: str) -> list[dict]:
    """Every JSON object found on a line of the log."""
    out = []
    for line in log.splitlines():
        start = line.find("{")
        if start < 0:
            continue
        try:
            value = json.loads(line[start:])
        except ValueError:
            continue
        if isinstance(value, dict):
            out.append(value)
    return out


def _logged(seen) -> dict:
    return {r.get("customer_key"): r for r in logged_records(seen.log) if "customer_key" in r}


def every_prediction_logged(seen, seed):
    keys = {row["customer_key"] for row in seen.inputs["rows"]}
    missing = keys - set(_logged(seen))
    if missing:
        raise Incorrect(f"{plural(len(missing), 'prediction')} of {len(keys)} left no JSON line "
                        "with its customer_key in the log: log one line per customer scored, "
                        "batch included.")


def logged_with_version(seen, seed):
    logged, version = _logged(seen), _served(seed)[0]
    scores = dict(zip([r["customer_key"] for r in seen.inputs["rows"]], seen.inputs["scores"]))
    if not logged:
        raise Incorrect("no prediction line in the log holds a customer_key.")
    for key, record in logged.items():
        if key not in scores:
            continue
        if record.get("model_version") != version:
            raise Incorrect("a logged prediction does not carry the model_version that scored it:"
                            " without it the data engineer cannot tell two models' scores apart.")
        p = record.get("churn_probability")
        if type(p) not in (float, int) or abs(float(p) - float(scores[key])) > SCORE_TOLERANCE:
            raise Incorrect("a logged prediction's churn_probability is missing or is not the "
                            "score the service returned.")
