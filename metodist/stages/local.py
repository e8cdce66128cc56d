"""Running one stage in this process, without Prefect: for tests and quick local work.

Does what the Prefect flows do with a task per chunk: start the run, compute
over chunks of organizations, finalize, complete — or mark the run failed
(dropping its partial rows, so the previous results stay) and re-raise.
"""

import importlib
from datetime import date
from types import ModuleType

from metodist.db import session_scope
from metodist.snapshot import org_codes
from metodist.stages import runs
from models.enums import Stage


def stage_module(stage: str) -> ModuleType:
    """The service module of a stage (`metodist.stages.<stage>`)."""
    if stage not in {s.value for s in Stage}:
        raise ValueError(f"unknown stage {stage!r}")
    return importlib.import_module(f"metodist.stages.{stage}")


def run_stage(url: str | None, *, stage: str, year: int, as_of: date, chunk_size: int = 50) -> int:
    """Run `stage` for the cycle `year` on the cycle date `as_of`; return the run id."""
    module = stage_module(stage)
    run_id = runs.start_run(url, year=year, as_of=as_of, stage=stage)
    try:
        with session_scope(url) as s:
            codes = org_codes(s)
        partials = [
            module.compute(
                url, run_id=run_id, year=year, as_of=as_of, org_codes=codes[i : i + chunk_size]
            )
            for i in range(0, len(codes), chunk_size)
        ]
        summary = module.finalize(url, run_id=run_id, year=year, as_of=as_of, partials=partials)
        runs.complete_run(url, run_id, summary=summary)
    except Exception as exc:
        runs.fail_run(url, run_id, error=f"{type(exc).__name__}: {exc}")
        raise
    return run_id
