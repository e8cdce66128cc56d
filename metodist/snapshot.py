"""Loading the profiles (`models.profile`) of organizations on the cycle date, in bulk.

Loading is per chunk of organizations, one query per table, never per
teacher; a profile is the same whichever organizations share its chunk.
"""

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import date
from itertools import starmap
from operator import itemgetter
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

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
from models.profile import (
    AttestationRecord,
    CompetitionRecord,
    CourseDone,
    EventRecord,
    OrgProfile,
    Request,
    TeacherProfile,
)


def _chunks(items: Sequence[str], size: int = 500) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def org_codes(session: Session) -> list[str]:
    return list(session.exec(select(Organization.code).order_by(Organization.code)).all())


#: the record sets of a profile that `load_orgs` can leave out
PARTS = frozenset(
    {
        "scores",
        "courses_done",
        "requests",
        "attestations",
        "competitions",
        "presentations",
        "events",
    }
)


def load_orgs(
    session: Session, codes: Sequence[str], *, as_of: date, parts: Collection[str] = PARTS
) -> list[OrgProfile]:
    """Profiles of the organizations `codes` as known on `as_of` (later records ignored).

    `parts` names the record sets to load (`PARTS`: every one); a part left out is
    empty in every profile, as if there were no such records. A stage that reads
    few of them loads only those: the others are most of the loading time.
    """
    unknown = set(parts) - PARTS
    if unknown:
        raise ValueError(f"unknown profile parts: {sorted(unknown)}")
    result: list[OrgProfile] = []
    for chunk in _chunks(list(codes)):
        result.extend(_load_chunk(session, chunk, as_of, frozenset(parts)))
    return result


def _grouped(
    rows: list[Any], make: Callable[..., Any], *, order: tuple[int, ...]
) -> dict[str, tuple[Any, ...]]:
    """Teacher code (column 0) -> `make(*other columns)` of each of its rows, sorted by the
    columns at positions `order`."""
    rows.sort(key=itemgetter(0, *order))
    result: dict[str, list[Any]] = {}
    records = starmap(make, map(itemgetter(slice(1, None)), rows))
    for code, record in zip(map(itemgetter(0), rows), records, strict=True):
        found = result.get(code)
        if found is None:
            result[code] = [record]
        else:
            found.append(record)
    return {code: tuple(items) for code, items in result.items()}


def _all(session: Session, query: Any) -> list[Any]:
    # Core, not the ORM's execute: ORM row processing doubled the cost of fetching
    return list(session.connection().execute(query).all())


def _presenters(session: Session, teachers: Any, as_of: date) -> Any:
    """The query of (presenter code, event date) for the teachers of the `teachers` subquery.

    A teacher may present at any event, municipal (no organization) or another
    organization's, so every event is searched, by the database: its JSON
    array of presenters is unnested (SQLite `json_each`, PostgreSQL
    `json_array_elements_text`) rather than decoded in Python for every chunk.
    """
    unnest = (
        sa.func.json_each
        if session.get_bind().dialect.name == "sqlite"
        else sa.func.json_array_elements_text
    )
    presenter = unnest(MethodEvent.presenter_codes).table_valued("value")
    return (
        sa.select(presenter.c.value, col(MethodEvent.date))
        .select_from(MethodEvent)
        .join(presenter, sa.true())
        .where(presenter.c.value.in_(teachers), col(MethodEvent.date) <= as_of)
    )


def _load_chunk(
    session: Session, codes: Sequence[str], as_of: date, parts: frozenset[str]
) -> list[OrgProfile]:
    # Plain column tuples, not ORM objects: at region scale building ORM instances
    # was most of a stage's time. Child rows are selected through the chunk's
    # organizations (a subquery of a few dozen parameters, not thousands of
    # teacher codes), with the cycle date applied by the database.
    def rows(*columns: Any, where: Any) -> list[Any]:
        return _all(session, select(*columns).where(*where))

    orgs = rows(
        Organization.code,
        Organization.name,
        Organization.kind,
        Organization.municipality,
        Organization.vacancies,
        where=[col(Organization.code).in_(codes)],
    )
    teachers = rows(
        Teacher.code,
        Teacher.org_code,
        Teacher.full_name,
        Teacher.position,
        Teacher.subjects,
        Teacher.birth_year,
        Teacher.experience_years,
        Teacher.years_in_org,
        Teacher.category,
        Teacher.category_date,
        Teacher.mentor_code,
        Teacher.burnout_score,
        Teacher.exempt,
        Teacher.exempt_until,
        where=[col(Teacher.org_code).in_(codes)],
    )
    # sorted here, not by the database, so the order is the same on every backend and collation
    teachers.sort(key=itemgetter(0))
    in_chunk = select(Teacher.code).where(col(Teacher.org_code).in_(codes))
    wanted = {
        table
        for part, table in (
            ("courses_done", PdCourseDone),
            ("requests", CourseRequest),
            ("attestations", Attestation),
            ("competitions", CompetitionEntry),
        )
        if part in parts
    }

    def of_teachers(table: Any, *columns: str, where: Any) -> list[Any]:
        if table not in wanted:
            return []
        return rows(
            table.teacher_code,
            *(getattr(table, c) for c in columns),
            where=[table.teacher_code.in_(in_chunk), where],
        )

    # Oldest first, so the latest score of an area is the one that stays. Dates sort
    # alike on every backend (no collation involved), so the database orders them.
    scores: dict[str, dict[str, int]] = {}
    latest = (
        select(Diagnostic.teacher_code, Diagnostic.area, Diagnostic.score)
        .where(col(Diagnostic.teacher_code).in_(in_chunk), col(Diagnostic.date) <= as_of)
        .order_by(col(Diagnostic.date))
    )
    for code, area, score in _all(session, latest) if "scores" in parts else ():
        found = scores.get(code)
        if found is None:
            scores[code] = {area: score}
        else:
            found[area] = score

    # Each table's natural key makes its sort key unique per teacher (the importer
    # upserts on it), so these orders are total and independent of the database's.
    courses = _grouped(
        of_teachers(
            PdCourseDone,
            "title",
            "area",
            "hours",
            "completed",
            "course_code",
            where=PdCourseDone.completed <= as_of,
        ),
        CourseDone,
        order=(4, 1),
    )
    requests = _grouped(
        of_teachers(
            CourseRequest, "area", "topic", "format", "hours", "submitted", where=sa.true()
        ),
        Request,
        order=(1, 2),
    )
    attestations = _grouped(
        of_teachers(Attestation, "date", "kind", "result", where=Attestation.date <= as_of),
        AttestationRecord,
        order=(1, 2),
    )
    competitions = _grouped(
        of_teachers(
            CompetitionEntry,
            "competition",
            "year",
            "result",
            where=CompetitionEntry.year <= as_of.year,
        ),
        CompetitionRecord,
        order=(2, 1),
    )

    events_by_org: dict[str, list[EventRecord]] = defaultdict(list)
    if "events" in parts:
        events = rows(
            MethodEvent.org_code,
            MethodEvent.date,
            MethodEvent.form,
            MethodEvent.title,
            MethodEvent.participants,
            MethodEvent.presenter_codes,
            MethodEvent.level,
            MethodEvent.mode,
            where=[col(MethodEvent.org_code).in_(codes), MethodEvent.date <= as_of],
        )
        for org, day, form, title, participants, presenters, level, mode in events:
            events_by_org[org].append(
                EventRecord(org, day, form, title, participants, tuple(presenters), level, mode)
            )
    presented: dict[str, list[date]] = defaultdict(list)
    if "presentations" in parts:
        for code, day in _all(session, _presenters(session, in_chunk, as_of)):
            presented[code].append(day)
    by_org: dict[str, list[TeacherProfile]] = defaultdict(list)
    no_scores: dict[str, int] = {}
    for (
        code,
        org_code,
        full_name,
        position,
        subjects,
        birth_year,
        experience_years,
        years_in_org,
        category,
        category_date,
        mentor_code,
        burnout_score,
        exempt,
        exempt_until,
    ) in teachers:
        mine = scores.get(code, no_scores)
        by_org[org_code].append(
            TeacherProfile(
                code=code,
                org_code=org_code,
                full_name=full_name,
                position=position,
                subjects=tuple(subjects),
                birth_year=birth_year,
                experience_years=experience_years,
                years_in_org=years_in_org,
                category=category or "none",
                category_date=category_date,
                mentor_code=mentor_code,
                burnout_score=burnout_score,
                exempt=exempt,
                exempt_until=exempt_until,
                scores=dict(sorted(mine.items())) if len(mine) > 1 else dict(mine),
                courses_done=courses.get(code, ()),
                requests=requests.get(code, ()),
                attestations=attestations.get(code, ()),
                competitions=competitions.get(code, ()),
                presentations=tuple(sorted(presented[code])) if code in presented else (),
            )
        )
    return [
        OrgProfile(
            code=code,
            name=name,
            kind=kind,
            municipality=municipality,
            vacancies=vacancies,
            teachers=tuple(by_org[code]),
            events=tuple(sorted(events_by_org[code], key=lambda e: (e.date, e.title))),
        )
        for code, name, kind, municipality, vacancies in sorted(orgs, key=itemgetter(0))
    ]
