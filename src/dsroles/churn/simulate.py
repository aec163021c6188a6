"""The behavioural model behind Kestrel Streaming's customers: the *true*, clean world.

``simulate(seed, customers)`` plays fifteen months (2025-01 .. 2026-03) month by month:

1. Customers join (about three quarters are already customers on 2025-01-01, the rest
   sign up during the fifteen months).
2. Each active customer has an *engagement* level that wanders; customers with a high
   latent dissatisfaction (``frailty``, never observed) drift down faster.
3. Viewing sessions are Poisson with rate ``base_sessions * engagement``; support tickets
   are more likely when engagement is low or a payment failed; payments fail more often
   for some payment methods, and three times as often before the payment provider changes
   in September 2025 (``params.PAYMENT_PROVIDER_SWITCH``).
4. At the end of each month the probability of cancelling *next* month is a logistic
   function of what the month showed (see ``Effects``), and a cancellation is drawn. A
   failed payment weighs more before the provider switch than after it.

From 2026-01, with ``drift=True``: a price rise of ``PRICE_RISE_2026`` on every plan
(covariate drift) and a competitor launch that makes customers in the ``south`` region on
monthly contracts far more likely to leave (concept drift: same features, other outcome).

Randomness comes from one ``SeedSequence`` split into named streams, so switching drift
off changes nothing before 2026 and the same seed always gives the same world.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dsroles.churn import params as P

SECONDS_PER_DAY = 86_400
_EPOCH = pd.Timestamp("1970-01-01")


@dataclass(frozen=True)
class Effects:
    """Log-odds of cancelling next month, as a sum of documented effects."""

    intercept: float = -3.6
    contract: dict = field(
        default_factory=lambda: {"monthly": 1.1, "annual": -0.4, "two_year": -1.6}
    )
    log1p_tenure_months: float = -0.32  # loyal customers stay
    charge_per_pound: float = 0.08  # relative to 15.00 a month
    ticket: float = 0.60  # each support ticket this month
    failed_payment: float = 1.8  # a failed payment this month (from the provider switch on)
    failed_payment_old_provider: float = P.OLD_PROVIDER_FAILED_EFFECT  # before the switch
    old_provider_baseline: float = P.OLD_PROVIDER_BASELINE_SHIFT  # everyone, before the switch
    engagement_drop: float = 6.0  # per unit fall of engagement vs the two months before
    frailty: float = 0.35  # latent, never observed: the irreducible noise
    competitor_2026: float = 1.6  # south + monthly, from 2026-01, only with drift

    def log_odds(self, *, contract, tenure_months, charges, tickets, failed, engagement_drop,
                 frailty, competitor, old_provider=False):
        failed_effect = self.failed_payment_old_provider if old_provider else self.failed_payment
        contract_effect = np.select(
            [contract == c for c in P.CONTRACTS], [self.contract[c] for c in P.CONTRACTS]
        )
        return (
            self.intercept
            + contract_effect
            + self.log1p_tenure_months * np.log1p(np.clip(tenure_months, 0, None))
            + self.charge_per_pound * (charges - 15.0)
            + self.ticket * tickets
            + failed_effect * failed
            + (self.old_provider_baseline if old_provider else 0.0)
            + self.engagement_drop * np.clip(engagement_drop, -0.5, 1.0)
            + self.frailty * frailty
            + self.competitor_2026 * competitor
        )


EFFECTS = Effects()
FAIL_RATE = {"card": 0.03, "direct_debit": 0.01, "paypal": 0.02, "invoice": 0.09}


@dataclass
class World:
    """The true state of the business, before any export or defect."""

    customers: pd.DataFrame  # one row per customer, static attributes and true dates
    monthly: pd.DataFrame  # one row per customer and active month: what happened
    events: pd.DataFrame  # usage events (sessions, or heartbeats when usage_scale > 1)
    invoices: pd.DataFrame  # one invoice per customer and active month
    tickets: pd.DataFrame  # support tickets with free text


def _streams(seed: int) -> dict[str, np.random.Generator]:
    names = ["customers", "names", "events", "tickets", "defects"] + [
        f"month-{m}" for m in P.ALL_MONTHS
    ] + [f"{kind}-{m}" for kind in ("events", "tickets") for m in P.ALL_MONTHS]
    children = np.random.SeedSequence(seed).spawn(len(names))
    return {n: np.random.default_rng(c) for n, c in zip(names, children)}


def _choice(rng, options, probs, size):
    return np.asarray(options, dtype=object)[rng.choice(len(options), p=probs, size=size)]


def _month_bounds(month: str) -> tuple[pd.Timestamp, pd.Timestamp, int]:
    start = pd.Timestamp(f"{month}-01")
    end = start + pd.offsets.MonthBegin(1)
    return start, end, (end - start).days


def _customers(rng: np.random.Generator, n: int) -> pd.DataFrame:
    start = pd.Timestamp(f"{P.ALL_MONTHS[0]}-01")
    n_initial = int(round(n * 0.77))
    tenure_days = np.minimum(rng.gamma(1.4, 420.0, n_initial), 8 * 365).astype(int) + 1
    signup_initial = start - pd.to_timedelta(tenure_days, unit="D")
    join_month = rng.integers(0, len(P.ALL_MONTHS), n - n_initial)
    join_day = rng.integers(0, 28, n - n_initial)
    signup_new = pd.to_datetime([f"{P.ALL_MONTHS[m]}-01" for m in join_month]) + pd.to_timedelta(
        join_day, unit="D"
    )
    signup = np.concatenate([signup_initial.values, signup_new.values]).astype("datetime64[ns]")
    age = np.clip(rng.normal(41, 14, n), 18, 88)
    birth = start - pd.to_timedelta((age * 365.25).astype(int), unit="D")
    plan = _choice(rng, P.PLANS, [0.4, 0.4, 0.2], n)
    addons = rng.binomial(3, 0.22, n)
    charges = np.array([P.PLAN_PRICE[p] for p in plan]) + P.ADDON_PRICE * addons
    ids = np.sort(rng.choice(np.arange(100_000, 1_000_000), size=n, replace=False))
    return pd.DataFrame(
        {
            "customer_id": [f"C{i}" for i in ids],
            "signup_date": pd.DatetimeIndex(signup).normalize(),
            "birth_date": pd.DatetimeIndex(birth).normalize(),
            "gender": _choice(rng, P.GENDERS, [0.49, 0.49, 0.02], n),
            "region": _choice(rng, P.REGIONS, [0.2, 0.2, 0.15, 0.15, 0.3], n),
            "contract": _choice(rng, P.CONTRACTS, [0.55, 0.30, 0.15], n),
            "plan": plan,
            "addons": addons,
            "base_charge": np.round(charges, 2),
            "payment_method": _choice(rng, P.PAYMENT_METHODS, [0.45, 0.30, 0.15, 0.10], n),
            "marketing_consent": rng.random(n) < 0.6,
            "device": _choice(rng, P.DEVICES, [0.5, 0.3, 0.2], n),
            "frailty": rng.normal(0.0, 1.0, n),
            "base_sessions": rng.gamma(3.0, 3.2, n) + 1.0,
        }
    )


def simulate(seed: int = P.DEFAULT_SEED, customers: int = P.DEFAULT_CUSTOMERS, *,
             usage_scale: int = 1, drift: bool = True) -> World:
    """Play the fifteen months and return the true world (see the module docstring)."""
    rng = _streams(seed)
    cust = _customers(rng["customers"], customers)
    cust = cust.merge(person_details(rng["names"], cust["customer_id"]), on="customer_id")
    n = len(cust)
    signup = cust["signup_date"].values
    contract = cust["contract"].to_numpy()
    region = cust["region"].to_numpy()
    pay = cust["payment_method"].to_numpy()
    frailty = cust["frailty"].to_numpy()
    fail_rate = np.array([FAIL_RATE[p] for p in pay])

    engagement = np.ones(n)
    history = np.ones((n, 2))  # engagement of the two months before
    cancel = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    exit_score = np.full(n, np.nan)
    # some customers already on their way out when the year starts
    leaving_next = (signup < np.datetime64(f"{P.ALL_MONTHS[0]}-01")) & (
        rng["customers"].random(n) < 0.03)
    rows = []
    for m, month in enumerate(P.ALL_MONTHS):
        r = rng[f"month-{month}"]
        start, end, days = _month_bounds(month)
        in_2026 = month >= "2026-01"
        # who is active this month, and for what share of it
        joined = signup < end.to_datetime64()
        leaving = leaving_next.copy()
        cancel_day = r.integers(1, days, n)
        new_cancel = leaving & np.isnat(cancel)
        cancel[new_cancel] = (start + pd.to_timedelta(cancel_day[new_cancel], unit="D")).values
        exit_score[new_cancel] = np.where(r.random(new_cancel.sum()) < 0.7,
                                          r.integers(1, 4, new_cancel.sum()), np.nan)
        gone_before = ~np.isnat(cancel) & (cancel < start.to_datetime64())
        active = joined & ~gone_before
        first_day = np.maximum(signup, start.to_datetime64())
        last_day = np.where(np.isnat(cancel) | (cancel >= end.to_datetime64()),
                            end.to_datetime64(), cancel)
        exposure = np.clip((last_day - first_day) / np.timedelta64(days, "D"), 0.0, 1.0)

        # engagement wanders; frail customers drift down
        new_this_month = signup >= start.to_datetime64()
        step = -0.012 - 0.03 * frailty + r.normal(0.0, 0.07, n)
        engagement = np.where(new_this_month, 1.0, np.clip(engagement + step, 0.05, 1.6))
        sessions = r.poisson(cust["base_sessions"].to_numpy() * engagement * exposure)
        old_provider = month < P.PAYMENT_PROVIDER_SWITCH
        failed = r.random(n) < fail_rate * (P.OLD_PROVIDER_FAILURE_FACTOR if old_provider else 1.0)
        tickets = r.poisson(0.05 + 0.35 * np.clip(1.0 - engagement, 0, None) + 0.7 * failed)
        charges = cust["base_charge"].to_numpy() + (P.PRICE_RISE_2026 if (drift and in_2026) else 0.0)
        tenure = (end.to_datetime64() - signup) / np.timedelta64(1, "D") / 30.4375

        # the decision to leave next month, from this month's behaviour
        drop = history.mean(axis=1) - engagement
        competitor = (drift and in_2026) * ((region == "south") & (contract == "monthly"))
        logit = EFFECTS.log_odds(
            contract=contract, tenure_months=tenure, charges=charges, tickets=tickets,
            failed=failed, engagement_drop=drop, frailty=frailty, competitor=competitor,
            old_provider=old_provider,
        )
        stays_to_end = active & ~(leaving & ~np.isnat(cancel) & (cancel < end.to_datetime64()))
        leaving_next = stays_to_end & (r.random(n) < 1.0 / (1.0 + np.exp(-logit)))
        history = np.column_stack([history[:, 1], np.where(new_this_month, 1.0, engagement)])

        idx = np.flatnonzero(active)
        rows.append(pd.DataFrame({
            "customer_id": cust["customer_id"].to_numpy()[idx],
            "month": month,
            "exposure": exposure[idx],
            "engagement": engagement[idx],
            "sessions": sessions[idx],
            "tickets": tickets[idx],
            "failed_payment": failed[idx],
            "charge": np.round(charges[idx], 2),
            "active_at_end": stays_to_end[idx],
            "churn_next_month": leaving_next[idx],
            "churn_probability": 1.0 / (1.0 + np.exp(-logit[idx])),
            "_row": idx,
        }))
    monthly = pd.concat(rows, ignore_index=True)
    cust["cancel_date"] = pd.DatetimeIndex(cancel)
    cust["exit_survey_score"] = exit_score
    return World(
        customers=cust,
        monthly=monthly.drop(columns="_row"),
        events=_by_month(_events, "events", rng, cust, monthly, usage_scale),
        invoices=_invoices(cust, monthly),
        tickets=_by_month(_tickets, "tickets", rng, cust, monthly),
    )


def _by_month(make, kind: str, rng: dict, cust, monthly, *args) -> pd.DataFrame:
    """Draw ``kind`` month by month, each month from its own stream, so that a change in
    one month (the 2026 drift) leaves every other month's rows identical; then number
    the rows across months (months are disjoint in time, so the order holds)."""
    parts = []
    for month in P.ALL_MONTHS:
        rows = monthly[monthly["month"] == month].reset_index(drop=True)
        parts.append(make(rng[f"{kind}-{month}"], cust, rows, *args))
    if kind == "events":
        offsets = np.cumsum([0] + [int(p["session_id"].max()) if len(p) else 0 for p in parts[:-1]])
        parts = [p.assign(session_id=p["session_id"] + o) for p, o in zip(parts, offsets)]
    out = pd.concat(parts, ignore_index=True)
    id_column = "event_id" if kind == "events" else "ticket_id"
    out[id_column] = np.arange(1, len(out) + 1, dtype=np.int64)
    return out


def _active_window(cust: pd.DataFrame, monthly: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Seconds since the epoch at which each customer-month's activity starts and ends."""
    month_start = pd.to_datetime(monthly["month"] + "-01")
    month_end = month_start + pd.offsets.MonthBegin(1)
    row = cust.set_index("customer_id").loc[monthly["customer_id"]]
    lo = np.maximum(row["signup_date"].to_numpy(), month_start.to_numpy())
    cancel = row["cancel_date"].to_numpy()
    hi = np.where(np.isnat(cancel) | (cancel >= month_end.to_numpy()), month_end.to_numpy(), cancel)
    to_s = lambda a: (a - _EPOCH.to_datetime64()) // np.timedelta64(1, "s")  # noqa: E731
    return to_s(lo), np.maximum(to_s(hi), to_s(lo) + 1)


def _events(rng, cust, monthly, usage_scale: int) -> pd.DataFrame:
    counts = monthly["sessions"].to_numpy()
    lo, hi = _active_window(cust, monthly)
    n = int(counts.sum())
    which = np.repeat(np.arange(len(monthly)), counts)
    start = lo[which] + (rng.random(n) * (hi[which] - lo[which])).astype(np.int64)
    seconds = np.maximum(60, rng.gamma(2.0, 22.0 * 60, n)).astype(np.int64)
    device_pref = cust.set_index("customer_id").loc[monthly["customer_id"], "device"].to_numpy()
    other = np.asarray(P.DEVICES, dtype=object)[rng.integers(0, len(P.DEVICES), n)]
    device = np.where(rng.random(n) < 0.8, device_pref[which], other)
    order = np.lexsort((start, which))
    session = pd.DataFrame({
        "customer_id": monthly["customer_id"].to_numpy()[which][order],
        "session_start": start[order],
        "seconds": seconds[order],
        "device": device[order],
    })
    session = session.sort_values("session_start", kind="stable", ignore_index=True)
    session["session_id"] = np.arange(1, n + 1, dtype=np.int64)
    if usage_scale > 1:
        # heartbeat logging: each session becomes usage_scale events whose seconds add up
        k = usage_scale
        rep = session.loc[session.index.repeat(k)].reset_index(drop=True)
        part = np.tile(np.arange(k), n)
        base = rep["seconds"].to_numpy() // k
        rep["seconds"] = base + np.where(part == 0, rep["seconds"].to_numpy() - base * k, 0)
        rep["session_start"] = rep["session_start"].to_numpy() + part * base
        session = rep
    ts = pd.to_datetime(session["session_start"].to_numpy(), unit="s")
    return pd.DataFrame({
        "event_id": np.arange(1, len(session) + 1, dtype=np.int64),
        "customer_id": session["customer_id"].to_numpy(),
        "session_id": session["session_id"].to_numpy(),
        "ts": ts,
        "device": session["device"].to_numpy(),
        "seconds": session["seconds"].to_numpy(),
    })


def _invoices(cust: pd.DataFrame, monthly: pd.DataFrame) -> pd.DataFrame:
    signup = cust.set_index("customer_id").loc[monthly["customer_id"], "signup_date"].to_numpy()
    month_start = pd.to_datetime(monthly["month"] + "-01").to_numpy()
    issued = pd.DatetimeIndex(np.maximum(signup, month_start))
    out = pd.DataFrame({
        "customer_id": monthly["customer_id"].to_numpy(),
        "period": monthly["month"].to_numpy(),
        "issued_at": issued.strftime("%Y-%m-%d"),
        "amount": monthly["charge"].to_numpy(),
        "status": np.where(monthly["failed_payment"].to_numpy(), "failed", "paid"),
    }).sort_values(["issued_at", "customer_id"], kind="stable", ignore_index=True)
    out.insert(0, "invoice_id", np.arange(1, len(out) + 1, dtype=np.int64))
    return out


FIRST = ["Ada", "Ben", "Chloe", "Dev", "Ella", "Finn", "Grace", "Hari", "Isla", "Jon", "Kemi",
         "Liam", "Maya", "Noah", "Olu", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Vik",
         "Wen", "Xavi", "Yara", "Zoe"]
LAST = ["Adeyemi", "Brown", "Chen", "Davies", "Evans", "Fischer", "Garcia", "Hughes", "Iqbal",
        "Jones", "Khan", "Lewis", "Murphy", "Nowak", "Okafor", "Patel", "Rossi", "Smith",
        "Taylor", "Walsh", "Wright", "Young"]

TICKET_TEXT = {
    "billing": ["I was charged twice this month, please refund.",
                "My payment failed but my card is fine. Can you check?",
                "Why did my bill go up?"],
    "technical": ["The app keeps buffering on my TV.",
                  "I cannot log in on my phone since the update.",
                  "Playback stops after a few minutes."],
    "content": ["The series I was watching has disappeared.",
                "Please add more films in my language.",
                "Subtitles are out of sync on several titles."],
    "account": ["Please update the email on my account.",
                "I would like to change my plan.",
                "How do I remove a device from my account?"],
}
CONTACT = [" You can reach me at {email}.", " Call me back on {phone} please.",
           " My email is {email} and my number is {phone}.", "", ""]


def person_details(rng: np.random.Generator, customer_ids) -> pd.DataFrame:
    """Fictional names, e-mail addresses (reserved example domains) and phone numbers
    (the UK range 07700 900000-900999 set aside for drama)."""
    n = len(customer_ids)
    first = np.asarray(FIRST, dtype=object)[rng.integers(0, len(FIRST), n)]
    last = np.asarray(LAST, dtype=object)[rng.integers(0, len(LAST), n)]
    domain = np.asarray(["example.com", "example.org", "example.net"], dtype=object)[
        rng.integers(0, 3, n)]
    tail = [cid[-4:] for cid in customer_ids]
    return pd.DataFrame({
        "customer_id": list(customer_ids),
        "name": [f"{a} {b}" for a, b in zip(first, last)],
        "email": [f"{a.lower()}.{b.lower()}{t}@{d}" for a, b, t, d in zip(first, last, tail, domain)],
        "phone": [f"07700 900{x:03d}" for x in rng.integers(0, 1000, n)],
    })


def _tickets(rng, cust: pd.DataFrame, monthly: pd.DataFrame) -> pd.DataFrame:
    counts = monthly["tickets"].to_numpy()
    lo, hi = _active_window(cust, monthly)
    n = int(counts.sum())
    which = np.repeat(np.arange(len(monthly)), counts)
    opened = lo[which] + (rng.random(n) * (hi[which] - lo[which])).astype(np.int64)
    failed = monthly["failed_payment"].to_numpy()[which]
    cats = np.where(failed & (rng.random(n) < 0.7), "billing",
                    np.asarray(P.TICKET_CATEGORIES, dtype=object)[rng.integers(0, 4, n)])
    who = monthly["customer_id"].to_numpy()[which]
    email = dict(zip(cust["customer_id"], cust["email"]))
    phone = dict(zip(cust["customer_id"], cust["phone"]))
    texts = [
        TICKET_TEXT[cat][a] + CONTACT[b].format(email=email[cid], phone=phone[cid])
        for cat, cid, a, b in zip(cats, who, rng.integers(0, 3, n), rng.integers(0, len(CONTACT), n))
    ]
    out = pd.DataFrame({
        "customer_id": who,
        "opened_at": pd.to_datetime(opened, unit="s"),
        "category": cats,
        "text": texts,
    }).sort_values(["opened_at", "customer_id"], kind="stable", ignore_index=True)
    out.insert(0, "ticket_id", np.arange(1, n + 1, dtype=np.int64))
    return out
