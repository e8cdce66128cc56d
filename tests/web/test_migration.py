"""The migrations (the desk's 0004 among them) create exactly the tables the models declare."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

from metodist import db

DESK_TABLES = {"desk_user", "api_token", "packet_release", "desk_secret"}


def test_migrations_match_the_models(db_url):
    with db.get_engine(db_url).connect() as connection:
        assert set(inspect(connection).get_table_names()) >= DESK_TABLES
        assert compare_metadata(MigrationContext.configure(connection), SQLModel.metadata) == []
