"""How a check's feedback looks: coloured Markdown in Jupyter, plain text elsewhere."""

from __future__ import annotations

import sys
from dataclasses import dataclass

COLOURS = {
    "correct": "#2e7d32",
    "incorrect": "#c62828",
    "not_attempted": "#b26a00",
    "hint": "#6a1b9a",
    "solution": "#1565c0",
    "info": "#455a64",
}


@dataclass(frozen=True)
class Feedback:
    """A titled message (``Correct``, ``Hint 1 of 2`` ...) with a kind that picks its colour."""

    kind: str
    title: str
    body: str = ""

    def __str__(self) -> str:
        return f"{self.title}: {self.body}" if self.body else self.title

    __repr__ = __str__

    def _repr_markdown_(self) -> str:
        colour = COLOURS.get(self.kind, COLOURS["info"])
        head = f'<span style="color:{colour}">**{self.title}**</span>'
        return f"{head}: {self.body}" if self.body and "\n" not in self.body else \
            f"{head}\n\n{self.body}" if self.body else head


def in_notebook() -> bool:
    """Is this running inside a Jupyter kernel (not a terminal)?"""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def show(feedback: Feedback) -> None:
    """Display in Jupyter, print elsewhere."""
    if in_notebook():
        from IPython.display import display

        display(feedback)
    else:
        print(feedback)
