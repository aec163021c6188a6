"""The hard deadline: a notebook nbgrader cannot stop is killed, with its kernel, and reported."""

from __future__ import annotations

from pathlib import Path

from dsroles.grading import Limits, grade_notebooks

from .helpers import IGNORES_INTERRUPT, SOLUTIONS, answer, environment, running, solution, write


def test_a_run_past_the_deadline_is_killed_and_not_graded(tmp_path):
    """Is a loop that outlives the whole-notebook limit killed, kernel included, while the batch goes on?"""
    hang = write(tmp_path, "hang", answer(solution(), "mean_answer", IGNORES_INTERRUPT))
    good = write(tmp_path, "good", solution())
    limits = Limits(cell_timeout=60, notebook_seconds=12)
    hung, fine = grade_notebooks([hang, good], solutions_dir=SOLUTIONS, limits=limits)
    assert hung["status"] == "not_graded"
    assert "stopped after 12 s" in hung["reason"] and "'mean_answer'" in hung["reason"]
    assert fine["status"] == "graded" and fine["score"] == fine["max_score"]
    assert running("dsroles.grading.kernel") == []


def test_ctrl_c_mid_batch_stops_every_worker_and_kernel_and_removes_the_jobs(tmp_path):
    """Does SIGINT to `dsroles grade` in the middle of a batch kill every worker and kernel,
    remove the job folders and socket folders, and exit saying it was interrupted? (The run's
    own processes carry a mark: the session's other tests grade in the same course meanwhile.)"""
    import json
    import os
    import secrets
    import signal
    import subprocess
    import sys
    import time

    for n in range(3):
        write(tmp_path / "in", f"hang{n}", answer(solution(), "mean_answer", IGNORES_INTERRUPT))
    token = secrets.token_hex(6)
    mark = f"DSROLES_TEST_RUN={token}"
    grade = subprocess.Popen([sys.executable, "-m", "dsroles", "grade", str(tmp_path / "in"), "--solutions",
                              str(SOLUTIONS), "--timeout", "120", "--jobs", "2", "--out", str(tmp_path / "out")],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             env={**os.environ, "DSROLES_TEST_RUN": token})
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(running("dsroles.grading.kernel", mark)) < 2:
        time.sleep(0.5)
    jobs = {environment(pid).get("DSROLES_GRADING_JOB") for pid in running("dsroles.grading.kernel", mark)} - {None}
    sockets = {json.loads((Path(job) / "job.json").read_text())["sockets"] for job in jobs}
    assert jobs, "no kernel started"
    grade.send_signal(signal.SIGINT)
    out, _ = grade.communicate(timeout=60)
    assert grade.returncode == 130, out
    assert "interrupted" in out
    assert running("dsroles.grading.kernel", mark) == [] and running(str(tmp_path / "in"), mark) == []
    assert not any(Path(job).exists() for job in jobs)
    assert sockets and not any(os.path.exists(s) for s in sockets)


def test_a_job_whose_end_signal_never_comes_is_still_seen_to_end(tmp_path, monkeypatch):
    """A process forked by another thread (the replay pool making a worker) can hold a job's
    sentinel open: the batch must not wait for it until the job's deadline, but look again."""
    from dsroles.grading import batch

    asked = []

    def deaf_wait(sentinels, timeout=None):  # as if no sentinel ever became ready
        asked.append(timeout)
        import time

        time.sleep(timeout or 0)
        return []

    monkeypatch.setattr(batch, "wait", deaf_wait)
    job = tmp_path / "job"
    job.mkdir()  # no job.json: the child ends at once, having written why
    ended = batch.run_jobs([(job, 120.0)], workers=1)
    assert ended[job]["killed"] is False and ended[job]["exitcode"] == 3, ended
    assert asked and max(asked) <= batch.POLL_SECONDS, asked
