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


#: every `SharedPool` of this process: one starting its processes stops the others' idle ones
_POOLS: list[SharedPool] = []


class SharedPool:
    """A process pool for every chunk of this process doing one kind of work.

    Users are counted; after the last one leaves the pool waits `linger`
    seconds for the next (a new user cancels the wait, `release()` ends it
    now) and then shuts down, so idle workers (a few hundred MB each for
    WeasyPrint) do not outlive the stage, and a stage's chunks do not each
    pay for new processes. A pool starting stops the other pools' idle ones:
    the rule processes lingering after the recommendations are gone when the
    packets' renderers start.
    `renew_after` tasks (as the users declare them) retire the pool: the next
    user waits until the retired pool's users have left and its processes have
    exited, then starts a fresh one. So workers that grow give their memory
    back, and never more than one pool's processes are alive: a new pool on
    top of a draining one would double the memory and oversubscribe the CPUs.
    Not `max_tasks_per_child`: Python 3.11's pool deadlocks replacing a worker
    under a backlog (gh-115634), and a chunk submits all its tasks at once.
    """

    def __init__(
        self,
        preload: Sequence[str] = (),
        initializer: Callable[[], None] | None = None,
        *,
        renew_after: int | None = None,
        linger: float = 0.0,
        max_tasks_per_child: int | None = None,
    ) -> None:
        self._preload = list(preload)
        self._initializer = initializer
        self._renew_after = renew_after
        self._linger = linger
        self._max_tasks_per_child = max_tasks_per_child  # only for one task at a time
        self._changed = threading.Condition()
        self._pool: ProcessPoolExecutor | None = None
        self._served = 0  # tasks declared on the current pool
        self._users: dict[ProcessPoolExecutor, int] = {}
        self._retired: ProcessPoolExecutor | None = None  # draining: no new pool until it is gone
        self._idle_timer: threading.Timer | None = None
        self._held = threading.local()  # the pools this thread is using (see `_renewal_due`)
        self.pools_started = 0
        _POOLS.append(self)

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

    def _renewal_due(self) -> bool:
        return (
            self._renew_after is not None
            and self._pool is not None
            and self._retired is None
            and self._served >= self._renew_after
            # a thread using the pool itself would wait for itself to leave it
            and self._pool not in getattr(self._held, "pools", ())
        )

    @contextmanager
    def use(self, workers: int, *, tasks: int = 0) -> Iterator[ProcessPoolExecutor]:
        """The pool, for `tasks` tasks the caller is about to submit."""
        held = getattr(self._held, "pools", ())
        started = False
        while True:
            with self._changed:
                self._cancel_idle_timer()
                idle: ProcessPoolExecutor | None = None
                if self._renewal_due():
                    idle, self._pool = self._pool, None
                    self._retired = idle  # others wait until it is gone
                    if idle in self._users:
                        idle = None  # its last user shuts it down
                if idle is None:
                    # a pool this thread still uses is never waited for: it would wait for itself
                    while self._retired is not None and self._retired not in held:
                        self._changed.wait()
                    if self._retired is not None:
                        pool = self._retired
                    else:
                        if self._pool is None:
                            self._pool, self._served = self._start(workers), 0
                            started = True
                        pool = self._pool
                        self._served += tasks
                    self._users[pool] = self._users.get(pool, 0) + 1
                    break
            self._shut_down(idle)
        if started:  # before its processes start (on the first task), outside this lock
            for other in _POOLS:
                if other is not self:
                    other.release(busy=False)
        self._held.pools = (*held, pool)
        try:
            yield pool
        finally:
            self._held.pools = held
            self._leave(pool)

    def _leave(self, pool: ProcessPoolExecutor) -> None:
        with self._changed:
            self._users[pool] -= 1
            if self._users[pool]:
                return
            del self._users[pool]
            if pool is self._pool:
                if self._linger > 0:
                    timer = threading.Timer(self._linger, self._expire, args=(pool,))
                    timer.daemon = True
                    self._idle_timer = timer
                    timer.start()
                    return
                self._retire(pool)
        self._shut_down(pool)

    def _retire(self, pool: ProcessPoolExecutor) -> None:
        """Detach the current pool: the next user waits until it has shut down (lock held)."""
        self._pool = None
        if self._retired is None:
            self._retired = pool

    def _shut_down(self, pool: ProcessPoolExecutor) -> None:
        """Stop `pool`'s processes (unused, or its futures cancelled) and wake who waits."""
        pool.shutdown(wait=True, cancel_futures=True)
        with self._changed:
            if self._retired is pool:
                self._retired = None
                self._changed.notify_all()

    def _cancel_idle_timer(self) -> None:
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None

    def _expire(self, pool: ProcessPoolExecutor) -> None:
        with self._changed:
            # taken again, renewed or released meanwhile: not this timer's to end
            if pool is not self._pool or self._idle_timer is not threading.current_thread():
                return
            self._idle_timer = None
            self._retire(pool)
        self._shut_down(pool)

    def release(self, *, busy: bool = True) -> None:
        """Shut the pool down now if idle, rather than after `linger`. One in use is
        (with `busy`) retired: its last user shuts it down, the next user waits for that
        and gets a fresh one; without `busy` it is left alone."""
        with self._changed:
            pool = self._pool
            if pool is None or (pool in self._users and not busy):
                return
            self._cancel_idle_timer()
            self._retire(pool)
            if pool in self._users:
                return  # its last user shuts it down
        self._shut_down(pool)

    def processes(self) -> int:
        """This pool's worker processes alive now (for tests and benchmarks)."""
        with self._changed:
            pools = {*self._users, *([self._pool] if self._pool is not None else [])}
        # `_processes` is the executor's own table of its workers (None once shut down)
        return sum(
            p.is_alive()
            for pool in pools
            for p in list((getattr(pool, "_processes", None) or {}).values())
        )


def release_idle_pools() -> None:
    """Stop every idle pool's processes now (a stage is done: no chunk will come for them)."""
    for pool in _POOLS:
        pool.release(busy=False)
