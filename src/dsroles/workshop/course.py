"""`dsroles workshop init`: a real nbgrader course folder the instructor owns.

    DIR/nbgrader_config.py       course id, the gradebook, the kit's grading timeout
    DIR/source/<assessment>/     the kit's solutions (nbgrader's source versions)
    DIR/release/<assessment>/    the student versions nbgrader generated
    DIR/gradebook.db             every assessment and every learner of the roster
    DIR/.dsroles/roster.csv      the checked roster (the team and LMS id live here)

Running it again is safe: it adds learners and assessments that are new and leaves the rest
(sources the instructor edited, marks already given) alone.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from dsroles.errors import UsageError
from dsroles.workshop.roster import Learner, read_roster, write_roster

COURSE_ID = "dsroles-workshop"
CONFIG = '''\
# nbgrader configuration of a dsroles workshop (written by `dsroles workshop init`).
# Grade with `dsroles workshop grade .`; nbgrader's own commands work here too.
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "{course_id}"
c.Execute.timeout = 30
'''


def private(folder: Path) -> Path:
    """The kit's own records inside a course folder."""
    return Path(folder) / ".dsroles"


def gradebook_url(folder: Path) -> str:
    return f"sqlite:///{Path(folder).resolve() / 'gradebook.db'}"


def roster_path(folder: Path) -> Path:
    return private(folder) / "roster.csv"


def load_course_roster(folder: Path) -> list[Learner]:
    """The roster `init` stored; UsageError when DIR is not a workshop course."""
    path = roster_path(folder)
    if not path.is_file():
        raise UsageError(f"{folder} is not a workshop course (no {path.relative_to(folder)}); "
                         f"make it first with: dsroles workshop init {folder} --roster roster.csv")
    return read_roster(path)


def assessments(folder: Path) -> list[str]:
    from dsroles.grading.course import list_assessments

    return list_assessments(Path(folder) / "source")


@dataclass
class InitReport:
    assessments_added: list[str] = field(default_factory=list)
    assessments_kept: list[str] = field(default_factory=list)
    learners_added: list[str] = field(default_factory=list)
    learners_kept: list[str] = field(default_factory=list)
    learners_not_in_roster: list[str] = field(default_factory=list)


def _release(folder: Path, assessment: str) -> None:
    """nbgrader generate_assignment for one assessment, recording it in the course gradebook."""
    from nbgrader.converters import GenerateAssignment

    from dsroles.grading.course import course_directory, nbgrader_run, venv_on_path

    coursedir = course_directory(folder, assignment_id=assessment, db_url=gradebook_url(folder))
    coursedir.course_id = COURSE_ID
    app = GenerateAssignment(coursedir=coursedir)
    app.force = True
    app.create_assignment = True
    with venv_on_path():
        outcome = nbgrader_run(app)
    if not outcome["success"]:
        raise UsageError(f"nbgrader generate_assignment failed for {assessment}; fix source/{assessment} "
                         f"and run init again:\n{outcome.get('log', '')}\n{outcome.get('error', '')}")


def _add_assessments(folder: Path, solutions: Path, names: list[str], report: InitReport) -> None:
    for name in names:
        source, release = folder / "source" / name, folder / "release" / name / f"{name}.ipynb"
        if not source.is_dir():
            shutil.copytree(solutions / name, source,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        if release.is_file() and _in_gradebook(folder, name):
            report.assessments_kept.append(name)
            continue
        _release(folder, name)
        report.assessments_added.append(name)


def _in_gradebook(folder: Path, assessment: str) -> bool:
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(gradebook_url(folder), COURSE_ID) as gb:
        try:
            gb.find_assignment(assessment)
            return True
        except MissingEntry:
            return False


def _add_learners(folder: Path, learners: list[Learner], report: InitReport) -> None:
    from nbgrader.api import Gradebook

    with Gradebook(gradebook_url(folder), COURSE_ID) as gb:
        known = {s.id for s in gb.students}
        for learner in learners:
            first, last = learner.first_last
            gb.update_or_create_student(learner.id, first_name=first, last_name=last,
                                        email=learner.email, lms_user_id=learner.lms_id or None)
            (report.learners_kept if learner.id in known else report.learners_added).append(learner.id)
        report.learners_not_in_roster = sorted(known - {lr.id for lr in learners})


def init_course(folder, roster, *, solutions=None, only: list[str] | None = None) -> InitReport:
    """Make (or bring up to date) the course in `folder` for the learners of `roster`."""
    from dsroles.grading.course import list_assessments
    from dsroles.paths import solutions_dir

    folder = Path(folder)
    learners = read_roster(roster)
    solutions = Path(solutions) if solutions else solutions_dir()
    names = list_assessments(solutions)
    if only:
        unknown = sorted(set(only) - set(names))
        if unknown:
            raise UsageError(f"no assessment {', '.join(unknown)} in {solutions}; choose among {', '.join(names)}")
        names = [n for n in names if n in only]
    if not names:
        raise UsageError(f"{solutions} holds no assessments (<name>/<name>.ipynb); give the kit's solutions/")
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "nbgrader_config.py"
    if not config.exists():
        config.write_text(CONFIG.format(course_id=COURSE_ID))
    private(folder).mkdir(exist_ok=True)
    report = InitReport()
    _add_assessments(folder, solutions, names, report)
    _add_learners(folder, learners, report)
    write_roster(learners, roster_path(folder))
    return report
