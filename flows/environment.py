"""Prefect for a coordinator's terminal: an embedded API, and quiet, clear output.

The flows report to `PREFECT_API_URL` when it is set (a department's Prefect
server), otherwise to an embedded API: Prefect's server started as a
subprocess on a free loopback port for the command's duration, on Prefect's
default database (so the runs can be browsed later), its output in
`$PREFECT_HOME/metodist-api.log`. It watches its parent and stops when the
command that started it is gone, even killed (`PARENT_WATCH`), so that no
server is left listening on loopback. It takes ten seconds or more to start (its
imports), longer on a fresh `PREFECT_HOME` (migrations), hence a start timeout
of 180 s unless `PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS` says otherwise.
Quiet mode (the CLI's default) keeps Prefect's logs, warnings and telemetry
off the terminal; the run logs still go to the API. A failure reaches the CLI
as one `StageFailed`.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from contextlib import ExitStack, closing, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import prefect
from prefect.server.api.server import SubprocessASGIServer
from prefect.settings import (
    PREFECT_API_URL,
    PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
    PREFECT_HOME,
    get_current_settings,
    temporary_settings,
)

#: seconds to wait for the embedded API; the first start migrates Prefect's database
DEFAULT_STARTUP_TIMEOUT = 180
LOG_NAME = "metodist-api.log"

#: environment for processes started during a quiet run (Dask workers, the API)
QUIET_ENV = {
    "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "CRITICAL",
    "PREFECT_LOGGING_HANDLERS_DEBUG_LEVEL": "CRITICAL",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
}

#: libraries whose warnings (deprecations, "port in use") stay off the terminal in quiet mode
QUIET_WARNINGS_FROM = (r"prefect(\.|_dask|$)", r"distributed(\.|$)", r"dask(\.|$)", r"pydantic")


#: seconds between the embedded API's looks at whether its parent is still there
PARENT_POLL_S = 0.5
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


@dataclass(frozen=True, slots=True)
class ApiSession:
    api_url: str
    #: True when this command started the API itself
    embedded: bool
    #: seconds the embedded API took to answer (0 for an existing server)
    startup_s: float


class EmbeddedApi(SubprocessASGIServer):
    """Prefect's ephemeral API subprocess, writing its output to a log file, not the terminal."""

    def __init__(self, port: int | None = None, *, log_path: Path | None = None) -> None:
        super().__init__(port)
        self.log_path = log_path
        self._log: IO[bytes] | None = None

    def _run_uvicorn_command(self) -> subprocess.Popen[Any]:
        # as SubprocessASGIServer's, with the output captured
        if self._log is None and self.log_path is not None:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        out = self._log or subprocess.DEVNULL
        return subprocess.Popen(
            args=[
                sys.executable,
                "-c",
                PARENT_WATCH,
                str(os.getpid()),
                "--app-dir",
                str(prefect.__module_path__.parent),
                "--factory",
                "prefect.server.api.server:create_app",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--log-level",
                "error",
                "--lifespan",
                "on",
            ],
            env={
                **os.environ,
                "PREFECT_UI_ENABLED": "0",
                "PREFECT__SERVER_EPHEMERAL": "1",
                "PREFECT__SERVER_FINAL": "1",
                "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                **get_current_settings().to_environment_variables(exclude_unset=True),
            },
            stdout=out,
            stderr=subprocess.STDOUT,
        )

    def stop(self) -> None:
        super().stop()
        if self._log is not None:
            self._log.close()
            self._log = None


def free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def startup_timeout() -> int:
    value = os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS")
    return int(value) if value else DEFAULT_STARTUP_TIMEOUT


@contextmanager
def prefect_api() -> Iterator[ApiSession]:
    """Use `PREFECT_API_URL` when set, else an embedded API for the duration of the block."""
    url = PREFECT_API_URL.value()
    if url:
        yield ApiSession(api_url=url, embedded=False, startup_s=0.0)
        return
    server = EmbeddedApi(free_port(), log_path=Path(PREFECT_HOME.value()) / LOG_NAME)
    started = time.perf_counter()
    try:
        server.start(timeout=startup_timeout())
    except Exception:
        server.stop()
        raise
    startup_s = time.perf_counter() - started
    try:
        with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
            try:
                yield ApiSession(api_url=server.api_url, embedded=True, startup_s=startup_s)
            finally:
                _drain_workers()
    finally:
        server.stop()


@contextmanager
def in_process_runs() -> Iterator[None]:
    """Settings for flows run in the caller's process (the CLI), not by a worker.

    Flow-run heartbeats let a server notice a worker's flow run that died; a
    flow run inside the coordinator's command has the command itself to
    notice that, and Prefect 3.8's heartbeat thread costs up to a second at
    the end of every flow run (it sleeps in 1 s steps before it sees the stop).
    """
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


def _drain_workers() -> None:
    """Send the last logs and events before the API goes away (else: errors at exit)."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    with suppress(Exception):
        APILogWorker.drain_all(timeout=10)
    with suppress(Exception):
        EventsWorker.drain_all(timeout=10)


@contextmanager
def quiet_output(quiet: bool = True) -> Iterator[None]:
    """Keep Prefect off the terminal inside the block.

    Its console handlers are raised above CRITICAL (the run logs still go to
    the API), child processes (Dask workers, the API) get `QUIET_ENV`, and
    warnings from Prefect, Dask and pydantic are ignored.
    """
    if not quiet:
        yield
        return
    with ExitStack() as stack:
        stack.enter_context(_environ(QUIET_ENV))
        stack.enter_context(_silenced_console_handlers())
        stack.enter_context(warnings.catch_warnings())
        for module in QUIET_WARNINGS_FROM:
            warnings.filterwarnings("ignore", module=module)
        yield


@contextmanager
def _environ(values: dict[str, str]) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


def _console_handlers() -> set[logging.Handler]:
    """Prefect's console handlers, and stream handlers to the terminal of its loggers and root."""
    from prefect.logging.handlers import PrefectConsoleHandler

    loggers: list[logging.Logger] = [logging.getLogger()]
    for name, logger in logging.Logger.manager.loggerDict.items():
        if isinstance(logger, logging.Logger) and name.split(".")[0] in {"prefect", "distributed"}:
            loggers.append(logger)
    terminal = (sys.stderr, sys.stdout, sys.__stderr__, sys.__stdout__)
    return {
        h
        for lg in loggers
        for h in lg.handlers
        if isinstance(h, PrefectConsoleHandler)
        or type(h).__name__ == "_SafeStreamHandler"  # prefect._internal's debug handler
        or (type(h) is logging.StreamHandler and getattr(h, "stream", None) in terminal)
    }


@contextmanager
def _silenced_console_handlers() -> Iterator[None]:
    saved = {h: h.level for h in _console_handlers()}
    for handler in saved:
        handler.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for handler, level in saved.items():
            handler.setLevel(level)
