"""Writing validated tables: bulk upserts, in foreign-key order, on the caller's transaction.

Organizations, teachers and catalogue courses upsert on `code`, the other
tables on `key`. Each table's stored rows are read first (only when the table
already has rows) so that rows equal to what is stored are not written at all:
a re-import of the same data changes nothing, and the counts say so.

Upserts are `INSERT … ON CONFLICT DO UPDATE` (see `writers.py`). Never
`INSERT OR REPLACE`: on SQLite that deletes the old row first, and the
`ON DELETE CASCADE` from organization to teacher (and from teacher to every
input table) would silently remove the dependent rows.

Columns missing from a file are left as stored on existing rows; new rows get
the model's defaults. An empty cell in a column that the schema keeps non-null
(`position`, `vacancies`, `category`, …) is stored as the model's default too.
"""

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, Table, func, select

import models
from metodist.importing.parsed import ParsedTable
from metodist.importing.report import TableCounts
from metodist.importing.validate import model_table
from metodist.importing.writers import bulk_session, write_rows

Progress = Callable[[str, int, int], None]
_LOOKUP_CHUNK = 900


def _defaults(parsed: ParsedTable) -> dict[str, Any]:
    """Model default of every non-nullable, non-required column (what an empty cell becomes)."""
    spec = parsed.spec
    fields = getattr(models, spec.model).model_fields
    table = model_table(spec)
    out: dict[str, Any] = {}
    for col in spec.columns:
        if col.required or table.c[col.key].nullable:
            continue
        info = fields[col.key]
        out[col.key] = info.default_factory() if info.default_factory else info.default
    return out


def _complete(parsed: ParsedTable) -> dict[str, list[Any]]:
    """Every column of the table, one value per row: the file's values, defaults where empty."""
    n = len(parsed)
    defaults = _defaults(parsed)
    columns: dict[str, list[Any]] = {}
    for key in parsed.spec.keys:
        values = parsed.columns.get(key)
        default = defaults.get(key)
        if values is None:
            values = [default] * n
        elif default is not None and None in values:
            values = [default if v is None else v for v in values]
        columns[key] = values
    if not parsed.spec.has_code:
        columns["key"] = parsed.columns["key"]
    return columns


def _scan(conn: Connection, table: Table, names: list[str]) -> list[tuple[Any, ...]]:
    """Every stored row's `names` columns, as Python values, read column by column.

    The rows come raw from the driver and each column's SQLAlchemy result
    processor (SQLite keeps dates and JSON as text) runs once per distinct
    value: row-by-row typed fetching of a 240k-row table costs seconds.
    """
    sql = select(*(table.c[n] for n in names)).compile(dialect=conn.dialect).string
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    rows = cursor.execute(sql).fetchall()  # plain tuples, no Row objects
    if not rows:
        return []
    columns: list[Sequence[Any]] = []
    described = zip(names, cursor.description, zip(*rows, strict=True), strict=True)
    for name, description, values in described:
        column_type = table.c[name].type.dialect_impl(conn.dialect)
        process = column_type.result_processor(conn.dialect, description[1])
        if process is not None:
            once = {v: process(v) for v in set(values)}  # raw values are text or numbers
            values = tuple(map(once.__getitem__, values))
        columns.append(values)
    return list(zip(*columns, strict=True))


def _stored(
    conn: Connection, table: Table, conflict: str, compare: list[str], keys: Sequence[Any]
) -> dict[Any, tuple[Any, ...]]:
    """Stored values of the `compare` columns for the rows among `keys`, by conflict key."""
    stored_rows = conn.execute(select(func.count()).select_from(table)).scalar_one()
    if stored_rows == 0:
        return {}
    if len(keys) * 4 >= stored_rows:  # most of the table: one scan is cheaper than look-ups
        return {r[0]: r[1:] for r in _scan(conn, table, [conflict, *compare])}
    cols = [table.c[conflict], *(table.c[c] for c in compare)]
    out: dict[Any, tuple[Any, ...]] = {}
    for start in range(0, len(keys), _LOOKUP_CHUNK):
        chunk = list(keys[start : start + _LOOKUP_CHUNK])
        for r in conn.execute(select(*cols).where(table.c[conflict].in_(chunk))):
            out[r[0]] = tuple(r[1:])
    return out


def write_table(
    conn: Connection, parsed: ParsedTable, progress: Progress | None = None
) -> TableCounts:
    """Upsert one table's rows; returns what was inserted, updated or left unchanged."""
    spec = parsed.spec
    table = model_table(spec)
    conflict = "code" if spec.has_code else "key"
    columns = _complete(parsed)
    compare = [k for k in spec.keys if k in parsed.headers and k != conflict]
    keys = columns[conflict]
    stored = _stored(conn, table, conflict, compare, keys)
    counts = TableCounts(read=len(parsed))
    new_rows: Sequence[int] = range(0)
    existing_rows: Sequence[int] = range(0)
    if stored:
        mine = zip(keys, zip(*(columns[c] for c in compare), strict=True), strict=True)
        pending = [pos for pos, (k, values) in enumerate(mine) if stored.get(k) != values]
        existing_rows = [pos for pos in pending if keys[pos] in stored]
        new_rows = [pos for pos in pending if keys[pos] not in stored]
    else:
        new_rows = range(len(keys))
    counts.inserted, counts.updated = len(new_rows), len(existing_rows)
    counts.unchanged = counts.read - counts.written
    total, label = counts.written, f"load {spec.name}"

    def report(done: int) -> None:
        if progress:
            progress(label, done, total)

    report(0)
    if total:
        write_rows(
            conn,
            table,
            conflict,
            compare,
            _pick(columns, new_rows),
            _pick(columns, existing_rows),
            report,
        )
    return counts


def _pick(columns: dict[str, list[Any]], positions: Sequence[int]) -> dict[str, list[Any]]:
    if isinstance(positions, range) and len(positions) == len(next(iter(columns.values()))):
        return columns
    return {k: [v[pos] for pos in positions] for k, v in columns.items()}


def load_tables(
    conn: Connection, tables: list[ParsedTable], progress: Progress | None = None
) -> dict[str, TableCounts]:
    """Write the tables in the order given (docs/contract.md order = foreign-key order)."""
    with bulk_session(conn):
        return {parsed.spec.name: write_table(conn, parsed, progress) for parsed in tables}
