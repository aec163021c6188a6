"""Session fixtures for the grading tests: the private course with the fixture built, and its release."""

from __future__ import annotations

import nbformat
import pytest

from .helpers import ASSESSMENT, SOLUTIONS


@pytest.fixture(scope="session")
def course():
    """The private course with the fixture built (under the test session's DSROLES_HOME)."""
    from dsroles.grading.course import prepare

    return prepare(SOLUTIONS, [ASSESSMENT])


@pytest.fixture(scope="session")
def blank(course):
    """The released (student) version nbgrader generated: every answer left blank."""
    from dsroles.grading.course import release_notebook

    return nbformat.read(release_notebook(course, ASSESSMENT), as_version=4)
