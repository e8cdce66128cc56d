"""What the cycle knows of each organization on the cycle date, loaded in bulk.

Every analysis (indicators, mentor matching, course placement) and the rule
engine's fact adapter read these plain dataclasses, never the database: they
are cheap to pickle to a worker process and easy to build in tests.
Loading is per chunk of organizations, a few queries per table, never per
teacher.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, select

from models import (
    Attestation,
    CompetitionEntry,
    CourseRequest,
    Diagnostic,
    MethodEvent,
    Organization,
    PdCourseDone,
    Teacher,
)


@dataclass(frozen=True, slots=True)
class CourseDone:
    title: str
    area: str | None
    hours: int
    completed: date


@dataclass(frozen=True, slots=True)
class Request:
    area: str
    topic: str
    format: str | None
    hours: int | None
    submitted: date | None


@dataclass(frozen=True, slots=True)
class AttestationRecord:
    date: date
    kind: str
    result: str


@dataclass(frozen=True, slots=True)
class CompetitionRecord:
    competition: str
    year: int
    result: str


@dataclass(frozen=True, slots=True)
class EventRecord:
    org_code: str | None
    date: date
    form: str
    title: str
    participants: int
    presenter_codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TeacherProfile:
    code: str
    org_code: str
    full_name: str
    position: str = ""
    subjects: tuple[str, ...] = ()
    birth_year: int | None = None
    experience_years: float | None = None
    years_in_org: float | None = None
    category: str = "none"
    category_date: date | None = None
    mentor_code: str | None = None
    burnout_score: int | None = None
    exempt: str | None = None
    #: the latest diagnostic score per competence area, on or before the cycle date
    scores: dict[str, int] = field(default_factory=dict)
    courses_done: tuple[CourseDone, ...] = ()
    requests: tuple[Request, ...] = ()
    attestations: tuple[AttestationRecord, ...] = ()
    competitions: tuple[CompetitionRecord, ...] = ()
    #: dates of events (school or municipal) where the teacher presented experience
    presentations: tuple[date, ...] = ()


@dataclass(frozen=True, slots=True)
class OrgProfile:
    code: str
    name: str
    kind: str
    municipality: str = ""
    vacancies: int = 0
    teachers: tuple[TeacherProfile, ...] = ()
    events: tuple[EventRecord, ...] = ()


def _chunks(items: Sequence[str], size: int = 500) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _rows(session: Session, table: type, teacher_codes: Sequence[str], *columns: str) -> Any:
    """(teacher_code, *columns) tuples of one input table for a chunk of teachers."""
    query = select(table.teacher_code, *(getattr(table, c) for c in columns)).where(  # type: ignore[attr-defined]
        table.teacher_code.in_(teacher_codes)  # type: ignore[attr-defined]
    )
    return session.execute(query).all()


def org_codes(session: Session) -> list[str]:
    return list(session.exec(select(Organization.code).order_by(Organization.code)).all())


def load_orgs(session: Session, codes: Sequence[str], *, as_of: date) -> list[OrgProfile]:
    """Profiles of the organizations `codes` as known on `as_of` (later records ignored)."""
    result: list[OrgProfile] = []
    for chunk in _chunks(list(codes)):
        result.extend(_load_chunk(session, chunk, as_of))
    return result


def _load_chunk(session: Session, codes: Sequence[str], as_of: date) -> list[OrgProfile]:
    orgs = session.exec(
        select(Organization).where(Organization.code.in_(codes))  # type: ignore[attr-defined]
    ).all()
    teachers = session.exec(
        select(Teacher).where(Teacher.org_code.in_(codes)).order_by(Teacher.code)  # type: ignore[attr-defined]
    ).all()
    tcodes = [t.code for t in teachers]

    scores: dict[str, dict[str, tuple[date, int]]] = defaultdict(dict)
    done: dict[str, list[CourseDone]] = defaultdict(list)
    reqs: dict[str, list[Request]] = defaultdict(list)
    atts: dict[str, list[AttestationRecord]] = defaultdict(list)
    comps: dict[str, list[CompetitionRecord]] = defaultdict(list)
    # Plain column tuples, not ORM objects: at region scale building a quarter of a
    # million ORM instances per stage was 90% of the stage's time.
    for tchunk in _chunks(tcodes, 2000):
        for code, day, area, score in _rows(session, Diagnostic, tchunk, "date", "area", "score"):
            if day > as_of:
                continue
            prev = scores[code].get(area)
            if prev is None or day >= prev[0]:
                scores[code][area] = (day, score)
        for code, title, area, hours, completed in _rows(
            session, PdCourseDone, tchunk, "title", "area", "hours", "completed"
        ):
            if completed <= as_of:
                done[code].append(CourseDone(title, area, hours, completed))
        for code, area, topic, fmt, hours, submitted in _rows(
            session, CourseRequest, tchunk, "area", "topic", "format", "hours", "submitted"
        ):
            reqs[code].append(Request(area, topic, fmt, hours, submitted))
        for code, day, kind, result in _rows(
            session, Attestation, tchunk, "date", "kind", "result"
        ):
            if day <= as_of:
                atts[code].append(AttestationRecord(day, kind, result))
        for code, competition, year, result in _rows(
            session, CompetitionEntry, tchunk, "competition", "year", "result"
        ):
            if year <= as_of.year:
                comps[code].append(CompetitionRecord(competition, year, result))

    # Presenters may speak at municipal events (no org), so those are read in full.
    events_by_org: dict[str, list[EventRecord]] = defaultdict(list)
    presented: dict[str, list[date]] = defaultdict(list)
    tset = set(tcodes)
    ev_query = select(MethodEvent).where(
        (MethodEvent.org_code.in_(codes)) | (MethodEvent.org_code.is_(None))  # type: ignore[union-attr,attr-defined]
    )
    for ev in session.exec(ev_query):
        if ev.date > as_of:
            continue
        rec = EventRecord(
            ev.org_code, ev.date, ev.form, ev.title, ev.participants, tuple(ev.presenter_codes)
        )
        if ev.org_code:
            events_by_org[ev.org_code].append(rec)
        for p in ev.presenter_codes:
            if p in tset:
                presented[p].append(ev.date)

    by_org: dict[str, list[TeacherProfile]] = defaultdict(list)
    for t in teachers:
        by_org[t.org_code].append(
            TeacherProfile(
                code=t.code,
                org_code=t.org_code,
                full_name=t.full_name,
                position=t.position,
                subjects=tuple(t.subjects),
                birth_year=t.birth_year,
                experience_years=t.experience_years,
                years_in_org=t.years_in_org,
                category=t.category or "none",
                category_date=t.category_date,
                mentor_code=t.mentor_code,
                burnout_score=t.burnout_score,
                exempt=t.exempt,
                scores={a: s for a, (_, s) in sorted(scores[t.code].items())},
                courses_done=tuple(sorted(done[t.code], key=lambda c: (c.completed, c.title))),
                requests=tuple(sorted(reqs[t.code], key=lambda r: (r.area, r.topic))),
                attestations=tuple(sorted(atts[t.code], key=lambda a: (a.date, a.kind))),
                competitions=tuple(sorted(comps[t.code], key=lambda c: (c.year, c.competition))),
                presentations=tuple(sorted(presented[t.code])),
            )
        )
    return [
        OrgProfile(
            code=o.code,
            name=o.name,
            kind=o.kind,
            municipality=o.municipality,
            vacancies=o.vacancies,
            teachers=tuple(by_org[o.code]),
            events=tuple(sorted(events_by_org[o.code], key=lambda e: (e.date, e.title))),
        )
        for o in sorted(orgs, key=lambda o: o.code)
    ]
