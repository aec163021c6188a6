"""The learner's lab in chromium: where it lands, what it hides, a lesson run to the end, a
self-check answered wrongly then rightly, a widget moved, and the pages `dsroles grade` wrote.

JupyterLab pitfalls met here: cells are found by ``[data-windowed-list-index=N]``; code is
typed with ``keyboard.insert_text`` (no auto-indent); ``?reset`` keeps old tabs from coming back.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest

from conftest import ROOT, START_SECONDS, TOKEN, screenshot

pytestmark = pytest.mark.browser

WELCOME = "course/0_start/01_welcome.ipynb"
WIDGET_LESSON = "course/4_data_scientist/01_the_role.ipynb"
RUN_SECONDS = 240
QUIET_SECONDS = 15  # idle, nothing running, cells unrun: Run All was dropped


def open_lab(page, lab, path=None):
    url = f"{lab}/lab/tree/{path}?reset&token={TOKEN}" if path else f"{lab}/?token={TOKEN}"
    page.goto(url)
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", state="visible")
    if path:
        wait_for_kernel(page, lab, path)
    wait_idle(page)


def wait_for_kernel(page, lab, path, seconds=START_SECONDS):
    """Until the notebook's kernel has started and is idle, by the server's own account (the
    toolbar says "idle" before a new kernel is up, and Run All then does nothing)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        sessions = page.request.get(f"{lab}/api/sessions?token={TOKEN}").json()
        states = [s["kernel"]["execution_state"] for s in sessions if s.get("path") == path]
        if states and states[0] == "idle":
            return
        time.sleep(0.5)
    raise AssertionError(f"the kernel of {path} did not start within {seconds} s: sessions {sessions}")


def wait_idle(page, seconds=RUN_SECONDS):
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", state="attached",
                           timeout=seconds * 1000)


NOTEBOOK_STATE = """() => {
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(e => e.textContent.trim());
    const status = (panel.querySelector('.jp-Notebook-ExecutionIndicator') || document.querySelector(
        '.jp-Notebook-ExecutionIndicator') || {getAttribute: () => null}).getAttribute('data-status');
    return {cells: prompts.length, done: prompts.filter(t => /\\[\\d+\\]/.test(t)).length,
            running: prompts.filter(t => t.includes('*')).length, status};
}"""


def run_all(page, seconds=RUN_SECONDS):
    """Run All from the menu, then wait until every code cell has its execution number. A lesson
    that stops on an error fails at once with the error; a Run All the lab let fall (nothing
    running, the kernel idle, cells still unrun) is asked for once more."""
    deadline, asked, quiet_since = time.monotonic() + seconds, 0, None
    while True:
        if asked == 0 or (quiet_since and time.monotonic() - quiet_since > QUIET_SECONDS and asked < 3):
            page.locator(".lm-MenuBar-itemLabel", has_text=re.compile("^Run$")).click()
            page.locator(".lm-Menu-itemLabel", has_text=re.compile("^Run All Cells$")).click()
            asked, quiet_since = asked + 1, None
        time.sleep(0.5)
        state = page.evaluate(NOTEBOOK_STATE)
        errors = error_outputs(page)
        assert not errors, f"the lesson stopped on an error: {errors}"
        if state["cells"] and state["done"] == state["cells"] and state["status"] == "idle":
            return
        quiet = not state["running"] and state["status"] == "idle"
        quiet_since = (quiet_since or time.monotonic()) if quiet else None
        assert time.monotonic() < deadline, (f"Run All did not finish within {seconds} s "
                                             f"(asked {asked} times): {state}")


def cell_with(page, text: str):
    """The (first) cell whose code contains `text`, by its windowed-list index."""
    index = page.evaluate(
        """(text) => { const cells = [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) [data-windowed-list-index]')];
                       const hit = cells.find(c => (c.querySelector('.cm-content') || {}).textContent?.includes(text));
                       return hit ? hit.getAttribute('data-windowed-list-index') : null; }""", text)
    assert index is not None, f"no cell holds {text!r}"
    return page.locator(f".jp-NotebookPanel:not(.lm-mod-hidden) [data-windowed-list-index='{index}']")


def replace_and_run(page, cell, code: str) -> str:
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(code)
    page.keyboard.press("Shift+Enter")
    wait_idle(page)
    page.wait_for_function("(el) => el.querySelector('.jp-OutputArea-output') !== null",
                           arg=cell.element_handle())
    return cell.locator(".jp-OutputArea").inner_text()


def error_outputs(page) -> list[str]:
    texts = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output").all_inner_texts()
    return [t[:300] for t in texts if "Traceback" in t or re.search(r"^\w*(Error|Exception)\b", t, re.M)]


def test_the_lab_lands_on_the_welcome_lesson_with_solutions_and_nbgrader_hidden(page, lab):
    open_lab(page, lab)
    assert page.url.split("?")[0].endswith(f"/lab/tree/{WELCOME}")
    assert page.locator(".jp-NotebookPanel .jp-RenderedMarkdown h1").first.inner_text().startswith("Welcome")
    page.locator(".jp-BreadCrumbs-home").click()
    page.locator(".jp-DirListing-itemText", has_text=re.compile("^assessments$")).wait_for()
    names = page.locator(".jp-DirListing-itemText").all_inner_texts()
    assert "course" in names and "assessments" in names
    assert "solutions" not in names, names
    menus = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
    assert "Nbgrader" not in menus, menus
    disabled = page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).disabledExtensions")
    assert "@jupyter/nbgrader" in disabled
    assert page.request.get(f"{lab}/formgrader?token={TOKEN}").status == 404
    screenshot(page, "landing")


def test_the_welcome_lesson_runs_to_the_end_and_a_self_check_answers_in_words(page, lab):
    open_lab(page, lab, WELCOME)
    run_all(page)
    assert error_outputs(page) == []
    check = cell_with(page, "q.mean.check(my_mean)")
    said = replace_and_run(page, check, "my_mean = 0.0   # a wrong answer first\n\nq.mean.check(my_mean)")
    assert "Incorrect" in said and len(said) > len("Incorrect") + 10, said
    said = replace_and_run(page, check, "my_mean = df['monthly_charge'].mean()\n\nq.mean.check(my_mean)")
    assert "Correct" in said and "Incorrect" not in said, said


def test_a_widget_redraws_when_moved(page, lab):
    open_lab(page, lab, WIDGET_LESSON)
    run_all(page)
    assert error_outputs(page) == []
    widget = page.locator(".widget-dropdown select").first
    widget.scroll_into_view_if_needed()
    area = widget.locator("xpath=ancestor::div[contains(@class,'jp-OutputArea')][1]")
    before = area.locator("img").first.get_attribute("src")
    widget.select_option("tenure_months")
    page.wait_for_function("([el, old]) => { const i = el.querySelector('img'); return i && i.src !== old; }",
                           arg=[area.element_handle(), before])
    area.locator("img").first.scroll_into_view_if_needed()
    screenshot(page, "lesson-widget")


@pytest.fixture(scope="module")
def graded(home, tmp_path_factory):
    """`dsroles grade` on the data scientist's blank release, as a learner would run it."""
    out = tmp_path_factory.mktemp("grades") / "run"
    done = subprocess.run([sys.executable, "-m", "dsroles", "grade", "assessments/data_scientist", "--out", str(out),
                           "--seed", "5", "--name", "Browser Test", "--role", "data_scientist"],
                          cwd=ROOT, env={**__import__("os").environ, "DSROLES_HOME": str(home)},
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return out, done.stdout


def test_the_feedback_page_dsroles_grade_wrote_reads_in_words(page, graded):
    out, terminal = graded
    page.goto((out / "feedback" / "data_scientist.html").as_uri())
    verdict = page.locator(".verdict").inner_text()
    total = re.search(r"data_scientist\.ipynb: (\d+) / (\d+)", terminal)
    assert verdict.startswith(f"{total[1]} / {total[2]} points marked automatically"), (verdict, total[0])
    text = page.locator("body").inner_text()
    assert "Traceback" not in text and "partial_check(" not in text and "assert_check(" not in text
    assert "Mark scheme" in text and "--self-mark" in text
    page.locator("table a").first.click()  # a lesson to revisit opens
    assert page.url.endswith(".ipynb")
    page.go_back()
    screenshot(page, "feedback")


def test_the_profile_dsroles_grade_wrote_guides(page, graded):
    out, _ = graded
    page.goto((out / "profile.html").as_uri())
    assert page.locator("h1").inner_text() == "Skills profile: Browser Test"
    steps = page.locator("h2:has-text('Work on next') + p + ol > li")
    assert steps.count() >= 3
    first = steps.first.inner_text()
    assert first.startswith("DS-") and "points to gain" in first and "Revisit:" in first
    assert steps.first.locator("a").first.get_attribute("href").endswith(".ipynb")
    page.evaluate("window.scrollTo(0, [...document.querySelectorAll('h2')]"
                  ".find(h => h.textContent.includes('Work on next')).offsetTop - 20)")
    screenshot(page, "profile")
