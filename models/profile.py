"""What the cycle knows of one organization and its teachers on the cycle date.

Plain frozen dataclasses, loaded by `metodist.snapshot` and read by every
analysis and by the rule engine's adapter: cheap to pickle to a worker
process and easy to build in tests, with no database in sight.
"""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class CourseDone:
    title: str
    area: str | None
    hours: int
    completed: date
    #: the catalogue course it was, when the school named it
    course_code: str | None = None


@dataclass(frozen=True, slots=True)
class Request:
    area: str
    topic: str
    format: str | None
    hours: int | None
    submitted: date | None


@dataclass(frozen=True, slots=True)
class AttestationRecord:
    date: date
    kind: str
    result: str


@dataclass(frozen=True, slots=True)
class CompetitionRecord:
    competition: str
    year: int
    result: str


@dataclass(frozen=True, slots=True)
class EventRecord:
    org_code: str | None
    date: date
    form: str
    title: str
    participants: int
    presenter_codes: tuple[str, ...]
    #: `EventLevel`: the municipality's platform or one organization's own event
    level: str
    #: `ConsultationMode` of a consultation; None for other forms
    mode: str | None = None


@dataclass(frozen=True, slots=True)
class TeacherProfile:
    code: str
    org_code: str
    full_name: str
    position: str = ""
    subjects: tuple[str, ...] = ()
    birth_year: int | None = None
    experience_years: float | None = None
    years_in_org: float | None = None
    category: str = "none"
    category_date: date | None = None
    mentor_code: str | None = None
    burnout_score: int | None = None
    exempt: str | None = None
    #: the end of the absence `exempt` names (past or planned); None = not known
    exempt_until: date | None = None
    #: the latest diagnostic score per competence area, on or before the cycle date
    scores: dict[str, int] = field(default_factory=dict)
    courses_done: tuple[CourseDone, ...] = ()
    requests: tuple[Request, ...] = ()
    attestations: tuple[AttestationRecord, ...] = ()
    competitions: tuple[CompetitionRecord, ...] = ()
    #: dates of events where the teacher presented experience: municipal ones, and those of
    #: any organization, the teacher's own or another
    presentations: tuple[date, ...] = ()


@dataclass(frozen=True, slots=True)
class OrgProfile:
    code: str
    name: str
    kind: str
    municipality: str = ""
    vacancies: int = 0
    teachers: tuple[TeacherProfile, ...] = ()
    events: tuple[EventRecord, ...] = ()
