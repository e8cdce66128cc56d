"""The runner the CLI calls: outcomes, progress, one-line failures, quiet output."""

import json
import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from flows.runner import StageFailed, StageOutcome, run_cycle, run_stage
from metodist.db import session_scope
from metodist.stages import registry
from models import CycleRun
from tests.flows.conftest import FAILING, FAKES, ORGS, add_municipality

ROOT = Path(__file__).resolve().parents[2]
AS_OF = date(2026, 11, 15)


def test_run_stage_returns_its_outcome_and_reports_progress(sqlite_url, fake_stages, capfd):
    add_municipality(sqlite_url)
    progress: list[tuple[str, int, int]] = []
    outcome = run_stage(
        "needs",
        year=2026,
        as_of=AS_OF,
        database_url=sqlite_url,
        chunk_size=3,
        on_progress=lambda *args: progress.append(args),
    )
    assert isinstance(outcome, StageOutcome)
    assert (outcome.stage, outcome.status, outcome.year) == ("needs", "completed", 2026)
    assert outcome.run_id and outcome.flow_run_id and outcome.duration_s > 0
    assert outcome.summary["organizations"] == len(ORGS) and outcome.chunks == 3
    assert progress[0] == ("needs", 0, 3) and progress[-1] == ("needs", 3, 3)
    assert [done for _, done, _ in progress] == [0, 1, 2, 3]
    assert "Finished in state" not in capfd.readouterr().err  # quiet by default


def test_a_failing_stage_is_one_stage_failed(sqlite_url, fake_stages, capfd):
    add_municipality(sqlite_url)
    with (
        registry.use("attestation", FAILING),
        pytest.raises(StageFailed) as caught,
    ):
        run_stage("attestation", year=2026, as_of=AS_OF, database_url=sqlite_url)
    assert str(caught.value) == (
        "stage attestation failed (school o03): BadData: teacher t-o03-1 has no subjects"
    )
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Finished in state" not in err


def test_run_cycle_returns_an_outcome_per_stage(sqlite_url, fake_stages):
    add_municipality(sqlite_url, orgs=["o01", "o02"])
    seen: set[str] = set()
    outcomes = run_cycle(
        year=2026,
        as_of=AS_OF,
        database_url=sqlite_url,
        stages=["needs", "monitoring"],
        on_progress=lambda stage, done, total: seen.add(stage),
    )
    assert [o.stage for o in outcomes] == ["needs", "monitoring"] == sorted(seen, reverse=True)


def test_unknown_stages_and_misused_options_fail_before_running(sqlite_url):
    with pytest.raises(StageFailed, match="no such stage"):
        run_stage("audit", year=2026, database_url=sqlite_url)
    with pytest.raises(StageFailed, match="either a Dask scheduler address or"):
        run_stage(
            "needs",
            year=2026,
            database_url=sqlite_url,
            dask_address="tcp://127.0.0.1:8786",
            local_dask_workers=2,
        )


@pytest.mark.slow
def test_a_fresh_process_on_the_embedded_api_prints_nothing_of_prefect(
    tmp_path, sqlite_url, prefect_harness
):
    """As a coordinator's command: no PREFECT_API_URL, Prefect's own API started and stopped.

    PREFECT_HOME gets a copy of the harness's migrated database, as after a
    coordinator's first run (a fresh one would spend tens of seconds on migrations).
    """
    add_municipality(sqlite_url)
    home = tmp_path / "prefect-home"
    home.mkdir()
    with sqlite3.connect(prefect_harness) as src, sqlite3.connect(home / "prefect.db") as dst:
        src.backup(dst)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["PREFECT_HOME"] = str(home)
    env.pop("DO_NOT_TRACK", None)  # the runner's own defaults must switch telemetry off
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.flows.run_quietly",
            sqlite_url,
            f"needs={FAKES}.stage",
            f"monitoring={FAKES}.failing",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    # no logs, no tracebacks, no shutdown noise, no telemetry errors: only our line
    assert done.stderr == "" and done.returncode == 1, done.stdout + done.stderr
    [line] = done.stdout.splitlines()
    failed = json.loads(line)
    assert failed["failed"] == (
        "stage monitoring failed (school o03): BadData: teacher t-o03-1 has no subjects"
    )
    assert failed["api_startup_s"] > 0 and (home / "metodist-api.log").exists()
    with session_scope(sqlite_url) as s:
        runs = {r.stage: r for r in s.exec(select(CycleRun))}
    assert runs["needs"].status == "completed" and runs["needs"].flow_run_id
    assert runs["monitoring"].status == "failed"


def test_only_loopback_dask_schedulers_count_as_local():
    from flows.executors import is_local_address

    assert is_local_address("tcp://127.0.0.1:8786") and is_local_address("localhost:8786")
    assert not is_local_address("tcp://scheduler.rono.local:8786")


def test_stage_flows_run_their_chunks_on_a_few_threads_not_one_per_chunk(monkeypatch):
    # Prefect's default starts a thread per task: a region's chunks all at once
    # exhausted the connection pool. Each stage flow bounds its threads.
    import importlib

    from prefect.task_runners import ThreadPoolTaskRunner

    from flows.executors import chunk_runner
    from metodist.config import Settings
    from models.enums import Stage

    for stage in Stage:
        flow = getattr(importlib.import_module(f"flows.{stage.value}"), stage.value)
        runner = flow.task_runner
        assert isinstance(runner, ThreadPoolTaskRunner), stage
        assert runner._max_workers == Settings().chunk_threads, stage
    monkeypatch.setenv("METODIST_CHUNK_THREADS", "2")
    assert chunk_runner()._max_workers == 2


def test_runs_in_this_process_have_no_heartbeat_and_its_settings_are_made_once(monkeypatch):
    """Copying Prefect's settings re-reads the environment: once for the settings in force."""
    from prefect.settings import (
        PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
        Settings,
        get_current_settings,
        temporary_settings,
    )

    from flows.environment import in_process_runs

    copies: list[object] = []
    copy = Settings.copy_with_update

    def counted(self, *args, **kwargs):
        copies.append(self)
        return copy(self, *args, **kwargs)

    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: 60}):
        outer = get_current_settings()
        monkeypatch.setattr(Settings, "copy_with_update", counted)
        seen = []
        for _ in range(3):
            with in_process_runs():
                seen.append(get_current_settings())
                with in_process_runs():  # already without heartbeats: nothing to do
                    assert get_current_settings() is seen[-1]
        assert get_current_settings() is outer
    assert [s.flows.heartbeat_frequency for s in seen] == [None, None, None]
    assert seen[0] is seen[1] is seen[2]
    assert copies == [outer]
