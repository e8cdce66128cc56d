"""Monitoring (Q4): indicators per school, its effectiveness group, the report by school.

Seed 002 (three effectiveness groups); seed 003, item 7 (report by organization).
"""

from datetime import date
from typing import Any

from prefect import flow

from flows.executors import chunk_runner
from flows.factory import run_name, run_stage_flow


@flow(name="metodist-monitoring", flow_run_name=run_name("monitoring"), task_runner=chunk_runner())
def monitoring(
    year: int | None = None,
    as_of: date | None = None,
    chunk_size: int | None = None,
    database_url: str | None = None,
) -> dict[str, Any]:
    """Run the stage for `year` (default: the year of `as_of`, itself default today)."""
    return run_stage_flow(
        "monitoring", year=year, as_of=as_of, chunk_size=chunk_size, database_url=database_url
    )
