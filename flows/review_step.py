"""Steps of the yearly-cycle flow that are not stages."""

from __future__ import annotations

from prefect import task

from flows.factory import RETRY_DELAYS, retry_on_transient_db_error
from metodist.review import review

AUTO_REVIEWER = "metodist (approve_all)"


@task(
    name="approve-all-recommendations",
    retries=len(RETRY_DELAYS),
    retry_delay_seconds=RETRY_DELAYS,
    retry_condition_fn=retry_on_transient_db_error,
)
def approve_all(url: str | None, *, year: int) -> int:
    """Approve every proposed recommendation of the year's latest run (the demo's sign-off)."""
    return review(
        url,
        decision="approved",
        all_=True,
        year=year,
        reviewer=AUTO_REVIEWER,
        comment="approved without review: the cycle was run with approve_all",
    )
