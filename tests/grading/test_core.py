"""grade_notebooks on the fixture assessment: right, wrong, blank, broken and hostile submissions,
all graded in one batch (the batch must go on past each bad one)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from dsroles.grading import Limits, grade_notebooks
from dsroles.grading.kernel import pids_cgroup_root

from .helpers import (
    ASSESSMENT, FRAMEWORK, IGNORES_INTERRUPT, LEARNER_SEED, SOLUTIONS, answer, drop, duplicate,
    learner_mean, running, solution, write,
)

CELL_TIMEOUT = 8  # the setup cell imports pandas and scikit-learn: seconds under load
LIMITS = Limits(cell_timeout=CELL_TIMEOUT, memory_mb=2048, file_size_mb=16, processes=24, output_kb=8)

LIAR = """class Liar:
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
    __hash__ = object.__hash__
my_mean = Liar()"""

SPAWN = """import subprocess
children = [subprocess.Popen(["sleep", "41"]) for _ in range(60)]
clean = df.drop_duplicates().dropna(subset=["monthly_charge"]).reset_index(drop=True)"""


def cases(blank) -> dict:
    """case -> submission content (a notebook, or raw text for the broken file)."""
    correct = solution()
    return {
        "correct": correct,
        "wrong": answer(answer(solution(), "mean_answer", 'my_mean = df["monthly_charge"].median()'),
                        "clean_answer", "clean = df.drop_duplicates()"),
        "blank": blank,
        "invalid_json": nbformat_text(correct)[:500],
        "deleted_test": drop(solution(), "test_clean"),
        "duplicated_ids": duplicate(solution(), "test_mean"),
        "infinite_loop": answer(solution(), "mean_answer", "while True:\n    pass"),
        "ignores_interrupt": answer(solution(), "mean_answer", IGNORES_INTERRUPT),
        "os_exit": answer(solution(), "mean_answer", "import os\nos._exit(3)"),
        "memory_hog": answer(solution(), "mean_answer",
                             "hog = bytearray(6 * 1024**3)\nmy_mean = df['monthly_charge'].mean()"),
        "always_true_eq": answer(solution(), "mean_answer", LIAR),
        "literal": answer(solution(), "mean_answer", f"my_mean = {learner_mean()!r}"),
        "seed_reset": answer(solution(), "mean_answer", f"seed = {LEARNER_SEED}\nmy_mean = {learner_mean()!r}"),
        "huge_output": answer(solution(), "choice_answer",
                              "for i in range(100_000):\n    print('spam ' * 20)\nmy_choice = 'median'"),
        "huge_file": answer(solution(), "normalise_answer",
                            "with open('big.bin', 'wb') as f:\n    f.write(bytes(40 * 1024 * 1024))"),
        "processes": answer(solution(), "clean_answer", SPAWN),
    }


def nbformat_text(nb) -> str:
    import nbformat

    return nbformat.writes(nb)


@pytest.fixture(scope="session")
def batch(tmp_path_factory, blank):
    """{case: result} for every case, graded together in one call."""
    folder = tmp_path_factory.mktemp("submissions")
    paths = {case: write(folder, case, content) for case, content in cases(blank).items()}
    unknown = folder / "unknown" / "notes.ipynb"
    unknown.parent.mkdir()
    unknown.write_text(json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    paths["unknown"] = unknown
    out = tmp_path_factory.mktemp("out")
    results = grade_notebooks(list(paths.values()), solutions_dir=SOLUTIONS, framework=FRAMEWORK,
                              limits=LIMITS, out_dir=out)
    return dict(zip(paths, results))


def items(result) -> dict:
    return {i["grade_id"]: i for i in result["items"]}


def test_results_come_back_in_order_with_the_interface_keys(batch):
    """Does every notebook get a result with the documented keys, in the order given?"""
    keys = {"notebook", "assessment", "status", "reason", "score", "max_score", "seed", "items", "feedback_html"}
    for case, result in batch.items():
        assert keys <= set(result), case
        assert Path(result["notebook"]).parent.name == case
        json.dumps(result)


def test_the_solution_gets_full_marks_with_another_seed(batch):
    """Does the solution get 7/7 autograded, run with a seed that is not the learner's?"""
    result = batch["correct"]
    assert (result["status"], result["score"], result["max_score"]) == ("graded", 7.0, 7.0)
    assert result["seed"] != LEARNER_SEED
    assert all(i["passed"] for i in result["items"] if i["kind"] == "autograded")
    assert items(result)["test_mean"]["competency"] == "DS-1"
    assert Path(result["feedback_html"]).read_text().count("test_mean") >= 1


def test_a_manual_item_is_pending_not_scored(batch):
    """Is the manually graded answer listed with points None and left out of score and max?"""
    manual = items(batch["correct"])["explain_answer"]
    assert (manual["kind"], manual["points"], manual["passed"], manual["max_points"]) == ("manual", None, None, 2.0)
    assert batch["correct"]["manual_max_score"] == 2.0
    blank = items(batch["blank"])["explain_answer"]
    assert (blank["points"], blank["message"]) == (0.0, "no answer written")


@pytest.mark.parametrize("case, score, failed", [
    ("wrong", 5.0, {"test_mean", "test_clean"}),
    ("blank", 0.0, {"test_mean", "test_clean", "test_normalise", "test_choice"}),
    ("infinite_loop", 6.0, {"test_mean"}),
    ("memory_hog", 6.0, {"test_mean"}),
    ("always_true_eq", 6.0, {"test_mean"}),
    ("literal", 6.0, {"test_mean"}),
    ("seed_reset", 6.0, {"test_mean"}),
    ("huge_output", 7.0, set()),
    ("huge_file", 5.0, {"test_normalise"}),
])
def test_graded_submissions_lose_marks_exactly_on_their_items(batch, case, score, failed):
    """Does each graded submission lose marks on the items it got wrong, and only those?"""
    result = batch[case]
    assert result["status"] == "graded", result["reason"]
    assert result["score"] == score
    lost = {gid for gid, i in items(result).items() if i["kind"] == "autograded" and not i["passed"]}
    assert lost == failed
    for gid in failed:
        assert items(result)[gid]["message"], gid


@pytest.mark.parametrize("case, item, words", [
    ("wrong", "test_mean", ["Your answer", "too"]),
    ("wrong", "test_clean", ["earned 2 of 3 points", "missing monthly_charge"]),
    ("blank", "test_mean", ["'mean_answer'", "not answered yet", "NotImplementedError"]),
    ("infinite_loop", "test_mean", [f"longer than the {CELL_TIMEOUT} s limit per cell", "mean_answer"]),
    ("memory_hog", "test_mean", ["ran out of memory", "2048 MB"]),
    ("always_true_eq", "test_mean", ["Liar", "number"]),
    ("huge_file", "test_normalise", ["File too large"]),
])
def test_failure_messages_say_what_failed(batch, case, item, words):
    """Does a lost mark come with the failure in words (the check's message, the limit hit)?"""
    message = items(batch[case])[item]["message"]
    for word in words:
        assert word in message, (word, message)


def test_a_typed_in_answer_fails_while_the_computed_one_passes(batch):
    """Does the literal right for the learner's seed fail, even when the answer cell resets the seed?"""
    for case in ("literal", "seed_reset"):
        assert items(batch[case])["test_mean"]["points"] == 0.0
        assert "Your answer" in items(batch[case])["test_mean"]["message"]
    assert items(batch["correct"])["test_mean"]["points"] == 1.0


@pytest.mark.parametrize("case, words", [
    ("invalid_json", ["not valid JSON", "checkpoint"]),
    ("deleted_test", ["'test_clean'", "deleted", "fresh copy"]),
    ("duplicated_ids", ["'test_mean'", "more than once", "Delete the extra copy"]),
    ("ignores_interrupt", ["'mean_answer'", "did not stop when interrupted", "KeyboardInterrupt"]),
    ("os_exit", ["kernel exited with status 3", "'mean_answer'", "os._exit(3)"]),
    ("unknown", ["not one of the assessments", ASSESSMENT]),
])
def test_broken_submissions_are_not_graded_with_a_reason(batch, case, words):
    """Is a notebook that cannot be graded reported as not graded, with what to do, never a bare 0?"""
    result = batch[case]
    assert result["status"] == "not_graded"
    assert result["items"] == [] and result["score"] == 0.0
    for word in words:
        assert word in result["reason"], (word, result["reason"])


def test_huge_output_is_capped(batch):
    """Is a cell that prints megabytes cut to the output limit in the feedback?"""
    html = Path(batch["huge_output"]["feedback_html"])
    assert html.stat().st_size < 2_000_000
    assert "output truncated by dsroles grade" in html.read_text()


def test_process_spawning_is_bounded_and_cleaned_up(batch):
    """Does a cell that starts 60 processes hit the process limit, and is nothing left running?"""
    if os.getuid() == 0 and pids_cgroup_root() is None:
        pytest.skip("running as root without a writable pids cgroup: RLIMIT_NPROC does not bind root")
    clean = items(batch["processes"])["test_clean"]
    assert clean["points"] == 0.0
    assert "Resource temporarily unavailable" in clean["message"]
    assert running("sleep 41") == []
    assert running("dsroles.grading.kernel") == []

