"""The embedded API's app: SQLite transactions begun IMMEDIATE, a worker that polls less."""

from contextlib import asynccontextmanager
from datetime import timedelta

import anyio
import pytest
from docket import Worker
from prefect.server.api import background_workers
from prefect.server.database.configurations import SQLITE_BEGIN_MODE, AioSqliteConfiguration

from flows import api_app
from flows.api_process import FACTORY

MEMORY = "sqlite+aiosqlite:///:memory:"


class _Session:
    """What `begin_transaction` needs of a session: `begin()`, here noting the BEGIN mode."""

    def __init__(self) -> None:
        self.modes: list[str | None] = []

    @asynccontextmanager
    async def begin(self):
        self.modes.append(SQLITE_BEGIN_MODE.get())
        yield "transaction"


async def _begin(config: AioSqliteConfiguration, session: _Session, **kwargs: bool) -> None:
    async with config.begin_transaction(session, **kwargs) as transaction:  # type: ignore[arg-type]
        assert transaction == "transaction"


@pytest.fixture
def restored(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the test patches in Prefect's server is put back afterwards."""
    monkeypatch.setattr(
        AioSqliteConfiguration, "begin_transaction", AioSqliteConfiguration.begin_transaction
    )
    monkeypatch.setattr(background_workers, "Worker", background_workers.Worker)


def test_prefects_own_transactions_are_deferred_unless_asked_for_update(restored):
    config, session = AioSqliteConfiguration(connection_url=MEMORY), _Session()
    anyio.run(lambda: _begin(config, session))
    anyio.run(lambda: _begin(config, session, with_for_update=True))
    assert session.modes == ["DEFERRED", "IMMEDIATE"]


def test_in_the_embedded_api_every_transaction_takes_the_write_lock_first(restored):
    api_app.immediate_transactions()
    config, session = AioSqliteConfiguration(connection_url=MEMORY), _Session()
    anyio.run(lambda: _begin(config, session))
    anyio.run(lambda: _begin(config, session, with_for_update=True))
    assert session.modes == ["IMMEDIATE", "IMMEDIATE"]
    assert SQLITE_BEGIN_MODE.get() is None  # and the mode is reset after each


def test_the_background_worker_polls_every_two_seconds(restored):
    assert background_workers.Worker is Worker
    api_app.slower_background_polls()
    made = background_workers.Worker.func, background_workers.Worker.keywords  # type: ignore[attr-defined]
    assert made == (
        Worker,
        {
            "minimum_check_interval": timedelta(seconds=2),
            "scheduling_resolution": timedelta(seconds=2),
        },
    )


def test_uvicorn_is_given_this_app():
    module, _, name = FACTORY.partition(":")
    assert (module, name) == (api_app.__name__, api_app.create_app.__name__)
