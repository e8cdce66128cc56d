"""Bookkeeping of stage runs: start, finish, and replacing a stage's earlier results.

Results of a run are written under its own `run_id`. Only when the run has
completed are the stage's earlier completed runs for the same year deleted
(their rows go with them through ON DELETE CASCADE), so a re-run never
duplicates results and a run that fails part-way leaves the previous results
intact. One run of a stage and year at a time: the database's unique index
on running runs is the lock (SQLite and PostgreSQL alike); a run left
'running' by a process that died on this host is recorded as interrupted
and no longer blocks.
"""

import os
import socket
import time
from datetime import date, datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from metodist.db import session_scope
from metodist.stages.errors import StageFailed
from models import CycleRun
from models.cycle import RUNNING, utcnow

#: this machine, as a run records it
HOST = socket.gethostname()


class StageBusy(StageFailed):
    """Another process is running the same stage for the same year."""

    def __init__(
        self, stage: str, year: int, run_id: int, pid: int | None, host: str | None, since: str
    ) -> None:
        super().__init__(stage, "already running")
        self.args = (stage, year, run_id, pid, host, since)
        self.year, self.run_id, self.pid, self.host, self.since = year, run_id, pid, host, since

    def __reduce__(self) -> tuple[Any, ...]:
        return (StageBusy, self.args)

    def __str__(self) -> str:
        who = f"process {self.pid} on {self.host}" if self.pid else "another process"
        return (
            f"stage {self.stage} {self.year} is already running (run {self.run_id}, {who}, "
            f"since {self.since}); wait for it to finish, then run again"
        )


def start_run(
    url: str | None,
    *,
    year: int,
    as_of: date,
    stage: str,
    flow_run_id: str | None = None,
    rulebase_version: str | None = None,
) -> int:
    """Record a new running run and return its id; `StageBusy` if one is running already."""
    for attempt in (1, 2):
        try:
            with session_scope(url) as s:
                run = CycleRun(
                    year=year,
                    as_of=as_of,
                    stage=stage,
                    flow_run_id=flow_run_id,
                    rulebase_version=rulebase_version,
                    pid=os.getpid(),
                    host=HOST,
                )
                s.add(run)
                s.flush()
                assert run.id is not None
                return run.id
        except IntegrityError:
            holder = _running(url, year=year, stage=stage)
            if holder is None:
                continue  # it finished in between
            if attempt == 1 and _process_gone(holder):
                fail_run(url, holder.id, error=_interrupted(holder))  # type: ignore[arg-type]
                continue
            raise StageBusy(
                stage, year, holder.id or 0, holder.pid, holder.host, _when(holder.started_at)
            ) from None
    raise StageBusy(stage, year, 0, None, None, "now")  # pragma: no cover - a third racer


def complete_run(url: str | None, run_id: int, *, summary: dict[str, Any]) -> None:
    """Mark the run completed and delete the results of the stage's earlier runs.

    A recommendations run first takes over the reviewers' decisions of the run
    it replaces (`decisions.carry`), in the same transaction.
    """
    from metodist.stages import decisions

    with session_scope(url) as s:
        run = _get(s, run_id)
        if run.stage == decisions.STAGE:
            previous = latest_run(s, year=run.year, stage=run.stage)
            if previous is not None and previous.id != run.id:
                run.summary = summary | {"decisions": decisions.carry(s, previous, run)}
                summary = run.summary
        _close(run, "completed")
        run.summary = summary
        s.add(run)
        s.exec(
            delete(CycleRun).where(  # type: ignore[call-overload]
                col(CycleRun.year) == run.year,
                col(CycleRun.stage) == run.stage,
                col(CycleRun.id) != run.id,
                # never another process's running run, never a failed one (its record stays)
                col(CycleRun.status) == "completed",
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


def latest_run(session: Session, *, year: int | None, stage: str) -> CycleRun | None:
    """The newest completed run of a stage for a year (None: of the latest year that has
    one): the one whose results count."""
    query = select(CycleRun).where(CycleRun.stage == stage, CycleRun.status == "completed")
    if year is not None:
        query = query.where(CycleRun.year == year)
    return session.exec(query.order_by(col(CycleRun.year).desc(), col(CycleRun.id).desc())).first()


def _running(url: str | None, *, year: int, stage: str) -> CycleRun | None:
    with session_scope(url) as s:
        return s.exec(
            select(CycleRun).where(
                CycleRun.year == year, CycleRun.stage == stage, CycleRun.status == RUNNING
            )
        ).first()


def _process_gone(run: CycleRun) -> bool:
    """True when the run's process has ended on this host (killed, crashed, exited)."""
    if run.host != HOST or not run.pid:
        return False  # another machine's process: it cannot be checked from here
    try:
        os.kill(run.pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, another user's
    try:  # a killed child not yet reaped by its parent is a zombie: gone all the same
        with open(f"/proc/{run.pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except (OSError, IndexError):
        return False


def _interrupted(run: CycleRun) -> str:
    return f"interrupted: process {run.pid} on {run.host} ended before the run finished"


def _when(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _get(session: Session, run_id: int) -> CycleRun:
    run = session.get(CycleRun, run_id)
    if run is None:
        raise LookupError(f"cycle run {run_id} does not exist")
    return run


def _close(run: CycleRun, status: str) -> None:
    run.status = status
    run.finished_at = utcnow()
    run.duration_s = round(time.time() - run.started_at.timestamp(), 3)
