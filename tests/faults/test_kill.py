"""SIGKILL a real `metodist` process during an import, a stage and packets; nothing is lost.

On SQLite and PostgreSQL, a command is killed at a known point (`hold.py`):
the previous results and files must be intact and readable, no process of the
command may be left (the embedded Prefect API, render workers), and the next
run must succeed. Bounded: two small organizations, one render worker, the
session's Prefect test API for all but one command (SQLite's stage run starts
and loses its own embedded API).
"""

import csv
import hashlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlmodel import col, select

from metodist.config import get_settings
from metodist.db import session_scope
from metodist.documents.views.reports import REPORTS
from metodist.stages import runs
from metodist.stages.execute import run_in_process
from models import CycleRun, StageOutput
from models.payloads import PacketsManifest
from tests.documents.test_build import AS_OF, YEAR, cycle_database
from tests.importing.helpers import snapshot

pytestmark = pytest.mark.slow
ROOT = Path(__file__).parents[2]
ORGS = {"M01-A01", "M01-D01"}
#: seconds a command may take to reach its point (imports, Prefect) on a loaded machine
REACH_S = 240
#: seconds the command's other processes (API, workers) may take to notice it is gone
ORPHANS_S = 30


@dataclass
class Town:
    url: str
    csv: Path
    out: Path  # METODIST_OUT_DIR
    env: dict[str, str]


def _session_processes(sid: int) -> list[int]:
    """Live processes of the session `sid` (the killed command started it)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[3]) == sid and fields[0] not in ("Z", "X"):
            alive.append(int(stat.parent.name))
    return alive


def kill_at(
    town: Town,
    point: str,
    tmp: Path,
    *args: str,
    embedded_api: bool = False,
    while_held: Callable[[], None] | None = None,
) -> None:
    """Start `metodist ARGS`, SIGKILL it when it reaches `point`; assert nothing of it is left.

    `while_held` runs while the command waits at `point`, before the kill.
    """
    marker = tmp / f"{point}.reached"
    env = dict(town.env)
    if embedded_api:
        env.pop("PREFECT_API_URL", None)
    log = (tmp / f"{point}.log").open("wb")
    command = subprocess.Popen(
        [sys.executable, "-m", "tests.faults.hold", point, str(marker), *args],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + REACH_S
    while not marker.exists():
        if command.poll() is not None or time.monotonic() > deadline:
            command.kill()
            pytest.fail(f"`metodist {' '.join(args)}` never reached {point}: {_tail(tmp, point)}")
        time.sleep(0.2)
    if while_held is not None:
        try:
            while_held()
        except BaseException:
            command.kill()
            raise
    command.send_signal(signal.SIGKILL)
    assert command.wait(timeout=30) == -signal.SIGKILL
    deadline = time.monotonic() + ORPHANS_S
    while (left := _session_processes(command.pid)) and time.monotonic() < deadline:
        time.sleep(0.3)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, f"processes of the killed command left running: {left}"


def run_cli(town: Town, tmp: Path, *args: str, exit_code: int = 0) -> str:
    done = subprocess.run(
        [_metodist(), *args],
        cwd=tmp, env=town.env, capture_output=True, text=True, timeout=REACH_S,
    )  # fmt: skip
    assert done.returncode == exit_code, done.stdout + done.stderr
    return done.stdout + done.stderr


def _metodist() -> str:
    return str(Path(sys.executable).parent / "metodist")


def _tail(tmp: Path, point: str) -> str:
    return (tmp / f"{point}.log").read_text(errors="replace")[-2000:]


def _files(out: Path) -> dict[str, str]:
    """Every published document (packets, reports), by path, as a digest of its bytes."""
    folder = out / str(YEAR)
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(_published(out))
    }


def _published(out: Path) -> list[Path]:
    """The files a head or coordinator opens; a run's hidden staging folder is not among them."""
    folder = out / str(YEAR)
    return [p for sub in ("packets", "reports") for p in (folder / sub).iterdir() if p.is_file()]


def _manifest_matches_the_disk(town: Town) -> int:
    """The latest packets run's manifest names exactly the readable PDFs on disk."""
    with session_scope(town.url) as s:
        run = runs.latest_run(s, year=YEAR, stage="packets")
        assert run is not None
        row = s.exec(
            select(StageOutput).where(
                col(StageOutput.run_id) == run.id, StageOutput.kind == PacketsManifest.KIND
            )
        ).one()
    listed = {Path(f["path"]) for f in row.payload["files"]}
    on_disk = {p.resolve() for p in _published(town.out)}
    assert {p.resolve() for p in listed} == on_disk
    for path in listed:
        assert len(PdfReader(path).pages) > 0, path
    return len(listed)


@pytest.fixture
def town(db_url, tmp_path, monkeypatch, prefect_harness) -> Town:
    """Two organizations through every stage and a first packets run, in this process."""
    from prefect.settings import PREFECT_API_URL

    out = tmp_path / "out"
    monkeypatch.setenv("METODIST_OUT_DIR", str(out))
    monkeypatch.setenv("METODIST_RENDER_WORKERS", "1")
    get_settings.cache_clear()
    cycle_database(db_url, tmp_path / "csv", orgs=ORGS)
    run_in_process(db_url, stage="packets", year=YEAR, as_of=AS_OF)
    env = {
        **os.environ,
        "METODIST_DATABASE_URL": db_url,
        "METODIST_OUT_DIR": str(out),
        "METODIST_RENDER_WORKERS": "1",
        "PREFECT_API_URL": str(PREFECT_API_URL.value()),
        "PYTHONPATH": str(ROOT),
    }
    yield Town(db_url, tmp_path / "csv", out, env)
    get_settings.cache_clear()


def test_a_killed_command_loses_nothing_and_the_next_run_succeeds(town, tmp_path, db_url):
    stage_args = ("run", "needs", "--year", str(YEAR), "--as-of", AS_OF.isoformat())
    # --force: nothing changed since the first run, and a kept packet renders nothing to kill
    packets_args = ("run", "packets", "--year", str(YEAR), "--as-of", AS_OF.isoformat(), "--force")

    # packets: killed with a chunk rendered, nothing published
    files = _files(town.out)
    assert _manifest_matches_the_disk(town) == len(files) == len(ORGS) + len(REPORTS)
    kill_at(town, "packets", tmp_path, *packets_args)
    assert _files(town.out) == files, "files lost or changed: the previous packets must stay"
    _manifest_matches_the_disk(town)
    run_cli(town, tmp_path, *packets_args)
    assert _manifest_matches_the_disk(town) == len(files)
    assert not list((town.out / str(YEAR)).glob(".run-*"))

    # a stage: killed with its results written, the run not completed
    with session_scope(town.url) as s:
        before = runs.latest_run(s, year=YEAR, stage="needs")
        outputs = [
            o.payload for o in s.exec(select(StageOutput).where(StageOutput.run_id == before.id))
        ]

    def second_run_at_once() -> None:
        said = run_cli(town, tmp_path, *stage_args, exit_code=1).strip()
        assert said.startswith("Error: stage needs 2026 is already running (run "), said
        assert len(said.splitlines()) == 1 and "Traceback" not in said, said

    kill_at(
        town, "stage", tmp_path, *stage_args,
        embedded_api=db_url.startswith("sqlite"), while_held=second_run_at_once,
    )  # fmt: skip
    with session_scope(town.url) as s:
        assert runs.latest_run(s, year=YEAR, stage="needs").id == before.id
        kept = [
            o.payload for o in s.exec(select(StageOutput).where(StageOutput.run_id == before.id))
        ]
        killed = s.exec(
            select(CycleRun).where(CycleRun.stage == "needs", CycleRun.status == "running")
        ).one()
    assert kept == outputs
    run_cli(town, tmp_path, *stage_args)
    with session_scope(town.url) as s:
        assert runs.latest_run(s, year=YEAR, stage="needs").id > killed.id
        assert "interrupted" in (s.get(CycleRun, killed.id).error or "")

    # an import: killed with every row written and the transaction open
    rows = snapshot(town.url)
    teachers = town.csv / "teachers.csv"
    lines = list(csv.reader(teachers.open(encoding="utf-8-sig")))
    name = lines[0].index("full_name")
    lines[1][name] = "Переименованная Анна Петровна"
    with teachers.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(lines)
    kill_at(town, "import", tmp_path, "import", str(town.csv))
    lost = {t: len(r) - len(snapshot(town.url)[t]) for t, r in rows.items()}
    assert snapshot(town.url) == rows, f"rows changed by a killed import: {lost}"
    run_cli(town, tmp_path, "import", str(town.csv))
    assert "Переименованная Анна Петровна" in str(snapshot(town.url)["teacher"])
