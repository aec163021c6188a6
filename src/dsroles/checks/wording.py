"""Small pieces of wording every check message uses, written once."""

from __future__ import annotations


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 customer', '2 customers', '3 statuses', '2 customer-months'."""
    if n == 1:
        return f"{n} {word}"
    if many is None:
        many = word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s")
    return f"{n} {many}"


def lower_first(text: str) -> str:
    """'Column x ...' -> 'column x ...', to continue a sentence with a message."""
    return text[:1].lower() + text[1:]
