"""Tables for what schools send in (docs/contract.md, "Input").

Organizations, teachers and catalogue courses are keyed by their codes, so a
re-import upserts them. The other tables have no code of their own: each row
carries `key`, the natural key the importer derives from its identifying
columns, unique, so the same row imported twice is stored once.
"""

from datetime import date
from typing import Any

from sqlalchemy import JSON, Column, String
from sqlmodel import Field, SQLModel

from models.enums import ConsultationMode, EventForm, EventLevel


def default_event_level(org_code: str | None) -> str:
    """An event's level when none is given: the municipality's own, or its host school's."""
    return EventLevel.municipal if org_code is None else EventLevel.school


def default_event_mode(form: str | None) -> str | None:
    """A consultation is a group one unless said otherwise; other forms have no mode."""
    return ConsultationMode.group if form == EventForm.consultation else None


def _row_level(context: Any) -> str:
    return default_event_level(context.get_current_parameters().get("org_code"))


def _row_mode(context: Any) -> str | None:
    return default_event_mode(context.get_current_parameters().get("form"))


class Organization(SQLModel, table=True):
    """An educational organization (ОО): school, kindergarten or centre of additional education."""

    code: str = Field(primary_key=True, max_length=64)
    name: str
    kind: str = Field(index=True)
    municipality: str = Field(default="", index=True)
    vacancies: int = Field(default=0, ge=0)


class Teacher(SQLModel, table=True):
    """A teaching employee (педагогический работник) of one organization."""

    code: str = Field(primary_key=True, max_length=64)
    org_code: str = Field(foreign_key="organization.code", ondelete="CASCADE", index=True)
    full_name: str
    position: str = ""
    subjects: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    birth_year: int | None = None
    experience_years: float | None = None
    years_in_org: float | None = None
    category: str = "none"
    category_date: date | None = None
    mentor_code: str | None = Field(default=None, index=True)
    burnout_score: int | None = None
    exempt: str | None = None
    #: the end of the absence `exempt` names, past or planned; None = not known
    exempt_until: date | None = None


class PdCourseDone(SQLModel, table=True):
    """A completed course of further professional education (КПК, retraining)."""

    __tablename__ = "pd_course_done"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=512)
    teacher_code: str = Field(foreign_key="teacher.code", ondelete="CASCADE", index=True)
    title: str
    area: str | None = None
    hours: int
    completed: date
    #: the catalogue course it was, when known; not a foreign key: catalogues change
    course_code: str | None = None


class CourseRequest(SQLModel, table=True):
    """A teacher's request for a course, collected in Q1–Q2 (the requests database)."""

    __tablename__ = "course_request"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=512)
    teacher_code: str = Field(foreign_key="teacher.code", ondelete="CASCADE", index=True)
    area: str
    topic: str = ""
    format: str | None = None
    hours: int | None = None
    submitted: date | None = None


class Diagnostic(SQLModel, table=True):
    """One diagnostic result of a teacher in one competence area (score 0–100)."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=512)
    teacher_code: str = Field(foreign_key="teacher.code", ondelete="CASCADE", index=True)
    date: date
    area: str
    score: int
    instrument: str = ""


class Attestation(SQLModel, table=True):
    """An attestation record: a category or СЗД assigned or refused on a date."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=512)
    teacher_code: str = Field(foreign_key="teacher.code", ondelete="CASCADE", index=True)
    date: date
    kind: str
    result: str


class MethodEvent(SQLModel, table=True):
    """A methodological event (seed 001 counts them by form); empty org = hosted by the
    municipality. Rows written without `level` or `mode` get the importer's defaults."""

    __tablename__ = "method_event"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=512)
    org_code: str | None = Field(
        default=None, foreign_key="organization.code", ondelete="CASCADE", index=True
    )
    date: date
    form: str
    title: str
    participants: int = 0
    presenter_codes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    level: str = Field(sa_column=Column(String, nullable=False, default=_row_level))
    mode: str | None = Field(sa_column=Column(String, default=_row_mode))


class CompetitionEntry(SQLModel, table=True):
    """A teacher's participation in a professional competition."""

    __tablename__ = "competition_entry"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=512)
    teacher_code: str = Field(foreign_key="teacher.code", ondelete="CASCADE", index=True)
    competition: str
    year: int
    result: str


class CatalogueCourse(SQLModel, table=True):
    """A course of the catalogue the plan places teachers on, with seats per year."""

    __tablename__ = "catalogue_course"
    code: str = Field(primary_key=True, max_length=64)
    title: str
    areas: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    hours: int
    provider: str = ""
    format: str | None = None
    capacity: int
    quarter: int
    #: organization kinds (`OrgKind`) the course is for; empty = every kind
    levels: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )
    #: positions (`models.positions.POSITIONS`) the course is for; empty = every position
    positions: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )
