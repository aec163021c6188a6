"""`dsroles validate` on the fixture: every check passes, and each kind of failure is caught."""

from __future__ import annotations

import shutil

import nbformat
import pytest

from dsroles.cli import main
from dsroles.grading.bank import BankError, load_bank, read_wrong_answer
from dsroles.grading.validate import compare_release, regenerate

from .helpers import ASSESSMENT, ASSESSMENTS, SOLUTIONS, WRONG_ANSWERS


def test_the_committed_fixture_release_is_what_nbgrader_makes(course):
    """Is tests/grading/files/assessments exactly nbgrader's release of the fixture?"""
    assert compare_release(course / "release" / ASSESSMENT, ASSESSMENTS / ASSESSMENT) == ""


def test_a_stale_release_is_found_and_regenerated(course, tmp_path):
    """Is an edited released notebook reported with its cell, and put right by regenerate?"""
    target = tmp_path / ASSESSMENT
    shutil.copytree(ASSESSMENTS / ASSESSMENT, target)
    path = target / f"{ASSESSMENT}.ipynb"
    nb = nbformat.read(str(path), as_version=4)
    nb.cells[4].source = "my_mean = 1"
    nbformat.write(nb, str(path))
    assert compare_release(course / "release" / ASSESSMENT, target) == \
        f"{ASSESSMENT}.ipynb: cell 5 (mean_answer): source differs"
    regenerate(course / "release" / ASSESSMENT, target)
    assert compare_release(course / "release" / ASSESSMENT, target) == ""


def test_validate_passes_the_good_and_fails_a_mistake_the_tests_let_through(tmp_path, capsys):
    """Do the solution, blank and banked mistakes pass, while a 'mistake' that is right, and a
    stale release, make validate exit 1 saying which?"""
    bank = tmp_path / "bank"
    shutil.copytree(WRONG_ANSWERS, bank)
    (bank / ASSESSMENT / "not_a_mistake.toml").write_text(
        'description = "Actually right."\nreplaces = "mean_answer"\nloses = ["test_mean"]\n'
        "code = '''\nmy_mean = df[\"monthly_charge\"].mean()\n'''\n")
    released = tmp_path / "assessments"
    shutil.copytree(ASSESSMENTS, released)
    path = released / ASSESSMENT / f"{ASSESSMENT}.ipynb"
    path.write_text(path.read_text().replace("# Demo quiz", "# Demo quiz (old)"))
    code = main(["validate", "--solutions", str(SOLUTIONS), "--assessments", str(released),
                 "--wrong-answers", str(bank), "--timeout", "20", "--seed", "9", "--seeds", "1,2",
                 "--nbgrader-bank"])
    out = capsys.readouterr().out
    assert code == 1
    assert "ok   solution gets full marks: 7/7 autograded; 1 manual item(s) (2 points" in out
    assert "ok   blank release gets zero: 0/7 (replayed at seed 1)" in out
    assert "ok   solution gets full marks on seeds 1, 2 (replayed)" in out
    for name in ("mean_uses_median", "clean_keeps_duplicates", "normalise_divides_by_zero", "choice_mean"):
        assert f"ok   wrong answer '{name}' loses marks" in out
    assert "-> nbgrader, seed 9: -1 on test_mean; loses marks on 2 of 2 seeds" in out
    assert ("FAIL wrong answer 'not_a_mistake' loses marks: Actually right. -> nbgrader, seed 9: "
            "-0 on test_mean; test_mean kept full marks; loses marks on 0 of 2 seeds (not on seed "
            "1, 2: the test lets it through there)") in out
    assert "FAIL assessments/demo_quiz is what nbgrader generate_assignment makes: demo_quiz.ipynb: cell 1 (intro)" in out
    assert "dsroles validate --regenerate" in out
    assert "2 FAILED" in out


@pytest.mark.parametrize("text, words", [
    ('description = "x"\nreplaces = "mean_answer"\ncode = "y"', ["'loses' must be a non-empty list"]),
    ('description = "x"\nreplaces = "mean_answer"\nloses = ["test_mean"]\ncode = "y"\nextra = 1', ["unknown key(s) extra"]),
    ("not toml = = ", ["not valid TOML"]),
])
def test_a_malformed_bank_entry_is_named(tmp_path, text, words):
    """Does a broken wrong-answer file say which file and what is wrong?"""
    path = tmp_path / "broken.toml"
    path.write_text(text)
    with pytest.raises(BankError) as caught:
        read_wrong_answer(path)
    assert "broken.toml" in str(caught.value)
    for word in words:
        assert word in str(caught.value)


def test_bank_entries_must_name_cells_of_the_assessment(tmp_path):
    """Is an entry replacing a cell the assessment does not have refused, listing the real ones?"""
    from dsroles.grading.notebook import read_notebook

    (tmp_path / ASSESSMENT).mkdir()
    (tmp_path / ASSESSMENT / "typo.toml").write_text(
        'description = "x"\nreplaces = "maen_answer"\nloses = ["test_mean"]\ncode = "y"\n')
    source = read_notebook(SOLUTIONS / ASSESSMENT / f"{ASSESSMENT}.ipynb")
    with pytest.raises(BankError, match="'maen_answer' is not an answer cell.*mean_answer"):
        load_bank(tmp_path / ASSESSMENT, ASSESSMENT, source)


def test_validate_usage(tmp_path, capsys):
    """Does an unknown assessment exit 2, and an empty solutions folder pass with a note?"""
    assert main(["validate", "--solutions", str(SOLUTIONS), "nope"]) == 2
    assert "no assessment nope" in capsys.readouterr().err
    assert main(["validate", "--solutions", str(tmp_path)]) == 0
    assert "nothing to validate" in capsys.readouterr().out


def _result(items, status="graded", reason=None):
    auto = [i for i in items if i["kind"] == "autograded"]
    return {"status": status, "reason": reason, "score": sum(i["points"] for i in auto),
            "max_score": sum(i["max_points"] for i in auto), "items": items}


def _item(grade_id, points, max_points=1.0, message=None):
    return {"grade_id": grade_id, "kind": "autograded", "points": points, "max_points": max_points,
            "passed": points >= max_points, "message": message}


def test_judge_names_what_went_wrong():
    """Does each failed check name the item and the reason (solution short, blank scoring, not graded)?"""
    from dsroles.grading.validate import judge
    from dsroles.grading.notebook import read_notebook

    source = read_notebook(SOLUTIONS / ASSESSMENT / f"{ASSESSMENT}.ipynb")
    short = judge("a", "solution gets full marks", _result([_item("t1", 1.0), _item("t2", 0.0, message="boom")]), source)
    assert not short.ok and short.detail == "1/2 autograded; lost on t2 (boom)"
    scoring = judge("a", "blank release gets zero", _result([_item("t1", 1.0), _item("t2", 0.0)]), None)
    assert not scoring.ok and "points given for an empty answer by t1" in scoring.detail
    broken = judge("a", "blank release gets zero", _result([], "not_graded", "kernel died"), None)
    assert not broken.ok and broken.detail == "not graded: kernel died"


def test_replays_are_started_one_assessment_after_another_with_their_seeds_rotated():
    """Is every job started once, one of each assessment in turn, and do the jobs started
    together ask for different seeds (each seed's data is generated once, not raced for)?"""
    from dsroles.grading.validate import interleaved

    names = ["bo", "de", "ds", "pde", "mle", "pe"]
    jobs = [(name, None, (), seed, None) for name in names for seed in (1, 2, 3, 4, 5)]
    order = interleaved(jobs)
    assert sorted(order) == list(range(len(jobs)))
    assert [jobs[i][0] for i in order[:6]] == names
    assert len({jobs[i][3] for i in order[:5]}) == 5
    assert interleaved(jobs[:3]) == [0, 1, 2]
