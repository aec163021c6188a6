"""Shared, session-scoped fixtures for the churn tests: the data is generated ONCE.

- ``data_dir``        the default sources (seed 42, next quarter with drift and the bug);
- ``clean_data_dir``  the same seed with ``drift=False`` (a fresh clean next quarter);
- ``history_tables``  ``pipeline.feature_table(data_dir)`` (cleaned, validated, snapshots);
- ``trained``         ``pipeline.run(data_dir, <tmp>/artefact)``: metrics, artefact path, model.

Nothing here writes outside pytest's temporary folders.
"""

from __future__ import annotations

import pytest

from dsroles.churn import params as P

SEED = P.DEFAULT_SEED


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory):
    from dsroles.churn.generate import generate_sources

    folder = tmp_path_factory.mktemp("churn-data")
    generate_sources(folder, SEED)
    return folder


@pytest.fixture(scope="session")
def clean_data_dir(tmp_path_factory):
    from dsroles.churn.generate import generate_sources

    folder = tmp_path_factory.mktemp("churn-data-nodrift")
    generate_sources(folder, SEED, drift=False)
    return folder


@pytest.fixture(scope="session")
def history_tables(data_dir):
    from dsroles.churn import pipeline

    return pipeline.feature_table(data_dir)


@pytest.fixture(scope="session")
def trained(data_dir, tmp_path_factory):
    from dsroles.churn import pipeline

    return pipeline.run(data_dir, tmp_path_factory.mktemp("churn-model") / "artefact")
