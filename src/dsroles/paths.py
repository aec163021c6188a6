"""Where things are: the learner's state folder and the kit's own folders.

``home()`` is the only reader of ``DSROLES_HOME``. One home, however a lesson or
``dsroles grade`` is started: ``$DSROLES_HOME`` when set; else the kit's ``.dsroles/`` when
the working directory is inside the kit's source checkout (a lesson's kernel, a shell in the
kit); else ``~/.dsroles``. The learner's name is kept there once (``learner_name()``). ``kit_folder(name)`` finds ``solutions``,
``assessments`` or ``course``: in the source checkout when the package runs from one
(``make lab``, ``pip install -e``), else the copy packed into the installed wheel.
"""

from __future__ import annotations

import os
from pathlib import Path

HOME_VARIABLE = "DSROLES_HOME"
KIT_FOLDERS = ("solutions", "assessments")  # packed into the wheel as dsroles/kit/<name>
_PACKAGE = Path(__file__).resolve().parent


def home() -> Path:
    """The learner's dsroles folder (not created here): ``$DSROLES_HOME``; else ``<kit>/.dsroles``
    when the working directory is inside the kit's checkout; else ``~/.dsroles``."""
    named = os.environ.get(HOME_VARIABLE, "").strip()
    if named:
        return Path(named).expanduser()
    kit = checkout_root()
    if kit is not None and _inside(Path.cwd(), kit):
        return kit / ".dsroles"
    return Path("~/.dsroles").expanduser()


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except (OSError, ValueError):
        return False


def checkout_root() -> Path | None:
    """The source checkout this package runs from, or None when it is installed from a wheel."""
    root = _PACKAGE.parents[1]  # src/dsroles -> the repository
    if (root / "pyproject.toml").is_file() and (root / "solutions").is_dir():
        return root
    return None


def kit_folder(name: str) -> Path:
    """The kit's ``solutions``, ``assessments`` or ``course`` folder (it may not exist)."""
    root = checkout_root()
    if root is not None:
        return root / name
    return _PACKAGE / "kit" / name


def solutions_dir() -> Path:
    return kit_folder("solutions")


def assessments_dir() -> Path:
    return kit_folder("assessments")


def data_cache() -> Path:
    """Generated project data, one folder per seed and options."""
    return home() / "data"


def grading_course() -> Path:
    """The private nbgrader course behind ``dsroles grade``."""
    return home() / "grading" / "course"


def grades_dir() -> Path:
    """Where ``dsroles grade`` writes each run's feedback, results and profile."""
    return home() / "grades"


def exam_cache() -> Path:
    """Files an assessment derives from the seed's data (written once per seed)."""
    return home() / "exam"


def selfcheck_log() -> Path:
    return home() / "selfcheck-log.jsonl"


def self_marks_file() -> Path:
    """The marks a learner grading alone gave their own hand-marked answers."""
    return home() / "self-marks.json"


def name_file() -> Path:
    """The learner's name, set once with ``dsroles grade --name``."""
    return home() / "name.txt"


def learner_name() -> str | None:
    """The name stored in the home, or None when none was set."""
    try:
        name = name_file().read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return name or None


def save_learner_name(name: str) -> Path:
    path = name_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(name.strip() + "\n", encoding="utf-8")
    return path
