"""Shared test set-up: no test writes into the real ~/.dsroles; the slowest files start first."""

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


# The files that take longest (test-seconds under `make test`, from `pytest --durations=0`
# summed per file), longest first. pytest-xdist gives a file to one worker; started first
# (`--no-loadscope-reorder` keeps this order), they do not leave one worker busy at the end.
SLOW_FIRST = (
    "tracks/ml_engineer/test_contract.py",        # 140 s
    "grading/test_attacks.py",                    # 107 s
    "tracks/product_engineer/test_contract.py",   # 85 s
    "workshop/test_end_to_end.py",                # 84 s
    "capstone/test_chain.py",                     # 74 s
    "tracks/data_scientist/test_contract.py",     # 61 s
    "grading/test_core.py",                       # 57 s
    "tracks/data_engineer/test_contract.py",      # 54 s
    "test_wheel.py",                              # 53 s
    "churn/test_monitor.py",                      # 35 s
)


def pytest_collection_modifyitems(config, items):
    tests = Path(__file__).parent
    rank = {name: place for place, name in enumerate(SLOW_FIRST)}

    def place(item) -> int:
        try:
            return rank.get(Path(str(item.path)).relative_to(tests).as_posix(), len(SLOW_FIRST))
        except ValueError:
            return len(SLOW_FIRST)

    items.sort(key=place)  # stable: the other files, and each file's tests, keep their order
