from datetime import date

from metodist.db import session_scope
from metodist.snapshot import load_orgs
from metodist.stages.catalogue import load_catalogue
from models import CatalogueCourse, Diagnostic, MethodEvent, Organization, PdCourseDone, Teacher

AS_OF = date(2026, 11, 15)


def test_snapshot_takes_the_latest_score_and_ignores_what_is_after_the_cycle_date(db_url):
    with session_scope(db_url) as s:
        s.add(Organization(code="o1", name="МБОУ СОШ № 1", kind="school", vacancies=2))
        s.add(Organization(code="o2", name="МБОУ СОШ № 2", kind="school"))
        s.flush()
        s.add(
            Teacher(
                code="t1", org_code="o1", full_name="Иванова Анна Петровна", subjects=["математика"]
            )
        )
        s.add(Teacher(code="t2", org_code="o2", full_name="Петров Илья Сергеевич"))
        s.flush()
        s.add_all(
            [
                Diagnostic(
                    key="1", teacher_code="t1", date=date(2025, 5, 1), area="digital", score=40
                ),
                Diagnostic(
                    key="2", teacher_code="t1", date=date(2026, 5, 1), area="digital", score=75
                ),
                Diagnostic(
                    key="3", teacher_code="t1", date=date(2027, 1, 1), area="digital", score=10
                ),
                PdCourseDone(
                    key="4", teacher_code="t1", title="ИКТ", hours=36, completed=date(2025, 3, 1)
                ),
                PdCourseDone(
                    key="5",
                    teacher_code="t1",
                    title="Будущее",
                    hours=36,
                    completed=date(2027, 3, 1),
                ),
                # a municipal event: no organization, the presenter still counts
                MethodEvent(
                    key="6",
                    org_code=None,
                    date=date(2026, 2, 1),
                    form="seminar",
                    title="Семинар",
                    presenter_codes=["t1", "t2"],
                ),
                MethodEvent(
                    key="7",
                    org_code="o1",
                    date=date(2026, 3, 1),
                    form="open_lesson",
                    title="Открытый урок",
                    presenter_codes=[],
                ),
            ]
        )
    with session_scope(db_url) as s:
        (o1,) = load_orgs(s, ["o1"], as_of=AS_OF)
    assert o1.vacancies == 2
    (t1,) = o1.teachers
    assert t1.scores == {"digital": 75}
    assert [c.title for c in t1.courses_done] == ["ИКТ"]
    assert t1.presentations == (date(2026, 2, 1),)
    assert t1.subjects == ("математика",)
    assert [e.title for e in o1.events] == ["Открытый урок"]


def test_a_profile_does_not_depend_on_which_organizations_are_loaded_with_it(db_url):
    """Presentations count at any event, another school's included, whatever the chunk;
    records come sorted whatever order the database returns them in."""
    with session_scope(db_url) as s:
        s.add_all([Organization(code=c, name=c, kind="school") for c in ("o1", "o2")])
        s.flush()
        s.add_all(
            [
                Teacher(code="t2", org_code="o1", full_name="Б"),
                Teacher(code="t1", org_code="o1", full_name="А"),
                Teacher(code="t3", org_code="o2", full_name="В"),
            ]
        )
        s.flush()
        s.add_all(
            [
                # t1 of o1 gives a master class at o2, and twice at a municipal seminar
                MethodEvent(
                    key="e1",
                    org_code="o2",
                    date=date(2026, 4, 1),
                    form="master_class",
                    title="Мастер-класс",
                    presenter_codes=["t3", "t1"],
                ),
                MethodEvent(
                    key="e2",
                    org_code=None,
                    date=date(2025, 10, 1),
                    form="seminar",
                    title="Семинар",
                    presenter_codes=["t1"],
                ),
                MethodEvent(
                    key="e3",
                    org_code=None,
                    date=date(2027, 1, 1),
                    form="seminar",
                    title="После даты цикла",
                    presenter_codes=["t1", "t3"],
                ),
                Diagnostic(
                    key="d1", teacher_code="t1", date=date(2026, 1, 1), area="subject", score=80
                ),
                Diagnostic(
                    key="d2", teacher_code="t1", date=date(2024, 1, 1), area="subject", score=30
                ),
                Diagnostic(
                    key="d3", teacher_code="t1", date=date(2024, 1, 1), area="digital", score=45
                ),
                PdCourseDone(
                    key="c1", teacher_code="t1", title="Б", hours=16, completed=date(2025, 1, 1)
                ),
                PdCourseDone(
                    key="c2", teacher_code="t1", title="А", hours=16, completed=date(2025, 1, 1)
                ),
                PdCourseDone(
                    key="c3", teacher_code="t1", title="В", hours=72, completed=date(2024, 1, 1)
                ),
            ]
        )
    with session_scope(db_url) as s:
        together = load_orgs(s, ["o2", "o1"], as_of=AS_OF)
        apart = load_orgs(s, ["o1"], as_of=AS_OF) + load_orgs(s, ["o2"], as_of=AS_OF)
    assert together == apart
    o1, o2 = together
    t1, t2 = o1.teachers
    assert [t.code for t in o1.teachers] == ["t1", "t2"]
    assert t1.presentations == (date(2025, 10, 1), date(2026, 4, 1))
    assert t2.presentations == ()
    assert o2.teachers[0].presentations == (date(2026, 4, 1),)
    assert t1.scores == {"digital": 45, "subject": 80}
    assert list(t1.scores) == ["digital", "subject"]
    assert [c.title for c in t1.courses_done] == ["В", "А", "Б"]
    assert [e.title for e in o2.events] == ["Мастер-класс"]
    assert o2.events[0].presenter_codes == ("t3", "t1")


def test_the_contract_v2_fields_reach_the_profiles_and_the_catalogue(db_url):
    with session_scope(db_url) as s:
        s.add(Organization(code="o1", name="МБДОУ д/с № 1", kind="preschool"))
        s.flush()
        s.add(
            Teacher(
                code="t1",
                org_code="o1",
                full_name="А",
                exempt="childcare",
                exempt_until=date(2027, 9, 1),
            )
        )
        s.flush()
        s.add_all(
            [
                PdCourseDone(
                    key="c1",
                    teacher_code="t1",
                    title="ФОП ДО",
                    hours=36,
                    completed=date(2025, 1, 1),
                    course_code="k1",
                ),
                # a school-hosted municipal platform; the other event takes the defaults
                MethodEvent(
                    key="e1",
                    org_code="o1",
                    date=date(2026, 4, 1),
                    form="consultation",
                    title="Консультация",
                    level="municipal",
                    mode="individual",
                ),
                MethodEvent(
                    key="e2", org_code="o1", date=date(2026, 5, 1), form="consultation", title="К2"
                ),
                CatalogueCourse(
                    code="k1",
                    title="ФОП ДО",
                    areas=["methodical"],
                    hours=36,
                    capacity=5,
                    quarter=1,
                    levels=["preschool"],
                    positions=["воспитатель", "музыкальный руководитель"],
                ),
                CatalogueCourse(
                    code="k2", title="Всем", areas=["legal"], hours=16, capacity=5, quarter=2
                ),
            ]
        )
    with session_scope(db_url) as s:
        (o1,) = load_orgs(s, ["o1"], as_of=AS_OF)
        catalogue = load_catalogue(s)
    (t1,) = o1.teachers
    assert (t1.exempt, t1.exempt_until) == ("childcare", date(2027, 9, 1))
    assert [c.course_code for c in t1.courses_done] == ["k1"]
    assert [(e.level, e.mode) for e in o1.events] == [
        ("municipal", "individual"),
        ("school", "group"),
    ]
    assert [(c.code, c.levels, c.positions) for c in catalogue] == [
        ("k1", ("preschool",), ("воспитатель", "музыкальный руководитель")),
        ("k2", (), ()),
    ]
