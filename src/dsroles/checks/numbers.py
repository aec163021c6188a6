"""Read a learner's value as a plain number without trusting the object it came in.

Only concrete types are accepted (``int``, ``float``, numpy's own scalar types and
0-d arrays); subclasses are refused, because a subclass can redefine ``__eq__``,
``__float__`` or ``__abs__`` to pass any comparison.

A wrong number is most useful when the message names the mistake behind it. ``mistakes``
lists the values that common mistakes give, each with the sentence that names it::

    check_number(rate, want, abs_tol=1e-4, what="your rate", mistakes=[
        ("your rate is per customer: ...", lambda: per_customer_rate(seed)),
    ], why="the rate is the share of rows ...")

A mistake's value (a number or a sequence) may be a function: it is computed only when the
answer is wrong and no earlier mistake matched. ``why`` follows the plain "too high" message
when no mistake matches.
"""

from __future__ import annotations

import math
from typing import Callable, Iterable, Union

from dsroles.checks.outcomes import Incorrect

Mistake = tuple[str, Union[object, Callable[[], object]]]  # (its message, its value or a function of none)


def type_name(value) -> str:
    """The learner-readable name of a value's type (``DataFrame``, ``str``, ``float64``)."""
    return type(value).__name__


def a_type(value) -> str:
    """'a str', 'an int', 'a DataFrame': the value's type with its article."""
    name = type_name(value)
    return ("an " if name[:1].lower() in "aeiou" else "a ") + name


def numpy_number_types() -> frozenset:
    """numpy's own integer and floating scalar types, exactly (never a subclass)."""
    import numpy as np

    return frozenset(t for t in np.sctypeDict.values()
                     if isinstance(t, type) and issubclass(t, (np.integer, np.floating)))


def as_number(value, what: str = "your answer") -> float:
    """Return ``value`` as a Python float, or raise Incorrect saying why it is not a number."""
    kind = type(value)
    if kind is bool:
        raise Incorrect(f"{what} is {value} (a bool); a number is expected.")
    if kind is int or kind is float:
        return float(value)
    import numpy as np

    if kind is np.bool_:
        raise Incorrect(f"{what} is {value} (a bool); a number is expected.")
    if kind in numpy_number_types():
        return float(value)
    if kind is np.ndarray:
        if value.shape == () and value.dtype.kind in "iuf":
            return float(value.astype(np.float64)[()])
        if value.size == 1 and value.dtype.kind in "iuf":
            raise Incorrect(
                f"{what} is an array of shape {value.shape}; a single number is expected "
                "(take the element out, for example with .item())."
            )
    if kind.__name__ in ("Series", "DataFrame"):
        raise Incorrect(
            f"{what} is {a_type(value)}; a single number is expected "
            "(did you forget to reduce it, for example with .mean() or .sum()?)."
        )
    if isinstance(value, (int, float, complex)):
        base = next(b.__name__ for b in (bool, int, float, complex) if isinstance(value, b))
        raise Incorrect(f"{what} is of type {type_name(value)}, derived from {base}; "
                        "a plain int or float is expected.")
    if kind is str:
        raise Incorrect(f"{what} is a str ({value!r}); a number is expected, not text.")
    raise Incorrect(f"{what} is {a_type(value)}; a number (int or float) is expected.")


def format_number(x: float) -> str:
    """Short, readable: 0.6123 -> '0.612', 1234.5 -> '1234.5'."""
    if math.isnan(x) or math.isinf(x):
        return str(x)
    return f"{x:.4g}" if abs(x) < 1e5 else f"{x:.6g}"


def close_to(got, want, *, abs_tol: float = 1e-9, rel_tol: float = 1e-6) -> bool:
    """Is ``got`` (a number or a sequence of them) within tolerance of ``want``, element by
    element and of the same length? Both are plain numbers or arrays read by this module."""
    import numpy as np

    g = np.atleast_1d(np.asarray(got, dtype=np.float64))
    w = np.atleast_1d(np.asarray(want, dtype=np.float64))
    return g.shape == w.shape and bool(np.isclose(g, w, rtol=rel_tol, atol=abs_tol).all())


def named_mistake(got, mistakes: Iterable[Mistake], *, abs_tol: float = 1e-9,
                  rel_tol: float = 1e-6) -> str | None:
    """The message of the first mistake whose value ``got`` matches, or None.

    A mistake whose value cannot be computed, or is not numbers, is passed over: a
    diagnosis must never turn a wrong answer into a crash.
    """
    for message, value in mistakes:
        try:
            value = value() if callable(value) else value
            if close_to(got, value, abs_tol=abs_tol, rel_tol=rel_tol):
                return message
        except (TypeError, ValueError, ArithmeticError, KeyError, IndexError):
            continue
    return None


def _explained(message: str, why: str) -> str:
    return f"{message[:-1]}: {why}" if why else message


def check_number(value, expected, *, abs_tol: float = 1e-9, rel_tol: float = 1e-6,
                 what: str = "your answer", mistakes: Iterable[Mistake] = (),
                 why: str = "", show: bool = True) -> None:
    """Raise Incorrect unless ``value`` is a number within tolerance of ``expected``.

    A wrong number that matches one of ``mistakes`` gets that mistake's message; any other
    gets "too high" or "too low" (with the learner's number unless ``show`` is false: a
    near miss shows the answer's first digits), followed by ``why`` if given.
    """
    got = as_number(value, what)
    want = float(expected)
    if math.isnan(got):
        if math.isnan(want):
            return
        raise Incorrect(
            f"{what} is NaN (not a number): a missing value probably got into the calculation."
        )
    if math.isinf(got) and not math.isinf(want):
        raise Incorrect(f"{what} is infinite: look for a division by zero.")
    if math.isclose(got, want, rel_tol=rel_tol, abs_tol=abs_tol):
        return
    named = named_mistake(got, mistakes, abs_tol=abs_tol, rel_tol=rel_tol)
    if named:
        raise Incorrect(named)
    direction = "too high" if got > want else "too low"
    shown = f" ({format_number(got)})" if show else ""
    raise Incorrect(_explained(f"{what}{shown} is {direction}.", why))


def as_numbers(value, what: str = "your answer"):
    """Return a 1-d float64 numpy array from a list/tuple of numbers, an ndarray or a Series."""
    import numpy as np
    import pandas as pd

    kind = type(value)
    if kind in (list, tuple):
        return np.array([as_number(v, f"element {i} of {what}") for i, v in enumerate(value)],
                        dtype=np.float64)
    if kind is pd.Series and pd.api.types.is_numeric_dtype(value.dtype) \
            and not pd.api.types.is_bool_dtype(value.dtype):
        return value.to_numpy(dtype=np.float64, na_value=np.nan)
    if kind is np.ndarray or kind is pd.Series:
        array = value.to_numpy() if kind is pd.Series else value
        if array.ndim != 1:
            raise Incorrect(f"{what} has shape {array.shape}; a flat sequence of numbers is expected.")
        if array.dtype.kind not in "iuf":
            raise Incorrect(f"{what} holds {array.dtype} values; numbers are expected.")
        return array.astype(np.float64)
    raise Incorrect(f"{what} is {a_type(value)}; a list, array or Series of numbers is expected.")


def check_numbers(value, expected, *, abs_tol: float = 1e-9, rel_tol: float = 1e-6,
                  what: str = "your answer", mistakes: Iterable[Mistake] = (), why: str = "",
                  labels=None) -> None:
    """Raise Incorrect unless ``value`` is a sequence of numbers matching ``expected``.

    Wrong values that match one of ``mistakes`` get its message; others get the positions
    that differ (named by ``labels``, e.g. months, when given), followed by ``why``.
    """
    import numpy as np

    got = as_numbers(value, what)
    want = np.asarray(expected, dtype=np.float64)
    diff = len(got) - len(want)
    if diff:
        n = abs(diff)
        raise Incorrect(f"{what} has {n} {'value' if n == 1 else 'values'} too "
                        f"{'many' if diff > 0 else 'few'}.")
    nan_got, nan_want = np.isnan(got), np.isnan(want)
    if (nan_got & ~nan_want).any():
        i = int(np.argmax(nan_got & ~nan_want))
        raise Incorrect(f"{what} has NaN at position {i}, where a number is expected.")
    close = np.isclose(got, want, rtol=rel_tol, atol=abs_tol) | (nan_got & nan_want)
    if close.all():
        return
    named = named_mistake(got, mistakes, abs_tol=abs_tol, rel_tol=rel_tol)
    if named:
        raise Incorrect(named)
    wrong = [i for i, ok in enumerate(close) if not ok]
    if labels is not None:
        names = [str(labels[i]) for i in wrong]
        where = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
        message = (f"{what} differs from the expected values for {where} "
                   f"({len(wrong)} of {len(want)}).")
    else:
        message = (f"{what} differs from the expected values at {len(wrong)} of {len(want)} "
                   f"positions (the first is position {wrong[0]}).")
    raise Incorrect(_explained(message, why))
