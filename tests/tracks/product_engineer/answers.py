"""Right answers and plausible mistakes for every product engineer exercise (the contract).

The assessment's come from its own source: the solution's answer cells are right, the banked
mistakes wrong (``notebook_answers``); a few alternatives show other correct ways to write them.
"""

from __future__ import annotations

import numpy as np

from tracks.contract import Answers
from tracks.product_engineer import notebook_answers as nb

WORKFLOW_ALTERNATIVE = '''workflow_yaml = """
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: python -m pytest
  build:
    runs-on: ubuntu-latest
    needs: [test]
    steps:
      - run: docker build .
  deploy:
    runs-on: ubuntu-latest
    needs: [test, build]
    if: ${{ success() && github.ref == 'refs/heads/main' && github.event_name != 'pull_request' }}
    environment:
      name: production
      url: https://churn.kestrel.example
    steps:
      - run: ./deploy.sh
"""'''

RELEASE_ALTERNATIVE = '''import copy

def promote(history, candidate, gate):
    live = history[-1] if history else None
    problems = gate(candidate, live)
    if problems:
        raise ValueError("; ".join(problems))
    new = copy.deepcopy(history)
    if live is None or live["model_version"] != candidate["model_version"]:
        new.append(candidate)
    return new


def rollback(history):
    if len(history) <= 1:
        raise ValueError("no previous version")
    return history[:len(history) - 1]'''

DRIFT_ALTERNATIVE = '''def drift_job(reference, batches):
    rows = []
    for name in batches:
        report = monitor.drift_report(reference, batches[name], features=MODEL_FEATURES)
        report.insert(0, "batch", name)
        rows.append(report)
    return pd.concat(rows)'''


def _exam(exercise_id: str, *alternatives: str) -> Answers:
    return Answers(right=(nb.right(exercise_id),) + tuple(nb.alternative(exercise_id, a) for a in alternatives),
                   wrong=nb.wrong(exercise_id))


def _lesson_scoring(output="probabilities", empty_first=False):
    def score_on_device(session, table):
        if empty_first and len(table) == 0:
            return np.array([])
        kinds = {"tensor(float)": np.float32, "tensor(string)": object}
        feeds = {i.name: table[i.name].to_numpy().astype(kinds[i.type]).reshape(-1, 1)
                 for i in session.get_inputs()}
        if len(table) == 0:
            return np.zeros(0)
        result = session.run([output], feeds)[0]
        return result[:, 1] if output == "probabilities" else result.astype(float)
    return score_on_device


def _latencies(seed):
    from dsroles.tracks.product_engineer.available_released import latencies_ms

    return latencies_ms(seed)


def _lesson_parts(seed):
    from dsroles.tracks.product_engineer import beyond_server, data, devices, references

    table = beyond_server.lesson_table(seed)
    session = devices.session_of(references.reference_export(seed))
    return devices.reference_scores(session, table), data.expected_scores(seed, table)


def _psi(seed, swap=False, column="monthly_charges", batch="2026-01"):
    from dsroles.churn import monitor
    from dsroles.tracks.product_engineer import data

    ref, cur = data.reference_table(seed)[column], data.incoming_batches(seed)[batch][column]
    return monitor.psi_numeric(cur, ref) if swap else monitor.psi_numeric(ref, cur)


def _staging(factory):
    """The lesson's pipeline deploys to staging: the same workflow, another environment."""
    return lambda seed=42: factory(seed).replace("production", "staging")


ANSWERS = {
    **{f"pe_exam.{name}": _exam(f"pe_exam.{name}") for name in (
        "endpoints", "bad_requests", "api_key", "hostile_input", "no_pii_in_logs", "latency",
        "unavailable", "timeout", "prediction_log", "alerts", "onnx_export", "device_scoring")},
    "pe_exam.workflow": _exam("pe_exam.workflow", WORKFLOW_ALTERNATIVE),
    "pe_exam.promote_rollback": _exam("pe_exam.promote_rollback", RELEASE_ALTERNATIVE),
    "pe_exam.drift_job": _exam("pe_exam.drift_job", DRIFT_ALTERNATIVE),
    "pe.first_service": Answers(right=(nb.right("pe_exam.endpoints"),), wrong=nb.wrong("pe_exam.endpoints")),
    "pe.secure_service": Answers(right=(nb.right("pe_exam.api_key"),), wrong=nb.wrong("pe_exam.api_key")),
    "pe.release_workflow": Answers(
        right=(_staging(nb.right("pe_exam.workflow")), _staging(nb.alternative("pe_exam.workflow", WORKFLOW_ALTERNATIVE))),
        wrong={**{k: _staging(f) for k, f in nb.wrong("pe_exam.workflow").items()},
               "deploys to production, not staging": nb.right("pe_exam.workflow")}),
    "pe.p95_ms": Answers(
        right=(lambda seed: float(np.percentile(_latencies(seed), 95)),
               lambda seed: float(np.quantile(_latencies(seed), 0.95))),
        wrong={"the mean": lambda seed: float(np.mean(_latencies(seed))),
               "the 99th percentile": lambda seed: float(np.percentile(_latencies(seed), 99)),
               "the nearest rank, not interpolated": lambda seed: float(np.percentile(_latencies(seed), 95, method="higher"))}),
    "pe.january_charges_psi": Answers(
        right=(lambda seed: _psi(seed),),
        wrong={"arguments swapped": lambda seed: _psi(seed, swap=True),
               "February instead of January": lambda seed: _psi(seed, batch="2026-02")}),
    "pe.contract_owner": Answers(right=(lambda: "data_engineer", lambda: " Data_Engineer. "),
                                 wrong={"the domain expert": lambda: "domain_expert",
                                        "the data scientist": lambda: "data_scientist"}),
    "pe.onnx_gap": Answers(
        right=(lambda seed: float(np.abs(np.subtract(*_lesson_parts(seed))).max()),),
        wrong={"the mean gap": lambda seed: float(np.abs(np.subtract(*_lesson_parts(seed))).mean()),
               "the first customer's gap only": lambda seed: float(np.abs(np.subtract(*_lesson_parts(seed)))[0])}),
    "pe.device_scores": Answers(
        right=(lambda: _lesson_scoring(), lambda: _lesson_scoring(empty_first=True)),
        wrong={"the predicted label": lambda: _lesson_scoring(output="label"),
               "the exam's table of offers": nb.right("pe_exam.device_scoring")}),
}
