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
