"""Building profiles, indicators and plans for rule tests, and droolsassert-style checks.

Rule tests state the facts of one teacher or one school in a line, evaluate
the organization engine and assert which rules fired and which did not.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from models.profile import CompetitionRecord, CourseDone, OrgProfile, TeacherProfile
from rules.adapter import evaluate_org
from rules.base import Firing
from rules.thresholds import Thresholds

TH = Thresholds()
AS_OF = date(2026, 11, 15)
YEAR = 2026
#: a course that keeps PD current on AS_OF
FRESH_COURSE = CourseDone("ФГОС", "methodical", 36, date(2025, 3, 1))  # runs out in 2028
ALL_GOOD = {
    "pd_coverage": 1.0,
    "category_share": 1.0,
    "no_critical_share": 1.0,
    "mentored_young_share": 1.0,
    "presented_share": 1.0,
    "staffing": 1.0,
    "no_burnout_share": 1.0,
    "competition_share": 1.0,
}


def teacher(code: str = "t1", org: str = "o1", **kw: object) -> TeacherProfile:
    """A settled teacher no rule has anything to say about, unless `kw` says otherwise:
    an учитель with 8 years of experience, «высшая» set after the reform, PD current past
    the plan year, diagnosed without deficits, presented at a municipal event and took
    part in a competition recently."""
    base: dict[str, object] = dict(
        code=code,
        org_code=org,
        full_name=f"Педагог {code}",
        position="учитель",
        subjects=("математика",),
        experience_years=8.0,
        years_in_org=6.0,
        category="highest",
        category_date=date(2024, 2, 1),
        scores={"subject": 85},
        courses_done=(FRESH_COURSE,),
        presentations=(date(2025, 4, 1),),
        competitions=(CompetitionRecord("teacher_of_year", 2025, "participant"),),
    )
    return TeacherProfile(**(base | kw))  # type: ignore[arg-type]


def school(*teachers: TeacherProfile, code: str = "o1", **kw: object) -> OrgProfile:
    fixed = tuple(
        t if t.org_code == code else TeacherProfile(**{**_fields(t), "org_code": code})
        for t in teachers
    )
    base: dict[str, object] = dict(code=code, name=f"МБОУ СОШ {code}", kind="school")
    return OrgProfile(**(base | kw), teachers=fixed)  # type: ignore[arg-type]


def _fields(t: TeacherProfile) -> dict[str, object]:
    return {name: getattr(t, name) for name in t.__dataclass_fields__}


@dataclass(frozen=True)
class Indicators:
    values: dict[str, float] = field(default_factory=lambda: dict(ALL_GOOD))
    composite: float = 0.9
    group: str = "high"


@dataclass(frozen=True)
class Placement:
    teacher_code: str
    course_code: str = "c1"
    course_title: str = "Цифровая образовательная среда"
    area: str | None = "digital"
    quarter: int | None = 2
    hours: int | None = 72
    reason: str = "critical_deficit"
    org_code: str = "o1"


@dataclass(frozen=True)
class Unplaced:
    teacher_code: str
    area: str | None = "digital"
    reason: str = "request"
    topic: str = "Цифровая школа"
    cause: str = "no_seats"
    org_code: str = "o1"


@dataclass(frozen=True)
class Mentor:
    mentee_code: str
    mentor_code: str | None = "m1"
    mentor_name: str | None = "Наставник Мария Петровна"
    shared_subjects: tuple[str, ...] = ("математика",)
    reason: str = "педагог той же организации"


def evaluate(
    org: OrgProfile,
    *,
    indicators: Indicators | None = None,
    placements: Sequence[Placement] = (),
    unplaced: Sequence[Unplaced] = (),
    mentors: Iterable[Mentor] = (),
    th: Thresholds = TH,
    as_of: date = AS_OF,
    course_areas: dict[str, Sequence[str]] | None = None,
) -> list[Firing]:
    return evaluate_org(
        org,
        indicators=indicators or Indicators(),
        placements=placements,
        unplaced=unplaced,
        mentors={m.mentee_code: m for m in mentors},
        as_of=as_of,
        th=th,
        year=YEAR,
        course_areas=course_areas,
    )


def evaluate_teacher(t: TeacherProfile, **kw: object) -> list[Firing]:
    """The firings of one teacher alone in an otherwise quiet school (O01 and O04 fire too)."""
    return evaluate(school(t), **kw)  # type: ignore[arg-type]


def fired(firings: Iterable[Firing], *, addressee: str | None = None) -> set[str]:
    """The rule ids that fired (for one addressee, when given)."""
    return {f.rule_id for f in firings if addressee is None or f.addressee_code == addressee}


def only(firings: Iterable[Firing], rule_id: str) -> list[Firing]:
    return [f for f in firings if f.rule_id == rule_id]


def assert_fired(firings: Sequence[Firing], *rule_ids: str, addressee: str | None = None) -> None:
    got = fired(firings, addressee=addressee)
    missing = [r for r in rule_ids if r not in got]
    assert not missing, f"expected {missing} to fire; fired: {sorted(got)}"


def assert_not_fired(
    firings: Sequence[Firing], *rule_ids: str, addressee: str | None = None
) -> None:
    got = fired(firings, addressee=addressee)
    wrong = [r for r in rule_ids if r in got]
    assert not wrong, f"expected {wrong} not to fire; fired: {sorted(got)}"
