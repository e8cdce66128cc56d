from sqlalchemy import inspect
from sqlmodel import select

from metodist import db
from models import Organization, Teacher


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
