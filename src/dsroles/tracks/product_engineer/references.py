"""The product engineer assessment's answer key: the reference implementations the checks
compare with, computed from the seed with the churn package (promote and rollback, the drift
job, the alert rules, the ONNX export)."""

from __future__ import annotations

import functools

UNIT_RATIO = 20  # a median moved by this factor or more: a unit changed, not the customers
OWNERS = {"critical": "data_engineer", "major": "domain_expert", "moderate": "data_scientist"}
JOB_COLUMNS = ["batch", "feature", "psi", "ks_statistic", "level"]


def reference_promote(history, candidate, gate):
    reasons = gate(candidate, history[-1] if history else None)
    if reasons:
        raise ValueError(f"{candidate['model_version']} refused: {'; '.join(reasons)}")
    if history and history[-1]["model_version"] == candidate["model_version"]:
        return list(history)
    return [*history, candidate]


def reference_rollback(history):
    if len(history) < 2:
        raise ValueError("nothing to roll back to: only one version was ever live")
    return list(history[:-1])


def reference_drift_job(reference, batches: dict):
    """One row per batch and model feature: PSI, KS statistic and level, against ``reference``."""
    import pandas as pd

    from dsroles.churn import monitor

    frames = [monitor.drift_report(reference, batch).assign(batch=name)
              for name, batch in batches.items()]
    return pd.concat(frames, ignore_index=True)[JOB_COLUMNS]


def schema_changed(reference, batch, feature: str) -> bool:
    """A category the reference never had, or a median moved by ``UNIT_RATIO`` or more."""
    import pandas as pd

    ref, cur = reference[feature], batch[feature]
    if pd.api.types.is_numeric_dtype(ref):
        a, b = float(ref.median()), float(pd.to_numeric(cur, errors="coerce").median())
        return a > 0 and b > 0 and not 1 / UNIT_RATIO < b / a < UNIT_RATIO
    return bool(set(cur.dropna().astype(str)) - set(ref.dropna().astype(str)))


def reference_alerts(reference, batches: dict, report) -> list[dict]:
    alerts = []
    for row in report.itertuples():
        if schema_changed(reference, batches[row.batch], row.feature):
            kind, severity = "schema", "critical"
        elif row.psi > 0.25:
            kind, severity = "drift", "major"
        elif row.psi >= 0.1:
            kind, severity = "drift", "moderate"
        else:
            continue
        alerts.append({"batch": row.batch, "feature": row.feature, "kind": kind,
                       "severity": severity, "owner": OWNERS[severity], "psi": float(row.psi)})
    return alerts


@functools.lru_cache(maxsize=4)
def reference_export(seed: int) -> bytes:
    """The seed's artefact as ONNX: log1p taught to skl2onnx, probabilities as a tensor,
    model version and threshold in the metadata."""
    import onnx
    import skl2onnx

    from dsroles.churn import onnx_export
    from dsroles.tracks.product_engineer import data

    model, metadata = data.served(seed)
    onnx_export.register_log1p()
    onx = skl2onnx.to_onnx(model, initial_types=onnx_export.input_types(),
                           options={id(model): {"zipmap": False}})
    onnx.helper.set_model_props(onx, {"model_version": str(metadata["model_version"]),
                                      "threshold": str(metadata["threshold"])})
    return onx.SerializeToString()
