"""Recommendations (Q4): the expert system's addressed recommendations with their audit trail.

Every fact of the earlier stages goes in; each recommendation records the rule
that fired, the facts it matched and its source, and waits for a reviewer.
The run publishes the fired rules and a summary as artifacts.
"""

from datetime import date
from typing import Any

from prefect import flow

from flows.artifacts import publish_recommendations
from flows.executors import chunk_runner
from flows.factory import run_name, run_stage_flow


@flow(
    name="metodist-recommendations",
    flow_run_name=run_name("recommendations"),
    task_runner=chunk_runner(),
)
def recommendations(
    year: int | None = None,
    as_of: date | None = None,
    chunk_size: int | None = None,
    database_url: str | None = None,
) -> dict[str, Any]:
    """Run the rule base for `year` (default: the year of `as_of`, which defaults to today)."""
    outcome = run_stage_flow(
        "recommendations", year=year, as_of=as_of, chunk_size=chunk_size, database_url=database_url
    )
    publish_recommendations(database_url, run_id=outcome["run_id"], year=outcome["year"])
    return outcome
