"""The progress bar over notebooks: plain lines when the output is not a terminal."""

from __future__ import annotations

import io

from dsroles.grading.progress import Progress, current, showing


def test_plain_lines_off_a_terminal():
    out = io.StringIO()
    bar = Progress("grading", stream=out)
    bar.start(2)
    bar.step("a.ipynb")
    bar.step("b.ipynb")
    bar.close()
    assert out.getvalue().splitlines() == ["grading: 1/2 notebooks done (a.ipynb)",
                                           "grading: 2/2 notebooks done (b.ipynb)"]


def test_a_bar_on_a_terminal():
    out = io.StringIO()
    bar = Progress("grading", stream=out, bar=True)
    bar.start(3)
    bar.step("a")
    assert bar._tqdm is not None and bar._tqdm.n == 1
    bar.close()
    assert "/3" in out.getvalue() and "notebooks done" not in out.getvalue()


def test_showing_makes_it_the_batch_default():
    bar = Progress(stream=io.StringIO())
    assert current() is None
    with showing(bar):
        assert current() is bar
    assert current() is None
