"""The teacher rules of DOMAIN v2: absences and СЗД exemptions, T05's dates, T12's cap,
T14, T15, and the plan's causes in T01 and T13, each firing and silent at its boundary."""

from dataclasses import replace
from datetime import date

import pytest

from rules.thresholds import Thresholds
from tests.rules.builders import (
    AS_OF,
    Placement,
    Unplaced,
    assert_fired,
    assert_not_fired,
    evaluate,
    evaluate_teacher,
    only,
    school,
    teacher,
)

NO_CATEGORY = dict(category="none", category_date=None, years_in_org=6.0)
#: fires T04, T08 (no presentation), T10, T11 (no competition), T12 (15 years)
BUSY = dict(experience_years=1.0, presentations=(), competitions=())


# ---- absence: "absent" on the cycle date ----


@pytest.mark.parametrize(
    ("until", "absent"),
    [
        (None, True),
        (date(2026, 11, 16), True),
        (date(2026, 11, 15), False),
        (date(2026, 1, 1), False),
    ],
)
def test_absent_teachers_get_no_growth_mentoring_competition_or_attestation_rule(until, absent):
    young = teacher("y", exempt="childcare", exempt_until=until, **BUSY)
    expiring = teacher(
        "e",
        exempt="illness",
        exempt_until=until,
        category="first",
        category_date=date(2022, 1, 10),
        presentations=(),
        competitions=(),
    )
    leader = teacher("l", exempt="leave", exempt_until=until, experience_years=15.0)
    fs = evaluate(school(young, expiring, leader))
    rules = ("T04", "T05", "T08", "T10", "T11", "T12", "T15")
    got = {f.rule_id for f in fs if f.addressee_type == "teacher"}
    if absent:
        assert not got & set(rules), got
    else:
        assert {"T04", "T05", "T10", "T12"} <= got, got


def test_an_absent_teacher_keeps_the_deficit_map_but_gets_no_course_rule():
    away = teacher(scores={"digital": 30, "legal": 60}, courses_done=(), exempt="maternity")
    assert_not_fired(evaluate_teacher(away), "T01", "T02", "T03")
    back = replace(away, exempt_until=date(2026, 3, 1))
    assert_fired(evaluate_teacher(back), "T01", "T02", "T03")


# ---- T06: the exemptions of order 196 ----


@pytest.mark.parametrize(
    ("kind", "returned", "fires"),
    [
        ("childcare", date(2025, 8, 15), False),  # 15 months ago: under 2 years
        ("maternity", date(2024, 11, 16), False),  # a day short of 2 years
        ("childcare", date(2024, 11, 15), True),  # exactly 2 years
        ("illness", date(2025, 5, 15), True),  # 18 months ago: over a year
        ("illness", date(2025, 11, 16), False),  # a day short of a year
        ("illness", date(2025, 11, 15), True),
        ("leave", date(2026, 11, 1), True),  # an ordinary leave: no waiting period
        ("pregnancy", None, False),  # pregnant: not subject to СЗД
        ("pregnancy", date(2026, 12, 1), False),
    ],
)
def test_t06_waits_after_a_return_as_order_196_says(kind, returned, fires):
    t = teacher(exempt=kind, exempt_until=returned, **NO_CATEGORY)
    assert bool(only(evaluate_teacher(t), "T06")) is fires


def test_t06_waiting_periods_are_configurable():
    th = Thresholds.model_validate({"attestation": {"szd_years_after_childcare": 1}})
    t = teacher(exempt="childcare", exempt_until=date(2025, 8, 15), **NO_CATEGORY)
    assert_fired(evaluate_teacher(t, th=th), "T06")


# ---- T05: the expiry, the apply-by date, never a deadline after the expiry ----


def test_t05_gives_the_expiry_and_the_apply_by_date_ahead():
    t = teacher(category="highest", category_date=date(2022, 6, 1))  # expires 01.06.2027
    (t05,) = only(evaluate_teacher(t), "T05")
    assert "истекает 01.06.2027" in t05.text
    assert "до 03.03.2027" in t05.text  # 90 days before
    assert "квартал" not in t05.text.split("Основание")[0]
    assert t05.evidence["teacher"]["apply_urgent"] is False


def test_t05_whose_apply_by_date_has_passed_says_so_and_gives_no_later_quarter():
    t = teacher(category="highest", category_date=date(2021, 12, 10))  # expires 10.12.2026
    (t05,) = only(evaluate_teacher(t), "T05")
    assert "истекает 10.12.2026" in t05.text
    assert "(11.09.2026) уже прошёл" in t05.text
    assert "срочно, в текущем квартале, не позднее 09.12.2026" in t05.text
    assert "2027" not in t05.text
    assert t05.evidence["teacher"]["apply_deadline"] == "2026-12-09"


def test_t05_urgent_deadline_is_the_quarter_end_when_the_expiry_is_later():
    t = teacher(category="highest", category_date=date(2022, 1, 20))  # expires 20.01.2027
    (t05,) = only(evaluate_teacher(t), "T05")
    assert "не позднее 31.12.2026" in t05.text


def test_t05_apply_days_are_configurable():
    th = Thresholds.model_validate({"attestation": {"apply_days_before_expiry": 30}})
    t = teacher(category="highest", category_date=date(2022, 1, 20))
    (t05,) = only(evaluate_teacher(t, th=th), "T05")
    assert "до 21.12.2026" in t05.text and "уже прошёл" not in t05.text


def test_one_item_when_t05_and_t07_both_fire():
    t = teacher(category="first", category_date=date(2022, 3, 1))
    fs = evaluate_teacher(t)
    (t05,) = only(fs, "T05")
    assert_not_fired(fs, "T07")
    assert t05.rule_name == "apply_for_highest_before_category_expires"
    assert "высшую категорию" in t05.text and "истекает 01.03.2027" in t05.text
    # without a presentation T07 does not hold: the plain T05
    (plain,) = only(evaluate_teacher(replace(t, presentations=())), "T05")
    assert plain.rule_name == "support_attestation_before_category_expires"
    # with a category that does not expire, T07 alone
    fs = evaluate_teacher(replace(t, category_date=date(2024, 3, 1)))
    assert_fired(fs, "T07")
    assert_not_fired(fs, "T05")


# ---- T14: an expired pre-2023 category ----


@pytest.mark.parametrize(
    ("set_on", "fires"),
    [(date(2021, 11, 15), True), (date(2021, 11, 16), False), (date(2023, 9, 1), False)],
)
def test_t14_when_a_pre_2023_category_has_expired(set_on, fires):
    t = teacher(category="first", category_date=set_on)
    fs = evaluate_teacher(t)
    assert bool(only(fs, "T14")) is fires
    if fires:
        assert "в любое время" in only(fs, "T14")[0].text


def test_t14_is_silent_for_an_absent_teacher():
    t = teacher(category="first", category_date=date(2020, 1, 1), exempt="childcare")
    assert_not_fired(evaluate_teacher(t), "T14")


# ---- T15: «педагог-наставник» / «педагог-методист» ----


def test_t15_for_a_highest_holder_who_mentors_a_young_teacher():
    mentor = teacher("m")
    young = teacher("y", experience_years=1.0, mentor_code="m")
    (t15,) = only(evaluate(school(mentor, young)), "T15")
    assert t15.addressee_code == "m" and "«педагог-наставник»" in t15.text
    # a mentee who is no longer young does not count
    grown = replace(young, experience_years=3.0)
    assert_not_fired(evaluate(school(mentor, grown)), "T15")


@pytest.mark.parametrize(("presented", "fires"), [(1, False), (2, True)])
def test_t15_for_a_highest_holder_who_presented_twice_in_three_years(presented, fires):
    days = (date(2025, 4, 1), date(2024, 4, 1))[:presented]
    fs = evaluate_teacher(teacher(presentations=days))
    assert bool(only(fs, "T15")) is fires
    if fires:
        assert "«педагог-методист»" in only(fs, "T15")[0].text


def test_t15_is_silent_with_a_deficit_for_holders_of_it_already_and_for_the_absent():
    days = (date(2025, 4, 1), date(2024, 4, 1))
    assert_not_fired(evaluate_teacher(teacher(presentations=days, scores={"digital": 60})), "T15")
    assert_not_fired(evaluate_teacher(teacher(presentations=days, category="methodist")), "T15")
    assert_not_fired(evaluate_teacher(teacher(presentations=days, exempt="leave")), "T15")


# ---- T12: the reserve, capped per organization ----


def test_at_most_the_configured_number_of_t12_per_organization_the_strongest_first():
    staff = [
        teacher(f"l{i}", experience_years=10.0 + i, scores={"subject": 80 + i}) for i in range(4)
    ]
    picked = [f.addressee_code for f in only(evaluate(school(*staff)), "T12")]
    assert picked == ["l2", "l3"]
    th = Thresholds.model_validate({"activity": {"reserve_per_org": 3}})
    assert len(only(evaluate(school(*staff), th=th), "T12")) == 3
    methodist = replace(staff[0], category="methodist")
    picked = {f.addressee_code for f in only(evaluate(school(methodist, *staff[1:])), "T12")}
    assert picked == {"l0", "l3"}


@pytest.mark.parametrize(
    "change",
    [
        dict(burnout_score=70),
        dict(courses_done=()),
        dict(exempt="leave"),
        dict(scores={"digital": 40}),
    ],
)
def test_t12_is_silent_at_burnout_risk_without_a_course_absent_or_with_a_critical_deficit(change):
    t = teacher(experience_years=15.0, **change)
    assert_not_fired(evaluate_teacher(t), "T12")
    assert_fired(evaluate_teacher(replace(t, burnout_score=69, courses_done=teacher().courses_done,
                                          exempt=None, scores={"subject": 85})), "T12")  # fmt: skip


def test_a_reserve_candidate_at_risk_does_not_take_a_place():
    tired = teacher("a", experience_years=30.0, burnout_score=90)
    others = [teacher(f"b{i}", experience_years=12.0) for i in range(2)]
    assert {f.addressee_code for f in only(evaluate(school(tired, *others)), "T12")} == {"b0", "b1"}


# ---- T01 and T13 name the plan's cause ----


@pytest.mark.parametrize(
    ("cause", "words"),
    [
        ("no_course", "нет подходящего курса"),
        ("no_seats", "места на подходящих курсах закончились"),
        ("course_limit", "предельное число курсов"),
    ],
)
def test_t01_and_t13_say_why_nothing_was_placed(cause, words):
    t = teacher(scores={"digital": 30})
    unplaced = [
        Unplaced("t1", area="digital", reason="critical_deficit", topic="", cause=cause),
        Unplaced("t1", area="legal", reason="request", topic="Право", cause=cause),
    ]
    fs = evaluate_teacher(t, unplaced=unplaced)
    (t01,) = only(fs, "T01")
    assert t01.rule_name == "report_unplaced_critical_deficit" and words in t01.text
    (t13,) = only(fs, "T13")
    assert words in t13.text and "«Право»" in t13.text


def test_t01_with_a_placement_ignores_an_unplaced_line_for_the_area():
    t = teacher(scores={"digital": 30})
    fs = evaluate_teacher(
        t,
        placements=[Placement("t1", area="digital")],
        unplaced=[Unplaced("t1", area="digital", reason="critical_deficit", cause="no_seats")],
    )
    assert [f.rule_name for f in only(fs, "T01")] == ["place_on_course_for_critical_deficit"]


def test_t03_without_a_seat_gives_the_run_out_date_as_its_deadline():
    from models.profile import CourseDone

    course = CourseDone("ФГОС", "methodical", 36, date(2024, 5, 20))
    (t03,) = only(evaluate_teacher(teacher(courses_done=(course,))), "T03")
    assert "истекает 20.05.2027" in t03.text and "пройти его до 20.05.2027" in t03.text
    assert t03.evidence["teacher"]["pd_deadline"] == "2027-05-20"
    assert "квартала" not in t03.text
    assert AS_OF.isoformat() < t03.evidence["teacher"]["pd_deadline"]
