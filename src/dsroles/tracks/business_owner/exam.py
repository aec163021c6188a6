"""The business owner's graded assessment (``bo_exam.<name>``): variants of the track's
exercises, with no hints and no solutions.

Each is a variant of a lesson exercise, so a lesson's answer does not carry over: revenue at
risk per quarter over a year, another month and team size, a pilot's success measure; the
exam's own money figures (a dearer offer with a free month); the personal columns of two other
sources; the Q2 campaign list from the next quarter's export; a draft register to review; a
request about the device and age; three model cards with letters drawn by the seed, and a draft
card to complete; the Q2 campaign's value under the drift with a set-up cost. Expected values
come from ``references`` (the answer key), inputs from ``exam_data``.
"""

from __future__ import annotations

from dsroles.checks import Part, declare
from dsroles.checks.exercise import Exercise
from dsroles.checks.numbers import a_type, as_number, check_number, format_number
from dsroles.checks.outcomes import Incorrect
from dsroles.checks.records import choice_field, field_of, plain_text, record
from dsroles.checks.wording import plural
from dsroles.tracks.business_owner import access, cards, data, decide, money, references
from dsroles.tracks.business_owner import exam_data as X
from dsroles.tracks.business_owner import steer
from dsroles.tracks.business_owner.business_case import ACTORS, WHY_ACTOR


# -- task 1: the business case ---------------------------------------------------------------
def _check_revenue(value, want, context):
    got = as_number(value, "your revenue at risk")
    if abs(got - 4 * want) <= 0.5:
        raise Incorrect("your revenue at risk adds up the whole year: the question asks for one "
                        "quarter, on average over the four quarters of 2025.")
    money.check_revenue(got, want, what="your revenue at risk", period="in each quarter")


revenue_per_quarter = Exercise(
    "bo_exam.revenue_per_quarter",
    compare=_check_revenue,
    expected=references.revenue_per_quarter,
    context=("seed",),
)


call_share = Exercise(
    "bo_exam.call_share",
    compare=lambda v, want, c: money.check_share(
        v, want, what="your share", abs_tol=5e-4,
        advice="Count the customers subscribed at the end of June 2025 (signed up before July, "
               "not cancelled before July), each once."),
    expected=references.call_share,
    context=("seed",),
)

PILOT_MEASURES = (
    "AUC of the model on the pilot months",
    "share of the called customers who would have left",
    references.PILOT_CASE["measure"],
    "number of calls made",
)
DEADLINES = (
    "before the end of November 2025",
    references.PILOT_CASE["deadline"],
    "in January 2026, at the next contract renewal",
    "whenever the model is next retrained",
)

pilot_case = record(
    "bo_exam.pilot_case",
    fields=tuple(references.PILOT_CASE),
    what="your record",
    expected=references.PILOT_CASE,
    parts=[
        Part("measure", choice_field("measure", PILOT_MEASURES, {
            PILOT_MEASURES[0]: "AUC measures ranking, not money.",
            PILOT_MEASURES[1]: "That share ignores what the offers cost and whether they "
                               "kept anyone.",
            PILOT_MEASURES[3]: "Calls are a cost, not a result."})),
        Part("who acts", choice_field("acts", ACTORS, WHY_ACTOR)),
        Part("deadline", choice_field("deadline", DEADLINES, {
            DEADLINES[0]: "The November snapshot is taken at the end of November: no score "
                          "exists before then.",
            DEADLINES[2]: "The prediction is about December: by January it is too late.",
            DEADLINES[3]: "Retraining has nothing to do with when the customer may leave."})),
    ],
)


# -- task 2: put a price on decisions --------------------------------------------------------
def _check_break_even(value, want, context):
    got = as_number(value, "your break-even probability")
    b = X.EXAM_BUSINESS
    if got > 0 and abs(1 / got - want) < 1e-3:
        raise Incorrect("your break-even probability is upside down: it is the offer cost "
                        "divided by what a kept customer is worth on average.")
    from dsroles.churn import evaluate

    if got != want and abs(got - want) <= 0.005 + 1e-12 and round(got, 2) == got:
        # 0.125 rounded to 0.12 is also within 1e-3 of the lessons' figure: say what it is
        raise Incorrect("your break-even probability looks rounded to two decimals, too coarse "
                        "for a threshold: give it unrounded (or to four decimals).")
    if abs(got - evaluate.break_even_probability()) < 1e-3:
        raise Incorrect("that is the break-even probability of the lessons' figures: use this "
                        "assessment's (BUSINESS), with the dearer offer and its acceptance.")
    if abs(got - b.retention_offer_cost / b.customer_lifetime_value) < 1e-4:
        raise Incorrect("your break-even probability leaves out the acceptance rate: a "
                        "customer who would leave is only kept if they accept.")
    check_number(got, want, abs_tol=5e-4, what="your break-even probability")


break_even = Exercise(
    "bo_exam.break_even",
    compare=_check_break_even,
    expected=lambda: references.break_even(),
)


thresholds = record(
    "bo_exam.thresholds",
    fields=("most_profit", "best_accuracy"),
    what="your thresholds",
    expected=references.thresholds,
    context=("seed",),
    parts=[Part("most profit", money.profit_threshold_part(
               X.EXAM_BUSINESS, scenario=" with the assessment's figures")),
           Part("best accuracy", money.accuracy_threshold_part)],
)


def _fall_part(key: str):
    def check(record, expected, context):
        got = as_number(field_of(record, key), repr(key))
        want = expected[key]
        if got < 0 and abs(got + want) <= 0.5:
            raise Incorrect(f"{key!r} has the wrong sign: give how much the best profit "
                            "*falls*, as a positive amount.")
        if abs(got - want) > 0.5:
            raise Incorrect(f"{key!r} ({format_number(got)}) is "
                            f"{'too high' if got > want else 'too low'}: the fall is the best "
                            "profit of the grid with the assessment's figures, minus the best "
                            "profit of the grid (its threshold chosen again) with the one "
                            "figure changed.")
    return check


profit_falls = record(
    "bo_exam.profit_falls",
    fields=tuple(X.SCENARIOS),
    what="your answer",
    expected=references.profit_falls,
    context=("seed",),
    parts=[Part("acceptance 30 %", _fall_part("acceptance_0_30")),
           Part("cost 18.00", _fall_part("cost_18"))],
)


# -- task 3: govern data access --------------------------------------------------------------
def _source_parts():
    columns = {"support_tickets": ("ticket_id", "customer_id", "opened_at", "category", "text"),
               "invoices": ("invoice_id", "customer_id", "period", "issued_at", "amount",
                            "currency", "status", "source_system")}
    return [Part(table.replace("_", " "), access.columns_part(
        table, columns[table], missing_means="can single out or reach a customer",
        extra_means="cannot single out or reach anyone")) for table in columns]


personal_columns = record(
    "bo_exam.personal_columns",
    fields=tuple(references.PERSONAL_COLUMNS),
    what="your answer",
    expected=references.PERSONAL_COLUMNS,
    parts=_source_parts(),
)


campaign_list = Exercise(
    "bo_exam.campaign_list",
    expected=references.campaign_groups,
    context=("seed",),
    precheck=access.precheck_ids,
    parts=access.TARGET_PARTS,
)


def _pairs(value) -> set[tuple[str, str]]:
    if type(value) not in (list, tuple, set) or not value:
        raise Incorrect(f"your answer is {a_type(value)}; a non-empty list of "
                        "(dataset, field) pairs is expected.")
    pairs = set()
    for item in value:
        # a row of itertuples() is a namedtuple, a label out of numpy an np.str_: both are pairs
        item = tuple(plain_text(x) for x in item) if isinstance(item, (tuple, list)) else ()
        if len(item) != 2 or None in item:
            raise Incorrect("each breach should be a pair of texts: (dataset, field).")
        dataset, column = item
        if dataset not in X.EXAM_DATASETS:
            raise Incorrect(f"{dataset!r} is not a dataset of the draft register.")
        if column not in ("lawful_basis", "users", "retention_months"):
            raise Incorrect(f"{column!r} is not a field the policy decides: use lawful_basis, "
                            "users or retention_months.")
        pairs.add((dataset, column))
    return pairs


def _found(value, expected, context):
    missed = expected - _pairs(value)
    if missed:
        raise Incorrect(f"you missed {plural(len(missed), 'breach', 'breaches')} of the "
                        "policy: check the lawful basis, the users and the retention of every "
                        "dataset against its kind of data.")


def _no_false_alarm(value, expected, context):
    wrong = _pairs(value) - expected
    if wrong:
        raise Incorrect(f"{plural(len(wrong), 'entry', 'entries')} you flag "
                        f"{'follows' if len(wrong) == 1 else 'follow'} the policy.")


register_review = Exercise(
    "bo_exam.register_review",
    expected=references.breaches,
    context=("seed",),
    precheck=lambda v, want, c: _pairs(v),
    parts=[Part("breaches found", _found, 1.5), Part("no false alarm", _no_false_alarm, 0.5)],
)


ATTRIBUTE_OPTIONS = (
    "add both: anything that predicts churn belongs in the model",
    "add the device; keep age out of the inputs and use it only to check that the model "
    "treats age groups alike",
    "add neither: no customer attribute may be used",
    "add age, but only for customers over 65",
)

attribute_request = declare.choice(
    "bo_exam.attribute_request",
    options=ATTRIBUTE_OPTIONS,
    expected=ATTRIBUTE_OPTIONS[1],
    why={ATTRIBUTE_OPTIONS[0]: "Age is a protected characteristic.",
         ATTRIBUTE_OPTIONS[2]: "The device a customer watches on is no protected "
                               "characteristic, and the model already uses plan and contract.",
         ATTRIBUTE_OPTIONS[3]: "Singling out one age group is deciding on age."},
)


# -- task 4: enough ML to steer --------------------------------------------------------------
confusion = record(
    "bo_exam.confusion",
    fields=tuple(steer.CELLS),
    what="your counts",
    expected=references.confusion,
    context=("seed",),
    parts=steer.confusion_parts(),
)


gain = Exercise(
    "bo_exam.gain",
    compare=lambda v, want, c: steer.check_top_share(v, want, y=data.test_scores(c["seed"])[0],
                                                     share=X.TOP_SHARE),
    expected=references.gain,
    context=("seed",),
)


def _letter_part(key: str, what: str):
    def check(record, expected, context):
        letter = field_of(record, key)
        if type(letter) is not str or letter.strip().upper() not in ("A", "B", "C"):
            raise Incorrect(f"{key!r} should be the letter of a card: 'A', 'B' or 'C'.")
        if letter.strip().upper() != expected[key]:
            raise Incorrect(f"{key!r}: card {letter.strip().upper()} is not the card that "
                            f"{what}.")
    return check


deploy = record(
    "bo_exam.deploy",
    fields=("deploy", "leak", "protected"),
    what="your record",
    expected=references.deploy,
    context=("seed",),
    parts=[
        Part("deploy", _letter_part("deploy", "is fit to deploy: honest test, leak-free, "
                                              "protected attributes out, a threshold from the "
                                              "money")),
        Part("leak", _letter_part("leak", "rests on a column filled in after a customer left")),
        Part("protected", _letter_part("protected", "takes gender and age as inputs")),
    ],
)


def _check_gaps(value, want, context):
    if type(value) not in (list, tuple, set) or any(plain_text(x) is None for x in value):
        raise Incorrect(f"your answer is {a_type(value)}; a list of question codes is "
                        "expected.")
    value = [plain_text(x) for x in value]  # np.setdiff1d hands back numpy's str_
    unknown = [x for x in value if x not in cards.QUESTIONS]
    if unknown:
        raise Incorrect(f"{unknown[0]!r} is not one of the question codes.")
    got, want = set(value), set(want)
    empty = {q for q, text in cards.draft_card(context["seed"]).items()
             if q in cards.ESSENTIAL and not str(text).strip()}
    if empty - got:
        raise Incorrect("the draft has a question whose answer is an empty text: that "
                        "question is unanswered too.")
    if got & set(cards.NOT_NEEDED):
        raise Incorrect("your list holds questions a card need not answer.")
    if want - got:
        raise Incorrect(f"your list misses {plural(len(want - got), 'question')} the draft "
                        "leaves out.")
    if got - want:
        raise Incorrect(f"your list holds {plural(len(got - want), 'question')} the draft "
                        "already answers.")


card_gaps = Exercise(
    "bo_exam.card_gaps",
    compare=_check_gaps,
    expected=references.card_gaps,
    context=("seed",),
)


# -- task 5: decide and explain --------------------------------------------------------------
FACTOR_TOL = 0.005  # a drift factor rounded to two decimals is right
def _factor_part(record, expected, context):
    got = as_number(field_of(record, "drift_factor"), "'drift_factor'")
    want = expected["drift_factor"]
    if got > 0 and abs(1 / got - want) <= 0.005:
        raise Incorrect("'drift_factor' is upside down: the 2026 churn rate over that of the "
                        "months since the payment provider switch.")
    if got == 1.0:
        raise Incorrect("a 'drift_factor' of 1 says churn has not moved: compute it from "
                        "`monthly`, 2026's pooled rate over that of September to December 2025.")
    if abs(got - want) <= FACTOR_TOL:
        return
    if abs(got - references.drift_factor_since(context["seed"], "2025-03")) <= FACTOR_TOL:
        raise Incorrect("'drift_factor' compares 2026 with all of 2025's months: churn was "
                        "higher before the payment provider switch of September 2025, and the "
                        "December scores describe the months since it. Compare with September "
                        "to December 2025.")
    raise Incorrect(f"'drift_factor' ({got:.3f}) is {'too high' if got > want else 'too low'}"
                    ": pool each period (all its leavers over all its customers), the "
                    "snapshot months from September to December 2025 against 2026's.")


def _value_part(record, expected, context):
    got = as_number(field_of(record, "quarter_value"), "'quarter_value'")
    try:
        k = as_number(record["drift_factor"], "'drift_factor'")
    except Incorrect:
        k = expected["drift_factor"]
    k = k if 0.5 <= k <= 3 else expected["drift_factor"]  # judged with the learner's own factor
    _, p = data.december_scores(context["seed"])
    want = references.quarter_value(p, k)
    # a factor rounded on the way is one answer with the factor it rounds: the value may be
    # computed with any factor within the factor's tolerance of the one reported (1.744
    # reported, 1.74 used) or of the exact one (1.744 reported, the unrounded one used), yet
    # 0.005 of factor moves the quarter by tens of pounds. The value rises with the factor.
    for factor in (k, expected["drift_factor"]):
        low, high = (references.quarter_value(p, factor + d) for d in (-FACTOR_TOL, FACTOR_TOL))
        if low - 1.0 <= got <= high + 1.0:
            return
    if abs(got - references.quarter_value(p, 1.0)) <= 1.0:
        raise Incorrect("'quarter_value' is the value as if churn had not moved.")
    if abs(got - (want + X.SETUP_COST)) <= 1.0:
        raise Incorrect("'quarter_value' leaves out the set-up cost of the quarter.")
    raise Incorrect(f"'quarter_value' ({got:,.2f}) is {'too high' if got > want else 'too low'}"
                    " for your drift factor: three months of the offers that pay under the "
                    "drift, less the set-up cost.")


drifted = record(
    "bo_exam.drifted",
    fields=("drift_factor", "quarter_value"),
    what="your answer",
    expected=references.drifted,
    context=("seed",),
    parts=[Part("drift factor", _factor_part), Part("quarter value", _value_part)],
)


decision = record(
    "bo_exam.decision",
    fields=("decision", "threshold"),
    what="your decision",
    expected=references.decision,
    context=("seed",),
    parts=[
        Part("decision", choice_field("decision", decide.DECISIONS, {
            "go": "Look at the sign of the quarter's value under the drift, set-up cost "
                  "included.",
            "no-go": "Look at the sign of the quarter's value under the drift, set-up cost "
                     "included."})),
        Part("threshold", decide.threshold_part(X.EXAM_BUSINESS)),
    ],
)
