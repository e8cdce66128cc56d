"""Typed facts of the rule engine.

Every fact is built by the adapter (`rules/adapter.py`) from the snapshot,
the monitoring indicators, the plan and the mentor matches; rules never read
anything else. Flags that have a shared definition (`metodist.analysis.status`)
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
from experta import Fact
from experta.utils import freeze

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
    semantics as schema's, `bool` passing as `int` included.
    """

    def __init__(self, types: FieldType, mandatory: bool = False, **kwargs: Any) -> None:
        super().__init__(types, mandatory=mandatory, **kwargs)
        self.types = types

    def validate(self, data: Any) -> None:
        if not isinstance(data, self.types):
            raise ValueError(f"{data!r} is not of type {self.types}")


_SCALARS = frozenset({str, int, float, bool, type(None)})


class TypedFact(Fact):
    """A fact of the rule base: built field by field only where experta must freeze a value.

    `teacher_field` names the field holding the teacher a fact is about (None: not
    about one teacher); `shared` marks the facts every partial run of an
    organization needs (the thresholds), see `rules.engine.OrgEngine`.

    experta's `Fact.__init__` sets each field through `__setitem__` (a
    declared-yet check and `freeze` per field); a region builds hundreds of
    thousands of facts of plain scalars, which need neither. Patterns
    (`TeacherFact(code=MATCH.code)`) and facts are the same as experta's own.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if args:
            super().__init__(*args, **kwargs)
            return
        dict.update(self, {k: v if type(v) in _SCALARS else freeze(v) for k, v in kwargs.items()})
        self._Fact__defaults: dict[str, Any] = {}

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

    code = Field(str, mandatory=True)
    org = Field(str, mandatory=True)
    full_name = Field(str, mandatory=True)
    #: the organization's kind (school / preschool / additional), for T11's competition
    org_kind = Field(str, mandatory=True)
    experience = Field(OPTIONAL_NUMBER, mandatory=True)
    years_in_org = Field(OPTIONAL_NUMBER, mandatory=True)
    #: status.is_young
    young = Field(bool, mandatory=True)
    #: a mentor is recorded (`mentor_code` not empty)
    has_mentor = Field(bool, mandatory=True)
    #: status.is_exempt: on leave or back from a long illness; `exempt_reason` says which
    exempt = Field(bool, mandatory=True)
    exempt_reason = Field(str, mandatory=True)
    #: status.pd_is_current
    pd_current = Field(bool, mandatory=True)
    #: status.effective_category
    category = Field(str, mandatory=True)
    category_date = Field(str, mandatory=True)
    #: status.category_expiry, ISO date or "" (categories from 1 Sept 2023 do not expire)
    category_expiry = Field(str, mandatory=True)
    #: status.category_expires_soon
    category_expires_soon = Field(bool, mandatory=True)
    #: status.years_in_category for a held category «первая» or higher, else None
    years_in_category = Field(OPTIONAL_NUMBER, mandatory=True)
    #: status.szd_due
    szd_due = Field(bool, mandatory=True)
    #: status.presented_within the presentation period
    presented_recently = Field(bool, mandatory=True)
    #: status.competed_within the competition period
    competed_recently = Field(bool, mandatory=True)
    #: status.at_burnout_risk
    burnout_risk = Field(bool, mandatory=True)
    #: has a diagnostic result in at least one area
    diagnosed = Field(bool, mandatory=True)
    #: status.has_critical_deficit
    has_critical = Field(bool, mandatory=True)
    #: status.has_any_deficit (a teacher never diagnosed is not known to be deficit-free)
    has_any_deficit = Field(bool, mandatory=True)


class DeficitFact(TypedFact):
    """A deficit of one teacher in one competence area (status.deficits): critical or moderate."""

    identity: ClassVar[tuple[str, ...]] = ("teacher", "area")
    wide: ClassVar[bool] = False
    teacher_field: ClassVar[str | None] = "teacher"

    teacher = Field(str, mandatory=True)
    area = Field(str, mandatory=True)
    level = Field(str, mandatory=True)
    score = Field(int, mandatory=True)


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

    teacher = Field(str, mandatory=True)
    area = Field(str, mandatory=True)
    course_code = Field(str, mandatory=True)
    course_title = Field(str, mandatory=True)
    quarter = Field(OPTIONAL_INT, mandatory=True)
    hours = Field(OPTIONAL_INT, mandatory=True)
    reason = Field(str, mandatory=True)
    counts_for_pd = Field(bool, mandatory=True)
    #: True for the one fact of a placement that carries the plan's own area (a rule about
    #: the placement as such, not about an area it covers, matches only this one)
    primary = Field(bool, mandatory=True)


class UnplacedFact(TypedFact):
    """Demand the plan could not place (no course for the area, or no seat left)."""

    identity: ClassVar[tuple[str, ...]] = ("teacher", "area")
    wide: ClassVar[bool] = False
    teacher_field: ClassVar[str | None] = "teacher"

    teacher = Field(str, mandatory=True)
    area = Field(str, mandatory=True)
    reason = Field(str, mandatory=True)
    topic = Field(str, mandatory=True)
    #: the planner's cause: no_course / no_seats / teacher_limit, "" when not known
    cause = Field(str, mandatory=True)


class MentorFact(TypedFact):
    """The mentor matching's answer for a young teacher without a mentor.

    `found` is False when no colleague meets the criteria; then `mentor_code`
    and `mentor_name` are empty and `reason` says why.
    """

    identity: ClassVar[tuple[str, ...]] = ("mentee",)
    wide: ClassVar[bool] = False
    teacher_field: ClassVar[str | None] = "mentee"

    mentee = Field(str, mandatory=True)
    found = Field(bool, mandatory=True)
    mentor_code = Field(str, mandatory=True)
    mentor_name = Field(str, mandatory=True)
    shared_subjects = Field(tuple, mandatory=True)
    reason = Field(str, mandatory=True)


class OrgFact(TypedFact):
    """One organization: its monitoring indicators and group, and counts the school rules test.

    Shares are 0..1, rounded to 6 places so that a boundary like 0.2 is not
    missed by float noise (1 − 0.8 = 0.19999999999999996).
    """

    identity: ClassVar[tuple[str, ...]] = ("code", "name")
    wide: ClassVar[bool] = True

    code = Field(str, mandatory=True)
    name = Field(str, mandatory=True)
    kind = Field(str, mandatory=True)
    group = Field(str, mandatory=True)
    composite = Field(NUMBER, mandatory=True)
    teachers = Field(int, mandatory=True)
    vacancies = Field(int, mandatory=True)
    #: monitoring indicator pd_coverage
    pd_coverage = Field(NUMBER, mandatory=True)
    #: monitoring indicator presented_share
    presented_share = Field(NUMBER, mandatory=True)
    #: 1 − monitoring indicator no_burnout_share
    burnout_share = Field(NUMBER, mandatory=True)
    #: held categories («первая» and higher) and how many of them expire soon
    category_holders = Field(int, mandatory=True)
    expiring = Field(int, mandatory=True)
    expiring_share = Field(NUMBER, mandatory=True)
    young = Field(int, mandatory=True)
    young_without_mentor = Field(tuple, mandatory=True)


class SchoolFact(TypedFact):
    """One organization as the municipal pass sees it (from the per-organization summaries)."""

    identity: ClassVar[tuple[str, ...]] = ("code", "name")
    wide: ClassVar[bool] = True

    code = Field(str, mandatory=True)
    name = Field(str, mandatory=True)
    kind = Field(str, mandatory=True)
    group = Field(str, mandatory=True)
    composite = Field(NUMBER, mandatory=True)
    teachers = Field(int, mandatory=True)


class AreaFact(TypedFact):
    """A competence area across the municipality: teachers diagnosed in it, those with a
    critical deficit in it, and their share."""

    identity: ClassVar[tuple[str, ...]] = ("area",)
    wide: ClassVar[bool] = False

    area = Field(str, mandatory=True)
    diagnosed = Field(int, mandatory=True)
    critical = Field(int, mandatory=True)
    share = Field(NUMBER, mandatory=True)


class DemandFact(TypedFact):
    """Demand of the plan for an area against the catalogue's seats (plan summary)."""

    identity: ClassVar[tuple[str, ...]] = ("area",)
    wide: ClassVar[bool] = False

    area = Field(str, mandatory=True)
    demand = Field(int, mandatory=True)
    capacity = Field(int, mandatory=True)


class MunicipalityFact(TypedFact):
    """The municipality as a whole: totals and the lists the centre's rules name."""

    identity: ClassVar[tuple[str, ...]] = ()
    wide: ClassVar[bool] = True

    organizations = Field(int, mandatory=True)
    teachers = Field(int, mandatory=True)
    young = Field(int, mandatory=True)
    young_share = Field(NUMBER, mandatory=True)
    #: codes of organizations of the low and high effectiveness groups
    low_group = Field(tuple, mandatory=True)
    high_group = Field(tuple, mandatory=True)
    #: their names, in the same order, for the texts
    low_group_names = Field(tuple, mandatory=True)
    high_group_names = Field(tuple, mandatory=True)
    #: teachers for whom T08 fired (to present experience), and their organizations
    experience_candidates = Field(int, mandatory=True)
    experience_orgs = Field(tuple, mandatory=True)


class Limits(TypedFact):
    """The configured thresholds the rules compare against, declared once per run.

    Rules bind these (`Limits(debut_max_experience=MATCH.limit)`) rather than
    hold literals, so a municipality's configuration changes the rules'
    behaviour without touching code, and the rule base's version changes with it.
    """

    identity: ClassVar[tuple[str, ...]] = ()
    wide: ClassVar[bool] = False
    shared: ClassVar[bool] = True

    debut_max_experience = Field(NUMBER, mandatory=True)
    leader_min_experience = Field(NUMBER, mandatory=True)
    first_to_highest_min_years = Field(NUMBER, mandatory=True)
    burnout_share = Field(NUMBER, mandatory=True)
    presented_share_min = Field(NUMBER, mandatory=True)
    expiring_share = Field(NUMBER, mandatory=True)
    area_critical_share = Field(NUMBER, mandatory=True)
    young_share = Field(NUMBER, mandatory=True)
