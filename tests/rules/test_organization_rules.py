"""School rules O01–O12 on one organization's facts."""

from datetime import date

import pytest

from metodist.analysis.indicators import INDICATOR_NAMES, effectiveness_group
from models.profile import EventRecord
from tests.rules.builders import (
    ALL_GOOD,
    TH,
    Indicators,
    assert_fired,
    assert_not_fired,
    evaluate,
    fired,
    only,
    school,
    teacher,
)


def with_values(**values: float) -> Indicators:
    return Indicators(values=ALL_GOOD | values)


@pytest.mark.parametrize(
    ("composite", "rule"),
    [(0.75, "O01"), (0.7499, "O02"), (0.5, "O02"), (0.4999, "O03")],
)
def test_group_sets_follow_the_effectiveness_cut_offs(composite, rule):
    group = effectiveness_group(composite, TH)
    fs = evaluate(school(teacher()), indicators=Indicators(composite=composite, group=group))
    assert fired(fs) & {"O01", "O02", "O03"} == {rule}


def test_o01_text_names_the_group_and_composite():
    (o01,) = only(evaluate(school(teacher())), "O01")
    assert "«Высокая степень эффективности деятельности»" in o01.text and "0,90" in o01.text


def test_o04_for_every_organization_even_without_teachers():
    assert_fired(evaluate(school()), "O04")


def test_o05_with_vacancies_only():
    assert_fired(evaluate(school(teacher(), vacancies=2)), "O05")
    assert_not_fired(evaluate(school(teacher(), vacancies=0)), "O05")


def test_o06_when_a_young_teacher_has_no_mentor():
    young = teacher("t2", experience_years=1.0)
    (o06,) = only(evaluate(school(teacher(), young)), "O06")
    assert o06.evidence["org"]["young_without_mentor"] == ["t2"]
    mentored = teacher("t2", experience_years=1.0, mentor_code="t1")
    assert_not_fired(evaluate(school(teacher(), mentored)), "O06")


@pytest.mark.parametrize(("no_burnout", "fires"), [(0.8, True), (0.81, False)])
def test_o07_from_a_fifth_of_staff_at_burnout_risk(no_burnout, fires):
    fs = evaluate(school(teacher()), indicators=with_values(no_burnout_share=no_burnout))
    assert ("O07" in fired(fs)) is fires


def test_o07_never_prints_the_schools_burnout_share():
    (o07,) = only(evaluate(school(teacher()), indicators=with_values(no_burnout_share=0.6)), "O07")
    assert "40" not in o07.text and "20 %" in o07.text  # the threshold, never the share
    assert o07.evidence["org"]["burnout_share"] == 0.4  # the reviewer sees it


def test_o07_silent_where_the_survey_was_not_run():
    values = {k: v for k, v in ALL_GOOD.items() if k != "no_burnout_share"}
    assert set(values) == set(INDICATOR_NAMES) - {"no_burnout_share"}
    assert_not_fired(evaluate(school(teacher()), indicators=Indicators(values=values)), "O07")


@pytest.mark.parametrize(("share", "fires"), [(0.3, False), (0.29, True)])
def test_o08_below_thirty_percent_presenting(share, fires):
    fs = evaluate(school(teacher()), indicators=with_values(presented_share=share))
    assert ("O08" in fired(fs)) is fires


@pytest.mark.parametrize(("coverage", "fires"), [(1.0, False), (0.95, True)])
def test_o09_below_full_pd_coverage(coverage, fires):
    fs = evaluate(school(teacher()), indicators=with_values(pd_coverage=coverage))
    assert ("O09" in fired(fs)) is fires


def test_o10_from_a_fifth_of_held_categories_expiring():
    expiring = teacher("t1", category="first", category_date=date(2022, 3, 1))
    settled = [teacher(f"s{i}") for i in range(4)]
    (o10,) = only(evaluate(school(expiring, *settled)), "O10")  # 1 of 5 = 0.2
    assert o10.evidence["org"]["expiring_share"] == 0.2
    assert "1 истекает" in o10.text
    assert_not_fired(evaluate(school(expiring, *settled, teacher("s9"))), "O10")  # 1 of 6


def test_o_rules_are_addressed_to_the_organization():
    fs = evaluate(school(teacher(), vacancies=1), indicators=with_values(pd_coverage=0.5))
    for f in fs:
        if f.rule_id.startswith("O"):
            assert (f.addressee_type, f.addressee_code, f.org_code) == ("organization", "o1", "o1")


def event(participants: int, day: date = date(2026, 3, 1), level: str = "school") -> EventRecord:
    return EventRecord("o1", day, "seminar", "Семинар МО", participants, (), level)


@pytest.mark.parametrize(
    ("attendance", "fires"),
    [((7, 8), True), ((8, 8), False), ((6, 10), False), ((6, 9), True), ((7,), True), ((), False)],
)
def test_o11_when_own_events_of_the_cycle_year_average_under_eight(attendance, fires):
    org = school(teacher(), events=tuple(event(n) for n in attendance))
    assert ("O11" in fired(evaluate(org))) is fires


def test_o11_counts_only_school_level_events_of_the_cycle_year():
    others = (event(2, level="municipal"), event(2, day=date(2025, 11, 1)), event(12))
    assert_not_fired(evaluate(school(teacher(), events=others)), "O11")
    (o11,) = only(evaluate(school(teacher(), events=(event(5), event(6)))), "O11")
    assert o11.evidence["org"]["school_events"] == 2
    assert "2026 г. — 2" in o11.text and "5,5" in o11.text and "не менее 8" in o11.text


def test_o11_threshold_is_configurable():
    th = TH.model_copy(
        update={"school": TH.school.model_copy(update={"event_min_participants": 5})}
    )
    org = school(teacher(), events=(event(6),))
    assert_fired(evaluate(org), "O11")
    assert_not_fired(evaluate(org, th=th), "O11")


def aged(code: str, age: int | None) -> "object":
    return teacher(code, birth_year=None if age is None else 2026 - age)


@pytest.mark.parametrize(
    ("ages", "fires"),
    [
        ((60, 40, 40, 40), True),  # 1 of 4 = 25 %, aged exactly 60 in the cycle year
        ((59, 40, 40, 40), False),
        ((61, 40, 40, 40, 40), False),  # 1 of 5 = 20 %
        ((65, 64, None, None), True),  # an unknown birth year is not older, but counts in staff
        ((None, None), False),
    ],
)
def test_o12_from_a_quarter_of_teachers_aged_sixty(ages, fires):
    org = school(*(aged(f"t{i}", a) for i, a in enumerate(ages)))
    assert ("O12" in fired(evaluate(org))) is fires


def test_o12_text_and_configurable_age():
    org = school(aged("t1", 58), aged("t2", 40))
    assert_not_fired(evaluate(org), "O12")
    th = TH.model_copy(update={"school": TH.school.model_copy(update={"older_age": 55})})
    (o12,) = only(evaluate(org, th=th), "O12")
    assert "55 лет и старше — 1 из 2" in o12.text and "50 %" in o12.text
