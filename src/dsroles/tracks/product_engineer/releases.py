"""Release engineering: the CI workflow's checks, and promote / rollback graded on a
simulated release history.

A release history is a list of candidates (dicts with at least ``model_version``), oldest
first; the last one is live. The ML engineer's release gate, ``release_gate(candidate,
live)``, returns the reasons to refuse a candidate (none: it may ship).
"""

from __future__ import annotations

import copy

from dsroles.checks.calling import STUB_MESSAGE, require_function
from dsroles.checks.exercise import Exercise, Part
from dsroles.checks.numbers import a_type
from dsroles.checks.outcomes import Incorrect, NotAttempted
from dsroles.tracks.product_engineer import actions
from dsroles.tracks.product_engineer.references import reference_promote, reference_rollback

JOBS = ("test", "build", "deploy")
RUNS = {  # label: (event, ref, tests fail?)
    "a push to main": ("push", "refs/heads/main", False),
    "a push to main whose tests fail": ("push", "refs/heads/main", True),
    "a pull request": ("pull_request", "refs/pull/7/merge", False),
    "a push to a feature branch": ("push", "refs/heads/feature/faster-scoring", False),
}


# -- the workflow --------------------------------------------------------------------------
def _runs(workflow: dict) -> dict:
    """``{label: {job: result}}`` for the runs the workflow's triggers start."""
    on = actions.triggers(workflow)
    out = {}
    for label, (event, ref, failing) in RUNS.items():
        branches = (on.get(event) or {}).get("branches") if isinstance(on.get(event), dict) else None
        if event not in on or (event == "push" and branches and ref.rsplit("/", 1)[-1] not in
                               [str(b).rsplit("/", 1)[-1] for b in branches]
                               and not any(str(b) in ("**", "*") for b in branches)):
            out[label] = {job: "not started" for job in JOBS}
            continue
        try:
            out[label] = actions.simulate(workflow, event, ref, failing_tests=failing)
        except actions.Unsupported as exc:
            raise Incorrect(f"{exc}.") from None
    return out


def _read(text, expected, context) -> None:
    """Precheck: a workflow with the three jobs, run on pushes and pull requests."""
    if isinstance(text, str) and not text.strip():
        raise NotAttempted("Write the workflow first, then check it.")
    try:
        workflow = actions.load_workflow(text)
    except ValueError as exc:
        raise Incorrect(str(exc)) from None
    on = actions.triggers(workflow)
    missing = [e for e in ("push", "pull_request") if e not in on]
    if missing:
        raise Incorrect(f"the workflow does not run on {' or '.join(missing)}.")
    jobs = workflow.get("jobs")
    if not isinstance(jobs, dict) or any(j not in jobs for j in JOBS):
        raise Incorrect(f"the workflow needs three jobs named {', '.join(JOBS)}.")
    for name in JOBS:
        job = jobs[name]
        if not isinstance(job, dict) or "runs-on" not in job or not isinstance(job.get("steps"), list):
            raise Incorrect(f"the job {name!r} needs 'runs-on' and a list of 'steps'.")
    context["workflow"] = workflow
    context["runs"] = _runs(workflow)


def _tests_first(text, expected, context):
    workflow, runs = context["workflow"], context["runs"]
    if not actions.runs_tests(workflow["jobs"]["test"]):
        raise Incorrect("the 'test' job has no step that runs pytest.")
    if runs["a push to main"]["build"] != "success":
        raise Incorrect("on a push to main with passing tests, 'build' does not run.")
    if runs["a push to main whose tests fail"]["build"] == "success":
        raise Incorrect("when the tests fail, 'build' still runs: make it need 'test', and let "
                        "a failing pytest fail its step.")


def _deploy_on_success(text, expected, context):
    runs = context["runs"]
    if runs["a push to main"]["deploy"] != "success":
        raise Incorrect("on a push to main with passing tests, 'deploy' does not run.")
    if runs["a push to main whose tests fail"]["deploy"] == "success":
        raise Incorrect("when the tests fail, 'deploy' still runs: it must need 'build' (and so "
                        "'test') and keep GitHub's default of running only after success.")


def _gated(text, expected, context):
    workflow, runs, wanted = context["workflow"], context["runs"], context["environment"]
    for label in ("a pull request", "a push to a feature branch"):
        if runs[label]["deploy"] == "success":
            raise Incorrect(f"on {label}, 'deploy' runs: deploy only from a push to main.")
    environment = workflow["jobs"]["deploy"].get("environment")
    name = environment.get("name") if isinstance(environment, dict) else environment
    if name != wanted:
        raise Incorrect(f"the 'deploy' job does not run in the {wanted!r} environment, "
                        "whose required reviewers are the gate.")


def workflow_exercise(id: str, *, environment: str, **kw) -> Exercise:
    """A workflow whose deploy job runs in ``environment`` (the lesson's and the exam's differ)."""
    def read(text, expected, context):
        context["environment"] = environment
        _read(text, expected, context)

    return Exercise(id, precheck=read, parts=[
        Part("tests before the build", _tests_first), Part("deploy only after success", _deploy_on_success),
        Part("a gated deploy", _gated)], not_attempted=lambda v: v is ... or v is None or
        type(v).__name__ == "Placeholder", **kw)


# -- the release history -------------------------------------------------------------------
def release_gate(candidate: dict, live: dict | None) -> list[str]:
    """The ML engineer's gate: why ``candidate`` may not replace ``live`` (empty: it may)."""
    reasons = []
    if candidate["auc"] > 0.88:
        reasons.append(f"AUC {candidate['auc']:.3f} is too good to be true: look for leakage")
    if live is not None and candidate["auc"] < live["auc"] - 0.01:
        reasons.append("worse than the live model")
    if not 0.8 <= candidate["calibration"] <= 1.25:
        reasons.append("miscalibrated: predicted churn does not match observed churn")
    if candidate["segment_gap"] > 0.10:
        reasons.append("much worse on one segment of customers")
    return reasons


def candidates(seed: int) -> dict:
    """The seed's candidate models by kind: their versions and the gate's metrics."""
    import numpy as np

    rng = np.random.default_rng([int(seed), 41])

    def make(kind, auc, calibration=1.0, gap=0.02):
        version = f"churn-{rng.integers(16 ** 11, 16 ** 12):012x}"
        return {"model_version": version, "kind": kind, "auc": round(float(auc), 4),
                "calibration": round(float(calibration), 3), "segment_gap": round(float(gap), 3)}

    base = rng.uniform(0.74, 0.78)
    return {"first": make("first", base - 0.01), "good": make("good", base),
            "leaky": make("leaky", rng.uniform(0.90, 0.94)),
            "worse": make("worse", base - rng.uniform(0.03, 0.05)),
            "better": make("better", base + rng.uniform(0.005, 0.01)),
            "miscalibrated": make("miscalibrated", base + 0.002, rng.uniform(1.5, 1.9)),
            "unfair": make("unfair", base + 0.003, gap=rng.uniform(0.15, 0.25))}


def history_steps(seed: int) -> list[tuple]:
    """``(part, what, operation, candidate kind or None, history before)``: the simulated
    release history, each step starting from the reference's history at that point."""
    c = candidates(seed)
    plan = [("promote", "good"), ("promote", "leaky"), ("promote", "worse"), ("promote", "better"),
            ("rollback", None), ("promote", "good"), ("promote", "miscalibrated"),
            ("rollback", None), ("rollback", None), ("promote", "unfair")]
    history, steps = [c["first"]], []
    for op, kind in plan:
        before = copy.deepcopy(history)
        try:
            history = (reference_promote(history, c[kind], release_gate) if op == "promote"
                       else reference_rollback(history))
            refused = False
        except ValueError:
            refused = True
        part = "rollback" if op == "rollback" else ("refuse" if refused else "promote")
        steps.append((part, op, kind, before, None if refused else copy.deepcopy(history)))
    return steps


def _versions(history) -> list:
    return [h.get("model_version") if isinstance(h, dict) else h for h in history]


def _judge_steps(which: str):
    def check(value, expected, context):
        promote, rollback = context["functions"]
        c = candidates(context["seed"])
        for part, op, kind, before, after in history_steps(context["seed"]):
            if part != which:
                continue
            given = copy.deepcopy(before)
            what = (f"promote({kind} candidate) onto {_versions(before)}" if op == "promote"
                    else f"rollback({_versions(before)})")
            try:
                got = promote(given, copy.deepcopy(c[kind]), release_gate) if op == "promote" else rollback(given)
            except NotImplementedError:
                raise NotAttempted(STUB_MESSAGE) from None
            except ValueError:
                if after is None:
                    continue
                raise Incorrect(f"{what} raised ValueError; it should have succeeded.") from None
            except Exception as exc:  # noqa: BLE001 - the learner's bug, in words
                raise Incorrect(f"{what} raised {type(exc).__name__}: {exc}.") from None
            if after is None:
                raise Incorrect(f"{what} did not raise ValueError: "
                                + ("the gate refuses this candidate." if op == "promote" else
                                   "there is nothing to roll back to."))
            if _versions(given) != _versions(before):
                raise Incorrect(f"{what} changed the history it was given: return a new list.")
            if not isinstance(got, list) or _versions(got) != _versions(after):
                raise Incorrect(f"{what} returned {_versions(got) if isinstance(got, list) else a_type(got)}, "
                                "which is not the history that should follow.")
    return check


def _two_functions(value, expected, context):
    if not isinstance(value, tuple) or len(value) != 2:
        raise Incorrect(f"check (promote, rollback): a tuple of your two functions, not {a_type(value)}.")
    for fn, name in zip(value, ("promote", "rollback")):
        require_function(fn, name)
    context["functions"] = value


def release_exercise(id: str, **kw) -> Exercise:
    return Exercise(id, precheck=_two_functions, context=("seed",), parts=[
        Part("promotes what passes the gate", _judge_steps("promote")),
        Part("refuses what fails it", _judge_steps("refuse")),
        Part("rolls back", _judge_steps("rollback"))], **kw)
