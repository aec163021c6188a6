"""Is a function answer still the stub the notebook gave (``...``, ``pass``, or nbgrader's
``raise NotImplementedError()``)? Then it is "not attempted", and nothing is computed for it."""

from __future__ import annotations

import ast
import inspect
import textwrap

from dsroles.checks.outcomes import is_placeholder


def _is_stub_statement(node) -> bool:
    if isinstance(node, ast.Pass):
        return True
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
        return node.value.value is Ellipsis or isinstance(node.value.value, str)  # ... or a docstring
    return isinstance(node, ast.Raise) and "NotImplementedError" in ast.unparse(node)


def is_stub(value) -> bool:
    """A placeholder, or a function whose body does nothing yet."""
    if is_placeholder(value):
        return True
    if not inspect.isfunction(value):
        return False
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(value)))
    except (OSError, TypeError, SyntaxError):  # no source to read (a lambda in a list, exec): judge it
        return False
    node = tree.body[0] if tree.body else None
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    return all(_is_stub_statement(s) for s in node.body)


def is_stub_text(text: str) -> bool:
    """A suite's text that holds no code yet: comments, ``...`` or nbgrader's stub."""
    lines = [ln.strip() for ln in text.splitlines()]
    code = [ln for ln in lines if ln and not ln.startswith("#")]
    return all(ln in ("...", "pass", "raise NotImplementedError()") for ln in code)
