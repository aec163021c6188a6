"""The churn prediction service: FastAPI over a saved model artefact.

    python -m dsroles.churn.service --artefact ARTEFACT_DIR --port 8000

``GET /health`` says the service is up and which model it serves. ``POST /predict`` takes
``{"customers": [{...features...}, ...]}`` and returns, per customer, the churn
probability and whether to make the retention offer (probability >= the artefact's
threshold). The request schema holds every field to the values the clean pipeline can
produce, so a bad request (unknown category, negative count, missing or extra field,
charges in pence) is answered with 422 and a detail naming the field, and never scored.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Literal

from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, Field

from dsroles.churn import params as P
from dsroles.churn.clean import UNKNOWN

MAX_CUSTOMERS = 1000  # per request; larger batches belong in a batch job, not an HTTP call


class Customer(BaseModel):
    """One customer's features at the end of a month, as ``features.snapshot`` computes them."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)

    tenure_months: float = Field(ge=0, le=600, description="months since sign-up")
    monthly_charges: float = Field(ge=P.MIN_CHARGE, le=P.MAX_CHARGE,
                                   description=f"this month's bill in {P.BUSINESS.currency}")
    addons: int = Field(ge=0, le=3)
    sessions: int = Field(ge=0, le=5000, description="viewing sessions this month")
    minutes: float = Field(ge=0, le=31 * 24 * 60, description="minutes watched this month")
    usage_trend: float = Field(gt=0, le=10000,
                               description="(sessions + 1) / (mean sessions of the 2 months before + 1)")
    days_since_last_session: float = Field(ge=0, le=20000)
    tickets_month: int = Field(ge=0, le=1000)
    tickets_3m: int = Field(ge=0, le=3000)
    failed_payments_month: int = Field(ge=0, le=31)
    failed_payments_3m: int = Field(ge=0, le=93)
    contract: Literal[P.CONTRACTS]
    plan: Literal[P.PLANS]
    payment_method: Literal[P.PAYMENT_METHODS + (UNKNOWN,)]
    region: Literal[P.REGIONS + (UNKNOWN,)]


class PredictRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    customers: list[Customer] = Field(min_length=1, max_length=MAX_CUSTOMERS)


class Prediction(BaseModel):
    churn_probability: float
    offer: bool


class PredictResponse(BaseModel):
    model_version: str
    threshold: float
    predictions: list[Prediction]


class Health(BaseModel):
    status: str
    model_version: str
    threshold: float


def create_app(artefact_dir: str | Path) -> FastAPI:
    """The service for the model artefact in ``artefact_dir`` (loaded and checked once, here)."""
    import pandas as pd

    from dsroles.churn import artefact
    from dsroles.churn.features import MODEL_FEATURES

    model, metadata = artefact.load_model(artefact_dir)
    if list(metadata["features"]) != list(MODEL_FEATURES):
        raise artefact.ArtefactError(
            f"the artefact in {artefact_dir} expects the features {metadata['features']}, "
            f"but this service takes {MODEL_FEATURES}; retrain the model on features.MODEL_FEATURES.")
    version, threshold = str(metadata["model_version"]), float(metadata["threshold"])
    app = FastAPI(title=f"{P.COMPANY} churn service", version=version,
                  description="Churn probability and retention-offer decision per customer.")

    @app.get("/health", response_model=Health)
    def health() -> Health:
        return Health(status="ok", model_version=version, threshold=threshold)

    @app.post("/predict", response_model=PredictResponse)
    def predict(request: PredictRequest) -> PredictResponse:
        rows = pd.DataFrame([c.model_dump() for c in request.customers], columns=MODEL_FEATURES)
        probabilities = model.predict_proba(rows)[:, 1]
        return PredictResponse(model_version=version, threshold=threshold, predictions=[
            Prediction(churn_probability=float(p), offer=bool(p >= threshold))
            for p in probabilities])

    app.state.model, app.state.metadata = model, metadata
    return app


def main(argv: list[str] | None = None) -> int:
    """Serve an artefact with uvicorn until interrupted."""
    import uvicorn

    from dsroles.churn.artefact import ArtefactError

    parser = argparse.ArgumentParser(prog="python -m dsroles.churn.service",
                                     description="Serve a churn model artefact over HTTP.")
    parser.add_argument("--artefact", required=True, help="the model artefact folder")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback)")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    try:
        app = create_app(args.artefact)
    except ArtefactError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    uvicorn.run(app, host=args.host, port=args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
