"""The domain expert's graded assessment (``pde_exam.<name>``): variants of the track's exercises,
with no hints and no solutions.

The nbgrader test cells of ``solutions/domain_expert/domain_expert.ipynb`` call these by id:

    from dsroles.checks import partial_check
    partial_check("pde_exam.churned_customers", churned_customers, points=4, seed=seed)

Each differs from its lesson exercise: a labeller for a whole account log, the months an export
can label, a price rule across the 2026 price change, a session rule, which fields a model may
use, another retrained model with another bug, the quarter's evidence as numbers, observations
described by their evidence, and another month's surprising score. Expected values come from
``references``, inputs from ``exam_data``; the wrong-answer bank is ``wrong_answers/``.
"""

from __future__ import annotations

import math

from dsroles.checks.calling import call_safely, on_cases, require_function
from dsroles.checks.choices import normalise_choice
from dsroles.checks.exercise import Exercise, Part
from dsroles.checks.numbers import a_type, as_number, check_numbers
from dsroles.checks.outcomes import Incorrect
from dsroles.checks.wording import plural
from dsroles.tracks.domain_expert import (
    dictionary, exam_data, flagging, mappings, policy, references, rules, shifts,
)


# -- PDE-1 -------------------------------------------------------------------------------------
def as_ids(value, what: str) -> set[str]:
    """A set of customer ids from a set, list, tuple, Series, Index or array of text (numpy's,
    or the string array pandas' ``Series.unique()`` gives for a text column)."""
    import numpy as np
    import pandas as pd

    if type(value) in (set, frozenset, list, tuple):
        items = list(value)
    elif type(value) in (pd.Series, pd.Index, np.ndarray) or \
            isinstance(value, pd.api.extensions.ExtensionArray):
        items = list(value.tolist())
    else:
        raise Incorrect(f"{what} is {a_type(value)}; a set (or list, Series) of customer_id "
                        "values is expected.")
    if any(type(i) not in (str, np.str_) for i in items):
        raise Incorrect(f"{what} holds something other than customer_id text.")
    return {str(i) for i in items}


def _labeller_on(fn, log, month, what):
    return as_ids(call_safely(fn, log, month, what=f"your function on {what}"),
                  f"the result on {what}")


def _edge_part(part: str):
    def check(fn, cases, context):
        done = {}
        for case in (c for c in cases if c["part"] == part):
            if case["month"] not in done:
                done[case["month"]] = _labeller_on(fn, case["log"], case["month"],
                                                   f"the edge cases around {case['month']}")
            if (case["customer"] in done[case["month"]]) != case["churns"]:
                verdict = "churn; Kestrel's definition does not" if not case["churns"] else \
                    "not churn; Kestrel's definition counts it as churn"
                raise Incorrect(f"for {case['label']} (snapshot {case['month']}), your function "
                                f"says {verdict}.")
    return check


def _real_log(fn, cases, context):
    log, month, want = references.real_log_case(context["seed"])
    got = _labeller_on(fn, log, month, f"the account log, snapshot {month}")
    extra, missed = len(got - want), len(want - got)
    if extra or missed:
        found = [f"{plural(extra, 'customer')} who do not churn"] if extra else []
        found += [f"misses {plural(missed, 'customer')} who do"] if missed else []
        raise Incorrect(f"on the account log (snapshot {month}), your function "
                        + ("finds " if extra else "") + " and ".join(found) + ".")


churned_customers = Exercise(
    "pde_exam.churned_customers",
    expected=references.churn_cases,
    context=("seed",),
    precheck=lambda fn, cases, context: require_function(fn),
    parts=[Part(p, _edge_part(p)) for p in policy.PARTS] + [Part("the real account log", _real_log)],
)


def _same_months(got, want, what: str) -> None:
    if type(got) not in (list, tuple) or any(type(m) is not str for m in got):
        raise Incorrect(f"{what} is {a_type(got)}; a list of 'YYYY-MM' texts is expected.")
    if list(got) != list(want):
        size = ("too many months" if len(got) > len(want) else
                "too few months" if len(got) < len(want) else "other months")
        raise Incorrect(f"{what} holds {size}: a label is final once the export holds the whole "
                        "horizon.")


labelled_months = Exercise(
    "pde_exam.labelled_months",
    compare=on_cases(policy.labelled_months, _same_months),
    expected=references.labelled_cases,
)


# -- PDE-2 -------------------------------------------------------------------------------------
def _rule_item(id: str, cases, labels):
    """A rule scored one table at a time (``labels``: the tables' labels, in ``cases``)."""
    return Exercise(id, expected=cases, context=("seed",),
                    precheck=lambda fn, c, context: require_function(fn),
                    parts=[Part(label, rules.rule_part("your rule", {label})) for label in labels])


price_rule = _rule_item("pde_exam.price_rule", references.price_cases, references.PRICE_TABLES)
session_rule = _rule_item("pde_exam.session_rule", references.session_cases,
                          references.SESSION_TABLES)

USABLE_GROUPS = {  # scored group by group; the names say where a field lives, not the answer
    "the CRM's dates and scores": ("cancel_date", "exit_survey_score"),
    "about the person": ("gender", "support_tickets.text"),
    "the subscription's records": ("signup_date", "invoices.status", "usage_events.seconds"),
    "the billing system": ("invoices.source_system",),
}


def _usable_part(fields):
    def check(value, want, context):
        wrong = [f for f in fields if bool(value[f]) != want[f]]
        if wrong:
            raise Incorrect(f"{', '.join(repr(f) for f in wrong)}: judged the wrong way.")
    return check


usable = Exercise(
    "pde_exam.usable",
    expected=references.usable,
    context=("seed",),
    precheck=dictionary.check_true_false,
    not_attempted=mappings.untouched,
    parts=[Part(name, _usable_part(fields)) for name, fields in USABLE_GROUPS.items()],
)


# -- PDE-3 -------------------------------------------------------------------------------------
def _pd_precheck(value, want, context):
    mappings.answer_dict(value, list(want), "your answer")


def _pd_part(feature: str):
    def check(value, want, context):
        try:
            check_numbers(value[feature], want[feature], abs_tol=2e-4,
                          what=f"the partial dependence on {feature}")
        except Incorrect as exc:
            raise Incorrect(f"{exc} Each value is version 3's mean risk over every row of "
                            "`review`, with the feature set to that value for all of them.") from None
    return check


pd_values = Exercise(
    "pde_exam.pd_values",
    expected=references.pd_values,
    context=("seed",),
    precheck=_pd_precheck,
    not_attempted=mappings.untouched,
    parts=[Part(f, _pd_part(f)) for f in exam_data.PD_GRIDS],
)


def _pd_expected(seed: int) -> dict:
    values = references.pd_values(seed)["failed_payments_month"]
    return {"at_0": values[0], "at_1": values[1]}


contradiction_flag = Exercise(
    "pde_exam.contradiction_flag",
    expected=_pd_expected,
    context=("seed",),
    precheck=flagging.require_flag,
    parts=[
        Part("subject", flagging.subject_part(
            lambda s, want: s in ("feature:failed_payments_month", "feature:failed_payments_3m"),
            "name the feature whose effect contradicts the business, as 'feature:<column>'.")),
        Part("owner", flagging.owner_part(("data_scientist",), "who decides whether a retrained "
                                                               "model ships?")),
        Part("cause", flagging.cause_part(("data_defect", "pipeline_bug"),
                                          "what was wrong with the data it learnt from?")),
        Part("evidence", flagging.evidence_numbers({"risk_at_0": "at_0", "risk_at_1": "at_1"},
                                                   tol=2e-4)),
    ],
)


# -- PDE-4 -------------------------------------------------------------------------------------
EVIDENCE_TOLERANCE = {"biennial_share": ("abs", 5e-4), "charges_ratio": ("rel", 0.005),
                      "south_monthly_ratio": ("rel", 0.005), "elsewhere_ratio": ("rel", 0.005)}


def _evidence_part(name: str):
    kind, tol = EVIDENCE_TOLERANCE[name]

    def check(value, want, context):
        got = as_number(value[name], repr(name))
        allowed = tol if kind == "abs" else tol * abs(want[name])
        if math.isnan(got) or abs(got - want[name]) > allowed:
            raise Incorrect(f"{name!r} is {'too high' if got > want[name] else 'too low'}.")
    return check


shift_evidence = Exercise(
    "pde_exam.shift_evidence",
    expected=references.shift_evidence,
    context=("seed",),
    precheck=_pd_precheck,
    not_attempted=mappings.untouched,
    parts=[Part(n, _evidence_part(n)) for n in EVIDENCE_TOLERANCE],
)

TRIAGE_KINDS = shifts.KINDS + ("no change",)
TRIAGE_OWNERS = shifts.ROLE_NAMES + ("nobody",)


def _triage_precheck(value, want, context):
    answers = mappings.answer_dict(value, list(want), "your answer")
    odd = [o for o, v in answers.items() if type(v) not in (tuple, list) or len(v) != 2]
    if odd:
        raise Incorrect(f"give each observation a pair (kind, owner); {odd[0]!r} is not one.")


def _triage_part(observation: str):
    def check(value, want, context):
        kind, owner = value[observation]
        kinds = mappings.read_options({observation: kind}, TRIAGE_KINDS, "the kind")
        owners = mappings.read_options({observation: owner}, TRIAGE_OWNERS, "the owner")
        wrong = []
        if kinds[observation] != want[observation][0]:
            wrong.append("the kind")
        if owners[observation] != want[observation][1]:
            wrong.append("the owner")
        if wrong:
            raise Incorrect(f"{' and '.join(wrong)} of observation {observation} "
                            f"{'are' if len(wrong) > 1 else 'is'} not what its evidence shows.")
    return check


triage = Exercise(
    "pde_exam.triage",
    expected=references.TRIAGE,
    precheck=_triage_precheck,
    not_attempted=mappings.untouched,
    parts=[Part(f"observation {o}", _triage_part(o)) for o in references.TRIAGE],
)


# -- PDE-5 -------------------------------------------------------------------------------------
TRACE_KEYS = ("feature", "invoice_ids", "value_used", "value_true", "technique")


def _ids(value, what: str) -> set[int]:
    import numpy as np

    if type(value) not in (list, tuple, set) or any(type(v) not in (int, np.int64) for v in value):
        raise Incorrect(f"{what} should be a list of invoice ids (whole numbers).")
    return {int(v) for v in value}


def feature_name(text) -> str | None:
    """The column a feature's name denotes: the column itself, or the name the fitted pipeline
    gives it after its preparation step (``numeric__monthly_charges``, as
    ``get_feature_names_out`` spells it next to ``coef_``)."""
    from dsroles.churn.train import build_model

    if type(text) is not str:
        return None
    prefix, sep, column = text.strip().partition("__")
    steps = {name for name, _, _ in build_model().named_steps["prepare"].transformers}
    return column if sep and prefix in steps else text.strip()


def _trace_feature(value, want, context):
    if feature_name(value["feature"]) != want["feature"]:
        raise Incorrect("'feature' is not the feature that made this score.")


def _trace_rows(value, want, context):
    got = _ids(value["invoice_ids"], "'invoice_ids'")
    if got != set(want["invoice_ids"]):
        raise Incorrect("'invoice_ids' are not the invoices behind that month's charge.")


def _trace_values(value, want, context):
    for name in ("value_used", "value_true"):
        got = as_number(value[name], repr(name))
        if abs(got - want[name]) > 0.005:
            raise Incorrect(f"{name!r} is {'too high' if got > want[name] else 'too low'}.")


def _trace_technique(value, want, context):
    text = value["technique"]
    if type(text) is not str or normalise_choice(text).replace(" ", "") != "logisticregression":
        raise Incorrect("'technique' should name the estimator that turns the features into the "
                        "score (its class name).")


def _trace_precheck(value, want, context):
    mappings.answer_dict(value, list(TRACE_KEYS), "your record")


trace = Exercise(
    "pde_exam.trace",
    expected=references.trace,
    context=("seed",),
    precheck=_trace_precheck,
    not_attempted=mappings.untouched,
    parts=[Part("the feature", _trace_feature), Part("the source rows", _trace_rows),
           Part("the values", _trace_values), Part("the technique", _trace_technique)],
)


def _legacy_evidence(flag, want, context):
    ids = flag.evidence.get("invoice_ids")
    if type(ids) is not list or set(ids) != set(want["invoice_ids"]):
        raise Incorrect("the evidence's 'invoice_ids' are not the invoices behind the score.")
    if flagging.number_in(flag.evidence, "customers_hit") != want["customers_hit"]:
        raise Incorrect("the evidence's 'customers_hit' is not the number of customers of the "
                        "run whose charge the same step inflated.")


legacy_flag = Exercise(
    "pde_exam.legacy_flag",
    expected=references.trace,
    context=("seed",),
    precheck=flagging.require_flag,
    parts=[
        Part("subject", flagging.subject_part(flagging.same_prediction,
                                              flagging.PREDICTION_ADVICE)),
        Part("owner", flagging.owner_part(("data_engineer",), "who owns the step that failed?")),
        Part("cause", flagging.cause_part(("pipeline_bug",), "the source holds what it always "
                                                             "held; which step read it wrongly?")),
        Part("evidence", _legacy_evidence),
    ],
)
