"""View models: what each document shows, as frozen, picklable dataclasses.

The views build these from the database; templates read nothing else. They
carry display facts only: no evidence behind a recommendation, no burnout
scores (docs/domain.md). Enumeration keys stay keys; the filters name them. Each
context names its template in `TEMPLATE`; report rows are in `documents.rows`.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from typing import Any, ClassVar, Literal, cast

from metodist.documents.labels import SENSITIVE_INDICATORS
from metodist.documents.rows import (
    AreaProfile,
    AreaRequests,
    AttestationResults,
    CourseGroup,
    ExpiringCategory,
    FormatRequests,
    MonitoringMethod,
    RuleEntry,
    SchoolCategories,
    SchoolDeficits,
    SchoolMonitoring,
    SchoolRequests,
    StandardArea,
    SzdDue,
    UnmetDemand,
)
from metodist.documents.rows import Participant as Participant
from models.labels import PRIORITY_ORDER
from rules.status import level_by_cut_offs
from rules.thresholds import Thresholds

#: the documented defaults, for a context built without the thresholds in force
_DEFAULT = Thresholds()

ReviewState = Literal["approved", "draft"]
DeficitLevel = Literal["critical", "moderate", "none", "unknown"]
RouteKind = Literal[
    "course", "mentoring", "attestation", "competition", "experience", "support", "unmet"
]


# ---------------------------------------------------------------- shared pieces


@dataclass(frozen=True)
class DocumentMeta:
    """Who issues a document, for which cycle, as of when, and whether a reviewer approved it."""

    municipality: str
    issuer: str  # «МКУ «Информационно-методический центр»»
    cycle_year: int
    document_date: date
    review_state: ReviewState = "draft"

    @property
    def draft(self) -> bool:
        """A draft carries the «ПРОЕКТ» watermark on every page."""
        return self.review_state != "approved"


@dataclass(frozen=True)
class DeficitThresholds:
    """Score cut-offs of thresholds.toml's [deficits]: below the first critical, then moderate."""

    critical_below: int = _DEFAULT.deficits.critical_below
    moderate_below: int = _DEFAULT.deficits.moderate_below

    def level(self, score: float | None) -> DeficitLevel:
        """The level of a score or of a mean score, as `rules.status` defines it."""
        if score is None:
            return "unknown"
        level = level_by_cut_offs(score, self.critical_below, self.moderate_below)
        return cast(DeficitLevel, level or "none")


@dataclass(frozen=True)
class Recommendation:
    """One addressed recommendation as a document prints it: what, by when, on what grounds."""

    rule_id: str
    title: str
    text: str
    priority: str = "normal"  # high / normal / low
    due_quarter: int | None = None  # 1..4; None = during the year
    due_year: int | None = None
    source: str = ""  # seed numbers and regulations, e.g. «002, 273-ФЗ ст. 47»
    concerns: str = ""  # whom or what it is about, when not the addressee itself


def by_priority(recs: Sequence[Recommendation]) -> tuple[Recommendation, ...]:
    """High first, then normal, then low; within a priority by rule id (stable)."""
    return tuple(sorted(recs, key=lambda r: (PRIORITY_ORDER.get(r.priority, 9), r.rule_id)))


@dataclass(frozen=True)
class FiredRule:
    """A line of a packet's appendix: which rule fired, how often, on which source."""

    rule_id: str
    title: str
    source: str
    addressee: str = "teacher"  # teacher / organization / centre
    count: int = 1


# ---------------------------------------------------------------- the school packet


@dataclass(frozen=True)
class OrgHeader:
    code: str
    name: str
    kind: str  # school / preschool / additional
    municipality: str


@dataclass(frozen=True)
class Indicator:
    """A monitoring indicator of the school (a share 0..1) beside the municipal average."""

    key: str  # labels.INDICATOR
    value: float | None
    municipal_average: float | None


@dataclass(frozen=True)
class AreaScore:
    """One bar of a deficit map: a competence area, its diagnostic score 0–100, its level."""

    area: str
    score: int | None
    level: DeficitLevel


@dataclass(frozen=True)
class RouteItem:
    """A line of a teacher's individual route (ИОМ)."""

    kind: RouteKind
    title: str
    quarter: int | None = None
    year: int | None = None
    hours: int | None = None
    area: str | None = None
    detail: str = ""  # provider and format of a course, the mentor's name, ...
    rule_id: str | None = None


@dataclass(frozen=True)
class TeacherSection:
    """A teacher's page in the packet: deficit map and individual route. No burnout data."""

    code: str
    full_name: str
    position: str
    subjects: tuple[str, ...]
    category: str  # none / szd / first / highest / methodist / mentor
    experience_years: float | None
    deficits: tuple[AreaScore, ...]
    route: tuple[RouteItem, ...] = ()
    mentor_name: str | None = None

    @property
    def short_name(self) -> str:
        """Surname and initials («Андреева Г. А.»), for running heads."""
        surname, *rest = self.full_name.split() or [""]
        return " ".join([surname, *(f"{part[0]}." for part in rest)])

    @property
    def critical_areas(self) -> tuple[str, ...]:
        return tuple(s.area for s in self.deficits if s.level == "critical")

    @property
    def moderate_areas(self) -> tuple[str, ...]:
        return tuple(s.area for s in self.deficits if s.level == "moderate")

    @property
    def planned_hours(self) -> int:
        return sum(i.hours or 0 for i in self.route if i.kind == "course")


@dataclass(frozen=True)
class PacketContext:
    """The school's packet: indicators and group, recommendations to the head, teachers' pages."""

    TEMPLATE: ClassVar[str] = "packet.html"

    meta: DocumentMeta
    org: OrgHeader
    plan_year: int
    group: str  # high / medium / low
    composite: float
    indicators: tuple[Indicator, ...]
    head_recommendations: tuple[Recommendation, ...]
    teachers: tuple[TeacherSection, ...]
    fired_rules: tuple[FiredRule, ...]
    thresholds: DeficitThresholds = DeficitThresholds()

    def __post_init__(self) -> None:
        shown = {i.key for i in self.indicators} & SENSITIVE_INDICATORS
        if shown:
            raise ValueError(f"a school packet never shows burnout indicators: {sorted(shown)}")
        object.__setattr__(self, "head_recommendations", by_priority(self.head_recommendations))

    @property
    def teachers_with_critical(self) -> int:
        return sum(1 for t in self.teachers if t.critical_areas)

    @property
    def course_places(self) -> int:
        """Seats on qualification courses the plan gives this school's teachers."""
        return sum(1 for t in self.teachers for i in t.route if i.kind == "course")


# ---------------------------------------------------------------- centre and coordinator reports


@dataclass(frozen=True)
class RequestsContext:
    """Summary of the requests database (Q1–Q2): by area, by school, by format."""

    TEMPLATE: ClassVar[str] = "reports/requests.html"

    meta: DocumentMeta
    by_area: tuple[AreaRequests, ...]
    by_school: tuple[SchoolRequests, ...]
    by_format: tuple[FormatRequests, ...]
    period_start: date | None = None
    period_end: date | None = None

    @property
    def total_requests(self) -> int:
        return sum(a.requests for a in self.by_area)

    @property
    def total_teachers(self) -> int:
        return sum(s.teachers for s in self.by_school)

    @property
    def requesting_teachers(self) -> int:
        return sum(s.requesting for s in self.by_school)


@dataclass(frozen=True)
class DeficitProfileContext:
    """The municipality's deficit profile after diagnostics (Q2–Q3)."""

    TEMPLATE: ClassVar[str] = "reports/deficits.html"

    meta: DocumentMeta
    teachers_total: int
    teachers_diagnosed: int
    areas: tuple[AreaProfile, ...]
    schools: tuple[SchoolDeficits, ...]
    thresholds: DeficitThresholds = DeficitThresholds()
    #: rule M02: an area with critical deficits in this share of teachers or more
    area_alert_share: float = _DEFAULT.centre.area_critical_share

    @property
    def alert_areas(self) -> tuple[AreaProfile, ...]:
        return tuple(a for a in self.areas if a.critical_share >= self.area_alert_share)


@dataclass(frozen=True)
class AttestationContext:
    """The «аналитическая справка» on attestation (Q4, seed 003 item 6)."""

    TEMPLATE: ClassVar[str] = "reports/attestation.html"

    meta: DocumentMeta
    as_of: date
    next_year: int
    schools: tuple[SchoolCategories, ...]
    results: tuple[AttestationResults, ...]
    expiring: tuple[ExpiringCategory, ...]
    szd_due: tuple[SzdDue, ...]
    standard: tuple[StandardArea, ...]
    reform_date: date = _DEFAULT.attestation.reform_date
    category_term_years: int = _DEFAULT.attestation.category_term_years

    def total(self, category: str) -> int:
        return sum(s.by_category.get(category, 0) for s in self.schools)

    @property
    def teachers(self) -> int:
        return sum(s.teachers for s in self.schools)


@dataclass(frozen=True)
class MonitoringContext:
    """The analytic report of monitoring by school (Q4, seed 003 item 7; groups of seed 002)."""

    TEMPLATE: ClassVar[str] = "reports/monitoring.html"

    meta: DocumentMeta
    method: MonitoringMethod
    schools: tuple[SchoolMonitoring, ...]
    municipal_average: Mapping[str, float | None]

    def in_group(self, group: str) -> tuple[SchoolMonitoring, ...]:
        return tuple(s for s in self.schools if s.group == group)


@dataclass(frozen=True)
class PlanContext:
    """Next year's plan of professional development: course groups by quarter."""

    TEMPLATE: ClassVar[str] = "reports/plan.html"

    meta: DocumentMeta
    plan_year: int
    groups: tuple[CourseGroup, ...]
    unmet: tuple[UnmetDemand, ...] = ()

    def quarter(self, q: int) -> tuple[CourseGroup, ...]:
        return tuple(g for g in self.groups if g.quarter == q)

    @property
    def participants(self) -> int:
        return sum(g.seats_used for g in self.groups)

    @property
    def capacity(self) -> int:
        return sum(g.capacity for g in self.groups)


@dataclass(frozen=True)
class CentreContext:
    """Recommendations to the methodological centre (M-rules)."""

    TEMPLATE: ClassVar[str] = "reports/centre.html"

    meta: DocumentMeta
    recommendations: tuple[Recommendation, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "recommendations", by_priority(self.recommendations))


@dataclass(frozen=True)
class CatalogueContext:
    """The rule catalogue: id, title, addressee, source, conditions."""

    TEMPLATE: ClassVar[str] = "reports/catalogue.html"

    meta: DocumentMeta
    rules: tuple[RuleEntry, ...]
    rulebase_version: str = ""

    def for_addressee(self, addressee: str) -> tuple[RuleEntry, ...]:
        return tuple(r for r in self.rules if r.addressee == addressee)


ReportContext = (
    RequestsContext
    | DeficitProfileContext
    | AttestationContext
    | MonitoringContext
    | PlanContext
    | CentreContext
    | CatalogueContext
)
DocumentContext = PacketContext | ReportContext


def field_names(obj: Any) -> set[str]:
    """Every field name reachable from a view model (for the tests' privacy checks)."""
    names: set[str] = set()
    seen: set[int] = set()

    def walk(value: Any) -> None:
        if id(value) in seen:
            return
        seen.add(id(value))
        if is_dataclass(value) and not isinstance(value, type):
            for f in fields(value):
                names.add(f.name)
                walk(getattr(value, f.name))
        elif isinstance(value, Mapping):
            names.update(str(k) for k in value)
            for v in value.values():
                walk(v)
        elif isinstance(value, tuple | list):
            for v in value:
                walk(v)

    walk(obj)
    return names
