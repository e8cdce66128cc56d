"""Each stage loads only the parts of the profiles it declares (`PARTS`): the results must be
those it would write with every part loaded, or a stage reads something it did not load."""

import pytest
from sqlmodel import col, select

from metodist import snapshot
from metodist.db import session_scope
from metodist.stages.execute import run_in_process as run_stage
from models import CycleRun, OrgIndicator, PlanEntry, StageOutput
from tests.stages.conftest import AS_OF, YEAR, stage_module

STAGES = ("needs", "diagnostics", "attestation", "monitoring", "planning")


def results(url: str, stage: str) -> dict:
    """Everything a run of `stage` wrote, without ids."""
    run_id = run_stage(url, stage=stage, year=YEAR, as_of=AS_OF)
    with session_scope(url) as s:
        outputs = s.exec(select(StageOutput).where(StageOutput.run_id == run_id)).all()
        indicators = s.exec(select(OrgIndicator).where(OrgIndicator.run_id == run_id)).all()
        plan = s.exec(
            select(PlanEntry).where(PlanEntry.run_id == run_id).order_by(col(PlanEntry.id))
        ).all()
        summary = s.get(CycleRun, run_id).summary
    return {
        "outputs": {(o.kind, o.org_code): o.payload for o in outputs},
        "indicators": {i.org_code: (i.indicators, i.composite, i.group) for i in indicators},
        "plan": [p.model_dump(exclude={"id", "run_id"}) for p in plan],
        "summary": summary,
    }


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_writes_with_its_parts_what_it_writes_with_all(town, stage, monkeypatch):
    module = stage_module(stage)
    assert set(module.PARTS) < snapshot.PARTS
    partial = results(town, stage)
    monkeypatch.setattr(module, "PARTS", snapshot.PARTS)
    assert results(town, stage) == partial


def test_a_part_left_out_is_empty_and_an_unknown_part_is_an_error(town):
    with session_scope(town) as s:
        (full,) = snapshot.load_orgs(s, ["o1"], as_of=AS_OF)
        (bare,) = snapshot.load_orgs(s, ["o1"], as_of=AS_OF, parts=())
        with pytest.raises(ValueError, match="unknown profile parts"):
            snapshot.load_orgs(s, ["o1"], as_of=AS_OF, parts=("score",))
    t1 = next(t for t in full.teachers if t.code == "o1-t1")
    assert t1.scores and t1.courses_done and t1.requests and t1.presentations
    b1 = next(t for t in bare.teachers if t.code == "o1-t1")
    assert (b1.scores, b1.courses_done, b1.requests, b1.presentations) == ({}, (), (), ())
    assert (b1.category, b1.subjects) == (t1.category, t1.subjects)
