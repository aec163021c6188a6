"""Grading with nbgrader behind one function: a notebook in, a result dict out.

    from dsroles.grading import grade_notebook, grade_notebooks
    result = grade_notebook("assessments/data_engineer/data_engineer.ipynb")

See docs/grading.md for the result format and docs/isolation.md for the limits.
Importing this package is cheap: nbgrader is imported when grading starts.
"""

from dsroles.grading.core import grade_notebook, grade_notebooks
from dsroles.grading.limits import Limits

__all__ = ["grade_notebook", "grade_notebooks", "Limits"]
