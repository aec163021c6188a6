"""Where the generated data lives: a cache in the learner's workspace.

``project_data(seed)`` returns the folder of raw sources for a seed, generating it the
first time (about two seconds) and reusing it afterwards. Notebooks and checks call it,
so every lesson works from a clean kernel with nothing downloaded.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from dsroles.churn import params as P


def home() -> Path:
    """The learner's dsroles folder: ``$DSROLES_HOME``, else ``~/.dsroles``."""
    return Path(os.environ.get("DSROLES_HOME") or Path.home() / ".dsroles")


def project_data(seed: int = P.DEFAULT_SEED, customers: int = P.DEFAULT_CUSTOMERS, *,
                 drift: bool = True, usage_scale: int = 1, root: str | Path | None = None) -> Path:
    """The folder holding the raw sources for these options; generated once, then reused."""
    from dsroles.churn.generate import GENERATOR_VERSION, generate_sources

    name = f"seed{seed}-n{customers}" + ("" if drift else "-nodrift") + (
        f"-x{usage_scale}" if usage_scale != 1 else "")
    root = Path(root) if root is not None else home() / "data"
    folder = root / name
    manifest = folder / "manifest.json"
    if manifest.is_file():
        try:
            if json.loads(manifest.read_text()).get("generator_version") == GENERATOR_VERSION:
                return folder
        except (OSError, ValueError):
            pass  # a broken cache: make it again
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=root))
    try:
        generate_sources(tmp, seed, customers, drift=drift, usage_scale=usage_scale)
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)
        try:
            os.replace(tmp, folder)
        except OSError:  # another kernel finished first: use its copy
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return folder
