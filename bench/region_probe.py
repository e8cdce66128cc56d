"""CPU seconds and memory of a process tree, sampled from a background thread.

The region benchmark runs work in other processes: Prefect's embedded API
(a uvicorn subprocess), the packets' rendering pool (forkserver workers,
grandchildren of this process, which `RUSAGE_CHILDREN` does not see until
the fork server exits) and, on PostgreSQL, the server's processes (started
by `pg_ctl`, so not our descendants: they are passed as extra roots).

Every `interval` seconds (0.5 s) the sampler finds the tree from each
thread's /proc children list and reads one /proc/PID/stat per process: CPU
(user + system), RSS, parent, start time; a process is its pid and start
time, so a reused pid is another process. It keeps each process's last CPU
seconds; a window's CPU is the sum over processes of the last value at its
end minus the value at its start (0 for a process born in the window). A
process that exits loses at most its last `interval` of CPU. The sampler's
own thread is subtracted from this process's CPU. (psutil's objects and
tree walk cost ~8 ms a sample; these reads a fraction of that.)

Memory is sampled as PSS (proportional set size, /proc/PID/smaps_rollup): a
page shared by n processes counts 1/n in each, so the tree's sum is the
memory it takes (the rendering workers share the fork server's preloaded
libraries). Reading smaps_rollup walks a process's page tables (milliseconds
for a worker of a GB), so PSS is sampled every `pss_interval` seconds
(default 5 s) and at every mark (each step's ends); RSS, cheap, at every
sample. A window's peak is the largest sum sampled in it; the RSS sum, an
upper bound, is kept beside it. Each sample also counts the tree's Python
processes per role (a render pool started inside a Dask worker shows as
more "dask" Python processes than workers; the compilers ctypes runs to find
WeasyPrint's libraries are not Python).
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from types import TracebackType

#: which part of the run a process is: this one, Prefect's API, pool workers, Dask, the database
ROLES = ("main", "api", "workers", "dask", "db")
#: samples of a process in which its command line is read again: a child just forked
#: has its parent's until it execs (the API's uvicorn a moment after its fork)
ROLE_SAMPLES = 6

Key = tuple[int, int]  # pid, start time in clock ticks since boot
_TICKS = os.sysconf("SC_CLK_TCK")
_PAGE = os.sysconf("SC_PAGE_SIZE")


def role_of(cmdline: list[str], *, extra: bool) -> str:
    """ "api" for Prefect's server, "db" for a database server's processes, else "workers"."""
    if extra:
        return "db"
    text = " ".join(cmdline)
    if "prefect.server" in text or "uvicorn" in text:
        return "api"
    return "workers"


@dataclass(frozen=True, slots=True)
class ProcStat:
    """What one read of /proc/PID/stat says of a process."""

    pid: int
    ppid: int
    name: str
    cpu_s: float  # user + system
    started: int  # clock ticks after boot
    rss: int  # bytes


def read_stat(pid: int) -> ProcStat | None:
    """The process's /proc/PID/stat, or None if it is gone (or a zombie)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
    except OSError:
        return None
    close = data.rindex(b")")  # the name may hold spaces and parentheses
    fields = data[close + 2 :].split()  # fields[0] is stat's 3rd field, the state
    if fields[0] == b"Z":
        return None
    return ProcStat(
        pid=pid,
        ppid=int(fields[1]),
        name=data[data.index(b"(") + 1 : close].decode(errors="replace"),
        cpu_s=(int(fields[11]) + int(fields[12])) / _TICKS,
        started=int(fields[19]),
        rss=int(fields[21]) * _PAGE,
    )


def read_pss(pid: int) -> int | None:
    """The process's PSS in bytes (/proc/PID/smaps_rollup), None if it is gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            data = f.read()
    except OSError:
        return None
    at = data.find(b"\nPss:")
    return int(data[at + 5 :].split(maxsplit=1)[0]) * 1024 if at >= 0 else None


def read_cmdline(pid: int) -> list[str]:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().decode(errors="replace").split("\0")[:-1]
    except OSError:
        return []


def _descendants(pid: int) -> list[int]:
    """Pids below `pid`, parents first, from each thread's /proc children list."""
    found: list[int] = []
    todo = [pid]
    while todo:
        parent = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:  # gone
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

    def __init__(self, interval: float = 0.5, pss_interval: float = 5.0) -> None:
        if not os.path.exists("/proc/self/task"):
            raise RuntimeError("the probe reads /proc: Linux only")
        self.interval = interval
        self.pss_interval = pss_interval
        self._last_pss = -float("inf")
        self._pinned: dict[int, str] = {}  # pid → role given by the caller (Dask workers)
        self._root = os.getpid()
        self._extra: list[int] = []
        self._roles: dict[Key, str] = {}
        self._seen: dict[Key, int] = {}  # samples each process was in
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

    def _tree(self) -> list[tuple[int, bool]]:
        """Every pid of the tree, parents first, and whether it is below an extra root."""
        pids = [(self._root, False)]
        for root, extra in [(self._root, False), *((pid, True) for pid in self._extra)]:
            if extra:
                pids.append((root, True))
            pids += [(pid, extra) for pid in _descendants(root)]
        return pids

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
            for pid, extra in self._tree():
                stat = read_stat(pid)
                if stat is None:  # exited since the walk: its last value stays
                    continue
                key = (pid, stat.started)
                role = roles_now[pid] = self._role(key, stat, extra, roles_now)
                if with_pss:
                    t0 = time.thread_time()
                    pss_sum[role] += read_pss(pid) or 0
                    pss_time += time.thread_time() - t0
                cpu = stat.cpu_s
                if pid == self._root:
                    cpu -= self._own_cpu_s
                self._cpu[key] = cpu
                rss[role] += stat.rss
                if stat.name.startswith("python"):
                    count[role] += 1
            now = time.perf_counter()
            self._samples.append(_Sample(now, rss, pss_sum if with_pss else None, count))
            if with_pss:
                self._last_pss = began
                self.pss_samples += 1
                self.pss_cpu_s += pss_time
            self._own_cpu_s += time.thread_time() - thread_cpu
            self.sample_seconds += now - began

    def _role(self, key: Key, stat: ProcStat, extra: bool, roles_now: dict[int, str]) -> str:
        seen = self._seen[key] = self._seen.get(key, 0) + 1
        known = self._roles.get(key)
        if known is not None and seen > ROLE_SAMPLES:
            return known
        if stat.pid == self._root:
            role = "main"
        elif stat.pid in self._pinned:
            role = self._pinned[stat.pid]
        # the tree is walked parents first: a Dask worker's children are Dask's too
        elif roles_now.get(stat.ppid) == "dask":
            role = "dask"
        else:
            cmdline = read_cmdline(stat.pid)
            role = role_of(cmdline, extra=extra)
            commands = self.commands.setdefault(role, set())
            if len(commands) < 20:
                commands.add(" ".join(cmdline)[:120])
        self._roles[key] = role
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
