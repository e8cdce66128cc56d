"""References between tables: every code a row names must exist, in this import or already stored.

A teacher's organization, a row's teacher, a mentor, an event's organization
and presenters. Codes the import itself defines are checked from memory with
set arithmetic; only the rest are looked up in the database, in chunks, inside
the import's own transaction (so the answer cannot change before the rows are
written). Mentors have no foreign key in the schema, so this is their only check.
"""

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, select

from metodist.importing.codes import look_alike_hint, stored_code_list
from metodist.importing.issues import ImportIssue
from metodist.importing.parsed import ParsedTable
from metodist.importing.spec import TABLES_BY_NAME, ColumnSpec
from metodist.importing.validate import model_table

_LOOKUP_CHUNK = 900  # well under SQLite's bound-parameter limit
_WHO = {"organizations": "an organization", "teachers": "a teacher"}


def stored_codes(conn: Connection, table_name: str, codes: Iterable[str]) -> set[str]:
    """Which of `codes` the table `table_name` (organizations, teachers, courses) holds."""
    table = model_table(TABLES_BY_NAME[table_name])
    found: set[str] = set()
    wanted = sorted(codes)
    for start in range(0, len(wanted), _LOOKUP_CHUNK):
        chunk = wanted[start : start + _LOOKUP_CHUNK]
        found.update(conn.execute(select(table.c.code).where(table.c.code.in_(chunk))).scalars())
    return found


def _named(values: list[Any], is_list: bool) -> set[str]:
    """Every code a column names (list columns hold several per cell)."""
    if is_list:
        return {code for cell in values if cell for code in cell}
    return set(values) - {None}


def check_references(
    conn: Connection, parsed: dict[str, ParsedTable], issues: list[ImportIssue]
) -> None:
    """Append one issue per row and column naming a code found neither in the import nor stored."""
    refs: list[tuple[ParsedTable, ColumnSpec, str]] = [
        (table, col, col.ref)
        for table in parsed.values()
        for col in table.spec.columns
        if col.ref and col.key in table.columns
    ]
    defined: dict[str, set[str]] = {
        name: set(parsed[name].columns.get("code", ())) - {None}
        for name in {ref for _, _, ref in refs}
        if name in parsed
    }
    unknown: dict[str, set[str]] = {}
    for table, col, ref in refs:
        named = _named(table.columns[col.key], col.kind == "list")
        unknown.setdefault(ref, set()).update(named - defined.get(ref, set()))
    missing = {
        ref: codes - stored_codes(conn, ref, codes) for ref, codes in unknown.items() if codes
    }
    known: dict[str, list[str]] = {}  # for a hint at a look-alike of the code meant
    for table, col, ref in refs:
        absent = missing.get(ref)
        if absent:
            if ref not in known:
                known[ref] = sorted(defined.get(ref, set())) + stored_code_list(conn, ref)
            _report(table, col, absent, issues, known[ref])


def _report(
    table: ParsedTable,
    col: ColumnSpec,
    absent: set[str],
    issues: list[ImportIssue],
    known: list[str],
) -> None:
    assert col.ref is not None
    expected = (
        f"the code of {_WHO.get(col.ref, 'a row')} in {col.ref} "
        "(in this import or already in the database)"
    )
    head = table.headers[col.key]
    for pos, cell in enumerate(table.columns[col.key]):
        if cell is None:
            continue
        wrong = (
            [c for c in cell if c in absent]
            if col.kind == "list"
            else ([cell] if cell in absent else [])
        )
        if wrong:
            hint = "".join(look_alike_hint(code, known) for code in wrong)
            issues.append(
                ImportIssue(
                    table.source,
                    table.rownums[pos],
                    head,
                    "; ".join(wrong),
                    expected + hint,
                    col.key,
                )
            )
