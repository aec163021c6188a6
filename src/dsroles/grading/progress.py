"""A progress bar over the notebooks being graded: tqdm on a terminal, plain lines otherwise.

    bar = Progress("grading")      # or Progress.for_stream(...)
    grade_notebooks(paths, progress=bar)

The batch calls ``start(total)``, ``step(name)`` as each notebook ends and ``close()``. When the
output is not a terminal (CI, a log file), each notebook that ends prints one line instead.
"""

from __future__ import annotations

import sys


class Progress:
    def __init__(self, label: str = "grading", stream=None, bar: bool | None = None):
        self.label = label
        self.stream = stream or sys.stderr
        self.bar = self._is_terminal() if bar is None else bar
        self.total = 0
        self.done = 0
        self._tqdm = None

    def _is_terminal(self) -> bool:
        try:
            return self.stream.isatty()
        except (AttributeError, ValueError):
            return False

    def start(self, total: int) -> None:
        self.total, self.done = total, 0
        if self.bar and total:
            try:
                from tqdm import tqdm
            except ImportError:  # tqdm comes with nbgrader's dependencies; plain lines without it
                self.bar = False
                return
            self._tqdm = tqdm(total=total, desc=self.label, unit="notebook", file=self.stream, leave=False)

    def step(self, name: str = "") -> None:
        self.done += 1
        if self._tqdm is not None:
            self._tqdm.set_postfix_str(name[-40:], refresh=False)
            self._tqdm.update(1)
        elif self.total:
            print(f"{self.label}: {self.done}/{self.total} notebooks done{f' ({name})' if name else ''}",
                  file=self.stream, flush=True)

    def close(self) -> None:
        if self._tqdm is not None:
            self._tqdm.close()
            self._tqdm = None


class Silent(Progress):
    """No output at all (tests, library use)."""

    def start(self, total: int) -> None:
        self.total = total

    def step(self, name: str = "") -> None:
        self.done += 1


_CURRENT: list[Progress] = []


class showing:
    """``with showing(Progress("validating")):`` every grading batch run inside shows this bar
    (for callers that do not pass ``progress=`` down, such as `dsroles validate`)."""

    def __init__(self, progress: Progress):
        self.progress = progress

    def __enter__(self) -> Progress:
        _CURRENT.append(self.progress)
        return self.progress

    def __exit__(self, *exc) -> None:
        _CURRENT.remove(self.progress)


def current() -> Progress | None:
    return _CURRENT[-1] if _CURRENT else None
