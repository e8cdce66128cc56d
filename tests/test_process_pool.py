"""The shared process pool: one set of workers for a process's chunks, lingering,
released, renewed without two pools' processes alive at once."""

import os
import threading
import time

import psutil
import pytest

from metodist.process_pool import SharedPool


def worker_pids(pool, n: int = 1) -> set[int]:
    return {pool.submit(os.getpid).result() for _ in range(n)}


def gone(pids: set[int], within: float = 10.0) -> bool:
    """True once no process of `pids` runs (a zombie left for the fork server counts as gone)."""
    deadline = time.monotonic() + within
    while any(_runs(pid) for pid in pids):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
    return True


def running(pids: set[int]) -> bool:
    return all(_runs(pid) for pid in pids)


def _runs(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.fixture
def pools():
    made: list[SharedPool] = []

    def make(**options) -> SharedPool:
        made.append(SharedPool(**options))
        return made[-1]

    yield make
    for shared in made:
        shared.release()


def test_chunks_at_once_share_one_pool_and_the_last_one_out_shuts_it(pools):
    shared = pools()
    with shared.use(1) as first, shared.use(1) as second:
        assert first is second  # two chunks in flight: one set of worker processes
        pids = worker_pids(first)
    assert gone(pids)
    with shared.use(1) as third:
        assert third is not first
    assert shared._pool is None and shared._users == {}


def test_a_lingering_pool_serves_the_next_user_with_the_same_processes(pools):
    shared = pools(linger=30)
    with shared.use(1) as first:
        pids = worker_pids(first)
    assert running(pids)  # no user, but waiting for the next one
    with shared.use(1) as again:
        assert again is first and worker_pids(again) == pids
    assert shared.pools_started == 1


def test_a_lingering_pool_stops_after_its_linger(pools):
    shared = pools(linger=0.3)
    with shared.use(1) as pool:
        pids = worker_pids(pool)
    assert gone(pids)
    assert shared._pool is None and shared.processes() == 0


def test_a_new_user_cancels_the_wait(pools):
    shared = pools(linger=1.0)
    with shared.use(1) as pool:
        pids = worker_pids(pool)
    with shared.use(1) as again:
        time.sleep(1.5)  # past the first linger: the wait was cancelled
        assert again is pool and worker_pids(again) == pids
    assert running(pids)  # a fresh linger after this use
    assert gone(pids)


def test_release_stops_a_lingering_pool_now_and_leaves_no_process(pools):
    shared = pools(linger=60)
    with shared.use(2) as pool:
        pids = worker_pids(pool, 4)
    shared.release()
    assert gone(pids, within=0.5)
    assert shared._pool is None and shared.processes() == 0
    with shared.use(1) as fresh:  # released is not closed: the next user gets a new pool
        assert fresh is not pool and fresh.submit(pow, 2, 5).result() == 32


def test_release_of_a_pool_in_use_lets_its_user_finish(pools):
    shared = pools(linger=60)
    with shared.use(1) as pool:
        shared.release()
        assert pool.submit(pow, 3, 2).result() == 9
        pids = worker_pids(pool)
    assert gone(pids)


def test_a_pool_that_served_its_share_is_renewed_for_the_next_user(pools):
    shared = pools(renew_after=3, linger=30)
    with shared.use(1, tasks=2) as first:
        pids = worker_pids(first)
    with shared.use(1, tasks=1) as second:
        assert second is first  # 3 tasks declared: still the first pool's share
    with shared.use(1, tasks=1) as fresh:
        assert fresh is not first
        assert gone(pids, within=0)  # the old processes exited before the new pool started
        assert fresh.submit(pow, 2, 5).result() == 32
    assert shared.pools_started == 2


def test_renewal_waits_for_the_retired_pool_to_drain(pools):
    """Never two pools' processes at once: the next user waits for the old pool's last."""
    shared = pools(renew_after=1)
    got: dict[str, object] = {}
    with shared.use(1, tasks=1) as first:
        old = worker_pids(first)
        waiter = threading.Thread(target=lambda: got.update(pool=_use_once(shared, got)))
        waiter.start()
        time.sleep(0.5)
        assert "pool" not in got and "pids" not in got  # still waiting for this user
        assert first.submit(pow, 2, 3).result() == 8  # the retired pool serves its user
    waiter.join(10)
    assert got["pool"] is not first
    assert got["old_gone"] and got["pids"].isdisjoint(old)
    assert shared.pools_started == 2


def _use_once(shared: SharedPool, got: dict[str, object]) -> object:
    with shared.use(1, tasks=1) as pool:
        got["pids"] = worker_pids(pool)
        got["old_gone"] = shared.processes() == 1  # only this pool's one worker
        return pool


def test_a_thread_already_using_the_pool_is_not_made_to_wait_for_itself(pools):
    shared = pools(renew_after=1)
    with shared.use(1, tasks=1) as first, shared.use(1, tasks=1) as second:
        assert second is first  # renewal waits for the next user of another thread
    with shared.use(1, tasks=1) as third:
        assert third is not first
    assert shared.pools_started == 2 and shared._users == {}


def test_a_pool_starting_stops_another_kinds_idle_processes(pools):
    rules, renderers = pools(linger=60), pools(linger=60)
    with rules.use(1) as pool:
        pids = worker_pids(pool)
    with renderers.use(1) as other:
        assert gone(pids, within=0.5)  # lingering rule processes gone before rendering starts
        assert other.submit(pow, 2, 2).result() == 4
    assert rules._pool is None and running(worker_pids(renderers._pool))


def test_a_pool_starting_leaves_another_kinds_busy_pool_alone(pools):
    rules, renderers = pools(), pools()
    with rules.use(1) as pool:
        pids = worker_pids(pool)
        with renderers.use(1):
            assert running(pids) and pool.submit(pow, 2, 4).result() == 16


def test_a_thread_using_a_retired_pool_is_not_made_to_wait_for_itself(pools):
    shared = pools(renew_after=1)
    with shared.use(1, tasks=1) as first:
        with shared.use(1, tasks=1) as again:  # the same thread: its own pool, no wait
            assert again is first
        shared.release()  # retired while this thread still uses it
        with shared.use(1, tasks=1) as nested:
            assert nested is first and nested.submit(pow, 2, 6).result() == 64
        pids = worker_pids(first)
    assert gone(pids)
    with shared.use(1) as fresh:
        assert fresh is not first


def test_a_finished_stage_stops_every_lingering_pool(pools, tmp_path):
    from metodist.process_pool import release_idle_pools

    lingering, busy = pools(linger=60), pools(linger=60)
    with lingering.use(1) as pool:
        pids = worker_pids(pool)
    with busy.use(1) as working:
        release_idle_pools()
        assert gone(pids, within=0.5)
        assert working.submit(pow, 2, 3).result() == 8  # a pool in use is left alone
