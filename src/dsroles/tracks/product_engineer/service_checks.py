"""What the checks do to a learner's service: start it (``harness.serving``), send it real
HTTP requests, and keep what came back and what it logged. Each ``observe_*`` function is
one scenario with a service of its own; the exercises' parts judge what it observed.

Every loop is bounded (a fixed number of requests, each with a timeout), so a check takes a
few seconds even against a service that hangs.
"""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass, field

from dsroles.checks.calling import STUB_MESSAGE, require_function
from dsroles.checks.exercise import Exercise, Part
from dsroles.checks.outcomes import Incorrect, NotAttempted
from dsroles.tracks.product_engineer import data, faults
from dsroles.tracks.product_engineer.harness import ServiceFailed, serving

PREDICT, BATCH, HEALTH = "/predict", "/predict/batch", "/health"


@dataclass
class Reply:
    """One request's answer: status code, body text and JSON (None if not JSON), seconds taken."""

    status: int | None
    text: str = ""
    json: object = None
    seconds: float = 0.0
    error: str = ""  # a transport error (timeout, connection reset) instead of an answer


@dataclass
class Observed:
    """Everything one scenario saw: replies by label, the log, and the scenario's inputs."""

    replies: dict = field(default_factory=dict)
    log: str = ""
    alive: bool = True
    inputs: dict = field(default_factory=dict)


def send(client, method: str, path: str, **kwargs) -> Reply:
    import httpx

    start = time.perf_counter()
    try:
        response = client.request(method, path, **kwargs)
    except httpx.TimeoutException:
        return Reply(None, seconds=time.perf_counter() - start, error="no answer in time")
    except httpx.HTTPError as exc:
        return Reply(None, seconds=time.perf_counter() - start,
                     error=f"the connection failed ({type(exc).__name__})")
    seconds = time.perf_counter() - start
    try:
        body = response.json()
    except ValueError:
        body = None
    return Reply(response.status_code, response.text[:4000], body, seconds)


def new_key() -> str:
    return "pe-" + secrets.token_urlsafe(18)


def run(create_app, folder, scenario, *, key: str | None = None) -> Observed:
    """Serve ``create_app(folder)`` with a key in its environment, play ``scenario``."""
    require_function(create_app, "create_app")
    key = key or new_key()
    seen = Observed(inputs={"key": key, "folder": str(folder)})
    try:
        with serving(create_app, str(folder), env={data.API_KEY_VARIABLE: key}) as service:
            scenario(service, key, seen)
            seen.alive = service.alive()
            time.sleep(0.05)  # let the last log lines reach the file
            seen.log = service.log_text()
    except ServiceFailed as exc:
        if "NotImplementedError" in str(exc):
            raise NotAttempted(STUB_MESSAGE) from None
        raise Incorrect(f"create_app(artefact_dir) did not give a working service: {exc}") from None
    return seen


def auth(key: str) -> dict:
    return {"X-API-Key": key}


def reply(seen: Observed, label: str) -> Reply:
    return seen.replies.get(label) or Reply(None, error="the check never got this far")


def said(r: Reply) -> str:
    """'answered 500', 'gave no answer in time'."""
    return f"answered {r.status}" if r.status is not None else f"gave no answer: {r.error}"


def service_exercise(id: str, scenario, parts, **kw) -> Exercise:
    """An exercise on a ``create_app`` function: ``scenario(create_app, seed)`` runs once per
    check (before the parts), and each part judges its ``Observed``."""
    def precheck(create_app, expected, context):
        context["observed"] = scenario(create_app, int(context["seed"]))

    def on_observed(judge):
        return lambda value, expected, context: judge(context["observed"], int(context["seed"]))

    return Exercise(id, precheck=precheck, context=("seed",),
                    parts=[Part(name, on_observed(judge), weight) for name, judge, weight in parts],
                    **kw)


# -- scenarios ---------------------------------------------------------------------------
def observe_scoring(create_app, seed: int, *, size: int = 200, singles: int = 5) -> Observed:
    """Health, ``singles`` single predictions and a batch of ``size``, with the right key."""
    table = data.customers(seed, size)
    rows = data.records(table)

    def scenario(service, key, seen):
        c = service.client
        seen.replies["health"] = send(c, "GET", HEALTH)
        for i in range(singles):
            seen.replies[f"one {i}"] = send(c, "POST", PREDICT, json=rows[i], headers=auth(key))
        seen.replies["batch"] = send(c, "POST", BATCH, json={"customers": rows}, headers=auth(key))

    seen = run(create_app, data.artefact_dir(seed), scenario)
    seen.inputs.update(rows=rows, scores=data.expected_scores(seed, table), singles=singles)
    return seen


def observe_scoring_briefly(create_app, seed: int) -> Observed:
    """The lesson's version: the same requests, fewer of them."""
    return observe_scoring(create_app, seed, size=20, singles=2)


def bad_customers(seed: int) -> dict:
    """``{what is wrong: (the field it concerns, the body)}``: requests a schema must refuse."""
    base = data.records(data.customers(seed, 8, part=1))
    people = data.personal_data(seed)

    def changed(i, **fields):
        return {**base[i], **fields}

    without = {k: v for k, v in base[2].items() if k != "sessions"}
    return {
        "an unknown contract": ("contract", changed(0, contract="biennial")),
        "a negative count": ("tickets_month", changed(1, tickets_month=-1)),
        "a missing field": ("sessions", without),
        "a number sent as text": ("monthly_charges", changed(3, monthly_charges="13.99")),
        "charges in pence": ("monthly_charges", changed(4, monthly_charges=1399.0)),
        "the CRM record with name and e-mail": ("email", changed(5, **people[0])),
        "a phone number in the region field": ("region", changed(6, region=people[1]["phone"])),
        "a name in the plan field": ("plan", changed(7, plan=people[2]["name"])),
    }


def observe_bad_requests(create_app, seed: int) -> Observed:
    """Each bad customer alone, an empty batch, an oversized batch; then a good request."""
    cases = bad_customers(seed)
    good = data.records(data.customers(seed, 2, part=2))

    def scenario(service, key, seen):
        c = service.client
        for what, (_, body) in cases.items():
            seen.replies[what] = send(c, "POST", PREDICT, json=body, headers=auth(key))
        seen.replies["an empty batch"] = send(c, "POST", BATCH, json={"customers": []},
                                              headers=auth(key))
        too_many = [good[0]] * (data.MAX_BATCH + 1)
        seen.replies["a batch over the limit"] = send(c, "POST", BATCH, json={"customers": too_many},
                                                      headers=auth(key))
        seen.replies["good"] = send(c, "POST", BATCH, json={"customers": good}, headers=auth(key))

    seen = run(create_app, data.artefact_dir(seed), scenario)
    seen.inputs.update(cases=cases, people=data.personal_data(seed)[:3])
    return seen


def observe_auth(create_app, seed: int) -> Observed:
    rows = data.records(data.customers(seed, 3, part=3))

    def scenario(service, key, seen):
        c = service.client
        for path, body in ((PREDICT, rows[0]), (BATCH, {"customers": rows})):
            seen.replies[f"{path} without a key"] = send(c, "POST", path, json=body)
            seen.replies[f"{path} with a wrong key"] = send(c, "POST", path, json=body,
                                                           headers=auth("not-" + key))
            seen.replies[f"{path} with the key"] = send(c, "POST", path, json=body, headers=auth(key))
        seen.replies["health without a key"] = send(c, "GET", HEALTH)

    return run(create_app, data.artefact_dir(seed), scenario)


def oversized_body(seed: int) -> bytes:
    row = json.dumps(data.records(data.customers(seed, 1, part=4))[0]).encode()
    copies = data.MAX_BODY_BYTES // len(row) + 50
    return b'{"customers": [' + b",".join([row] * copies) + b"]}"


HOSTILE = {  # label: (body bytes, content type)
    "malformed JSON": (b'{"customers": [{"tenure_months": 3', "application/json"),
    "NaN and infinity": (b'{"tenure_months": NaN, "monthly_charges": Infinity}', "application/json"),
    "a number too large for a float": (b'{"tenure_months": 1e999}', "application/json"),
    "a list 50,000 levels deep": (b"[" * 50_000 + b"]" * 50_000, "application/json"),
    "not JSON at all": (b"\xff\xfe\x00binary", "application/octet-stream"),
}


def observe_hostile(create_app, seed: int) -> Observed:
    body = oversized_body(seed)

    def chunks():
        for i in range(0, len(body), 64 * 1024):
            yield body[i:i + 64 * 1024]

    def scenario(service, key, seen):
        c = service.client
        json_header = {**auth(key), "content-type": "application/json"}
        seen.replies["oversized"] = send(c, "POST", BATCH, content=body, headers=json_header)
        seen.replies["oversized, streamed"] = send(c, "POST", BATCH, content=chunks(), headers=json_header)
        for label, (raw, kind) in HOSTILE.items():
            seen.replies[label] = send(c, "POST", PREDICT, content=raw,
                                       headers={**auth(key), "content-type": kind})
        seen.replies["health after"] = send(c, "GET", HEALTH)

    return run(create_app, data.artefact_dir(seed), scenario)


LATENCY_REQUESTS = 30
P95_BUDGET = 0.5  # seconds for one prediction, 95th percentile
BATCH_BUDGET = 3.0  # seconds for a batch of MAX_BATCH customers


def observe_latency(create_app, seed: int) -> Observed:
    rows = data.records(data.customers(seed, data.MAX_BATCH, part=0))

    def scenario(service, key, seen):
        c = service.client
        send(c, "POST", PREDICT, json=rows[0], headers=auth(key))  # warm-up, not counted
        for i in range(LATENCY_REQUESTS):
            seen.replies[f"one {i}"] = send(c, "POST", PREDICT, json=rows[i], headers=auth(key))
        seen.replies["batch"] = send(c, "POST", BATCH, json={"customers": rows}, headers=auth(key))

    return run(create_app, data.artefact_dir(seed), scenario)


def observe_unavailable(create_app, seed: int) -> Observed:
    """The service started on a missing artefact, then on a tampered one."""
    row = data.records(data.customers(seed, 1, part=5))[0]
    where = faults.workspace()
    seen = Observed()
    try:
        for name, folder in (("missing", faults.missing_artefact(where)),
                             ("tampered", faults.corrupt_artefact(data.artefact_dir(seed), where))):
            def scenario(service, key, got, name=name):
                got.replies[f"{name}: predict"] = send(service.client, "POST", PREDICT, json=row,
                                                       headers=auth(key))
                got.replies[f"{name}: health"] = send(service.client, "GET", HEALTH)
            got = run(create_app, folder, scenario)
            seen.replies.update(got.replies)
            seen.inputs[name] = (folder.name, got.log)
    finally:
        faults.cleanup(where)
    return seen


TIMEOUT_BUDGET = data.SCORING_SECONDS + 1.5  # the answer must come within this


def observe_timeout(create_app, seed: int) -> Observed:
    row = data.records(data.customers(seed, 1, part=6))[0]
    where = faults.workspace()

    def scenario(service, key, seen):
        seen.replies["slow"] = send(service.client, "POST", PREDICT, json=row, headers=auth(key),
                                    timeout=faults.SLOW_SECONDS + 2)
        seen.replies["health after"] = send(service.client, "GET", HEALTH, timeout=1.0)

    try:
        return run(create_app, faults.slow_artefact(seed, where), scenario)
    finally:
        faults.cleanup(where)
