"""Where the generated data lives: a cache in the learner's workspace.

``project_data(seed)`` returns the folder of raw sources for a seed, generating it the
first time (about two seconds) and reusing it afterwards. Notebooks and checks call it,
so every lesson works from a clean kernel with nothing downloaded.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import tempfile
from pathlib import Path

from dsroles.churn import params as P
from dsroles.paths import data_cache


def project_data(seed: int = P.DEFAULT_SEED, customers: int = P.DEFAULT_CUSTOMERS, *,
                 drift: bool = True, usage_scale: int = 1, root: str | Path | None = None) -> Path:
    """The folder holding the raw sources for these options; generated once, then reused."""
    from dsroles.churn.generate import GENERATOR_VERSION, generate_sources

    name = f"seed{seed}-n{customers}" + ("" if drift else "-nodrift") + (
        f"-x{usage_scale}" if usage_scale != 1 else "")
    root = Path(root) if root is not None else data_cache()
    folder = root / name
    if _is_current(folder, GENERATOR_VERSION):
        return folder
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=root))
    try:
        generate_sources(tmp, seed, customers, drift=drift, usage_scale=usage_scale)
        if _is_current(folder, GENERATOR_VERSION):
            # another kernel or grading worker finished first: never delete a copy in use
            shutil.rmtree(tmp, ignore_errors=True)
            return folder
        if folder.exists():  # a broken or outdated cache: move it aside, then drop it
            stale = root / f".stale-{name}-{os.getpid()}"
            os.replace(folder, stale)
            shutil.rmtree(stale, ignore_errors=True)
        try:
            os.replace(tmp, folder)
        except OSError:  # another process put its copy there in between: use it
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return folder


@functools.lru_cache(maxsize=4)
def history_tables(seed: int):
    """The reference pipeline's tables of a seed's history (the cleaned sources and the
    snapshot table, ``pipeline.Tables``), built once per seed and process for every track that
    reads them: copy a table before changing it."""
    from dsroles.churn import pipeline

    return pipeline.feature_table(project_data(int(seed)))


def _is_current(folder: Path, version: int) -> bool:
    """Whether ``folder`` holds a complete generation by this generator version."""
    try:
        return json.loads((folder / "manifest.json").read_text()).get("generator_version") == version
    except (OSError, ValueError):
        return False
