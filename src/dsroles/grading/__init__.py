"""Grading with nbgrader behind one function: a notebook in, a result dict out.

    from dsroles.grading import grade_notebook, grade_notebooks
    result = grade_notebook("assessments/data_engineer/data_engineer.ipynb")

See docs/grading.md for the result format and docs/isolation.md for the sandbox and limits.
Importing this package is cheap: its names load on first use (the kernel launcher, which
runs once per graded notebook, imports only what it needs), nbgrader when grading starts.
"""

__all__ = ["grade_notebook", "grade_notebooks", "Limits"]


def __getattr__(name: str):
    if name in ("grade_notebook", "grade_notebooks"):
        from dsroles.grading import core

        return getattr(core, name)
    if name == "Limits":
        from dsroles.grading.limits import Limits

        return Limits
    raise AttributeError(f"module 'dsroles.grading' has no attribute {name!r}")
