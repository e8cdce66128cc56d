"""Diagnostics (Q2–Q3): each teacher's deficit map and the municipal deficit profile.

Seed 004: personalised PD from the diagnostics of professional deficits.
"""

from datetime import date
from typing import Any

from prefect import flow

from flows.executors import chunk_runner
from flows.factory import run_name, run_stage_flow


@flow(
    name="metodist-diagnostics", flow_run_name=run_name("diagnostics"), task_runner=chunk_runner()
)
def diagnostics(
    year: int | None = None,
    as_of: date | None = None,
    chunk_size: int | None = None,
    database_url: str | None = None,
) -> dict[str, Any]:
    """Run the stage for `year` (default: the year of `as_of`, itself default today)."""
    return run_stage_flow(
        "diagnostics", year=year, as_of=as_of, chunk_size=chunk_size, database_url=database_url
    )
