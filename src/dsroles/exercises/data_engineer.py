"""The data engineer track's exercises (``de.<name>``), on Kestrel Streaming's raw sources.

    from dsroles.exercises import data_engineer
    q = data_engineer.bind(seed=SEED)                  # the volume lesson adds usage_scale=K
    q.monthly_billing.check(my_table); q.monthly_billing.hint(); q.monthly_billing.solution()

Every expected value is computed from the learner's seed with the churn package's own
reference code (ingest, clean, validate, pii, features, volume); nothing is typed in.
``billing_batches(seed)`` gives the batches the schema exercise is tried on.
"""

from __future__ import annotations

import functools

from dsroles.checks import declare
from dsroles.checks.exercise import Exercise, Part
from dsroles.checks.frames import check_columns, check_dtypes, check_frame, require_frame
from dsroles.checks.functions import Case
from dsroles.checks.numbers import a_type, as_numbers, check_numbers
from dsroles.checks.outcomes import Incorrect, NotAttempted, is_placeholder
from dsroles.checks.registry import bind_all

BILLING_COLUMNS = ["customer_id", "month", "amount_billed", "failed_payments"]
ROLE_NAMES = ("business owner", "problem domain expert", "data engineer", "data scientist",
              "machine learning engineer", "product engineer")
SOURCES = ("crm", "billing", "events")


# -- the learner's data, from the seed ------------------------------------------------------
def data_dir(seed: int, usage_scale: int = 1):
    """The folder of raw sources for this seed (generated once, then reused)."""
    from dsroles.churn.data import project_data

    return project_data(int(seed), usage_scale=int(usage_scale))


def _history(seed: int, name: str):
    return data_dir(seed) / "history" / name


@functools.lru_cache(maxsize=4)
def _billing(seed: int):
    from dsroles.churn import ingest

    return ingest.query_billing(_history(seed, "billing.sqlite"))[BILLING_COLUMNS]


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {many or word + 's'}"


def _guarded(fn, *args):
    """Call the learner's function; report its exception in words instead of crashing."""
    from dsroles.checks.functions import _where

    try:
        return fn(*args)
    except NotImplementedError:
        raise NotAttempted("The function still raises NotImplementedError: "
                           "replace that line with your code.") from None
    except Exception as exc:
        raise Incorrect(f"your function raised {type(exc).__name__}: {exc}{_where(exc)}.") from None


def _require_function(fn):
    if is_placeholder(fn):
        raise NotAttempted("Write the function first, then check it.")
    if not callable(fn):
        raise Incorrect(f"your answer is {a_type(fn)}; a function is expected.")


def _frame_in_parts(id: str, *, expected, parts, **kw) -> Exercise:
    """A seeded DataFrame exercise scored part by part (partial credit)."""
    return declare.frame(id, expected=expected, context=("seed",), parts=parts,
                         precheck=lambda value, want, context: require_frame(value), **kw)


# -- lesson 1: the role ----------------------------------------------------------------------
def defects_by_source(seed: int) -> list[int]:
    """Total ``count`` of the answer key's defect entries for the CRM, billing and events."""
    import json

    key = json.loads((data_dir(seed) / "answer_key.json").read_text())
    totals = dict.fromkeys(SOURCES, 0)
    for d in key["defects"]:
        source = {"crm_customers.csv": "crm", "billing.sqlite": "billing",
                  "usage_events.parquet": "events"}[d["source"].rsplit("/", 1)[-1]]
        totals[source] += d["count"]
    return [totals[s] for s in SOURCES]


def _compare_totals(value, want, context):
    got = as_numbers(value)
    if len(got) == len(want) and sorted(got) == sorted(want) and list(got) != list(want):
        raise Incorrect("the totals are right but in another order: give them as the CRM "
                        "export, the billing database, the usage events.")
    check_numbers(value, want)


defects_per_source = Exercise(
    "de.defects_per_source",
    compare=_compare_totals,
    expected=defects_by_source,
    context=("seed",),
    hints=[
        "Each entry of `key['defects']` has a `source` (a file path) and a `count`. "
        "Add up the counts per source file.",
        "`pd.DataFrame(key['defects']).groupby('source')['count'].sum()` gives the totals; "
        "put them in the order CRM, billing, events.",
    ],
    solution=(
        "```python\ndefects = pd.DataFrame(key['defects'])\n"
        "totals = defects.groupby('source')['count'].sum()\n"
        "my_counts = [int(totals['history/crm_customers.csv']),\n"
        "             int(totals['history/billing.sqlite']),\n"
        "             int(totals['history/usage_events.parquet'])]\n```"
    ),
)

access_owner = declare.choice(
    "de.access_owner",
    options=ROLE_NAMES,
    expected="business owner",
    why={
        "data engineer": "You build the pipeline that enforces the rule, but you do not set it.",
        "problem domain expert": "The domain expert can say what a birth date tells us about "
                                 "churn, not whether the team may use it.",
        "data scientist": "The data scientist is the one asking for the data; the person who "
                          "asks should not also be the one who grants.",
        "machine learning engineer": "The ML engineer ships the model; data access is settled "
                                     "long before that.",
        "product engineer": "The product engineer secures the running service, which is not "
                            "the same as deciding who may use which data.",
    },
    hints=["Which role, in the source text, handles everything about *access* to data "
           "(privacy, consent, who may use what)?"],
    solution="`'business owner'`: the business owner owns data access. The data engineer then "
             "makes the pipeline keep to the decision (lesson 3 does that for personal data).",
)


# -- lesson 2: ingest and clean --------------------------------------------------------------
def _keyed(value, column: str):
    """The learner's ``column`` as a Series indexed by (customer_id, month) as text."""
    for c in ("customer_id", "month", column):
        if c not in value.columns:
            raise Incorrect(f"the column {c!r} is missing, so this cannot be compared.")
    keys = value["customer_id"].astype(str) + "|" + value["month"].astype(str)
    return value[column].set_axis(keys)


def _billing_column(column: str, what: str):
    def check(value, expected, context):
        import numpy as np

        got = _keyed(value, column)
        if got.index.duplicated().any():
            raise Incorrect(f"{what} cannot be compared while a customer and month "
                            "appear in more than one row.")
        want = _keyed(expected, column)
        got = got.reindex(want.index)
        try:
            g = got.to_numpy(dtype=float)
        except (TypeError, ValueError):
            raise Incorrect(f"{column!r} holds values that are not numbers.") from None
        bad = ~np.isclose(g, want.to_numpy(dtype=float), rtol=1e-6, atol=0.005)
        if bad.any():
            raise Incorrect(f"{column!r} is wrong for {_plural(int(bad.sum()), 'customer-month')} "
                            f"of {len(want)}.")
    return check


def _one_row_per_customer_month(value, expected, context):
    for c in ("customer_id", "month"):
        if c not in value.columns:
            raise Incorrect(f"the column {c!r} is missing.")
    repeated = int(value.duplicated(["customer_id", "month"]).sum())
    if repeated:
        raise Incorrect(f"{_plural(repeated, 'customer-month')} appear more than once.")
    if len(value) != len(expected):
        diff = len(value) - len(expected)
        raise Incorrect(f"{_plural(abs(diff), 'row')} too {'many' if diff > 0 else 'few'}: "
                        "one row per customer and month that has invoices is expected.")


def _columns_and_types(value, expected, context):
    check_columns(value, expected)
    check_dtypes(value, expected)


monthly_billing = _frame_in_parts(
    "de.monthly_billing",
    expected=lambda seed: _billing(seed),
    parts=[
        Part("columns", _columns_and_types),
        Part("one row per customer and month", _one_row_per_customer_month),
        Part("amounts", _billing_column("amount_billed", "amounts")),
        Part("failed payments", _billing_column("failed_payments", "failed payments")),
    ],
    hints=[
        "GROUP BY customer_id, period; SUM the amounts, and count the failed invoices with "
        "SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END). Name the columns with AS.",
        "Some invoices come from `source_system = 'legacy'`, which stores pence: divide those "
        "amounts by 100.0 inside the SUM, with a CASE expression.",
    ],
    solution=(
        "```python\nsql = '''\nSELECT customer_id,\n       period AS month,\n"
        "       SUM(CASE WHEN source_system = 'legacy' THEN amount / 100.0 ELSE amount END)"
        " AS amount_billed,\n"
        "       SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed_payments\n"
        "FROM invoices\nGROUP BY customer_id, period\n'''\n"
        "my_billing = ingest.query_billing(billing_path, sql)\n```"
    ),
)

duplicate_customers = declare.number(
    "de.duplicate_customers",
    expected=lambda seed: int(_crm_raw(seed)["customer_id"].duplicated().sum()),
    context=("seed",),
    hints=[
        "A duplicate here is a second row for a customer_id already seen. Whole-row "
        "comparison misses them: look at how the copies differ from the originals.",
        "`crm['customer_id'].duplicated().sum()` counts the extra rows (the first row of "
        "each customer is not a duplicate).",
    ],
    solution="```python\nmy_duplicates = int(crm['customer_id'].duplicated().sum())\n```",
)


@functools.lru_cache(maxsize=4)
def _crm_raw(seed: int):
    from dsroles.churn import ingest

    return ingest.read_crm(_history(seed, "crm_customers.csv"))


def reference_parse_date(text: str):
    """One CRM date as the reference cleaning reads it: a Timestamp, or None when blank."""
    import pandas as pd

    from dsroles.churn import clean

    try:
        value = clean.parse_dates(pd.Series([text], dtype=object)).iloc[0]
    except clean.UnknownValue as exc:
        raise ValueError(str(exc)) from None
    return None if pd.isna(value) else pd.Timestamp(value)


def _same_date(got, want, what: str) -> None:
    import datetime

    import pandas as pd

    if want is None:
        if got is None or (type(got) in (float, type(pd.NaT)) and pd.isna(got)):
            return
        raise Incorrect(f"{what} is {got!r}; a blank date is missing: return None (or pd.NaT).")
    if type(got) not in (datetime.datetime, datetime.date, pd.Timestamp):
        raise Incorrect(f"{what} is {a_type(got)}; a date (datetime or pandas Timestamp) "
                        "is expected.")
    if (got.year, got.month, got.day) != (want.year, want.month, want.day):
        raise Incorrect(f"{what} is {got:%Y-%m-%d}, which is not the date that was written.")


DATE_CASES = (
    Case(("2025-03-14",), label="ISO"),
    Case(("14/03/2025",), label="the shop system"),
    Case(("05/03/2025",), label="day or month first?"),
    Case(("20250314",), label="the partner feed"),
    Case(("29/02/2024",), label="a leap day"),
    Case((" 2025-03-14 ",), label="spaces around"),
    Case(("",), label="blank: missing"),
    Case(("2025/03/14",), label="an unknown format", raises=ValueError),
    Case(("14.03.2025",), label="an unknown format", raises=ValueError),
)

parse_date = declare.function(
    "de.parse_date",
    reference=reference_parse_date,
    cases=DATE_CASES,
    compare_results=_same_date,
    hints=[
        "Strip the spaces, return None for an empty string, then try each known format in "
        "turn: '%Y-%m-%d', '%d/%m/%Y' (day first) and '%Y%m%d'. Only raise when none fits.",
        "Use a regular expression per format (re.fullmatch(r'\\d{2}/\\d{2}/\\d{4}', text)) "
        "and `datetime.strptime(text, fmt)`; end with `raise ValueError(...)`.",
    ],
    solution=(
        "```python\nimport re\nfrom datetime import datetime\n\n"
        "FORMATS = [(r'\\d{4}-\\d{2}-\\d{2}', '%Y-%m-%d'),\n"
        "           (r'\\d{2}/\\d{2}/\\d{4}', '%d/%m/%Y'),\n"
        "           (r'\\d{8}', '%Y%m%d')]\n\n"
        "def parse_date(text):\n    text = text.strip()\n    if text == '':\n        return None\n"
        "    for pattern, fmt in FORMATS:\n        if re.fullmatch(pattern, text):\n"
        "            return datetime.strptime(text, fmt)\n"
        "    raise ValueError(f'unknown date format: {text!r}')\n```"
    ),
)


@functools.lru_cache(maxsize=2)
def _events_clean(seed: int):
    from dsroles.churn import clean, ingest

    return clean.clean_events(ingest.read_events(_history(seed, "usage_events.parquet")))


def _need(value, *columns):
    missing = [c for c in columns if c not in value.columns]
    if missing:
        raise Incorrect(f"the column {missing[0]!r} is missing.")


def _no_replays(value, expected, context):
    _need(value, "event_id")
    n = int(value["event_id"].duplicated().sum())
    if n:
        raise Incorrect(f"{_plural(n, 'event_id')} still {'appears' if n == 1 else 'appear'} "
                        "more than once.")


def _no_negative(value, expected, context):
    import pandas as pd

    _need(value, "seconds")
    seconds = pd.to_numeric(value["seconds"], errors="coerce")
    n = int((seconds < 0).sum())
    if n:
        raise Incorrect(f"{_plural(n, 'event')} still {'has' if n == 1 else 'have'} a "
                        "negative duration.")


def _good_events_kept(value, expected, context):
    import numpy as np

    _need(value, "event_id")
    lost = int((~np.isin(expected["event_id"].to_numpy(),
                         value["event_id"].to_numpy())).sum())
    if lost:
        raise Incorrect(f"{_plural(lost, 'good event')} went missing: drop only the replayed "
                        "copies and the impossible durations.")


clean_events = _frame_in_parts(
    "de.clean_events",
    expected=lambda seed: _events_clean(seed),
    parts=[
        Part("replayed events", _no_replays),
        Part("negative durations", _no_negative),
        Part("good events kept", _good_events_kept),
        Part("columns", lambda value, expected, context: check_columns(value, expected)),
    ],
    hints=[
        "Two defects in the usage log: D8 (a collector replayed events: the same event_id "
        "twice) and D7 (negative durations).",
        "`events.drop_duplicates('event_id')` keeps one copy of each event; then keep the "
        "rows where `seconds >= 0` (a zero-length session is odd, but possible).",
    ],
    solution=(
        "```python\nmy_events = events.drop_duplicates('event_id')\n"
        "my_events = my_events[my_events['seconds'] >= 0].reset_index(drop=True)\n```"
    ),
)


# -- lesson 3: test the data, keep PII out ---------------------------------------------------
PENCE_SQL = """
SELECT customer_id, period AS month, SUM(amount) AS amount_billed,
       SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed_payments
FROM invoices GROUP BY customer_id, period ORDER BY customer_id, period
"""


def billing_batches(seed: int) -> dict:
    """The monthly billing table as a clean batch and as four defective deliveries.

    Returns ``{name: (what is wrong, DataFrame)}``; ``"clean"`` is the batch that must pass.
    """
    import numpy as np
    import pandas as pd

    from dsroles.churn import ingest

    clean = _billing(seed)
    rng = np.random.default_rng([int(seed), 3])
    rows = np.sort(rng.choice(len(clean), size=12, replace=False))
    missing = clean.copy()
    missing.loc[rows, "amount_billed"] = np.nan
    twice = pd.concat([clean, clean[clean["month"] == "2025-12"]], ignore_index=True)
    next_q = data_dir(seed) / "next_quarter" / "billing.sqlite"
    return {
        "clean": ("the clean history", clean),
        "pence": ("legacy amounts left in pence",
                  ingest.query_billing(_history(seed, "billing.sqlite"), PENCE_SQL)[BILLING_COLUMNS]),
        "loaded_twice": ("December loaded twice", twice),
        "missing_amounts": ("a few amounts missing", missing),
        "next_quarter": ("the next quarter's delivery from billing_v2",
                         ingest.query_billing(next_q)[BILLING_COLUMNS]),
    }


def _as_schema(value):
    import pandera.pandas as pa

    if isinstance(value, pa.DataFrameSchema):
        return value
    if isinstance(value, type) and issubclass(value, pa.DataFrameModel):
        return value.to_schema()
    raise Incorrect(f"your answer is {a_type(value)}; a pandera DataFrameSchema "
                    "(pa.DataFrameSchema({...})) is expected.")


def _validate(schema, df):
    """None if the batch passes; else a short description of the first failure."""
    from pandera.errors import SchemaError, SchemaErrors

    try:
        schema.validate(df.copy(), lazy=True)
    except SchemaErrors as err:
        cases = err.failure_cases
        first = cases.iloc[0]
        return f"{first['column']}: {first['check']}"
    except SchemaError as err:
        return str(err).splitlines()[0]
    except Exception as exc:
        raise Incorrect(f"validating with your schema raised {type(exc).__name__}: {exc}") from None
    return None


def _passes_clean(value, batches, context):
    failure = _validate(_as_schema(value), batches["clean"][1])
    if failure:
        raise Incorrect(f"it rejects the clean batch ({failure}); a schema that fails "
                        "everything protects nothing.")


def _rejects(name: str):
    def check(value, batches, context):
        what, df = batches[name]
        if _validate(_as_schema(value), df) is None:
            raise Incorrect(f"it lets through the batch with {what}.")
    return check


billing_schema = Exercise(
    "de.billing_schema",
    expected=billing_batches,
    context=("seed",),
    precheck=lambda value, batches, context: _as_schema(value),
    parts=[Part("clean batch passes", _passes_clean)]
    + [Part(f"rejects {name.replace('_', ' ')}", _rejects(name))
       for name in ("pence", "loaded_twice", "missing_amounts", "next_quarter")],
    hints=[
        "One check per thing that can go wrong: amounts within a plausible monthly range "
        "(a plan with add-ons costs between 5 and 60 pounds), no missing amounts, and one "
        "row per customer_id and month.",
        "`pa.Column(float, pa.Check.in_range(5, 60))` for amount_billed (not nullable by "
        "default), and `unique=['customer_id', 'month']` on the DataFrameSchema.",
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

    ids = _crm_raw(seed)["customer_id"].drop_duplicates().reset_index(drop=True)
    return pd.Series(ids.astype(str).to_numpy(dtype=object), name="customer_id")


def _keys_of(fn, ids):
    import pandas as pd

    keys = _guarded(fn, ids.copy())
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

    _require_function(fn)
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
        raise Incorrect(f"{_plural(moved, 'id')} got another key when the ids came in another "
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


@functools.lru_cache(maxsize=2)
def _tickets(seed: int):
    from dsroles.churn import ingest

    return ingest.read_tickets(_history(seed, "support_tickets.jsonl"))


def _safe_tickets(seed: int):
    from dsroles.churn import pii

    t = _tickets(seed)
    return t.assign(customer_key=pii.pseudonymise(t["customer_id"]),
                    text=pii.redact(t["text"]))[
        ["ticket_id", "customer_key", "opened_at", "category", "text"]]


def _no_personal_data(value, expected, context):
    from dsroles.churn.pii import find_pii

    if "customer_id" in value.columns:
        raise Incorrect("the raw customer_id is still there; the table should carry the "
                        "pseudonymised customer_key instead.")
    # A key is hex digits, which pii.PHONE can match by chance (no word boundaries): the
    # keys are checked by the join-key part instead.
    found = find_pii(value.drop(columns="customer_key", errors="ignore"))
    if found:
        raise Incorrect("personal data got through: " + "; ".join(found) + ".")


def _joins_feature_table(value, expected, context):
    _need(value, "ticket_id", "customer_key")
    got = value.set_index("ticket_id")["customer_key"].astype(str)
    want = expected.set_index("ticket_id")["customer_key"]
    got = got[~got.index.duplicated()].reindex(want.index)
    wrong = int((got != want).sum())
    if wrong:
        raise Incorrect(f"customer_key differs from the feature table's key for "
                        f"{_plural(wrong, 'ticket')}: these rows would not join the snapshots.")


def _kept_the_rest(value, expected, context):
    check_columns(value, expected)
    if len(value) != len(expected):
        raise Incorrect(f"{len(value)} rows for {len(expected)} tickets: keep every ticket.")


safe_tickets = _frame_in_parts(
    "de.safe_tickets",
    expected=_safe_tickets,
    parts=[
        Part("no personal data", _no_personal_data),
        Part("join key", _joins_feature_table),
        Part("tickets and columns kept", _kept_the_rest),
    ],
    hints=[
        "Three steps: add customer_key from customer_id with the *same* pseudonymisation as "
        "the feature table, redact the free text, then keep only ticket_id, customer_key, "
        "opened_at, category and text.",
        "`pii.pseudonymise(tickets['customer_id'])` and `pii.redact(tickets['text'])`; "
        "select the columns with a list.",
    ],
    solution=(
        "```python\nmy_tickets = tickets.assign(\n"
        "    customer_key=pii.pseudonymise(tickets['customer_id']),\n"
        "    text=pii.redact(tickets['text']),\n"
        ")[['ticket_id', 'customer_key', 'opened_at', 'category', 'text']]\n```"
    ),
)


# -- lesson 4: maintainable pipelines --------------------------------------------------------
def reference_load_increment(store, batch):
    """Add a monthly billing batch to the store: a re-delivered customer-month replaces the old row."""
    import pandas as pd

    out = pd.concat([store, batch], ignore_index=True)
    out = out.drop_duplicates(["customer_id", "month"], keep="last")
    return out.sort_values(["customer_id", "month"], ignore_index=True)


def increment_cases() -> list[tuple[str, object, object]]:
    """(label, store, batch) triples the incremental-load function is tried on."""
    import pandas as pd

    def table(rows):
        return pd.DataFrame(rows, columns=BILLING_COLUMNS).astype(
            {"amount_billed": float, "failed_payments": "int64"})

    jan = table([("C100001", "2025-01", 13.99, 0), ("C100002", "2025-01", 8.99, 1)])
    feb = table([("C100001", "2025-02", 13.99, 0), ("C100002", "2025-02", 8.99, 0),
                 ("C100003", "2025-02", 19.99, 0)])
    fixed = feb.copy()
    fixed.loc[1, ["amount_billed", "failed_payments"]] = [12.49, 1]
    both = reference_load_increment(jan, feb)
    return [
        ("the first load, into an empty store", table([]), jan),
        ("the next month", jan, feb),
        ("the same batch loaded again", both, feb),
        ("a corrected re-delivery of February", both, fixed),
    ]


def _check_load_increment(fn, _, context):
    _require_function(fn)
    for label, store, batch in increment_cases():
        want = reference_load_increment(store, batch)
        got = _guarded(fn, store.copy(), batch.copy())
        try:
            check_frame(got, want, dtypes=False, what="the result")
        except Incorrect as exc:
            text = str(exc)
            raise Incorrect(f"for {label}: {text[:1].lower() + text[1:]}") from None


load_increment = Exercise(
    "de.load_increment",
    compare=_check_load_increment,
    hints=[
        "Append the batch, then keep one row per (customer_id, month). Which copy should "
        "win when a month is delivered again with a correction?",
        "`pd.concat([store, batch])` then `.drop_duplicates(['customer_id', 'month'], "
        "keep='last')`: the newest delivery wins, and loading a batch twice changes nothing.",
    ],
    solution=(
        "```python\ndef load_increment(store, batch):\n"
        "    out = pd.concat([store, batch], ignore_index=True)\n"
        "    out = out.drop_duplicates(['customer_id', 'month'], keep='last')\n"
        "    return out.sort_values(['customer_id', 'month'], ignore_index=True)\n```"
    ),
)


def reference_tickets_known_at(tickets, month: str):
    """Tickets per customer opened before the end of ``month`` (what was known then)."""
    from dsroles.churn.features import month_end

    known = tickets[tickets["opened_at"] < month_end(month)]
    return known.groupby("customer_id").size()


def _counts(series, what: str) -> dict:
    import pandas as pd

    if type(series) is not pd.Series:
        raise Incorrect(f"{what} is {a_type(series)}; a Series of counts indexed by "
                        "customer_id is expected.")
    try:
        values = pd.to_numeric(series).fillna(0).astype("int64")
    except (TypeError, ValueError):
        raise Incorrect(f"{what} holds values that are not counts.") from None
    return {str(k): int(v) for k, v in values.items() if v}


def _boundary_tickets():
    import pandas as pd

    return pd.DataFrame({
        "ticket_id": [1, 2, 3, 4, 5],
        "customer_id": ["C100001", "C100001", "C100002", "C100002", "C100003"],
        "opened_at": pd.to_datetime(["2025-09-03 10:00", "2025-09-30 21:15",
                                     "2025-10-01 00:00", "2025-08-31 23:59:59",
                                     "2025-11-12 08:30"], format="ISO8601"),
        "category": ["billing", "technical", "billing", "account", "content"],
    })


def _check_known_at(fn, _, context):
    _require_function(fn)
    real = _tickets(context["seed"])[["ticket_id", "customer_id", "opened_at", "category"]]
    cases = [("tickets around the end of September", _boundary_tickets(), "2025-09"),
             ("the history, snapshot 2025-06", real, "2025-06"),
             ("the history, snapshot 2025-11", real, "2025-11")]
    for label, tickets, month in cases:
        what = f"the result for {label}"
        want = _counts(reference_tickets_known_at(tickets, month), what)
        got = _counts(_guarded(fn, tickets.copy(), month), what)
        wrong = sorted(k for k in set(got) | set(want) if got.get(k, 0) != want.get(k, 0))
        if wrong:
            extra = sum(got.values()) - sum(want.values())
            why = (" It counts tickets opened after the snapshot: information from the future."
                   if extra > 0 else
                   " It misses tickets the company already had at the end of the month."
                   if extra < 0 else "")
            raise Incorrect(f"{what} ({month}) has the wrong count for "
                            f"{_plural(len(wrong), 'customer')}.{why}")


tickets_known_at = Exercise(
    "de.tickets_known_at",
    compare=_check_known_at,
    context=("seed",),
    hints=[
        "A snapshot at the end of month m may use only tickets opened *before* the first "
        "moment of month m + 1. Watch the last day of the month: 2025-09-30 21:15 is still "
        "September.",
        "`features.month_end(month)` is the first instant of the next month; keep "
        "`tickets['opened_at'] < month_end(month)`, then `.groupby('customer_id').size()`.",
    ],
    solution=(
        "```python\nfrom dsroles.churn.features import month_end\n\n"
        "def tickets_known_at(tickets, month):\n"
        "    known = tickets[tickets['opened_at'] < month_end(month)]\n"
        "    return known.groupby('customer_id').size()\n```"
    ),
)


# -- lesson 5: volume ------------------------------------------------------------------------
def usage_reference(seed: int, usage_scale: int = 1):
    """Sessions and seconds per customer and month of the history, by the pandas reference."""
    from dsroles.churn import volume

    return volume.usage_pandas(data_dir(seed, usage_scale) / "history" / "usage_events.parquet")


usage_by_month = declare.frame(
    "de.usage_by_month",
    expected=usage_reference,
    context=("seed", "usage_scale"),
    dtypes=False,
    hints=[
        "In SQL: drop the replayed copies first (SELECT DISTINCT ON (event_id) * FROM "
        "read_parquet(?)), keep seconds >= 0, then GROUP BY customer_id and the month "
        "strftime(ts, '%Y-%m').",
        "A heartbeat log has many events per session: count sessions with "
        "count(DISTINCT session_id), not count(*). Sum the seconds.",
    ],
    solution=(
        "```python\nsql = '''\nSELECT customer_id, strftime(ts, '%Y-%m') AS month,\n"
        "       count(DISTINCT session_id) AS sessions, sum(seconds) AS seconds\n"
        "FROM (SELECT DISTINCT ON (event_id) * FROM read_parquet(?))\n"
        "WHERE seconds >= 0\nGROUP BY customer_id, month\n'''\n"
        "my_usage = duckdb.execute(sql, [str(events_path)]).df()\n```"
    ),
)


def bind(**context):
    """All data engineer exercises with the context given once: ``q = bind(seed=SEED)``."""
    import sys

    return bind_all(sys.modules[__name__], **context)
