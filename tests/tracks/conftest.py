"""Shared set-up for the exercise tests."""

import pytest


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    """Model fits on small tables are much faster with one BLAS thread on a busy machine."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        yield
