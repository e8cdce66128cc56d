"""The stage flows, made by one factory: each step of a run is a Prefect task.

`run_stage_flow` runs `metodist.stages.execute` inside the current flow with
every chunk of organizations on a `compute-chunk` task (tens of schools each,
never a task per teacher: a task run costs Prefect's bookkeeping) and each
bookkeeping step on a task of its own; tasks retry only transient database
errors. A failure reaches the caller as one `StageFailed`, after every chunk
still running has been waited for. `stage_flow` makes a stage's flow.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date
from typing import Any, ParamSpec, TypeVar, get_type_hints

from prefect import Flow, Task, flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State, TaskRun
from prefect.context import TagsContext
from prefect.futures import PrefectFuture, as_completed
from prefect.runtime import flow_run

from flows.executors import chunk_runner
from flows.naming import label_current_run, resolve_dates, run_name
from flows.run_artifacts import PACKETS_PROGRESS_KEY, ChunkProgress, publish_stage_figures
from metodist.config import ConfigError, check_configuration
from metodist.db import database_url as resolve_url
from metodist.db import init_db
from metodist.stages import execute, registry
from metodist.stages.errors import StageFailed, as_stage_failed, is_transient_db_error
from metodist.stages.execute import Span
from metodist.stages.registry import StageRun
from models.enums import Stage

#: waits before the first and the second retry of a transient database error
RETRY_DELAYS: list[float] = [2, 10]

P = ParamSpec("P")
R = TypeVar("R")
StageFlow = Flow[..., dict[str, Any]]
#: what a stage flow publishes after its run: `publish(outcome, database_url)`
Publish = Callable[[dict[str, Any], str | None], None]
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


def retry_on_transient_db_error(task: Any, task_run: TaskRun, state: State) -> bool:
    """`retry_condition_fn`: retry a lost or locked database, nothing else."""
    exc = state.data if isinstance(state.data, BaseException) else None
    if exc is None:
        with suppress(Exception):
            result = state.result(raise_on_failure=False)
            exc = result if isinstance(result, BaseException) else None
    return is_transient_db_error(exc)


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
def compute_chunk(stage: str, run: StageRun, org_codes: list[str]) -> tuple[Any, Span]:
    """One chunk of organizations on any worker (the service is looked up there by name)."""
    return execute.compute_chunk(stage, run, org_codes)


def _as_task(name: str, fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R:
    """A bookkeeping step as a task of the flow, run in the flow's own thread.

    Its arguments stay out of the task's parameters, so Prefect does not walk
    every chunk's partial looking for futures.
    """

    def step() -> R:
        return fn(*args, **kwargs)

    step.__name__ = step.__qualname__ = name.replace("-", "_")
    return db_task(name)(step)()


def chunk_name(stage: str, index: int, total: int, codes: Sequence[str]) -> str:
    """«recommendations chunk 2/8 M01-S06..M01-S10»: which organizations a task holds
    («packets chunk 1/30 centre»: the centre's own documents).

    ASCII «..»: the UI's run graph has no glyph for «…».
    """
    held = codes[0] if len(codes) == 1 else f"{codes[0]}..{codes[-1]}" if codes else "centre"
    return f"{stage} chunk {index + 1}/{total} {held}"


def check_before_running(label: str) -> None:
    """Settings and thresholds checked before a run is recorded or a chunk starts."""
    try:
        check_configuration()
    except ConfigError as exc:
        raise StageFailed(label, f"configuration: {exc}") from None


def _map_on_tasks(stage: str, run: StageRun, chunks: Sequence[list[str]]) -> list[tuple[Any, Span]]:
    """Submit every chunk, wait for all of them (even after a failure); the results in order.

    Waiting for every chunk matters: a chunk still writing after the run is
    marked failed would leave rows under a failed run that nothing deletes.
    """
    total = len(chunks)
    logger = get_run_logger()
    progress = (
        ChunkProgress(PACKETS_PROGRESS_KEY, f"Пакеты {run.year}: доля школ, чьи пакеты готовы.")
        if stage == Stage.packets
        else None
    )
    futures: dict[PrefectFuture[tuple[Any, Span]], int] = {}
    for index, codes in enumerate(chunks):
        future = compute_chunk.with_options(
            task_run_name=chunk_name(stage, index, total, codes)
        ).submit(stage, run, codes)
        futures[future] = index
    _notify(stage, 0, total)
    results: dict[int, tuple[Any, Span]] = {}
    first_error: StageFailed | None = None
    cause: BaseException | None = None
    for done, future in enumerate(as_completed(list(futures)), start=1):
        index = futures[future]
        name = chunk_name(stage, index, total, chunks[index])
        try:
            results[index] = future.result()
        except Exception as exc:
            logger.error("%s: failed: %s", name, " ".join(str(exc).split())[:300])
            if first_error is None:
                first_error, cause = as_stage_failed(stage, exc, chunks[index]), exc
        else:
            began, ended = results[index][1]
            logger.info(
                "%s: %s organizations done in %.1f s (%s of %s chunks finished)",
                name, len(chunks[index]), ended - began, done, total,
            )  # fmt: skip
        _notify(stage, done, total)
        if progress is not None:
            progress.update(done, total)
    if first_error is not None:
        raise first_error from cause
    return [results[index] for index in range(total)]


@contextmanager
def untagged_tasks() -> Iterator[None]:
    """Task runs started inside the block do not take the flow run's tags.

    The flow run keeps its tags (`year:`, `stage:`, `trigger:`, how the UI
    finds it); a task run with tags asks the API for the tags' concurrency
    limits before it starts, a round trip per stage that a chunk, named after
    its stage and organizations, does not need.
    """
    with TagsContext(current_tags=set()):
        yield


def run_stage_flow(
    stage: Stage,
    *,
    year: int | None,
    as_of: date | None,
    chunk_size: int | None = None,
    database_url: str | None = None,
    options: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Run one stage inside the current flow; return what the runner reports.

    `options` go to the stage service (those it takes, e.g. the packets' `out_dir`).
    """
    logger = get_run_logger()
    year, as_of = resolve_dates(year, as_of)
    check_before_running(stage)
    label_current_run(stage, year)
    url = resolve_url(database_url)
    started = time.perf_counter()
    registry.service(stage)  # a stage without a service fails before a run is recorded
    init_db(url)  # migrate once here, not in every chunk at once
    flow_run_id = flow_run.get_id()
    try:
        with untagged_tasks():
            done = execute.execute(
                stage,
                url=url,
                year=year,
                as_of=as_of,
                chunk_size=chunk_size,
                options=options,
                map_chunks=_map_on_tasks,
                step=_as_task,
                flow_run_id=flow_run_id,
                log=logger,
            )
    except StageFailed:
        raise
    except Exception as exc:
        raise as_stage_failed(stage, exc) from exc
    outcome = {
        "stage": stage.value,
        "year": year,
        "as_of": as_of.isoformat(),
        "run_id": done.run_id,
        "status": "completed",
        "duration_s": round(time.perf_counter() - started, 3),
        "work_s": done.work_s,
        "summary": done.summary,
        "flow_run_id": flow_run_id,
        "organizations": done.organizations,
        "chunks": done.chunks,
    }
    publish_stage_figures(outcome)
    return outcome


def stage_flow_options(stage: Stage) -> Callable[[Callable[P, R]], Flow[P, R]]:
    """The `@flow` of a stage: its name, run name and chunk runner (for own parameters)."""
    return flow(name=f"metodist-{stage}", flow_run_name=run_name(stage), task_runner=chunk_runner())


def stage_flow(stage: Stage, module: str, *, publish: Publish | None = None) -> StageFlow:
    """The flow of a stage with the common parameters; `publish(outcome, database_url)` after it.

    `module` is where the flow lives (`flows.needs`): Prefect's deployments
    name the flow by its function's module and name (`flows/needs.py:needs`).
    """

    def run(
        year: int | None = None,
        as_of: date | None = None,
        chunk_size: int | None = None,
        database_url: str | None = None,
    ) -> dict[str, Any]:
        outcome = run_stage_flow(
            stage, year=year, as_of=as_of, chunk_size=chunk_size, database_url=database_url
        )
        if publish is not None:
            publish(outcome, database_url)
        return outcome

    run.__name__ = run.__qualname__ = stage.value
    # resolved here: the postponed annotations ("date | None") would otherwise be looked
    # up in `module`, which has no `date`, when Prefect validates a deployment's parameters
    run.__annotations__ = get_type_hints(run)
    run.__module__ = module
    run.__doc__ = f"Run the {stage} stage for `year` (default: the year of `as_of`, itself today)."
    return stage_flow_options(stage)(run)
