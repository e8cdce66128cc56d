"""One pool of worker processes per kind of CPU-bound work, shared by a process's chunks.

The packets' rendering and the recommendations' rule engines are pure Python
or C under the GIL; a stage runs its chunks on threads (Prefect's
`ThreadPoolTaskRunner`), so without processes two cores do one core's work.
Every chunk of a process that needs such work borrows the same pool
(`SharedPool.use`): never more processes than CPUs, whatever the chunks.
Workers come from a `forkserver` that preloads the heavy imports once:
forking this threaded process could deadlock, `spawn` would pay the imports
per worker. On a Dask worker the cluster already spreads chunks over
processes, so there the work runs in the worker itself (`pool_size`).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager


def on_dask_worker() -> bool:
    """True inside a task on a Dask worker process."""
    if "distributed" not in sys.modules:
        return False
    from distributed import get_worker

    try:
        get_worker()
    except ValueError:
        return False
    return True


def pool_size(configured: int | None) -> int:
    """Processes to use: the setting if given, else 1 on a Dask worker, else every CPU."""
    if configured is not None:
        return max(1, configured)
    if on_dask_worker():
        return 1
    return os.cpu_count() or 1


class SharedPool:
    """A process pool for every chunk of this process doing one kind of work.

    Users are counted; the last one out shuts the pool down, so idle workers
    (a few hundred MB each for WeasyPrint) do not outlive the stage.
    `renew_after` tasks (as the users declare them) retire the pool: the next
    user gets a fresh one and the old one shuts down when its last user
    leaves, so workers that grow (C libraries' caches) give their memory back.
    One retired pool at a time: chunks overlap, so renewing again while one
    drains would stack pools (each its own processes and memory).
    Not `max_tasks_per_child`: Python 3.11's pool deadlocks replacing a worker
    under a backlog (gh-115634), and a chunk submits all its tasks at once.
    """

    def __init__(
        self,
        preload: Sequence[str] = (),
        initializer: Callable[[], None] | None = None,
        *,
        renew_after: int | None = None,
        max_tasks_per_child: int | None = None,
    ) -> None:
        self._preload = list(preload)
        self._initializer = initializer
        self._renew_after = renew_after
        self._max_tasks_per_child = max_tasks_per_child  # only for one task at a time
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._served = 0  # tasks declared on the current pool
        self._users: dict[ProcessPoolExecutor, int] = {}
        self.pools_started = 0

    def _start(self, workers: int) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("forkserver")
        # takes effect when the fork server starts, i.e. on the first pool of the process
        context.set_forkserver_preload(self._preload)
        self.pools_started += 1
        return ProcessPoolExecutor(
            workers,
            mp_context=context,
            initializer=self._initializer,
            max_tasks_per_child=self._max_tasks_per_child,
        )

    @contextmanager
    def use(self, workers: int, *, tasks: int = 0) -> Iterator[ProcessPoolExecutor]:
        """The pool, for `tasks` tasks the caller is about to submit."""
        with self._lock:
            renew = (
                self._renew_after is not None
                and self._served >= self._renew_after
                and all(p is self._pool for p in self._users)  # none retired still draining
            )
            if self._pool is None or renew:
                self._pool, self._served = self._start(workers), 0
            pool = self._pool
            self._served += tasks
            self._users[pool] = self._users.get(pool, 0) + 1
        try:
            yield pool
        finally:
            with self._lock:
                self._users[pool] -= 1
                last = self._users[pool] == 0
                if last:
                    del self._users[pool]
                    if self._pool is pool:
                        self._pool = None
            if last:
                pool.shutdown(wait=True, cancel_futures=True)
