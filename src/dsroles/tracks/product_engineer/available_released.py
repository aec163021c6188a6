"""Product engineer, lesson 2 (``02_available_and_released``): a latency budget read as a
percentile, and a CI/CD workflow that tests before it builds and deploys only through a gate.

    from dsroles.tracks.product_engineer import available_released as lesson
    q = lesson.bind(seed=SEED)
    q.p95_ms.check(my_p95)
"""

from __future__ import annotations

from dsroles.checks import declare
from dsroles.checks.registry import binder
from dsroles.tracks.product_engineer import releases


def latencies_ms(seed: int):
    """A day of the service's single-prediction latencies in milliseconds: mostly quick, with
    a slow tail (garbage collection, a busy neighbour)."""
    import numpy as np

    rng = np.random.default_rng([int(seed), 5])
    quick = rng.lognormal(np.log(18), 0.25, 1900)
    slow = rng.uniform(120, 400, 100)
    return np.round(np.concatenate([quick, slow])[rng.permutation(2000)], 2)


p95_ms = declare.number(
    "pe.p95_ms",
    competency="PE-3",
    expected=lambda seed: float(__import__("numpy").percentile(latencies_ms(seed), 95)),
    abs_tol=0.01,
    context=("seed",),
    hints=["The 95th percentile: 95 % of the requests took at most this long. The mean hides "
           "the slow tail the budget is about.",
           "NumPy's percentile function, with its default (linear interpolation), over the "
           "latencies you measured."],
    solution="```python\nmy_p95 = float(np.percentile(latencies, 95))\n```",
)

release_workflow = releases.workflow_exercise(
    "pe.release_workflow",
    environment="staging",
    competency="PE-4",
    hints=["Three jobs: `build` has `needs: test`; `deploy` has `needs: build`, so each runs only "
           "after the one before succeeded (GitHub's default).",
           "Gate the deploy twice: an `if:` that lets only a push to the main branch through, "
           "and a protected GitHub environment (its required reviewers approve each deploy). "
           "Never `|| true` after pytest."],
    solution="The workflow in the lesson's *A workflow that gates* section, with `needs: build`, "
             "the `if:` above and `environment: staging` on the deploy job.",
)


bind = binder(__name__)
