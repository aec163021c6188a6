"""The data cache: generated once per seed, reused, and safe when several kernels or grading
workers ask for the same seed at once."""

from __future__ import annotations

import json
import multiprocessing

from dsroles.churn import data
from dsroles.churn.generate import GENERATOR_VERSION


def test_generated_once_then_reused(tmp_path):
    first = data.project_data(3, 60, root=tmp_path)
    stamp = (first / "manifest.json").stat().st_mtime_ns
    again = data.project_data(3, 60, root=tmp_path)
    assert again == first
    assert (again / "manifest.json").stat().st_mtime_ns == stamp
    assert json.loads((first / "manifest.json").read_text())["seed"] == 3


def test_an_outdated_or_broken_cache_is_made_again(tmp_path):
    folder = data.project_data(3, 60, root=tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text())
    (folder / "manifest.json").write_text(json.dumps(manifest | {"generator_version": 0}))
    assert data.project_data(3, 60, root=tmp_path) == folder
    assert json.loads((folder / "manifest.json").read_text())["generator_version"] == GENERATOR_VERSION
    (folder / "manifest.json").write_text("{not json")
    data.project_data(3, 60, root=tmp_path)
    assert json.loads((folder / "manifest.json").read_text())["generator_version"] == GENERATOR_VERSION


def test_a_copy_finished_by_another_process_is_kept(tmp_path, monkeypatch):
    """If someone else completes the folder while we generate, theirs stays (it may be in use)."""
    import dsroles.churn.generate as generate

    real = generate.generate_sources
    theirs = tmp_path / "seed5-n60"

    def racing(out, *args, **kwargs):
        real(theirs, 5, 60)  # the other process finishes first
        (theirs / "in-use.txt").write_text("a kernel is reading this copy")
        return real(out, *args, **kwargs)

    monkeypatch.setattr(generate, "generate_sources", racing)
    assert data.project_data(5, 60, root=tmp_path) == theirs
    assert (theirs / "in-use.txt").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["seed5-n60"]  # our temporary copy is gone


def _ask(root: str, queue) -> None:
    queue.put(str(data.project_data(9, 60, root=root)))


def test_two_processes_asking_at_once_get_one_complete_folder(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_ask, args=(str(tmp_path), queue)) for _ in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0]
    answers = {queue.get(timeout=5) for _ in procs}
    assert answers == {str(tmp_path / "seed9-n60")}
    manifest = json.loads((tmp_path / "seed9-n60" / "manifest.json").read_text())
    assert all((tmp_path / "seed9-n60" / name).is_file() for name in manifest["sha256"])
    assert [p.name for p in tmp_path.iterdir()] == ["seed9-n60"]
