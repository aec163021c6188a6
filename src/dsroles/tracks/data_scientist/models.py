"""The track's shared parts for model answers."""

from __future__ import annotations


def uses_leak(model, X) -> bool:
    """Do the model's scores move when only the post-cancellation column changes?"""
    import numpy as np

    from dsroles.churn.params import LEAKAGE_COLUMN

    rng = np.random.default_rng(0)
    shaken = X.copy()
    shaken[LEAKAGE_COLUMN] = rng.integers(1, 6, size=len(X)).astype(float)
    try:
        before = np.asarray(model.predict_proba(X), dtype=float)[:, 1]
        after = np.asarray(model.predict_proba(shaken), dtype=float)[:, 1]
    except Exception:  # noqa: BLE001 - judged by score_model already
        return False
    return not np.allclose(before, after, rtol=0, atol=1e-12)
