"""The planted bugs a learner's tests are graded by. For instructors: never shown in a notebook.

Each mutant changes one exact piece of the project's production code (``dsroles.churn.online``,
``predictor`` and ``retrain``) into a realistic bug; ``docs/ml-engineer-mutants.md`` explains
each one and the test that catches it. The lesson's mutants (practice, named in the lesson's
feedback) and the assessment's are different bugs, so practising on one set does not hand
over the other. ``tests/tracks/ml_engineer/test_mutants.py`` checks that every patch still
fits the code it patches.
"""

from __future__ import annotations

from dsroles.checks.mutation import Mutant, Patch

ONLINE, PREDICTOR, RETRAIN = "dsroles.churn.online", "dsroles.churn.predictor", "dsroles.churn.retrain"

# -- the assessment: the feature code -----------------------------------------------------
TENURE_TO_MONTH_START = Mutant(
    "tenure_to_month_start",
    (Patch(ONLINE, 'tenure_days = (end - pd.Timestamp(customer["signup_date"])).days',
           'tenure_days = (pd.Timestamp(f"{month}-01") - pd.Timestamp(customer["signup_date"])).days'),),
    "Off-by-one tenure: measured to the first day of the snapshot month instead of its end, "
    "so every customer is one month younger (and a customer who joined this month has none).",
    "no test failed when the tenure was computed wrongly",
)
FUTURE_TICKETS = Mutant(
    "future_tickets",
    (Patch(ONLINE, '"tickets_3m": int(_in(opened, last_three).sum()),',
           '"tickets_3m": int((opened >= np.datetime64(f"{last_three[-1]}-01")).sum()),'),),
    "A leaked future ticket: tickets_3m counts every ticket from the start of the window on, "
    "including tickets opened after the snapshot month (harmless online, where the future has "
    "not happened yet; a leak whenever features are rebuilt for past months).",
    "no test failed when tickets from after the snapshot month were counted",
)
NEVER_WATCHED_NAN = Mutant(
    "never_watched_nan",
    (Patch(ONLINE, 'if len(seen) else float(tenure_days)', 'if len(seen) else float("nan")'),),
    "A missing value: a customer who never watched gets NaN days since the last session "
    "instead of the days since sign-up (the service's schema then refuses them, and a batch "
    "imputes the median, as if they were typical viewers).",
    "no test failed when a customer without any viewing session got a missing value",
)
# -- the assessment: the predictor and the training code it shares ------------------------
NO_LOG_TRANSFORM = Mutant(
    "no_log_transform",
    (Patch(RETRAIN, "out[column] = np.log1p(out[column].astype(float))",
           "out[column] = out[column].astype(float)"),),
    "A missing log transform: log_counts returns the heavy-tailed counts unchanged, so a few "
    "binge viewers dominate the linear model (every model trained or loaded uses it).",
    "no test failed when the heavy-tailed counts were no longer log-scaled",
)
UNSEEN_CATEGORY_CRASH = Mutant(
    "unseen_category_crash",
    (Patch(RETRAIN, 'OneHotEncoder(handle_unknown="ignore", ', 'OneHotEncoder(handle_unknown="error", '),),
    "An unseen category crashes: the one-hot encoder is left at scikit-learn's default "
    "handle_unknown='error', so a category the training months never held (a new region, a "
    "rare payment method missing from a retraining window) raises instead of being scored.",
    "no test failed when a category the model never saw in training made scoring crash",
)
EMPTY_BATCH_CRASH = Mutant(
    "empty_batch_crash",
    (Patch(PREDICTOR, "        if len(frame) == 0:  # an empty batch is a valid batch: nothing to score\n"
                      "            return self._empty(frame.index)\n", ""),),
    "An empty batch crashes: without the guard, predict_batch passes zero rows to "
    "scikit-learn, which raises (a campaign day with no customers to score stops the job).",
    "no test failed when scoring an empty batch crashed",
)
# -- the lesson's practice mutants --------------------------------------------------------
MINUTES_IN_SECONDS = Mutant(
    "minutes_in_seconds",
    (Patch(ONLINE, '"minutes": float(np.round(seconds / 60, 1)),',
           '"minutes": float(np.round(seconds, 1)),'),),
    "Minutes watched left in seconds.",
    "no test failed when the minutes watched were given in seconds",
)
FAILED_PAYMENTS_TWO_MONTHS = Mutant(
    "failed_payments_two_months",
    (Patch(ONLINE, '"failed_payments_3m": int(_billed(billing, last_three, "failed_payments").sum()),',
           '"failed_payments_3m": int(_billed(billing, last_three[:2], "failed_payments").sum()),'),),
    "failed_payments_3m over two months instead of three.",
    "no test failed when failed_payments_3m counted only two months",
)
OFFER_STRICTLY_ABOVE = Mutant(
    "offer_strictly_above",
    (Patch(PREDICTOR, '"offer": probability >= self.threshold}', '"offer": probability > self.threshold}'),),
    "The offer made only strictly above the threshold, not at it.",
    "no test failed when a customer scored exactly at the threshold got no offer",
)
STAY_PROBABILITY = Mutant(
    "stay_probability",
    (Patch(PREDICTOR, "probability = self.model.predict_proba(checked[self.features])[:, 1]",
           "probability = self.model.predict_proba(checked[self.features])[:, 0]"),),
    "The probability of staying returned instead of the probability of churning.",
    "no test failed when the predictor returned the probability of staying",
)

EXAM_FEATURES = (TENURE_TO_MONTH_START, FUTURE_TICKETS, NEVER_WATCHED_NAN)
EXAM_PREDICTOR = (NO_LOG_TRANSFORM, UNSEEN_CATEGORY_CRASH, EMPTY_BATCH_CRASH)
LESSON_FEATURES = (MINUTES_IN_SECONDS, FAILED_PAYMENTS_TWO_MONTHS)
LESSON_PREDICTOR = (OFFER_STRICTLY_ABOVE, STAY_PROBABILITY)
ALL = EXAM_FEATURES + EXAM_PREDICTOR + LESSON_FEATURES + LESSON_PREDICTOR
