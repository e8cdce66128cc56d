"""The thin adapter between the product and experta: facts in, `Firing`s out.

The rest of the code never sees experta. `evaluate_org` builds one
organization's facts from its profile, its monitoring indicators, its plan
entries and its mentor matches (shapes in `rules.inputs`), and runs the
organization engine; `summarize_org` condenses what the municipal pass needs;
`evaluate_centre` runs the centre engine over those summaries and the plan
summary. There is no I/O here: the stage service loads.
"""

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from experta import Fact

from models.payloads_efficacy import CourseEfficacy
from models.profile import OrgProfile, TeacherProfile
from rules import status
from rules.base import Context, Firing
from rules.centre_inputs import centre_lists, demand_facts, org_v2_fields, shortfall
from rules.engine import centre_engine, org_engine
from rules.facts import (
    AreaFact,
    CourseEfficacyFact,
    DeficitFact,
    Limits,
    MentorFact,
    MunicipalityFact,
    OrgFact,
    PlacementFact,
    SchoolFact,
    TeacherFact,
    UnplacedFact,
)
from rules.inputs import IndicatorsLike, MentorMatchLike, PlacementLike, UnplacedLike
from rules.thresholds import Thresholds

__all__ = [
    "Firing",
    "OrgSummary",
    "evaluate_centre",
    "evaluate_org",
    "org_facts",
    "summarize_org",
]

#: shares are rounded before the rules compare them with thresholds (see `OrgFact`)
SHARE_DIGITS = 6
#: indicators of monitoring the school rules read (no_burnout_share may be left out: no survey)
REQUIRED_INDICATORS = ("pd_coverage", "presented_share")


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _num(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(float(value), digits)


def _share(value: float) -> float:
    return round(float(value), SHARE_DIGITS)


def limits_fact(th: Thresholds) -> Limits:
    return Limits(
        debut_max_experience=float(th.activity.debut_max_experience),
        leader_min_experience=float(th.activity.leader_min_experience),
        first_to_highest_min_years=float(th.attestation.first_to_highest_min_years),
        reserve_per_org=th.activity.reserve_per_org,
        methodist_min_presentations=th.activity.methodist_min_presentations,
        burnout_share=float(th.school.burnout_share),
        presented_share_min=float(th.school.presented_share_min),
        expiring_share=float(th.school.expiring_share),
        area_critical_share=float(th.centre.area_critical_share),
        young_share=float(th.centre.young_share),
        event_min_participants=float(th.school.event_min_participants),
        older_share=float(th.school.older_share),
    )


def teacher_fact(
    t: TeacherProfile,
    org: OrgProfile,
    *,
    as_of: date,
    th: Thresholds,
    reserve_rank: int | None = None,
) -> TeacherFact:
    """One teacher's flags, each from its shared definition in `rules.status`.
    `reserve_rank` is the teacher's place in `status.reserve_ranks` of the organization."""
    category = status.effective_category(t, as_of, th)
    held = category in status.CATEGORIES_FIRST_OR_HIGHER
    period = th.activity.presentation_period_years
    levels = status.deficits(t, th)
    soon = status.category_expires_soon(t, as_of, th)
    runs_out = status.pd_runs_out(t, as_of, th)
    urgent, deadline = status.attestation_deadline(t, as_of, th) if soon else (False, None)
    return TeacherFact(
        code=t.code,
        org=t.org_code,
        full_name=t.full_name,
        org_kind=org.kind,
        position=t.position or "",
        experience=_num(t.experience_years),
        years_in_org=_num(t.years_in_org),
        young=status.is_young(t, th),
        has_mentor=bool(t.mentor_code),
        absent=status.is_absent(t, as_of),
        exempt_reason=t.exempt or "",
        pd_current=status.pd_is_current(t, as_of, th),
        pd_due=status.pd_due(t, as_of, th),
        pd_runs_out=_iso(runs_out),
        pd_deadline=_iso(runs_out) if runs_out and runs_out > as_of else "",
        category=category,
        category_date=_iso(t.category_date),
        category_expiry=_iso(status.category_expiry(t, th)),
        category_expires_soon=soon,
        category_expired=status.category_expired(t, as_of, th),
        category_apply_by=_iso(status.apply_by(t, th)),
        apply_urgent=urgent,
        apply_deadline=_iso(deadline),
        years_in_category=_num(status.years_in_category(t, as_of)) if held else None,
        szd_due=status.szd_due(t, as_of, th),
        presented_recently=status.presented_within(t, as_of, period),
        presentations=status.presentations_within(t, as_of, period),
        mentors_young=status.mentors_young(t, org.teachers, th),
        competition=status.competition_for(t, org.kind, th),
        reserve_rank=reserve_rank,
        competed_recently=status.competed_within(t, as_of, th.activity.competition_period_years),
        burnout_risk=status.at_burnout_risk(t, th),
        diagnosed=bool(t.scores),
        has_critical=status.has_critical_deficit(t, th),
        has_any_deficit=status.has_any_deficit(t, th),
        moderate_areas=tuple(sorted(a for a, lv in levels.items() if lv == "moderate")),
    )


def deficit_facts(t: TeacherProfile, th: Thresholds) -> Iterator[DeficitFact]:
    for area, level in sorted(status.deficits(t, th).items()):
        yield DeficitFact(teacher=t.code, area=area, level=level, score=int(t.scores[area]))


def placement_facts(
    p: PlacementLike, th: Thresholds, course_areas: Mapping[str, Sequence[str]]
) -> Iterator[PlacementFact]:
    """One fact per area the placed course covers (the plan's area first)."""
    areas = list(dict.fromkeys([p.area or "", *course_areas.get(p.course_code, ())]))
    if len(areas) > 1 and "" in areas:
        areas.remove("")
    counts = p.hours is None or p.hours >= th.pd.min_course_hours
    for i, area in enumerate(areas):
        yield PlacementFact(
            teacher=p.teacher_code,
            area=area,
            course_code=p.course_code,
            course_title=p.course_title,
            quarter=p.quarter,
            hours=p.hours,
            reason=p.reason,
            counts_for_pd=counts,
            primary=i == 0,
        )


def org_fact(
    org: OrgProfile,
    indicators: IndicatorsLike,
    teachers: Sequence[TeacherFact],
    *,
    as_of: date,
    th: Thresholds,
) -> OrgFact:
    missing = [n for n in REQUIRED_INDICATORS if n not in indicators.values]
    if missing:
        raise ValueError(f"organization {org.code}: monitoring indicators lack {missing}")
    values = indicators.values
    surveyed = values.get("no_burnout_share") is not None
    holders = [t for t in teachers if t["category"] in status.CATEGORIES_FIRST_OR_HIGHER]
    expiring = sum(1 for t in holders if t["category_expires_soon"])
    young = [t for t in teachers if t["young"]]
    return OrgFact(
        code=org.code,
        name=org.name,
        kind=org.kind,
        group=indicators.group,
        composite=_share(indicators.composite),
        teachers=len(org.teachers),
        vacancies=int(org.vacancies),
        pd_coverage=_share(values["pd_coverage"]),
        presented_share=_share(values["presented_share"]),
        burnout_share=_share(1 - values["no_burnout_share"]) if surveyed else 0.0,
        category_holders=len(holders),
        expiring=expiring,
        expiring_share=_share(expiring / len(holders)) if holders else 0.0,
        young=len(young),
        young_without_mentor=tuple(t["code"] for t in young if not t["has_mentor"]),
        burnout_surveyed=surveyed,
        **org_v2_fields(org, as_of=as_of, th=th, digits=SHARE_DIGITS),
    )


def org_facts(
    org: OrgProfile,
    *,
    indicators: IndicatorsLike,
    placements: Iterable[PlacementLike] = (),
    unplaced: Iterable[UnplacedLike] = (),
    mentors: Mapping[str, MentorMatchLike] | None = None,
    as_of: date,
    th: Thresholds,
    course_areas: Mapping[str, Sequence[str]] | None = None,
) -> list[Fact]:
    """Every fact the organization engine sees for `org`, in a stable order.

    The thresholds, the school, then teacher by teacher: the teacher, their
    deficits, course placements, unmet demand and mentor match.
    """
    limits = limits_fact(th)
    ranks = status.reserve_ranks(org.teachers, as_of, th)
    teachers = [
        teacher_fact(t, org, as_of=as_of, th=th, reserve_rank=ranks.get(t.code))
        for t in org.teachers
    ]
    own: dict[str, list[Fact]] = {t["code"]: [t] for t in teachers}
    for t in org.teachers:
        own[t.code].extend(deficit_facts(t, th))
    areas = course_areas or {}
    for p in placements:
        if p.teacher_code in own:
            own[p.teacher_code].extend(placement_facts(p, th, areas))
    for u in unplaced:
        if u.teacher_code in own:
            own[u.teacher_code].append(
                UnplacedFact(
                    teacher=u.teacher_code,
                    area=u.area or "",
                    reason=u.reason,
                    topic=u.topic or "",
                    cause=getattr(u, "cause", "") or "",
                )
            )
    for code, m in sorted((mentors or {}).items()):
        if code in own:
            own[code].append(
                MentorFact(
                    mentee=m.mentee_code,
                    found=m.mentor_code is not None,
                    mentor_code=m.mentor_code or "",
                    mentor_name=m.mentor_name or "",
                    shared_subjects=tuple(m.shared_subjects),
                    reason=m.reason,
                )
            )
    return [
        limits,
        org_fact(org, indicators, teachers, as_of=as_of, th=th),
        *(f for fs in own.values() for f in fs),
    ]


def evaluate_org(
    org: OrgProfile,
    *,
    indicators: IndicatorsLike,
    placements: Iterable[PlacementLike] = (),
    unplaced: Iterable[UnplacedLike] = (),
    mentors: Mapping[str, MentorMatchLike] | None = None,
    as_of: date,
    th: Thresholds,
    year: int | None = None,
    course_areas: Mapping[str, Sequence[str]] | None = None,
) -> list[Firing]:
    """The teacher and school recommendations of one organization, in catalogue order.

    `year` is the cycle year (default: the cycle date's); texts set deadlines
    in the plan year, `year + 1`. `course_areas` maps a catalogue course to
    the areas it covers, so a course placed for one need is seen to cover a
    deficit in another of its areas.
    """
    facts = org_facts(
        org,
        indicators=indicators,
        placements=placements,
        unplaced=unplaced,
        mentors=mentors,
        as_of=as_of,
        th=th,
        course_areas=course_areas,
    )
    context = Context(
        th=th,
        year=year if year is not None else as_of.year,
        as_of=as_of,
        org_code=org.code,
        org_name=org.name,
        org_kind=org.kind,
    )
    return org_engine().evaluate(facts, context)


@dataclass(frozen=True)
class OrgSummary:
    """What the municipal pass needs of one organization: small, picklable, JSON-friendly."""

    org_code: str
    org_name: str
    kind: str
    group: str
    composite: float
    teachers: int
    young: int
    year: int
    #: area -> teachers with a diagnostic result in it / with a critical deficit in it
    diagnosed_by_area: dict[str, int] = field(default_factory=dict)
    critical_by_area: dict[str, int] = field(default_factory=dict)
    #: teachers for whom T08 (present experience) fired
    experience_candidates: int = 0
    #: firings per rule id, for the stage summary
    fired: dict[str, int] = field(default_factory=dict)
    # --- M06, M07 (issue 12, centre half) ---
    #: area ("" = none) -> cause -> needs left unplaced for want of a suitable course or seat
    shortfall: dict[str, dict[str, int]] = field(default_factory=dict)
    #: (organization, teacher) pairs: T04 found no mentor inside; T11 nominees; T12's reserve
    outside_mentors: tuple[tuple[str, str], ...] = ()
    nominees: tuple[tuple[str, str], ...] = ()
    reserve: tuple[tuple[str, str], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "OrgSummary":
        lists = ("outside_mentors", "nominees", "reserve")
        fields: dict[str, Any] = {
            k: tuple(tuple(pair) for pair in v) if k in lists else v for k, v in data.items()
        }
        return cls(**fields)


def summarize_org(
    org: OrgProfile,
    indicators: IndicatorsLike,
    firings: Sequence[Firing],
    *,
    as_of: date,
    th: Thresholds,
    year: int | None = None,
    unplaced: Iterable[UnplacedLike] = (),
) -> OrgSummary:
    """`unplaced` is the organization's unmet plan demand, for M06's shortfall."""
    diagnosed: Counter[str] = Counter()
    critical: Counter[str] = Counter()
    for t in org.teachers:
        diagnosed.update(t.scores.keys())
        critical.update(a for a, lv in status.deficits(t, th).items() if lv == "critical")
    return OrgSummary(
        org_code=org.code,
        org_name=org.name,
        kind=org.kind,
        group=indicators.group,
        composite=_share(indicators.composite),
        teachers=len(org.teachers),
        young=sum(1 for t in org.teachers if status.is_young(t, th)),
        year=year if year is not None else as_of.year,
        diagnosed_by_area=dict(sorted(diagnosed.items())),
        critical_by_area=dict(sorted(critical.items())),
        experience_candidates=sum(1 for f in firings if f.rule_id == "T08"),
        fired=dict(sorted(Counter(f.rule_id for f in firings).items())),
        shortfall=shortfall(unplaced),
        **centre_lists(org, firings),
    )


def _plan_numbers(plan_summary: Any, name: str) -> Mapping[str, int]:
    if plan_summary is None:
        return {}
    if isinstance(plan_summary, Mapping):
        return plan_summary.get(name) or {}
    return getattr(plan_summary, name, None) or {}


def centre_facts(
    summaries: Sequence[OrgSummary],
    plan_summary: Any,
    *,
    th: Thresholds,
    efficacy: Sequence[CourseEfficacy] = (),
) -> list[Fact]:
    """The municipal facts: one per school, per diagnosed area, per planned area, and the totals."""
    ordered = sorted(summaries, key=lambda s: s.org_code)
    facts: list[Fact] = [limits_fact(th)]
    facts.extend(
        SchoolFact(
            code=s.org_code,
            name=s.org_name,
            kind=s.kind,
            group=s.group,
            composite=_share(s.composite),
            teachers=s.teachers,
        )
        for s in ordered
    )
    diagnosed: Counter[str] = Counter()
    critical: Counter[str] = Counter()
    for s in ordered:
        diagnosed.update(s.diagnosed_by_area)
        critical.update(s.critical_by_area)
    facts.extend(
        AreaFact(
            area=area,
            diagnosed=diagnosed[area],
            critical=critical[area],
            share=_share(critical[area] / diagnosed[area]),
        )
        for area in sorted(diagnosed)
        if diagnosed[area]
    )
    facts.extend(
        demand_facts(
            ((s.kind, s.shortfall) for s in ordered),
            demand=_plan_numbers(plan_summary, "demand_by_area"),
            capacity=_plan_numbers(plan_summary, "capacity_by_area"),
        )
    )
    facts.extend(_efficacy_fact(c) for c in efficacy)
    teachers = sum(s.teachers for s in ordered)
    young = sum(s.young for s in ordered)
    low = [s for s in ordered if s.group == "low"]
    high = [s for s in ordered if s.group == "high"]
    bank = [s for s in ordered if s.experience_candidates]
    facts.append(
        MunicipalityFact(
            organizations=len(ordered),
            teachers=teachers,
            young=young,
            young_share=_share(young / teachers) if teachers else 0.0,
            low_group=tuple(s.org_code for s in low),
            high_group=tuple(s.org_code for s in high),
            low_group_names=tuple(s.org_name for s in low),
            high_group_names=tuple(s.org_name for s in high),
            experience_candidates=sum(s.experience_candidates for s in ordered),
            experience_orgs=tuple(s.org_code for s in bank),
            outside_mentors=tuple(n for s in ordered for n in s.outside_mentors),
            nominees=tuple(n for s in ordered for n in s.nominees),
            reserve=tuple(n for s in ordered for n in s.reserve),
        )
    )
    return facts


def _efficacy_fact(c: CourseEfficacy) -> CourseEfficacyFact:
    r = c.result
    return CourseEfficacyFact(
        key=c.key, title=c.title, area=c.area, provider=c.provider or "",
        treated=r.treated, comparison=r.comparison, difference=r.difference,
        low=r.low, high=r.high, verdict=r.verdict,
    )  # fmt: skip


def evaluate_centre(
    summaries: Sequence[OrgSummary],
    plan_summary: Any,
    *,
    th: Thresholds,
    year: int | None = None,
    as_of: date | None = None,
    efficacy: Sequence[CourseEfficacy] = (),
) -> list[Firing]:
    """The centre's recommendations M01–M08 over the municipality, in catalogue order.

    `plan_summary` is the planning stage's summary: a mapping (or an object)
    with `demand_by_area` and `capacity_by_area`.
    """
    if year is None:
        year = max((s.year for s in summaries), default=(as_of or date.today()).year)
    context = Context(th=th, year=year, as_of=as_of or date(year, 12, 31))
    facts = centre_facts(summaries, plan_summary, th=th, efficacy=efficacy)
    return centre_engine().evaluate(facts, context)
