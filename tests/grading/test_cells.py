"""Which cells a test cell needs (dsroles.grading.cells): the names each cell binds and reads."""

from __future__ import annotations

import nbformat
import pytest

from dsroles.grading import cells as C


@pytest.mark.parametrize("source, defines, uses", [
    ("x = 1\ny, z = f(x)", {"x", "y", "z"}, {"f"}),
    ("import pandas as pd\nfrom a.b import c\ndf = pd.DataFrame(c)", {"pd", "c", "df"}, set()),
    ("def g(a):\n    inner = a + k\n    return inner", {"g"}, {"k"}),
    ("for row in rows:\n    total += row", {"row", "total"}, {"rows", "total"}),
    ("xs = [i * 2 for i in data]", {"xs"}, {"data"}),
    ("with open(p) as f:\n    text = f.read()", {"f", "text"}, {"p"}),
    ("%timeit x = 1", set(), set()),  # not plain Python: nothing is claimed
])
def test_names_a_cell_binds_and_reads(source, defines, uses):
    """Are top-level bindings found exactly, every free read among the uses (reading more is
    safe: it only runs an extra cell), and names a cell imports itself not 'used'?"""
    bound, read = C.names_of(source)
    assert bound == frozenset(defines)
    assert set(uses) <= read and not read & {"pd", "c", "pandas", "print", "open"}


def _nb(*cells):
    nb = nbformat.v4.new_notebook()
    for kind, gid, source in cells:
        cell = nbformat.v4.new_code_cell(source)
        meta = {"grade_id": gid, "grade": kind == "test", "solution": kind == "answer", "locked": kind != "answer"}
        if kind == "test":
            meta["points"] = 1
        if kind != "setup":
            cell.metadata["nbgrader"] = meta
        nb.cells.append(cell)
    return nb


NB = _nb(("setup", None, "import pandas as pd\ndf = load()"),
         ("answer", "a_clean", "clean = df.dropna()"),
         ("test", "t_clean", "from checks import check\ncheck(clean)"),
         ("answer", "a_mean", "mean = clean['x'].mean()"),
         ("test", "t_mean", "from checks import check\ncheck(mean)"),
         ("answer", "a_other", "other = df['y'].sum()"),
         ("test", "t_other", "from checks import check\ncheck(other)"))


def test_a_test_needs_only_the_cells_it_reads_from():
    """Does the mean's test need the mean and the clean table, but no other test or answer?"""
    cells = C.code_cells(NB)
    start = C.first_answer(cells)
    assert start == 1
    target = [c.grade_id for c in cells].index("t_mean")
    assert [cells[i].grade_id for i in C.needed(cells, target, start)] == ["a_clean", "a_mean", "t_mean"]


def test_which_tests_an_answer_can_change():
    """Can a wrong clean table change both tests downstream of it, and the other answer only its own?"""
    cells = C.code_cells(NB)
    assert C.affected_tests(cells, ["a_clean"], 1) == {"t_clean", "t_mean"}
    assert C.affected_tests(cells, ["a_other"], 1) == {"t_other"}


def test_replacing_an_answer_changes_what_it_reads():
    """Is a replacement cell's source analysed, not the solution's?"""
    cells = C.code_cells(NB, {"a_other": "other = clean['y'].sum()"})
    assert C.affected_tests(cells, ["a_clean"], 1) == {"t_clean", "t_mean", "t_other"}
