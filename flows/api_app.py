"""The embedded API's application: Prefect's server, its SQLite transactions begun IMMEDIATE.

Only the API's own process imports this (`flows.api_process` names it to
uvicorn). Prefect's routes open their transactions DEFERRED: one that reads
and then writes while the API's services record the previous stage's task
runs fails at once with SQLITE_BUSY_SNAPSHOT (SQLite's busy timeout does not
apply), the API answers 503, and Prefect's client sleeps 2 s before it tries
again: a flow run's creation took 2.3 s instead of 0.1 s in one stage out of
two. Begun IMMEDIATE, a transaction takes the write lock first and waits
for it (the busy timeout) instead. A server named by `PREFECT_API_URL` is
not touched.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from datetime import timedelta
from functools import partial
from typing import Any

from docket import Worker
from prefect.server.api import background_workers
from prefect.server.api.server import create_app as prefect_app
from prefect.server.database.configurations import AioSqliteConfiguration

#: how often the API's background worker looks for due work (docket's default: 0.25 s)
BACKGROUND_CHECK = timedelta(seconds=2)

_deferred = AioSqliteConfiguration.begin_transaction


@asynccontextmanager
async def _immediate(
    self: AioSqliteConfiguration, session: Any, with_for_update: bool = False
) -> AsyncGenerator[Any, None]:
    async with _deferred(self, session, with_for_update=True) as transaction:
        yield transaction


def immediate_transactions() -> None:
    """Every transaction Prefect's server begins on SQLite takes the write lock first."""
    AioSqliteConfiguration.begin_transaction = _immediate  # type: ignore[method-assign]


def slower_background_polls() -> None:
    """The API's background worker polls its queue every `BACKGROUND_CHECK`, not 4 times a second.

    An idle embedded API took 1.3% of a core doing it, through the whole
    cycle; what it runs (proactive triggers, cleaning up deleted runs) waits
    a second more at most.
    """
    background_workers.Worker = partial(  # type: ignore[misc,assignment]
        Worker, minimum_check_interval=BACKGROUND_CHECK, scheduling_resolution=BACKGROUND_CHECK
    )


def create_app() -> Any:
    """uvicorn's `--factory`: Prefect's app (ephemeral and final, from the environment)."""
    immediate_transactions()
    slower_background_polls()
    return prefect_app()
