"""Freed memory back to the system (`metodist.memory.release_free_memory`)."""

import sys

import pytest

from metodist import memory


def _rss_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_freed_holes_in_the_heap_go_back_to_the_system():
    # 100 KB blocks come from glibc's heap (under its mmap threshold); keeping every other
    # one leaves the freed ones as holes that free() alone never returns
    blocks = [b"m" * 100_000 for _ in range(4_000)]  # written: resident, unlike calloc's
    kept = blocks[::2]
    del blocks
    before = _rss_mib()
    assert memory.release_free_memory() is True
    assert before - _rss_mib() > 100  # of the ~200 MiB freed
    assert len(kept) == 2_000


def test_off_glibc_it_does_nothing(monkeypatch):
    memory._malloc_trim.cache_clear()
    monkeypatch.setattr(sys, "platform", "darwin")
    try:
        assert memory.release_free_memory() is False
    finally:
        memory._malloc_trim.cache_clear()
