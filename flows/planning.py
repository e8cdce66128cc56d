"""Planning (Q4): next year's capacity-aware PD plan and each teacher's route (ИОМ).

Seed 003, item 3: «План повышения квалификации работников образования».
"""

from datetime import date
from typing import Any

from prefect import flow

from flows.executors import chunk_runner
from flows.factory import run_name, run_stage_flow


@flow(name="metodist-planning", flow_run_name=run_name("planning"), task_runner=chunk_runner())
def planning(
    year: int | None = None,
    as_of: date | None = None,
    chunk_size: int | None = None,
    database_url: str | None = None,
) -> dict[str, Any]:
    """Run the stage for `year` (default: the year of `as_of`, itself default today)."""
    return run_stage_flow(
        "planning", year=year, as_of=as_of, chunk_size=chunk_size, database_url=database_url
    )
