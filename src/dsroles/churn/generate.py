"""Write Kestrel Streaming's raw sources as the company would hand them over.

``generate_sources(out, seed=42, customers=3000)`` writes::

    out/
      manifest.json            seed, sizes, options, and a SHA-256 of every file
      business.json            the money figures (offer cost, lifetime value, acceptance)
      answer_key.json          every injected defect and the rows it touches, and the
                               documented changes of the next-quarter batch (for instructors)
      history/                 the 2025 export, taken on 2025-12-31, with defects
        crm_customers.csv      one row per customer (plus duplicates), with PII
        billing.sqlite         table ``invoices`` (one per customer and month), ``plans``
        usage_events.parquet   one row per viewing session (or heartbeat, see usage_scale)
        support_tickets.jsonl  tickets whose free text contains e-mails and phone numbers
        consent.csv            profiling consent per customer (``dsroles.churn.consent``)
        account_events.csv     why each paid subscription ended (dsroles.churn.accounts)
      next_quarter/            the 2026-01..2026-03 batch, taken on 2026-03-31

The same seed gives byte-identical files; ``drift=False`` gives a next quarter without the
price rise, the competitor or the pipeline bug (a "fresh clean batch" to compare with).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd

from dsroles import __version__
from dsroles.churn import accounts
from dsroles.churn import consent
from dsroles.churn import defects as D
from dsroles.churn import params as P
from dsroles.churn.simulate import World, simulate

GENERATOR_VERSION = 5  # 3: consent.csv (profiling consent); 4: account_events.csv (accounts);
# 5: the payment provider switch of September 2025 (params.PAYMENT_PROVIDER_SWITCH)
SOURCES = ("crm_customers.csv", "billing.sqlite", "usage_events.parquet", "support_tickets.jsonl")
CRM_COLUMNS = ["customer_id", "name", "email", "phone", "birth_date", "gender", "region",
               "signup_date", "contract", "plan", "addons", "monthly_charges", "payment_method",
               "marketing_consent", "cancel_date", "exit_survey_score"]

# The next-quarter batch's pipeline bug: billing moved to a new system that stores pence,
# and the CRM renamed one contract type.
BUGGED_SOURCE_SYSTEM = "billing_v2"
RENAMED_CONTRACT = ("two_year", "biennial")


def _iso(dates: pd.Series) -> pd.Series:
    return pd.to_datetime(dates).dt.strftime("%Y-%m-%d").fillna("")


def _crm_export(world: World, as_of: str, since: str | None, *, charge_rise: float) -> pd.DataFrame:
    c = world.customers
    as_of_ts = pd.Timestamp(as_of)
    keep = c["signup_date"] <= as_of_ts
    if since is not None:  # customers who were active at some point in the batch period
        keep &= c["cancel_date"].isna() | (c["cancel_date"] >= pd.Timestamp(since))
    c = c[keep].copy()
    cancelled = c["cancel_date"].notna() & (c["cancel_date"] <= as_of_ts)
    out = pd.DataFrame({
        "customer_id": c["customer_id"],
        "name": c["name"],
        "email": c["email"],
        "phone": c["phone"],
        "birth_date": _iso(c["birth_date"]),
        "gender": c["gender"],
        "region": c["region"],
        "signup_date": _iso(c["signup_date"]),
        "contract": c["contract"],
        "plan": c["plan"],
        "addons": c["addons"].astype(int),
        "monthly_charges": (c["base_charge"] + charge_rise).map(lambda v: f"{v:.2f}"),
        "payment_method": c["payment_method"],
        "marketing_consent": np.where(c["marketing_consent"], "yes", "no"),
        "cancel_date": np.where(cancelled, _iso(c["cancel_date"]), ""),
        "exit_survey_score": np.where(cancelled & c["exit_survey_score"].notna(),
                                      c["exit_survey_score"].map(
                                          lambda v: "" if pd.isna(v) else str(int(v))), ""),
    })
    return out[CRM_COLUMNS].reset_index(drop=True)


def _period_rows(table: pd.DataFrame, column: str, months) -> pd.DataFrame:
    keys = table[column]
    if pd.api.types.is_datetime64_any_dtype(keys):
        keys = keys.dt.strftime("%Y-%m")
    return table[keys.isin(months)].reset_index(drop=True)


def _write_csv(df: pd.DataFrame, path: Path) -> None:
    df.to_csv(path, index=False, lineterminator="\n")


def _write_sqlite(invoices: pd.DataFrame, path: Path, *, plan_prices: dict, valid_from: str) -> None:
    if path.exists():
        path.unlink()
    with sqlite3.connect(path) as con:
        con.executescript(
            """
            CREATE TABLE plans (
                plan TEXT PRIMARY KEY,
                monthly_price REAL NOT NULL,
                valid_from TEXT NOT NULL
            );
            CREATE TABLE invoices (
                invoice_id INTEGER PRIMARY KEY,
                customer_id TEXT NOT NULL,
                period TEXT NOT NULL,          -- YYYY-MM
                issued_at TEXT NOT NULL,       -- YYYY-MM-DD
                amount REAL NOT NULL,
                currency TEXT NOT NULL,
                status TEXT NOT NULL,          -- paid | failed
                source_system TEXT NOT NULL
            );
            CREATE INDEX invoices_by_customer ON invoices (customer_id, period);
            """
        )
        con.executemany("INSERT INTO plans VALUES (?, ?, ?)",
                        [(p, float(v), valid_from) for p, v in plan_prices.items()])
        cols = ["invoice_id", "customer_id", "period", "issued_at", "amount", "currency", "status",
                "source_system"]
        con.executemany(f"INSERT INTO invoices VALUES ({', '.join('?' * len(cols))})",
                        invoices[cols].itertuples(index=False, name=None))
    con.close()


def _write_events(events: pd.DataFrame, path: Path) -> None:
    events.to_parquet(path, index=False, compression="zstd")


def _write_tickets(tickets: pd.DataFrame, path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for rec in tickets.itertuples(index=False):
            fh.write(json.dumps({
                "ticket_id": int(rec.ticket_id),
                "customer_id": rec.customer_id,
                "opened_at": rec.opened_at.strftime("%Y-%m-%dT%H:%M:%S"),
                "category": rec.category,
                "text": rec.text,
            }, ensure_ascii=False) + "\n")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _write_batch(folder: Path, crm, invoices, events, tickets, plan_prices, valid_from) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    _write_csv(crm, folder / "crm_customers.csv")
    _write_sqlite(invoices, folder / "billing.sqlite", plan_prices=plan_prices, valid_from=valid_from)
    _write_events(events, folder / "usage_events.parquet")
    _write_tickets(tickets, folder / "support_tickets.jsonl")


def check_arguments(seed: int, customers: int, usage_scale: int) -> None:
    """Raise ValueError with a clear message for arguments the generator cannot use."""
    if not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0, got {seed!r}")
    if not isinstance(customers, (int, np.integer)) or customers < 50:
        raise ValueError(f"customers must be a whole number of at least 50, got {customers!r}")
    if customers > 2_000_000:
        raise ValueError(f"customers must be at most 2,000,000, got {customers!r}")
    if not isinstance(usage_scale, (int, np.integer)) or not 1 <= usage_scale <= 1000:
        raise ValueError(f"usage_scale must be a whole number from 1 to 1000, got {usage_scale!r}")


def generate_sources(out: str | Path, seed: int = P.DEFAULT_SEED,
                     customers: int = P.DEFAULT_CUSTOMERS, *, usage_scale: int = 1,
                     drift: bool = True) -> dict:
    """Generate the raw sources into ``out`` (see the module docstring); return the manifest.

    ``usage_scale`` > 1 logs each viewing session as that many heartbeat events (the
    monthly totals stay the same), for the data engineer's volume lesson: 20 gives
    about seven million events.
    """
    check_arguments(seed, customers, usage_scale)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    world = simulate(seed, customers, usage_scale=usage_scale, drift=drift)
    rng = np.random.default_rng(np.random.SeedSequence([seed, 7]))  # the defects' own stream
    hist, nxt = P.HISTORY_MONTHS, P.NEXT_QUARTER_MONTHS

    invoices = world.invoices.assign(currency="GBP", source_system="billing_v1")
    # -- history: 2025, with the injected defects
    crm, crm_defects = D.inject(_crm_export(world, "2025-12-31", None, charge_rise=0.0),
                                D.CRM_DEFECTS, rng, key="customer_id")
    bills, bill_defects = D.inject(_period_rows(invoices, "period", hist), D.BILLING_DEFECTS,
                                   rng, key="invoice_id")
    events, event_defects = D.inject(_period_rows(world.events, "ts", hist), D.EVENT_DEFECTS,
                                     rng, key="event_id")
    _write_batch(out / "history", crm, bills, events, _period_rows(world.tickets, "opened_at", hist),
                 P.PLAN_PRICE, "2020-01-01")

    # -- next quarter: 2026-01..03, with drift and the pipeline bug (unless drift=False)
    rise = P.PRICE_RISE_2026 if drift else 0.0
    crm_q = _crm_export(world, "2026-03-31", "2026-01-01", charge_rise=rise)
    bills_q = _period_rows(invoices, "period", nxt)
    if drift:
        old, new = RENAMED_CONTRACT
        crm_q["contract"] = crm_q["contract"].replace(old, new)
        bills_q["amount"] = np.round(bills_q["amount"] * 100).astype(float)
        bills_q["source_system"] = BUGGED_SOURCE_SYSTEM
    _write_batch(out / "next_quarter", crm_q, bills_q, _period_rows(world.events, "ts", nxt),
                 _period_rows(world.tickets, "opened_at", nxt),
                 {k: v + rise for k, v in P.PLAN_PRICE.items()}, "2026-01-01")

    consent.write_consent(out, world.customers, seed,  # a file of its own, a stream of its own
                          {"history": crm["customer_id"], "next_quarter": crm_q["customer_id"]})
    accounts.write_account_events(out, world, seed)  # a file per batch, a stream of its own
    key = {
        "defects": [d.to_dict() for d in crm_defects + bill_defects + event_defects],
        "next_quarter_changes": next_quarter_changes(drift),
    }
    (out / "answer_key.json").write_text(json.dumps(key, indent=1) + "\n")
    (out / "business.json").write_text(json.dumps(P.BUSINESS.to_dict(), indent=1) + "\n")
    files = sorted(p for p in out.rglob("*") if p.is_file() and p.name != "manifest.json")
    manifest = {
        "company": P.COMPANY,
        "generator_version": GENERATOR_VERSION,
        "dsroles_version": __version__,
        "seed": int(seed),
        "customers": int(customers),
        "usage_scale": int(usage_scale),
        "drift": bool(drift),
        "history_months": list(hist),
        "next_quarter_months": list(nxt),
        "rows": {
            "history/crm_customers.csv": len(crm),
            "history/usage_events.parquet": len(events),
            "history/billing.sqlite:invoices": len(bills),
        },
        "sha256": {p.relative_to(out).as_posix(): _sha256(p) for p in files},
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest


def next_quarter_changes(drift: bool) -> list[dict]:
    """What is different in the next-quarter batch, and how each change shows itself."""
    if not drift:
        return []
    old, new = RENAMED_CONTRACT
    return [
        {"kind": "covariate_drift", "what": "price rise",
         "detail": f"Every plan costs {P.PRICE_RISE_2026:.2f} more from 2026-01.",
         "how_it_shows": "monthly_charges shifts up by a constant; churn follows the usual "
                         "relation to price, so the model's calibration still holds."},
        {"kind": "concept_drift", "what": "competitor launch",
         "detail": "A competitor launched in the south region; customers there on monthly "
                   "contracts leave far more often from 2026-01.",
         "how_it_shows": "No feature changes its distribution; the model under-predicts churn "
                         "for south + monthly, visible once the labels arrive."},
        {"kind": "pipeline_bug", "what": "billing migration",
         "detail": f"Billing moved to {BUGGED_SOURCE_SYSTEM}, which stores amounts in pence; "
                   f"the CRM renamed the contract type '{old}' to '{new}'.",
         "how_it_shows": "Invoice amounts 100 times too large and an unknown contract value: "
                         "the validation schema rejects the batch; drift statistics explode."},
    ]
