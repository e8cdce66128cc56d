"""Where the chunk tasks run: threads by default, or a Dask cluster.

The default is Prefect's `ThreadPoolTaskRunner`. Stage services that spend
their time in the database run well on threads; the rule engine (experta) is
pure Python and holds the GIL, so for a region it pays to spread chunks over
processes: `dask_address` names a running Dask scheduler, or
`local_dask_workers=N` starts a `LocalCluster` of N single-threaded worker
processes for the duration of a run. Dask workers open the database
themselves, so it must be reachable from them: PostgreSQL for a real
cluster; a SQLite file works for a local cluster (same machine, WAL mode).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar
from urllib.parse import urlsplit

from prefect import Flow
from prefect.task_runners import ThreadPoolTaskRunner

from metodist.config import Settings

P = ParamSpec("P")
R = TypeVar("R")
LOOPBACK = {"127.0.0.1", "localhost", "::1", ""}
LOCAL_PREFIX = "local:"
#: "local:N" → the address of the local cluster this process runs for it (while it runs)
_local_clusters: dict[str, str] = {}


def local_request(workers: int) -> str:
    """What a run records for a local cluster of `workers` processes: «local:4», not a port."""
    return f"{LOCAL_PREFIX}{workers}"


def local_workers(requested: str) -> int | None:
    """N of «local:N», None for a scheduler address; ValueError if N is not a number."""
    if not requested.startswith(LOCAL_PREFIX):
        return None
    workers = int(requested.removeprefix(LOCAL_PREFIX))
    if workers < 1:
        raise ValueError(f"{requested}: expected local:N with N at least 1")
    return workers


def chunk_runner() -> Any:  # a TaskRunner; Prefect's decorator types its futures invariantly
    """The stage flows' default runner: `Settings.chunk_threads` threads, not a thread per task.

    With a thread per chunk, every chunk loads its snapshot at once (memory),
    they fight for the GIL (the work is Python) and for SQLite's one writer
    while holding pooled connections, until the pool times out. A few threads
    still overlap one chunk's database waits with another's work.
    """
    return ThreadPoolTaskRunner(max_workers=Settings().chunk_threads)


def with_task_runner(flow: Flow[P, R], dask_address: str | None) -> Flow[P, R]:
    """The flow with its chunk tasks on the Dask scheduler at `dask_address`, if given."""
    if not dask_address:
        return flow
    from prefect_dask import DaskTaskRunner

    runner: Any = DaskTaskRunner(address=dask_address)  # a TaskRunner of Dask futures
    return flow.with_options(task_runner=runner)


def is_local_address(address: str) -> bool:
    host = urlsplit(address if "://" in address else f"tcp://{address}").hostname or ""
    return host in LOOPBACK


@contextmanager
def dask_scheduler(
    *, address: str | None, local_workers: int | None, quiet: bool = True
) -> Iterator[str | None]:
    """Yield the scheduler address to run on: the given one, a local cluster's, or None."""
    if address and local_workers:
        raise ValueError("give either a Dask scheduler address or a number of local workers")
    if not local_workers:
        yield address
        return
    from distributed import LocalCluster

    request = local_request(local_workers)
    level = logging.CRITICAL if quiet else logging.WARNING
    with LocalCluster(
        n_workers=local_workers,
        threads_per_worker=1,
        processes=True,
        # the scheduler's HTTP server (health, metrics) on a free loopback port:
        # not 0.0.0.0:8787, which may be taken, and the warning about it
        dashboard_address="127.0.0.1:0",
        silence_logs=level,
    ) as cluster:
        _local_clusters[request] = cluster.scheduler_address
        try:
            yield cluster.scheduler_address
        finally:
            _local_clusters.pop(request, None)


@contextmanager
def scheduler_for(requested: str | None, quiet: bool = True) -> Iterator[str | None]:
    """The scheduler address for what a run was asked (its `dask_address` parameter).

    An address is used as it is; «local:N» is the local cluster this process
    already runs for it (the CLI's), or one started for the block (a
    deployment run of the cycle with `dask_address: local:4`).
    """
    if not requested or local_workers(requested) is None:
        yield requested
        return
    if requested in _local_clusters:
        yield _local_clusters[requested]
        return
    with dask_scheduler(address=None, local_workers=local_workers(requested), quiet=quiet) as a:
        yield a
