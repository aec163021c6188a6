"""The data engineer's graded assessment (``de_exam.<name>``): variants of the track's exercises.

The nbgrader test cells of ``solutions/data_engineer/data_engineer.ipynb`` call these by id:

    from dsroles.checks import assert_check, partial_check
    partial_check("de_exam.month_billing", month_billing, points=3, seed=seed)

Every task differs from its lesson exercise (another month, another table, another key, a
memory budget, batches and cut-offs the learner never sees), so a lesson's ``solution()``
does not answer it. Expected values are computed from the seed by the churn package's
reference code (the private ``_*_reference`` functions here); the check helpers are the
lesson module's (``data_engineer``). The exercises have no hints or solutions: the notebook's
hidden tests and the wrong-answer bank (``tests/wrong_answers/data_engineer/``) go with them.
"""

from __future__ import annotations

import copy
import functools

from dsroles.checks.exercise import Exercise, Part
from dsroles.checks.frames import check_columns, check_frame, require_frame, text_values
from dsroles.checks.functions import Case
from dsroles.checks.numbers import a_type
from dsroles.checks.outcomes import Incorrect
from dsroles.exercises import data_engineer as de
from dsroles.exercises.data_engineer import _columns_and_types, _need
from dsroles.exercises.data_engineer import _plural as _plural_of

HEARTBEATS = 2  # the volume task's log: each viewing session logged as 2 heartbeat events
MEMORY_BUDGET_MB = 4.0  # Python allocations allowed while aggregating a quarter of events
CRM_COLUMNS = ["customer_id", "signup_date", "birth_date", "contract", "payment_method", "region"]
DIM_COLUMNS = ["customer_key", "region", "contract", "payment_method"]
TICKET_COLUMNS = ["ticket_id", "customer_key", "category", "text"]
DEVICE_USAGE_COLUMNS = ["month", "device", "customers", "sessions", "hours"]




def _plural(n: int, word: str) -> str:
    """'1 status', '2 statuses', '3 customers'."""
    return _plural_of(n, word, word + "es" if word.endswith("s") else None)


# -- the assessment's data, from the seed ----------------------------------------------------
def exam_month(seed: int) -> str:
    """The month the assessment asks about: one of 2025-03 ... 2025-11, from the seed."""
    return f"2025-{3 + int(seed) % 9:02d}"


def heartbeats(events, k: int = HEARTBEATS):
    """Each session event of ``events`` as ``k`` heartbeat events whose seconds add up.

    A heartbeat's id is ``event_id * k + part``, so a replayed session replays its
    heartbeats exactly; a negative duration stays negative in every heartbeat.
    """
    import numpy as np

    beats = events.loc[events.index.repeat(k)].reset_index(drop=True)
    part = np.tile(np.arange(k), len(events))
    seconds = beats["seconds"].to_numpy()
    base = seconds // k
    beats["seconds"] = np.where(seconds < 0, seconds,
                                base + np.where(part == 0, seconds - base * k, 0))
    start = beats["ts"].to_numpy()
    later = start + (part * np.maximum(base, 0)).astype("timedelta64[s]")
    month_end = (start.astype("datetime64[M]") + 1).astype(start.dtype) - np.timedelta64(1, "s")
    beats["ts"] = np.minimum(later, month_end)  # a heartbeat stays in its session's month
    beats["event_id"] = beats["event_id"].to_numpy() * k + part
    return beats.sort_values("ts", kind="stable", ignore_index=True)


def _exam_file(seed: int, name: str, make) -> "Path":  # noqa: F821
    """``$DSROLES_HOME/exam/de-seed<seed>/<name>``, written once (atomically) by ``make()``."""
    import os

    from dsroles.churn.data import home

    path = home() / "exam" / f"de-seed{int(seed)}" / name
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{name}.{os.getpid()}")
        make().to_parquet(tmp, index=False, compression="zstd")
        os.replace(tmp, path)
    return path


def events_path(seed: int):
    """The history's usage log with heartbeat logging: the raw events (replays, negative
    durations and all), each session as ``HEARTBEATS`` events."""
    def make():
        from dsroles.churn import ingest

        return heartbeats(ingest.read_events(de._history(seed, "usage_events.parquet")))

    return _exam_file(seed, "heartbeats-history.parquet", make)


@functools.lru_cache(maxsize=2)
def _crm_clean(seed: int):
    from dsroles.churn import clean

    return clean.clean_crm(de._crm_raw(seed))


def _frame_task(id: str, *, expected, parts) -> Exercise:
    """A seeded DataFrame answer scored part by part."""
    return Exercise(id, expected=expected, context=("seed",), parts=parts,
                    precheck=lambda value, want, context: require_frame(value))


# -- comparing tables row by row, by a key ---------------------------------------------------
def _key_text(frame, key) -> "pd.Series":  # noqa: F821
    """The key column(s) as one text label per row ('C100001|2025-03' for two columns)."""
    keys = [key] if isinstance(key, str) else list(key)
    _need(frame, *keys)
    labels = frame[keys[0]].astype(str)
    for k in keys[1:]:
        labels = labels + "|" + frame[k].astype(str)
    return labels


def one_row_per(key, what: str):
    """A part: one row per ``key``, and exactly the expected keys (none lost, none added)."""
    def check(value, expected, context):
        got = _key_text(value, key)
        repeated = int(got.duplicated().sum())
        if repeated:
            raise Incorrect(f"{_plural(repeated, what)} appear more than once; one row per "
                            f"{what} is expected.")
        want = set(_key_text(expected, key))
        missing, extra = len(want - set(got)), len(set(got) - want)
        if missing or extra:
            found = [f"{_plural(missing, what)} missing"] if missing else []
            found += [f"{_plural(extra, what)} that should not be there"] if extra else []
            raise Incorrect(" and ".join(found) + f" (of {len(want)}).")
    return check


def _column_by_key(frame, key, column):
    _need(frame, column)
    labels = _key_text(frame, key)
    series = frame[column].set_axis(labels.to_numpy())
    return series[~series.index.duplicated()]


def _mismatch(got, want) -> "np.ndarray":  # noqa: F821
    """True where two aligned columns differ (numbers with a tolerance, dates by instant)."""
    import numpy as np
    import pandas as pd

    if want.dtype.kind == "M":
        if got.dtype.kind != "M":
            raise Incorrect(f"the values are {got.dtype}, not dates: parse them into datetimes.")
        g = got.astype("datetime64[ns]").to_numpy()
        w = want.astype("datetime64[ns]").to_numpy()
        return ~((np.isnat(g) & np.isnat(w)) | (g == w))
    if want.dtype.kind in "iuf":
        g = pd.to_numeric(got, errors="coerce").to_numpy(dtype=float)
        w = want.to_numpy(dtype=float)
        return ~((np.isnan(g) & np.isnan(w)) | np.isclose(g, w, rtol=1e-6, atol=0.005))
    g = text_values(got, str(got.name))
    w = text_values(want, str(want.name))
    return np.array([a != b for a, b in zip(g, w)], dtype=bool)


def same_values(key, columns, what: str, *, rows=None, advice: str = ""):
    """A part: ``columns`` equal the expected ones per ``key`` (``rows(expected)`` selects)."""
    columns = [columns] if isinstance(columns, str) else list(columns)

    def check(value, expected, context):
        want_rows = expected if rows is None else expected[rows(expected)]
        for column in columns:
            want = _column_by_key(want_rows, key, column)
            got = _column_by_key(value, key, column).reindex(want.index)
            bad = int(_mismatch(got, want).sum())
            if bad:
                raise Incorrect(f"{column!r} is wrong for {_plural(bad, what)} of "
                                f"{len(want)}.{advice}")
    return check


def _columns(value, expected, context):
    check_columns(value, expected)


def _columns_then(part):
    """A part: the right columns, then ``part``."""
    def check(value, expected, context):
        check_columns(value, expected)
        part(value, expected, context)
    return check


# -- DE-1: ingest ----------------------------------------------------------------------------
MONTH_BILLING_SQL = """
SELECT status,
       COUNT(*) AS invoices,
       SUM(CASE WHEN source_system = 'legacy' THEN amount / 100.0 ELSE amount END) AS amount
FROM invoices
WHERE period = '{month}'
GROUP BY status
ORDER BY status
"""


def _month_billing_reference(seed: int):
    """Invoices and pounds billed per status (paid, failed) in the exam month, in SQL."""
    from dsroles.churn import ingest

    sql = MONTH_BILLING_SQL.format(month=exam_month(seed))
    return ingest.query_billing(de._history(seed, "billing.sqlite"), sql)


month_billing = _frame_task(
    "de_exam.month_billing",
    expected=_month_billing_reference,
    parts=[
        Part("columns", _columns),
        Part("one row per status", one_row_per("status", "status")),
        Part("invoices", same_values("status", "invoices", "status",
                                     advice=" Count only the invoices of that month.")),
        Part("amount in pounds", same_values("status", "amount", "status")),
    ],
)


def _in_month(table, column: str, month: str):
    """The rows of ``table`` whose timestamp ``column`` falls in ``month``."""
    import pandas as pd

    from dsroles.churn.features import month_end

    return table[(table[column] >= pd.Timestamp(f"{month}-01"))
                 & (table[column] < month_end(month))]


def _customer_month_reference(seed: int):
    """One row per customer billed in the exam month: contract, amount billed, sessions."""
    month = exam_month(seed)
    billing = de._billing(seed)
    billed = billing.loc[billing["month"] == month, ["customer_id", "amount_billed"]]
    sessions = _in_month(de._events_clean(seed), "ts", month).groupby("customer_id")[
        "session_id"].nunique()
    out = billed.merge(_crm_clean(seed)[["customer_id", "contract"]], on="customer_id",
                       how="left")
    out["sessions"] = out["customer_id"].map(sessions).fillna(0).astype("int64")
    return out[["customer_id", "contract", "amount_billed", "sessions"]].reset_index(drop=True)


customer_month = _frame_task(
    "de_exam.customer_month",
    expected=_customer_month_reference,
    parts=[
        Part("columns and types", _columns_and_types),
        Part("one row per billed customer", one_row_per("customer_id", "customer")),
        Part("contract", same_values("customer_id", "contract", "customer",
                                     advice=" Use the cleaned CRM's spelling.")),
        Part("amount billed", same_values("customer_id", "amount_billed", "customer")),
        Part("sessions", same_values(
            "customer_id", "sessions", "customer",
            advice=" Count distinct sessions in the cleaned events; a customer with none has 0.")),
    ],
)


# -- DE-2: clean -----------------------------------------------------------------------------
def _crm_reference(seed: int):
    return _crm_clean(seed)[CRM_COLUMNS]


def _known(column):
    return lambda expected: expected[column] != "unknown"


def _blank(expected):
    return (expected["region"] == "unknown") | (expected["payment_method"] == "unknown")


crm_identity = _frame_task(
    "de_exam.crm_identity",
    expected=_crm_reference,
    parts=[
        Part("D1 duplicated customers", one_row_per("customer_id", "customer")),
        Part("D2 date formats", same_values(
            "customer_id", "signup_date", "customer",
            advice=" Parse each of the three formats explicitly; DD/MM/YYYY is day first.")),
    ],
)

crm_values = _frame_task(
    "de_exam.crm_values",
    expected=_crm_reference,
    parts=[
        Part("D3 category spellings", same_values("customer_id", "contract", "customer")),
        Part("D3 payment spellings", same_values("customer_id", "payment_method", "customer",
                                                 rows=_known("payment_method"))),
        Part("D4 impossible birth dates", same_values(
            "customer_id", "birth_date", "customer",
            advice=" Ages outside 18 to 100 (the 1900-01-01 placeholder) become missing.")),
        Part("D5 missing values", same_values(
            "customer_id", ["region", "payment_method"], "customer", rows=_blank,
            advice=" A blank becomes the category 'unknown'.")),
    ],
)


# -- DE-3: test the data ---------------------------------------------------------------------
SCHEMA_SAMPLE = 20_000  # events in each batch the schema is tried on


def event_batches(seed: int) -> dict:
    """The cleaned usage events as a clean batch and six defective deliveries.

    ``{name: (what is wrong, DataFrame)}``; the notebook shows ``clean`` and ``negative``,
    the other five are the hidden tests.
    """
    import numpy as np
    import pandas as pd

    from dsroles.churn import params as P

    clean = de._events_clean(seed).iloc[:SCHEMA_SAMPLE].reset_index(drop=True)
    rng = np.random.default_rng([int(seed), 17])
    rows = np.sort(rng.choice(len(clean), size=8, replace=False))

    def spoilt(column, values):
        batch = clean.copy()
        batch.loc[rows, column] = values
        return batch

    return {
        "clean": ("the clean events", clean),
        "negative": ("negative durations", spoilt("seconds", -clean.loc[rows, "seconds"] - 1)),
        "replayed": ("events replayed by a collector",
                     pd.concat([clean, clean.iloc[rows]], ignore_index=True)),
        "new_device": ("a device nobody has mapped ('console')", spoilt("device", "console")),
        "endless": ("sessions of 13 hours (a player that never stopped)",
                    spoilt("seconds", int(P.MAX_SESSION_MINUTES * 60) + 3600)),
        "bare_ids": ("customer ids without their 'C'", spoilt(
            "customer_id", clean.loc[rows, "customer_id"].str[1:].to_numpy())),
        "no_time": ("events with no timestamp", spoilt("ts", pd.NaT)),
    }


HIDDEN_BATCHES = ("replayed", "new_device", "endless", "bare_ids", "no_time")

schema_shown = Exercise(
    "de_exam.schema_shown",
    expected=event_batches,
    context=("seed",),
    precheck=lambda value, batches, context: de._as_schema(value),
    parts=[Part("clean batch passes", de._passes_clean),
           Part("rejects negative durations", de._rejects("negative"))],
)

schema_unseen = Exercise(
    "de_exam.schema_unseen",
    expected=event_batches,
    context=("seed",),
    precheck=de._passes_clean,
    parts=[Part(f"rejects {name.replace('_', ' ')}", de._rejects(name)) for name in HIDDEN_BATCHES],
)


# -- DE-4: a maintainable pipeline -----------------------------------------------------------
def _reference_load_tickets(store, batch):
    """Add a batch of tickets to the store: a re-delivered ticket_id replaces the old row."""
    import pandas as pd

    out = pd.concat([store, batch], ignore_index=True)
    out = out.drop_duplicates("ticket_id", keep="last")
    return out.sort_values("ticket_id", ignore_index=True)


def ticket_load_cases(seed: int) -> list[Case]:
    """The loads the learner's function is tried on (none of them shown in the notebook)."""
    from dsroles.churn.features import month_of, shift_month

    tickets = de._tickets(seed)
    month = shift_month(exam_month(seed), 1)
    opened = month_of(tickets["opened_at"])
    before, batch = tickets[opened < month], tickets[opened == month].reset_index(drop=True)
    loaded = _reference_load_tickets(before, batch)
    fixed = batch.copy()
    fixed.loc[:2, "category"] = fixed.loc[:2, "category"].map(
        {"billing": "account", "account": "billing", "content": "technical",
         "technical": "content"})
    return [
        Case((tickets.iloc[:0], batch), label="the first load, into an empty store"),
        Case((before, batch), label=f"the tickets of {month}"),
        Case((loaded, batch), label=f"the tickets of {month} loaded again after a retry"),
        Case((loaded, fixed),
             label=f"the tickets of {month} re-delivered with three categories corrected"),
    ]


def on_cases(reference, compare):
    """A comparison for a function answer: ``fn`` against ``reference`` on each ``Case``.

    The first case where they disagree is named by its label; the learner's exception is
    reported in words (the lesson module's ``_guarded``).
    """
    def check(fn, cases, context):
        de._require_function(fn)
        for case in cases:
            want = reference(*copy.deepcopy(case.args))
            got = de._guarded(fn, *copy.deepcopy(case.args))
            try:
                compare(got, want, what="the result")
            except Incorrect as exc:
                raise Incorrect(f"for {case.label}: {exc}") from None
    return check


def _same_table(got, want, what):
    check_frame(got, want, dtypes=False, what=what)


load_tickets = Exercise(
    "de_exam.load_tickets",
    compare=on_cases(_reference_load_tickets, _same_table),
    expected=ticket_load_cases,
    context=("seed",),
)


def _reference_last_seen(events, month: str):
    """Each customer's last event before the end of ``month``: what the snapshot may know."""
    from dsroles.churn.features import month_end

    known = events[events["ts"] < month_end(month)]
    return known.groupby("customer_id")["ts"].max()


def _boundary_events():
    import pandas as pd

    return pd.DataFrame({
        "event_id": [1, 2, 3, 4, 5],
        "customer_id": ["C100001", "C100001", "C100002", "C100002", "C100003"],
        "session_id": [1, 2, 3, 4, 5],
        "ts": pd.to_datetime(["2025-09-02 10:00", "2025-09-30 23:59:59", "2025-10-01 00:00",
                              "2025-08-31 21:15", "2025-10-12 08:30"], format="ISO8601"),
        "device": ["tv", "web", "tv", "mobile", "tv"],
        "seconds": [1200, 300, 2400, 900, 60],
    })


def last_seen_cases(seed: int) -> list[Case]:
    from dsroles.churn.features import shift_month

    events = de._events_clean(seed)
    return [Case((_boundary_events(), "2025-09"), label="events around the end of September")] + [
        Case((events, m), label=f"the history, snapshot {m}")
        for m in (shift_month(exam_month(seed), 1), "2025-12")]


def _timestamps(series, what: str) -> dict:
    import pandas as pd

    if type(series) is not pd.Series:
        raise Incorrect(f"{what} is {a_type(series)}; a Series of timestamps indexed by "
                        "customer_id is expected.")
    if series.dtype.kind != "M":
        raise Incorrect(f"{what} holds {series.dtype} values; timestamps are expected.")
    values = series.dropna().astype("datetime64[ns]")
    return dict(zip(values.index.astype(str), values.to_numpy()))


def _same_last_seen(got, want, what):
    got, want = _timestamps(got, what), _timestamps(want, what)
    later = sum(1 for k, v in got.items() if k not in want or v > want[k])
    wrong = sum(1 for k in set(got) | set(want) if got.get(k) != want.get(k))
    if later:
        raise Incorrect(f"{what} is later than the snapshot allows for "
                        f"{_plural(later, 'customer')}: it uses events from after the end of "
                        "the month, which the model will not have when it predicts.")
    if wrong:
        raise Incorrect(f"{what} is wrong for {_plural(wrong, 'customer')}: it misses events "
                        "the company already had at the end of the month.")


last_seen = Exercise(
    "de_exam.last_seen",
    compare=on_cases(_reference_last_seen, _same_last_seen),
    expected=last_seen_cases,
    context=("seed",),
)


# -- DE-5: volume ----------------------------------------------------------------------------
def _device_usage_reference(path):
    """Active customers, sessions and hours per month and device, by pandas on every event."""
    import pandas as pd

    from dsroles.churn.clean import clean_events

    events = clean_events(pd.read_parquet(path))
    month = events["ts"].to_numpy().astype("datetime64[M]")  # faster than strftime per row
    out = (events.assign(month=month).groupby(["month", "device"])
           .agg(customers=("customer_id", "nunique"), sessions=("session_id", "nunique"),
                hours=("seconds", "sum"))
           .reset_index())
    out["month"] = out["month"].dt.strftime("%Y-%m")
    out["hours"] = out["hours"] / 3600.0
    return out.astype({"month": str, "device": str})[DEVICE_USAGE_COLUMNS]


_MONTH_DEVICE = ["month", "device"]


def _usage_parts(what: str) -> list[Part]:
    return [
        Part("columns", _columns),
        Part("one row per month and device", one_row_per(_MONTH_DEVICE, "month-device pair")),
        Part("customers and sessions", same_values(
            _MONTH_DEVICE, ["customers", "sessions"], "month-device pair",
            advice=" ".join(["", *([what] if what else []), "Count distinct customers and "
                             "distinct sessions, after dropping the replayed events and the "
                             "negative durations."]))),
        Part("hours", same_values(_MONTH_DEVICE, "hours", "month-device pair",
                                  advice=" Sum the seconds of the cleaned events, / 3600.")),
    ]


device_usage = _frame_task(
    "de_exam.device_usage",
    expected=lambda seed: _device_usage_reference(events_path(seed)),
    parts=_usage_parts("A heartbeat log has several events per session."),
)


def _run_measured(fn, path):
    """(result, peak MB allocated in Python) of ``fn(path)``; its exceptions in words."""
    import tracemalloc

    import duckdb  # noqa: F401  imported before measuring: only the work counts
    import pyarrow.parquet  # noqa: F401

    if tracemalloc.is_tracing():
        tracemalloc.stop()
    tracemalloc.start()
    try:
        result = de._guarded(fn, str(path))
        peak = tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()
    return result, peak


def unseen_events(seed: int):
    """The next quarter's heartbeat log as a collector delivered it: some events replayed
    (identical copies), some durations negative. Never shown in the notebook."""
    def make():
        import numpy as np
        import pandas as pd

        from dsroles.churn import ingest

        events = ingest.read_events(de.data_dir(seed) / "next_quarter" / "usage_events.parquet")
        rng = np.random.default_rng([int(seed), 23])
        negative = rng.choice(len(events), size=150, replace=False)
        events.loc[negative, "seconds"] = -events.loc[negative, "seconds"] - 1
        replayed = events.iloc[np.sort(rng.choice(len(events), size=1000, replace=False))]
        return heartbeats(pd.concat([events, replayed], ignore_index=True))

    return _exam_file(seed, "heartbeats-unseen.parquet", make)


def _budget_cases(seed: int):
    path = unseen_events(seed)
    return {"path": path, "expected": _device_usage_reference(path), "runs": {}}


def _measured(fn, case):
    """``_run_measured`` once per function and case: both parts read the same run."""
    runs = case["runs"]
    if fn not in runs:
        runs.clear()
        runs[fn] = _run_measured(fn, case["path"])
    return runs[fn]


def _budget_result(fn, case, context):
    result, _ = _measured(fn, case)
    require_frame(result, "what your function returned")
    for part in _usage_parts(""):
        try:
            part.check(result, case["expected"], context)
        except Incorrect as exc:
            raise Incorrect(f"{part.name}: {exc}") from None


def _within_budget(fn, case, context):
    try:
        _budget_result(fn, case, context)
    except Incorrect:
        raise Incorrect("not measured while the table is wrong: a wrong answer earns "
                        "nothing for its memory use.") from None
    _, peak = _measured(fn, case)
    if peak > MEMORY_BUDGET_MB:
        raise Incorrect(f"your function allocated {peak:.1f} MB in Python on the unseen log; "
                        f"the budget is {MEMORY_BUDGET_MB:.0f} MB. Let DuckDB read the "
                        "Parquet file and bring back only the small result.")


usage_in_budget = Exercise(
    "de_exam.usage_in_budget",
    expected=_budget_cases,
    context=("seed",),
    precheck=lambda fn, case, context: de._require_function(fn),
    parts=[Part("the same table on an unseen log", _budget_result),
           Part("within the memory budget", _within_budget)],
)


# -- DE-6: keep PII out ----------------------------------------------------------------------
def _customer_dim_reference(seed: int):
    from dsroles.churn import pii

    crm = _crm_clean(seed)
    return crm.assign(customer_key=pii.pseudonymise(crm["customer_id"]))[DIM_COLUMNS]


def _dim_keys(value, expected, context):
    _need(value, "customer_key")
    want = set(expected["customer_key"])
    got = value["customer_key"].astype(str)
    joined = int(got.isin(want).sum())
    if joined < len(want) or len(got) != len(want):
        raise Incorrect(f"{joined} of {len(got)} keys join the feature table's "
                        f"{len(want)} customer keys: use the same pseudonymisation as the "
                        "pipeline, one row per customer.")


customer_dim = _frame_task(
    "de_exam.customer_dim",
    expected=_customer_dim_reference,
    parts=[
        Part("no personal data", de._no_personal_data),
        Part("keys join the feature table", _dim_keys),
        Part("columns and attributes", _columns_then(
            same_values("customer_key", ["region", "contract", "payment_method"], "customer"))),
    ],
)


def _month_tickets_reference(seed: int):
    """The exam month's tickets: pseudonymised key, category and redacted text."""
    from dsroles.churn import pii
    from dsroles.churn.features import month_of

    t = de._tickets(seed)
    t = t[month_of(t["opened_at"]) == exam_month(seed)]
    return t.assign(customer_key=pii.pseudonymise(t["customer_id"]),
                    text=pii.redact(t["text"]))[TICKET_COLUMNS].reset_index(drop=True)


month_tickets = _frame_task(
    "de_exam.month_tickets",
    expected=_month_tickets_reference,
    parts=[
        Part("no personal data", de._no_personal_data),
        Part("keys join the feature table", de._joins_feature_table),
        Part("the month's tickets and columns",
             _columns_then(one_row_per("ticket_id", "ticket"))),
    ],
)

