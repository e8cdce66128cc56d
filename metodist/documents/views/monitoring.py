"""The analytic report of monitoring by school (Q4, seeds 002 and 003): `MonitoringContext`.

From the monitoring run: each school's `OrgIndicator` row, and the municipal
`monitoring_summary` for the average, names, head counts and the method the
run used (weights and cut-offs as they were, not as configured today). The
coordinator's report shows every indicator, the burnout one included: it is
a municipal document, not a school's packet. Organizations are compared within
their kind: the averages and places by kind come from the summary.
"""

from datetime import date

from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from metodist.analysis.staffing import Staffing, municipal_staffing, org_staffing
from metodist.config import thresholds
from metodist.documents import context as c
from metodist.documents.views.common import (
    SessionOrUrl,
    municipal_meta,
    municipal_output,
    organizations,
    reading,
    require_run,
)
from metodist.stages import runs
from models import Organization, OrgIndicator, Recommendation, Teacher
from models.payloads import MonitoringSummary
from models.profile import TeacherProfile


def build_monitoring(
    session_or_url: SessionOrUrl, *, year: int, as_of: date
) -> c.MonitoringContext:
    with reading(session_or_url) as s:
        run = require_run(s, year=year, stage="monitoring", document="the monitoring report")
        summary = municipal_output(s, run, MonitoringSummary)
        rows = s.exec(
            select(OrgIndicator)
            .where(col(OrgIndicator.run_id) == run.id)
            .order_by(col(OrgIndicator.org_code))
        ).all()
        orgs = organizations(s)
        staffing = _staffing(s, orgs, year=year)

    names = {o.code: o.name for o in orgs}
    lines, method = summary.by_org, summary.method
    return c.MonitoringContext(
        meta=municipal_meta(orgs, year=year, as_of=as_of),
        method=c.MonitoringMethod(
            weights={k: float(w) for k, w in method.weights.items()},
            high=float(method.high),
            medium=float(method.medium),
        ),
        schools=tuple(
            c.SchoolMonitoring(
                org_code=r.org_code,
                org_name=lines[r.org_code].org_name
                if r.org_code in lines
                else names.get(r.org_code, ""),
                indicators=dict(r.indicators),
                composite=r.composite,
                group=r.group,
                teachers=int(lines[r.org_code].teachers) if r.org_code in lines else 0,
                kind=lines[r.org_code].kind if r.org_code in lines else "",
                rank_in_kind=lines[r.org_code].rank_in_kind if r.org_code in lines else 0,
                left_out=lines[r.org_code].left_out if r.org_code in lines else (),
            )
            for r in rows
        ),
        municipal_average={k: v for k, v in summary.average.items() if k != "composite"},
        staffing=staffing,
        municipal_staffing=municipal_staffing("Муниципалитет", staffing),
        average_by_kind={
            kind: {k: v for k, v in average.items() if k != "composite"}
            for kind, average in summary.average_by_kind.items()
        },
    )


def _staffing(s: Session, orgs: list[Organization], *, year: int) -> tuple[Staffing, ...]:
    """Each organization's staffing in the cycle year; O12 from the latest recommendations."""
    th = thresholds()
    rows = (
        s.connection()
        .execute(
            core_select(
                col(Teacher.code),
                col(Teacher.org_code),
                col(Teacher.full_name),
                col(Teacher.birth_year),
                col(Teacher.experience_years),
                col(Teacher.mentor_code),
            )
        )
        .all()
    )
    names = {code: name for code, _, name, *_ in rows}
    by_org: dict[str, list[TeacherProfile]] = {}
    for code, org, name, born, experience, mentor in rows:
        by_org.setdefault(org, []).append(
            TeacherProfile(
                code, org, name, birth_year=born, experience_years=experience, mentor_code=mentor
            )
        )
    recommendations = runs.latest_run(s, year=year, stage="recommendations")
    fired: set[str] = set()
    if recommendations is not None:
        fired = {
            code
            for code in s.exec(
                select(Recommendation.org_code).where(
                    col(Recommendation.run_id) == recommendations.id,
                    col(Recommendation.rule_id) == "O12",
                )
            ).all()
            if code
        }
    return tuple(
        org_staffing(
            o.code,
            o.name,
            by_org.get(o.code, []),
            vacancies=o.vacancies,
            year=year,
            names=names,
            th=th,
            o12=o.code in fired,
        )
        for o in orgs
    )
