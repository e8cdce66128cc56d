"""Hypothesis strategies: random teachers and schools, with boundary values drawn often."""

from datetime import date, timedelta

from hypothesis import strategies as st

from models.enums import Area
from models.profile import (
    AttestationRecord,
    CompetitionRecord,
    CourseDone,
    OrgProfile,
    TeacherProfile,
)
from tests.rules.builders import AS_OF, Mentor, Placement, Unplaced

AREAS = tuple(a.value for a in Area)
CATEGORIES = ("none", "szd", "first", "highest", "methodist", "mentor")

scores = st.one_of(st.sampled_from([0, 49, 50, 69, 70, 100]), st.integers(0, 100))
years = st.one_of(
    st.none(), st.sampled_from([0.0, 2.9, 3.0, 4.9, 5.0, 9.9, 10.0]), st.floats(0, 40)
)
days_back = st.integers(-30, 12 * 365)
#: an absence's end: none, past, the cycle date itself, or ahead
absence_end = st.one_of(st.none(), st.integers(-400, 3 * 365))
ABSENCES = [None, None, None, "pregnancy", "maternity", "childcare", "illness", "leave"]
POSITIONS = ["учитель", "воспитатель", "педагог-психолог", "методист", ""]


def day(back: int) -> date:
    return AS_OF - timedelta(days=back)


def _maybe_day(back: int | None) -> date | None:
    return None if back is None else day(back)


@st.composite
def teachers(draw: st.DrawFn, code: str, org: str) -> TeacherProfile:
    return TeacherProfile(
        code=code,
        org_code=org,
        full_name=f"Педагог {code}",
        subjects=tuple(draw(st.lists(st.sampled_from(["математика", "физика"]), max_size=2))),
        experience_years=draw(years),
        years_in_org=draw(years),
        category=draw(st.sampled_from(CATEGORIES)),
        category_date=draw(st.one_of(st.none(), days_back.map(day))),
        mentor_code=draw(st.sampled_from([None, None, "m1", "t0"])),
        burnout_score=draw(st.one_of(st.none(), st.sampled_from([69, 70]), st.integers(0, 100))),
        position=draw(st.sampled_from(POSITIONS)),
        exempt=(exempt := draw(st.sampled_from(ABSENCES))),
        exempt_until=None if exempt is None else _maybe_day(draw(absence_end)),
        scores=draw(st.dictionaries(st.sampled_from(AREAS), scores, max_size=4)),
        courses_done=tuple(
            CourseDone("КПК", None, h, day(b))
            for h, b in draw(
                st.lists(st.tuples(st.sampled_from([8, 16, 72]), days_back), max_size=2)
            )
        ),
        attestations=tuple(
            AttestationRecord(day(b), "szd", "assigned")
            for b in draw(st.lists(days_back, max_size=1))
        ),
        competitions=tuple(
            CompetitionRecord("debut", y, "participant")
            for y in draw(st.lists(st.integers(2018, 2026), max_size=1))
        ),
        presentations=tuple(draw(st.lists(days_back.map(day), max_size=2))),
    )


@st.composite
def schools(draw: st.DrawFn, max_teachers: int = 8) -> OrgProfile:
    n = draw(st.integers(0, max_teachers))
    staff = tuple(draw(teachers(f"t{i}", "o1")) for i in range(n))
    return OrgProfile(
        code="o1",
        name="МБОУ СОШ № 1",
        kind=draw(st.sampled_from(["school", "preschool", "additional"])),
        vacancies=draw(st.integers(0, 3)),
        teachers=staff,
    )


@st.composite
def plans(draw: st.DrawFn, org: OrgProfile) -> tuple[list[Placement], list[Unplaced], list[Mentor]]:
    """Some of the teachers' areas placed, some requests unplaced, some mentors matched."""
    placements, unplaced, mentors = [], [], []
    for t in org.teachers:
        for area in draw(st.lists(st.sampled_from(AREAS), max_size=2, unique=True)):
            placements.append(
                Placement(
                    t.code,
                    course_code=f"c-{area}",
                    area=area,
                    quarter=draw(st.integers(1, 4)),
                    hours=draw(st.sampled_from([8, 16, 36])),
                    reason=draw(st.sampled_from(["critical_deficit", "pd_overdue", "request"])),
                )
            )
        if draw(st.booleans()):
            unplaced.append(
                Unplaced(
                    t.code,
                    area=draw(st.sampled_from(AREAS)),
                    reason=draw(st.sampled_from(["request", "critical_deficit"])),
                    cause=draw(st.sampled_from(["no_course", "no_seats", "course_limit"])),
                )
            )
        if draw(st.booleans()):
            found = draw(st.booleans())
            mentors.append(
                Mentor(
                    t.code,
                    mentor_code="m9" if found else None,
                    mentor_name="Наставник" if found else None,
                )
            )
    return placements, unplaced, mentors
