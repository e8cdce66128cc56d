"""A small municipality in the database for the stage services (three organizations)."""

import importlib
from datetime import date
from types import ModuleType

import pytest

from metodist.db import session_scope
from models import (
    Attestation,
    CatalogueCourse,
    CompetitionEntry,
    CourseRequest,
    Diagnostic,
    MethodEvent,
    Organization,
    PdCourseDone,
    Teacher,
)
from models.enums import Stage

YEAR = 2026
AS_OF = date(2026, 11, 15)


def stage_module(stage: str) -> ModuleType:
    """The module of a stage's service, to call its `compute` and `finalize` directly."""
    return importlib.import_module(f"metodist.stages.{Stage(stage).value}")


def _teacher(code: str, org: str, **kw) -> Teacher:
    return Teacher(code=code, org_code=org, full_name=f"Педагог {code}", **kw)


def fill(url: str) -> None:
    """o1: four teachers with deficits, requests, an expiring category, a young teacher and
    one on leave; o2: an expired category and a mentor; o3: no teachers, two vacancies."""
    with session_scope(url) as s:
        s.add_all(
            [
                Organization(code="o1", name="МБОУ СОШ № 1", kind="school", vacancies=1),
                Organization(code="o2", name="МБДОУ № 2", kind="preschool"),
                Organization(code="o3", name="ЦДО «Радуга»", kind="additional", vacancies=2),
            ]
        )
        s.flush()
        s.add_all(
            [
                _teacher("o1-t1", "o1", subjects=["математика"], experience_years=20,
                         years_in_org=15, category="highest", category_date=date(2024, 1, 10),
                         burnout_score=80),
                _teacher("o1-t2", "o1", subjects=["физика"], experience_years=8, years_in_org=8,
                         category="first", category_date=date(2022, 3, 1)),
                _teacher("o1-t3", "o1", subjects=["математика"], experience_years=1,
                         years_in_org=1),
                _teacher("o1-t4", "o1", experience_years=10, years_in_org=6, exempt="leave"),
                _teacher("o2-t1", "o2", experience_years=12, years_in_org=12, category="first",
                         category_date=date(2019, 5, 1)),
                _teacher("o2-t2", "o2", experience_years=25, years_in_org=20, category="mentor",
                         category_date=date(2024, 6, 1)),
            ]
        )  # fmt: skip
        s.flush()
        s.add_all(
            [
                PdCourseDone(key="1", teacher_code="o1-t1", title="ИКТ", area="digital",
                             hours=72, completed=date(2025, 3, 1)),
                PdCourseDone(key="2", teacher_code="o2-t1", title="ФГОС ДО", area="methodical",
                             hours=16, completed=date(2024, 1, 1)),
                PdCourseDone(key="3", teacher_code="o2-t2", title="Наставничество", area=None,
                             hours=36, completed=date(2026, 1, 1)),
                Diagnostic(key="1", teacher_code="o1-t1", date=date(2026, 5, 1), area="digital",
                           score=40),
                Diagnostic(key="2", teacher_code="o1-t1", date=date(2026, 5, 1), area="legal",
                           score=65),
                Diagnostic(key="3", teacher_code="o1-t2", date=date(2026, 5, 1),
                           area="methodical", score=55),
                Diagnostic(key="4", teacher_code="o1-t3", date=date(2026, 5, 1), area="digital",
                           score=30),
                CourseRequest(key="1", teacher_code="o1-t1", area="digital", topic="Цифровая школа",
                              format="remote", hours=36, submitted=date(2026, 2, 1)),
                CourseRequest(key="2", teacher_code="o1-t2", area="legal", topic="Право в школе"),
                CourseRequest(key="3", teacher_code="o1-t2", area="subject", topic="Физика",
                              submitted=date(2025, 2, 1)),
                Attestation(key="1", teacher_code="o1-t2", date=date(2026, 5, 1), kind="highest",
                            result="refused"),
                MethodEvent(key="1", org_code=None, date=date(2025, 10, 1), form="seminar",
                            title="Семинар", participants=30, presenter_codes=["o1-t1"]),
                CompetitionEntry(key="1", teacher_code="o2-t2", competition="educator_of_year",
                                 year=2025, result="laureate"),
                CatalogueCourse(code="c1", title="Цифровая образовательная среда",
                                areas=["digital"], hours=72, provider="ИРО", format="remote",
                                capacity=1, quarter=1),
                CatalogueCourse(code="c2", title="Методика и право", areas=["legal", "methodical"],
                                hours=36, provider="ИРО", format="in_person", capacity=5,
                                quarter=2),
                CatalogueCourse(code="c3", title="Предметное содержание", areas=["subject"],
                                hours=16, provider="ИМЦ", format="blended", capacity=2,
                                quarter=3),
            ]
        )  # fmt: skip


@pytest.fixture
def town(db_url: str) -> str:
    """`db_url` with the small municipality loaded."""
    fill(db_url)
    return db_url
