"""Planning (seed 003, Q4): next year's PD plan over the shared catalogue, and mentor matches.

The catalogue's seats are shared by every school, so placement is one municipal
pass: `compute` collects each chunk's needs and stores its `mentor_matches`
(T04); `finalize` places every need (`analysis.placement`) and writes a
`PlanEntry` per seat and per unmet need, each school's `plan_by_org` (with the
titles, topics and causes PlanEntry has no column for) and the `plan_summary`.
Organizations of the low effectiveness group (the latest monitoring run) are
served first.
`PlanEntry.year` is the cycle year (the key a re-run replaces); the plan is for
the next calendar year (`plan_year`).
"""

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from sqlmodel import Session, col, delete, select

from metodist.analysis.mentors import match_mentors
from metodist.analysis.placement import (
    CAUSES,
    REASONS,
    CatalogueItem,
    PlanResult,
    TeacherNeeds,
    collect_needs,
    place_needs,
)
from metodist.config import thresholds
from metodist.db import session_scope
from metodist.stages import runs
from metodist.stages.catalogue import load_catalogue
from metodist.stages.outputs import profiles, replace_outputs
from models import OrgIndicator, PlanEntry
from models.payloads import (
    CourseSeats,
    CoveredNeed,
    Mentoring,
    MentorMatch,
    MentorMatches,
    OrgPlanCounts,
    Payload,
    PlanByOrg,
    PlanSummary,
    Seat,
    UnplacedNeed,
)
from rules.thresholds import Thresholds

#: what the analysis reads of a profile (`snapshot.load_orgs`): the rest is not loaded
PARTS = ("scores", "courses_done", "requests")


def compute(
    url: str | None, *, run_id: int, year: int, as_of: date, org_codes: Sequence[str]
) -> dict[str, Any]:
    """Store the chunk's `mentor_matches`; return its needs and mentoring counts."""
    th = thresholds()
    rows: list[tuple[str | None, Payload]] = []
    young_without = matched = 0
    with session_scope(url) as s:
        orgs = profiles(s, org_codes, as_of=as_of, parts=PARTS)
        for org in orgs:
            names = {t.code: t.full_name for t in org.teachers}
            matches = match_mentors(org, as_of=as_of, th=th)
            young_without += len(matches)
            matched += sum(m.mentor_code is not None for m in matches.values())
            payload = MentorMatches(
                {
                    code: MentorMatch(
                        mentee_name=names[code],
                        mentor_code=m.mentor_code,
                        mentor_name=m.mentor_name,
                        shared_subjects=tuple(m.shared_subjects),
                        reason=m.reason,
                    )
                    for code, m in matches.items()
                }
            )
            rows.append((org.code, payload))
        kinds = (MentorMatches.KIND,)
        replace_outputs(s, run_id=run_id, kinds=kinds, org_codes=org_codes, rows=rows)
        groups = effectiveness_groups(s, year=year, org_codes=org_codes)
    return {
        "org_codes": [o.code for o in orgs],
        "teachers": sum(len(o.teachers) for o in orgs),
        "needs": collect_needs(orgs, as_of=as_of, th=th, groups=groups),
        "young_without_mentor": young_without,
        "mentor_matched": matched,
    }


def effectiveness_groups(
    session: Session, *, year: int, org_codes: Sequence[str]
) -> dict[str, str]:
    """Organization -> effectiveness group from the year's latest monitoring run; empty
    when monitoring has not run (the plan then gives no group priority)."""
    run = runs.latest_run(session, year=year, stage="monitoring")
    if run is None:
        return {}
    rows = session.exec(
        select(OrgIndicator.org_code, OrgIndicator.group).where(
            OrgIndicator.run_id == run.id, col(OrgIndicator.org_code).in_(org_codes)
        )
    ).all()
    return dict(rows)


def finalize(
    url: str | None,
    *,
    run_id: int,
    year: int,
    as_of: date,
    partials: Sequence[dict[str, Any]],
) -> dict[str, Any]:
    """Place every need over the catalogue; write PlanEntry rows, `plan_by_org`, `plan_summary`."""
    th = thresholds()
    needs: list[TeacherNeeds] = [n for p in partials for n in p["needs"]]
    org_codes = sorted({c for p in partials for c in p["org_codes"]})
    with session_scope(url) as s:
        catalogue = load_catalogue(s)
    plan = place_needs(needs, catalogue, th=th)
    courses = {c.code: c for c in catalogue}

    entries = [
        {
            "run_id": run_id,
            "year": year,
            "teacher_code": p.teacher_code,
            "org_code": p.org_code,
            "course_code": p.course_code,
            "area": p.area,
            "quarter": p.quarter,
            "hours": p.hours,
            "reason": p.reason,
            "placed": True,
        }
        for p in plan.placements
    ] + [
        {
            "run_id": run_id,
            "year": year,
            "teacher_code": u.teacher_code,
            "org_code": u.org_code,
            "course_code": None,
            "area": u.area,
            "quarter": None,
            "hours": None,
            "reason": u.reason,
            "placed": False,
        }
        for u in plan.unplaced
    ]
    summary = replace(
        plan_summary(plan, catalogue, needs, year=year, as_of=as_of, th=th),
        mentoring=Mentoring(
            young_without_mentor=sum(p["young_without_mentor"] for p in partials),
            matched=sum(p["mentor_matched"] for p in partials),
        ),
        teachers=sum(p["teachers"] for p in partials),
    )
    by_org = plan_by_org(plan, courses, org_codes)
    with session_scope(url) as s:
        s.exec(delete(PlanEntry).where(col(PlanEntry.run_id) == run_id))  # type: ignore[call-overload]
        if entries:
            s.connection().execute(PlanEntry.__table__.insert(), entries)  # type: ignore[attr-defined]
        replace_outputs(
            s,
            run_id=run_id,
            kinds=(PlanByOrg.KIND,),
            org_codes=org_codes,
            rows=list(by_org.items()),
        )
        replace_outputs(
            s,
            run_id=run_id,
            kinds=(PlanSummary.KIND,),
            org_codes=None,
            rows=[(None, summary)],
        )
    return {
        "teachers": summary.teachers,
        "placements": summary.placements,
        "covered": summary.covered,
        "unplaced": summary.unplaced,
        "young_without_mentor": summary.mentoring.young_without_mentor,
        "mentor_matched": summary.mentoring.matched,
    }


def plan_summary(
    plan: PlanResult,
    catalogue: Sequence[CatalogueItem],
    needs: Sequence[TeacherNeeds],
    *,
    year: int,
    as_of: date,
    th: Thresholds,
) -> PlanSummary:
    """The municipal `plan_summary` (see the module doc and the report), mentoring aside."""
    used = Counter(p.course_code for p in plan.placements)
    demand, capacity = plan.demand_by_area, plan.capacity_by_area
    per_org: dict[str, Counter[str]] = defaultdict(Counter)
    for kind, items in (
        ("placements", plan.placements),
        ("covered", plan.covered),
        ("unplaced", plan.unplaced),
    ):
        for x in items:
            per_org[x.org_code][kind] += 1
    return PlanSummary(
        cycle_year=year,
        plan_year=year + 1,
        as_of=as_of,
        max_courses_per_teacher=th.planning.max_courses_per_teacher,
        teachers_with_needs=len(needs),
        placements=len(plan.placements),
        teachers_placed=len({p.teacher_code for p in plan.placements}),
        by_reason=_count((p.reason for p in plan.placements), REASONS),
        by_quarter=_count((str(p.quarter) for p in plan.placements), ("1", "2", "3", "4")),
        covered=len(plan.covered),
        covered_by_reason=_count((c.reason for c in plan.covered), REASONS),
        unplaced=len(plan.unplaced),
        unplaced_by_reason=_count((u.reason for u in plan.unplaced), REASONS),
        unplaced_by_cause=_count((u.cause for u in plan.unplaced), CAUSES),
        unplaced_by_area=_count((u.area or "any" for u in plan.unplaced), ()),
        demand_by_area=demand,
        capacity_by_area=capacity,
        shortfall_by_area={a: demand[a] - capacity[a] for a in demand if demand[a] > capacity[a]},
        courses=tuple(
            CourseSeats(
                code=c.code,
                title=c.title,
                areas=tuple(c.areas),
                quarter=c.quarter,
                hours=c.hours,
                format=c.format,
                provider=c.provider,
                capacity=c.capacity,
                seats_used=used.get(c.code, 0),
            )
            for c in sorted(catalogue, key=lambda c: c.code)
        ),
        by_org={
            code: OrgPlanCounts(*(counts.get(k, 0) for k in ("placements", "covered", "unplaced")))
            for code, counts in sorted(per_org.items())
        },
    )


def plan_by_org(
    plan: PlanResult, courses: dict[str, CatalogueItem], org_codes: Sequence[str]
) -> dict[str, PlanByOrg]:
    """Per school: its placements (with course details), covered and unplaced needs."""
    seats: dict[str, list[Seat]] = {code: [] for code in org_codes}
    covered: dict[str, list[CoveredNeed]] = {code: [] for code in org_codes}
    unplaced: dict[str, list[UnplacedNeed]] = {code: [] for code in org_codes}
    for p in plan.placements:
        c = courses[p.course_code]
        seats[p.org_code].append(
            Seat(
                teacher_code=p.teacher_code,
                course_code=p.course_code,
                course_title=p.course_title,
                area=p.area,
                quarter=p.quarter,
                hours=p.hours,
                reason=p.reason,
                areas=tuple(c.areas),
                format=c.format,
                provider=c.provider,
            )
        )
    for cov in plan.covered:
        covered[cov.org_code].append(
            CoveredNeed(
                teacher_code=cov.teacher_code,
                area=cov.area,
                reason=cov.reason,
                topic=cov.topic,
                course_code=cov.course_code,
                course_title=courses[cov.course_code].title,
            )
        )
    for u in plan.unplaced:
        unplaced[u.org_code].append(
            UnplacedNeed(
                teacher_code=u.teacher_code,
                area=u.area,
                reason=u.reason,
                cause=u.cause,
                topic=u.topic,
            )
        )
    return {
        code: PlanByOrg(tuple(seats[code]), tuple(covered[code]), tuple(unplaced[code]))
        for code in org_codes
    }


def _count(values: Any, keys: Sequence[str]) -> dict[str, int]:
    counts = Counter(values)
    return {k: counts.get(k, 0) for k in [*keys, *sorted(set(counts) - set(keys))]}
