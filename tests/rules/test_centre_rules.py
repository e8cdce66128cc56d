"""Centre rules M01–M06 over per-school summaries and the plan summary."""

import pytest

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
