"""Centre rules M01–M06 and M08 over per-school summaries, the plan and the efficacy summary."""

import pytest

from models.payloads_efficacy import Comparison, CourseEfficacy
from rules.adapter import OrgSummary, evaluate_centre
from tests.rules.builders import TH, YEAR


def summary(code: str = "o1", group: str = "medium", **kw) -> OrgSummary:
    base = dict(
        org_code=code,
        org_name=f"МБОУ СОШ {code}",
        kind="school",
        group=group,
        composite={"high": 0.8, "medium": 0.6, "low": 0.4}[group],
        teachers=40,
        young=2,
        year=YEAR,
        diagnosed_by_area={"digital": 20},
        critical_by_area={"digital": 2},
        experience_candidates=0,
    )
    return OrgSummary(**(base | kw))


def run(summaries, plan=None):
    return evaluate_centre(summaries, plan or {}, th=TH)


def ids(fs):
    return [f.rule_id for f in fs]


def test_quiet_municipality_gets_nothing():
    assert run([summary()]) == []


def test_m01_for_each_low_group_school_naming_it():
    fs = run([summary("o2", "low"), summary("o1", "low"), summary("o3", "high")])
    m01 = [f for f in fs if f.rule_id == "M01"]
    assert [f.evidence["school"]["code"] for f in m01] == ["o1", "o2"]
    assert "МБОУ СОШ o1" in m01[0].text
    assert all(
        (f.addressee_type, f.addressee_code, f.org_code) == ("centre", "centre", None) for f in fs
    )


@pytest.mark.parametrize(("critical", "fires"), [(5, True), (4, False)])
def test_m02_from_a_quarter_of_diagnosed_teachers_critical(critical, fires):
    fs = run([summary(critical_by_area={"digital": critical})])  # of 20 diagnosed
    assert ("M02" in ids(fs)) is fires


def test_m03_when_any_teacher_was_asked_to_present():
    assert "M03" in ids(run([summary(experience_candidates=1)]))
    assert "M03" not in ids(run([summary()]))


def test_m04_pairs_low_with_high_group_schools():
    (m04,) = [f for f in run([summary("o1", "low"), summary("o2", "high")]) if f.rule_id == "M04"]
    assert "МБОУ СОШ o1" in m04.text and "МБОУ СОШ o2" in m04.text
    (alone,) = [f for f in run([summary("o1", "low")]) if f.rule_id == "M04"]
    assert "высокой эффективности в муниципалитете нет" in alone.text
    assert "M04" not in ids(run([summary("o1", "high")]))


@pytest.mark.parametrize(("young", "fires"), [(4, True), (3, False)])
def test_m05_from_ten_percent_young(young, fires):
    fs = run([summary(young=young)])  # of 40 teachers
    assert ("M05" in ids(fs)) is fires


def test_m06_when_demand_exceeds_capacity():
    plan = {
        "demand_by_area": {"digital": 12, "legal": 3},
        "capacity_by_area": {"digital": 10, "legal": 3},
    }
    m06 = [f for f in run([summary()], plan) if f.rule_id == "M06"]
    assert [f.key for f in m06] == ["digital"]
    assert "не менее чем на 2 места" in m06[0].text


def course(verdict: str, low=None, high=None, treated=12) -> CourseEfficacy:
    return CourseEfficacy(
        "KPK-017", "Цифровая среда", "digital", "KPK-017", "ИРО",
        Comparison(treated, 9.0, 40, 1.0, None if low is None else (low + high) / 2, low, high,
                   verdict),
    )  # fmt: skip


def m08(*courses):
    fs = evaluate_centre([summary()], {}, th=TH, efficacy=courses)
    return [f for f in fs if f.rule_id == "M08"]


def test_m08_keep_and_widen_a_course_wholly_above_zero():
    (f,) = m08(course("helps", 2.5, 9.5))
    assert "Сохранить его в каталоге и расширить" in f.text and "ИРО" in f.text
    assert f.evidence["course"]["low"] == 2.5 and f.addressee_type == "centre"


def test_m08_review_with_the_provider_a_course_at_or_below_zero():
    (f,) = m08(course("no_effect", -4.0, 0.0))
    assert "До повторной закупки рассмотреть содержание и форму курса с его провайдером" in f.text
    assert "расширить" not in f.text


@pytest.mark.parametrize("verdict", ["unclear", "too_few"])
def test_m08_silent_when_the_interval_spans_zero_or_too_few_teachers(verdict):
    assert m08(course(verdict, -1.0, 3.0) if verdict == "unclear" else course(verdict)) == []
