"""One stage run's bookkeeping, in plain Python: record the run, compute chunks, finalize.

`execute` starts the run, has every chunk of organizations computed by the
given `map_chunks`, finalizes and marks the run completed (which replaces
the stage's earlier results). If anything fails, the run is marked failed
(its partial rows are dropped, the previous results stay) and the error is
raised again. The Prefect flows (`flows/factory.py`) map chunks onto tasks
and run each step as a task; tests and the bench map them in this process.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ParamSpec, Protocol, TypeVar

from metodist.db import session_scope
from metodist.memory import release_free_memory
from metodist.process_pool import release_idle_pools
from metodist.snapshot import org_codes
from metodist.stages import registry, runs
from metodist.stages.errors import as_stage_failed, failure_record
from metodist.stages.registry import StageRun

P = ParamSpec("P")
R = TypeVar("R")
#: when a stage's own code ran: (began, ended), epoch seconds
Span = tuple[float, float]

_log = logging.getLogger(__name__)
_log.addHandler(logging.NullHandler())  # in-process runs (tests, bench) print nothing


class MapChunks(Protocol):
    """Compute every chunk of `run` (each with `compute_chunk`); the partials in chunk order."""

    def __call__(
        self, stage: str, run: StageRun, chunks: Sequence[list[str]]
    ) -> list[tuple[Any, Span]]: ...


class RunStep(Protocol):
    """Run one bookkeeping step (`name`: "open-run", "finalize-stage", …) and return its result."""

    def __call__(
        self, name: str, fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs
    ) -> R: ...


@dataclass(frozen=True, slots=True)
class Executed:
    run_id: int
    summary: dict[str, Any]
    organizations: int
    chunks: int
    #: seconds in which the stage's own code ran: a chunk's compute, the finalize, or
    #: the bookkeeping steps' database work (opening, listing, completing the run)
    work_s: float


def compute_chunk(stage: str, run: StageRun, org_codes: Sequence[str]) -> tuple[Any, Span]:
    """One chunk through the stage service's `compute`; the partial and when `compute` ran.

    The service is looked up by name where this runs (a Dask worker, say), and
    times are epoch seconds: comparable across the processes of a machine.
    """
    service = registry.service(stage)
    began = time.time()
    partial = service.compute(run, org_codes)
    return partial, (began, time.time())


def map_in_process(
    stage: str, run: StageRun, chunks: Sequence[list[str]]
) -> list[tuple[Any, Span]]:
    """The chunks one after the other in this process, stopping at the first failure."""
    return [compute_chunk(stage, run, codes) for codes in chunks]


def call_directly(name: str, fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R:
    return fn(*args, **kwargs)


def execute(
    stage: str,
    *,
    url: str | None,
    year: int,
    as_of: date,
    chunk_size: int | None,
    options: Mapping[str, Any] | None = None,
    map_chunks: MapChunks = map_in_process,
    step: RunStep = call_directly,
    flow_run_id: str | None = None,
    log: logging.Logger | logging.LoggerAdapter[Any] = _log,
) -> Executed:
    """Run `stage` for the cycle `year` on the cycle date `as_of`; `chunk_size` orgs a chunk.

    `chunk_size` None chooses it from the number of organizations (`auto_chunk_size`).
    """
    service = registry.service(stage)  # an unknown stage fails before a run is recorded
    bound = service.bind(options or {})
    # the bookkeeping steps' own database work is the stage's, not the orchestrator's
    booked: list[Span] = []

    def timed(fn: Callable[P, R]) -> Callable[P, R]:
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            began = time.time()
            try:
                return fn(*args, **kwargs)
            finally:
                booked.append((began, time.time()))

        return run

    run_id = step(
        "open-run",
        timed(runs.start_run),
        url,
        year=year,
        as_of=as_of,
        stage=stage,
        flow_run_id=flow_run_id,
    )
    run = StageRun(url=url, run_id=run_id, year=year, as_of=as_of, options=bound)
    try:
        codes = step("list-organizations", timed(_organizations), url)
        chunks = chunked(codes, chunk_size or auto_chunk_size(len(codes)))
        if service.centre_chunk:
            chunks = [[], *chunks]
        log.info(
            "%s %s (as of %s): run %s, %s organizations in %s chunks",
            stage, year, as_of, run_id, len(codes), len(chunks),
        )  # fmt: skip
        computed = map_chunks(stage, run, chunks)
        summary, finalized = step("finalize-stage", _finalize, service, run, computed)
        step("complete-run", timed(runs.complete_run), url, run_id, summary=summary)
    except BaseException as exc:
        _record_failure(url, run_id, failure_record(as_stage_failed(stage, exc), exc), log)
        raise
    # the stage's own cleaning up, counted as its work (not the orchestrator's): no chunk
    # is left for the lingering workers, and what the chunks freed goes back to the system
    timed(release_idle_pools)()
    timed(release_free_memory)()
    log.info("%s %s completed: run %s", stage, year, run_id)
    spans = [span for _, span in computed]
    return Executed(
        run_id=run_id,
        summary=summary,
        organizations=len(codes),
        chunks=len(chunks),
        work_s=round(covered_seconds([*booked, *spans, finalized]), 3),
    )


def run_in_process(
    url: str | None, *, stage: str, year: int, as_of: date, chunk_size: int = 50, **options: Any
) -> int:
    """Run `stage` here, chunk after chunk (tests, the bench); the run id."""
    return execute(
        stage, url=url, year=year, as_of=as_of, chunk_size=chunk_size, options=options
    ).run_id


#: a chunk never holds more organizations than this (a task per 50 schools at region scale)
MAX_CHUNK = 50
#: ...nor fewer than this, unless there are fewer organizations
MIN_CHUNK = 5
#: the automatic chunk size aims at this many chunks, so workers have work to share
TARGET_CHUNKS = 8


def auto_chunk_size(n_orgs: int) -> int:
    return max(MIN_CHUNK, min(MAX_CHUNK, math.ceil(n_orgs / TARGET_CHUNKS)))


def chunked(codes: Sequence[str], size: int) -> list[list[str]]:
    if size < 1:
        raise ValueError("chunk_size must be at least 1")
    return [list(codes[i : i + size]) for i in range(0, len(codes), size)]


def covered_seconds(spans: Sequence[Span]) -> float:
    """Seconds covered by at least one of the spans (chunks on threads overlap)."""
    total, reach = 0.0, float("-inf")
    for began, ended in sorted(spans):
        if ended > reach:
            total += ended - max(began, reach)
            reach = ended
    return total


def _organizations(url: str | None) -> list[str]:
    with session_scope(url) as s:
        return org_codes(s)


def _finalize(
    service: registry.StageService, run: StageRun, computed: Sequence[tuple[Any, Span]]
) -> tuple[dict[str, Any], Span]:
    """The municipal pass over every chunk's partial; the summary and when it ran."""
    partials = [partial for partial, _ in computed]
    began = time.time()
    summary = service.finalize(run, partials)
    return dict(summary or {}), (began, time.time())


def _record_failure(
    url: str | None, run_id: int, error: str, log: logging.Logger | logging.LoggerAdapter[Any]
) -> None:
    try:
        runs.fail_run(url, run_id, error=error)
    except Exception as exc:  # the database itself may be what failed
        log.error("could not mark run %s failed: %s", run_id, exc)
    log.error("%s", error)
