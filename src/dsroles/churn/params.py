"""Kestrel Streaming: the fictional business, its calendar, catalogue and money figures.

Everything the generator and the pipeline agree on lives here, once.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

COMPANY = "Kestrel Streaming"

# The history export covers 2025; the "next quarter" batch covers 2026-01..2026-03.
HISTORY_MONTHS = tuple(f"2025-{m:02d}" for m in range(1, 13))
NEXT_QUARTER_MONTHS = ("2026-01", "2026-02", "2026-03")
ALL_MONTHS = HISTORY_MONTHS + NEXT_QUARTER_MONTHS

DEFAULT_SEED = 42
DEFAULT_CUSTOMERS = 3000

# Canonical categories (the clean data uses exactly these spellings).
CONTRACTS = ("monthly", "annual", "two_year")
PLANS = ("basic", "standard", "premium")
PLAN_PRICE = {"basic": 8.99, "standard": 13.99, "premium": 19.99}
ADDON_PRICE = 3.50  # each add-on (extra screen, downloads, sports) costs this per month
PRICE_RISE_2026 = 2.00  # the January 2026 price rise, per plan
PAYMENT_METHODS = ("card", "direct_debit", "paypal", "invoice")
# A churn driver that changes during 2025 (so that the past is not the future, as in real
# churn data). Until August 2025 Kestrel's first payment provider declined payments three
# times as often and suspended an account at the first failed payment, so a failed payment
# was a strong reason to leave. From September 2025 a new provider retries a declined
# payment: failures are rarer and weigh less (``simulate.Effects.failed_payment``). A model
# trained on the months before the switch leans on a signal that has faded since; a random
# row split hides that, because its training rows come from both sides of the switch.
PAYMENT_PROVIDER_SWITCH = "2025-09"  # the first month with the new provider
OLD_PROVIDER_FAILURE_FACTOR = 3.0  # payments failed this many times as often before the switch
OLD_PROVIDER_FAILED_EFFECT = 3.0  # log-odds of a failed payment before the switch (1.8 after)
# Before the switch everyone else was a little less likely to leave, so that a model trained
# before it stays calibrated after it. Churn was still higher before the switch (about 4.5 % a
# month against 2.6 %), so a comparison of 2026 with "last year" starts at the switch.
OLD_PROVIDER_BASELINE_SHIFT = -0.2  # added to the log-odds of every customer before the switch
REGIONS = ("north", "south", "east", "west", "capital")
GENDERS = ("female", "male", "nonbinary")
DEVICES = ("tv", "mobile", "web")
TICKET_CATEGORIES = ("billing", "technical", "content", "account")

# Plausible ranges a validation schema can hold the clean data to.
MIN_CHARGE, MAX_CHARGE = 5.0, 60.0
MIN_AGE, MAX_AGE = 18, 100
MAX_SESSION_MINUTES = 600.0

# Columns that identify a person: they must never reach the feature table.
PII_COLUMNS = ("name", "email", "phone", "birth_date")
# Protected attributes: kept out of the model, kept for fairness checks.
PROTECTED_COLUMNS = ("gender", "age")
# Recorded only after a customer has cancelled: using it as a feature is leakage.
LEAKAGE_COLUMN = "exit_survey_score"


@dataclass(frozen=True)
class BusinessParams:
    """The money figures that give a decision threshold its value.

    A customer flagged as at risk is offered a retention discount. The offer costs
    ``retention_offer_cost`` whoever receives it; a customer who would have left
    accepts it with probability ``offer_acceptance_rate`` and then stays, which is
    worth ``customer_lifetime_value`` (the margin of the months they stay on).
    """

    retention_offer_cost: float = 10.0
    customer_lifetime_value: float = 240.0
    offer_acceptance_rate: float = 0.35
    currency: str = "GBP"

    def value_of_flagging(self, churns: bool) -> float:
        """Expected profit of making one offer to one customer."""
        saved = self.offer_acceptance_rate * self.customer_lifetime_value if churns else 0.0
        return saved - self.retention_offer_cost

    def to_dict(self) -> dict:
        return asdict(self)


BUSINESS = BusinessParams()
