"""Read a GitHub Actions workflow the way GitHub runs it, far enough to judge it.

``load_workflow(text)`` parses the YAML (PyYAML reads the key ``on`` as the boolean True, as
YAML 1.1 says; it is mapped back). ``simulate(workflow, event, ref, failing_tests)`` says which
jobs run and how they end for one push or pull request: a job runs when its ``needs`` ran and
succeeded (GitHub's implicit ``success()``), unless its ``if:`` says otherwise; the step that
runs pytest fails when ``failing_tests`` is true, unless it, or its job, continues on error
(or the shell swallows the failure with ``|| true``).

``if:`` conditions are evaluated for the part of GitHub's expression language a deployment
gate uses: ``github.ref``, ``github.event_name``, ``github.base_ref``, ``github.head_ref``,
strings, booleans, ``== != && || !``, parentheses, ``success() failure() always()
cancelled()``, ``startsWith contains endsWith``. Anything else is reported as not understood.
"""

from __future__ import annotations

import re

TOKEN = re.compile(r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<num>\d+(?:\.\d+)?)|(?P<op>==|!=|&&|\|\||!|\(|\)|,)"
                   r"|(?P<name>[A-Za-z_][\w.-]*))")


class Unsupported(ValueError):
    """A workflow construct this reader cannot evaluate (the message names it)."""


def load_workflow(text) -> dict:
    import yaml

    if not isinstance(text, str):
        raise ValueError("the workflow must be YAML text (a str).")
    try:
        workflow = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValueError(f"the workflow is not valid YAML: {str(exc).splitlines()[0]}") from None
    if not isinstance(workflow, dict):
        raise ValueError("the workflow must be a YAML mapping with 'on' and 'jobs'.")
    if True in workflow and "on" not in workflow:
        workflow["on"] = workflow.pop(True)
    return workflow


def triggers(workflow: dict) -> dict:
    """``{event: its settings (dict)}`` from the workflow's ``on``."""
    on = workflow.get("on")
    if isinstance(on, str):
        return {on: {}}
    if isinstance(on, list):
        return {str(e): {} for e in on}
    if isinstance(on, dict):
        return {str(k): v or {} for k, v in on.items()}
    return {}


def needs(job: dict) -> list[str]:
    value = job.get("needs") or []
    return [value] if isinstance(value, str) else [str(v) for v in value]


def _steps(job: dict) -> list[dict]:
    steps = job.get("steps") or []
    return [s for s in steps if isinstance(s, dict)]


def runs_tests(job: dict) -> bool:
    return any("pytest" in str(s.get("run", "")) for s in _steps(job))


def _swallows_failure(step: dict, job: dict) -> bool:
    run = str(step.get("run", ""))
    return bool(step.get("continue-on-error") or job.get("continue-on-error")
                or re.search(r"\|\|\s*(true|:|exit 0)", run))


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    text = text.strip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise Unsupported(f"cannot read the condition {text!r} at {text[pos:]!r}")
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


class _Expression:
    """A recursive-descent evaluator: or -> and -> not -> comparison -> atom."""

    def __init__(self, text: str, context: dict, status: dict):
        self.tokens, self.i = _tokens(text), 0
        self.context, self.status = context, status

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else (None, None)

    def take(self, value=None):
        token = self.peek()
        if value is not None and token[1] != value:
            raise Unsupported(f"expected {value!r} in the condition")
        self.i += 1
        return token

    def evaluate(self):
        value = self.or_()
        if self.i != len(self.tokens):
            raise Unsupported(f"cannot read the condition past {self.peek()[1]!r}")
        return value

    def or_(self):
        value = self.and_()
        while self.peek()[1] == "||":
            self.take()
            other = self.and_()
            value = value or other
        return value

    def and_(self):
        value = self.not_()
        while self.peek()[1] == "&&":
            self.take()
            other = self.not_()
            value = value and other
        return value

    def not_(self):
        if self.peek()[1] == "!":
            self.take()
            return not _truthy(self.not_())
        return self.comparison()

    def comparison(self):
        value = self.atom()
        if self.peek()[1] in ("==", "!="):
            op = self.take()[1]
            other = self.atom()
            same = str(value).lower() == str(other).lower()
            return same if op == "==" else not same
        return value

    def atom(self):
        kind, text = self.take()
        if kind == "str":
            return text[1:-1].replace("''", "'")
        if kind == "num":
            return float(text)
        if text == "(":
            value = self.or_()
            self.take(")")
            return value
        if kind == "name":
            if self.peek()[1] == "(":
                return self.call(text)
            if text in ("true", "false"):
                return text == "true"
            if text not in self.context:
                raise Unsupported(f"the condition uses {text!r}, which this check cannot "
                                  "evaluate; use github.ref, github.event_name and success()")
            return self.context[text]
        raise Unsupported(f"unexpected {text!r} in the condition")

    def call(self, name: str):
        self.take("(")
        args = []
        while self.peek()[1] != ")":
            args.append(self.or_())
            if self.peek()[1] == ",":
                self.take()
        self.take(")")
        if name in self.status:
            return self.status[name]
        text = [str(a).lower() for a in args]
        if name == "startsWith" and len(text) == 2:
            return text[0].startswith(text[1])
        if name == "endsWith" and len(text) == 2:
            return text[0].endswith(text[1])
        if name == "contains" and len(text) == 2:
            return text[1] in text[0]
        raise Unsupported(f"the condition calls {name}(), which this check cannot evaluate")


def _truthy(value) -> bool:
    return value not in (False, 0, 0.0, "", None)


def condition(expression, context: dict, status: dict) -> bool:
    """Evaluate an ``if:`` value (with or without ``${{ }}``)."""
    if isinstance(expression, bool):
        return expression
    text = str(expression).strip()
    if text.startswith("${{") and text.endswith("}}"):
        text = text[3:-2]
    uses_status = any(f"{name}(" in text for name in status)
    value = _truthy(_Expression(text, context, status).evaluate())
    return value if uses_status else (value and status["success"])


def simulate(workflow: dict, event: str, ref: str, *, failing_tests: bool = False) -> dict:
    """``{job: 'success' | 'failure' | 'skipped'}`` for one run of the workflow."""
    jobs = workflow.get("jobs") or {}
    context = {"github.ref": ref, "github.event_name": event,
               "github.ref_name": ref.rsplit("/", 1)[-1],
               "github.base_ref": "main" if event == "pull_request" else "",
               "github.head_ref": "feature" if event == "pull_request" else ""}
    result: dict[str, str] = {}
    pending = dict(jobs)
    while pending:
        ready = [name for name, job in pending.items()
                 if all(n in result for n in needs(job if isinstance(job, dict) else {}))]
        if not ready:
            raise Unsupported(f"the jobs {sorted(pending)} need each other or a job that does "
                              "not exist")
        for name in ready:
            job = pending.pop(name)
            job = job if isinstance(job, dict) else {}
            before = [result[n] for n in needs(job)]
            status = {"success": all(r == "success" for r in before),
                      "failure": any(r == "failure" for r in before),
                      "always": True, "cancelled": False}
            runs = condition(job["if"], context, status) if "if" in job else status["success"]
            if not runs:
                result[name] = "skipped"
                continue
            failed = failing_tests and any("pytest" in str(s.get("run", "")) and not _swallows_failure(s, job)
                                           for s in _steps(job))
            result[name] = "failure" if failed else "success"
    return result
