"""Data engineer, lesson 3 (``03_test_the_data``): a schema that fails closed, a keyed
pseudonym, and support tickets with the personal data taken out.

    from dsroles.tracks.data_engineer import data_tests
    q = data_tests.bind(seed=SEED)
    q.billing_schema.check(my_schema)
"""

from __future__ import annotations

import functools

from dsroles.checks import declare
from dsroles.checks.calling import call_safely, require_function
from dsroles.checks.exercise import Exercise, Part
from dsroles.checks.numbers import a_type
from dsroles.checks.outcomes import Incorrect
from dsroles.checks.registry import binder
from dsroles.checks.tables import columns_then, one_row_per
from dsroles.checks.wording import plural
from dsroles.tracks.data_engineer import data, privacy, schemas
from dsroles.tracks.data_engineer.schemas import Batch
from dsroles.tracks.data_engineer.data import BILLING_COLUMNS


PENCE_SQL = """
SELECT customer_id, period AS month, SUM(amount) AS amount_billed,
       SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed_payments
FROM invoices GROUP BY customer_id, period ORDER BY customer_id, period
"""


def billing_batches(seed: int) -> dict:
    """The monthly billing table as a clean batch and as four defective deliveries.

    Returns ``{name: Batch(what is wrong, DataFrame)}``; ``"clean"`` is the batch that must pass.
    """
    import numpy as np
    import pandas as pd

    from dsroles.churn import ingest

    clean = data.billing(seed)
    rng = np.random.default_rng([int(seed), 3])
    rows = np.sort(rng.choice(len(clean), size=12, replace=False))
    missing = clean.copy()
    missing.loc[rows, "amount_billed"] = np.nan
    twice = pd.concat([clean, clean[clean["month"] == "2025-12"]], ignore_index=True)
    next_q = data.data_dir(seed) / "next_quarter" / "billing.sqlite"
    return {
        "clean": Batch("the clean history", clean),
        "pence": Batch("legacy amounts left in pence", ingest.query_billing(
            data.history(seed, "billing.sqlite"), PENCE_SQL)[BILLING_COLUMNS]),
        "loaded_twice": Batch("December loaded twice", twice),
        "missing_amounts": Batch("a few amounts missing", missing),
        "next_quarter": Batch("the next quarter's delivery from billing_v2",
                              ingest.query_billing(next_q)[BILLING_COLUMNS]),
    }


billing_schema = Exercise(
    "de.billing_schema",
    competency="DE-3",
    expected=billing_batches,
    context=("seed",),
    precheck=lambda value, batches, context: schemas.as_schema(value),
    parts=[Part("clean batch passes", schemas.passes_clean)]
    + [Part(f"rejects {name.replace('_', ' ')}", schemas.rejects(name))
       for name in ("pence", "loaded_twice", "missing_amounts", "next_quarter")],
    hints=[
        "One check per thing that can go wrong: amounts within a plausible monthly range "
        "(a plan with add-ons costs between 5 and 60 pounds), no missing amounts, and one "
        "row per customer_id and month.",
        "A pandera `Column` takes the type and a `Check` (an in-range check suits "
        "amount_billed; columns are not nullable by default). Uniqueness of a pair of columns"
        " is an option of the DataFrameSchema itself (`unique=`).",
    ],
    solution=(
        "```python\nschema = pa.DataFrameSchema(\n    {\n"
        "        'customer_id': pa.Column(str, pa.Check.str_matches(r'^C\\d{6}$')),\n"
        "        'month': pa.Column(str, pa.Check.str_matches(r'^\\d{4}-\\d{2}$')),\n"
        "        'amount_billed': pa.Column(float, pa.Check.in_range(5, 60)),\n"
        "        'failed_payments': pa.Column(int, pa.Check.ge(0)),\n    },\n"
        "    unique=['customer_id', 'month'],\n)\n```\n"
        "(The package's own is `dsroles.churn.validate.BILLING_SCHEMA`.)"
    ),
)


_PUBLIC_HASHES = ("md5", "sha1", "sha224", "sha256", "sha512", "blake2b")


@functools.lru_cache(maxsize=4)
def customer_ids(seed: int):
    """The distinct customer ids of the CRM export (a Series), for the pseudonymising exercise."""
    import pandas as pd

    ids = data.crm_raw(seed)["customer_id"].drop_duplicates().reset_index(drop=True)
    return pd.Series(ids.astype(str).to_numpy(dtype=object), name="customer_id")


def _keys_of(fn, ids):
    import pandas as pd

    keys = call_safely(fn, ids.copy())
    if type(keys) is not pd.Series:
        raise Incorrect(f"your function returned {a_type(keys)}; a pandas Series of keys, "
                        "one per id, is expected.")
    if len(keys) != len(ids):
        raise Incorrect(f"your function returned {len(keys)} keys for {len(ids)} ids.")
    values = keys.tolist()
    odd = [v for v in values if type(v) is not str]
    if odd:
        raise Incorrect(f"the keys should be text; one is {a_type(odd[0])}.")
    return dict(zip(ids.tolist(), values)), values


def _check_pseudonymise(fn, ids, context):
    import hashlib

    import pandas as pd

    require_function(fn)
    sample = pd.Series(ids.iloc[:400].tolist() + ids.iloc[:5].tolist(), name="customer_id")
    mapping, keys = _keys_of(fn, sample)
    leaked = [i for i, k in mapping.items() if i in k or i[1:] in k]
    if leaked:
        raise Incorrect(f"the key of {leaked[0]} still contains the id itself; anyone who "
                        "sees the key sees the customer.")
    if keys[-5:] != keys[:5]:
        raise Incorrect("the same id got different keys within one call: the keys will not join.")
    if len(set(keys[:400])) < 400:
        raise Incorrect("two different customers got the same key: their rows would be mixed up.")
    shuffled = sample.iloc[:400].sample(frac=1.0, random_state=0).iloc[:150].reset_index(drop=True)
    again, _ = _keys_of(fn, shuffled)
    moved = sum(again[i] != mapping[i] for i in again)
    if moved:
        raise Incorrect(f"{plural(moved, 'id')} got another key when the ids came in another "
                        "order (as next month's batch will): the keys must depend on the id "
                        "alone, or next month's rows will not join this month's.")
    for i, k in list(mapping.items())[:50]:
        for name in _PUBLIC_HASHES:
            digest = hashlib.new(name, i.encode()).hexdigest()
            bare = k.lower().lstrip("k")
            if len(bare) >= 8 and (digest.startswith(bare) or bare in digest):
                raise Incorrect(f"the keys are a plain {name} of the id: anyone can hash every "
                                "possible id (there are only a million) and reverse them. "
                                "Mix in a secret.")


pseudonymise = Exercise(
    "de.pseudonymise",
    competency="DE-6",
    compare=_check_pseudonymise,
    expected=customer_ids,
    context=("seed",),
    hints=[
        "The key must depend on the id alone (so it is the same next month), differ between "
        "customers, and be impossible to compute without a secret.",
        "`hmac.new(secret, customer_id.encode(), hashlib.sha256).hexdigest()` is such a "
        "keyed hash; apply it to each id with `ids.map(...)`.",
    ],
    solution=(
        "```python\nimport hashlib, hmac\n\nSECRET = b'keep-me-in-a-vault'\n\n"
        "def my_pseudonymise(ids):\n"
        "    return ids.map(lambda i: 'K' + hmac.new(SECRET, i.encode(), hashlib.sha256)"
        ".hexdigest()[:16])\n```\n"
        "(The package's own is `dsroles.churn.pii.pseudonymise`.)"
    ),
)


def _safe_tickets(seed: int):
    from dsroles.churn import pii

    t = data.tickets(seed)
    return t.assign(customer_key=pii.pseudonymise(t["customer_id"]),
                    text=pii.redact(t["text"]))[
        ["ticket_id", "customer_key", "opened_at", "category", "text"]]


safe_tickets = declare.frame_in_parts(
    "de.safe_tickets",
    competency="DE-6",
    expected=_safe_tickets,
    parts=[
        Part("no personal data", privacy.no_personal_data),
        Part("join key", privacy.joins_feature_table),
        Part("tickets and columns kept", columns_then(one_row_per("ticket_id", "ticket"))),
    ],
    hints=[
        "Three steps: add customer_key from customer_id with the *same* pseudonymisation as "
        "the feature table, redact the free text, then keep only ticket_id, customer_key, "
        "opened_at, category and text.",
        "The `pii` module has one function for each job: one replaces an id with its "
        "pseudonym, one blanks personal details out of free text. Then select the columns to "
        "keep with a list.",
    ],
    solution=(
        "```python\nmy_tickets = tickets.assign(\n"
        "    customer_key=pii.pseudonymise(tickets['customer_id']),\n"
        "    text=pii.redact(tickets['text']),\n"
        ")[['ticket_id', 'customer_key', 'opened_at', 'category', 'text']]\n```"
    ),
)


bind = binder(__name__)
