"""Domain expert, lesson 4 (``04_shifts``): read the next quarter's drift statistics and, once
its labels arrive, its calibration by segment; tell the price rise, the competitor and the
billing migration apart, with evidence, and route each to the role that owns it.

    from dsroles.tracks.domain_expert import shifts as lesson
    q = lesson.bind(seed=SEED)
    q.major_drift.check(my_features)
"""

from __future__ import annotations

import functools

from dsroles.checks import declare
from dsroles.checks.exercise import Exercise
from dsroles.checks.models import one_thread
from dsroles.checks.numbers import a_type
from dsroles.checks.outcomes import Incorrect
from dsroles.checks.registry import binder
from dsroles.checks.wording import plural
from dsroles.tracks.domain_expert import data, mappings, models

KINDS = ("covariate drift", "concept drift", "pipeline bug")
ROLE_NAMES = ("business owner", "problem domain expert", "data engineer", "data scientist",
              "machine learning engineer", "product engineer")
CHANGES = ("price rise", "competitor", "billing migration")


@functools.lru_cache(maxsize=4)
def drift(seed: int):
    """The drift report: the history's snapshots against the next quarter as delivered."""
    from dsroles.churn import monitor

    return monitor.drift_report(data.snapshots(seed), data.quarter(seed))


def major_features(seed: int) -> list[str]:
    report = drift(seed)
    return sorted(report.loc[report["level"] == "major", "feature"])


def _check_names(value, want, context):
    from dsroles.churn.features import MODEL_FEATURES

    if type(value) not in (list, tuple, set) or any(type(v) is not str for v in value):
        raise Incorrect(f"your answer is {a_type(value)}; a list of feature names is expected.")
    unknown = [v for v in value if v not in MODEL_FEATURES]
    if unknown:
        raise Incorrect(f"{unknown[0]!r} is not a feature of the drift report.")
    extra, missing = set(value) - set(want), set(want) - set(value)
    problems = [f"{plural(len(extra), 'feature')} whose drift is not major"] if extra else []
    problems += [f"misses {plural(len(missing), 'feature')} with major drift"] if missing else []
    if problems:
        raise Incorrect("your list " + ("holds " if extra else "") + " and ".join(problems)
                        + " (PSI above 0.25).")


major_drift = Exercise(
    "pde.major_drift",
    competency="PDE-4",
    compare=_check_names,
    expected=major_features,
    context=("seed",),
    hints=["`report[report['level'] == 'major']`, or `report['psi'] > 0.25`; then the "
           "`feature` column as a list."],
    solution="```python\nmy_features = list(report.loc[report['psi'] > 0.25, 'feature'])\n```",
)


def price_change(seed: int) -> float:
    """Median change of a customer's monthly_charges, 2025-11 to 2026-01 (repaired)."""
    snaps = data.snapshots(seed)
    before = snaps[snaps["snapshot_month"] == "2025-11"].set_index("customer_key")["monthly_charges"]
    q = data.repaired(data.quarter(seed))
    after = q[q["snapshot_month"] == "2026-01"].set_index("customer_key")["monthly_charges"]
    both = before.index.intersection(after.index)
    return float((after[both] - before[both]).median())


charge_change = declare.number(
    "pde.charge_change",
    competency="PDE-4",
    expected=price_change,
    abs_tol=0.005,
    context=("seed",),
    hints=["Index both months by `customer_key` and keep only the customers present in both (an "
           "index has an `intersection` method). Subtract the two months' charges and take the "
           "median."],
    solution=(
        "```python\nbefore = snaps[snaps['snapshot_month'] == '2025-11'].set_index('customer_key')"
        "['monthly_charges']\nafter = fixed[fixed['snapshot_month'] == '2026-01'].set_index("
        "'customer_key')['monthly_charges']\nboth = before.index.intersection(after.index)\n"
        "my_change = (after[both] - before[both]).median()\n```"
    ),
)


def segment_table(seed: int):
    """Observed against predicted churn per region and contract, next quarter repaired."""
    from dsroles.churn import monitor
    from dsroles.churn.features import MODEL_FEATURES

    fixed = data.repaired(data.quarter(seed))
    with one_thread():
        scores = models.production_model(seed).predict_proba(fixed[MODEL_FEATURES])[:, 1]
    return monitor.performance_by_segment(fixed, scores)


def south_monthly_ratio(seed: int) -> float:
    table = segment_table(seed)
    row = table[(table["region"] == "south") & (table["contract"] == "monthly")]
    return float(row["ratio"].iloc[0])


south_ratio = declare.number(
    "pde.south_ratio",
    competency="PDE-4",
    expected=south_monthly_ratio,
    rel_tol=0.005,
    context=("seed",),
    hints=["Score `fixed` with `model` first. The `monitor` module has a function that compares "
           "performance across segments: read the `ratio` of the row with region 'south' and "
           "contract 'monthly'."],
    solution=(
        "```python\nscores = model.predict_proba(fixed[features.MODEL_FEATURES])[:, 1]\n"
        "seg = monitor.performance_by_segment(fixed, scores)\n"
        "my_ratio = seg.query(\"region == 'south' and contract == 'monthly'\")['ratio'].item()\n```"
    ),
)


change_kinds = Exercise(
    "pde.change_kinds",
    competency="PDE-4",
    compare=mappings.mapping(options=KINDS, what="your answer",
                             wrong="of another kind than you say"),
    not_attempted=mappings.untouched,
    expected={"price rise": "covariate drift", "competitor": "concept drift",
              "billing migration": "pipeline bug"},
    hints=["Covariate drift: the inputs move, their relation to churn holds. Concept drift: "
           "the inputs hold, the outcome changes for them. A pipeline bug: the data is wrong, "
           "not the world."],
    solution="```python\nmy_kinds = {'price rise': 'covariate drift', 'competitor': "
             "'concept drift',\n            'billing migration': 'pipeline bug'}\n```",
)


change_owners = Exercise(
    "pde.change_owners",
    competency="PDE-4",
    compare=mappings.mapping(options=ROLE_NAMES, what="your answer",
                             wrong="routed to a role that cannot act on it"),
    not_attempted=mappings.untouched,
    expected={"price rise": "business owner", "competitor": "data scientist",
              "billing migration": "data engineer"},
    hints=["Ask who can act: who changes the pipeline, who retrains or recalibrates a model, "
           "and who decides what a price rise means for the campaign's budget?"],
    solution="```python\nmy_owners = {'price rise': 'business owner', 'competitor': "
             "'data scientist',\n             'billing migration': 'data engineer'}\n```",
)


bind = binder(__name__)
