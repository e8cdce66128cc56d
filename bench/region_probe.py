"""CPU seconds and memory of a process tree, sampled from a background thread.

The region benchmark runs work in other processes: Prefect's embedded API
(a uvicorn subprocess), the packets' rendering pool (forkserver workers,
grandchildren of this process, which `RUSAGE_CHILDREN` does not see until
the fork server exits) and, on PostgreSQL, the server's processes (started
by `pg_ctl`, so not our descendants: they are passed as extra roots).

Every `interval` seconds the sampler walks the tree (psutil) and keeps, per
process (pid and start time, so a reused pid is another process), the last
CPU seconds seen (user + system). A window's CPU is the sum over processes of
last value at its end minus the value at its start (0 for a process born in
the window). A process that exits loses at most its last `interval` of CPU.
The sampler's own thread is subtracted from this process's CPU.

Memory is sampled as PSS (proportional set size, psutil's
`memory_full_info`, from /proc/PID/smaps_rollup): a page shared by n
processes counts 1/n in each, so the tree's sum is the memory it takes (the
rendering workers share the fork server's preloaded libraries). Reading
smaps_rollup walks a process's page tables (~0.5–3 ms a process), so PSS is
sampled every `pss_interval` seconds (default 2 s: ~1.6 ms a process, ~3% of
a core at 1 s with a PostgreSQL server's processes) and at every mark; RSS,
cheap, at every sample. A window's peak is the largest sum sampled in it;
the RSS sum, an upper bound, is kept beside it. Each sample also counts the
tree's Python processes per role (a render pool started inside a Dask worker
shows as more "dask" Python processes than workers; the compilers ctypes runs
to find WeasyPrint's libraries are not Python).
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from types import TracebackType

import psutil

#: which part of the run a process is: this one, Prefect's API, pool workers, Dask, the database
ROLES = ("main", "api", "workers", "dask", "db")

Key = tuple[int, float]


def role_of(cmdline: list[str], *, extra: bool) -> str:
    """ "api" for Prefect's server, "db" for a database server's processes, else "workers"."""
    if extra:
        return "db"
    text = " ".join(cmdline)
    if "prefect.server" in text or "uvicorn" in text:
        return "api"
    return "workers"


def _descendants(pid: int) -> list[int]:
    """Pids below `pid`, from each thread's /proc children list (no scan of every process)."""
    found: list[int] = []
    todo = [pid]
    while todo:
        parent = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:  # gone, or not Linux: psutil's scan of every process
            if not os.path.exists("/proc/self/task"):
                return [c.pid for c in _children_scan(pid)]
            continue
        for tid in tasks:
            try:
                with open(f"/proc/{parent}/task/{tid}/children") as f:
                    kids = [int(k) for k in f.read().split()]
            except OSError:
                continue
            found += kids
            todo += kids
    return found


def _children_scan(pid: int) -> list[psutil.Process]:
    try:
        return list(psutil.Process(pid).children(recursive=True))
    except psutil.Error:
        return []


@dataclass(frozen=True, slots=True)
class Mark:
    """A point of the run: when, CPU seconds per process, and the sample index."""

    t: float
    cpu: dict[Key, float]
    index: int


@dataclass(frozen=True, slots=True)
class Window:
    wall_s: float
    cpu_s: float
    cpu_by_role: dict[str, float]
    peak_rss_mb: float
    peak_rss_by_role_mb: dict[str, float]
    samples: int
    peak_pss_mb: float | None = None
    peak_pss_by_role_mb: dict[str, float] | None = None
    peak_python_processes: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "wall_s": round(self.wall_s, 3),
            "cpu_s": round(self.cpu_s, 3),
            "cpu_by_role_s": {k: round(v, 3) for k, v in self.cpu_by_role.items()},
            "peak_rss_mb": round(self.peak_rss_mb, 1),
            "peak_rss_by_role_mb": {k: round(v, 1) for k, v in self.peak_rss_by_role_mb.items()},
            "samples": self.samples,
            "peak_pss_mb": None if self.peak_pss_mb is None else round(self.peak_pss_mb, 1),
            "peak_pss_by_role_mb": (
                None
                if self.peak_pss_by_role_mb is None
                else {k: round(v, 1) for k, v in self.peak_pss_by_role_mb.items()}
            ),
            "peak_python_processes": dict(self.peak_python_processes),
        }


@dataclass
class _Sample:
    t: float
    rss: dict[str, int] = field(default_factory=dict)
    pss: dict[str, int] | None = None
    processes: dict[str, int] = field(default_factory=dict)


class TreeSampler:
    """Samples this process's tree (and `extra_roots`' trees) every `interval` seconds."""

    def __init__(self, interval: float = 0.2, pss_interval: float = 2.0) -> None:
        self.interval = interval
        self.pss_interval = pss_interval
        self._last_pss = -float("inf")
        self._pinned: dict[int, str] = {}  # pid → role given by the caller (Dask workers)
        self._root = psutil.Process(os.getpid())
        self._extra: list[int] = []
        self._procs: dict[Key, psutil.Process] = {}
        self._roles: dict[Key, str] = {}
        self._cpu: dict[Key, float] = {}
        self._samples: list[_Sample] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._own_cpu_s = 0.0  # the sampler thread's CPU, not the benchmark's
        self.sample_seconds = 0.0
        self.pss_samples = 0
        #: the command lines seen per role (the first 20), to tell what a process was
        self.commands: dict[str, set[str]] = {}
        self.pss_cpu_s = 0.0  # CPU spent reading PSS (part of own_cpu_s)

    def add_root(self, pid: int) -> None:
        """Also sample `pid` and its descendants (a server this process did not fork)."""
        with self._lock:
            self._extra.append(pid)

    def pin_role(self, pids: list[int], role: str) -> None:
        """Count `pids` (and their descendants seen later) as `role`, e.g. Dask's workers."""
        with self._lock:
            for pid in pids:
                self._pinned[pid] = role
            for key in self._roles:
                if key[0] in self._pinned:
                    self._roles[key] = role

    def __enter__(self) -> TreeSampler:
        self.sample()
        self._thread = threading.Thread(target=self._loop, name="tree-sampler", daemon=True)
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def _tree(self) -> list[tuple[psutil.Process, bool]]:
        procs: list[tuple[psutil.Process, bool]] = [(self._root, False)]
        roots = [(self._root, False)]
        for pid in self._extra:
            try:
                proc = psutil.Process(pid)
            except psutil.Error:
                continue
            procs.append((proc, True))
            roots.append((proc, True))
        for root, extra in roots:
            for pid in _descendants(root.pid):
                try:
                    procs.append((psutil.Process(pid), extra))
                except psutil.Error:
                    continue
        return procs

    def sample(self, *, pss: bool = False) -> None:
        """Take one sample now (any thread); with PSS if asked or `pss_interval` has passed."""
        began, thread_cpu = time.perf_counter(), time.thread_time()
        with self._lock:
            with_pss = pss or began - self._last_pss >= self.pss_interval
            rss: dict[str, int] = dict.fromkeys(ROLES, 0)
            pss_sum: dict[str, int] = dict.fromkeys(ROLES, 0)
            count: dict[str, int] = dict.fromkeys(ROLES, 0)
            pss_time = 0.0
            roles_now: dict[int, str] = {}
            for proc, extra in self._tree():
                try:
                    with proc.oneshot():
                        key = (proc.pid, proc.create_time())
                        times = proc.cpu_times()
                        python = proc.name().startswith("python")
                        mem = proc.memory_info().rss
                        # every time: a child just forked still has its parent's command line
                        self._roles[key] = self._role(proc, extra, roles_now)
                        if with_pss:
                            t0 = time.thread_time()
                            pss_sum[self._roles[key]] += proc.memory_full_info().pss
                            pss_time += time.thread_time() - t0
                except psutil.Error:  # exited since the walk: its last value stays
                    continue
                role = roles_now[proc.pid] = self._roles[key]
                cpu = times.user + times.system
                if proc.pid == self._root.pid:
                    cpu -= self._own_cpu_s
                self._cpu[key] = cpu
                rss[role] += mem
                if python:
                    count[role] += 1
            now = time.perf_counter()
            self._samples.append(_Sample(now, rss, pss_sum if with_pss else None, count))
            if with_pss:
                self._last_pss = began
                self.pss_samples += 1
                self.pss_cpu_s += pss_time
            self._own_cpu_s += time.thread_time() - thread_cpu
            self.sample_seconds += now - began

    def _role(self, proc: psutil.Process, extra: bool, roles_now: dict[int, str]) -> str:
        if proc.pid == self._root.pid:
            return "main"
        if proc.pid in self._pinned:
            return self._pinned[proc.pid]
        # the tree is walked parents first: a Dask worker's children are Dask's too
        if roles_now.get(proc.ppid()) == "dask":
            role = "dask"
        else:
            role = role_of(proc.cmdline(), extra=extra)
        seen = self.commands.setdefault(role, set())
        if len(seen) < 20:
            seen.add(" ".join(proc.cmdline())[:120])
        return role

    def mark(self) -> Mark:
        self.sample(pss=True)
        with self._lock:
            return Mark(time.perf_counter(), dict(self._cpu), len(self._samples) - 1)

    def window(self, start: Mark, end: Mark) -> Window:
        """CPU and peak memory between two marks."""
        by_role = dict.fromkeys(ROLES, 0.0)
        for key, cpu in end.cpu.items():
            by_role[self._roles[key]] += max(0.0, cpu - start.cpu.get(key, 0.0))
        with self._lock:
            samples = self._samples[start.index : end.index + 1]
        peak = max(samples, key=lambda s: sum(s.rss.values()))
        with_pss = [s.pss for s in samples if s.pss is not None]
        mb = 1024 * 1024
        return Window(
            wall_s=end.t - start.t,
            cpu_s=sum(by_role.values()),
            cpu_by_role=by_role,
            peak_rss_mb=sum(peak.rss.values()) / mb,
            peak_rss_by_role_mb={r: max(s.rss[r] for s in samples) / mb for r in ROLES},
            samples=len(samples),
            peak_pss_mb=max(sum(p.values()) for p in with_pss) / mb if with_pss else None,
            peak_pss_by_role_mb=(
                {r: max(p[r] for p in with_pss) / mb for r in ROLES} if with_pss else None
            ),
            peak_python_processes={r: max(s.processes.get(r, 0) for s in samples) for r in ROLES},
        )

    @property
    def samples_taken(self) -> int:
        with self._lock:
            return len(self._samples)

    @property
    def own_cpu_s(self) -> float:
        """CPU seconds the sampler itself used (left out of every window)."""
        return self._own_cpu_s
