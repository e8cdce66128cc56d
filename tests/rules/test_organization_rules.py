"""School rules O01–O10 on one organization's facts."""

from datetime import date

import pytest

from metodist.analysis.indicators import effectiveness_group
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
