"""The embedded Prefect API's process: started early, in the background, without importing Prefect.

Prefect's server takes seconds of CPU to import, so the CLI launches it first
thing (`start_early`) and lets it start on the other core while the command
imports its own code and data; `flows.environment.prefect_api` adopts it and
waits only for what is left. This module imports nothing of Prefect: the
client need not load the server's code (3–4 CPU s) only to launch it.

The API's database is migrated on its first start under a `PREFECT_HOME`
and each time Prefect's version changes; a start that finds the schema it
recorded (`SCHEMA_MARK`: Prefect's version and Alembic's revision) skips
Alembic's check of every migration script.
"""

from __future__ import annotations

import atexit
import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import tomllib
import urllib.request
from contextlib import closing, suppress
from importlib.metadata import version
from pathlib import Path
from typing import IO, Any

LOG_NAME = "metodist-api.log"
SCHEMA_MARK = "metodist-api-schema.json"
#: seconds to wait for the embedded API; the first start migrates Prefect's database
DEFAULT_STARTUP_TIMEOUT = 180
#: seconds between the embedded API's looks at whether its parent is still there
PARENT_POLL_S = 0.5
#: seconds between readiness probes while the API starts
PROBE_S = 0.05
#: How the embedded API is started: a thread watching the parent (its pid is argv[1]),
#: then uvicorn with the rest of argv. When the parent is gone (its children are
#: re-parented), the API is stopped as `stop()` would (SIGTERM), then for good.
PARENT_WATCH = f"""
import os, signal, sys, threading, time
parent = int(sys.argv[1])
def watch():
    while os.getppid() == parent:
        time.sleep({PARENT_POLL_S})
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(10)
    os._exit(1)
threading.Thread(target=watch, name="parent-watch", daemon=True).start()
sys.argv = ["uvicorn", *sys.argv[2:]]
from uvicorn.main import main
main()
"""
#: Prefect's app with SQLite transactions begun IMMEDIATE (`flows.api_app`, imported only there)
FACTORY = "flows.api_app:create_app"
#: the API's first answers touching its database cost a second of lazy set-up: paid while starting
WARM_UP = (("GET", "/admin/version", None), ("POST", "/flow_runs/filter", {"limit": 1}))


def free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def startup_timeout() -> int:
    value = os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS")
    return int(value) if value else DEFAULT_STARTUP_TIMEOUT


def prefect_home() -> Path:
    """`PREFECT_HOME`: Prefect's setting when Prefect is loaded, else the environment's."""
    if "prefect.settings" in sys.modules:
        from prefect.settings import PREFECT_HOME

        return Path(PREFECT_HOME.value())
    return Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect").expanduser()


def api_url_configured() -> bool:
    """Whether `PREFECT_API_URL` names a server: in the environment or the active profile."""
    if "prefect.settings" in sys.modules:  # Prefect's own answer (a test's harness too)
        from prefect.settings import PREFECT_API_URL

        return bool(PREFECT_API_URL.value())
    return _url_in_environment()


def _url_in_environment() -> bool:
    """`PREFECT_API_URL` as Prefect would read it on import: the environment, then the profile."""
    if os.environ.get("PREFECT_API_URL"):
        return True
    path = Path(os.environ.get("PREFECT_PROFILES_PATH") or prefect_home() / "profiles.toml")
    try:
        profiles = tomllib.loads(path.expanduser().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    active = os.environ.get("PREFECT_PROFILE") or profiles.get("active") or "ephemeral"
    settings = profiles.get("profiles", {}).get(active, {})
    return bool(settings.get("PREFECT_API_URL"))


class EmbeddedApi:
    """Prefect's API as a subprocess of this command, its output in a log file.

    `launch()` returns at once, a thread probing the API until it answers;
    `wait()` blocks until then (or raises with the log's tail); `start()` is both.
    """

    def __init__(self, port: int | None = None, *, log_path: Path | None = None) -> None:
        self.port = port or free_port()
        self.log_path = log_path
        self.process: subprocess.Popen[Any] | None = None
        self.migrating = True
        self._log: IO[bytes] | None = None
        self._ready = threading.Event()
        self._error: str | None = None
        self._launched_at = 0.0
        #: seconds from launch until the API answered (its warm-up included)
        self.ready_after_s = 0.0

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def launch(self, timeout: float | None = None) -> None:
        if self.process is not None:
            return
        self.migrating = not _schema_at_mark()
        self._launched_at = time.perf_counter()
        self.process = self._run_uvicorn_command()
        limit = timeout if timeout is not None else startup_timeout()
        threading.Thread(target=self._probe, args=(limit,), name="api-probe", daemon=True).start()

    def wait(self, timeout: float | None = None) -> None:
        """Block until the API answers; RuntimeError if it died or took longer than `timeout`."""
        if self.process is None:
            self.launch(timeout)
        self._ready.wait(None if timeout is None else timeout + 1)
        if self._error or not self._ready.is_set():
            raise RuntimeError(self._error or "the embedded Prefect API did not answer in time")

    def start(self, timeout: float | None = None) -> None:
        self.launch(timeout)
        self.wait(timeout)

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None

    def _run_uvicorn_command(self) -> subprocess.Popen[Any]:
        if self._log is None and self.log_path is not None:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        out = self._log or subprocess.DEVNULL
        env = {
            **os.environ,
            "PREFECT_UI_ENABLED": "0",
            "PREFECT__SERVER_EPHEMERAL": "1",
            "PREFECT__SERVER_FINAL": "1",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            **_in_process_settings(),
        }
        if not self.migrating:
            env["PREFECT_API_DATABASE_MIGRATE_ON_START"] = "false"
        args = [sys.executable, "-c", PARENT_WATCH, str(os.getpid())]
        args += ["--app-dir", str(_package_root()), "--factory", FACTORY]
        args += ["--host", "127.0.0.1", "--port", str(self.port)]
        args += ["--log-level", "error", "--lifespan", "on"]
        return subprocess.Popen(
            args=args,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )

    def _probe(self, limit: float) -> None:
        deadline = self._launched_at + limit
        while time.perf_counter() < deadline:
            process = self.process
            if process is None or process.poll() is not None:
                code = None if process is None else process.returncode
                self._fail(f"the embedded Prefect API exited (code {code})")
                return
            if _answers(f"{self.api_url}/health"):
                for method, path, body in WARM_UP:
                    with suppress(OSError):
                        _request(method, f"{self.api_url}{path}", body)
                if self.migrating:
                    _mark_schema()
                self.ready_after_s = time.perf_counter() - self._launched_at
                self._ready.set()
                return
            time.sleep(PROBE_S)
        self._fail(f"the embedded Prefect API did not answer within {limit:.0f} s")

    def _fail(self, message: str) -> None:
        if self.log_path is not None:
            with suppress(OSError):
                tail = self.log_path.read_text(errors="replace").strip().splitlines()[-3:]
                if tail:
                    message += f"; its log ({self.log_path}) ends: " + " | ".join(tail)
        self._error = message
        self._ready.set()


_early: EmbeddedApi | None = None


def start_early() -> None:
    """Launch the command's embedded API now, unless a server is configured (or one runs)."""
    global _early
    if _early is not None or api_url_configured():
        return
    api = EmbeddedApi(log_path=prefect_home() / LOG_NAME)
    try:
        api.launch()
    except OSError:
        return  # `prefect_api()` starts one itself and reports what fails
    atexit.register(api.stop)  # a command that ends before adopting it
    _early = api


def take_early() -> EmbeddedApi | None:
    """The API `start_early` launched, handed over once (its caller stops it)."""
    global _early
    api, _early = _early, None
    return api


def _package_root() -> Path:
    """The folder holding `flows` (a checkout, site-packages): uvicorn imports the app there."""
    return Path(__file__).resolve().parents[1]


def _in_process_settings() -> dict[str, str]:
    """Settings made in this process (a test's, a profile switch) when Prefect is loaded."""
    if "prefect.settings" not in sys.modules:
        return {}  # the API reads the environment and the profile as this process would
    from prefect.settings import get_current_settings

    return dict(get_current_settings().to_environment_variables(exclude_unset=True))


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def _request(method: str, url: str, body: Any) -> None:
    data = None if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"} if data else {}
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    with urllib.request.urlopen(request, timeout=30):
        pass


def _database_file() -> Path | None:
    """The API's SQLite file (None: another database, always checked by Alembic)."""
    if "prefect.settings" in sys.modules:
        from prefect.settings import PREFECT_API_DATABASE_CONNECTION_URL

        url = PREFECT_API_DATABASE_CONNECTION_URL.value() or ""
    else:
        url = os.environ.get("PREFECT_API_DATABASE_CONNECTION_URL") or os.environ.get(
            "PREFECT_SERVER_DATABASE_CONNECTION_URL", ""
        )
    if not url:
        return prefect_home() / "prefect.db"
    scheme, _, path = url.partition(":///")
    return Path(path) if scheme.startswith("sqlite") and path and path != ":memory:" else None


def _revision(path: Path) -> str | None:
    if not path.is_file():
        return None
    with suppress(sqlite3.Error), closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        rows = db.execute("SELECT version_num FROM alembic_version").fetchall()
        return ",".join(sorted(r[0] for r in rows)) or None
    return None


def _mark() -> dict[str, str] | None:
    path = _database_file()
    revision = _revision(path) if path else None
    if path is None or revision is None:
        return None
    return {"prefect": version("prefect"), "revision": revision, "database": str(path)}


def _schema_at_mark() -> bool:
    """True when the database is at the revision a start of this Prefect version migrated it to."""
    try:
        recorded = json.loads((prefect_home() / SCHEMA_MARK).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return recorded == _mark()


def _mark_schema() -> None:
    mark = _mark()
    if mark is not None:
        with suppress(OSError):
            (prefect_home() / SCHEMA_MARK).write_text(json.dumps(mark), encoding="utf-8")
