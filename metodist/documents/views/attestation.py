"""The analytic note on attestation (Q4, seed 003 item 6; orders 276 and 196): `AttestationContext`.

From the attestation run: the municipal `attestation_note` (categories by
school, the year's results) and each school's note (who has a category
expiring next year, who is due for СЗД). The comparison with the
professional standard (544н) is not in the note: it takes the teachers
attested in the cycle year (attestation records, assigned, up to the cycle
date) and their deficit maps from the latest diagnostics run. The calendar
(`analysis.attestation.attestation_calendar`) reads the teachers as they are.
"""

from collections import Counter
from datetime import date

from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from metodist.analysis.attestation import AttestationCalendar, attestation_calendar
from metodist.config import thresholds
from metodist.documents import context as c
from metodist.documents.labels import AREAS
from metodist.documents.views.common import (
    SessionOrUrl,
    municipal_meta,
    org_outputs,
    reading,
    require_run,
    stage_results,
)
from models import Attestation, CycleRun, Teacher
from models.enums import AttestationKind, AttestationResult
from models.payloads import AttestationNote, DeficitMap, MunicipalAttestationNote
from models.profile import AttestationRecord, TeacherProfile
from rules.thresholds import Thresholds

DOCUMENT = "the attestation note"


def build_attestation(
    session_or_url: SessionOrUrl, *, year: int, as_of: date
) -> c.AttestationContext:
    th = thresholds()
    with reading(session_or_url) as s:
        found = stage_results(
            s,
            year=year,
            stage="attestation",
            document=DOCUMENT,
            municipal=MunicipalAttestationNote,
            per_org=AttestationNote,
        )
        note, per_org, orgs = found.municipal, found.per_org, found.orgs
        diagnostics = require_run(s, year=year, stage="diagnostics", document=DOCUMENT)
        standard = _standard(s, diagnostics, year=year, as_of=as_of)
        due_codes = [d.teacher_code for p in per_org.values() for d in p.szd_due_list]
        positions = dict(
            s.exec(
                select(Teacher.code, Teacher.position).where(col(Teacher.code).in_(due_codes))
            ).all()
        )
        calendar = _calendar(s, as_of=as_of, th=th, names={o.code: o.name for o in orgs})

    names = {o.code: o.name for o in orgs}
    schools = tuple(
        c.SchoolCategories(
            org_code=code,
            org_name=line.org_name or names.get(code, code),
            by_category={k: int(n) for k, n in line.categories.items()},
            expiring=line.expiring_next_year,
            szd_due=line.szd_due,
        )
        for code, line in sorted(note.by_org.items())
    )
    in_year = note.figures.attestations_in_year
    kinds = [k.value for k in AttestationKind]
    results = tuple(
        c.AttestationResults(k, int(row.assigned), int(row.refused))
        for k in [*kinds, *sorted(set(in_year) - set(kinds))]
        if (row := in_year.get(k))
    )
    # the attestation stage decided who expires when (`rules.status`): printed, not re-derived
    expiring = sorted(
        (
            c.ExpiringCategory(
                full_name=e.teacher_name,
                org_name=names.get(code, code),
                category=e.category,
                assigned=e.category_date,
                expires=e.expires,
            )
            for code, p in per_org.items()
            for e in p.expiring
            if e.next_year and e.category_date
        ),
        key=lambda e: (e.expires, e.org_name, e.full_name),
    )
    szd_due = sorted(
        (
            c.SzdDue(
                full_name=d.teacher_name,
                org_name=names.get(code, code),
                position=positions.get(d.teacher_code, "") or "",
                years_in_org=d.years_in_org,
                last_szd=d.last_szd,
            )
            for code, p in per_org.items()
            for d in p.szd_due_list
        ),
        key=lambda d: (d.org_name, d.full_name),
    )
    return c.AttestationContext(
        meta=municipal_meta(orgs, year=year, as_of=as_of),
        as_of=as_of,
        next_year=int(note.figures.next_year or year + 1),
        schools=schools,
        results=results,
        expiring=tuple(expiring),
        szd_due=tuple(szd_due),
        standard=standard,
        reform_date=th.attestation.reform_date,
        category_term_years=th.attestation.category_term_years,
        calendar=calendar,
    )


#: what the calendar reads of a teacher (Core columns: one row per teacher of the region)
_CALENDAR_COLUMNS = [
    col(c)
    for c in (
        Teacher.code, Teacher.org_code, Teacher.full_name, Teacher.category,
        Teacher.category_date, Teacher.exempt, Teacher.exempt_until, Teacher.years_in_org,
    )
]  # fmt: skip


def _calendar(
    s: Session, *, as_of: date, th: Thresholds, names: dict[str, str]
) -> AttestationCalendar:
    """The teachers with what the calendar needs: category, absence, their СЗД."""
    szd: dict[str, list[AttestationRecord]] = {}
    for code, day in (
        s.connection()
        .execute(
            core_select(col(Attestation.teacher_code), col(Attestation.date)).where(
                col(Attestation.kind) == AttestationKind.szd,
                col(Attestation.result) == AttestationResult.assigned,
                col(Attestation.date) <= as_of,
            )
        )
        .all()
    ):
        szd.setdefault(code, []).append(AttestationRecord(day, "szd", "assigned"))
    rows = s.connection().execute(core_select(*_CALENDAR_COLUMNS)).all()
    teachers = [
        TeacherProfile(
            code,
            org,
            name,
            category=category or "none",
            category_date=assigned,
            exempt=exempt,
            exempt_until=until,
            years_in_org=years,
            attestations=tuple(szd.get(code, ())),
        )
        for code, org, name, category, assigned, exempt, until, years in rows
    ]
    return attestation_calendar(teachers, as_of=as_of, th=th, org_names=names)


def _standard(
    s: Session, diagnostics: CycleRun, *, year: int, as_of: date
) -> tuple[c.StandardArea, ...]:
    """Per area: teachers attested in the cycle year with a diagnostic there, and of them
    those without a deficit (the area's labour actions of 544н are met)."""
    attested = set(
        s.exec(
            select(Attestation.teacher_code).where(
                col(Attestation.result) == AttestationResult.assigned,
                col(Attestation.date) >= date(year, 1, 1),
                col(Attestation.date) <= as_of,
            )
        ).all()
    )
    diagnosed: Counter[str] = Counter()
    meeting: Counter[str] = Counter()
    for payload in org_outputs(s, diagnostics, DeficitMap).values():
        for teacher, areas in payload.by_code.items():
            if teacher not in attested:
                continue
            for area, cell in areas.items():
                diagnosed[area] += 1
                meeting[area] += cell.level is None
    return tuple(c.StandardArea(a, diagnosed[a], meeting[a]) for a in AREAS)
