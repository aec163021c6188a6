"""The data dictionary of Kestrel's raw sources: what each field means, its unit, when the
business records it, and whether a model scoring at the end of a month may use it.

``DICTIONARY`` is the domain expert's deliverable; ``as_table()`` shows it. The checks of the
``recorded`` and ``usable`` answers live here too (one dict per answer, judged field by field).
"""

from __future__ import annotations

from dataclasses import dataclass

from dsroles.checks.outcomes import Incorrect
from dsroles.tracks.domain_expert.mappings import answer_dict, check_mapping

RECORDED = ("at sign-up", "during the subscription", "when the customer leaves",
            "after the customer has left")


@dataclass(frozen=True)
class Field:
    name: str
    source: str
    meaning: str
    unit: str
    recorded: str
    usable: bool  # may a model that scores at the end of a month use it (directly or summed)?
    why_not: str = ""


F = Field
DICTIONARY = (
    F("customer_id", "crm", "the CRM's identifier of a customer", "C + 6 digits", "at sign-up",
      False, "an identifier: it says who, not how they behave"),
    F("email", "crm", "the customer's e-mail address", "text", "at sign-up", False,
      "personal data: never a model input"),
    F("birth_date", "crm", "date of birth; 1900-01-01 is the old form's placeholder", "date",
      "at sign-up", False, "age is a protected attribute: kept for fairness checks only"),
    F("gender", "crm", "the gender the customer gave", "category", "at sign-up", False,
      "a protected attribute: kept for fairness checks only"),
    F("signup_date", "crm", "the day the first subscription started", "date", "at sign-up", True),
    F("contract", "crm", "monthly, annual or two_year: how long the customer is committed",
      "category", "at sign-up", True),
    F("plan", "crm", "basic 8.99, standard 13.99 or premium 19.99 a month (2025 prices)",
      "category", "at sign-up", True),
    F("addons", "crm", "extra screens, downloads, sports: 3.50 a month each, up to 3", "count",
      "at sign-up", True),
    F("marketing_consent", "crm", "whether the customer agreed to marketing messages",
      "yes / no", "at sign-up", True),
    F("cancel_date", "crm", "the last day of paid service, whatever the reason (a pause too)",
      "date", "when the customer leaves", False, "it is where the label comes from"),
    F("exit_survey_score", "crm", "1-5 answer to the survey sent after a cancellation",
      "score", "after the customer has left", False,
      "it exists only once the customer has gone: a leak"),
    F("invoices.amount", "billing", "what was billed for the month; legacy system in pence",
      "GBP (legacy: pence)", "during the subscription", True),
    F("invoices.status", "billing", "paid, or failed when the collection did not go through",
      "category", "during the subscription", True),
    F("invoices.source_system", "billing", "the billing system that issued the invoice",
      "category", "during the subscription", False, "it says how the data was made, not "
      "how the customer behaves"),
    F("usage_events.seconds", "usage events", "length of one viewing session", "seconds",
      "during the subscription", True),
    F("support_tickets.category", "help desk", "billing, technical, content or account",
      "category", "during the subscription", True),
    F("support_tickets.text", "help desk", "what the customer wrote (may hold contact details)",
      "free text", "during the subscription", False, "free text with personal data in it"),
    F("account_events.paused", "account system", "the customer paused the subscription",
      "event", "during the subscription", True),
)
BY_NAME = {f.name: f for f in DICTIONARY}


def as_table():
    """The dictionary as a DataFrame, one row per field."""
    import pandas as pd

    return pd.DataFrame([vars(f) for f in DICTIONARY]).set_index("name")


def expected_recorded(fields) -> dict:
    return {name: BY_NAME[name].recorded for name in fields}


def expected_usable(fields) -> dict:
    return {name: BY_NAME[name].usable for name in fields}


def check_recorded(value, want: dict, context, what: str = "your dictionary") -> None:
    """Each field's answer is one of RECORDED and the right one."""
    check_mapping(value, want, options=RECORDED, what=what,
                  wrong="recorded at another moment than you say")


def check_true_false(value, want: dict, context, what: str = "your answer") -> None:
    """A precheck: a dict with exactly the fields asked about, each True or False."""
    import numpy as np

    answers = answer_dict(value, list(want), what)
    odd = [f for f, v in answers.items() if type(v) not in (bool, np.bool_)]
    if odd:
        raise Incorrect(f"give True or False for each field ({', '.join(repr(f) for f in odd[:3])} "
                        "is not).")
