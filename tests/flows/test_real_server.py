"""Against a real `prefect server start`: `prefect deploy --all`, the server's scheduler,
a process worker and a served stage flow run.

The server runs on a free loopback port with its own PREFECT_HOME and
telemetry off, once for the module. Its database starts as a copy of the
session harness's, which Prefect has already migrated: a fresh one would spend
tens of seconds on migrations. Its scheduler looks every few seconds and a year
ahead, so every scheduled deployment gets its next runs whatever the date.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import WorkPoolCreate
from prefect.client.schemas.filters import (
    FlowRunFilter,
    FlowRunFilterDeploymentId,
    FlowRunFilterState,
    FlowRunFilterStateType,
)
from prefect.client.schemas.objects import Deployment, FlowRun, StateType
from prefect.deployments import run_deployment
from prefect.exceptions import ObjectNotFound
from prefect.settings import PREFECT_API_URL, temporary_settings
from sqlmodel import select

from flows.environment import free_port
from flows.upcoming import name_scheduled_runs
from metodist import db
from metodist.db import session_scope
from metodist.stages.registry import STAGES
from models import CycleRun
from tests.flows.conftest import FAKES, add_municipality

ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 120
SCHEDULER_TIMEOUT = 60
MOSCOW = ZoneInfo("Europe/Moscow")
SCHEDULED_STAGES = set(STAGES)  # every stage has a schedule in prefect.yaml; the cycle none


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a process this test started, with its children (it leads its own session)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _spawn(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with open(log, "wb") as out:
        return subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-3000:] if log.exists() else f"({log} missing)"


def _wait_for_deployment(name: str, served: subprocess.Popen[bytes], log: Path) -> None:
    """`flow.serve` registers its deployment once its process has imported everything."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    with get_client(sync_client=True) as client:
        while True:
            try:
                client.read_deployment_by_name(name)
                return
            except ObjectNotFound:
                pass
            if served.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"{name} was not served:\n" + _tail(log))
            time.sleep(0.5)


def _scheduled_runs(deployment: Deployment) -> list[FlowRun]:
    with get_client(sync_client=True) as client:
        return client.read_flow_runs(
            flow_run_filter=FlowRunFilter(
                deployment_id=FlowRunFilterDeploymentId(any_=[deployment.id]),
                state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED])),
            )
        )


def _next_moscow(month: int, day: int, now: datetime) -> datetime:
    """The next `day`.`month` 07:00 Moscow time after `now` (a yearly cron of prefect.yaml)."""
    for year in (now.year, now.year + 1):
        at = datetime(year, month, day, 7, tzinfo=MOSCOW)
        if at > now:
            return at
    raise AssertionError("unreachable")


@pytest.fixture(scope="module")
def server_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("real-server")


@pytest.fixture(scope="module")
def prefect_server(server_dir: Path, prefect_harness: str) -> Iterator[tuple[str, dict[str, str]]]:
    """A `prefect server start` process; yields its API URL and the environment for clients."""
    tmp_path = server_dir
    home = tmp_path / "prefect-home"
    home.mkdir()
    database = home / "prefect.db"
    with sqlite3.connect(prefect_harness) as src, sqlite3.connect(database) as dst:
        src.backup(dst)
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("PREFECT_") or k == "PREFECT_HOME"
    }
    env |= {
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{database}",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        # the scheduler: a pass every 2 s (recently deployed: every second), a year ahead
        "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "2",
        "PREFECT_SERVER_SERVICES_SCHEDULER_RECENT_DEPLOYMENTS_LOOP_SECONDS": "1",
        "PREFECT_SERVER_SERVICES_SCHEDULER_MAX_SCHEDULED_TIME": "P400D",
    }
    server = _spawn(
        [
            sys.executable,
            "-m",
            "prefect",
            "server",
            "start",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-ui",
            "--analytics-off",
        ],
        env,
        tmp_path / "server.log",
    )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            try:
                if httpx.get(f"{api_url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("prefect server did not start:\n" + _tail(tmp_path / "server.log"))
            time.sleep(0.3)
        yield api_url, env | {"PREFECT_API_URL": api_url}
    finally:
        _stop(server)


@pytest.fixture
def api(prefect_server: tuple[str, dict[str, str]]) -> Iterator[dict[str, str]]:
    """This process's client on the real server; yields the environment for subprocesses."""
    api_url, env = prefect_server
    with temporary_settings(updates={PREFECT_API_URL: api_url}):
        yield env


@pytest.fixture(scope="module")
def deployed(prefect_server: tuple[str, dict[str, str]]) -> dict[str, Deployment]:
    """The work pool, and prefect.yaml deployed as a coordinator does; the deployments by name."""
    api_url, env = prefect_server
    with temporary_settings(updates={PREFECT_API_URL: api_url}):
        with get_client(sync_client=True) as client:
            client.create_work_pool(WorkPoolCreate(name="metodist", type="process"))
        deploy = subprocess.run(
            [sys.executable, "-m", "prefect", "--no-prompt", "deploy", "--all"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=180,
        )  # fmt: skip
        assert deploy.returncode == 0, deploy.stdout[-3000:] + deploy.stderr[-3000:]
        with get_client(sync_client=True) as client:
            return {d.name: d for d in client.read_deployments()}


@pytest.mark.slow
def test_deploy_all_registers_every_deployment_of_prefect_yaml(deployed):
    assert set(deployed) == {*STAGES, "cycle", "name-upcoming-runs"}
    monitoring = deployed["monitoring"]
    assert monitoring.entrypoint == "flows/monitoring.py:monitoring"
    assert monitoring.work_pool_name == "metodist"
    [schedule] = monitoring.schedules
    assert schedule.slug == "monitoring-20-november"
    assert schedule.schedule.timezone == "Europe/Moscow"  # type: ignore[union-attr]
    assert deployed["cycle"].schedules == []


@pytest.mark.slow
def test_the_servers_scheduler_creates_the_runs_of_every_scheduled_stage(api, deployed, server_dir):
    now = datetime.now(UTC)
    scheduled = {stage: deployed[stage] for stage in SCHEDULED_STAGES}
    runs: dict[str, list[FlowRun]] = {}
    deadline = time.monotonic() + SCHEDULER_TIMEOUT
    while len(runs) < len(scheduled):
        runs |= {stage: found for stage, d in scheduled.items() if (found := _scheduled_runs(d))}
        if time.monotonic() > deadline:
            pytest.fail(
                f"no scheduled runs for {sorted(set(scheduled) - set(runs))} after "
                f"{SCHEDULER_TIMEOUT} s:\n" + _tail(server_dir / "server.log")
            )
        time.sleep(1)

    for stage, stage_runs in runs.items():
        for run in stage_runs:
            # made by the server's scheduler from the deployment's schedule
            assert run.auto_scheduled, (stage, run)
            assert run.created_by is not None and run.created_by.type == "SCHEDULE"
            assert run.created_by.display_value == scheduled[stage].schedules[0].slug
            assert run.expected_start_time is not None and run.expected_start_time > now
    # "0 7 10 12 *" in Moscow: the next 10 December at 07:00, then the one a year on
    packets = sorted(run.expected_start_time.astimezone(MOSCOW) for run in runs["packets"])  # type: ignore[union-attr]
    assert packets[0] == _next_moscow(12, 10, now)
    assert {(at.month, at.day, at.hour, at.minute) for at in packets} == {(12, 10, 7, 0)}
    assert runs["packets"][0].parameters == {
        "chunk_size": None,
        "database_url": None,
        "out_dir": None,
    }
    assert not _scheduled_runs(deployed["cycle"])

    # `metodist schedule`: the upcoming runs named from stage, year and the day they are due
    named = name_scheduled_runs()
    assert len(named) >= sum(len(r) for r in runs.values())
    [first_packets] = [
        r for r in _scheduled_runs(deployed["packets"]) if r.id == runs["packets"][0].id
    ]
    due = first_packets.expected_start_time.astimezone(MOSCOW)  # type: ignore[union-attr]
    assert first_packets.name == f"packets {due.year} ({due:%d.%m.%Y})"
    assert {f"year:{due.year}", "stage:packets", "trigger:schedule", "metodist"} <= set(
        first_packets.tags
    )
    for stage in SCHEDULED_STAGES:
        for run in _scheduled_runs(deployed[stage]):
            assert run.name.startswith(f"{stage} "), run.name
    # named once: a second pass renames none of them again
    again = {n.name for n in name_scheduled_runs()}
    assert not again & {n.name for n in named}


@pytest.mark.slow
def test_a_process_worker_completes_a_run_of_a_stage_deployment(api, deployed, tmp_path):
    url = f"sqlite:///{tmp_path / 'metodist.db'}"
    db.init_db(url)
    add_municipality(url)
    log = tmp_path / "worker.log"
    # the worker's environment gives the database, as prefect.yaml says
    worker_env = api | {
        "METODIST_DATABASE_URL": url,
        "METODIST_OUT_DIR": str(tmp_path / "out"),
        "METODIST_STAGE_MODULES": f"needs={FAKES}.stage",
        "PREFECT_WORKER_QUERY_SECONDS": "1",
    }
    worker = _spawn(
        [sys.executable, "-m", "prefect", "worker", "start",
         "--pool", "metodist", "--type", "process", "--name", "test-worker"],
        worker_env, log,
    )  # fmt: skip
    try:
        flow_run = run_deployment(
            "metodist-needs/needs",
            parameters={"year": 2026, "as_of": date(2026, 11, 15)},
            timeout=120,
        )
    finally:
        _stop(worker)
    assert flow_run.state is not None and flow_run.state.is_completed(), (
        f"{flow_run.state}\n" + _tail(log)
    )
    assert flow_run.infrastructure_pid  # the process the worker started for it
    # renamed from its parameters when it started (flow_run_name of the stage flow)
    assert flow_run.name == "needs 2026 (15.11.2026)"
    # started by hand from the deployment (the UI's «Run»), not by its schedule
    assert {"year:2026", "stage:needs", "trigger:manual"} <= set(flow_run.tags)
    with session_scope(url) as s:
        [run] = s.exec(select(CycleRun)).all()
    assert run.status == "completed" and run.flow_run_id == str(flow_run.id)


@pytest.mark.slow
def test_a_served_stage_flow_run_on_a_real_server(api, tmp_path):
    url = f"sqlite:///{tmp_path / 'metodist.db'}"
    db.init_db(url)
    add_municipality(url)
    log = tmp_path / "serve.log"
    served = _spawn(
        [sys.executable, "-m", "tests.flows.serve_stage", "needs", "served"],
        api | {"METODIST_STAGE_MODULES": f"needs={FAKES}.stage"},
        log,
    )
    try:
        _wait_for_deployment("metodist-needs/served", served, log)
        flow_run = run_deployment(
            "metodist-needs/served",
            parameters={"year": 2026, "as_of": date(2026, 11, 15), "database_url": url},
            timeout=90,
        )
    finally:
        _stop(served)
    assert flow_run.state is not None and flow_run.state.is_completed(), (
        f"{flow_run.state}\n" + _tail(log)
    )
    with session_scope(url) as s:
        [run] = s.exec(select(CycleRun)).all()
    assert run.status == "completed" and run.flow_run_id == str(flow_run.id)
