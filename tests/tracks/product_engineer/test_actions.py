"""Does the workflow reader run a GitHub Actions workflow the way GitHub would decide it?"""

import pytest

from dsroles.tracks.product_engineer import actions

WORKFLOW = """
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: pytest
  build:
    needs: test
    runs-on: ubuntu-latest
    steps:
      - run: docker build .
  deploy:
    needs: build
    if: ${{ github.ref == 'refs/heads/main' && github.event_name == 'push' }}
    runs-on: ubuntu-latest
    steps:
      - run: ./deploy.sh
"""


def test_the_on_key_that_yaml_reads_as_true_is_mapped_back():
    workflow = actions.load_workflow(WORKFLOW)
    assert set(actions.triggers(workflow)) == {"push", "pull_request"}


@pytest.mark.parametrize("event, ref, failing, want", [
    ("push", "refs/heads/main", False, {"test": "success", "build": "success", "deploy": "success"}),
    ("push", "refs/heads/main", True, {"test": "failure", "build": "skipped", "deploy": "skipped"}),
    ("pull_request", "refs/pull/1/merge", False, {"test": "success", "build": "success", "deploy": "skipped"}),
])
def test_jobs_run_only_after_success_and_when_their_condition_holds(event, ref, failing, want):
    assert actions.simulate(actions.load_workflow(WORKFLOW), event, ref, failing_tests=failing) == want


def test_always_runs_a_job_even_after_a_failure_and_or_true_hides_one():
    always = WORKFLOW.replace("if: ${{ github.ref == 'refs/heads/main' && github.event_name == 'push' }}",
                              "if: always()")
    run = actions.simulate(actions.load_workflow(always), "push", "refs/heads/main", failing_tests=True)
    assert run["deploy"] == "success" and run["build"] == "skipped"
    swallowed = WORKFLOW.replace("- run: pytest", "- run: pytest || true")
    run = actions.simulate(actions.load_workflow(swallowed), "push", "refs/heads/main", failing_tests=True)
    assert run["test"] == "success"


@pytest.mark.parametrize("text, want", [
    ("!(github.event_name == 'pull_request')", True),
    ("startsWith(github.ref, 'refs/heads/')", True),
    ("contains(github.ref, 'feature')", False),
    ("github.ref != 'refs/heads/main' || false", False),
])
def test_conditions(text, want):
    context = {"github.ref": "refs/heads/main", "github.event_name": "push"}
    status = {"success": True, "failure": False, "always": True, "cancelled": False}
    assert actions.condition(text, context, status) is want


def test_an_expression_it_cannot_evaluate_is_named():
    with pytest.raises(actions.Unsupported, match="vars.DEPLOY"):
        actions.condition("vars.DEPLOY == 'yes'", {}, {"success": True})
