"""Next year's PD plan (Q4, seed 003 item 3): `PlanContext`.

From the planning run: `plan_summary` lists every catalogue course with its
seats; each school's `plan_by_org` names who sits where and which needs went
unmet, and why (no suitable course, no seats, the course limit). The plan
holds the courses with at least one participant: a course nobody was placed
on forms no group, though its seats still count in the summary's capacity by
area (M06).
"""

from collections import Counter, defaultdict
from datetime import date

from sqlmodel import col, select

from metodist.analysis.placement import CAUSES
from metodist.documents import context as c
from metodist.documents.labels import AREAS
from metodist.documents.views.common import (
    SessionOrUrl,
    municipal_meta,
    name_key,
    reading,
    stage_results,
)
from models import Teacher
from models.payloads import PlanByOrg, PlanSummary


def build_plan(session_or_url: SessionOrUrl, *, year: int, as_of: date) -> c.PlanContext:
    with reading(session_or_url) as s:
        results = stage_results(
            s,
            year=year,
            stage="planning",
            document="the PD plan",
            municipal=PlanSummary,
            per_org=PlanByOrg,
        )
        summary, per_org, orgs = results.municipal, results.per_org, results.orgs
        seated = sorted({p.teacher_code for o in per_org.values() for p in o.placements})
        names = dict(
            s.exec(
                select(Teacher.code, Teacher.full_name).where(col(Teacher.code).in_(seated))
            ).all()
        )

    org_names = {o.code: o.name for o in orgs}
    participants: dict[str, list[c.Participant]] = defaultdict(list)
    unmet: dict[str, set[str]] = defaultdict(set)
    causes: dict[str, Counter[str]] = defaultdict(Counter)
    for code, payload in per_org.items():
        for p in payload.placements:
            name = names.get(p.teacher_code, p.teacher_code)
            participants[p.course_code].append(c.Participant(name, org_names.get(code, code)))
        for u in payload.unplaced:
            unmet[u.area or ""].add(u.teacher_code)
            causes[u.area or ""][u.cause or ""] += 1
    groups = tuple(
        c.CourseGroup(
            course_code=course.code,
            title=course.title,
            areas=course.areas,
            hours=int(course.hours or 0),
            provider=course.provider or "",
            format=course.format,
            quarter=int(course.quarter),
            capacity=int(course.capacity or 0),
            participants=tuple(
                sorted(
                    participants[course.code],
                    key=lambda p: (name_key(p.org_name), name_key(p.full_name)),
                )
            ),
        )
        for course in sorted(summary.courses, key=lambda x: (x.quarter, x.code))
        if participants.get(course.code)
    )
    area_order = {a: i for i, a in enumerate(AREAS)}
    return c.PlanContext(
        meta=municipal_meta(orgs, year=year, as_of=as_of),
        plan_year=int(summary.plan_year or year + 1),
        groups=groups,
        unmet=tuple(
            c.UnmetDemand(area, len(teachers), tuple((k, causes[area][k]) for k in CAUSES))
            for area, teachers in sorted(
                unmet.items(), key=lambda kv: (area_order.get(kv[0], len(area_order)), kv[0])
            )
        ),
    )
