"""The data engineer's monthly flow in Dagster, run in-process (no server, no daemon).

    billing_month --(blocking contract check)--> stored_month --> month_summary
                                                              \\-> failed_payments_month

``billing_month`` reads a month from a flaky source and is retried with exponential backoff;
the blocking asset check ``billing_contract`` stops the run before anything is written when
the month breaks ``monthly.MONTH_CONTRACT``; ``stored_month`` writes the month as one file,
so a backfill of past months ends with the same store as the month-by-month runs.

    flow = build_flow(source, store)
    result = run_month(flow, "2025-11")        # one run, as the schedule would start it
    history = run_history(flow.instance)      # the orchestrator's own records, per month
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FIRST_MONTH, LAST_MONTH = "2025-01", "2026-03"
QUIET = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}  # the records keep all


def months(first: str = FIRST_MONTH, last: str = LAST_MONTH) -> list[str]:
    import pandas as pd

    return [str(p) for p in pd.period_range(first, last, freq="M")]


def partitions(first: str = FIRST_MONTH, last: str = LAST_MONTH):
    """Monthly partitions keyed by the first day of each month, from ``first`` to ``last``."""
    import dagster as dg
    import pandas as pd

    end = (pd.Period(last, "M") + 1).to_timestamp().strftime("%Y-%m-%d")
    return dg.MonthlyPartitionsDefinition(start_date=f"{first}-01", end_date=end)


def retry_policy(max_retries: int = 3, delay: float = 0.01):
    """Retry a failed read ``max_retries`` times, waiting delay, 2 x delay, 4 x delay..."""
    import dagster as dg

    return dg.RetryPolicy(max_retries=max_retries, delay=delay, backoff=dg.Backoff.EXPONENTIAL)


@dataclass
class Flow:
    definitions: object   # dagster.Definitions
    job: object           # the monthly job (every asset and the check)
    schedule: object      # the job's schedule: a run for each month that has just ended
    instance: object      # the DagsterInstance that keeps the run records
    store: Path


def _assets(source, store: Path, policy, part):
    import dagster as dg

    from dsroles.churn import monthly

    @dg.asset(partitions_def=part, retry_policy=policy)
    def billing_month(context):
        """One month of billing with each customer's contract, read from the source."""
        return source.read(context.partition_key[:7])

    @dg.asset_check(asset=billing_month, blocking=True)
    def billing_contract(billing_month):
        """The month keeps its data contract (amounts in pounds, known contract types)."""
        found = monthly.contract_failures(billing_month)
        return dg.AssetCheckResult(passed=not len(found), metadata={
            "failures": [f"{r.column}: {r.check} ({r.count})" for r in found.itertuples()]})

    @dg.asset(partitions_def=part)
    def stored_month(context, billing_month):
        """The month written to the store (one file per month: a rerun replaces it)."""
        return str(monthly.write_month(store, context.partition_key[:7], billing_month))

    @dg.asset(partitions_def=part)
    def month_summary(context, stored_month):
        """Revenue and customers billed in the month, from the stored file."""
        import pandas as pd

        table = pd.read_parquet(stored_month)
        return {"month": context.partition_key[:7], "customers": int(table["customer_id"].nunique()),
                "revenue": round(float(table["amount_billed"].sum()), 2)}

    @dg.asset(partitions_def=part)
    def failed_payments_month(stored_month):
        """Failed payments per contract type in the month, from the stored file."""
        import pandas as pd

        table = pd.read_parquet(stored_month)
        return table.groupby("contract")["failed_payments"].sum().to_dict()

    return [billing_month, stored_month, month_summary, failed_payments_month], [billing_contract]


def build_flow(source, store: str | Path, *, policy=None, first: str = FIRST_MONTH,
               last: str = LAST_MONTH, instance=None) -> Flow:
    """The flow over ``source`` (a ``monthly.MonthlySource``) writing into ``store``.

    The run records live in ``instance`` (an in-memory instance if None, its artefact folder
    under DSROLES_HOME); the assets' values pass in memory, so nothing else is written but the
    store's files."""
    import warnings

    import dagster as dg

    # in a notebook's event loop Dagster leaves a harmless coroutine unawaited at each run
    warnings.filterwarnings("ignore", message="coroutine 'BaseEventLoop.shutdown_asyncgens'")
    part = partitions(first, last)
    assets, checks = _assets(source, Path(store), policy or retry_policy(), part)
    job = dg.define_asset_job("monthly_billing", selection=dg.AssetSelection.all())
    schedule = dg.build_schedule_from_partitioned_job(job, hour_of_day=6)
    definitions = dg.Definitions(assets=assets, asset_checks=checks, jobs=[job],
                                 schedules=[schedule],
                                 resources={"io_manager": dg.mem_io_manager})
    return Flow(definitions, definitions.resolve_job_def("monthly_billing"),
                definitions.resolve_schedule_def(schedule.name),
                instance or dg.DagsterInstance.ephemeral(tempdir=str(_instance_folder())),
                Path(store))


def _instance_folder() -> Path:
    """Where an in-memory instance keeps its few files: ``<DSROLES_HOME>/pipeline/dagster``."""
    from dsroles.paths import home

    folder = home() / "pipeline" / "dagster"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def run_month(flow: Flow, month: str):
    """One run of the monthly job for ``month`` (what the schedule starts each month)."""
    return flow.job.execute_in_process(partition_key=f"{month}-01", instance=flow.instance,
                                       raise_on_error=False, run_config=QUIET)


def backfill(flow: Flow, months_: list[str]) -> dict:
    """Run the job for each past month (newest first, as a backfill may); ``{month: success}``."""
    return {m: run_month(flow, m).success for m in sorted(months_, reverse=True)}


def graph(flow: Flow) -> dict:
    """The flow's DAG as the orchestrator holds it: ``{asset: (parents, checks)}``."""
    assets = flow.definitions.resolve_asset_graph()
    return {key.to_user_string(): (sorted(p.to_user_string() for p in assets.get(key).parent_keys),
                                   sorted(c.name for c in assets.get(key).check_keys))
            for key in assets.get_all_asset_keys()}


def _outcome(kinds: list[str]) -> str:
    if "RUN_FAILURE" in kinds or "STEP_FAILURE" in kinds:
        return "failed"
    return "retried" if "STEP_UP_FOR_RETRY" in kinds else "success"


def _reason(kinds: list[str], check_failed: bool) -> str:
    if check_failed:
        return "contract broken: nothing written"
    if "STEP_FAILURE" in kinds:
        return "source gave up after its retries"
    return ""


def run_history(instance):
    """One row per run, oldest first, read from the orchestrator's records: the month, the
    outcome (success, retried, failed), how many retries, and why a run failed."""
    import pandas as pd

    rows = []
    for record in reversed(instance.get_run_records()):
        run = record.dagster_run
        events = [e.dagster_event for e in instance.all_logs(run.run_id) if e.dagster_event]
        kinds = [e.event_type_value for e in events]
        check_failed = any(e.event_type_value == "ASSET_CHECK_EVALUATION"
                           and not e.event_specific_data.passed for e in events)
        rows.append({"month": run.tags.get("dagster/partition", "")[:7], "run_id": run.run_id[:8],
                     "outcome": _outcome(kinds), "retries": kinds.count("STEP_UP_FOR_RETRY"),
                     "why": _reason(kinds, check_failed)})
    return pd.DataFrame(rows, columns=["month", "run_id", "outcome", "retries", "why"])


def fresh_store(name: str) -> Path:
    """An empty folder ``<DSROLES_HOME>/pipeline/<name>`` for a store (emptied if it exists)."""
    import shutil

    from dsroles.paths import home

    folder = home() / "pipeline" / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder
