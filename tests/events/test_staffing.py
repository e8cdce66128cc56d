"""Staffing in the monitoring report: age bands from birth years, vacancies, young and mentors."""

from metodist.analysis.staffing import age_bands, municipal_staffing, org_staffing
from models.profile import TeacherProfile
from rules.thresholds import Thresholds

TH = Thresholds()


def _t(code: str, born: int | None, experience: float = 10, mentor: str | None = None):
    return TeacherProfile(code, "S-1", f"Педагог {code}", birth_year=born,
                          experience_years=experience, mentor_code=mentor)  # fmt: skip


def test_bands_count_the_age_reached_in_the_cycle_year():
    known, bands = age_bands([1992, 1991, 1977, 1967, 1966, 1960, None], 2026)
    assert known == 6
    assert {b.tone: b.count for b in bands} == {"young": 1, "middle": 2, "senior": 1, "retired": 2}
    assert abs(sum(b.share for b in bands) - 1) < 1e-9


def test_an_organization_s_shares_vacancies_and_young_teachers():
    teachers = [
        _t("A", 1960), _t("B", 1962), _t("C", 1995, experience=1, mentor="A"),
        _t("D", 1998, experience=0.5), _t("E", None),
    ]  # fmt: skip
    names = {"A": "Иванова А. А."}
    s = org_staffing("S-1", "Школа", teachers, vacancies=3, year=2026, names=names, th=TH)
    assert (s.teachers, s.ages_known, s.posts) == (5, 4, 8)
    assert s.senior_share == 0.5 and s.under_35_share == 0.5
    assert s.vacancy_share == 3 / 8
    assert [(y.full_name, y.mentor_name) for y in s.young] == [
        ("Педагог C", "Иванова А. А."), ("Педагог D", None),
    ]  # fmt: skip
    assert s.mentored == 1 and not s.o12


def test_the_municipality_adds_the_schools_up():
    one = org_staffing("S-1", "1", [_t("A", 1960)], vacancies=1, year=2026, names={}, th=TH)
    two = org_staffing("S-2", "2", [_t("B", 2000, 1), _t("C", None)], vacancies=0, year=2026,
                       names={}, th=TH)  # fmt: skip
    m = municipal_staffing("Муниципалитет", [one, two])
    assert (m.teachers, m.ages_known, m.vacancies, len(m.young)) == (3, 2, 1, 1)
    assert m.senior_share == 0.5 and m.under_35_share == 0.5


def test_no_known_birth_year_gives_no_share():
    s = org_staffing("S-1", "1", [_t("A", None)], vacancies=0, year=2026, names={}, th=TH)
    assert s.senior_share is None and s.under_35_share is None


def test_the_monitoring_view_names_o12_where_the_latest_run_fired_it(sqlite_url):
    from datetime import date

    from metodist.db import session_scope
    from metodist.documents.views.common import organizations
    from metodist.documents.views.monitoring import _staffing
    from models import CycleRun, Organization, Recommendation, Teacher

    with session_scope(sqlite_url) as s:
        for code in ("S-1", "S-2"):
            s.add(Organization(code=code, name=f"Школа {code}", kind="school", vacancies=1))
        s.flush()
        for i, born in enumerate((1958, 1960, 1990)):
            s.add(Teacher(code=f"T{i}", org_code="S-1", full_name=f"П {i}", birth_year=born))
        run = CycleRun(year=2026, as_of=date(2026, 11, 15), stage="recommendations",
                       status="completed")  # fmt: skip
        s.add(run)
        s.flush()
        assert run.id is not None
        s.add(
            Recommendation(run_id=run.id, year=2026, rule_id="O12",
                           addressee_type="organization", addressee_code="S-1",
                           org_code="S-1", title="t", text="t")
        )  # fmt: skip
    with session_scope(sqlite_url) as s:
        rows = {r.org_code: r for r in _staffing(s, organizations(s), year=2026)}
    assert rows["S-1"].o12 and not rows["S-2"].o12
    assert rows["S-1"].senior_share == 2 / 3 and rows["S-2"].teachers == 0
    assert (rows["S-1"].posts, rows["S-2"].posts) == (4, 1)
