"""Packets (Q4): a Russian PDF packet per school and the centre's reports.

A school's packet is marked «ПРОЕКТ» while any of its recommendations is
still proposed (`metodist.review.review_state`). The run publishes the list
of files written as an artifact.
"""

from datetime import date
from typing import Any

from flows.artifacts import publish_packets
from flows.factory import run_stage_flow, stage_flow_options
from models.enums import Stage


@stage_flow_options(Stage.packets)
def packets(
    year: int | None = None,
    as_of: date | None = None,
    chunk_size: int | None = None,
    database_url: str | None = None,
    out_dir: str | None = None,
    html_only: bool = False,
    routes: bool | None = None,
    force: bool = False,
) -> dict[str, Any]:
    """Write the packets for `year` to `out_dir` (default: the configured output folder).

    `html_only` writes the HTML instead of the PDF: for layout work, and fast.
    `routes` also writes each organization's teachers' routes (None: the
    `routes` setting, METODIST_ROUTES). Only documents that changed since the
    latest completed run are rendered; `force` renders every one.
    """
    options = {
        "out_dir": out_dir or None,
        "html_only": html_only,
        "routes": routes,
        "force": force,
    }
    outcome = run_stage_flow(
        Stage.packets,
        year=year,
        as_of=as_of,
        chunk_size=chunk_size,
        database_url=database_url,
        options=options,
    )
    publish_packets(outcome["summary"], run_id=outcome["run_id"], year=outcome["year"])
    return outcome
