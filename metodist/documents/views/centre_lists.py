"""The lists the centre acts on (M07 of DOMAIN v2), for its report.

From the latest recommendations run: young teachers whose organization has
no mentor for them (T04 without a named mentor), competition nominees (T10,
T11), the leaders' reserve (T12) and those to present their experience (T08);
from the events, the bank of experience (municipal-level presentations of the
cycle year); from the plan, the needs it could not meet by cause and kind of
organization (`UnplacedNeed.cause`; a plan without causes is said to be so).
"""

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from metodist.documents import rows
from metodist.documents.views.common import name_key, org_outputs
from models import CycleRun, MethodEvent, Organization, Recommendation, Teacher
from models.enums import AddresseeType, EventLevel, ReviewStatus
from models.labels import CATEGORY, COMPETITION, EVENT_FORM
from models.payloads import PlanByOrg
from models.russian import years_nominative


@dataclass(frozen=True)
class CentreLists:
    outside_mentors: tuple[rows.PersonRow, ...]
    nominees: tuple[rows.PersonRow, ...]
    reserve: tuple[rows.PersonRow, ...]
    to_present: tuple[rows.PersonRow, ...]
    experience: tuple[rows.ExperienceEntry, ...]
    unplaced: tuple[rows.UnplacedCount, ...]
    unplaced_causes_known: bool


#: the competition a nominee is put up for, by rule (T11: by position and kind)
DEBUT = COMPETITION["debut"]


def centre_lists(
    s: Session,
    *,
    recommendations: CycleRun,
    planning: CycleRun | None,
    orgs: Sequence[Organization],
    year: int,
    as_of: date,
) -> CentreLists:
    names = {o.code: o.name for o in orgs}
    recs = s.exec(
        select(Recommendation).where(
            col(Recommendation.run_id) == recommendations.id,
            col(Recommendation.addressee_type) == AddresseeType.teacher,
            col(Recommendation.rule_id).in_(("T04", "T08", "T10", "T11", "T12")),
            col(Recommendation.status) != ReviewStatus.rejected,
        )
    ).all()
    codes = {r.addressee_code for r in recs}
    teachers = {
        t.code: t for t in s.exec(select(Teacher).where(col(Teacher.code).in_(sorted(codes))))
    }

    def person(rec: Recommendation, note: str = "") -> rows.PersonRow:
        t = teachers.get(rec.addressee_code)
        return rows.PersonRow(
            full_name=t.full_name if t else rec.addressee_code,
            org_name=names.get(rec.org_code or "", rec.org_code or ""),
            position=(t.position or "") if t else "",
            note=note,
        )

    def listed(rule_ids: tuple[str, ...], note: Any = None) -> tuple[rows.PersonRow, ...]:
        chosen = [
            person(r, note(r) if note else "")
            for r in recs
            if r.rule_id in rule_ids and (r.rule_id != "T04" or not _mentor_named(r.evidence))
        ]
        return tuple(sorted(chosen, key=lambda p: (p.org_name, name_key(p.full_name))))

    def competition(rec: Recommendation) -> str:
        if rec.rule_id == "T10":
            return f"«{DEBUT}»"
        # T11 names the competition of the teacher's position and kind (`activity.competitions`)
        named = (rec.evidence.get("teacher") or {}).get("competition")
        return f"«{named}»" if named else "конкурс профессионального мастерства по должности"

    def standing(rec: Recommendation) -> str:
        t = teachers.get(rec.addressee_code)
        if t is None:
            return ""
        parts = [CATEGORY.get(t.category or "none", "")]
        if t.experience_years is not None:
            parts.append(f"стаж {years_nominative(int(t.experience_years))}")
        return ", ".join(p for p in parts if p)

    unplaced, known = _unplaced(s, planning, orgs)
    return CentreLists(
        outside_mentors=listed(("T04",)),
        nominees=listed(("T10", "T11"), competition),
        reserve=listed(("T12",), standing),
        to_present=listed(("T08",)),
        experience=_experience(s, names, year=year, as_of=as_of),
        unplaced=unplaced,
        unplaced_causes_known=known,
    )


def _mentor_named(evidence: Mapping[str, Any]) -> bool:
    match = evidence.get("mentor")
    return isinstance(match, Mapping) and bool(match.get("mentor_name"))


def _experience(
    s: Session, names: Mapping[str, str], *, year: int, as_of: date
) -> tuple[rows.ExperienceEntry, ...]:
    """Presentations at municipal-level events of the cycle year, up to the cycle date."""
    events = s.exec(
        select(MethodEvent).where(
            col(MethodEvent.level) == EventLevel.municipal,
            col(MethodEvent.date) >= date(year, 1, 1),
            col(MethodEvent.date) <= as_of,
        )
    ).all()
    codes = sorted({c for e in events for c in e.presenter_codes})
    people = {t.code: t for t in s.exec(select(Teacher).where(col(Teacher.code).in_(codes))).all()}
    entries = [
        rows.ExperienceEntry(
            full_name=people[code].full_name,
            org_name=names.get(people[code].org_code, ""),
            topic=e.title,
            event=EVENT_FORM.get(e.form, e.form),
            day=e.date,
        )
        for e in events
        for code in e.presenter_codes
        if code in people
    ]
    return tuple(sorted(entries, key=lambda x: (x.day, name_key(x.full_name))))


def _unplaced(
    s: Session, planning: CycleRun | None, orgs: Sequence[Organization]
) -> tuple[tuple[rows.UnplacedCount, ...], bool]:
    if planning is None:
        return (), True
    kinds = {o.code: o.kind for o in orgs}
    counts: Counter[tuple[str, str]] = Counter()
    for code, plan in org_outputs(s, planning, PlanByOrg).items():
        for need in plan.unplaced:
            counts[(need.cause or "", kinds.get(code, ""))] += 1
    known = all(cause for cause, _ in counts)
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return tuple(rows.UnplacedCount(cause, kind, n) for (cause, kind), n in ordered), known
