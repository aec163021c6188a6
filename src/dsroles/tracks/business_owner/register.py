"""Kestrel's data-access policy, and the register that records who may use which data.

A register has one entry per dataset: what it is for (``purpose``), on which lawful basis it
is processed, which roles may use it, and how many months it is kept. The policy below is
what the lesson states in words; ``expected_entry`` applies it to a dataset's kind, and
``entry_problems`` lists every way an entry breaks it.
"""

from __future__ import annotations

from dsroles.checks.numbers import a_type, as_number
from dsroles.checks.outcomes import Incorrect
from dsroles.checks.wording import plural

FIELDS = ("dataset", "purpose", "lawful_basis", "users", "retention_months")
BASES = ("consent", "contract", "legal obligation", "legitimate interests", "vital interests",
         "public task")
USERS = ("business_owner", "domain_expert", "data_engineer", "data_scientist", "ml_engineer",
         "product_engineer", "retention_team")
ANALYSTS = ("data_engineer", "data_scientist", "ml_engineer", "domain_expert")

# What the policy decides, by the kind of data a dataset holds.
KINDS = {
    # raw data that identifies customers, needed to run the service
    "raw": {"basis": "contract", "max_months": 24},
    # pseudonymised tables for analysis and models
    "pseudonymised": {"basis": "legitimate interests", "max_months": 36},
    # anything that scores or singles out one customer for an offer
    "targeting": {"basis": "consent", "max_months": 3},
}

# The lesson's datasets: their kind, and who needs them to do their job.
LESSON_DATASETS = {
    "crm_export": {"kind": "raw", "users": ("data_engineer", "retention_team"),
                   "purpose": "run customer accounts; the source of the pipeline",
                   "holds": "names, e-mail addresses, phone numbers, birth dates, plan, consent"},
    "support_tickets": {"kind": "raw", "users": ("data_engineer",),
                        "purpose": "answer customers; ticket counts for the model",
                        "holds": "customer id, category, the customer's own words (often with "
                                 "their e-mail address or phone number)"},
    "snapshot_table": {"kind": "pseudonymised", "users": ANALYSTS,
                       "purpose": "train, test and monitor the churn model",
                       "holds": "monthly features per pseudonymised customer key; gender and age "
                                "for fairness checks"},
    "churn_scores": {"kind": "targeting", "users": ("product_engineer", "retention_team"),
                     "purpose": "choose whom the retention team calls with an offer",
                     "holds": "customer id, month, churn score"},
}
DECIDED = ("lawful_basis", "users", "retention_months")  # what the business owner fills in


def skeleton(datasets: dict = LESSON_DATASETS):
    """The register with what each dataset holds and is for; the decided fields still blank."""
    import pandas as pd

    return pd.DataFrame([{"dataset": name, "holds": spec["holds"], "purpose": spec["purpose"],
                          **dict.fromkeys(DECIDED, ...)} for name, spec in datasets.items()])


def is_blank(value) -> bool:
    """A placeholder, or a register whose decided fields are all still placeholders."""
    import pandas as pd

    from dsroles.checks.outcomes import is_blank_text, is_placeholder

    if is_placeholder(value):
        return True
    if type(value) is pd.DataFrame and set(DECIDED) <= set(value.columns):
        return all(is_blank_text(v) for c in DECIDED for v in value[c].tolist())
    return False


def expected_entry(spec: dict) -> dict:
    kind = KINDS[spec["kind"]]
    return {"lawful_basis": kind["basis"], "users": set(spec["users"]),
            "max_months": kind["max_months"]}


def as_entries(value, what: str = "your register") -> list[dict]:
    """A register handed in as a DataFrame or a list of dicts, as a list of plain dicts."""
    import pandas as pd

    if type(value) is pd.DataFrame:
        rows = value.to_dict(orient="records")
    elif type(value) is list and all(type(r) is dict for r in value):
        rows = value
    else:
        raise Incorrect(f"{what} is {a_type(value)}; a DataFrame (or a list of dicts) with the "
                        f"columns {', '.join(FIELDS)} is expected.")
    for row in rows:
        missing = [f for f in FIELDS if f not in row]
        if missing:
            raise Incorrect(f"an entry of {what} has no {missing[0]!r}: every entry needs "
                            f"{', '.join(FIELDS)}.")
    return rows


def by_dataset(rows: list[dict], datasets, what: str = "your register") -> dict:
    """``{dataset: entry}``, one entry per expected dataset and no other."""
    names = [str(r["dataset"]) for r in rows]
    repeated = sorted({n for n in names if names.count(n) > 1})
    unknown = [n for n in names if n not in datasets]
    missing = [d for d in datasets if d not in names]
    if repeated or unknown or missing:
        found = ([f"{', '.join(map(repr, repeated))} listed twice"] if repeated else []) + \
                ([f"no entry for {', '.join(map(repr, missing))}"] if missing else []) + \
                ([f"unknown dataset {unknown[0]!r}"] if unknown else [])
        raise Incorrect(f"{what}: {'; '.join(found)}. Keep one entry per dataset of the table.")
    return {str(r["dataset"]): r for r in rows}


def user_set(value, dataset: str) -> set[str]:
    """The ``users`` of an entry: a list of role ids, or one text of ids separated by commas."""
    if type(value) is str:
        items = [u for u in value.replace(";", ",").split(",")]
    elif type(value) in (list, tuple, set, frozenset):
        items = list(value)
    else:
        raise Incorrect(f"the users of {dataset!r} are {a_type(value)}; a list of role ids is "
                        "expected.")
    if any(type(u) is not str for u in items):
        raise Incorrect(f"the users of {dataset!r} should be role ids as text.")
    users = {u.strip().lower().replace(" ", "_") for u in items if u.strip()}
    unknown = sorted(users - set(USERS))
    if unknown:
        raise Incorrect(f"{unknown[0]!r} (users of {dataset!r}) is not a role id; use "
                        f"{', '.join(USERS)}.")
    return users


def basis_problem(entry: dict, want: dict) -> str | None:
    basis = entry["lawful_basis"]
    if type(basis) is not str or basis.strip().lower() not in BASES:
        return f"{basis!r} is not a lawful basis; use one of {', '.join(BASES)}"
    if basis.strip().lower() != want["lawful_basis"]:
        return "a lawful basis that does not fit what the data is used for"
    return None


def users_problem(entry: dict, want: dict) -> str | None:
    users = user_set(entry["users"], str(entry["dataset"]))
    too_many, missing = users - want["users"], want["users"] - users
    if too_many:
        return f"open to {plural(len(too_many), 'role')} without a need for it in their work"
    if missing:
        return f"closed to {plural(len(missing), 'role')} whose work needs it"
    return None


def retention_problem(entry: dict, want: dict) -> str | None:
    try:
        months = as_number(entry["retention_months"], "the retention")
    except Incorrect as exc:
        return f"{exc}".rstrip(".")
    if months > want["max_months"]:
        return "kept longer than the policy allows for this kind of data"
    if not months > 0:
        return "kept for no time at all: the data could not serve its purpose"
    return None


PROBLEMS = {"lawful basis": basis_problem, "users": users_problem, "retention": retention_problem}


def field_part(name: str, datasets: dict):
    """A part: the register's ``name`` field follows the policy for every dataset."""
    def check(value, expected, context):
        entries = by_dataset(as_entries(value), datasets)
        found = []
        for dataset, spec in datasets.items():
            problem = PROBLEMS[name](entries[dataset], expected_entry(spec))
            if problem:
                found.append(f"{dataset!r}: {problem}")
        if found:
            raise Incorrect(f"{'; '.join(found)}.")
    return check


def precheck(datasets: dict):
    def check(value, expected, context):
        by_dataset(as_entries(value), datasets)
    return check
