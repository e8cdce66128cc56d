import uuid
from collections.abc import Iterator

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel, select

from metodist import db
from models import CatalogueCourse, MethodEvent, Organization, Teacher


def test_migrations_create_every_table(db_url):
    tables = set(inspect(db.get_engine(db_url)).get_table_names())
    for name in [
        "organization",
        "teacher",
        "diagnostic",
        "cycle_run",
        "recommendation",
        "rule_firing",
        "plan_entry",
        "org_indicator",
        "alembic_version",
    ]:
        assert name in tables


def test_deleting_an_organization_removes_its_teachers(db_url):
    with db.session_scope(db_url) as s:
        s.add(Organization(code="o1", name="МБОУ СОШ № 1", kind="school"))
        s.flush()
        s.add(Teacher(code="t1", org_code="o1", full_name="Иванова Анна Петровна"))
    with db.session_scope(db_url) as s:
        s.delete(s.get(Organization, "o1"))
    with db.session_scope(db_url) as s:
        assert s.exec(select(Teacher)).all() == []


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """A database with no schema at all, on each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'old.db'}"
        yield url
        db.get_engine(url).dispose()
        return
    admin_url = request.getfixturevalue("pg_admin_url")
    name = f"m_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    yield url
    db.get_engine(url).dispose()
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


def _old_rows(url: str) -> None:
    """Rows as the initial schema stored them, before CONTRACT v2."""
    with db.get_engine(url).begin() as conn:
        conn.execute(
            text(
                "INSERT INTO organization (code, name, kind, municipality, vacancies) "
                "VALUES ('o1', 'МБОУ СОШ № 1', 'school', '', 0)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO method_event (key, org_code, date, form, title, participants, "
                "presenter_codes) VALUES "
                "('a', NULL, '2025-01-10', 'seminar', 'Семинар', 30, '[]'), "
                "('b', 'o1', '2025-02-10', 'consultation', 'Консультация', 1, '[]'), "
                "('c', NULL, '2025-03-10', 'consultation', 'Консультация', 9, '[]')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO catalogue_course (code, title, areas, hours, provider, format, "
                "capacity, quarter) VALUES ('k1', 'Курс', '[\"digital\"]', 36, '', NULL, 5, 1)"
            )
        )


def test_the_contract_v2_migration_fills_old_rows_and_matches_the_models(empty_url):
    cfg = db.alembic_config(empty_url)
    command.upgrade(cfg, "0001")
    _old_rows(empty_url)
    command.upgrade(cfg, "head")
    with db.session_scope(empty_url) as s:
        events = {e.key: (e.level, e.mode) for e in s.exec(select(MethodEvent))}
        (course,) = s.exec(select(CatalogueCourse)).all()
    assert events == {
        "a": ("municipal", None),
        "b": ("school", "group"),
        "c": ("municipal", "group"),
    }
    assert (course.levels, course.positions) == ([], [])
    with db.get_engine(empty_url).connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []
    command.downgrade(cfg, "0001")
    with db.get_engine(empty_url).connect() as conn:
        columns = {c["name"] for c in inspect(conn).get_columns("method_event")}
    assert "level" not in columns and "mode" not in columns
