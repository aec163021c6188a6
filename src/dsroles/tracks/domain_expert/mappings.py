"""Answers given as a dict ``{item: option}`` (a field and when it is recorded, a change and its
kind): every item asked about, each answer one of the options (case, spacing, underscores and a
final full stop do not matter), judged item by item without naming the right option."""

from __future__ import annotations

from dsroles.checks.choices import normalise_choice
from dsroles.checks.numbers import a_type
from dsroles.checks.outcomes import Incorrect, is_placeholder
from dsroles.checks.wording import plural


def _key(text: str) -> str:
    return normalise_choice(text.replace("_", " "))


def answer_dict(value, items, what: str) -> dict:
    """The learner's dict, with exactly the items asked about; Incorrect otherwise."""
    if type(value) is not dict:
        raise Incorrect(f"{what} is {a_type(value)}; a dict {{item: answer}} is expected.")
    missing = [i for i in items if i not in value]
    extra = [i for i in value if i not in items]
    if missing or extra:
        found = [f"missing {', '.join(repr(i) for i in missing)}"] if missing else []
        found += [f"not asked about: {', '.join(repr(i) for i in extra)}"] if extra else []
        raise Incorrect(f"{what} should have exactly the items asked about ({'; '.join(found)}).")
    return value


def read_options(value: dict, options, what: str) -> dict:
    """``{item: canonical option}``; Incorrect naming the items whose answer is no option."""
    known = {_key(o): o for o in options}
    odd = [i for i, v in value.items() if type(v) is not str or _key(v) not in known]
    if odd:
        raise Incorrect(f"in {what}, the answer for {', '.join(repr(i) for i in odd[:3])} is not "
                        f"one of {', '.join(repr(o) for o in options)}.")
    return {i: known[_key(v)] for i, v in value.items()}


def check_mapping(value, want: dict, *, options, what: str, wrong: str) -> None:
    """Raise Incorrect unless ``value`` maps every item of ``want`` to its option.

    ``wrong`` completes the sentence '<n items> <wrong>: <their names>.'
    """
    answers = read_options(answer_dict(value, list(want), what), options, what)
    bad = [i for i, v in answers.items() if v != want[i]]
    if bad:
        raise Incorrect(f"{plural(len(bad), 'item')} {wrong}: {', '.join(repr(i) for i in bad)}.")


def mapping(*, options, what: str, wrong: str):
    """A compare for ``Exercise``: ``check_mapping`` with the expected dict."""
    def compare(value, want, context):
        check_mapping(value, want, options=options, what=what, wrong=wrong)
    return compare


def untouched(value) -> bool:
    """Not attempted: a placeholder, or a dict whose every answer is still a placeholder."""
    return is_placeholder(value) or (type(value) is dict and bool(value)
                                     and all(is_placeholder(v) for v in value.values()))
