"""Small predicates and edits on notebooks, and reading a submission safely.

Cells are plain ``nbformat`` nodes; nbgrader's metadata lives under
``cell.metadata.nbgrader``. Nothing here imports nbgrader (it is slow to import).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from dsroles.errors import NotGraded  # noqa: F401  (re-exported)

SEED_NAME = "seed"
MAX_NOTEBOOK_MB = 100
MAX_SOURCE_MB = 2  # cells' text and attachments, outputs left out: bounds the feedback page
GUARD_TAG = "dsroles-seed-guard"


def nbg(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def grade_id(cell) -> str | None:
    return nbg(cell).get("grade_id")


def is_grade(cell) -> bool:
    return bool(nbg(cell).get("grade"))


def is_solution(cell) -> bool:
    return bool(nbg(cell).get("solution"))


def is_test(cell) -> bool:
    """An autograded test cell: graded, not an answer, code."""
    return is_grade(cell) and not is_solution(cell) and cell.get("cell_type") == "code"


def is_manual(cell) -> bool:
    """A manually graded answer (or task) cell."""
    return is_grade(cell) and (is_solution(cell) or cell.get("cell_type") == "markdown")


def has_tag(cell, tag: str) -> bool:
    return tag in cell.get("metadata", {}).get("tags", [])


def code_cells(nb) -> int:
    return sum(cell.get("cell_type") == "code" for cell in nb.cells)


def read_bytes(path: Path, limit: int) -> bytes:
    """At most `limit` + 1 bytes of a regular file (a symlink to one is fine); never blocks.

    A FIFO, a device, a socket or a directory (or a symlink to one) raises NotGraded: it is
    opened with O_NONBLOCK, so opening a FIFO returns at once, and its type is read from the
    open descriptor before anything is read.
    """
    import os
    import stat

    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = ("a directory" if stat.S_ISDIR(mode) else "a FIFO (named pipe)" if stat.S_ISFIFO(mode)
                    else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
                    else "a socket" if stat.S_ISSOCK(mode) else "a special file")
            raise NotGraded(f"{path.name} is not a regular file (it is {kind}); grade the saved .ipynb file itself.")
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_notebook(path: Path, *, role: str = "notebook"):
    """Read and validate a notebook; raise NotGraded with a plain reason if it is broken."""
    import nbformat

    path = Path(path)
    limit = MAX_NOTEBOOK_MB * 1024**2
    try:
        data = read_bytes(path, limit)
        if len(data) > limit:
            raise NotGraded(
                f"{path.name} is over {MAX_NOTEBOOK_MB} MB (the limit); a notebook this big "
                "holds huge outputs. Clear them (Edit > Clear Outputs of All Cells), save, and grade again."
            )
        text = data.decode("utf-8")
    except FileNotFoundError:
        raise NotGraded(f"{path} does not exist; check the path.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise NotGraded(f"{path} could not be read ({exc}); check that it is a saved .ipynb file.") from None
    if not text.strip():
        raise NotGraded(
            f"{path.name} is empty (0 bytes of notebook); it was probably not saved. "
            "Open it in JupyterLab, save it, and grade again."
        )
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotGraded(
            f"{path.name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}), "
            "so it is not a readable notebook; it may have been cut off or edited by hand. "
            "Restore it from a checkpoint (File > Revert Notebook to Checkpoint) or copy your "
            "answers into a fresh copy of the assessment."
        ) from None
    if not isinstance(raw, dict) or "cells" not in raw or "nbformat" not in raw:
        raise NotGraded(
            f"{path.name} is JSON but not a Jupyter notebook (no 'cells'/'nbformat' keys); "
            "grade the .ipynb file of the assessment."
        )
    try:
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # nbformat raises several kinds
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise NotGraded(
            f"{path.name} is not a valid notebook ({first}); "
            "copy your answers into a fresh copy of the assessment."
        ) from None
    return nb


def check_size(nb, name: str) -> None:
    """Raise NotGraded when the cells' text (outputs left out) is over MAX_SOURCE_MB."""
    size = sum(len(str(c.get("source", ""))) + len(json.dumps(c.get("attachments", {}))) for c in nb.cells)
    if size > MAX_SOURCE_MB * 1024**2:
        raise NotGraded(
            f"{name}: its cells hold {size / 1024**2:.1f} MB of code and text (outputs left out; the limit "
            f"is {MAX_SOURCE_MB} MB). Remove pasted data or images from the cells and grade again."
        )


def graded_ids(nb) -> list[str]:
    """grade_ids of every graded cell (tests and manual answers), in order."""
    return [grade_id(c) for c in nb.cells if is_grade(c) and grade_id(c)]


def check_structure(nb, source, name: str) -> None:
    """Raise NotGraded if graded cells of `source` are missing or any nbgrader id is duplicated."""
    counts = Counter(grade_id(c) for c in nb.cells if grade_id(c))
    twice = sorted(g for g, n in counts.items() if n > 1)
    if twice:
        raise NotGraded(
            f"{name}: cell id(s) {', '.join(repr(g) for g in twice)} appear more than once "
            "(an nbgrader cell was copied or pasted twice), so nbgrader cannot tell which one to grade. "
            "Delete the extra copy, keeping the original in its place, and grade again."
        )
    missing = [g for g in graded_ids(source) if g not in counts]
    if missing:
        raise NotGraded(
            f"{name}: graded cell(s) {', '.join(repr(g) for g in missing)} were deleted "
            "(or their nbgrader metadata was removed), so those items cannot be graded. "
            "Take a fresh copy of the assessment from assessments/, paste your answers into it, "
            "and grade again."
        )


def restore_metadata(nb, source) -> None:
    """Make every nbgrader cell's metadata what the source says; drop unknown nbgrader cells' ids.

    nbgrader then restores locked cells' text itself (OverwriteCells); this step
    stops a submission from promoting an answer cell to a graded one or changing points.
    """
    truth = {grade_id(c): c for c in source.cells if grade_id(c)}
    for cell in nb.cells:
        gid = grade_id(cell)
        if gid is None:
            cell.get("metadata", {}).pop("nbgrader", None)
        elif gid in truth:
            original = truth[gid]
            cell.metadata["nbgrader"] = json.loads(json.dumps(nbg(original)))
            if cell.cell_type != original.cell_type:
                cell.cell_type = original.cell_type
                if cell.cell_type == "code":
                    cell["outputs"], cell["execution_count"] = [], None
                else:
                    cell.pop("outputs", None)
                    cell.pop("execution_count", None)
        else:
            del cell.metadata["nbgrader"]


def parameters_index(nb, source) -> int:
    """Index of the papermill `parameters` cell, found by tag or by the source cell's grade_id."""
    for i, cell in enumerate(nb.cells):
        if has_tag(cell, "parameters"):
            return i
    src = [c for c in source.cells if has_tag(c, "parameters")]
    gid = grade_id(src[0]) if src else None
    for i, cell in enumerate(nb.cells):
        if gid and grade_id(cell) == gid:
            cell.metadata.setdefault("tags", []).append("parameters")
            return i
    return -1


def inject_seed(nb, source, seed: int, name: str):
    """Return a copy of `nb` that runs with `seed`: papermill's injected-parameters cell after
    the `parameters` cell, and the same assignment again just before every test cell (so an
    answer cell cannot set the seed back to the learner's own)."""
    import nbformat
    from papermill.parameterize import parameterize_notebook

    if not any(has_tag(c, "parameters") for c in source.cells):
        raise NotGraded(
            f"{name}: the assessment's source in solutions/ has no cell tagged 'parameters' "
            "(the one that sets seed = ...), so it cannot be graded with another seed. This is a "
            "fault in the kit, not in your notebook: tell the course authors."
        )
    if parameters_index(nb, source) < 0:
        raise NotGraded(
            f"{name}: the 'parameters' cell (the one that sets seed = ...) is missing, "
            "so the notebook cannot be run with a grading seed. Take a fresh copy of the "
            "assessment from assessments/, paste your answers into it, and grade again."
        )
    nb.metadata.setdefault("papermill", {})
    for cell in nb.cells:  # papermill reads cell.metadata.tags on every cell
        cell.metadata.setdefault("tags", [])
    nb = parameterize_notebook(
        nb, {SEED_NAME: seed}, comment="Parameters injected by dsroles grade (a grading seed)",
        kernel_name="python3", language="python",
    )
    for cell in nb.cells:
        if not cell.metadata.get("tags"):
            cell.metadata.pop("tags", None)
    import secrets

    from dsroles.grading.guard import guard_source

    cells = []
    for cell in nb.cells:
        if is_test(cell):
            extra = nbformat.v4.new_code_cell(source=guard_source(seed, secrets.token_hex(8)))
            extra.metadata["tags"] = [GUARD_TAG]
            cells.append(extra)
        cells.append(cell)
    nb.cells = cells
    return nb


def source_seed(source) -> int | None:
    """The seed the source's parameters cell sets, if it is a plain literal."""
    import ast

    for cell in source.cells:
        if has_tag(cell, "parameters"):
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                return None
            for node in tree.body:
                if isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == SEED_NAME for t in node.targets
                ) and isinstance(node.value, ast.Constant):
                    return node.value.value
    return None
