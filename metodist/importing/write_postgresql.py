"""PostgreSQL: COPY, and foreign keys checked once per table instead of once per row.

New rows are `COPY`ed straight into the table; rows to update are `COPY`ed
into a temporary table and moved with one
`INSERT … SELECT … ON CONFLICT DO UPDATE`. COPY is several times faster than
executemany.

PostgreSQL checks a foreign key with a trigger query per inserted row, which
is most of the time of a large COPY. For a large write the table's foreign
keys are dropped and added back after it, which checks every row with one
join — PostgreSQL's own advice for populating a database. This happens inside
the import's transaction: a failure brings the constraints back with
everything else, and other sessions wait for the table until the commit
(ALTER TABLE locks it). A role that may not alter the table simply loads with
the constraints in place.
"""

import json
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any

from sqlalchemy import JSON, Column, Connection, MetaData, Table, select, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import DBAPIError

from metodist.importing.writers import CHUNK, Report, on_conflict

#: from this many rows on, foreign keys are checked after the write, not per row
BULK_ROWS = 10_000


def _copy(
    conn: Connection,
    target: str,
    columns: dict[str, list[Any]],
    json_columns: set[str],
    report: Report,
    done: int,
) -> int:
    names = list(columns)
    values = [
        [None if v is None else json.dumps(v) for v in columns[n]]
        if n in json_columns
        else columns[n]
        for n in names
    ]
    quote = conn.dialect.identifier_preparer.quote
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor.copy(f"COPY {quote(target)} ({', '.join(map(quote, names))}) FROM STDIN") as copy:
        for n, row in enumerate(zip(*values, strict=True), start=1):
            copy.write_row(row)
            if n % CHUNK == 0:
                report(done + n)
    return done + (len(values[0]) if values else 0)


def _upsert(
    conn: Connection,
    table: Table,
    conflict: str,
    update: list[str],
    columns: dict[str, list[Any]],
    json_columns: set[str],
    report: Report,
    done: int,
) -> int:
    staging = Table(
        f"import_{table.name}",
        MetaData(),
        *(Column(n, table.c[n].type) for n in columns),
        prefixes=["TEMPORARY"],
        postgresql_on_commit="DROP",
    )
    staging.create(conn)  # dropped at commit, or with the transaction if it rolls back
    done = _copy(conn, staging.name, columns, json_columns, report, done)
    move = postgresql.insert(table).from_select(list(columns), select(*staging.c))
    conn.execute(on_conflict(move, table, conflict, update))
    staging.drop(conn)
    return done


@contextmanager
def foreign_keys_checked_after(conn: Connection, table: Table) -> Iterator[None]:
    """Drop the table's foreign keys for the block and add them back, exactly, after it."""
    found = conn.execute(
        text(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = CAST(:t AS regclass) AND contype = 'f'"
        ),
        {"t": table.name},
    ).all()
    name = conn.dialect.identifier_preparer.format_table(table)
    quote = conn.dialect.identifier_preparer.quote
    dropped: list[tuple[str, str]] = []
    if found:
        try:
            with conn.begin_nested():
                for con, _ in found:
                    conn.exec_driver_sql(f"ALTER TABLE {name} DROP CONSTRAINT {quote(con)}")
            dropped = [(con, definition) for con, definition in found]
        except DBAPIError:  # not the table's owner: load with the constraints in place
            dropped = []
    yield
    for con, definition in dropped:
        conn.exec_driver_sql(f"ALTER TABLE {name} ADD CONSTRAINT {quote(con)} {definition}")


def write(
    conn: Connection,
    table: Table,
    conflict: str,
    update: list[str],
    new: dict[str, list[Any]],
    existing: dict[str, list[Any]],
    report: Report,
) -> None:
    json_columns = {c.name for c in table.columns if isinstance(c.type, JSON)}
    n_new = len(next(iter(new.values()), []))
    n_existing = len(next(iter(existing.values()), []))
    big = n_new + n_existing >= BULK_ROWS
    suspended: AbstractContextManager[None] = (
        foreign_keys_checked_after(conn, table) if big else nullcontext()
    )
    with suspended:
        done = _copy(conn, table.name, new, json_columns, report, 0) if n_new else 0
        if n_existing:
            _upsert(conn, table, conflict, update, existing, json_columns, report, done)
