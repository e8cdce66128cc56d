"""What the CLI calls to run a stage or the whole cycle through Prefect.

`run_stage` and `run_cycle` run the flows of `flows/` in this process, with
the API chosen by `environment.prefect_api` (an embedded one unless
`PREFECT_API_URL` is set) and the chunk tasks on threads or on Dask
(`executors`). They return `StageOutcome`s, or raise one `StageFailed`.
`trigger` tags the runs with who started them: "cli" (the default), "desk".
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from flows.executors import dask_scheduler, is_local_address, local_request, with_task_runner
from flows.factory import ProgressCallback, check_before_running, reporting_progress
from flows.naming import labelled, triggered_by
from metodist.stages import registry
from metodist.stages.errors import StageFailed

__all__ = ["StageFailed", "StageOutcome", "last_api_startup_s", "run_cycle", "run_stage"]


@dataclass(frozen=True, slots=True)
class StageOutcome:
    stage: str
    run_id: int
    status: str
    #: seconds the stage's flow took, Prefect's bookkeeping included
    duration_s: float
    summary: dict[str, Any] = field(default_factory=dict)
    flow_run_id: str | None = None
    year: int | None = None
    organizations: int = 0
    chunks: int = 0
    #: seconds in which the stage's own compute or finalize ran (None: not reported)
    work_s: float | None = None

    @classmethod
    def from_flow(cls, result: dict[str, Any]) -> StageOutcome:
        return cls(
            stage=result["stage"],
            run_id=result["run_id"],
            status=result["status"],
            duration_s=result["duration_s"],
            summary=dict(result.get("summary") or {}),
            flow_run_id=result.get("flow_run_id"),
            year=result.get("year"),
            organizations=result.get("organizations", 0),
            chunks=result.get("chunks", 0),
            work_s=result.get("work_s"),
        )


_last_api_startup_s: float | None = None


def last_api_startup_s() -> float | None:
    """Seconds the last embedded API took to start (None: none was started)."""
    return _last_api_startup_s


def run_stage(
    stage: str,
    *,
    year: int,
    as_of: date | None = None,
    database_url: str | None = None,
    dask_address: str | None = None,
    local_dask_workers: int | None = None,
    chunk_size: int | None = None,
    out_dir: Path | str | None = None,
    quiet: bool = True,
    on_progress: ProgressCallback | None = None,
    trigger: str = "cli",
    force: bool = False,
) -> StageOutcome:
    """Run one stage for `year` as of `as_of` (default: today); a re-run replaces its results."""
    registry.stage_of(stage)  # an unknown stage fails before anything starts
    check_before_running(stage)
    from flows.yearly_cycle import STAGE_FLOWS

    kwargs: dict[str, Any] = {
        "year": year,
        "as_of": as_of,
        "chunk_size": chunk_size,
        "database_url": database_url,
    }
    if stage == "packets" and out_dir is not None:
        kwargs["out_dir"] = str(out_dir)
    if stage == "packets" and force:  # every document, also the unchanged ones
        kwargs["force"] = True
    session = _session(stage, dask_address, local_dask_workers, quiet, on_progress, trigger)
    with session as address, labelled(stage, year):
        result = _call_flow(stage, with_task_runner(STAGE_FLOWS[stage], address), kwargs)
    return StageOutcome.from_flow(result)


def run_cycle(
    *,
    year: int,
    as_of: date | None = None,
    database_url: str | None = None,
    dask_address: str | None = None,
    local_dask_workers: int | None = None,
    chunk_size: int | None = None,
    out_dir: Path | str | None = None,
    approve_all: bool = False,
    stages: list[str] | None = None,
    quiet: bool = True,
    on_progress: ProgressCallback | None = None,
    trigger: str = "cli",
) -> list[StageOutcome]:
    """Run every stage (or `stages`) in the cycle's order; `approve_all` signs off for the demo."""
    for stage in stages or ():
        registry.stage_of(stage)
    check_before_running("cycle")
    from flows.yearly_cycle import yearly_cycle

    # the run records what was asked («local:4»), not the port the cluster got
    requested = local_request(local_dask_workers) if local_dask_workers else dask_address
    session = _session("cycle", dask_address, local_dask_workers, quiet, on_progress, trigger)
    with session:
        results = _call_flow(
            "cycle",
            yearly_cycle,
            {
                "year": year,
                "as_of": as_of,
                "chunk_size": chunk_size,
                "database_url": database_url,
                "stages": stages,
                "out_dir": str(out_dir) if out_dir is not None else None,
                "approve_all": approve_all,
                "dask_address": requested,
            },
        )
    return [StageOutcome.from_flow(r) for r in results]


@contextmanager
def _session(
    label: str,
    dask_address: str | None,
    local_dask_workers: int | None,
    quiet: bool,
    on_progress: ProgressCallback | None,
    trigger: str = "cli",
) -> Iterator[str | None]:
    """Quiet output, the API, the Dask scheduler (if any), progress and the trigger's tag."""
    global _last_api_startup_s
    from flows.environment import in_process_runs, prefect_api, quiet_output

    with ExitStack() as stack:
        stack.enter_context(quiet_output(quiet))
        try:
            api = stack.enter_context(prefect_api())
        except Exception as exc:
            raise StageFailed(label, f"the Prefect API did not start: {exc}") from None
        _last_api_startup_s = api.startup_s if api.embedded else None
        stack.enter_context(in_process_runs())
        if dask_address and api.embedded and not is_local_address(dask_address):
            raise StageFailed(
                label,
                f"Dask workers at {dask_address} cannot report to this machine's embedded "
                "Prefect API: set PREFECT_API_URL to a Prefect server they can reach",
            )
        try:
            address = stack.enter_context(
                dask_scheduler(address=dask_address, local_workers=local_dask_workers, quiet=quiet)
            )
        except Exception as exc:  # a cluster that cannot start or be reached
            raise StageFailed(label, f"no Dask cluster: {type(exc).__name__}: {exc}") from None
        stack.enter_context(reporting_progress(on_progress))
        stack.enter_context(triggered_by(trigger))
        yield address


def _call_flow(label: str, flow: Any, kwargs: dict[str, Any]) -> Any:
    started = time.perf_counter()
    try:
        return flow(**kwargs)
    except StageFailed:
        raise
    except Exception as exc:  # Prefect's own failures (API gone, crashed run): one line
        message = " ".join(f"{type(exc).__name__}: {exc}".split())
        elapsed = time.perf_counter() - started
        raise StageFailed(label, f"{message} (after {elapsed:.0f} s)") from exc
