"""The recommendations stage on rule processes gives exactly what it gives in one process."""

import pickle
from datetime import date

import pytest
from sqlmodel import col, select

from metodist.db import session_scope
from metodist.stages import recommendations, rule_pool
from metodist.stages.execute import run_in_process as run_stage
from models import Recommendation, RuleFiring

YEAR = 2026
AS_OF = date(2026, 11, 15)
PREREQUISITES = ("needs", "diagnostics", "attestation", "monitoring", "planning")


@pytest.fixture
def region(db_url: str, tmp_path) -> str:
    """A generated region of a few schools (about 120 teachers), needs..planning done."""
    from metodist.demo import generate, write_csv
    from metodist.importing import import_path

    write_csv(generate(seed=17, schools=3, year=YEAR, as_of=AS_OF), tmp_path / "csv")
    import_path(tmp_path / "csv", url=db_url)
    for stage in PREREQUISITES:
        run_stage(db_url, stage=stage, year=YEAR, as_of=AS_OF)
    return db_url


def written(url: str, run_id: int) -> tuple[list[tuple], list[tuple]]:
    """Every Recommendation and RuleFiring row of the run, in the order written, without ids."""
    with session_scope(url) as s:
        recs = s.exec(
            select(Recommendation)
            .where(Recommendation.run_id == run_id)
            .order_by(col(Recommendation.id))
        ).all()
        number = {r.id: i for i, r in enumerate(recs)}
        firings = s.exec(
            select(RuleFiring).where(RuleFiring.run_id == run_id).order_by(col(RuleFiring.id))
        ).all()
        return (
            [
                (r.rule_id, r.addressee_type, r.addressee_code, r.org_code, r.priority,
                 r.title, r.text, r.evidence, r.status)
                for r in recs
            ],
            [
                (f.rule_id, f.rulebase_version, f.org_code, f.addressee_code, f.facts,
                 number[f.recommendation_id])
                for f in firings
            ],
        )  # fmt: skip


def run_with(url: str, workers: int, monkeypatch) -> tuple[tuple[list[tuple], list[tuple]], int]:
    """The stage with `workers` rule processes: what it wrote (read before the next run
    supersedes it) and how often it used the pool."""
    used = []
    pool = rule_pool._shared_pool
    real = pool.use

    def counting(n: int):
        used.append(n)
        return real(n)

    with monkeypatch.context() as patch:
        patch.setenv("METODIST_RULE_WORKERS", str(workers))
        patch.setattr(pool, "use", counting)
        run_id = run_stage(url, stage="recommendations", year=YEAR, as_of=AS_OF, chunk_size=5)
    return written(url, run_id), len(used)


def test_two_rule_processes_write_what_one_process_writes(region, monkeypatch):
    alone, pools_alone = run_with(region, 1, monkeypatch)
    shared, pools_shared = run_with(region, 2, monkeypatch)
    assert pools_alone == 0 and pools_shared >= 1
    recs, firings = alone
    assert len(recs) > 100 and len(firings) == len(recs)
    assert shared == alone


def test_one_set_of_rule_processes_serves_every_chunk_and_none_outlives_the_stage(
    region, monkeypatch
):
    pool = rule_pool._shared_pool
    before = pool.pools_started
    monkeypatch.setenv("METODIST_RULE_WORKERS", "2")
    run_stage(region, stage="recommendations", year=YEAR, as_of=AS_OF, chunk_size=2)
    assert pool.pools_started - before == 1  # the processes lingered from chunk to chunk
    assert pool.processes() == 0 and pool._pool is None  # and stopped with the stage


def test_a_blank_setting_means_every_cpu(monkeypatch):
    monkeypatch.setenv("METODIST_RULE_WORKERS", "")
    monkeypatch.setattr("os.cpu_count", lambda: 3)
    assert rule_pool.rule_workers() == 3
    monkeypatch.setenv("METODIST_RULE_WORKERS", "1")
    assert rule_pool.rule_workers() == 1


def test_what_crosses_to_a_rule_process_pickles(region):
    from metodist.config import thresholds
    from metodist.snapshot import org_codes
    from metodist.stages.outputs import profiles

    with session_scope(region) as s:
        codes = org_codes(s)
        orgs = profiles(s, codes, as_of=AS_OF)
        monitoring = recommendations.prerequisite_run(s, year=YEAR, stage="monitoring")
        planning = recommendations.prerequisite_run(s, year=YEAR, stage="planning")
        indicators = recommendations.load_indicators(s, run_id=monitoring.id, org_codes=codes)
        plan = recommendations.load_plan(s, run_id=planning.id, org_codes=codes)
    work = [
        rule_pool.OrgInputs(
            o,
            indicators[o.code],
            tuple(plan.placements.get(o.code, ())),
            tuple(plan.unplaced.get(o.code, ())),
        )
        for o in orgs
    ]
    assert pickle.loads(pickle.dumps(work)) == work

    cycle = rule_pool.Cycle(AS_OF, YEAR, thresholds(), dict(plan.course_areas))
    assert pickle.loads(pickle.dumps(cycle)) == cycle
    found = rule_pool.evaluate_orgs(work, cycle)
    assert found and pickle.loads(pickle.dumps(found)) == found
