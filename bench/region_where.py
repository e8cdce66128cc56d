"""Where a region benchmark runs: its database, the machine, the code measured."""

from __future__ import annotations

import os
import platform
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.region_probe import TreeSampler

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def database(backend: str, work_dir: Path, sampler: TreeSampler) -> Iterator[str]:
    """A fresh database: a SQLite file in `work_dir`, or a throwaway PostgreSQL server."""
    if backend == "sqlite":
        yield f"sqlite:///{work_dir / 'region.db'}"
        return
    from sqlalchemy import create_engine, text

    from tests.pg_server import TempPostgres

    server = TempPostgres()
    admin = server.start()
    try:
        assert server.dir is not None
        pid_file = server.dir / "data" / "postmaster.pid"
        sampler.add_root(int(pid_file.read_text().split()[0]))
        engine = create_engine(admin, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("CREATE DATABASE metodist_region"))
        engine.dispose()
        yield admin.rsplit("/", 1)[0] + "/metodist_region"
    finally:
        server.stop()


def machine(load_start: tuple[float, ...], load_end: tuple[float, ...]) -> dict[str, Any]:
    import psutil

    return {
        "cpu_count": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 1024**3, 1),
        "load_start": [round(x, 2) for x in load_start],
        "load_end": [round(x, 2) for x in load_end],
        "python": platform.python_version(),
        "platform": platform.platform(),
        "at": datetime.now().isoformat(timespec="seconds"),
    }


def commit() -> dict[str, Any]:
    """The code measured: HEAD, and whether the working tree differs from it."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()

    head = git("rev-parse", "--short", "HEAD")
    return {
        "commit": head or None,
        "uncommitted_changes": bool(git("status", "--porcelain", "-uno")),
    }
