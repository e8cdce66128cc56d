"""Needs collection (seed 003, Q1–Q2): the requests database, summed by area, school and format.

Writes `requests_by_org` per school (counts and the list of requests) and the
municipal `requests_summary`. A request counts in the cycle when submitted in
the cycle date's year, not after it, or undated (`placement.is_cycle_request`),
exactly as the plan counts it.
"""

from collections.abc import Sequence
from datetime import date
from typing import Any

from metodist.analysis import summaries
from metodist.db import session_scope
from metodist.stages.outputs import profiles, replace_outputs

#: what the analysis reads of a profile (`snapshot.load_orgs`): the rest is not loaded
PARTS = ("requests",)

KINDS = ("requests_by_org",)


def compute(
    url: str | None, *, run_id: int, year: int, as_of: date, org_codes: Sequence[str]
) -> list[dict[str, Any]]:
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
            rows=[("requests_by_org", p["org_code"], p) for p in payloads],
        )
    return [{k: v for k, v in p.items() if k != "items"} for p in payloads]


def finalize(
    url: str | None,
    *,
    run_id: int,
    year: int,
    as_of: date,
    partials: Sequence[list[dict[str, Any]]],
) -> dict[str, Any]:
    """Write the municipal `requests_summary`; return its head figures."""
    summary = summaries.requests_summary(p for part in partials for p in part)
    payload = {"year": year, "as_of": as_of.isoformat(), **summary}
    with session_scope(url) as s:
        replace_outputs(
            s,
            run_id=run_id,
            kinds=("requests_summary",),
            org_codes=None,
            rows=[("requests_summary", None, payload)],
        )
    return {
        k: summary[k] for k in ("orgs", "teachers", "teachers_with_requests", "requests", "hours")
    }
