"""Against a real `prefect server start`: `prefect deploy --all`, and a served stage flow run.

The server runs on a free loopback port with its own PREFECT_HOME and
telemetry off. Its database starts as a copy of the session harness's, which
Prefect has already migrated: a fresh one would spend tens of seconds on migrations.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import WorkPoolCreate
from prefect.deployments import run_deployment
from prefect.exceptions import ObjectNotFound
from prefect.settings import PREFECT_API_URL, temporary_settings
from sqlmodel import select

from flows.environment import free_port
from metodist import db
from metodist.db import session_scope
from metodist.stages.registry import STAGES
from models import CycleRun
from tests.flows.conftest import FAKES, add_municipality

ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 120


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
                pytest.fail(f"{name} was not served:\n" + log.read_text(errors="replace")[-3000:])
            time.sleep(0.5)


@pytest.fixture
def prefect_server(tmp_path: Path, prefect_harness: str) -> Iterator[tuple[str, dict[str, str]]]:
    """A `prefect server start` process; yields its API URL and the environment for clients."""
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
                log = (tmp_path / "server.log").read_text(errors="replace")[-3000:]
                pytest.fail(f"prefect server did not start:\n{log}")
            time.sleep(0.3)
        yield api_url, env | {"PREFECT_API_URL": api_url}
    finally:
        _stop(server)


@pytest.mark.slow
def test_deploy_all_and_a_served_stage_flow_run_on_a_real_server(prefect_server, tmp_path):
    api_url, env = prefect_server
    url = f"sqlite:///{tmp_path / 'metodist.db'}"
    db.init_db(url)
    add_municipality(url)
    # a stage flow served from its own process (started first: it imports while we deploy)
    served = _spawn(
        [sys.executable, "-m", "tests.flows.serve_stage", "needs", "served"],
        env | {"METODIST_STAGE_MODULES": f"needs={FAKES}.stage"},
        tmp_path / "serve.log",
    )
    try:
        with temporary_settings(updates={PREFECT_API_URL: api_url}):
            with get_client(sync_client=True) as client:
                client.create_work_pool(WorkPoolCreate(name="metodist", type="process"))

            # prefect.yaml as a coordinator deploys it
            deploy = subprocess.run(
                [sys.executable, "-m", "prefect", "--no-prompt", "deploy", "--all"],
                cwd=ROOT, env=env, capture_output=True, text=True, timeout=180,
            )  # fmt: skip
            assert deploy.returncode == 0, deploy.stdout[-3000:] + deploy.stderr[-3000:]
            with get_client(sync_client=True) as client:
                deployments = {d.name: d for d in client.read_deployments()}
            assert set(deployments) == {*STAGES, "cycle", "served"}
            monitoring = deployments["monitoring"]
            assert monitoring.entrypoint == "flows/monitoring.py:monitoring"
            assert monitoring.work_pool_name == "metodist"
            [schedule] = monitoring.schedules
            assert schedule.schedule.timezone == "Europe/Moscow"  # type: ignore[union-attr]

            # ... run through the API
            _wait_for_deployment("metodist-needs/served", served, tmp_path / "serve.log")
            flow_run = run_deployment(
                "metodist-needs/served",
                parameters={"year": 2026, "as_of": date(2026, 11, 15), "database_url": url},
                timeout=90,
            )
    finally:
        _stop(served)
    assert flow_run.state is not None and flow_run.state.is_completed(), (
        f"{flow_run.state}\n" + (tmp_path / "serve.log").read_text(errors="replace")[-3000:]
    )
    with session_scope(url) as s:
        [run] = s.exec(select(CycleRun)).all()
    assert run.status == "completed" and run.flow_run_id == str(flow_run.id)
