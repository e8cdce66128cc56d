"""Monitoring (seeds 002 and 003, Q4): indicators per school and its effectiveness group.

Writes an `OrgIndicator` row per school (the shares it has data for, composite,
group) and the municipal `monitoring_summary` StageOutput: averages and group
counts over all and within each kind of organization, a line per school (its
place within its kind, the indicators left out) and the method (weights,
cut-offs, definitions), so the analytic report can print how groups were assigned.
"""

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlmodel import col, delete

from metodist.analysis.efficacy import course_efficacy
from metodist.analysis.indicators import (
    KINDS,
    OrgIndicators,
    averages_by_kind,
    compute_indicators,
    method_description,
    municipal_average,
    ranks_within_kind,
)
from metodist.config import thresholds
from metodist.db import session_scope
from metodist.stages.outputs import profiles, replace_outputs
from models import OrgIndicator
from models.payloads import MonitoringSummary, SchoolMonitoring

#: what the analysis reads of a profile (`snapshot.load_orgs`): the rest is not loaded
PARTS = ("scores", "courses_done", "competitions", "presentations")
GROUPS = ("high", "medium", "low")


def compute(
    url: str | None, *, run_id: int, year: int, as_of: date, org_codes: Sequence[str]
) -> list[dict[str, Any]]:
    """Write the schools' `OrgIndicator` rows; return them with names for the summary."""
    th = thresholds()
    partial = []
    with session_scope(url) as s:
        orgs = profiles(s, org_codes, as_of=as_of, parts=PARTS)
        s.exec(
            delete(OrgIndicator).where(  # type: ignore[call-overload]
                col(OrgIndicator.run_id) == run_id, col(OrgIndicator.org_code).in_(org_codes)
            )
        )
        values = []
        for org in orgs:
            item = compute_indicators(org, as_of=as_of, th=th)
            values.append(
                {
                    "run_id": run_id,
                    "year": year,
                    "org_code": org.code,
                    "indicators": item.values,
                    "composite": item.composite,
                    "group": item.group,
                }
            )
            partial.append({"item": item, "name": org.name, "kind": org.kind})
        if values:
            s.connection().execute(OrgIndicator.__table__.insert(), values)  # type: ignore[attr-defined]
    return partial


def finalize(
    url: str | None,
    *,
    run_id: int,
    year: int,
    as_of: date,
    partials: Sequence[list[dict[str, Any]]],
) -> dict[str, Any]:
    """Write the municipal `monitoring_summary`; return the group counts."""
    th = thresholds()
    rows = sorted((r for part in partials for r in part), key=lambda r: r["item"].org_code)
    items: list[OrgIndicators] = [r["item"] for r in rows]
    groups = Counter(i.group for i in items)
    by_kind = Counter((i.kind, i.group) for i in items)
    ranks = ranks_within_kind(items)
    summary = MonitoringSummary(
        year=year,
        as_of=as_of,
        orgs=len(items),
        teachers=sum(i.teachers for i in items),
        average=municipal_average(items),
        average_by_kind=averages_by_kind(items),
        groups={g: groups.get(g, 0) for g in GROUPS},
        groups_by_kind={
            k: {g: by_kind.get((k, g), 0) for g in GROUPS}
            for k in KINDS
            if any(i.kind == k for i in items)
        },
        orgs_without_teachers=tuple(i.org_code for i in items if i.teachers == 0),
        method=method_description(th),
        by_org={
            r["item"].org_code: SchoolMonitoring(
                org_name=r["name"],
                kind=r["kind"],
                teachers=r["item"].teachers,
                composite=r["item"].composite,
                group=r["item"].group,
                left_out=r["item"].left_out,
                rank_in_kind=ranks.get(r["item"].org_code, 0),
            )
            for r in rows
        },
    )
    with session_scope(url) as s:
        efficacy = course_efficacy(s, th.efficacy, year=year, as_of=as_of)
        replace_outputs(
            s,
            run_id=run_id,
            kinds=(summary.KIND, efficacy.KIND),
            org_codes=None,
            rows=[(None, summary), (None, efficacy)],
        )
    return {"orgs": len(items), **{g: groups.get(g, 0) for g in GROUPS}}
