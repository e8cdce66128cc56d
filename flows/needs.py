"""Needs collection (Q1–Q2): the requests database, summarised by area, format and school.

Seed 003, item 2: «База данных о запросах в области повышения квалификации».
"""

from datetime import date
from typing import Any

from prefect import flow

from flows.executors import chunk_runner
from flows.factory import run_name, run_stage_flow


@flow(name="metodist-needs", flow_run_name=run_name("needs"), task_runner=chunk_runner())
def needs(
    year: int | None = None,
    as_of: date | None = None,
    chunk_size: int | None = None,
    database_url: str | None = None,
) -> dict[str, Any]:
    """Run the stage for `year` (default: the year of `as_of`, itself default today)."""
    return run_stage_flow(
        "needs", year=year, as_of=as_of, chunk_size=chunk_size, database_url=database_url
    )
