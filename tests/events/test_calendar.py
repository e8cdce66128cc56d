"""The attestation calendar: expiries by month with the date to apply by, expired, СЗД waits."""

from datetime import date

from metodist.analysis.attestation import attestation_calendar
from models.profile import AttestationRecord, TeacherProfile
from rules.thresholds import Thresholds

TH = Thresholds()
AS_OF = date(2026, 11, 15)


def _t(code: str, **kw):
    return TeacherProfile(code, "S-1", f"Педагог {code}", **kw)


def test_expiries_fall_in_their_months_with_the_date_to_apply_by():
    teachers = [
        _t("A", category="highest", category_date=date(2022, 3, 20)),  # expires 20.03.2027
        _t("B", category="first", category_date=date(2021, 12, 1)),  # 01.12.2026
        _t("C", category="first", category_date=date(2023, 10, 1)),  # after the reform: never
        _t("D", category="first", category_date=date(2018, 5, 1)),  # expired 2023
        _t("E", category="highest", category_date=date(2023, 3, 1)),  # 2028: after the plan year
    ]
    cal = attestation_calendar(teachers, as_of=AS_OF, th=TH, org_names={"S-1": "Школа № 1"})
    assert [(e.teacher_code, e.expires) for e in cal.expiring] == [
        ("B", date(2026, 12, 1)), ("A", date(2027, 3, 20)),
    ]  # fmt: skip
    assert cal.expiring[1].apply_by == date(2026, 12, 20)  # 90 days before, as T05 counts
    assert [e.teacher_code for e in cal.expired] == ["D"]
    assert cal.expired[0].org_name == "Школа № 1"
    months = dict(cal.months())
    assert len(months) == 14  # November 2026 to December 2027
    assert [e.teacher_code for e in months[date(2027, 3, 1)]] == ["A"]
    assert months[date(2027, 4, 1)] == ()


def test_absent_teachers_without_a_category_get_the_date_they_may_be_attested_from():
    teachers = [
        _t("M", exempt="childcare", exempt_until=date(2026, 3, 1)),  # back: 2 years after
        _t("I", exempt="illness", exempt_until=date(2026, 9, 1)),  # a year after
        _t("U", exempt="maternity"),  # end unknown
        _t("Q", category="highest", category_date=date(2024, 1, 1), exempt="childcare"),
        _t("N", attestations=(AttestationRecord(date(2015, 1, 1), "szd", "assigned"),)),
    ]
    cal = attestation_calendar(teachers, as_of=AS_OF, th=TH)
    assert [(w.teacher_code, w.eligible_from) for w in cal.szd_waiting] == [
        ("I", date(2027, 9, 1)), ("M", date(2028, 3, 1)), ("U", None),
    ]  # fmt: skip


def test_the_date_to_apply_by_follows_the_threshold_t05_uses():
    sooner = TH.model_copy(
        update={"attestation": TH.attestation.model_copy(update={"apply_days_before_expiry": 30})}
    )
    teacher = _t("A", category="highest", category_date=date(2022, 3, 20))  # expires 20.03.2027
    cal = attestation_calendar([teacher], as_of=AS_OF, th=sooner)
    assert cal.expiring[0].apply_by == date(2027, 2, 18)
