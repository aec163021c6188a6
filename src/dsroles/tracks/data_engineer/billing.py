"""The track's shared parts for billing tables: amounts in pounds, failed payments."""

from __future__ import annotations

from dsroles.checks.tables import by_direction, float_values, same_values

PENCE = "legacy invoices store pence (source_system = 'legacy'): divide those amounts by 100"


def amounts_in_pounds(key, column: str, what: str):
    """A part: amounts in pounds on the keys both tables hold; a hundredfold error is named
    as pence."""
    direction = by_direction(high=f"{PENCE}, and sum only the invoices asked for.",
                             low="sum every invoice asked for, in pounds.")

    def explain(got, want):
        import numpy as np

        g, w = float_values(got), float_values(want)
        if len(g) and np.allclose(g, 100 * w, rtol=1e-6, atol=0.01):
            return f"They are 100 times too high: {PENCE}."
        return direction(got, want)
    return same_values(key, column, what, explain=explain)


def failed_payments(key, column: str, what: str):
    """A part: the number of failed invoices."""
    return same_values(key, column, what, explain=by_direction(
        high="count only the invoices with status = 'failed'.",
        low="count every failed invoice."))
