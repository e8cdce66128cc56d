"""The recommendations stage on both databases: what it reads and writes, and twice the same."""

from datetime import date

import pytest
from sqlmodel import col, select

from metodist.config import thresholds
from metodist.db import session_scope
from metodist.stages import recommendations, runs
from metodist.stages.execute import run_in_process as run_stage
from models import (
    CatalogueCourse,
    CycleRun,
    Diagnostic,
    Organization,
    OrgIndicator,
    PdCourseDone,
    PlanEntry,
    Recommendation,
    RuleFiring,
    StageOutput,
    Teacher,
)
from rules.version import rulebase_version
from tests.stages.conftest import AS_OF, YEAR

GOOD = {
    "pd_coverage": 1.0,
    "category_share": 1.0,
    "no_critical_share": 1.0,
    "mentored_young_share": 1.0,
    "presented_share": 1.0,
    "staffing": 1.0,
    "no_burnout_share": 1.0,
    "competition_share": 1.0,
}


def fill(url: str) -> None:
    """s1 (low group): a teacher with a critical deficit placed on c1, a young teacher, one at
    burnout risk; s2 (high group): a settled teacher with an unmet request."""
    with session_scope(url) as s:
        s.add_all(
            [
                Organization(code="s1", name="МБОУ СОШ № 1", kind="school", vacancies=1),
                Organization(code="s2", name="МБОУ СОШ № 2", kind="school"),
                CatalogueCourse(code="c1", title="Цифровая образовательная среда",
                                areas=["digital", "legal"], hours=72, capacity=1, quarter=1),
            ]
        )  # fmt: skip
        s.flush()
        s.add_all(
            [
                Teacher(code="s1-t1", org_code="s1", full_name="Иванова Анна Петровна",
                        experience_years=12, years_in_org=10, category="highest",
                        category_date=date(2024, 1, 10)),
                Teacher(code="s1-t2", org_code="s1", full_name="Петров Пётр Ильич",
                        subjects=["физика"], experience_years=1, years_in_org=1),
                Teacher(code="s1-t3", org_code="s1", full_name="Сидорова Мария Ивановна",
                        experience_years=20, years_in_org=15, category="first",
                        category_date=date(2024, 5, 1), burnout_score=90),
                Teacher(code="s2-t1", org_code="s2", full_name="Кузнецова Ольга Сергеевна",
                        experience_years=7, years_in_org=7, category="highest",
                        category_date=date(2024, 3, 1)),
            ]
        )  # fmt: skip
        s.flush()
        s.add_all(
            [
                Diagnostic(key="1", teacher_code="s1-t1", date=date(2026, 5, 1), area="digital",
                           score=35),
                Diagnostic(key="2", teacher_code="s1-t1", date=date(2026, 5, 1), area="legal",
                           score=45),
                PdCourseDone(key="1", teacher_code="s1-t3", title="ФГОС", hours=36,
                             completed=date(2025, 1, 1)),
                PdCourseDone(key="2", teacher_code="s2-t1", title="ФГОС", hours=36,
                             completed=date(2025, 1, 1)),
            ]
        )  # fmt: skip


def prerequisites(url: str) -> None:
    """Completed monitoring and planning runs, written as those stages write them."""
    monitoring = runs.start_run(url, year=YEAR, as_of=AS_OF, stage="monitoring")
    with session_scope(url) as s:
        s.add_all(
            [
                OrgIndicator(run_id=monitoring, year=YEAR, org_code="s1", composite=0.45,
                             group="low", indicators=GOOD | {"no_burnout_share": 0.6667,
                                                             "pd_coverage": 0.3333}),
                OrgIndicator(run_id=monitoring, year=YEAR, org_code="s2", composite=0.9,
                             group="high", indicators=GOOD),
            ]
        )  # fmt: skip
    runs.complete_run(url, monitoring, summary={})
    planning = runs.start_run(url, year=YEAR, as_of=AS_OF, stage="planning")
    with session_scope(url) as s:
        s.add_all(
            [
                PlanEntry(run_id=planning, year=YEAR, teacher_code="s1-t1", org_code="s1",
                          course_code="c1", area="digital", quarter=1, hours=72,
                          reason="critical_deficit"),
                PlanEntry(run_id=planning, year=YEAR, teacher_code="s1-t2", org_code="s1",
                          area=None, reason="pd_overdue", placed=False),
                PlanEntry(run_id=planning, year=YEAR, teacher_code="s2-t1", org_code="s2",
                          area="subject", reason="request", placed=False),
                StageOutput(run_id=planning, kind="plan_summary", payload={
                    "demand_by_area": {"digital": 1, "subject": 1},
                    "capacity_by_area": {"digital": 1, "legal": 1}}),
                StageOutput(run_id=planning, kind="plan_by_org", org_code="s2", payload={
                    "placements": [], "covered": [],
                    "unplaced": [{"teacher_code": "s2-t1", "org_code": "s2", "area": "subject",
                                  "reason": "request", "topic": "Физика в 7 классе",
                                  "cause": "no_course"}]}),
            ]
        )  # fmt: skip
    runs.complete_run(url, planning, summary={})


def run_recommendations(url: str, chunks=(["s1"], ["s2"])) -> int:  # type: ignore[no-untyped-def]
    run_id = runs.start_run(url, year=YEAR, as_of=AS_OF, stage="recommendations")
    partials = [
        recommendations.compute(url, run_id=run_id, year=YEAR, as_of=AS_OF, org_codes=codes)
        for codes in chunks
    ]
    summary = recommendations.finalize(
        url, run_id=run_id, year=YEAR, as_of=AS_OF, partials=partials
    )
    runs.complete_run(url, run_id, summary=summary)
    return run_id


def stored(url: str, run_id: int) -> list[Recommendation]:
    with session_scope(url) as s:
        return list(
            s.exec(
                select(Recommendation)
                .where(Recommendation.run_id == run_id)
                .order_by(col(Recommendation.id))
            ).all()
        )


def test_the_stage_writes_recommendations_and_their_firings(db_url):
    fill(db_url)
    prerequisites(db_url)
    run_id = run_recommendations(db_url)
    recs = stored(db_url, run_id)
    got = [(r.rule_id, r.addressee_code, r.org_code) for r in recs]
    assert got == [
        ("T01", "s1-t1", "s1"),  # digital, placed on c1
        ("T01", "s1-t1", "s1"),  # legal, covered by c1 as well
        ("T03", "s1-t1", "s1"),  # no PD in 3 years: c1 (72 h) fulfils it
        # s1-t2 has no PD course but 1 year of experience: a newcomer, no T03
        ("T04", "s1-t2", "s1"),
        ("T09", "s1", "s1"),  # s1-t3, to the head
        ("T10", "s1-t2", "s1"),
        ("O03", "s1", "s1"),
        ("O04", "s1", "s1"),
        ("O05", "s1", "s1"),
        ("O06", "s1", "s1"),
        ("O07", "s1", "s1"),
        ("O09", "s1", "s1"),
        ("T13", "s2-t1", "s2"),
        ("O01", "s2", "s2"),
        ("O04", "s2", "s2"),
        ("M01", "centre", None),
        ("M02", "centre", None),  # digital: 1 of 1 diagnosed
        ("M02", "centre", None),  # legal
        ("M04", "centre", None),
        ("M05", "centre", None),  # 1 young of 4
        ("M06", "centre", None),  # subject: demand 1, no seats
    ]
    assert all(r.status == "proposed" and r.year == YEAR for r in recs)
    digital, legal = (r for r in recs if r.rule_id == "T01")
    # the course placed for digital also covers legal (the catalogue's areas)
    assert "«Цифровая образовательная среда»" in digital.text and "I квартале 2027" in digital.text
    assert legal.evidence["placement"]["area"] == "legal"
    t13 = next(r for r in recs if r.rule_id == "T13")
    assert "«Физика в 7 классе»" in t13.text
    m01 = next(r for r in recs if r.rule_id == "M01")
    assert m01.evidence["school"]["code"] == "s1" and "МБОУ СОШ № 1" in m01.text
    assert m01.addressee_type == "centre"
    t09 = next(r for r in recs if r.rule_id == "T09")
    assert t09.evidence["teacher"]["code"] == "s1-t3" and "90" not in t09.text

    with session_scope(db_url) as s:
        firings = s.exec(select(RuleFiring).where(RuleFiring.run_id == run_id)).all()
        run = s.get(CycleRun, run_id)
        assert run.rulebase_version == rulebase_version(thresholds())
        assert run.summary["recommendations"] == len(recs) and run.summary["centre"] == 6
    assert sorted(f.recommendation_id for f in firings) == [r.id for r in recs]
    by_rec = {f.recommendation_id: f for f in firings}
    for r in recs:
        f = by_rec[r.id]
        assert (f.rule_id, f.org_code, f.addressee_code) == (
            r.rule_id,
            r.org_code,
            r.addressee_code,
        )
        assert f.rulebase_version == rulebase_version(thresholds())
        assert f.facts["matched"] == r.evidence and f.facts["rule"]


def test_same_data_twice_gives_the_same_recommendations(db_url):
    fill(db_url)
    prerequisites(db_url)
    first = [
        (r.rule_id, r.addressee_code, r.text) for r in stored(db_url, run_recommendations(db_url))
    ]
    second_id = run_recommendations(db_url, chunks=(["s2", "s1"],))
    second = [(r.rule_id, r.addressee_code, r.text) for r in stored(db_url, second_id)]
    assert second == first
    with session_scope(db_url) as s:  # the re-run replaced the first run's rows
        assert {r.run_id for r in s.exec(select(Recommendation)).all()} == {second_id}


def test_a_retried_chunk_replaces_its_rows(db_url):
    fill(db_url)
    prerequisites(db_url)
    run_id = runs.start_run(db_url, year=YEAR, as_of=AS_OF, stage="recommendations")
    for _ in range(2):
        recommendations.compute(db_url, run_id=run_id, year=YEAR, as_of=AS_OF, org_codes=["s1"])
    with session_scope(db_url) as s:
        recs = s.exec(select(Recommendation).where(Recommendation.run_id == run_id)).all()
        firings = s.exec(select(RuleFiring).where(RuleFiring.run_id == run_id)).all()
    assert len(recs) == len(firings) == 12


@pytest.mark.parametrize("missing", ["monitoring", "planning"])
def test_a_missing_prerequisite_names_the_stage_to_run(db_url, missing):
    fill(db_url)
    if missing == "planning":
        monitoring = runs.start_run(db_url, year=YEAR, as_of=AS_OF, stage="monitoring")
        runs.complete_run(db_url, monitoring, summary={})
    run_id = runs.start_run(db_url, year=YEAR, as_of=AS_OF, stage="recommendations")
    with pytest.raises(recommendations.PrerequisiteMissing, match=f"metodist run {missing}"):
        recommendations.compute(db_url, run_id=run_id, year=YEAR, as_of=AS_OF, org_codes=["s1"])


def test_after_the_real_monitoring_and_planning_stages(town):
    for stage in ("monitoring", "planning"):
        run_stage(town, stage=stage, year=YEAR, as_of=AS_OF)
    run_id = run_stage(town, stage="recommendations", year=YEAR, as_of=AS_OF, chunk_size=2)
    recs = stored(town, run_id)
    rules = {(r.rule_id, r.addressee_code) for r in recs}
    assert ("T01", "o1-t1") in rules and ("T01", "o1-t3") in rules  # critical digital deficits
    assert ("T09", "o1") in rules  # o1-t1's burnout score 80, to the head
    assert ("T04", "o1-t3") in rules  # the young teacher
    assert not any(r.addressee_code == "o1-t4" and r.rule_id in ("T03", "T05", "T06", "T07")
                   for r in recs)  # on leave  # fmt: skip
    assert {r.org_code for r in recs} == {"o1", "o2", "o3", None}
