"""What a learner's pytest suite works with: fixtures, and one customer's records made by hand.

A suite runs in a folder of its own (``dsroles.checks.mutation``), beside ``CONFTEST``, which
gives every test these fixtures:

=================  ===========================================================================
``records``        this module's ``records(...)``: one customer's records, made by hand
``customer``       a valid input for ``Predictor.predict_one`` (a dict of the 15 features)
``snapshots``      a small labelled snapshot table: 600 rows of September to November 2025,
                   every churner of those months among them
``artefact_dir``   the folder of a model artefact trained on that table, default settings
``config``         the default training settings, ``retrain.load_config()``
=================  ===========================================================================

In a lesson, ``run_tests(source)`` (``suites``) writes the same folder and runs pytest.

The fixtures are the same whatever the data seed: ``fixture_snapshots.json`` beside this
module is a fixed sample of seed 42's snapshot table (``write_fixture_table`` rebuilds it), and
the artefact is trained on it. A suite's grade depends on the suite alone.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

FOLDER = "fixtures"
FIXTURE_TABLE = Path(__file__).with_name("fixture_snapshots.json")
FIXTURE_SEED = 42
SAMPLE_MONTHS = ("2025-09", "2025-10", "2025-11")
SAMPLE_ROWS = 600

CONFTEST = '''"""Fixtures for the tests in this folder (dsroles.tracks.ml_engineer.testkit)."""
import pytest

from dsroles.tracks.ml_engineer import testkit


@pytest.fixture
def records():
    """testkit.records: build one customer's records by hand."""
    return testkit.records


@pytest.fixture
def customer():
    return testkit.example_customer()


@pytest.fixture(scope="session")
def snapshots():
    return testkit.sample_table()


@pytest.fixture(scope="session")
def artefact_dir():
    return testkit.fixture_path("artefact")


@pytest.fixture
def config():
    from dsroles.churn import retrain

    return retrain.load_config()
'''


def records(signup: str = "2025-01-15", *, sessions=(), tickets=(), bills=(),
            contract: str = "monthly", plan: str = "standard", payment_method: str = "card",
            region: str = "north", addons: int = 0):
    """One customer's records, as ``online.online_features(*records, month)`` takes them.

    ``sessions``: ``(start, seconds)`` pairs, one viewing session each, e.g.
    ``[("2025-11-03 20:15", 3600)]``; ``tickets``: the times tickets were opened;
    ``bills``: ``(month, amount, failed_payments)`` triples, e.g. ``[("2025-11", 13.99, 0)]``.
    """
    import pandas as pd

    from dsroles.churn.online import Records

    starts = [pd.Timestamp(ts) for ts, _ in sessions]
    events = pd.DataFrame({"ts": pd.Series(starts, dtype="datetime64[ns]"),
                           "session_id": pd.Series(range(1, len(starts) + 1), dtype="int64"),
                           "seconds": pd.Series([s for _, s in sessions], dtype="int64")})
    opened = pd.DataFrame({"opened_at": pd.Series([pd.Timestamp(t) for t in tickets],
                                                  dtype="datetime64[ns]")})
    billing = pd.DataFrame(list(bills), columns=["month", "amount_billed", "failed_payments"])
    billing = billing.astype({"month": str, "amount_billed": float, "failed_payments": "int64"})
    customer = {"signup_date": pd.Timestamp(signup), "contract": contract, "plan": plan,
                "payment_method": payment_method, "region": region, "addons": int(addons)}
    return Records(customer, events, opened, billing)


def fixture_path(name: str) -> Path:
    """A fixture file of the suite's folder (``$MLE_FIXTURES``, else ``./fixtures``)."""
    return Path(os.environ.get("MLE_FIXTURES", FOLDER)).resolve() / name


def sample_table():
    import pandas as pd

    return pd.read_pickle(fixture_path("snapshots.pkl"))


def example_customer() -> dict:
    return json.loads(fixture_path("customer.json").read_text(encoding="utf-8"))


def native_features(row) -> dict:
    """The model features of a table row as plain Python values (what the schema takes)."""
    from dsroles.churn.features import MODEL_FEATURES

    return {k: (v.item() if hasattr(v, "item") else v) for k, v in row[MODEL_FEATURES].items()}


def small_table(snapshots):
    """The fixture table: every churner of the last three labelled months, and other rows of
    those months up to ``SAMPLE_ROWS`` (enough churners for a model to learn from)."""
    import pandas as pd

    recent = snapshots[snapshots["snapshot_month"].isin(SAMPLE_MONTHS)]
    churners = recent[recent["churned"] == 1]
    stayers = recent[recent["churned"] == 0].sample(n=SAMPLE_ROWS - len(churners), random_state=0)
    return pd.concat([churners, stayers]).sort_index().reset_index(drop=True)


def write_fixture_table(snapshots, path: Path = FIXTURE_TABLE) -> Path:
    """Write the fixture table (from seed 42's snapshot table) as JSON, with its dtypes."""
    table = small_table(snapshots)
    path.write_text(json.dumps({"dtypes": {c: str(t) for c, t in table.dtypes.items()},
                                "columns": list(table.columns),
                                "data": table.astype(object).where(table.notna(), None).values.tolist()},
                               separators=(",", ":")) + "\n", encoding="utf-8")
    return path


def fixture_table(path: Path = FIXTURE_TABLE):
    """The fixture table, read back with its dtypes."""
    import pandas as pd

    raw = json.loads(path.read_text(encoding="utf-8"))
    return pd.DataFrame(raw["data"], columns=raw["columns"]).astype(raw["dtypes"])


def fixture_files(artefact_dir: Path) -> dict:
    """The files a suite's folder holds: ``conftest.py`` and ``fixtures/...``."""
    table = fixture_table()
    buffer = io.BytesIO()
    table.to_pickle(buffer)
    return {"conftest.py": CONFTEST,
            f"{FOLDER}/snapshots.pkl": buffer.getvalue(),
            f"{FOLDER}/customer.json": json.dumps(native_features(table.iloc[0])),
            f"{FOLDER}/artefact": Path(artefact_dir)}
