"""Issue 8's attacks, each a fixture built from the solution, graded in the sandbox: every one
must end with a true status, nothing forged, nothing lost, no other learner's score touched."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import socket
from pathlib import Path

import pytest

from dsroles.grading import Limits, grade_notebooks
from dsroles.grading.sandbox import probe
from dsroles.paths import data_cache, grading_course, solutions_dir

from . import attacks
from .helpers import ASSESSMENT, SOLUTIONS, answer, learner_mean, running, solution, write

LIMITS = Limits(cell_timeout=20, output_kb=64)


def fingerprint(folder: Path) -> dict:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and "jobs" not in p.parts}


@pytest.fixture(scope="session")
def host_port():
    """A server on the host's loopback that no sandboxed notebook may reach."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    yield server.getsockname()[1]
    server.close()


def cases(blank, host_port, folder: Path) -> dict:
    secrets = [str(SOLUTIONS), str(solutions_dir()), str(grading_course()), str(folder), str(folder / "blank_after_rewrite")]
    return {
        "gradebook_rewrite": answer(solution(), "mean_answer", attacks.GRADEBOOK_REWRITE),
        "blank_after_rewrite": copy.deepcopy(blank),
        "kill_grader": answer(solution(), "mean_answer", attacks.kill_the_grader(os.getpid())),
        "seed_hook": answer(solution(), "mean_answer", attacks.SEED_HOOK.format(literal=learner_mean())),
        "input_transformer": answer(copy.deepcopy(blank), "mean_answer", attacks.INPUT_TRANSFORMER),
        "patched_check": answer(solution(), "mean_answer", attacks.PATCHED_CHECK),
        "planted_fit": answer(solution(), "mean_answer", attacks.PLANTED_FIT),
        "patched_builtin": answer(solution(), "mean_answer", attacks.RIGHT_MEAN +
                                  "import builtins\nbuiltins.round = lambda x, n=0: x\n"),
        "answer_key_expected": answer(solution(), "mean_answer", attacks.ANSWER_KEY_EXPECTED),
        "answer_key_solution": answer(solution(), "mean_answer", attacks.ANSWER_KEY_SOLUTION),
        "display_flood": answer(solution(), "choice_answer", attacks.DISPLAY_FLOOD),
        "look_around": answer(solution(), "choice_answer", attacks.look_around(
            secrets, host_port, str(data_cache()))),
    }


@pytest.fixture(scope="session")
def attacked(tmp_path_factory, blank, course, host_port):
    """{case: result}: every attack graded in one sandboxed batch (the gradebook rewrite first,
    the blank notebook last, so the rewrite has run when the blank one is scored), plus the odd files."""
    folder = tmp_path_factory.mktemp("attacks")
    made = cases(blank, host_port, folder)
    made["blank_after_rewrite"] = made.pop("blank_after_rewrite")  # last
    paths = {case: write(folder, case, nb) for case, nb in made.items()}
    fifo = folder / "fifo" / f"{ASSESSMENT}.ipynb"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    zero = folder / "dev_zero" / f"{ASSESSMENT}.ipynb"
    zero.parent.mkdir()
    zero.symlink_to("/dev/zero")
    paths.update(fifo=fifo, dev_zero=zero)
    before = fingerprint(course)
    learners = fingerprint(folder)
    out = tmp_path_factory.mktemp("attack-out")
    results = grade_notebooks(list(paths.values()), solutions_dir=SOLUTIONS, limits=LIMITS, out_dir=out,
                              workers=2, sandbox=True)
    graded = dict(zip(paths, results))
    graded["_course_unchanged"] = fingerprint(course) == before
    graded["_learners_unchanged"] = fingerprint(folder) == learners
    return graded


def items(result) -> dict:
    return {i["grade_id"]: i for i in result["items"]}


def test_every_attack_ran_in_the_sandbox(attacked):
    """Was each notebook of the batch graded with the sandbox on (this machine can make one)?"""
    assert probe().available, probe().reason
    assert all(r["sandbox"] is True for k, r in attacked.items() if not k.startswith("_"))


def test_a_gradebook_rewrite_touches_nothing_and_no_one(attacked, blank, tmp_path):
    """Does the answer cell that rewrites every gradebook it finds leave the course, the other
    learner in its batch, and a later run exactly as they were?"""
    assert attacked["gradebook_rewrite"]["status"] == "graded"
    assert attacked["gradebook_rewrite"]["score"] == 7.0
    assert (attacked["blank_after_rewrite"]["status"], attacked["blank_after_rewrite"]["score"]) == ("graded", 0.0)
    assert attacked["_course_unchanged"] and attacked["_learners_unchanged"]
    later = grade_notebooks([write(tmp_path, "later", blank)], solutions_dir=SOLUTIONS, limits=LIMITS)[0]
    assert (later["status"], later["score"]) == ("graded", 0.0), later["reason"]


@pytest.mark.parametrize("case", ["fifo", "dev_zero"])
def test_odd_files_are_refused_without_blocking(attacked, case):
    """Is a FIFO, or a symlink to /dev/zero, 'not a regular file', never read?"""
    assert attacked[case]["status"] == "not_graded"
    assert "not a regular file" in attacked[case]["reason"]


def test_killing_the_grader_from_inside_reaches_nothing(attacked):
    """Does SIGKILL at the grader's pid, the kernel's parent and every pid in sight leave the
    batch running and the notebook graded?"""
    assert attacked["kill_grader"]["status"] == "graded"
    assert attacked["kill_grader"]["score"] == 7.0


@pytest.mark.parametrize("case, words", [
    ("seed_hook", ["changed the grading machinery", "pre_run_cell"]),
    ("input_transformer", ["changed the grading machinery"]),
    ("patched_check", ["changed the grading machinery", "assert_check"]),
    ("patched_builtin", ["changed the grading machinery", "builtins (round)"]),
    ("planted_fit", ["changed the grading machinery", "dsroles.churn.train (_fits)"]),
])
def test_tampering_is_not_graded_never_scored(attacked, case, words):
    """Is a notebook that changes IPython's hooks, the checks or the builtins 'not graded' with
    what it changed, instead of the score it forged?"""
    result = attacked[case]
    assert result["status"] == "not_graded", result
    for word in words:
        assert word in result["reason"], (word, result["reason"])


@pytest.mark.parametrize("case, what", [
    ("answer_key_expected", "the expected value of demo.mean"),
    ("answer_key_solution", "demo.mean.solution()"),
])
def test_an_answer_taken_from_the_answer_key_scores_nothing(attacked, case, what):
    """Does the item whose answer cell used the answer key score 0, flagged, the rest untouched?"""
    result = attacked[case]
    assert result["status"] == "graded" and result["answer_key_used"] is True
    mean = items(result)["test_mean"]
    assert (mean["points"], mean["answer_key_used"]) == (0.0, True)
    assert what in mean["message"]
    assert result["score"] == 6.0
    assert not any(i["answer_key_used"] for g, i in items(result).items() if g != "test_mean")


def test_a_display_flood_is_capped_on_the_trusted_side(attacked):
    """Do 200 MB of raw display outputs and an uncapped stdout give a graded notebook whose
    feedback page stays under 5 MB?"""
    result = attacked["display_flood"]
    assert (result["status"], result["score"]) == ("graded", 7.0)
    assert Path(result["feedback_html"]).stat().st_size < 5 * 1024**2


def test_the_sandbox_hides_secrets_and_the_network_but_serves_its_own_loopback(attacked):
    """Does a notebook see no solutions, gradebooks or other submissions, reach no host port, leave
    the shared data cache as it was, and still serve and connect on its own 127.0.0.1?"""
    result = attacked["look_around"]
    assert items(result)["test_choice"]["passed"], items(result)["test_choice"]["message"]
    assert not (data_cache() / "poison").exists()


def test_nothing_is_left_running_or_on_disk(attacked):
    """After the batch, is no kernel running and no job folder left?"""
    assert running("dsroles.grading.kernel") == []
    jobs = grading_course() / "jobs"
    assert not jobs.exists() or not any(p.is_dir() and any(p.iterdir()) for p in jobs.iterdir())


def test_a_worker_killed_from_inside_says_so_without_a_sandbox(tmp_path):
    """Without the sandbox, is a worker the notebook killed reported as killed by SIGKILL, not as a timeout?"""
    path = write(tmp_path, "kill_worker", answer(solution(), "mean_answer", attacks.KILL_WORKER))
    result = grade_notebooks([path], solutions_dir=SOLUTIONS, limits=LIMITS, sandbox=False)[0]
    assert result["status"] == "not_graded" and result["sandbox"] is False
    assert "killed by SIGKILL" in result["reason"] and "'mean_answer'" in result["reason"]
    assert "stopped after" not in result["reason"]
    assert running("dsroles.grading.kernel") == []


def test_the_same_submission_gets_the_same_score_10_times_out_of_10(tmp_path):
    """Graded 10 times in one batch, does a half-right submission get one score every time?"""
    wrong = answer(solution(), "clean_answer", "clean = df.drop_duplicates()")
    paths = [write(tmp_path, f"copy{n}", wrong) for n in range(10)]
    results = grade_notebooks(paths, solutions_dir=SOLUTIONS, limits=LIMITS, seed=1234)
    assert [r["score"] for r in results] == [6.0] * 10, [r["reason"] for r in results]
    assert json.dumps([items(r)["test_clean"]["points"] for r in results]) == json.dumps([2.0] * 10)


REWRITE_UNSANDBOXED = """
import json, os, sys
sys.path.insert(0, {tests!r})
from grading import attacks
from grading.helpers import SOLUTIONS, answer, solution, write
from dsroles.grading import Limits, grade_notebooks
from dsroles.grading.course import prepare, release_notebook
import nbformat
from pathlib import Path
folder = Path({folder!r})
blank = nbformat.read(release_notebook(prepare(SOLUTIONS, ["demo_quiz"]), "demo_quiz"), as_version=4)
paths = [write(folder, "rewrite", answer(solution(), "mean_answer", attacks.GRADEBOOK_REWRITE)),
         write(folder, "blank", blank)]
first = grade_notebooks(paths, solutions_dir=SOLUTIONS, limits=Limits(cell_timeout=20), workers=1, sandbox=False)
later = grade_notebooks([write(folder, "later", blank)], solutions_dir=SOLUTIONS, limits=Limits(cell_timeout=20),
                        sandbox=False)
print(json.dumps([r["score"] for r in first + later]))
"""


def test_without_the_sandbox_the_gradebook_rewrite_is_real(tmp_path):
    """Is the rewrite fixture a true attack: without the sandbox (in a home of its own), does a
    blank notebook graded after it get full marks, and a later run too, as issue 8 found?"""
    import subprocess
    import sys

    code = REWRITE_UNSANDBOXED.format(tests=str(Path(__file__).parents[1]), folder=str(tmp_path / "in"))
    env = dict(os.environ, DSROLES_HOME=str(tmp_path / "home"))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [7.0, 7.0, 7.0]
