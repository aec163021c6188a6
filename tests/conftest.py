"""Shared test set-up: no test writes into the real ~/.dsroles."""

import os
from pathlib import Path

import pytest


@pytest.fixture(scope="session", autouse=True)
def dsroles_home(tmp_path_factory):
    """Point DSROLES_HOME (self-check log, grading folders) at a temp folder.

    Generated data is a cache that every reader shares safely: when the run has a home of its
    own (``make test`` sets one), its ``data/`` and ``exam/`` caches are shared, so the test
    workers, ``dsroles validate`` and the notebooks generate each seed's data once.
    """
    home = tmp_path_factory.mktemp("dsroles-home")
    old = os.environ.get("DSROLES_HOME")
    if old:
        for cache in ("data", "exam"):
            shared = Path(old, cache)
            shared.mkdir(parents=True, exist_ok=True)
            (home / cache).symlink_to(shared, target_is_directory=True)
    os.environ["DSROLES_HOME"] = str(home)
    yield home
    if old is None:
        os.environ.pop("DSROLES_HOME", None)
    else:
        os.environ["DSROLES_HOME"] = old
