"""Bookkeeping of stage runs: start, finish, and replacing a stage's earlier results.

Results of a run are written under its own `run_id`. Only when the run has
completed are the stage's earlier runs for the same year deleted (their rows
go with them through ON DELETE CASCADE), so a re-run never duplicates results
and a run that fails part-way leaves the previous results intact.
"""

import time
from datetime import date
from typing import Any

from sqlmodel import Session, col, delete, select

from metodist.db import session_scope
from models import CycleRun
from models.cycle import utcnow


def start_run(
    url: str | None,
    *,
    year: int,
    as_of: date,
    stage: str,
    flow_run_id: str | None = None,
    rulebase_version: str | None = None,
) -> int:
    with session_scope(url) as s:
        run = CycleRun(
            year=year,
            as_of=as_of,
            stage=stage,
            flow_run_id=flow_run_id,
            rulebase_version=rulebase_version,
        )
        s.add(run)
        s.flush()
        assert run.id is not None
        return run.id


def complete_run(url: str | None, run_id: int, *, summary: dict[str, Any]) -> None:
    """Mark the run completed and delete the results of the stage's earlier runs."""
    with session_scope(url) as s:
        run = _get(s, run_id)
        _close(run, "completed")
        run.summary = summary
        s.add(run)
        s.exec(
            delete(CycleRun).where(  # type: ignore[call-overload]
                col(CycleRun.year) == run.year,
                col(CycleRun.stage) == run.stage,
                col(CycleRun.id) != run.id,
                col(CycleRun.status) != "failed",
            )
        )


def fail_run(url: str | None, run_id: int, *, error: str) -> None:
    """Mark the run failed and drop whatever partial results it wrote."""
    from models import OrgIndicator, PlanEntry, Recommendation, RuleFiring, StageOutput

    with session_scope(url) as s:
        for table in (RuleFiring, Recommendation, PlanEntry, OrgIndicator, StageOutput):
            s.exec(delete(table).where(col(table.run_id) == run_id))  # type: ignore[call-overload,attr-defined]
        run = _get(s, run_id)
        _close(run, "failed")
        run.error = error[:4000]
        s.add(run)


def latest_run(session: Session, *, year: int, stage: str) -> CycleRun | None:
    """The newest completed run of a stage for a year: the one whose results count."""
    return session.exec(
        select(CycleRun)
        .where(CycleRun.year == year, CycleRun.stage == stage, CycleRun.status == "completed")
        .order_by(col(CycleRun.id).desc())
    ).first()


def _get(session: Session, run_id: int) -> CycleRun:
    run = session.get(CycleRun, run_id)
    if run is None:
        raise LookupError(f"cycle run {run_id} does not exist")
    return run


def _close(run: CycleRun, status: str) -> None:
    run.status = status
    run.finished_at = utcnow()
    run.duration_s = round(time.time() - run.started_at.timestamp(), 3)
