"""Recommendations (Q4): the rule base over every fact of the cycle, with its audit trail.

`compute` evaluates a chunk of schools (their snapshot, the monitoring run's
indicators, the planning run's entries, fresh mentor matches) and writes a
`Recommendation` and a `RuleFiring` per firing; `finalize` runs the centre's
rules over the schools' summaries and the plan summary. Same data and
thresholds give the same recommendations, in the same order, whether the
rules run here or on the shared pool of rule processes (`rule_pool`).
"""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, col, delete, select

from metodist.config import thresholds
from metodist.db import session_scope
from metodist.stages import runs
from metodist.stages.errors import PrerequisiteMissing
from metodist.stages.outputs import profiles
from metodist.stages.rule_pool import Cycle, OrgInputs, evaluate_on_pool, release_pool
from models import (
    CatalogueCourse,
    CycleRun,
    OrgIndicator,
    PlanEntry,
    Recommendation,
    RuleFiring,
    StageOutput,
)
from models.enums import ReviewStatus
from models.payloads import PlanByOrg, PlanSummary
from models.payloads_efficacy import EfficacySummary
from rules.adapter import OrgSummary, evaluate_centre
from rules.base import Firing
from rules.version import rulebase_version

STAGE = "recommendations"


@dataclass(frozen=True)
class StoredIndicators:
    """An `OrgIndicator` row in the shape the adapter reads."""

    org_code: str
    values: dict[str, float]
    composite: float
    group: str


@dataclass(frozen=True)
class StoredPlacement:
    """A placed `PlanEntry` with its course's title."""

    teacher_code: str
    org_code: str
    course_code: str
    course_title: str
    area: str | None
    quarter: int | None
    hours: int | None
    reason: str


@dataclass(frozen=True)
class StoredUnplaced:
    """An unplaced `PlanEntry`, with the topic and cause from the plan's `plan_by_org`."""

    teacher_code: str
    org_code: str
    area: str | None
    reason: str
    topic: str
    cause: str


@dataclass
class PlanRows:
    placements: dict[str, list[StoredPlacement]]
    unplaced: dict[str, list[StoredUnplaced]]
    course_areas: dict[str, tuple[str, ...]]


def prerequisite_run(session: Session, *, year: int, stage: str) -> CycleRun:
    run = runs.latest_run(session, year=year, stage=stage)
    if run is None:
        raise PrerequisiteMissing(
            f"no completed {stage} run for {year}: run `metodist run {stage} --year {year}` "
            f"before `metodist run {STAGE}`"
        )
    return run


def load_indicators(
    session: Session, *, run_id: int, org_codes: Sequence[str]
) -> dict[str, StoredIndicators]:
    rows = session.exec(
        select(OrgIndicator).where(
            OrgIndicator.run_id == run_id, col(OrgIndicator.org_code).in_(org_codes)
        )
    ).all()
    return {
        r.org_code: StoredIndicators(r.org_code, dict(r.indicators), r.composite, r.group)
        for r in rows
    }


def load_plan(session: Session, *, run_id: int, org_codes: Sequence[str]) -> PlanRows:
    """The plan's entries for the chunk, with course titles and areas, topics and causes."""
    entries = session.exec(
        select(PlanEntry)
        .where(PlanEntry.run_id == run_id, col(PlanEntry.org_code).in_(org_codes))
        .order_by(col(PlanEntry.id))
    ).all()
    codes = sorted({e.course_code for e in entries if e.course_code})
    courses = {
        c.code: c
        for c in session.exec(
            select(CatalogueCourse).where(col(CatalogueCourse.code).in_(codes))
        ).all()
    }
    details = _unplaced_details(session, run_id=run_id, org_codes=org_codes)
    plan = PlanRows(defaultdict(list), defaultdict(list), {})
    for code, c in courses.items():
        plan.course_areas[code] = tuple(dict.fromkeys(c.areas))
    for e in entries:
        if e.placed and e.course_code:
            course = courses.get(e.course_code)
            plan.placements[e.org_code].append(
                StoredPlacement(
                    teacher_code=e.teacher_code,
                    org_code=e.org_code,
                    course_code=e.course_code,
                    course_title=course.title if course else e.course_code,
                    area=e.area,
                    quarter=e.quarter,
                    hours=e.hours if e.hours is not None else (course.hours if course else None),
                    reason=e.reason,
                )
            )
        elif not e.placed:
            known = details.get((e.teacher_code, e.area, e.reason))
            topic, cause = known.pop(0) if known else ("", "")
            plan.unplaced[e.org_code].append(
                StoredUnplaced(e.teacher_code, e.org_code, e.area, e.reason, topic, cause)
            )
    return plan


def _unplaced_details(
    session: Session, *, run_id: int, org_codes: Sequence[str]
) -> dict[tuple[str, str | None, str], list[tuple[str, str]]]:
    """(teacher, area, reason) -> [(topic, cause), ...] from the planning run's `plan_by_org`."""
    found: dict[tuple[str, str | None, str], list[tuple[str, str]]] = defaultdict(list)
    rows = session.exec(
        select(StageOutput).where(
            StageOutput.run_id == run_id,
            StageOutput.kind == PlanByOrg.KIND,
            col(StageOutput.org_code).in_(org_codes),
        )
    ).all()
    for row in rows:
        for u in PlanByOrg.from_json(row.payload).unplaced:
            found[(u.teacher_code, u.area, u.reason)].append((u.topic or "", u.cause or ""))
    return found


def compute(
    url: str | None, *, run_id: int, year: int, as_of: date, org_codes: Sequence[str]
) -> dict[str, Any]:
    """Evaluate the chunk's organizations; write their recommendations and firings."""
    th = thresholds()
    version = rulebase_version(th)
    with session_scope(url) as s:
        monitoring = prerequisite_run(s, year=year, stage="monitoring")
        planning = prerequisite_run(s, year=year, stage="planning")
        assert monitoring.id is not None and planning.id is not None
        orgs = profiles(s, org_codes, as_of=as_of)
        indicators = load_indicators(s, run_id=monitoring.id, org_codes=org_codes)
        plan = load_plan(s, run_id=planning.id, org_codes=org_codes)

    work: list[OrgInputs] = []
    for org in orgs:
        item = indicators.get(org.code)
        if item is None:
            raise PrerequisiteMissing(
                f"organization {org.code} has no indicators in monitoring run {monitoring.id}: "
                f"re-run `metodist run monitoring --year {year}`"
            )
        work.append(
            OrgInputs(
                org,
                item,
                tuple(plan.placements.get(org.code, ())),
                tuple(plan.unplaced.get(org.code, ())),
            )
        )
    evaluated = evaluate_on_pool(work, Cycle(as_of, year, th, dict(plan.course_areas)))
    firings = [f for e in evaluated for f in e.firings]
    summaries = [e.summary for e in evaluated]

    with session_scope(url) as s:
        _delete_written(s, run_id=run_id, org_codes=org_codes)
        written = write_firings(s, run_id=run_id, year=year, version=version, firings=firings)
    return {"orgs": summaries, "recommendations": written}


def finalize(
    url: str | None,
    *,
    run_id: int,
    year: int,
    as_of: date,
    partials: Sequence[Mapping[str, Any]],
) -> dict[str, Any]:
    """The municipal pass: M01–M06 over the schools' summaries and the plan summary."""
    release_pool()  # every chunk is done: the rule processes are not needed any more
    th = thresholds()
    version = rulebase_version(th)
    summaries = sorted(
        (OrgSummary.from_json(o) for p in partials for o in p["orgs"]), key=lambda s: s.org_code
    )
    with session_scope(url) as s:
        planning = prerequisite_run(s, year=year, stage="planning")
        stored = s.exec(
            select(StageOutput.payload).where(
                StageOutput.run_id == planning.id, StageOutput.kind == PlanSummary.KIND
            )
        ).first()
        efficacy = load_efficacy(s, year=year)
    plan_summary = PlanSummary.from_json(stored or {})
    firings = evaluate_centre(
        summaries, plan_summary, th=th, year=year, as_of=as_of, efficacy=efficacy.courses
    )
    with session_scope(url) as s:
        _delete_written(s, run_id=run_id, org_codes=None)
        centre = write_firings(s, run_id=run_id, year=year, version=version, firings=firings)
        run = s.get(CycleRun, run_id)
        if run is not None:
            run.rulebase_version = version
            s.add(run)
    by_rule: dict[str, int] = defaultdict(int)
    for summary in summaries:
        for rule_id, n in summary.fired.items():
            by_rule[rule_id] += n
    for f in firings:
        by_rule[f.rule_id] += 1
    return {
        "rulebase_version": version,
        "orgs": len(summaries),
        "recommendations": sum(int(p["recommendations"]) for p in partials) + centre,
        "centre": centre,
        "by_rule": dict(sorted(by_rule.items())),
    }


def load_efficacy(session: Session, *, year: int) -> EfficacySummary:
    """The latest monitoring run's efficacy of courses (M08); none stored: nothing to judge."""
    monitoring = prerequisite_run(session, year=year, stage="monitoring")
    stored = session.exec(
        select(StageOutput.payload).where(
            StageOutput.run_id == monitoring.id, StageOutput.kind == EfficacySummary.KIND
        )
    ).first()
    return EfficacySummary.from_json(stored or {})


def write_firings(
    session: Session, *, run_id: int, year: int, version: str, firings: Sequence[Firing]
) -> int:
    """Insert a `Recommendation` and its `RuleFiring` per firing, in bulk, in the given order."""
    if not firings:
        return 0
    rec_rows = [
        {
            "run_id": run_id,
            "year": year,
            "rule_id": f.rule_id,
            "addressee_type": f.addressee_type,
            "addressee_code": f.addressee_code,
            "org_code": f.org_code,
            "priority": f.priority,
            "title": f.title,
            "text": f.text,
            "evidence": f.evidence,
            "status": ReviewStatus.proposed.value,
        }
        for f in firings
    ]
    table = Recommendation.__table__  # type: ignore[attr-defined]
    result = session.connection().execute(
        insert(table).returning(table.c.id, sort_by_parameter_order=True), rec_rows
    )
    ids = [row[0] for row in result]
    session.connection().execute(
        insert(RuleFiring.__table__),  # type: ignore[attr-defined]
        [
            {
                "run_id": run_id,
                "rule_id": f.rule_id,
                "rulebase_version": version,
                "org_code": f.org_code,
                "addressee_code": f.addressee_code,
                "facts": {"rule": f.rule_name, "matched": f.evidence, "params": f.params},
                "recommendation_id": rec_id,
            }
            for f, rec_id in zip(firings, ids, strict=True)
        ],
    )
    return len(firings)


def _delete_written(session: Session, *, run_id: int, org_codes: Sequence[str] | None) -> None:
    """Drop what this run wrote before for these organizations (None: the centre's rows),
    so a retried chunk replaces its rows instead of duplicating them."""
    for table in (RuleFiring, Recommendation):
        org = col(table.org_code)
        where = org.is_(None) if org_codes is None else org.in_(org_codes)
        session.exec(delete(table).where(col(table.run_id) == run_id, where))  # type: ignore[call-overload]
