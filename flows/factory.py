"""What every stage flow does: record the run, a task per chunk of organizations, finalize.

The flows in `flows/` are one call to `run_stage_flow`. It

1. records a `CycleRun` with the Prefect flow-run id,
2. submits one `compute-chunk` task per chunk of organization codes (tens of
   schools each, never a task per teacher: a task run costs ~20 ms of
   Prefect's own bookkeeping),
3. waits for every chunk, then runs `finalize-stage` on their partials,
4. marks the run completed, which replaces the stage's earlier results.

The result says how long the stage's own code ran (`work_s`: the wall time
in which any chunk's `compute` or the `finalize` was running), so that the
rest of the flow's time is Prefect's bookkeeping and the run's records.

If anything fails, every chunk still running is waited for, the run is
marked failed (its partial rows are dropped, the previous results stay) and
one `StageFailed` is raised with the school when it is known.

Tasks retry only transient database errors (`is_transient_db_error`), twice.
"""

from __future__ import annotations

import inspect
import math
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date
from typing import Any, ParamSpec, TypeVar

from prefect import Task, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State, TaskRun
from prefect.futures import PrefectFuture, as_completed
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote

from metodist.db import database_url as resolve_url
from metodist.db import init_db, session_scope
from metodist.snapshot import org_codes
from metodist.stages import registry, runs
from metodist.stages.errors import StageFailed, is_transient_db_error

#: a chunk never holds more organizations than this (a task per 50 schools at region scale)
MAX_CHUNK = 50
#: ...nor fewer than this, unless there are fewer organizations
MIN_CHUNK = 5
#: the automatic chunk size aims at this many chunks, so workers have work to share
TARGET_CHUNKS = 8
#: waits before the first and the second retry of a transient database error
RETRY_DELAYS: list[float] = [2, 10]

P = ParamSpec("P")
R = TypeVar("R")
#: when a stage's own code ran: (began, ended), epoch seconds
Span = tuple[float, float]
ProgressCallback = Callable[[str, int, int], None]
_listeners: list[ProgressCallback] = []


@contextmanager
def reporting_progress(callback: ProgressCallback | None) -> Iterator[None]:
    """Call `callback(stage, done_chunks, total_chunks)` as chunks finish, inside the block.

    Flow parameters must be JSON for Prefect's API, so a callback cannot be
    one; flows run in the caller's process and thread, so a module-level list
    reaches them.
    """
    if callback is None:
        yield
        return
    _listeners.append(callback)
    try:
        yield
    finally:
        _listeners.remove(callback)


def _notify(stage: str, done: int, total: int) -> None:
    for listener in list(_listeners):
        with suppress(Exception):  # a broken progress bar must not fail the stage
            listener(stage, done, total)


def resolve_dates(year: int | None, as_of: date | None) -> tuple[int, date]:
    """The cycle date defaults to today and the cycle year to the cycle date's year."""
    as_of = as_of or date.today()
    return (year if year is not None else as_of.year), as_of


def auto_chunk_size(n_orgs: int) -> int:
    return max(MIN_CHUNK, min(MAX_CHUNK, math.ceil(n_orgs / TARGET_CHUNKS)))


def chunked(codes: Sequence[str], size: int) -> list[list[str]]:
    if size < 1:
        raise ValueError("chunk_size must be at least 1")
    return [list(codes[i : i + size]) for i in range(0, len(codes), size)]


def retry_on_transient_db_error(task: Any, task_run: TaskRun, state: State) -> bool:
    """`retry_condition_fn`: retry a lost or locked database, nothing else."""
    exc = state.data if isinstance(state.data, BaseException) else None
    if exc is None:
        with suppress(Exception):
            result = state.result(raise_on_failure=False)
            exc = result if isinstance(result, BaseException) else None
    return is_transient_db_error(exc)


def _call(fn: Callable[..., Any], options: dict[str, Any], **kwargs: Any) -> Any:
    """Call a stage function with the convention's arguments plus the options it declares."""
    params = inspect.signature(fn).parameters
    takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    extra = {k: v for k, v in options.items() if takes_any or k in params}
    return fn(**kwargs, **extra)


def db_task(name: str) -> Callable[[Callable[P, R]], Task[P, R]]:
    """A task that retries transient database errors, caches nothing and keeps no result file."""
    return task(
        name=name,
        retries=len(RETRY_DELAYS),
        retry_delay_seconds=RETRY_DELAYS,
        retry_condition_fn=retry_on_transient_db_error,
        cache_policy=NO_CACHE,
        persist_result=False,
    )


@db_task("compute-chunk")
def compute_chunk(
    module: str,
    url: str,
    *,
    stage: str,
    run_id: int,
    year: int,
    as_of: date,
    org_codes: list[str],
    options: dict[str, Any],
) -> tuple[Any, Span]:
    """One chunk of organizations through the stage service's `compute` (on any worker).

    Returns the partial and when `compute` ran (epoch seconds: comparable across
    the processes of a machine, and of a cluster with synchronised clocks).
    """
    service = registry.load(stage, module)
    began = time.time()
    partial = _call(
        service.compute,
        options,
        url=url,
        run_id=run_id,
        year=year,
        as_of=as_of,
        org_codes=org_codes,
    )
    return partial, (began, time.time())


@db_task("finalize-stage")
def finalize_stage(
    module: str,
    url: str,
    *,
    stage: str,
    run_id: int,
    year: int,
    as_of: date,
    partials: list[Any],
    options: dict[str, Any],
) -> tuple[dict[str, Any], Span]:
    """The municipal pass over every chunk's partial summary; the summary and when it ran."""
    service = registry.load(stage, module)
    began = time.time()
    summary = _call(
        service.finalize,
        options,
        url=url,
        run_id=run_id,
        year=year,
        as_of=as_of,
        partials=partials,
    )
    return dict(summary or {}), (began, time.time())


@db_task("open-run")
def open_run(url: str, *, stage: str, year: int, as_of: date, flow_run_id: str | None) -> int:
    """Record the run; a stage that has a rule base version records it itself."""
    return runs.start_run(url, year=year, as_of=as_of, stage=stage, flow_run_id=flow_run_id)


@db_task("complete-run")
def close_run(url: str, run_id: int, summary: dict[str, Any]) -> None:
    runs.complete_run(url, run_id, summary=summary)


@db_task("list-organizations")
def list_organizations(url: str) -> list[str]:
    with session_scope(url) as s:
        return org_codes(s)


@dataclass(frozen=True, slots=True)
class _Chunk:
    index: int
    codes: list[str]


def run_stage_flow(
    stage: str,
    *,
    year: int | None,
    as_of: date | None,
    chunk_size: int | None = None,
    database_url: str | None = None,
    options: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Run one stage inside the current flow; return what the runner reports.

    `options` are passed to the stage service's `compute` and `finalize` when
    they declare a parameter of that name (e.g. the packets' `out_dir`).
    """
    logger = get_run_logger()
    year, as_of = resolve_dates(year, as_of)
    url = resolve_url(database_url)
    options = dict(options or {})
    started = time.perf_counter()

    module_name = registry.module_name(stage)
    registry.load(stage, module_name)  # a stage not built yet fails before a run is recorded
    init_db(url)  # migrate once here, not in every chunk at once
    flow_run_id = flow_run.get_id()
    run_id = open_run(url, stage=stage, year=year, as_of=as_of, flow_run_id=flow_run_id)
    try:
        codes = list_organizations(url)
        size = chunk_size or auto_chunk_size(len(codes))
        chunks = [_Chunk(i, c) for i, c in enumerate(chunked(codes, size), start=1)]
        logger.info(
            "%s %s (as of %s): run %s, %s organizations in %s chunks",
            stage, year, as_of, run_id, len(codes), len(chunks),
        )  # fmt: skip
        partials, spans = _compute_all(
            stage, module_name, url, chunks, run_id=run_id, year=year, as_of=as_of, options=options
        )
        # quote(): Prefect would walk every nested partial looking for futures (its
        # overloads do not model quote)
        summary, finalized = finalize_stage(  # type: ignore[call-overload]
            module_name,
            url,
            stage=stage,
            run_id=run_id,
            year=year,
            as_of=as_of,
            partials=quote(partials),
            options=options,
        )
        close_run(url, run_id, summary)
    except BaseException as exc:
        failure = _as_stage_failed(stage, exc)
        _record_failure(url, run_id, failure, logger, detail=_detail(exc))
        if isinstance(exc, Exception):
            raise failure from exc
        raise
    logger.info("%s %s completed: run %s", stage, year, run_id)
    return {
        "stage": stage,
        "year": year,
        "as_of": as_of.isoformat(),
        "run_id": run_id,
        "status": "completed",
        "duration_s": round(time.perf_counter() - started, 3),
        "work_s": round(covered_seconds([*spans, finalized]), 3),
        "summary": summary,
        "flow_run_id": flow_run_id,
        "organizations": len(codes),
        "chunks": len(chunks),
    }


def _compute_all(
    stage: str,
    module_name: str,
    url: str,
    chunks: list[_Chunk],
    *,
    run_id: int,
    year: int,
    as_of: date,
    options: dict[str, Any],
) -> tuple[list[Any], list[Span]]:
    """Submit every chunk, wait for all of them (even after a failure); partials in order, spans.

    Waiting for every chunk matters: a chunk still writing after the run is
    marked failed would leave rows under a failed run that nothing deletes.
    """
    total = len(chunks)
    futures: dict[PrefectFuture[Any], _Chunk] = {}
    for chunk in chunks:
        future = compute_chunk.with_options(
            task_run_name=f"{stage} chunk {chunk.index}/{total}"
        ).submit(
            module_name,
            url,
            stage=stage,
            run_id=run_id,
            year=year,
            as_of=as_of,
            org_codes=chunk.codes,
            options=options,
        )
        futures[future] = chunk
    _notify(stage, 0, total)
    partials: dict[int, Any] = {}
    spans: list[Span] = []
    first_error: StageFailed | None = None
    cause: BaseException | None = None
    for done, future in enumerate(as_completed(list(futures)), start=1):
        chunk = futures[future]
        try:
            partials[chunk.index], span = future.result()
            spans.append(span)
        except Exception as exc:
            if first_error is None:
                first_error, cause = _as_stage_failed(stage, exc, chunk.codes), exc
        _notify(stage, done, total)
    if first_error is not None:
        raise first_error from cause
    return [partials[chunk.index] for chunk in chunks], spans


def covered_seconds(spans: Sequence[Span]) -> float:
    """Seconds covered by at least one of the spans (chunks on threads overlap)."""
    total, reach = 0.0, float("-inf")
    for began, ended in sorted(spans):
        if ended > reach:
            total += ended - max(began, reach)
            reach = ended
    return total


#: characters of an error message the one-line failure keeps (the run's `error` keeps more)
MESSAGE_CHARS = 300


def _detail(exc: BaseException) -> str:
    """The root error in full, for the run's record and the log."""
    root = exc.__cause__ if isinstance(exc, StageFailed) and exc.__cause__ else exc
    return f"{type(root).__name__}: {root}"


def _one_line(text: str) -> str:
    """A message for one terminal line: SQLAlchemy's statement and parameters dropped, cut."""
    text = " ".join(text.split()).split(" [SQL: ", 1)[0]
    return text if len(text) <= MESSAGE_CHARS else text[: MESSAGE_CHARS - 1] + "…"


def _as_stage_failed(
    stage: str, exc: BaseException, org_codes: Sequence[str] | None = None
) -> StageFailed:
    if isinstance(exc, StageFailed):
        return exc
    school = getattr(exc, "org_code", None) or getattr(exc, "school", None)
    message = _one_line(f"{type(exc).__name__}: {exc}").rstrip(":")
    if not school and org_codes:
        if len(org_codes) == 1:
            school = org_codes[0]
        else:
            message += f" (in the chunk of organizations {org_codes[0]}…{org_codes[-1]})"
    return StageFailed(stage, message, school=school)


def _record_failure(
    url: str, run_id: int, failure: StageFailed, logger: Any, *, detail: str
) -> None:
    error = str(failure) if detail in str(failure) else f"{failure}\n{detail}"
    try:
        runs.fail_run(url, run_id, error=error)
    except Exception as exc:  # the database itself may be what failed
        logger.error("could not mark run %s failed: %s", run_id, exc)
    logger.error("%s", error)


def run_name(label: str) -> Callable[[], str]:
    """A `flow_run_name` like "needs 2026": the year parameter, or the cycle date's year."""

    def name() -> str:
        params = flow_run.get_parameters()
        as_of = params.get("as_of")
        if isinstance(as_of, str):
            as_of = date.fromisoformat(as_of)
        year, _ = resolve_dates(params.get("year"), as_of)
        return f"{label} {year}"

    name.__name__ = f"{label}_run_name"
    return name
