"""Needs collection (seed 003, Q1–Q2): the requests database, summed by area, school and format.

Writes `requests_by_org` per school (counts and the list of requests) and the
municipal `requests_summary`. A request counts in the cycle when submitted in
the cycle date's year, not after it, or undated (`placement.is_cycle_request`),
exactly as the plan counts it.
"""

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from metodist.analysis import summaries
from metodist.db import session_scope
from metodist.stages.outputs import profiles, replace_outputs
from models.payloads import RequestsByOrg, RequestsSummary

#: what the analysis reads of a profile (`snapshot.load_orgs`): the rest is not loaded
PARTS = ("requests",)

KINDS = (RequestsByOrg.KIND,)


def compute(
    url: str | None, *, run_id: int, year: int, as_of: date, org_codes: Sequence[str]
) -> list[RequestsByOrg]:
    """Write each school's `requests_by_org`; return them without the request lists."""
    with session_scope(url) as s:
        payloads = [
            summaries.requests_by_org(o, as_of=as_of)
            for o in profiles(s, org_codes, as_of=as_of, parts=PARTS)
        ]
        replace_outputs(
            s,
            run_id=run_id,
            kinds=KINDS,
            org_codes=org_codes,
            rows=[(p.org_code, p) for p in payloads],
        )
    return [replace(p, items=()) for p in payloads]


def finalize(
    url: str | None,
    *,
    run_id: int,
    year: int,
    as_of: date,
    partials: Sequence[list[RequestsByOrg]],
) -> dict[str, Any]:
    """Write the municipal `requests_summary`; return its head figures."""
    summary = summaries.requests_summary(
        (p for part in partials for p in part), year=year, as_of=as_of
    )
    with session_scope(url) as s:
        replace_outputs(
            s,
            run_id=run_id,
            kinds=(RequestsSummary.KIND,),
            org_codes=None,
            rows=[(None, summary)],
        )
    return {
        "orgs": summary.orgs,
        "teachers": summary.teachers,
        "teachers_with_requests": summary.teachers_with_requests,
        "requests": summary.requests,
        "hours": summary.hours,
    }
