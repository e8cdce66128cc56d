from datetime import date

from sqlmodel import select

from metodist.db import session_scope
from metodist.stages import runs
from models import CycleRun, Organization, StageOutput


def _write_output(url: str, run_id: int) -> None:
    with session_scope(url) as s:
        s.add(StageOutput(run_id=run_id, kind="summary", payload={"n": run_id}))


def test_a_completed_rerun_replaces_the_earlier_results(db_url):
    with session_scope(db_url) as s:
        s.add(Organization(code="o1", name="МБОУ СОШ № 1", kind="school"))
    first = runs.start_run(db_url, year=2026, as_of=date(2026, 11, 15), stage="needs")
    _write_output(db_url, first)
    runs.complete_run(db_url, first, summary={"rows": 1})
    second = runs.start_run(db_url, year=2026, as_of=date(2026, 11, 15), stage="needs")
    _write_output(db_url, second)
    runs.complete_run(db_url, second, summary={"rows": 1})
    with session_scope(db_url) as s:
        outputs = s.exec(select(StageOutput)).all()
        assert [o.run_id for o in outputs] == [second]
        assert runs.latest_run(s, year=2026, stage="needs").id == second


def test_a_failed_run_leaves_the_previous_results(db_url):
    good = runs.start_run(db_url, year=2026, as_of=date(2026, 11, 15), stage="needs")
    _write_output(db_url, good)
    runs.complete_run(db_url, good, summary={})
    bad = runs.start_run(db_url, year=2026, as_of=date(2026, 11, 15), stage="needs")
    _write_output(db_url, bad)
    runs.fail_run(db_url, bad, error="school o7: boom")
    with session_scope(db_url) as s:
        assert [o.run_id for o in s.exec(select(StageOutput)).all()] == [good]
        assert s.get(CycleRun, bad).status == "failed"
        assert runs.latest_run(s, year=2026, stage="needs").id == good
