"""The stage services on a small municipality: what each writes, re-runs, chunking, failure."""

import json
import pickle

import pytest
from sqlmodel import col, select

from metodist.analysis.indicators import compute_indicators
from metodist.config import thresholds
from metodist.db import session_scope
from metodist.snapshot import load_orgs
from metodist.stages import needs, runs
from metodist.stages.execute import run_in_process as run_stage
from models import CycleRun, OrgIndicator, PlanEntry, StageOutput
from tests.stages.conftest import AS_OF, YEAR, stage_module


def outputs(url: str, run_id: int, kind: str) -> dict[str | None, dict]:
    with session_scope(url) as s:
        rows = s.exec(
            select(StageOutput).where(StageOutput.run_id == run_id, StageOutput.kind == kind)
        ).all()
    by_org = {r.org_code: r.payload for r in rows}
    assert len(by_org) == len(rows), f"duplicate {kind} rows"
    return by_org


def run(url: str, stage: str, **kw) -> int:
    return run_stage(url, stage=stage, year=YEAR, as_of=AS_OF, **kw)


def test_needs_summarises_the_requests_of_the_cycle(town):
    run_id = run(town, "needs")
    by_org = outputs(town, run_id, "requests_by_org")
    assert set(by_org) == {"o1", "o2", "o3"}
    o1 = by_org["o1"]
    assert (o1["teachers"], o1["teachers_with_requests"], o1["requests"]) == (4, 2, 2)
    assert o1["by_area"]["digital"] == 1 and o1["by_area"]["legal"] == 1
    assert o1["by_area"]["subject"] == 0  # the 2025 request is not of this cycle
    assert o1["by_format"] == {"in_person": 0, "remote": 1, "blended": 0, "unspecified": 1}
    assert [i["topic"] for i in o1["items"]] == ["Цифровая школа", "Право в школе"]
    assert o1["hours"] == 36
    municipal = outputs(town, run_id, "requests_summary")[None]
    assert municipal["requests"] == 2 and municipal["teachers"] == 6
    assert municipal["orgs"] == 3 and municipal["orgs_with_requests"] == 1
    assert municipal["by_org"]["o3"]["requests"] == 0
    assert {t["topic"] for t in municipal["top_topics"]} == {"Цифровая школа", "Право в школе"}
    with session_scope(town) as s:
        assert s.get(CycleRun, run_id).summary["requests"] == 2


def test_diagnostics_writes_maps_and_profiles(town):
    run_id = run(town, "diagnostics")
    maps = outputs(town, run_id, "deficit_map")
    assert maps["o1"]["o1-t1"] == {
        "digital": {"score": 40, "level": "critical"},
        "legal": {"score": 65, "level": "moderate"},
    }
    assert maps["o1"]["o1-t4"] == {}
    assert maps["o3"] == {}
    profiles = outputs(town, run_id, "deficit_profile")
    assert set(profiles) == {"o1", "o2", "o3", None}
    digital = profiles[None]["areas"]["digital"]
    assert digital == {
        "diagnosed": 2,
        "critical": 2,
        "moderate": 0,
        "critical_share": 1.0,
        "moderate_share": 0.0,
        "mean_score": 35.0,
    }
    assert profiles[None]["areas"]["subject"]["mean_score"] is None
    assert (profiles[None]["teachers"], profiles[None]["diagnosed"]) == (6, 3)
    assert profiles[None]["with_critical"] == 2
    assert profiles[None]["by_org"]["o1"]["critical_by_area"]["digital"] == 2
    assert profiles["o2"]["diagnosed"] == 0


def test_attestation_note(town):
    run_id = run(town, "attestation")
    notes = outputs(town, run_id, "attestation_note")
    o1 = notes["o1"]
    assert o1["categories"] == {
        "none": 2, "szd": 0, "first": 1, "highest": 1, "methodist": 0, "mentor": 0,
    }  # fmt: skip
    assert (o1["first_or_higher"], o1["first_or_higher_share"]) == (2, 0.5)
    assert (o1["expiring_next_year"], o1["expiring_within_window"], o1["szd_due"]) == (1, 1, 0)
    assert o1["expiring"][0]["teacher_code"] == "o1-t2"
    assert o1["expiring"][0]["expires"] == "2027-03-01"
    assert o1["exempt"] == {
        "pregnancy": 0, "maternity": 0, "childcare": 0, "illness": 0, "leave": 1,
    }  # fmt: skip
    assert o1["first_or_higher_with_critical"] == 1
    assert o1["attestations_in_year"] == {"highest": {"assigned": 0, "refused": 1}}
    assert any("2027 году" in f for f in o1["findings"])
    o2 = notes["o2"]
    assert (o2["expired"], o2["szd_due"], o2["categories"]["none"]) == (1, 1, 1)
    assert [x["teacher_code"] for x in o2["szd_due_list"]] == ["o2-t1"]
    municipal = notes[None]
    assert (municipal["teachers"], municipal["first_or_higher"], municipal["szd_due"]) == (6, 3, 1)
    assert municipal["categories"]["none"] == 3
    assert municipal["by_org"]["o3"]["teachers"] == 0
    assert notes["o3"]["findings"] == ["Сведения о педагогах не представлены."]


def test_monitoring_writes_indicators_matching_the_analysis(town):
    run_id = run(town, "monitoring")
    th = thresholds()
    with session_scope(town) as s:
        rows = s.exec(select(OrgIndicator).where(OrgIndicator.run_id == run_id)).all()
        expected = {
            o.code: compute_indicators(o, as_of=AS_OF, th=th)
            for o in load_orgs(s, ["o1", "o2", "o3"], as_of=AS_OF)
        }
    assert sorted(r.org_code for r in rows) == ["o1", "o2", "o3"]
    for r in rows:
        assert r.indicators == pytest.approx(expected[r.org_code].values)
        assert (r.composite, r.group, r.year) == (
            pytest.approx(expected[r.org_code].composite),
            expected[r.org_code].group,
            YEAR,
        )
    o1 = next(r for r in rows if r.org_code == "o1")
    assert o1.indicators["staffing"] == pytest.approx(0.8)
    assert o1.indicators["presented_share"] == pytest.approx(0.25)  # o1-t1 at a municipal event
    summary = outputs(town, run_id, "monitoring_summary")[None]
    assert sum(summary["groups"].values()) == 3
    assert summary["orgs_without_teachers"] == ["o3"]
    assert summary["by_org"]["o3"]["group"] == "low"
    assert summary["method"]["weights"]["staffing"] == 1.0
    assert set(summary["average"]) >= {"pd_coverage", "composite"}


def test_planning_places_and_lists_the_unplaced(town):
    run_id = run(town, "planning")
    with session_scope(town) as s:
        entries = s.exec(
            select(PlanEntry).where(PlanEntry.run_id == run_id).order_by(col(PlanEntry.id))
        ).all()
    placed = {(e.teacher_code, e.course_code, e.reason, e.area) for e in entries if e.placed}
    assert placed == {
        ("o1-t3", "c1", "critical_deficit", "digital"),  # critical + overdue goes first
        ("o1-t2", "c2", "pd_overdue", "methodical"),  # the moderate deficit's area
    }
    unplaced = {(e.teacher_code, e.reason, e.area) for e in entries if not e.placed}
    assert unplaced == {
        ("o1-t1", "critical_deficit", "digital"),
        ("o1-t1", "request", "digital"),
    }
    assert all(e.quarter and e.hours for e in entries if e.placed)
    summary = outputs(town, run_id, "plan_summary")[None]
    assert (summary["placements"], summary["covered"], summary["unplaced"]) == (2, 2, 2)
    assert summary["plan_year"] == YEAR + 1
    assert summary["demand_by_area"]["digital"] == 2
    assert summary["capacity_by_area"] == {
        "digital": 1, "legal": 5, "methodical": 5, "subject": 2,
    }  # fmt: skip
    assert summary["shortfall_by_area"] == {"digital": 1}
    assert summary["unplaced_by_cause"]["no_seats"] == 2
    seats = {c["code"]: c["seats_used"] for c in summary["courses"]}
    assert seats == {"c1": 1, "c2": 1, "c3": 0}
    assert summary["mentoring"] == {"young_without_mentor": 1, "matched": 1}
    by_org = outputs(town, run_id, "plan_by_org")
    assert [u["topic"] for u in by_org["o1"]["unplaced"] if u["reason"] == "request"] == [
        "Цифровая школа"
    ]
    assert {c["reason"] for c in by_org["o1"]["covered"]} == {"pd_overdue", "request"}
    assert by_org["o2"] == {"placements": [], "covered": [], "unplaced": []}
    mentors = outputs(town, run_id, "mentor_matches")
    assert mentors["o1"]["o1-t3"]["mentor_code"] == "o1-t1"
    assert mentors["o1"]["o1-t3"]["shared_subjects"] == ["математика"]
    assert mentors["o2"] == {}


@pytest.mark.parametrize("stage", ["needs", "diagnostics", "attestation", "monitoring", "planning"])
def test_a_rerun_replaces_and_chunking_does_not_matter(town, stage):
    first = run(town, stage)
    second = run(town, stage, chunk_size=1)
    with session_scope(town) as s:
        kept = {r.run_id for r in s.exec(select(StageOutput)).all()}
        kept |= {r.run_id for r in s.exec(select(OrgIndicator)).all()}
        kept |= {r.run_id for r in s.exec(select(PlanEntry)).all()}
        summaries = [r.summary for r in s.exec(select(CycleRun).order_by(col(CycleRun.id)))]
        assert runs.latest_run(s, year=YEAR, stage=stage).id == second
        assert s.get(CycleRun, first) is None
    assert kept == {second}
    assert summaries == [summaries[-1]]


def test_a_retried_chunk_does_not_duplicate(town):
    run_id = runs.start_run(town, year=YEAR, as_of=AS_OF, stage="needs")
    for _ in range(2):
        needs.compute(town, run_id=run_id, year=YEAR, as_of=AS_OF, org_codes=["o1", "o2"])
    assert set(outputs(town, run_id, "requests_by_org")) == {"o1", "o2"}


def test_a_failed_run_keeps_the_previous_results(town, monkeypatch):
    good = run(town, "needs")

    def boom(*args, **kwargs):
        raise RuntimeError("school o2: boom")

    monkeypatch.setattr(needs, "finalize", boom)
    with pytest.raises(RuntimeError, match="boom"):
        run(town, "needs")
    with session_scope(town) as s:
        failed = s.exec(select(CycleRun).where(CycleRun.status == "failed")).one()
        assert "boom" in failed.error
        assert {r.run_id for r in s.exec(select(StageOutput)).all()} == {good}


def test_an_empty_municipality_runs(db_url):
    for stage in ("needs", "diagnostics", "attestation", "monitoring", "planning"):
        run_id = run(db_url, stage)
        with session_scope(db_url) as s:
            assert s.get(CycleRun, run_id).status == "completed"


@pytest.mark.parametrize("stage", ["needs", "diagnostics", "attestation", "monitoring", "planning"])
def test_partials_cross_processes(town, stage):
    """Prefect may run each chunk in another process: partials must pickle, and stay small."""
    module = stage_module(stage)
    run_id = runs.start_run(town, year=YEAR, as_of=AS_OF, stage=stage)
    partial = module.compute(town, run_id=run_id, year=YEAR, as_of=AS_OF, org_codes=["o1", "o3"])
    restored = pickle.loads(pickle.dumps(partial))
    summary = module.finalize(town, run_id=run_id, year=YEAR, as_of=AS_OF, partials=[restored])
    assert len(pickle.dumps(partial)) < 20_000
    assert json.loads(json.dumps(summary)) == summary
