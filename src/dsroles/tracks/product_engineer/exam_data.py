"""The product engineer assessment's inputs, from the seed: the only track module its locked
cells import. Everything here is also what a product engineer would be handed: the artefact
folder, a few customers to try the service with, the ML engineer's release gate, the
monitoring batches, and a way to run an app for real (``serving``)."""

from __future__ import annotations

from dsroles.tracks.product_engineer.data import (  # noqa: F401 - the notebook's names
    API_KEY_VARIABLE, MAX_BATCH, MAX_BODY_BYTES, ONNX_TOLERANCE, SCORING_SECONDS, artefact_dir,
    incoming_batches, reference_table,
)
from dsroles.tracks.product_engineer.harness import serving  # noqa: F401
from dsroles.tracks.product_engineer.monitoring import route_alert  # noqa: F401
from dsroles.tracks.product_engineer.releases import release_gate  # noqa: F401


def example_customers(seed: int, n: int = 5) -> list[dict]:
    """A few customers as the CRM sends them (``customer_key`` and the model's features)."""
    from dsroles.tracks.product_engineer import data

    return data.records(data.customers(seed, n, part=7))


def example_history(seed: int) -> list[dict]:
    """A release history to try promote and rollback on: the first model live, and two
    candidates (``good``, ``leaky``)."""
    from dsroles.tracks.product_engineer.releases import candidates

    c = candidates(int(seed) + 1000)
    return [c["first"]], {"good": c["good"], "leaky": c["leaky"]}
