"""The ML engineer's predictor: the data scientist's model, wrapped for production.

    p = Predictor.from_artefact("models/churn")   # hash checked before anything is unpickled
    p.predict_batch(table)        # DataFrame: churn_probability, offer (one row per input row)
    p.predict_one(customer)       # {"churn_probability": ..., "offer": ..., "model_version": ...}

Every input passes the typed schema first (``service.Customer``, pydantic): a missing field,
an unknown category, a negative count or charges in pence raise ``pydantic.ValidationError``
(a ``ValueError``) naming the field, and nothing is scored. The version, the features and the
business's decision threshold come from the artefact, never from code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

import numpy as np
import pandas as pd

COLUMNS = ("churn_probability", "offer")


def _native(value):
    """A numpy scalar as the plain Python value the schema expects (a row of a DataFrame)."""
    return value.item() if isinstance(value, np.generic) else value


def validate_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows' model features, each row checked against the schema (ValidationError if not)."""
    from pydantic import TypeAdapter

    from dsroles.churn.features import MODEL_FEATURES
    from dsroles.churn.service import Customer

    missing = [c for c in MODEL_FEATURES if c not in frame.columns]
    if missing:
        raise ValueError(f"the batch lacks the column(s) {', '.join(missing)}; every customer "
                         f"needs all of {', '.join(MODEL_FEATURES)}.")
    records = frame[MODEL_FEATURES].to_dict(orient="records")
    checked = TypeAdapter(list[Customer]).validate_python(records)
    return pd.DataFrame([c.model_dump() for c in checked], columns=MODEL_FEATURES, index=frame.index)


class Predictor:
    """A fitted churn model with what it needs in production: version, features, threshold."""

    def __init__(self, model, metadata: Mapping):
        self.model = model
        self.metadata = dict(metadata)
        self.version = str(self.metadata["model_version"])
        self.features = list(self.metadata["features"])
        self.threshold = float(self.metadata["threshold"])

    @classmethod
    def from_artefact(cls, folder: str | Path) -> "Predictor":
        """Load an artefact folder: its SHA-256 is checked *before* the pickle is opened."""
        from dsroles.churn import artefact

        return cls(*artefact.load_model(folder))

    def __repr__(self) -> str:
        return f"<Predictor {self.version}: threshold {self.threshold:.3f}, {len(self.features)} features>"

    def _empty(self, index) -> pd.DataFrame:
        return pd.DataFrame({"churn_probability": pd.Series(dtype=float),
                             "offer": pd.Series(dtype=bool)}, index=index)

    def predict_batch(self, rows) -> pd.DataFrame:
        """Churn probability and offer decision for each row of a DataFrame (or list of dicts).

        Other columns (keys, identities) are ignored; the result keeps the input's index.
        """
        frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
        if len(frame) == 0:  # an empty batch is a valid batch: nothing to score
            return self._empty(frame.index)
        checked = validate_rows(frame)
        probability = self.model.predict_proba(checked[self.features])[:, 1]
        return pd.DataFrame({"churn_probability": probability,
                             "offer": probability >= self.threshold}, index=frame.index)

    def predict_one(self, customer: Mapping) -> dict:
        """One customer's churn probability, offer decision and the model version."""
        from dsroles.churn.service import Customer

        checked = Customer.model_validate({k: _native(v) for k, v in dict(customer).items()})
        row = self.predict_batch(pd.DataFrame([checked.model_dump()])).iloc[0]
        return {"churn_probability": float(row["churn_probability"]), "offer": bool(row["offer"]),
                "model_version": self.version}
