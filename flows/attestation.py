"""Attestation analysis (Q4): the analytic note on categories, expiries and СЗД due.

Seed 003, item 6: analysis of attestation against the professional standard.
"""

from datetime import date
from typing import Any

from prefect import flow

from flows.executors import chunk_runner
from flows.factory import run_name, run_stage_flow


@flow(
    name="metodist-attestation", flow_run_name=run_name("attestation"), task_runner=chunk_runner()
)
def attestation(
    year: int | None = None,
    as_of: date | None = None,
    chunk_size: int | None = None,
    database_url: str | None = None,
) -> dict[str, Any]:
    """Run the stage for `year` (default: the year of `as_of`, itself default today)."""
    return run_stage_flow(
        "attestation", year=year, as_of=as_of, chunk_size=chunk_size, database_url=database_url
    )
