"""Centre rules M01–M08 over per-school summaries, the plan summary and the efficacy summary."""

import pytest

from models.payloads_efficacy import Comparison, CourseEfficacy
from rules.adapter import OrgSummary, evaluate_centre, summarize_org
from rules.base import Firing
from tests.rules.builders import AS_OF, TH, YEAR, Indicators, Unplaced, school, teacher


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


def test_m06_counts_the_needs_left_without_a_suitable_course_or_seat():
    plan = {"demand_by_area": {"digital": 12}, "capacity_by_area": {"digital": 30}}
    summaries = [
        summary("o1", shortfall={"digital": {"no_seats": 2}}),
        summary("o2", kind="preschool", shortfall={"digital": {"no_course": 3}}),
    ]
    # seats exceed demand in total, but not the seats that suit these teachers
    (m06,) = [f for f in run(summaries, plan) if f.rule_id == "M06"]
    assert m06.key == "digital"
    assert m06.evidence["demand"]["by_kind"] == [["preschool", 3], ["school", 2]]
    assert "детский сад — 3, школа — 2" in m06.text
    assert "нет подходящего курса — 3, нет мест — 2" in m06.text
    assert "не менее чем на 5 мест" in m06.text


def test_m06_silent_when_all_demand_found_a_suitable_seat():
    plan = {"demand_by_area": {"digital": 12}, "capacity_by_area": {"digital": 10}}
    assert "M06" not in ids(run([summary()], plan))  # totals alone say nothing


def test_m06_by_area_and_one_need_is_enough():
    (m06,) = [
        f
        for f in run([summary(shortfall={"": {"no_seats": 1}}), summary("o2")])
        if f.rule_id == "M06"
    ]
    assert m06.key == "" and "без указания области" in m06.text and "на 1 место" in m06.text


def test_m07_lists_what_the_centre_acts_on():
    summaries = [
        summary(
            "o1",
            outside_mentors=(("СОШ 1", "Иванова А. А."),),
            reserve=(("СОШ 1", "Петров П. П."), ("СОШ 1", "Орлов О. О.")),
        ),
        summary("o2", nominees=(("ДОУ 2", "Сидорова С. С."),)),
    ]
    (m07,) = [f for f in run(summaries) if f.rule_id == "M07"]
    assert "(1): СОШ 1: Иванова А. А." in m07.text and "из другой организации" in m07.text
    assert "конкурсы (1): ДОУ 2: Сидорова С. С." in m07.text
    assert "«Лидер в образовании» (2): СОШ 1: Петров П. П., Орлов О. О." in m07.text


@pytest.mark.parametrize("field", ["outside_mentors", "nominees", "reserve"])
def test_m07_fires_on_any_one_list(field):
    fs = run([summary(**{field: (("СОШ", "Кто-то"),)})])
    assert "M07" in ids(fs)


def test_m07_silent_with_empty_lists():
    assert "M07" not in ids(run([summary(), summary("o2")]))


def test_summary_counts_shortfall_causes_but_not_the_course_limit():
    unplaced = [
        Unplaced("t1", cause="no_seats"),
        Unplaced("t1", area="legal", cause="no_course"),
        Unplaced("t1", area="legal", cause="course_limit"),
        Unplaced("t1", area=None, reason="pd_overdue", cause="no_seats"),
    ]
    s = summarize_org(school(teacher()), Indicators(), [], as_of=AS_OF, th=TH, unplaced=unplaced)
    assert s.shortfall == {
        "": {"no_seats": 1},
        "digital": {"no_seats": 1},
        "legal": {"no_course": 1},
    }
    assert OrgSummary.from_json(s.to_json()) == s


def test_summary_lists_come_from_the_firings():
    def firing(rule, name, **evidence):
        return Firing(
            rule,
            "teacher",
            "t",
            "o1",
            "normal",
            "",
            "",
            {"teacher": {"full_name": name}, **evidence},
        )

    found = [
        firing("T04", "Молодая А. А.", mentor={"found": False}),
        firing("T04", "Молодой Б. Б.", mentor={"found": True}),
        firing("T11", "Конкурсная В. В."),
        firing("T12", "Резервный Г. Г."),
    ]
    s = summarize_org(school(teacher()), Indicators(), found, as_of=AS_OF, th=TH)
    assert s.outside_mentors == (("МБОУ СОШ o1", "Молодая А. А."),)
    assert s.nominees == (("МБОУ СОШ o1", "Конкурсная В. В."),)
    assert s.reserve == (("МБОУ СОШ o1", "Резервный Г. Г."),)
    assert OrgSummary.from_json(s.to_json()) == s


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
