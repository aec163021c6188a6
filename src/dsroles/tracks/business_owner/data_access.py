"""Business owner, lesson 3 (``03_data_access``): which columns are personal data and which are
protected; who may receive a retention offer chosen by the model under the two consents; a
data-access register that follows Kestrel's policy; and the answer to a request to add gender
and age to the model.

    from dsroles.tracks.business_owner import data_access as lesson
    q = lesson.bind(seed=SEED)
    q.campaign_list.check(my_list)
"""

from __future__ import annotations

from dsroles.checks import Part, declare
from dsroles.checks.exercise import Exercise
from dsroles.checks.records import record
from dsroles.checks.registry import binder
from dsroles.churn.generate import CRM_COLUMNS
from dsroles.tracks.business_owner import access, data, register

AS_OF = "2025-12-31"  # the history export: the January campaign is chosen from it


def register_skeleton():
    """The register to fill in: each dataset, what it holds and what it is for."""
    return register.skeleton()


def protected_aucs(seed: int) -> dict:
    """Test AUC of the reference model, and of the same model given gender and age too."""
    from dsroles.tracks.business_owner import cards

    return {"reference model": cards.honest_auc(seed),
            "with gender and age": cards.protected_auc(seed)}


def test_rows(seed: int):
    """The test months' snapshot rows (September to November 2025) with the reference model's
    score of each, for a look at who gets flagged."""
    from dsroles.churn import train

    _, rows = train.time_split(data.tables(seed).snapshots)
    return rows.assign(score=data.test_scores(seed)[1])

IDENTIFYING = ("customer_id", "name", "email", "phone", "birth_date")
PROTECTED = ("gender", "birth_date")  # a birth date gives the age away

personal_data = record(
    "bo.personal_data",
    competency="BO-3",
    fields=("identifying", "protected"),
    what="your answer",
    expected={"identifying": list(IDENTIFYING), "protected": list(PROTECTED)},
    parts=[
        Part("identifying", access.columns_part(
            "identifying", CRM_COLUMNS, missing_means="can single out or reach a customer",
            extra_means="cannot single out anyone on their own")),
        Part("protected", access.columns_part(
            "protected", CRM_COLUMNS, missing_means="can give away a protected "
            "characteristic", extra_means="cannot give away a protected characteristic")),
    ],
    hints=[
        "Identifying: what would let someone find, phone or write to the person, or pick them "
        "out of a crowd. Keys count too: the customer id leads straight back to the CRM.",
        "Protected characteristics include sex and age. No column is called 'age', but one "
        "column gives it away.",
    ],
    solution=(
        "```python\nmy_columns = {\n"
        f"    'identifying': {list(IDENTIFYING)!r},\n"
        f"    'protected': {list(PROTECTED)!r},\n}}\n```"
    ),
)


campaign_list = Exercise(
    "bo.campaign_list",
    competency="BO-3",
    expected=lambda seed: access.eligible(data.crm(seed), data.consent_table(seed), AS_OF),
    context=("seed",),
    precheck=access.precheck_ids,
    parts=access.TARGET_PARTS,
    hints=[
        "Start from `customers` (CRM joined with the consent file) and keep the rows that pass "
        "all three rules: no `cancel_date`; `marketing_consent` is True; `profiling_consent` is "
        "exactly 'granted'.",
        "Build one boolean mask per rule and combine them with `&` (brackets around each "
        "comparison). Then select the `customer_id` column of the rows where the mask is "
        "True, with `.loc`.",
    ],
    solution=(
        "```python\nok = (customers['cancel_date'].isna() & customers['marketing_consent']\n"
        "      & (customers['profiling_consent'] == 'granted'))\n"
        "my_list = customers.loc[ok, 'customer_id']\n```"
    ),
)


access_register = Exercise(
    "bo.access_register",
    competency="BO-3",
    precheck=register.precheck(register.LESSON_DATASETS),
    not_attempted=register.is_blank,
    parts=[Part(name, register.field_part(name, register.LESSON_DATASETS))
           for name in register.PROBLEMS],
    hints=[
        "Decide each dataset's kind first: raw data that identifies customers, a pseudonymised "
        "table, or data that singles out a customer for an offer. The policy then gives the "
        "lawful basis and the longest retention.",
        "Users are on a need-to-know basis: the support tickets' free text holds e-mail "
        "addresses, so only the role that builds the pipeline needs it; the retention team "
        "phones customers, so it needs the CRM, and it acts on the scores.",
    ],
    solution=(
        "```python\nregister_table['lawful_basis'] = ['contract', 'contract', "
        "'legitimate interests', 'consent']\n"
        "register_table['users'] = [['data_engineer', 'retention_team'], ['data_engineer'],\n"
        "    ['data_engineer', 'data_scientist', 'ml_engineer', 'domain_expert'],\n"
        "    ['product_engineer', 'retention_team']]\n"
        "register_table['retention_months'] = [24, 24, 36, 3]\n```"
    ),
)


REQUEST_OPTIONS = (
    "yes: anything that predicts churn belongs in the model",
    "no: keep them out of the model's inputs, and use them only to check that it treats "
    "groups of customers alike",
    "yes, but only age: it is not as sensitive as gender",
    "no: delete them from every table, fairness checks included",
)

protected_request = declare.choice(
    "bo.protected_request",
    competency="BO-3",
    options=REQUEST_OPTIONS,
    expected=REQUEST_OPTIONS[1],
    why={
        REQUEST_OPTIONS[0]: "Gender and age are protected characteristics: an offer decided on "
                            "them treats customers differently for who they are.",
        REQUEST_OPTIONS[2]: "Age is a protected characteristic just like gender.",
        REQUEST_OPTIONS[3]: "Without them nobody can check whether the model treats women, men "
                            "or older customers differently: keep them, away from the inputs.",
    },
    hints=["Two questions: may the model decide on them, and how would anyone check that it "
           "does not treat groups differently?"],
    solution=f"```python\nmy_reply = {REQUEST_OPTIONS[1]!r}\n```",
)


bind = binder(__name__)
