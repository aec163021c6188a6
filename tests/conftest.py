"""Shared test set-up: no test writes into the real ~/.dsroles."""

import os

import pytest


@pytest.fixture(scope="session", autouse=True)
def dsroles_home(tmp_path_factory):
    """Point DSROLES_HOME (data cache, self-check log, grading folders) at a temp folder."""
    home = tmp_path_factory.mktemp("dsroles-home")
    old = os.environ.get("DSROLES_HOME")
    os.environ["DSROLES_HOME"] = str(home)
    yield home
    if old is None:
        os.environ.pop("DSROLES_HOME", None)
    else:
        os.environ["DSROLES_HOME"] = old
