"""Bulk writes: rows given column by column go to the backend's fastest path, no per-row ORM.

`write_rows` inserts the rows the loader knows to be new and upserts the rest,
with SQLAlchemy's dialect `insert(...)` (`.on_conflict_do_update` for rows that
exist) handed to the driver as plain rows; see `write_sqlite` and
`write_postgresql` for what each backend does. A "new" row that exists after
all (another import committed in between) fails the unique constraint, and the
whole import rolls back.
"""

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from sqlalchemy import Connection, Table

Report = Callable[[int], None]
CHUNK = 5_000


def on_conflict(stmt: Any, table: Table, conflict: str, update: list[str]) -> Any:
    """`stmt` (a dialect insert) updating `update` columns of a row whose `conflict` exists."""
    if not update:
        return stmt.on_conflict_do_nothing(index_elements=[table.c[conflict]])
    return stmt.on_conflict_do_update(
        index_elements=[table.c[conflict]], set_={c: stmt.excluded[c] for c in update}
    )


def bulk_session(conn: Connection) -> AbstractContextManager[None]:
    """Connection settings for the whole load (SQLite: a larger page cache), undone after it."""
    if conn.dialect.name == "sqlite":
        from metodist.importing.write_sqlite import larger_cache

        return larger_cache(conn)
    return nullcontext()


def write_rows(
    conn: Connection,
    table: Table,
    conflict: str,
    update: list[str],
    new: dict[str, list[Any]],
    existing: dict[str, list[Any]],
    report: Report,
) -> None:
    """Insert the `new` rows, upsert the `existing` ones (both given column by column).

    `update` lists the columns an existing row takes from the file; `report(done)`
    is called as rows are written.
    """
    if conn.dialect.name == "sqlite":
        from metodist.importing import write_sqlite as backend
    elif conn.dialect.name == "postgresql":
        from metodist.importing import write_postgresql as backend  # type: ignore[no-redef]
    else:  # `Settings.database_url` admits no other (`metodist.config.DATABASES`)
        raise ValueError(f"the import writes to SQLite or PostgreSQL, not {conn.dialect.name}")
    backend.write(conn, table, conflict, update, new, existing, report)
