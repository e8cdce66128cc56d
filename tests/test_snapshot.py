from datetime import date

from metodist.db import session_scope
from metodist.snapshot import load_orgs
from models import Diagnostic, MethodEvent, Organization, PdCourseDone, Teacher

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
