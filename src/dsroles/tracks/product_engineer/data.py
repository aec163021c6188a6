"""The product engineer track's data, from the seed: the model artefact the service serves,
the customers the checks send (with their expected scores), the CRM's personal data a careless
client puts in a request, and the monitoring batches. Everything is derived with the churn
package and cached per seed (in memory, and the artefact and tables on disk)."""

from __future__ import annotations

import functools
import os
from pathlib import Path

API_KEY_VARIABLE = "CHURN_API_KEY"  # the service reads its key from this environment variable
MAX_BODY_BYTES = 1_000_000  # larger requests are refused with 413
MAX_BATCH = 1000  # customers per batch request
SCORING_SECONDS = 2.0  # the service answers 504 when scoring takes longer
ONNX_TOLERANCE = 1e-4  # ONNX and scikit-learn scores agree within this


def data_dir(seed: int):
    from dsroles.churn.data import project_data

    return project_data(int(seed))


def _cached(seed: int, name: str) -> Path:
    """``$DSROLES_HOME/exam/pe-v<generator version>-seed<seed>/<name>``: a new version of the
    data generator makes new files (the artefact is trained on the data)."""
    from dsroles.churn.generate import GENERATOR_VERSION
    from dsroles.paths import exam_cache

    return exam_cache() / f"pe-v{GENERATOR_VERSION}-seed{int(seed)}" / name


def _write_table(path: Path, make):
    import pandas as pd

    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        make().to_parquet(tmp, index=False)
        os.replace(tmp, path)
    return pd.read_parquet(path)


@functools.lru_cache(maxsize=4)
def snapshots(seed: int):
    """The history's snapshot table (cached on disk: building it takes about a second)."""
    from dsroles.churn.data import history_tables

    return _write_table(_cached(seed, "snapshots.parquet"), lambda: history_tables(seed).snapshots)


def artefact_dir(seed: int) -> Path:
    """The model artefact the service serves: the reference pipeline trained on the history."""
    import shutil
    import tempfile

    from dsroles.churn import artefact, evaluate, train

    folder = _cached(seed, "artefact")
    if (folder / artefact.METADATA_FILE).is_file():
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    train_part, test_part = train.time_split(snapshots(seed))
    from dsroles.checks.models import one_thread

    with one_thread():
        model = train.train(train_part)
        metrics = evaluate.evaluate(model, test_part)
    tmp = Path(tempfile.mkdtemp(prefix=".artefact-", dir=folder.parent)) / "artefact"
    artefact.save_model(model, tmp, metrics=metrics, data_dir=data_dir(seed),
                        threshold=metrics["best_threshold"])
    try:
        os.replace(tmp, folder)
    except OSError:  # another process finished first: use its copy
        pass
    shutil.rmtree(tmp.parent, ignore_errors=True)
    return folder


@functools.lru_cache(maxsize=4)
def served(seed: int):
    """``(model, metadata)`` of the seed's artefact, loaded once."""
    from dsroles.churn import artefact

    return artefact.load_model(artefact_dir(seed))


def customers(seed: int, n: int = 200, *, part: int = 0):
    """``n`` snapshot rows as the service receives them: ``customer_key`` and the features.

    ``part`` picks another disjoint sample. In part 0 (the checks' own) the first four
    rows are the edge cases every seed holds: a brand-new customer, an unknown region and
    payment method, the largest values the schema allows, a customer just above the threshold.
    """
    import numpy as np

    from dsroles.churn.features import MODEL_FEATURES

    table = snapshots(seed)
    rng = np.random.default_rng([int(seed), 11, part])
    rows = table.iloc[rng.permutation(len(table))[part * n:(part + 1) * n]]
    out = rows[["customer_key"] + MODEL_FEATURES].reset_index(drop=True).copy()
    if part or n < 3:
        return out
    out.loc[0, ["tenure_months", "sessions", "minutes", "tickets_3m"]] = [0.0, 0, 0.0, 0]
    out.loc[1, ["region", "payment_method"]] = ["unknown", "unknown"]
    out.loc[2, ["tenure_months", "monthly_charges", "tickets_month", "failed_payments_3m"]] = \
        [600.0, 60.0, 40, 93]
    out.loc[3] = at_risk_customer(seed)
    return out


def at_risk_customer(seed: int):
    """A customer whose offer depends on using the artefact's threshold and not one half:
    scored between the two, at least 0.02 from each (the threshold may lie above or below one
    half). Where no customer is (a threshold within 0.04 of one half), the lowest-scored
    customer at least 0.02 above the threshold, or failing that the highest-scored."""
    import numpy as np

    from dsroles.churn.features import MODEL_FEATURES

    table = snapshots(seed)
    threshold = float(served(seed)[1]["threshold"])
    scores = expected_scores(seed, table)
    low, high = sorted((threshold, 0.5))
    inside = (scores >= low + 0.02) & (scores <= high - 0.02)
    above = scores >= threshold + 0.02
    if inside.any():
        position = int(np.flatnonzero(inside)[0])
    elif above.any():
        position = int(np.flatnonzero(above)[np.argmin(scores[above])])
    else:
        position = int(np.argmax(scores))
    return table.iloc[position][["customer_key"] + MODEL_FEATURES]


def records(table) -> list[dict]:
    """JSON-ready dicts of a ``customers`` table, with Python ints and floats."""
    import json

    return json.loads(table.to_json(orient="records"))


def expected_scores(seed: int, table):
    """The artefact's churn probabilities for a ``customers`` table."""
    from dsroles.checks.models import one_thread
    from dsroles.churn.features import MODEL_FEATURES

    model, _ = served(seed)
    with one_thread():
        return model.predict_proba(table[MODEL_FEATURES])[:, 1]


@functools.lru_cache(maxsize=4)
def personal_data(seed: int) -> list[dict]:
    """Name, e-mail and phone of a few CRM customers: what a careless client sends along."""
    from dsroles.churn import ingest

    crm = ingest.read_crm(data_dir(seed) / "history" / "crm_customers.csv")
    rows = crm.dropna(subset=["name", "email", "phone"]).sample(4, random_state=int(seed))
    return [{"name": r.name, "email": r.email, "phone": r.phone} for r in rows.itertuples()]


@functools.lru_cache(maxsize=4)
def next_quarter(seed: int):
    """The next quarter's labelled snapshot rows as delivered (the pipeline bug included)."""
    from dsroles.churn import monitor

    return _write_table(_cached(seed, "next-quarter.parquet"),
                        lambda: monitor.next_quarter_snapshots(data_dir(seed)))


def incoming_batches(seed: int) -> dict:
    """The three batches the monitoring job sees, by name, oldest first:

    - ``2025-11``: November replayed from the history (next to nothing should fire);
    - ``2026-01``: January after the data engineer fixed the billing migration (pounds again,
      ``two_year`` again): the price rise is left;
    - ``2026-02``: February as billing_v2 delivered it (pence, ``biennial``).
    """
    table, later = snapshots(seed), next_quarter(seed)
    january = later[later["snapshot_month"] == "2026-01"].copy()
    january["monthly_charges"] = january["monthly_charges"] / 100
    january["contract"] = january["contract"].replace({"biennial": "two_year"})
    return {"2025-11": table[table["snapshot_month"] == "2025-11"].reset_index(drop=True),
            "2026-01": january.reset_index(drop=True),
            "2026-02": later[later["snapshot_month"] == "2026-02"].reset_index(drop=True)}


def reference_table(seed: int):
    """What the model learnt on: the history's snapshots before the monitored months."""
    table = snapshots(seed)
    return table[table["snapshot_month"] < "2025-11"].reset_index(drop=True)
