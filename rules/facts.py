"""Typed facts of the rule engine.

Every fact is built by the adapter (`rules/adapter.py`) from the profiles,
the monitoring indicators, the plan and the mentor matches; rules never read
anything else. Flags that have a shared definition (`rules.status`)
are computed there once and arrive here as booleans, so "PD is current" means
the same in the rules, the indicators and the plan.

experta silently drops a fact equal to one already declared, so each fact
carries the fields that tell it apart (a teacher's code, a deficit's teacher
and area, ...). Dates travel as ISO strings: facts must be hashable and the
evidence stored for reviewers must be plain JSON.

`identity` names the fields every piece of evidence shows for a fact; for the
wide facts (`TeacherFact`, `OrgFact`, `SchoolFact`, `MunicipalityFact`) the
evidence adds only the fields the rule's pattern names, the narrow ones are
shown whole (see `rules.base`).
"""

from typing import Any, ClassVar

import experta

from rules.fast_rete import FastFact

#: a field's type: a builtin type or a tuple of them (a union; `type(None)` for optional)
FieldType = type | tuple[type, ...]
NUMBER: FieldType = (int, float)
OPTIONAL_NUMBER: FieldType = (int, float, type(None))
OPTIONAL_INT: FieldType = (int, type(None))


class Field(experta.Field):
    """experta's `Field` for builtin types, validated with a plain isinstance.

    experta validates every field of every declared fact through
    `schema.Schema`, some 30 µs a field; a region declares millions of
    fields, so the type (or union of types) is checked directly — the same
    semantics as schema's, `bool` passing as `int` included. Every field of the
    rule base is mandatory: a fact missing one is the adapter's mistake.
    """

    def __init__(self, types: FieldType, mandatory: bool = True, **kwargs: Any) -> None:
        super().__init__(types, mandatory=mandatory, **kwargs)
        self.types = types

    def validate(self, data: Any) -> None:
        if not isinstance(data, self.types):
            raise ValueError(f"{data!r} is not of type {self.types}")


class TypedFact(FastFact):
    """A fact of the rule base.

    `teacher_field` names the field holding the teacher a fact is about (None: not
    about one teacher); `shared` marks the facts every partial run of an
    organization needs (the thresholds), see `rules.engine.OrgEngine`.
    """

    teacher_field: ClassVar[str | None] = None
    shared: ClassVar[bool] = False


class TeacherFact(TypedFact):
    """One teacher on the cycle date, with the flags the rules test.

    `category` is the effective category (an expired one counts as `none`);
    `experience` and `years_in_category` are years, None when unknown. The raw
    burnout score is deliberately absent: only the flag travels, so no rule,
    text or evidence can leak it.
    """

    identity: ClassVar[tuple[str, ...]] = ("code", "full_name")
    wide: ClassVar[bool] = True
    teacher_field: ClassVar[str | None] = "code"

    code = Field(str)
    org = Field(str)
    full_name = Field(str)
    #: the organization's kind (school / preschool / additional), for T11's competition
    org_kind = Field(str)
    experience = Field(OPTIONAL_NUMBER)
    years_in_org = Field(OPTIONAL_NUMBER)
    #: status.is_young
    young = Field(bool)
    #: a mentor is recorded (`mentor_code` not empty)
    has_mentor = Field(bool)
    #: the position as the school wrote it (T11 names its competition)
    position = Field(str)
    #: status.is_absent on the cycle date; `exempt_reason` says which absence
    absent = Field(bool)
    exempt_reason = Field(str)
    #: status.pd_is_current
    pd_current = Field(bool)
    #: status.pd_due (T03): a course is due in the plan year; `pd_runs_out` when the
    #: latest course's period ends, ISO date or "" (no course of ≥16 h at all)
    pd_due = Field(bool)
    pd_runs_out = Field(str)
    #: `pd_runs_out` when it is after the cycle date (the course's deadline), else ""
    pd_deadline = Field(str)
    #: status.effective_category
    category = Field(str)
    category_date = Field(str)
    #: status.category_expiry, ISO date or "" (categories from 1 Sept 2023 do not expire)
    category_expiry = Field(str)
    #: status.category_expires_soon / status.category_expired
    category_expires_soon = Field(bool)
    category_expired = Field(bool)
    #: status.apply_by: the date to apply for attestation by, ISO or ""
    category_apply_by = Field(str)
    #: status.attestation_deadline: the apply-by date has passed (apply this quarter), and
    #: the date the text sets, ISO or "" — never after the expiry
    apply_urgent = Field(bool)
    apply_deadline = Field(str)
    #: status.years_in_category for a held category «первая» or higher, else None
    years_in_category = Field(OPTIONAL_NUMBER)
    #: status.szd_due
    szd_due = Field(bool)
    #: status.presented_within the presentation period, and how many times
    presented_recently = Field(bool)
    presentations = Field(int)
    #: status.mentors_young: a young colleague names this teacher as mentor (T15)
    mentors_young = Field(bool)
    #: status.competition_for: the competition of the position and kind (T11), "" if none
    competition = Field(str)
    #: status.reserve_ranks: place among the organization's reserve candidates (0 =
    #: strongest), None when not one (T12)
    reserve_rank = Field(OPTIONAL_INT)
    #: status.competed_within the competition period
    competed_recently = Field(bool)
    #: status.at_burnout_risk
    burnout_risk = Field(bool)
    #: has a diagnostic result in at least one area
    diagnosed = Field(bool)
    #: status.has_critical_deficit
    has_critical = Field(bool)
    #: status.has_any_deficit (a teacher never diagnosed is not known to be deficit-free)
    has_any_deficit = Field(bool)
    #: areas of moderate deficits, sorted (T02 names them all in one item)
    moderate_areas = Field(tuple)


class DeficitFact(TypedFact):
    """A deficit of one teacher in one competence area (status.deficits): critical or moderate."""

    identity: ClassVar[tuple[str, ...]] = ("teacher", "area")
    wide: ClassVar[bool] = False
    teacher_field: ClassVar[str | None] = "teacher"

    teacher = Field(str)
    area = Field(str)
    level = Field(str)
    score = Field(int)


class PlacementFact(TypedFact):
    """A seat on a catalogue course in next year's plan (planning stage), for one area it covers.

    A course may cover several areas: the adapter declares one fact per area
    (the catalogue's areas of the course, or the placement's own area when the
    catalogue is not known), so "a course covering A" is a plain match on
    `area`; `area` is "" for a course of no known area. `reason` is why the
    plan placed the teacher: critical_deficit, pd_overdue or request.
    `counts_for_pd` says the course is long enough (≥ pd.min_course_hours) to
    fulfil the three-year PD duty.
    """

    identity: ClassVar[tuple[str, ...]] = ("teacher", "course_code")
    wide: ClassVar[bool] = False
    teacher_field: ClassVar[str | None] = "teacher"

    teacher = Field(str)
    area = Field(str)
    course_code = Field(str)
    course_title = Field(str)
    quarter = Field(OPTIONAL_INT)
    hours = Field(OPTIONAL_INT)
    reason = Field(str)
    counts_for_pd = Field(bool)
    #: True for the one fact of a placement that carries the plan's own area (a rule about
    #: the placement as such, not about an area it covers, matches only this one)
    primary = Field(bool)


class UnplacedFact(TypedFact):
    """Demand the plan could not place (no course for the area, or no seat left)."""

    identity: ClassVar[tuple[str, ...]] = ("teacher", "area")
    wide: ClassVar[bool] = False
    teacher_field: ClassVar[str | None] = "teacher"

    teacher = Field(str)
    area = Field(str)
    reason = Field(str)
    topic = Field(str)
    #: the planner's cause: no_course / no_seats / course_limit, "" when not known
    cause = Field(str)


class MentorFact(TypedFact):
    """The mentor matching's answer for a young teacher without a mentor.

    `found` is False when no colleague meets the criteria; then `mentor_code`
    and `mentor_name` are empty and `reason` says why.
    """

    identity: ClassVar[tuple[str, ...]] = ("mentee",)
    wide: ClassVar[bool] = False
    teacher_field: ClassVar[str | None] = "mentee"

    mentee = Field(str)
    found = Field(bool)
    mentor_code = Field(str)
    mentor_name = Field(str)
    shared_subjects = Field(tuple)
    reason = Field(str)


class _Organization(TypedFact):
    """What both passes know of an organization: who it is, its effectiveness group and
    composite indicator (monitoring), its teachers. Rules match the subclasses (experta
    tests a fact's exact type), never this."""

    identity: ClassVar[tuple[str, ...]] = ("code", "name")
    wide: ClassVar[bool] = True

    code = Field(str)
    name = Field(str)
    kind = Field(str)
    group = Field(str)
    composite = Field(NUMBER)
    teachers = Field(int)


class OrgFact(_Organization):
    """One organization: its monitoring indicators and group, and counts the school rules test.

    Shares are 0..1, rounded to 6 places so that a boundary like 0.2 is not
    missed by float noise (1 − 0.8 = 0.19999999999999996).
    """

    vacancies = Field(int)
    #: monitoring indicator pd_coverage
    pd_coverage = Field(NUMBER)
    #: monitoring indicator presented_share
    presented_share = Field(NUMBER)
    #: 1 − monitoring indicator no_burnout_share
    burnout_share = Field(NUMBER)
    #: held categories («первая» and higher) and how many of them expire soon
    category_holders = Field(int)
    expiring = Field(int)
    expiring_share = Field(NUMBER)
    young = Field(int)
    young_without_mentor = Field(tuple)

    # --- organization rules of DOMAIN v2 (O07's survey, O11, O12): issue 12, org half ---
    #: the burnout survey was run (some teacher has a score); without it O07 cannot fire
    burnout_surveyed = Field(bool)
    #: school-level events the organization hosted in the cycle year, their mean participants
    school_events = Field(int)
    school_event_participants = Field(NUMBER)
    #: teachers aged `school.older_age`+ in the cycle year (from birth year), and their share
    older = Field(int)
    older_share = Field(NUMBER)


class SchoolFact(_Organization):
    """One organization as the municipal pass sees it (from the per-organization summaries)."""


class AreaFact(TypedFact):
    """A competence area across the municipality: teachers diagnosed in it, those with a
    critical deficit in it, and their share."""

    identity: ClassVar[tuple[str, ...]] = ("area",)
    wide: ClassVar[bool] = False

    area = Field(str)
    diagnosed = Field(int)
    critical = Field(int)
    share = Field(NUMBER)


class DemandFact(TypedFact):
    """Demand of the plan for an area against the seats that suit it (M06).

    `demand` and `capacity` are the plan summary's figures for the area (all
    catalogue seats covering it); `shortfall` is the needs the plan left
    unplaced for want of a suitable course or seat (`no_course`, `no_seats`:
    not the per-teacher course limit), `by_kind` and `by_cause` split it as
    ((kind or cause, count), ...). `area` is "" for needs of no area (PD due).
    """

    identity: ClassVar[tuple[str, ...]] = ("area",)
    wide: ClassVar[bool] = False

    area = Field(str)
    demand = Field(int)
    capacity = Field(int)
    shortfall = Field(int)
    by_kind = Field(tuple)
    by_cause = Field(tuple)


class CourseEfficacyFact(TypedFact):
    """A course's effect on diagnostic scores against the comparison group (efficacy summary):
    the verdict `EfficacyVerdict` and the bootstrap interval, None when too few to judge."""

    identity: ClassVar[tuple[str, ...]] = ("key", "area", "provider")
    wide: ClassVar[bool] = False

    key = Field(str)
    title = Field(str)
    area = Field(str)
    provider = Field(str)
    treated = Field(int)
    comparison = Field(int)
    difference = Field(OPTIONAL_NUMBER)
    low = Field(OPTIONAL_NUMBER)
    high = Field(OPTIONAL_NUMBER)
    verdict = Field(str)


class MunicipalityFact(TypedFact):
    """The municipality as a whole: totals and the lists the centre's rules name."""

    identity: ClassVar[tuple[str, ...]] = ()
    wide: ClassVar[bool] = True

    organizations = Field(int)
    teachers = Field(int)
    young = Field(int)
    young_share = Field(NUMBER)
    #: codes of organizations of the low and high effectiveness groups
    low_group = Field(tuple)
    high_group = Field(tuple)
    #: their names, in the same order, for the texts
    low_group_names = Field(tuple)
    high_group_names = Field(tuple)
    #: teachers for whom T08 fired (to present experience), and their organizations
    experience_candidates = Field(int)
    experience_orgs = Field(tuple)

    # --- M07 (issue 12, centre half): the lists the centre acts on, (organization, name) ---
    #: young teachers for whom T04 found no mentor inside their organization
    outside_mentors = Field(tuple)
    #: T11 nominees (competition of their position) and T12's reserve of future leaders
    nominees = Field(tuple)
    reserve = Field(tuple)


class Limits(TypedFact):
    """The configured thresholds the rules compare against, declared once per run.

    Rules bind these (`Limits(debut_max_experience=MATCH.limit)`) rather than
    hold literals, so a municipality's configuration changes the rules'
    behaviour without touching code, and the rule base's version changes with it.
    """

    identity: ClassVar[tuple[str, ...]] = ()
    wide: ClassVar[bool] = False
    shared: ClassVar[bool] = True

    debut_max_experience = Field(NUMBER)
    leader_min_experience = Field(NUMBER)
    first_to_highest_min_years = Field(NUMBER)
    reserve_per_org = Field(int)
    methodist_min_presentations = Field(int)
    burnout_share = Field(NUMBER)
    presented_share_min = Field(NUMBER)
    expiring_share = Field(NUMBER)
    area_critical_share = Field(NUMBER)
    young_share = Field(NUMBER)
    # --- issue 12, org half: O11, O12 ---
    event_min_participants = Field(NUMBER)
    older_share = Field(NUMBER)
