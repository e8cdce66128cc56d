"""Rows of the centre's and coordinator's reports: the lines of their tables.

Plain frozen dataclasses the report contexts (`documents.context`) are made
of; like them they carry display facts only and keep enumeration keys as keys.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from rules.thresholds import Thresholds

_DEFAULT = Thresholds()


@dataclass(frozen=True)
class AreaRequests:
    area: str
    requests: int
    teachers: int
    hours: int


@dataclass(frozen=True)
class SchoolRequests:
    org_code: str
    org_name: str
    teachers: int  # teachers of the school
    requesting: int  # of them, with at least one request
    by_area: Mapping[str, int]  # area -> requests

    @property
    def requests(self) -> int:
        return sum(self.by_area.values())


@dataclass(frozen=True)
class FormatRequests:
    format: str | None  # in_person / remote / blended; None = not stated
    requests: int


@dataclass(frozen=True)
class AreaProfile:
    """One area of the municipal deficit profile."""

    area: str
    diagnosed: int
    critical_share: float
    moderate_share: float
    mean: float | None


@dataclass(frozen=True)
class SchoolDeficits:
    org_code: str
    org_name: str
    diagnosed: int
    with_critical_share: float  # share of diagnosed teachers with any critical deficit
    area_means: Mapping[str, float | None]


@dataclass(frozen=True)
class SchoolCategories:
    org_code: str
    org_name: str
    by_category: Mapping[str, int]  # category key -> teachers
    expiring: int  # categories expiring in the next year
    szd_due: int

    @property
    def teachers(self) -> int:
        return sum(self.by_category.values())

    @property
    def qualified_share(self) -> float | None:
        """Share with «первая» or higher."""
        if not self.teachers:
            return None
        higher = ("first", "highest", "methodist", "mentor")
        return sum(self.by_category.get(c, 0) for c in higher) / self.teachers


@dataclass(frozen=True)
class ExpiringCategory:
    full_name: str
    org_name: str
    category: str
    assigned: date
    expires: date


@dataclass(frozen=True)
class SzdDue:
    full_name: str
    org_name: str
    position: str
    years_in_org: float | None
    last_szd: date | None


@dataclass(frozen=True)
class AttestationResults:
    """Attestations of the cycle year by kind (szd / first / highest / methodist / mentor)."""

    kind: str
    assigned: int
    refused: int


@dataclass(frozen=True)
class StandardArea:
    """Attested teachers against a labour action of the professional standard (544н)."""

    area: str
    attested: int  # teachers attested in the cycle with a diagnostic in this area
    meeting: int  # of them, with no deficit in the area

    @property
    def share(self) -> float | None:
        return self.meeting / self.attested if self.attested else None


@dataclass(frozen=True)
class SchoolMonitoring:
    org_code: str
    org_name: str
    indicators: Mapping[str, float | None]
    composite: float
    group: str
    teachers: int
    kind: str = ""
    #: place among the organizations of its kind (1 = highest composite); 0 = none
    rank_in_kind: int = 0
    #: indicators without data, left out of the composite (no burnout survey)
    left_out: tuple[str, ...] = ()


@dataclass(frozen=True)
class MonitoringMethod:
    """The documented method: weights of the indicators and the group cut-offs."""

    weights: Mapping[str, float]
    high: float = _DEFAULT.effectiveness.high
    medium: float = _DEFAULT.effectiveness.medium

    @property
    def weight_total(self) -> float:
        return sum(self.weights.values())


@dataclass(frozen=True)
class Participant:
    full_name: str
    org_name: str


@dataclass(frozen=True)
class CourseGroup:
    """A catalogue course in next year's plan with the teachers placed on it."""

    course_code: str
    title: str
    areas: tuple[str, ...]
    hours: int
    provider: str
    format: str | None
    quarter: int
    capacity: int
    participants: tuple[Participant, ...]

    @property
    def seats_used(self) -> int:
        return len(self.participants)

    @property
    def seat_share(self) -> float | None:
        return self.seats_used / self.capacity if self.capacity else None

    def by_school(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Participants grouped by school, in order of first appearance."""
        groups: dict[str, list[str]] = {}
        for p in self.participants:
            groups.setdefault(p.org_name, []).append(p.full_name)
        return tuple((org, tuple(names)) for org, names in groups.items())


@dataclass(frozen=True)
class UnmetDemand:
    """Requests (or needs) the plan could not place, by area (rule T13, M06); `by_cause`:
    unplaced needs per cause (`metodist.analysis.placement.CAUSES`), in that order."""

    area: str
    teachers: int
    by_cause: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class RuleEntry:
    rule_id: str
    title: str
    addressee: str  # teacher / organization / centre
    source: str
    conditions: str  # Russian explanation of when it fires


# ---------------------------------------------------------------- the centre's lists (M07)


@dataclass(frozen=True)
class PersonRow:
    """A teacher on one of the centre's lists: who, where, and what for."""

    full_name: str
    org_name: str
    position: str
    note: str = ""  # the competition, the category and experience, …


@dataclass(frozen=True)
class ExperienceEntry:
    """An entry of the bank of experience: who presented what, at which event, when."""

    full_name: str
    org_name: str
    topic: str
    event: str
    day: date


@dataclass(frozen=True)
class UnplacedCount:
    """Needs the plan could not meet, for one cause and one kind of organization."""

    cause: str  # no_course / no_seats / course_limit; "" when the plan did not say
    org_kind: str
    needs: int
