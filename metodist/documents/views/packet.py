"""The school's packet (`PacketContext`) from the latest completed runs of the cycle.

Reads a chunk of schools at once: indicators (monitoring), deficit maps with
the levels the diagnostics run decided, seats and mentor matches (planning),
and the recommendations, a packet staying a draft while any is proposed.
Privacy: a packet never shows a burnout score. The teacher query never
selects it, and the burnout indicator is left out of the school's indicators.
"""

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from metodist.config import thresholds
from metodist.documents import context as c
from metodist.documents.basis import packet_basis
from metodist.documents.labels import AREAS, INDICATOR, SENSITIVE_INDICATORS
from metodist.documents.steps import burnout_to_head
from metodist.documents.views.common import (
    SessionOrUrl,
    deficit_thresholds,
    fired_rules,
    meta,
    municipal_output,
    name_key,
    org_outputs,
    organizations,
    reading,
    recommendation,
    require_run,
)
from metodist.documents.views.route import TeacherRec, build_route, step_meanings
from models import CycleRun, OrgIndicator, Recommendation, Teacher
from models.enums import AddresseeType, ReviewStatus
from models.payloads import (
    DeficitCell,
    DeficitMap,
    MentorMatches,
    MonitoringSummary,
    MunicipalDeficitProfile,
    PlanByOrg,
)
from models.profile import TeacherProfile
from models.russian import deadline
from models.vocabulary import vocabulary
from rules import status

DOCUMENT = "the school packet"
#: the teacher rule addressed to the head (burnout): one item per packet, never in a route
BURNOUT_RULE = "T09"


@dataclass(frozen=True)
class _Runs:
    monitoring: CycleRun
    diagnostics: CycleRun
    planning: CycleRun
    recommendations: CycleRun


#: the stages whose latest completed run a packet reads (`metodist.documents.inputs_key`)
STAGES = tuple(_Runs.__dataclass_fields__)


@dataclass(frozen=True)
class _TeacherRow:
    """The teacher columns a packet prints: deliberately without the burnout score."""

    code: str
    org_code: str
    full_name: str
    position: str
    subjects: tuple[str, ...]
    experience_years: float | None
    category: str
    category_date: date | None
    mentor_code: str | None
    exempt: str | None = None
    exempt_until: date | None = None


def build_packet(
    session_or_url: SessionOrUrl, *, org_code: str, year: int, as_of: date
) -> c.PacketContext:
    """The packet of one school for the cycle `year`, as of the cycle date."""
    packets = build_packets(session_or_url, org_codes=[org_code], year=year, as_of=as_of)
    if not packets:
        raise LookupError(f"there is no organization {org_code!r}")
    return packets[0]


def build_packets(
    session_or_url: SessionOrUrl, *, org_codes: Sequence[str], year: int, as_of: date
) -> list[c.PacketContext]:
    """The packets of `org_codes` (those that exist, by code), reading each table once."""
    with reading(session_or_url) as s:
        runs = _Runs(
            monitoring=require_run(s, year=year, stage="monitoring", document=DOCUMENT),
            diagnostics=require_run(s, year=year, stage="diagnostics", document=DOCUMENT),
            planning=require_run(s, year=year, stage="planning", document=DOCUMENT),
            recommendations=require_run(s, year=year, stage="recommendations", document=DOCUMENT),
        )
        return _Chunk(s, runs, list(org_codes), year=year, as_of=as_of).packets()


class _Chunk:
    """Everything the packets of a chunk of schools read, loaded in bulk."""

    def __init__(
        self, s: Session, runs: _Runs, codes: list[str], *, year: int, as_of: date
    ) -> None:
        self.year, self.as_of, self.plan_year = year, as_of, year + 1
        self.orgs = organizations(s, codes)
        self.teachers = _teachers(s, codes)
        self.mentor_names = _mentor_names(s, self.teachers)
        self.indicators = {
            r.org_code: r
            for r in s.exec(
                select(OrgIndicator).where(
                    col(OrgIndicator.run_id) == runs.monitoring.id,
                    col(OrgIndicator.org_code).in_(codes),
                )
            ).all()
        }
        self.monitoring = municipal_output(s, runs.monitoring, MonitoringSummary)
        profile = municipal_output(s, runs.diagnostics, MunicipalDeficitProfile)
        self.cut_offs = deficit_thresholds(profile)
        self.maps = org_outputs(s, runs.diagnostics, DeficitMap, codes)
        self.plans = org_outputs(s, runs.planning, PlanByOrg, codes)
        self.matches = org_outputs(s, runs.planning, MentorMatches, codes)
        self.recs: dict[str, list[_RecRow]] = defaultdict(list)
        # named columns, not ORM objects: building an object per recommendation cost a
        # seventh of a packet's view model (issue 17)
        for rec in s.execute(
            sa_select(*_REC_COLUMNS)
            .where(
                col(Recommendation.run_id) == runs.recommendations.id,
                col(Recommendation.org_code).in_(codes),
            )
            .order_by(col(Recommendation.id))
        ).all():
            self.recs[rec.org_code or ""].append(_RecRow(*rec))
        self.th = thresholds()

    def packets(self) -> list[c.PacketContext]:
        return [self.packet(org.code) for org in self.orgs]

    def packet(self, code: str) -> c.PacketContext:
        org = next(o for o in self.orgs if o.code == code)
        row = self.indicators.get(code)
        if row is None:
            raise LookupError(
                f"organization {code} has no indicators in the latest monitoring run: re-run "
                f"`metodist run monitoring --year {self.year}`"
            )
        all_recs = self.recs.get(code, [])
        # metodist.review.review_state: a draft while any recommendation is still proposed
        state: c.ReviewState = (
            "draft" if any(r.status == ReviewStatus.proposed for r in all_recs) else "approved"
        )
        shown = [r for r in all_recs if r.status != ReviewStatus.rejected]
        to_head = [r for r in shown if r.addressee_type == AddresseeType.organization]
        head = [
            recommendation(r.rule_id, r.title, r.text, r.priority, plan_year=self.plan_year)
            for r in to_head
            if r.rule_id != BURNOUT_RULE
        ]
        head.extend(self.burnout(to_head, org.kind))
        by_teacher: dict[str, list[TeacherRec]] = defaultdict(list)
        for r in shown:
            if r.addressee_type == AddresseeType.teacher:
                by_teacher[r.addressee_code].append(
                    TeacherRec(r.rule_id, r.title, r.text, r.priority, r.evidence)
                )
        sections = tuple(
            self.section(t, by_teacher.get(t.code, []), code, org.kind)
            for t in sorted(self.teachers.get(code, []), key=lambda t: name_key(t.full_name))
        )
        # compared within its kind (docs/method.md): the average of the same kind of organization
        average = self.monitoring.average_by_kind.get(org.kind, self.monitoring.average)
        line = self.monitoring.by_org.get(code)
        return c.PacketContext(
            meta=meta(municipality=org.municipality, year=self.year, as_of=self.as_of, state=state),
            org=c.OrgHeader(org.code, org.name, org.kind, org.municipality),
            plan_year=self.plan_year,
            group=row.group,
            composite=row.composite,
            indicators=tuple(
                c.Indicator(k, row.indicators.get(k), average.get(k))
                for k in INDICATOR
                if k not in SENSITIVE_INDICATORS
            ),
            staff_survey_run=not (line and "no_burnout_share" in line.left_out),
            head_recommendations=tuple(head),
            teachers=sections,
            fired_rules=fired_rules(Counter(r.rule_id for r in shown)),
            thresholds=self.cut_offs,
            step_meanings=step_meanings(sections, vocabulary(org.kind)),
            municipal_basis=packet_basis(None),
        )

    def section(
        self, t: _TeacherRow, recs: list[TeacherRec], org_code: str, org_kind: str
    ) -> c.TeacherSection:
        stored = self.maps.get(org_code)
        cells = stored.by_code.get(t.code, {}) if stored else {}
        plan = self.plans.get(org_code, PlanByOrg())
        seats = [p for p in plan.placements if p.teacher_code == t.code]
        return c.TeacherSection(
            code=t.code,
            full_name=t.full_name,
            position=t.position,
            subjects=t.subjects,
            category=self.category(t),
            experience_years=t.experience_years,
            deficits=_deficits(cells),
            route=build_route(
                full_name=t.full_name,
                placements=seats,
                recs=recs,
                plan_year=self.plan_year,
                vocab=vocabulary(org_kind),
            ),
            mentor_name=self.mentor(t, org_code, recs),
            present=not status.absent_on(t.exempt, t.exempt_until, self.as_of),
        )

    def burnout(self, to_head: list["_RecRow"], kind: str) -> list[c.Recommendation]:
        """The T09 items to the head as one: the same advice once, naming each teacher."""
        items = [r for r in to_head if r.rule_id == BURNOUT_RULE]
        if not items:
            return []
        names = sorted(
            {str((r.evidence.get("teacher") or {}).get("full_name") or "") for r in items} - {""},
            key=name_key,
        )
        first = recommendation(
            BURNOUT_RULE, items[0].title, "", items[0].priority, plan_year=self.plan_year
        )
        due = deadline(first.due_quarter, self.plan_year) if first.due_quarter else "в течение года"
        return [replace(first, text=burnout_to_head(names, vocabulary(kind), due))]

    def category(self, t: _TeacherRow) -> str:
        """The category held on the cycle date: an expired pre-reform one is none (order 196)."""
        profile = TeacherProfile(
            code=t.code,
            org_code=t.org_code,
            full_name=t.full_name,
            category=t.category,
            category_date=t.category_date,
        )
        return status.effective_category(profile, self.as_of, self.th)

    def mentor(self, t: _TeacherRow, org_code: str, recs: list[TeacherRec]) -> str | None:
        """The mentor on record, else the one the plan matched if T04 still stands."""
        if t.mentor_code:
            return self.mentor_names.get(t.mentor_code)
        matches = self.matches.get(org_code)
        match = matches.by_code.get(t.code) if matches else None
        if match and match.mentor_name and any(r.rule_id == "T04" for r in recs):
            return match.mentor_name
        return None


def _deficits(cells: Mapping[str, DeficitCell]) -> tuple[c.AreaScore, ...]:
    """All six areas in the canonical order with the levels the diagnostics run decided;
    an area not diagnosed is «нет данных»."""
    unknown = set(cells) - set(AREAS)
    if unknown:
        raise ValueError(f"unknown competence areas: {sorted(unknown)}")
    return tuple(
        c.AreaScore(a, cell.score, cell.level or "none")  # type: ignore[arg-type]
        if (cell := cells.get(a))
        else c.AreaScore(a, None, "unknown")
        for a in AREAS
    )


class _RecRow(NamedTuple):
    """The columns of a recommendation a packet reads (`_REC_COLUMNS` in this order)."""

    org_code: str | None
    rule_id: str
    title: str
    text: str
    priority: str
    status: str
    addressee_type: str
    addressee_code: str
    evidence: dict[str, Any]


_REC_COLUMNS = tuple(col(getattr(Recommendation, name)) for name in _RecRow._fields)


#: what a packet reads of a teacher, in `_TeacherRow` order: never `Teacher.burnout_score`
_TEACHER_COLUMNS = (
    col(Teacher.code),
    col(Teacher.org_code),
    col(Teacher.full_name),
    col(Teacher.position),
    col(Teacher.subjects),
    col(Teacher.experience_years),
    col(Teacher.category),
    col(Teacher.category_date),
    col(Teacher.mentor_code),
    col(Teacher.exempt),
    col(Teacher.exempt_until),
)


def _teachers(s: Session, codes: Sequence[str]) -> dict[str, list[_TeacherRow]]:
    """The chunk's teachers, by school: named columns only, so no burnout score is ever read."""
    rows = s.execute(
        sa_select(*_TEACHER_COLUMNS).where(col(Teacher.org_code).in_(list(codes)))
    ).all()
    result: dict[str, list[_TeacherRow]] = defaultdict(list)
    for code, org, name, position, subjects, experience, category, since, mentor, *away in rows:
        result[org].append(
            _TeacherRow(
                code,
                org,
                name,
                position or "",
                tuple(subjects or ()),
                experience,
                category or "none",
                since,
                mentor,
                *away,
            )
        )
    return result


def _mentor_names(s: Session, teachers: dict[str, list[_TeacherRow]]) -> dict[str, str]:
    known = {t.code: t.full_name for rows in teachers.values() for t in rows}
    wanted = {t.mentor_code for rows in teachers.values() for t in rows if t.mentor_code} - set(
        known
    )
    if wanted:
        known.update(
            s.exec(
                select(Teacher.code, Teacher.full_name).where(col(Teacher.code).in_(sorted(wanted)))
            ).all()
        )
    return known
