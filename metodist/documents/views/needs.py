"""The summary of the requests database (Q1–Q2, seed 003): `RequestsContext`.

From the needs run: the municipal `requests_summary` gives the counts by
format; each school's `requests_by_org` gives its line and, through its list
of requests, the teachers and hours per area the municipal summary does not
keep (it counts requests only).
"""

from collections import Counter, defaultdict
from datetime import date

from metodist.documents import context as c
from metodist.documents.labels import AREAS
from metodist.documents.views.common import (
    SessionOrUrl,
    municipal_meta,
    reading,
    stage_results,
)
from models.payloads import RequestsByOrg, RequestsSummary


def build_requests(session_or_url: SessionOrUrl, *, year: int, as_of: date) -> c.RequestsContext:
    with reading(session_or_url) as s:
        results = stage_results(
            s,
            year=year,
            stage="needs",
            document="the requests summary",
            municipal=RequestsSummary,
            per_org=RequestsByOrg,
        )
    summary, per_org, orgs = results.municipal, results.per_org, results.orgs

    teachers: dict[str, set[str]] = defaultdict(set)
    hours: Counter[str] = Counter()
    dates: list[date] = []
    for payload in per_org.values():
        for item in payload.items:
            teachers[item.area].add(item.teacher_code)
            hours[item.area] += item.hours or 0
            if item.submitted:
                dates.append(item.submitted)
    by_area_counts = summary.by_area
    areas = [*AREAS, *sorted(set(by_area_counts) - set(AREAS))]
    by_school = tuple(
        c.SchoolRequests(
            org_code=code,
            org_name=p.org_name or code,
            teachers=p.teachers,
            requesting=p.teachers_with_requests,
            by_area={a: int(n) for a, n in p.by_area.items()},
        )
        for code, p in sorted(per_org.items())
    )
    by_format = tuple(
        c.FormatRequests(None if fmt == "unspecified" else fmt, int(n))
        for fmt, n in sorted(summary.by_format.items(), key=lambda kv: -kv[1])
        if n
    )
    return c.RequestsContext(
        meta=municipal_meta(orgs, year=year, as_of=as_of),
        by_area=tuple(
            c.AreaRequests(a, int(by_area_counts.get(a, 0)), len(teachers[a]), hours[a])
            for a in areas
        ),
        by_school=by_school,
        by_format=by_format,
        period_start=min(dates, default=None),
        period_end=max(dates, default=None),
    )
