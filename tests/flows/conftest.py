"""Flow tests: the session's Prefect test API (tests/conftest.py), and a small municipality."""

import sqlite3
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import date
from pathlib import Path

import pytest

from metodist import db
from metodist.db import session_scope
from metodist.stages import registry
from metodist.stages.registry import StageService, from_module
from models import Organization, Teacher
from tests.flows.fakes import failing, flaky, stage
from tests.flows.fakes import recommendations as fake_rule_base

FAKES = "tests.flows.fakes"
#: the fake services: rows per organization; the same failing on o03; losing its connection once
FAKE: StageService = from_module(stage)
FAILING: StageService = from_module(failing)
FLAKY: StageService = from_module(flaky)
ORGS = [f"o{i:02d}" for i in range(1, 8)]


@pytest.fixture(scope="session", autouse=True)
def _every_flow_test_on_the_harness(prefect_harness: str) -> None:
    """Started once per session and only when a test here needs it (see `prefect_harness`)."""


def add_municipality(url: str, orgs: list[str] = ORGS, teachers_per_org: int = 3) -> None:
    with session_scope(url) as s:
        for org in orgs:
            s.add(Organization(code=org, name=f"МБОУ СОШ № {org[1:]}", kind="school"))
        s.flush()
        for org in orgs:
            for i in range(1, teachers_per_org + 1):
                s.add(Teacher(code=f"t-{org}-{i}", org_code=org, full_name=f"Педагог {org}-{i}"))


@pytest.fixture
def fake_stages() -> Iterator[None]:
    """Every stage served by the fake services (recommendations by the fake rule base)."""
    with ExitStack() as stack:
        for name in registry.STAGES:
            stack.enter_context(registry.use(name, FAKE))
        stack.enter_context(registry.use("recommendations", from_module(fake_rule_base)))
        yield


DEMO_AS_OF = date(2026, 11, 15)


@pytest.fixture(scope="session")
def demo_town_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo municipality (5 organizations, ~120 teachers) imported once per session."""
    from metodist.demo import generate, write_csv
    from metodist.importing import import_path

    folder = tmp_path_factory.mktemp("demo-town")
    data = generate(seed=2026, schools=3, year=2026, as_of=DEMO_AS_OF)
    write_csv(data, folder / "csv")
    path = folder / "town.db"
    url = f"sqlite:///{path}"
    db.init_db(url)
    import_path(folder / "csv", url=url)
    db.get_engine(url).dispose()
    return path


def copy_town(source: Path, target: Path) -> str:
    """A private copy of the demo database (SQLite's backup: safe with WAL); its URL."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return f"sqlite:///{target}"
