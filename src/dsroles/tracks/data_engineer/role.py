"""Data engineer, lesson 1 (``01_the_role``): the sources and their defects, and who owns
data access.

    from dsroles.tracks.data_engineer import role
    q = role.bind(seed=SEED)
    q.defects_per_source.check(my_counts)
"""

from __future__ import annotations

from dsroles.checks import declare
from dsroles.checks.exercise import Exercise
from dsroles.checks.numbers import as_numbers, check_numbers
from dsroles.checks.outcomes import Incorrect
from dsroles.checks.registry import binder
from dsroles.tracks.data_engineer import data


ROLE_NAMES = ("business owner", "problem domain expert", "data engineer", "data scientist",
              "machine learning engineer", "product engineer")


SOURCES = ("crm", "billing", "events")


SOURCE_FILES = {"crm_customers.csv": "crm", "billing.sqlite": "billing",
                "usage_events.parquet": "events"}
SOURCE_NAMES = {"crm": "the CRM export", "billing": "the billing database",
                "events": "the usage events"}


def _per_source(seed: int, add) -> list[int]:
    import json

    key = json.loads((data.data_dir(seed) / "answer_key.json").read_text())
    totals = dict.fromkeys(SOURCES, 0)
    for d in key["defects"]:
        totals[SOURCE_FILES[d["source"].rsplit("/", 1)[-1]]] += add(d)
    return [totals[s] for s in SOURCES]


def defects_by_source(seed: int) -> list[int]:
    """Total ``count`` of the answer key's defect entries for the CRM, billing and events."""
    return _per_source(seed, lambda d: d["count"])


def _compare_totals(value, want, context):
    got = as_numbers(value)
    if len(got) != len(want):
        check_numbers(value, want)
    if list(got) == list(want):
        return
    if sorted(got) == sorted(want):
        raise Incorrect("the totals are right but in another order: give them as the CRM "
                        "export, the billing database, the usage events.")
    if sorted(got) == sorted(_per_source(context["seed"], lambda d: 1)):
        raise Incorrect("these are the numbers of defect entries per source; add up each "
                        "entry's `count` instead.")
    wrong = [SOURCE_NAMES[s] for s, g, w in zip(SOURCES, got, want) if g != w]
    names = " and ".join([", ".join(wrong[:-1]), wrong[-1]] if len(wrong) > 1 else wrong)
    raise Incorrect(f"the total for {names} is wrong: add up the `count` of every defect "
                    "entry whose source is that file.")


defects_per_source = Exercise(
    "de.defects_per_source",
    competency="DE-1",
    compare=_compare_totals,
    expected=defects_by_source,
    context=("seed",),
    hints=[
        "Each entry of `key['defects']` has a `source` (a file path) and a `count`. "
        "Add up the counts per source file.",
        "Make a DataFrame of the defect entries, group it by `source` and add up `count`. "
        "Then list the three totals in the order CRM, billing, events.",
    ],
    solution=(
        "```python\ndefects = pd.DataFrame(key['defects'])\n"
        "totals = defects.groupby('source')['count'].sum()\n"
        "my_counts = [int(totals['history/crm_customers.csv']),\n"
        "             int(totals['history/billing.sqlite']),\n"
        "             int(totals['history/usage_events.parquet'])]\n```"
    ),
)


access_owner = declare.choice(
    "de.access_owner",
    competency="DE-6",
    options=ROLE_NAMES,
    expected="business owner",
    why={
        "data engineer": "You build the pipeline that enforces the rule, but you do not set it.",
        "problem domain expert": "The domain expert can say what a birth date tells us about "
                                 "churn, not whether the team may use it.",
        "data scientist": "The data scientist is the one asking for the data; the person who "
                          "asks should not also be the one who grants.",
        "machine learning engineer": "The ML engineer ships the model; data access is settled "
                                     "long before that.",
        "product engineer": "The product engineer secures the running service, which is not "
                            "the same as deciding who may use which data.",
    },
    hints=["Which role, in the source text, handles everything about *access* to data "
           "(privacy, consent, who may use what)?"],
    solution="`'business owner'`: the business owner owns data access. The data engineer then "
             "makes the pipeline keep to the decision (lesson 3 does that for personal data).",
)


bind = binder(__name__)
