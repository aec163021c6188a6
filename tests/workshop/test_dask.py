"""Grading on a real Dask distributed cluster gives the same result records as grading here.

The notebooks are the grading tests' demo quiz (a kernel's start is most of their cost): what
is compared is the executor seam, the same for any assessment."""

from __future__ import annotations

import distributed  # the workshop extra, part of the dev install
import nbformat

from grading.helpers import FRAMEWORK, SOLUTION, SOLUTIONS, answer, solution


def test_a_local_cluster_grades_like_local_processes(tmp_path):
    from dsroles.grading.core import grade_notebooks
    from dsroles.grading.executors import DaskExecutor

    wrong = tmp_path / "wrong" / SOLUTION.name
    wrong.parent.mkdir()
    nbformat.write(answer(solution(), "mean_answer", "my_mean = 0.0"), str(wrong))
    notebooks = [SOLUTION, wrong]
    options = {"solutions_dir": SOLUTIONS, "framework": FRAMEWORK, "course_dir": tmp_path / "course"}

    def scores(results):
        return [(r["status"], r["score"], [(i["grade_id"], i["points"]) for i in r["items"]]) for r in results]

    here = grade_notebooks(notebooks, **options)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        there = grade_notebooks(notebooks, executor=DaskExecutor(cluster.scheduler_address), **options)
    assert scores(there) == scores(here)
    assert here[0]["status"] == "graded" and here[0]["score"] == here[0]["max_score"]
    assert 0 <= here[1]["score"] < here[1]["max_score"]
