"""The typed hand-offs between stages: one frozen class per kind of `StageOutput` payload.

A stage writes `payload.to_json()`; the documents and the recommendations
stage read `Kind.from_json(row.payload)`, so the shape of each stored kind
is written here and nowhere else (`models.payload_codec` does the JSON).
"""

from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

from models.monitoring_payloads import MonitoringMethod as MonitoringMethod
from models.monitoring_payloads import MonitoringSummary as MonitoringSummary
from models.monitoring_payloads import SchoolMonitoring as SchoolMonitoring
from models.payload_codec import Payload, RootPayload

Counts = dict[str, int]


# --- needs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestItem(Payload):
    teacher_code: str
    teacher_name: str
    area: str
    topic: str
    format: str | None = None
    hours: int | None = None
    submitted: date | None = None


@dataclass(frozen=True)
class RequestsByOrg(Payload):
    """A school's requests of the cycle, counted and listed."""

    KIND: ClassVar[str] = "requests_by_org"
    org_code: str
    org_name: str = ""
    teachers: int = 0
    teachers_with_requests: int = 0
    requests: int = 0
    hours: int = 0
    by_area: Counts = field(default_factory=dict)
    by_format: Counts = field(default_factory=dict)
    topics: tuple[tuple[str, str, int], ...] = ()  # (area, topic, requests)
    items: tuple[RequestItem, ...] = ()


@dataclass(frozen=True)
class TopTopic(Payload):
    area: str
    topic: str
    requests: int


@dataclass(frozen=True)
class SchoolRequests(Payload):
    org_name: str = ""
    teachers: int = 0
    teachers_with_requests: int = 0
    requests: int = 0
    by_area: Counts = field(default_factory=dict)


@dataclass(frozen=True)
class RequestsSummary(Payload):
    """The municipal summary of the requests database."""

    KIND: ClassVar[str] = "requests_summary"
    year: int = 0
    as_of: date | None = None
    orgs: int = 0
    orgs_with_requests: int = 0
    teachers: int = 0
    teachers_with_requests: int = 0
    requests: int = 0
    hours: int = 0
    by_area: Counts = field(default_factory=dict)
    by_format: Counts = field(default_factory=dict)
    top_topics: tuple[TopTopic, ...] = ()
    by_org: dict[str, SchoolRequests] = field(default_factory=dict)


# --- diagnostics -------------------------------------------------------------------------


@dataclass(frozen=True)
class DeficitCell(Payload):
    """A teacher's latest score in an area and its level (critical, moderate, None: none)."""

    score: int
    level: str | None = None


@dataclass(frozen=True)
class DeficitMap(RootPayload):
    """Teacher code → area → score and level, the levels by the run's cut-offs."""

    KIND: ClassVar[str] = "deficit_map"
    by_code: dict[str, dict[str, DeficitCell]]


@dataclass(frozen=True)
class AreaDeficits(Payload):
    diagnosed: int = 0
    critical: int = 0
    moderate: int = 0
    critical_share: float = 0.0
    moderate_share: float = 0.0
    mean_score: float | None = None


@dataclass(frozen=True)
class DeficitProfile(Payload):
    """A school's deficit profile: shares of the teachers diagnosed in each area."""

    KIND: ClassVar[str] = "deficit_profile"
    teachers: int = 0
    diagnosed: int = 0
    with_critical: int = 0
    with_deficit: int = 0
    areas: dict[str, AreaDeficits] = field(default_factory=dict)


@dataclass(frozen=True)
class CutOffs(Payload):
    """The score cut-offs a diagnostics run used (`[deficits]`)."""

    critical_below: int = 50
    moderate_below: int = 70


@dataclass(frozen=True)
class SchoolDeficits(Payload):
    org_name: str = ""
    teachers: int = 0
    diagnosed: int = 0
    with_critical: int = 0
    with_deficit: int = 0
    critical_by_area: Counts = field(default_factory=dict)


@dataclass(frozen=True)
class MunicipalDeficitProfile(Payload):
    """The municipal deficit profile (org_code NULL), with its cut-offs and a line per school."""

    KIND: ClassVar[str] = "deficit_profile"
    year: int = 0
    as_of: date | None = None
    orgs: int = 0
    cut_offs: CutOffs = field(default_factory=CutOffs)
    teachers: int = 0
    diagnosed: int = 0
    with_critical: int = 0
    with_deficit: int = 0
    areas: dict[str, AreaDeficits] = field(default_factory=dict)
    by_org: dict[str, SchoolDeficits] = field(default_factory=dict)


# --- attestation -------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpiringCategory(Payload):
    """A category expiring next calendar year or within the window (computed once, here)."""

    teacher_code: str
    teacher_name: str
    category: str
    category_date: date | None
    expires: date
    next_year: bool = False
    within_window: bool = False


@dataclass(frozen=True)
class SzdDue(Payload):
    teacher_code: str
    teacher_name: str
    last_szd: date | None = None
    years_in_org: float | None = None


@dataclass(frozen=True)
class AttestationTally(Payload):
    assigned: int = 0
    refused: int = 0


@dataclass(frozen=True)
class NoteFigures(Payload):
    """The figures every attestation note has, a school's or the municipality's."""

    teachers: int = 0
    categories: Counts = field(default_factory=dict)
    first_or_higher: int = 0
    first_or_higher_with_critical: int = 0
    expired: int = 0
    expiring_next_year: int = 0
    expiring_within_window: int = 0
    szd_due: int = 0
    exempt: Counts = field(default_factory=dict)
    attestations_in_year: dict[str, AttestationTally] = field(default_factory=dict)
    first_or_higher_share: float = 0.0
    expiring_share: float = 0.0
    next_year: int = 0
    window_months: int = 0
    findings: tuple[str, ...] = ()


@dataclass(frozen=True)
class AttestationNote(Payload):
    """A school's analytic note: its figures, and who is expiring or due for СЗД."""

    KIND: ClassVar[str] = "attestation_note"
    FLAT: ClassVar[tuple[str, ...]] = ("figures",)  # stored flat, as the stage always wrote it
    figures: NoteFigures = field(default_factory=NoteFigures)
    org_code: str = ""
    org_name: str = ""
    expiring: tuple[ExpiringCategory, ...] = ()
    szd_due_list: tuple[SzdDue, ...] = ()


@dataclass(frozen=True)
class SchoolAttestation(Payload):
    org_name: str = ""
    teachers: int = 0
    categories: Counts = field(default_factory=dict)
    first_or_higher: int = 0
    first_or_higher_share: float = 0.0
    expiring_next_year: int = 0
    expiring_within_window: int = 0
    szd_due: int = 0
    exempt: int = 0


@dataclass(frozen=True)
class MunicipalAttestationNote(Payload):
    """The municipal note (org_code NULL): the merged figures and a line per school."""

    KIND: ClassVar[str] = "attestation_note"
    FLAT: ClassVar[tuple[str, ...]] = ("figures",)
    year: int = 0
    as_of: date | None = None
    figures: NoteFigures = field(default_factory=NoteFigures)
    orgs: int = 0
    by_org: dict[str, SchoolAttestation] = field(default_factory=dict)


# --- monitoring: models/monitoring_payloads.py (re-exported here) ------------------------


# --- planning ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MentorMatch(Payload):
    mentee_name: str
    mentor_code: str | None = None
    mentor_name: str | None = None
    shared_subjects: tuple[str, ...] = ()
    reason: str = ""


@dataclass(frozen=True)
class MentorMatches(RootPayload):
    """A school's young teachers without a mentor → the colleague matched (T04)."""

    KIND: ClassVar[str] = "mentor_matches"
    by_code: dict[str, MentorMatch]


@dataclass(frozen=True)
class Seat(Payload):
    """A seat of the plan, with its course's details."""

    teacher_code: str
    course_code: str
    course_title: str = ""
    area: str | None = None
    quarter: int | None = None
    hours: int | None = None
    reason: str = ""
    areas: tuple[str, ...] = ()
    format: str | None = None
    provider: str | None = None


@dataclass(frozen=True)
class CoveredNeed(Payload):
    teacher_code: str
    area: str | None
    reason: str
    topic: str | None
    course_code: str
    course_title: str


@dataclass(frozen=True)
class UnplacedNeed(Payload):
    teacher_code: str
    area: str | None = None
    reason: str = ""
    cause: str | None = None  # no_course / no_seats / course_limit: T01, T13, M06 read it
    topic: str | None = None


@dataclass(frozen=True)
class PlanByOrg(Payload):
    """A school's part of the plan: seats, needs covered by another seat, needs unmet."""

    KIND: ClassVar[str] = "plan_by_org"
    placements: tuple[Seat, ...] = ()
    covered: tuple[CoveredNeed, ...] = ()
    unplaced: tuple[UnplacedNeed, ...] = ()


@dataclass(frozen=True)
class CourseSeats(Payload):
    code: str
    title: str
    areas: tuple[str, ...] = ()
    quarter: int = 0
    hours: int | None = None
    format: str | None = None
    provider: str | None = None
    capacity: int | None = None
    seats_used: int = 0


@dataclass(frozen=True)
class OrgPlanCounts(Payload):
    placements: int = 0
    covered: int = 0
    unplaced: int = 0


@dataclass(frozen=True)
class Mentoring(Payload):
    young_without_mentor: int = 0
    matched: int = 0


@dataclass(frozen=True)
class PlanSummary(Payload):
    """The municipal plan: seats by reason and quarter, demand and capacity by area (M06)."""

    KIND: ClassVar[str] = "plan_summary"
    cycle_year: int = 0
    plan_year: int = 0
    as_of: date | None = None
    max_courses_per_teacher: int = 0
    teachers_with_needs: int = 0
    placements: int = 0
    teachers_placed: int = 0
    by_reason: Counts = field(default_factory=dict)
    by_quarter: Counts = field(default_factory=dict)
    covered: int = 0
    covered_by_reason: Counts = field(default_factory=dict)
    unplaced: int = 0
    unplaced_by_reason: Counts = field(default_factory=dict)
    unplaced_by_cause: Counts = field(default_factory=dict)
    unplaced_by_area: Counts = field(default_factory=dict)
    demand_by_area: Counts = field(default_factory=dict)
    capacity_by_area: Counts = field(default_factory=dict)
    shortfall_by_area: Counts = field(default_factory=dict)
    courses: tuple[CourseSeats, ...] = ()
    by_org: dict[str, OrgPlanCounts] = field(default_factory=dict)
    mentoring: Mentoring = field(default_factory=Mentoring)
    teachers: int = 0


# --- packets -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentFile(Payload):
    """A document the packets stage wrote, with its pages and layout time.

    `digest` is its content digest (`metodist.documents.digest`); `size` and
    `mtime_ns` are the published file's, so that a later run can tell the file
    is still the one written. `kept`: this run found it unchanged and left it
    as it was (pages and times are then those of the run that rendered it).
    `inputs`: a packet's or routes' inputs key (`metodist.documents.inputs_key`).
    """

    path: str
    kind: str
    org: str | None = None
    org_name: str | None = None
    pages: int | None = None
    state: str = "draft"
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    digest: str = ""
    size: int | None = None
    mtime_ns: int | None = None
    kept: bool = False
    inputs: str = ""


@dataclass(frozen=True)
class PacketsManifest(Payload):
    """What a packets run wrote (the stage summary, with the cycle year and date)."""

    KIND: ClassVar[str] = "packets_manifest"
    year: int = 0
    as_of: date | None = None
    out_dir: str = ""
    packets: int = 0
    reports: int = 0
    #: documents rendered by this run, and kept as they were (digest unchanged, file in place)
    rendered: int = 0
    kept: int = 0
    pages: int = 0
    packet_pages: int = 0
    pages_per_packet: float | None = None
    draft: int = 0
    approved: int = 0
    seconds_per_packet: float | None = None
    packets_seconds: float = 0.0
    document_seconds_per_packet: float | None = None
    cpu_seconds_per_packet: float | None = None
    build_seconds: float = 0.0
    reports_seconds: float = 0.0
    render_workers: int = 1
    removed: int = 0
    files: tuple[DocumentFile, ...] = ()
