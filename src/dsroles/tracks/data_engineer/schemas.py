"""The track's shared parts for schema answers: read a pandera schema, and try it on batches.

``batches`` is ``{name: Batch}`` with a ``"clean"`` batch that must pass. A batch's ``what``
describes its defect: the messages name it (it is an input the learner may know about, not
the answer).
"""

from __future__ import annotations

from dataclasses import dataclass

from dsroles.checks.numbers import a_type
from dsroles.checks.outcomes import Incorrect


@dataclass(frozen=True)
class Batch:
    """One delivery a schema is tried on: what is wrong with it, and the table.

    It unpacks like the pair ``(what, frame)`` the lesson notebooks read."""

    what: str
    frame: object  # a pandas DataFrame

    def __iter__(self):
        return iter((self.what, self.frame))

    def __getitem__(self, index: int):
        return (self.what, self.frame)[index]


def as_schema(value):
    import pandera.pandas as pa

    if isinstance(value, pa.DataFrameSchema):
        return value
    if isinstance(value, type) and issubclass(value, pa.DataFrameModel):
        return value.to_schema()
    raise Incorrect(f"your answer is {a_type(value)}; a pandera DataFrameSchema "
                    "(pa.DataFrameSchema({...})) is expected.")


def validate_batch(schema, df):
    """None if the batch passes; else a short description of the first failure."""
    from pandera.errors import SchemaError, SchemaErrors

    try:
        schema.validate(df.copy(), lazy=True)
    except SchemaErrors as err:
        cases = err.failure_cases
        first = cases.iloc[0]
        return f"{first['column']}: {first['check']}"
    except SchemaError as err:
        return str(err).splitlines()[0]
    except Exception as exc:
        raise Incorrect(f"validating with your schema raised {type(exc).__name__}: {exc}") from None
    return None


def passes_clean(value, batches, context):
    failure = validate_batch(as_schema(value), batches["clean"].frame)
    if failure:
        raise Incorrect(f"it rejects the clean batch ({failure}); a schema that fails "
                        "everything protects nothing.")


def rejects(name: str):
    def check(value, batches, context):
        batch = batches[name]
        if validate_batch(as_schema(value), batch.frame) is None:
            raise Incorrect(f"it lets through the batch with {batch.what}.")
    return check
