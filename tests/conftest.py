"""Shared fixtures: a fresh database per test, on SQLite and on PostgreSQL.

Each test that takes `db_url` runs twice, once per backend. PostgreSQL tests
clone a template database migrated once per session, which costs tens of
milliseconds, so every test starts from an empty, migrated schema.

The suite runs on pytest-xdist workers (`-n auto --dist loadfile`, see
pyproject.toml): each worker is its own session, with its own PostgreSQL
server, SQLite template, Prefect test API and `PREFECT_HOME`; a module's
tests stay on one worker, so module-scoped fixtures are built once.
"""

import atexit
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from metodist import db
from tests.pg_server import TempPostgres

#: "gw0", "gw1"… under xdist, "main" without it
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
#: per worker, for a shared server given by METODIST_TEST_POSTGRES_URL
TEMPLATE = f"metodist_template_{WORKER}"

# Prefect keeps its profiles, memo store and persisted results under PREFECT_HOME
# (~/.prefect by default): workers running at once must not share one, and the
# suite must not write into the user's. Set before anything imports Prefect.
_prefect_home = tempfile.mkdtemp(prefix=f"metodist-prefect-home-{WORKER}-")
os.environ["PREFECT_HOME"] = _prefect_home
atexit.register(shutil.rmtree, _prefect_home, ignore_errors=True)
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """xdist workers (pyproject's addopts) for the whole suite only: a run of chosen
    tests stays in one process, since each worker imports Prefect and WeasyPrint
    (~25 CPU seconds) before its first test. `-n` given with the paths still counts."""
    if hasattr(config, "workerinput") or config.args_source != pytest.Config.ArgsSource.ARGS:
        return
    given = [*config.invocation_params.args, *os.environ.get("PYTEST_ADDOPTS", "").split()]
    if any(str(arg).startswith(("-n", "--numprocesses")) for arg in given):
        return
    config.option.numprocesses = 0
    config.option.dist = "no"
    config.option.tx = []


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Modules holding a slow test first, the flows' ones first of all.

    With `--dist loadfile --no-loadscope-reorder` xdist hands out modules in this
    order: the long ones (Prefect servers, Dask, PDFs, mypy) start at once on
    every worker and the many short modules fill in around them, instead of a
    long module starting last while the other workers sit idle.
    """
    heavy = {item.path for item in items if item.get_closest_marker("slow")}
    flows = Path(__file__).parent / "flows"

    def rank(item: pytest.Item) -> tuple[bool, bool]:
        return item.path not in heavy, flows not in item.path.parents

    items.sort(key=rank)  # stable: tests keep their order within a module


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[str]:
    """The worker's Prefect test API, started on first use; yields its SQLite database's path.

    One per session, shared by every module that needs an API (tests/flows, the
    region benchmark's test): a start costs ~30 CPU seconds, a third of them
    Prefect's migrations of the fresh database (measured on 2 CPUs).
    """
    from prefect.settings import PREFECT_SERVER_DATABASE_CONNECTION_URL
    from prefect.testing.utilities import prefect_test_harness

    from flows.environment import in_process_runs

    with prefect_test_harness(server_startup_timeout=240), in_process_runs():
        yield PREFECT_SERVER_DATABASE_CONNECTION_URL.value().split("///", 1)[1]


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    url = os.environ.get("METODIST_TEST_POSTGRES_URL")
    server = None
    if not url:
        server = TempPostgres()
        try:
            url = server.start()
        except (RuntimeError, OSError, KeyError) as exc:
            if os.environ.get("CI"):
                pytest.fail(f"PostgreSQL is needed in CI and could not start: {exc}")
            pytest.skip(f"no PostgreSQL here: {exc}")
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {TEMPLATE}"))
        conn.execute(text(f"CREATE DATABASE {TEMPLATE}"))
    template_url = make_url(url).set(database=TEMPLATE).render_as_string(hide_password=False)
    db.init_db(template_url)
    db.get_engine(template_url).dispose()
    admin.dispose()
    yield url
    if server:
        server.stop()


def _pg_database(admin_url: str) -> Iterator[str]:
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}"))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        db.get_engine(url).dispose()
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> str:
    """A migrated SQLite file: tests copy it, since migrating costs a second of fsyncs."""
    path = tmp_path_factory.mktemp("sqlite-template") / "metodist.db"
    db.init_db(f"sqlite:///{path}")
    db.get_engine(f"sqlite:///{path}").dispose()  # checkpoints the WAL into the file
    return str(path)


def _sqlite_copy(template: str, tmp_path) -> str:
    path = tmp_path / "metodist.db"
    shutil.copyfile(template, path)
    url = f"sqlite:///{path}"
    db._migrated.add(url)
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path, monkeypatch) -> Iterator[str]:
    """A migrated, empty database; also set as METODIST_DATABASE_URL for the CLI."""
    if request.param == "sqlite":
        url = _sqlite_copy(request.getfixturevalue("sqlite_template"), tmp_path)
        gen: Iterator[str] | None = None
    else:
        gen = _pg_database(request.getfixturevalue("pg_admin_url"))
        url = next(gen)
        db._migrated.add(url)  # cloned from the migrated template
    monkeypatch.setenv("METODIST_DATABASE_URL", url)
    from metodist.config import get_settings

    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()
    if gen is None:
        db.get_engine(url).dispose()
    else:
        next(gen, None)


@pytest.fixture
def sqlite_url(tmp_path, sqlite_template: str) -> str:
    """A migrated SQLite database, for tests whose subject is not the backend."""
    return _sqlite_copy(sqlite_template, tmp_path)
