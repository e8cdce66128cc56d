"""Flow tests: the session's Prefect test API (tests/conftest.py), and a small municipality."""

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from metodist import db
from metodist.db import session_scope
from metodist.stages import registry
from models import Organization, Teacher

FAKES = "tests.flows.fakes"
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
    previous = {stage: registry.module_name(stage) for stage in registry.STAGES}
    for stage in registry.STAGES:
        registry.register(stage, f"{FAKES}.stage")
    registry.register("recommendations", f"{FAKES}.recommendations")
    try:
        yield
    finally:
        for stage, name in previous.items():
            registry.register(stage, name)


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
