"""The bank of wrong answers: plausible mistakes that `dsroles validate` checks lose marks.

One small TOML file per mistake, ``<name>.toml``, in a folder of the assessment's mistakes:
the kit keeps each track's in ``dsroles/tracks/<role>/wrong_answers/``, and an instructor can
add a folder of their own (``dsroles validate --wrong-answers DIR`` reads ``DIR/<assessment>/``)::

    description = "Takes the median instead of the mean."   # one line: the mistake
    replaces = "mean_answer"       # grade_id of the solution cell whose code is replaced
    loses = ["test_mean"]          # test items (grade_ids) that must lose marks
    code = '''
    my_mean = df["monthly_charge"].median()
    '''

The submission is the solution notebook with that one cell's code replaced, so every
other item keeps full marks and only the named items are expected to drop. Mistakes whose
cells and tests cannot touch each other's share one graded notebook (``independent_groups``).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from dsroles.errors import BankError  # noqa: F401  (re-exported)
from dsroles.grading import notebook as nbk


@dataclass(frozen=True)
class WrongAnswer:
    name: str
    path: Path
    description: str
    replaces: str
    loses: tuple[str, ...]
    code: str

    def apply(self, nb):
        """Return `nb` with the replaced cell's code swapped for the mistake (nb is edited)."""
        for cell in nb.cells:
            if nbk.grade_id(cell) == self.replaces:
                cell.source = self.code
                return nb
        raise BankError(f"{self.path}: no cell {self.replaces!r} in the solution notebook")


def read_wrong_answer(path: Path) -> WrongAnswer:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise BankError(f"{path} is not valid TOML ({exc}); see docs/grading.md for the format") from None
    problems = [f"'{key}' must be non-empty text" for key in ("description", "replaces", "code")
                if not isinstance(data.get(key), str) or not data[key].strip()]
    loses = data.get("loses")
    if not isinstance(loses, list) or not loses or not all(isinstance(x, str) and x for x in loses):
        problems.append("'loses' must be a non-empty list of test grade_ids")
    unknown = sorted(set(data) - {"description", "replaces", "loses", "code"})
    if unknown:
        problems.append(f"unknown key(s) {', '.join(unknown)}")
    if problems:
        raise BankError(f"{path}: " + "; ".join(problems) + " (see docs/grading.md for the format)")
    return WrongAnswer(path.stem, path, data["description"].strip(), data["replaces"].strip(),
                       tuple(loses), data["code"].strip("\n"))


def load_bank(folders, assessment: str, source=None) -> list[WrongAnswer]:
    """The wrong answers banked for ``assessment`` in ``folders`` (absent folders hold none).

    With the ``source`` notebook, each entry's cell ids are checked against it; two entries
    with one name (one in the kit's bank, one in an instructor's) are refused.
    """
    if isinstance(folders, (str, Path)):
        folders = [folders]
    entries = [read_wrong_answer(p) for folder in folders for p in sorted(Path(folder).glob("*.toml"))]
    seen: dict[str, Path] = {}
    for entry in entries:
        if entry.name in seen:
            raise BankError(f"{entry.path}: the wrong answer {entry.name!r} is also in {seen[entry.name]}; "
                            "rename one of the two files")
        seen[entry.name] = entry.path
    if source is not None:
        answers = {nbk.grade_id(c) for c in source.cells if nbk.is_solution(c)}
        tests = {nbk.grade_id(c) for c in source.cells if nbk.is_test(c)}
        for entry in entries:
            if entry.replaces not in answers:
                raise BankError(f"{entry.path}: 'replaces' = {entry.replaces!r} is not an answer cell of "
                                f"{assessment}; use one of {sorted(answers)}")
            wrong = [t for t in entry.loses if t not in tests]
            if wrong:
                raise BankError(f"{entry.path}: 'loses' names {wrong}, which are not test cells of "
                                f"{assessment}; use some of {sorted(tests)}")
    return entries


def affected(source, entry: WrongAnswer) -> set[str]:
    """The test cells (grade_ids) whose result the mistake can change, its ``loses`` included."""
    from dsroles.grading import cells as C

    base = C.code_cells(source)
    changed = C.code_cells(source, {entry.replaces: entry.code})
    start = C.first_answer(base)
    return (C.affected_tests(base, [entry.replaces], start)
            | C.affected_tests(changed, [entry.replaces], start) | set(entry.loses))


def independent_groups(source, entries) -> list[list[WrongAnswer]]:
    """The bank split into groups that can each be graded as one notebook: within a group no two
    mistakes replace the same cell or can change the same test, so every lost mark is one
    mistake's."""
    groups: list[tuple[list, set, set]] = []  # (entries, cells replaced, tests affected)
    reach = {entry.name: affected(source, entry) for entry in entries}
    for entry in sorted(entries, key=lambda e: -len(reach[e.name])):  # the widest first: fewer groups
        tests = reach[entry.name]
        for members, replaced, touched in groups:
            if entry.replaces not in replaced and not tests & touched:
                members.append(entry)
                replaced.add(entry.replaces)
                touched |= tests
                break
        else:
            groups.append(([entry], {entry.replaces}, set(tests)))
    return [members for members, _, _ in groups]
