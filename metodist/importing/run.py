"""`import_path`: read, check everything, then write everything in one transaction — or nothing.

The order matters for the promise "on any error nothing is written": every
file is read and every cell checked before the database is touched; the
references are then checked inside the same transaction that writes, and any
issue (or any database error while writing) rolls that transaction back.
"""

import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, select

from metodist.db import init_db
from metodist.importing.codes import check_look_alikes
from metodist.importing.issues import MISSING, ImportFailed, ImportIssue
from metodist.importing.load import load_tables
from metodist.importing.parsed import ParsedTable
from metodist.importing.references import check_references
from metodist.importing.report import ImportReport
from metodist.importing.sources import CsvFolder, Source, open_source, spec_order
from metodist.importing.spec import TABLES
from metodist.importing.validate import parse_table
from metodist.memory import release_free_memory

Progress = Callable[[str, int, int], None]


def _read_and_check(
    source: Source, issues: list[ImportIssue], progress: Progress | None, seconds: dict[str, float]
) -> dict[str, ParsedTable]:
    """Every table the source holds, converted and checked on its own (no database yet)."""
    parsed: dict[str, ParsedTable] = {}
    for name in spec_order(source.present()):
        started = time.perf_counter()
        raw = source.read(name, issues)
        seconds["read"] += time.perf_counter() - started
        if raw is None:
            continue
        if progress:
            progress(f"read {name}", len(raw.rows), len(raw.rows))
        started = time.perf_counter()
        parsed[name] = parse_table(raw, issues, progress)
        seconds["validate"] += time.perf_counter() - started
        del raw
    where = "file in the folder" if isinstance(source, CsvFolder) else "sheet in the workbook"
    for spec in TABLES:
        if spec.required_file and spec.name not in source.present():
            issues.append(
                ImportIssue(
                    source.source_of(spec.name), None, None, MISSING, f"this required {where}"
                )
            )
    return parsed


def _required_not_empty(
    conn: Connection, parsed: dict[str, ParsedTable], issues: list[ImportIssue]
) -> None:
    """A required table with only its header, into a database holding none of its rows, is
    a mistake (a wrong or truncated export), not an import of nothing."""
    from metodist.importing.validate import model_table

    for name, table in parsed.items():
        if table.spec.required_file and len(table) == 0:
            model = model_table(table.spec)
            if conn.execute(select(model.c.code).limit(1)).first() is None:
                issues.append(
                    ImportIssue(
                        table.source,
                        2,
                        None,
                        None,
                        f"at least one row of {name}: the {_kind(table.source)} has only its "
                        "header, and the database holds none yet",
                    )
                )


def _kind(source: str) -> str:
    return "sheet" if ", sheet " in source else "file"


def import_path(
    path: Path, *, url: str | None = None, progress: Progress | None = None
) -> ImportReport:
    """Import a folder of CSV files or an .xlsx workbook into the database at `url`.

    Raises `ImportFailed` with every problem found, having written nothing.
    `progress(label, done, total)` is called as each table is read ("read teachers",
    rows), checked ("check teachers", columns) and written ("load teachers", rows, per
    chunk). `ImportReport.seconds` has the read, validate and load times.
    """
    path = Path(path)
    issues: list[ImportIssue] = []
    seconds = {"read": 0.0, "validate": 0.0, "load": 0.0}
    started = time.perf_counter()
    source = open_source(path, issues)
    seconds["read"] += time.perf_counter() - started
    if source is None:
        raise ImportFailed(issues)
    try:
        parsed = _read_and_check(source, issues, progress, seconds)
    finally:
        source.close()
    report = ImportReport(
        source=source.display, ignored=source.ignored, warnings=source.warnings, seconds=seconds
    )
    with init_db(url).begin() as conn:
        checked = time.perf_counter()
        check_references(conn, parsed, issues)
        check_look_alikes(conn, parsed, issues)
        _required_not_empty(conn, parsed, issues)
        seconds["validate"] += time.perf_counter() - checked
        if issues:
            raise ImportFailed(issues)
        loading = time.perf_counter()
        report.tables = load_tables(conn, [parsed[n] for n in spec_order(list(parsed))], progress)
    seconds["load"] = time.perf_counter() - loading
    del parsed  # in the database now: its rows' memory goes back to the system
    release_free_memory()
    return report
