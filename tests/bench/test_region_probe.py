"""The probe's own reads of /proc: one stat per process, PSS from smaps_rollup."""

import os
import subprocess
import sys
import time

from bench.region_probe import read_cmdline, read_pss, read_stat


def test_stat_gives_parent_cpu_memory_and_a_start_time_that_tells_processes_apart():
    mine = read_stat(os.getpid())
    assert mine is not None and mine.pid == os.getpid() and mine.ppid == os.getppid()
    began = time.process_time()
    while time.process_time() - began < 0.3:
        pass
    again = read_stat(os.getpid())
    assert again is not None and again.started == mine.started
    assert again.cpu_s - mine.cpu_s >= 0.25
    assert mine.rss > 10 * 2**20


def test_a_name_with_spaces_and_parentheses_and_a_process_gone():
    # the name is stat's second field, in parentheses, and may hold both
    code = "open('/proc/self/comm', 'w').write('a (b) c'); import time; time.sleep(5)"
    child = subprocess.Popen([sys.executable, "-c", code])
    try:
        deadline = time.monotonic() + 5
        while (stat := read_stat(child.pid)) is not None and stat.name != "a (b) c":
            assert time.monotonic() < deadline
            time.sleep(0.02)
        assert stat is not None and stat.ppid == os.getpid()
        assert read_cmdline(child.pid)[-1] == code
        pss = read_pss(child.pid)
        assert pss is not None and 0 < pss <= stat.rss
    finally:
        child.kill()
        child.wait()
    assert read_stat(child.pid) is None and read_pss(child.pid) is None
