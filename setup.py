"""Pack the kit's assessments into the wheel, so an installed dsroles can grade without a checkout.

Everything else is declared in pyproject.toml. ``solutions/`` and ``assessments/`` stay at the
top of the repository (the course's layout); a non-editable build copies them to
``dsroles/kit/`` inside the package, where ``dsroles.paths.kit_folder`` finds them.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

KIT_FOLDERS = ("solutions", "assessments")  # dsroles.paths.KIT_FOLDERS
SKIP = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*.pyc")


class BuildWithKit(build_py):
    """build_py, plus a copy of the kit's folders into ``dsroles/kit/``."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout itself
        root = Path(__file__).resolve().parent
        for name in KIT_FOLDERS:
            target = Path(self.build_lib) / "dsroles" / "kit" / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(root / name, target, ignore=SKIP)


setup(cmdclass={"build_py": BuildWithKit})
