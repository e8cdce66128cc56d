"""Prefect for a coordinator's terminal: an embedded API, and quiet, clear output.

The flows report to `PREFECT_API_URL` when it is set (a department's Prefect
server), otherwise to an embedded API: Prefect's server as a subprocess on a
free loopback port for the command's duration, on Prefect's default database
(so the runs can be browsed later), its output in
`$PREFECT_HOME/metodist-api.log` (`flows.api_process`: launched early by the
CLI, watching its parent so that no server outlives a killed command).
Quiet mode (the CLI's default) keeps Prefect's logs, warnings and telemetry
off the terminal; the run logs still go to the API. A failure reaches the CLI
as one `StageFailed`.
"""

from __future__ import annotations

import logging
import os
import sys
import time
import warnings
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from prefect.context import SettingsContext, get_settings_context
from prefect.settings import (
    PREFECT_API_URL,
    PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
    PREFECT_HOME,
    Settings,
    temporary_settings,
)

from flows.api_process import (
    LOG_NAME,
    EmbeddedApi,
    free_port,
    startup_timeout,
    take_early,
)

#: environment for processes started during a quiet run (Dask workers, the API)
QUIET_ENV = {
    "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "CRITICAL",
    "PREFECT_LOGGING_HANDLERS_DEBUG_LEVEL": "CRITICAL",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
}

#: libraries whose warnings (deprecations, "port in use") stay off the terminal in quiet mode
QUIET_WARNINGS_FROM = (r"prefect(\.|_dask|$)", r"distributed(\.|$)", r"dask(\.|$)", r"pydantic")


@dataclass(frozen=True, slots=True)
class ApiSession:
    api_url: str
    #: True when this command started the API itself
    embedded: bool
    #: seconds this command waited for the embedded API to answer (0 for an existing server)
    startup_s: float
    #: seconds from the embedded API's launch until it answered (it may have started early)
    ready_after_s: float = 0.0
    #: True when the embedded API checked and migrated its database (a first start, a new Prefect)
    migrated: bool = False


@contextmanager
def prefect_api() -> Iterator[ApiSession]:
    """Use `PREFECT_API_URL` when set, else an embedded API for the duration of the block.

    The embedded one is the API the CLI launched early (`api_process.start_early`)
    if any, so the wait is what is left of its start; else it is started now.
    """
    url = PREFECT_API_URL.value()
    early = take_early()
    if url:
        if early is not None:
            early.stop()
        yield ApiSession(api_url=url, embedded=False, startup_s=0.0)
        return
    server = early or EmbeddedApi(free_port(), log_path=Path(PREFECT_HOME.value()) / LOG_NAME)
    started = time.perf_counter()
    try:
        server.start(timeout=startup_timeout())
    except Exception:
        server.stop()
        raise
    session = ApiSession(
        api_url=server.api_url,
        embedded=True,
        startup_s=time.perf_counter() - started,
        ready_after_s=server.ready_after_s,
        migrated=server.migrating,
    )
    try:
        with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
            try:
                yield session
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
    The settings without heartbeats are made once for the settings in force:
    copying Prefect's settings re-reads the environment (0.1-0.4 s a copy).
    """
    context = get_settings_context()
    if context.settings.flows.heartbeat_frequency is None:
        yield
        return
    key = id(context.settings)
    if key not in _without_heartbeats:
        # the old settings are kept beside their copy, so their id names them alone
        copy = context.settings.copy_with_update(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None})
        _without_heartbeats[key] = (context.settings, copy)
        while len(_without_heartbeats) > KEPT_SETTINGS:  # tests make many settings
            _without_heartbeats.pop(next(iter(_without_heartbeats)))
    with SettingsContext(profile=context.profile, settings=_without_heartbeats[key][1]):
        yield


KEPT_SETTINGS = 4
#: id(settings) → (those settings, a copy of them without flow-run heartbeats)
_without_heartbeats: dict[int, tuple[Settings, Settings]] = {}


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
