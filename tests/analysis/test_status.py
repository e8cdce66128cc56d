from datetime import date

from models.profile import AttestationRecord, CourseDone, TeacherProfile
from rules import status
from rules.thresholds import Thresholds

TH = Thresholds()
AS_OF = date(2026, 11, 15)


def teacher(**kw) -> TeacherProfile:
    base = dict(code="t1", org_code="o1", full_name="Петрова Ольга Ивановна")
    return TeacherProfile(**(base | kw))


def test_deficit_levels_at_the_boundaries():
    assert status.deficit_level(49, TH) == "critical"
    assert status.deficit_level(50, TH) == "moderate"
    assert status.deficit_level(69, TH) == "moderate"
    assert status.deficit_level(70, TH) is None


def test_pd_is_current_needs_16_hours_within_three_years():
    inside = CourseDone("ИКТ", "digital", 16, date(2023, 11, 15))
    short = CourseDone("Вебинар", "digital", 8, date(2026, 1, 10))
    old = CourseDone("ФГОС", "methodical", 72, date(2023, 11, 14))
    assert status.pd_is_current(teacher(courses_done=(inside,)), AS_OF, TH)
    assert not status.pd_is_current(teacher(courses_done=(short, old)), AS_OF, TH)


def test_only_categories_set_before_the_reform_expire():
    before = teacher(category="first", category_date=date(2022, 3, 1))
    after = teacher(category="highest", category_date=date(2023, 9, 1))
    assert status.category_expiry(before, TH) == date(2027, 3, 1)
    assert status.category_expiry(after, TH) is None
    assert status.category_expires_soon(before, date(2026, 3, 2), TH)
    assert not status.category_expires_soon(before, date(2026, 2, 28), TH)


def test_an_expired_category_counts_as_none():
    lapsed = teacher(category="first", category_date=date(2020, 5, 1))
    assert status.effective_category(lapsed, AS_OF, TH) == "none"


def test_szd_due_respects_exemptions_and_time_in_post():
    base = dict(category="none", years_in_org=2.0)
    assert status.szd_due(teacher(**base), AS_OF, TH)
    assert not status.szd_due(teacher(**base, exempt="leave"), AS_OF, TH)
    assert not status.szd_due(teacher(category="none", years_in_org=1.9), AS_OF, TH)
    recent = AttestationRecord(date(2022, 4, 1), "szd", "assigned")
    assert not status.szd_due(teacher(**base, attestations=(recent,)), AS_OF, TH)
    old = AttestationRecord(date(2021, 11, 15), "szd", "assigned")
    assert status.szd_due(teacher(**base, attestations=(old,)), AS_OF, TH)


def test_leap_day_shifts():
    assert status.years_before(date(2024, 2, 29), 1) == date(2023, 2, 28)
    assert status.months_after(date(2026, 1, 31), 1) == date(2026, 2, 28)


def test_absent_until_the_end_date_has_passed():
    assert status.is_absent(teacher(exempt="leave"), AS_OF)  # no end date: not ended
    assert status.is_absent(teacher(exempt="leave", exempt_until=date(2026, 11, 16)), AS_OF)
    assert not status.is_absent(teacher(exempt="leave", exempt_until=AS_OF), AS_OF)
    assert not status.is_absent(teacher(exempt_until=date(2027, 1, 1)), AS_OF)


def test_szd_exemption_after_a_return():
    def back(kind: str, returned: date) -> bool:
        return status.szd_exempt(teacher(exempt=kind, exempt_until=returned), AS_OF, TH)

    assert back("childcare", date(2024, 11, 16)) and not back("childcare", date(2024, 11, 15))
    assert back("maternity", date(2025, 8, 15))
    assert back("illness", date(2025, 11, 16)) and not back("illness", date(2025, 11, 15))
    assert not back("leave", date(2026, 11, 1))
    assert status.szd_exempt(teacher(exempt="pregnancy"), AS_OF, TH)


def test_pd_due_when_the_period_runs_out_in_the_plan_year_never_for_newcomers():
    def due(completed: date, **kw) -> bool:
        course = CourseDone("КПК", None, 16, completed)
        return status.pd_due(teacher(courses_done=(course,), **kw), AS_OF, TH)

    assert due(date(2024, 12, 31)) and not due(date(2025, 1, 1))
    assert due(date(2020, 1, 1)) and not due(date(2020, 1, 1), experience_years=2.9)
    assert due(date(2020, 1, 1), experience_years=3.0)
    assert not due(date(2020, 1, 1), exempt="childcare")
    assert status.pd_runs_out(teacher(), AS_OF, TH) is None


def test_the_attestation_deadline_never_follows_the_expiry():
    ahead = teacher(category="first", category_date=date(2022, 6, 1))
    assert status.attestation_deadline(ahead, AS_OF, TH) == (False, date(2027, 3, 3))
    passed = teacher(category="first", category_date=date(2021, 12, 10))
    assert status.attestation_deadline(passed, AS_OF, TH) == (True, date(2026, 12, 9))
    later = teacher(category="first", category_date=date(2022, 1, 20))
    assert status.attestation_deadline(later, AS_OF, TH) == (True, date(2026, 12, 31))
    assert status.quarter_end(date(2026, 2, 3)) == date(2026, 3, 31)
    assert status.quarter_end(date(2026, 9, 30)) == date(2026, 9, 30)


def test_competition_by_position_and_kind():
    th = Thresholds.model_validate(
        {"activity": {"competitions": {"preschool": {"учитель-логопед": "Логопед года"}}}}
    )
    logoped = teacher(position="Учитель-логопед")
    assert status.competition_for(logoped, "preschool", th) == "Логопед года"
    assert status.competition_for(logoped, "school", th) == ""
    assert status.competition_for(teacher(position="учитель"), "school", TH) == "Учитель года"
    assert status.competition_for(teacher(position="методист"), "school", TH) == ""
