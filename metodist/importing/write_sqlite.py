"""SQLite: the compiled statement straight to the driver's executemany, in chunks.

Values are turned into what SQLAlchemy would bind (ISO date text, JSON text)
once per column — once per distinct date — instead of SQLAlchemy processing
every parameter of every row, which costs more than SQLite's own insert. New
rows take a plain INSERT, cheaper for SQLite than an upsert; a larger page
cache for the import keeps the index pages of a 240k-row table in memory.
"""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import JSON, Column, Connection, Table
from sqlalchemy.dialects import sqlite

from metodist.importing.writers import CHUNK, Report, on_conflict

CACHE_KIB = 256 * 1024


@contextmanager
def larger_cache(conn: Connection) -> Iterator[None]:
    """A larger page cache while the import writes, the connection's own size again after."""
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
    conn.exec_driver_sql(f"PRAGMA cache_size=-{CACHE_KIB}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(before)}")


def _bound(conn: Connection, column: Column[Any], values: list[Any]) -> list[Any]:
    """What SQLAlchemy would bind for each value."""
    if isinstance(column.type, JSON):  # SQLAlchemy's JSON bind is its serializer plus checks
        dumps = getattr(conn.dialect, "_json_serializer", None) or json.dumps
        return [None if v is None else dumps(v) for v in values]
    process = column.type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
    if process is None:
        return values
    once = {v: process(v) for v in set(values)}  # dates: a few thousand distinct values
    return list(map(once.__getitem__, values))


def _execute(
    conn: Connection,
    stmt: Any,
    table: Table,
    columns: dict[str, list[Any]],
    report: Report,
    done: int,
) -> int:
    compiled = stmt.compile(dialect=conn.dialect, column_keys=list(columns))
    order = compiled.positiontup or []
    rows = list(zip(*(_bound(conn, table.c[n], columns[n]) for n in order), strict=True))
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        conn.exec_driver_sql(compiled.string, chunk)
        report(done + start + len(chunk))
    return done + len(rows)


def write(
    conn: Connection,
    table: Table,
    conflict: str,
    update: list[str],
    new: dict[str, list[Any]],
    existing: dict[str, list[Any]],
    report: Report,
) -> None:
    done = 0
    if next(iter(new.values()), None):
        done = _execute(conn, sqlite.insert(table), table, new, report, done)
    if next(iter(existing.values()), None):
        stmt = on_conflict(sqlite.insert(table), table, conflict, update)
        _execute(conn, stmt, table, existing, report, done)
