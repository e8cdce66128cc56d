"""Checks one table on its own: header, every cell, unique codes and natural keys.

Checks that need other tables or the database (references) are in
`references.py`, those across the cells of one row in `rows.py`. Work goes
column by column: a column's converter runs once per distinct value (a
column of 200,000 dates holds a few thousand) and is mapped over the cells at
C speed; only a column that has a bad cell is walked
again cell by cell to say which. Rows with a bad cell are kept (None in
that cell) so that their other cells are still checked: the user gets every
error in one pass.
"""

from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Table

import models
from metodist.importing.cells import BadCell, Converter, converter, norm
from metodist.importing.issues import MISSING, ImportIssue
from metodist.importing.keys import key_column
from metodist.importing.parsed import ParsedTable
from metodist.importing.rows import check_rows
from metodist.importing.sources import RawTable
from metodist.importing.spec import TABLES_BY_NAME, ColumnSpec, TableSpec

Progress = Callable[[str, int, int], None]


def model_table(spec: TableSpec) -> Table:
    table: Table = getattr(models, spec.model).__table__
    return table


def _map_header(
    raw: RawTable, spec: TableSpec, issues: list[ImportIssue]
) -> tuple[list[tuple[int, ColumnSpec]], dict[str, str]]:
    """Columns found in the header, by position; one issue per unknown, doubled or missing one."""
    lookup: dict[str, ColumnSpec] = {}
    for col in spec.columns:
        lookup[norm(col.key)] = col
        lookup[norm(col.label)] = col
    found: list[tuple[int, ColumnSpec]] = []
    headers: dict[str, str] = {}
    first_at: dict[str, int] = {}
    for idx, head in enumerate(raw.header):
        if not head:
            continue  # an unnamed column is fine while it stays empty (see _stray_cells)
        match = lookup.get(norm(head))
        if match is None:
            known = ", ".join(f"{c.label} ({c.key})" for c in spec.columns)
            issues.append(
                ImportIssue(raw.source, 1, head, head, f"a column of {spec.name}: {known}")
            )
        elif match.key in first_at:
            issues.append(
                ImportIssue(
                    raw.source,
                    1,
                    head,
                    head,
                    f"each column once (also column {first_at[match.key] + 1})",
                    match.key,
                )
            )
        else:
            first_at[match.key] = idx
            headers[match.key] = head
            found.append((idx, match))
    for col in spec.columns:
        if col.required and col.key not in headers:
            issues.append(
                ImportIssue(
                    raw.source,
                    1,
                    col.label,
                    MISSING,
                    "this required column in the header row",
                    col.key,
                )
            )
    return found, headers


def _convert_column(
    convert: Converter,
    cells: list[Any],
    where: tuple[str, str, str],
    rownums: list[int],
    bad: set[int],
    issues: list[ImportIssue],
) -> list[Any]:
    try:
        distinct = set(cells)
        if len(distinct) * 2 <= len(cells):  # enumerations, dates, scores, teacher codes
            once = {cell: convert(cell) for cell in distinct}
            return list(map(once.__getitem__, cells))
        return list(map(convert, cells))
    except BadCell:
        pass
    source, head, key = where
    values: list[Any] = []
    for pos, cell in enumerate(cells):
        try:
            values.append(convert(cell))
        except BadCell as exc:
            values.append(None)
            bad.add(pos)
            issues.append(ImportIssue(source, rownums[pos], head, cell, exc.expected, key))
    return values


def parse_table(
    raw: RawTable, issues: list[ImportIssue], progress: Progress | None = None
) -> ParsedTable:
    """Convert every cell of the table and check codes or natural keys are unique in the file."""
    spec = TABLES_BY_NAME[raw.name]
    table = model_table(spec)
    found, headers = _map_header(raw, spec, issues)
    rownums, rows = raw.rownums, raw.rows
    width = len(raw.header)
    if rows and min(map(len, rows)) < width:  # short rows: the missing cells are empty
        rows = [r if len(r) >= width else [*r, *[None] * (width - len(r))] for r in rows]
    parsed = ParsedTable(spec, raw.source, headers, {}, rownums)
    for done, (idx, col) in enumerate(found, start=1):
        convert = converter(col, getattr(table.c[col.key].type, "length", None))
        cells = list(map(itemgetter(idx), rows))
        parsed.columns[col.key] = _convert_column(
            convert, cells, (raw.source, headers[col.key], col.key), rownums, parsed.bad, issues
        )
        if progress:
            progress(f"check {spec.name}", done, len(found))
    _stray_cells(raw, rows, {idx for idx, _ in found}, issues)
    if spec.has_code:
        _unique_codes(parsed, issues)
    else:
        _unique_keys(parsed, issues)
    if spec.name == "teachers" and "mentor_code" in headers:
        _no_self_mentors(parsed, issues)
    check_rows(parsed, issues)
    return parsed


def _stray_cells(
    raw: RawTable, rows: list[Sequence[Any]], named: set[int], issues: list[ImportIssue]
) -> None:
    """Values under an empty header cell, or beyond the header, would be lost: errors."""
    width = len(raw.header)
    unnamed = [i for i in range(width) if i not in named and not raw.header[i]]
    longest = max(map(len, rows), default=0)
    if not unnamed and longest <= width:
        return
    for pos, cells in enumerate(rows):
        for idx in [*unnamed, *range(width, len(cells))]:
            cell = cells[idx]
            if cell is not None and (type(cell) is not str or cell.strip()):
                issues.append(
                    ImportIssue(
                        raw.source,
                        raw.rownums[pos],
                        f"#{idx + 1}",
                        cell,
                        "no value in a column without a header",
                    )
                )


def _duplicates(values: list[Any], skip: set[int]) -> list[tuple[int, int]]:
    """(position, position of the first occurrence) of every repeated value; None never repeats."""
    if len(set(values)) == len(values):
        return []
    first: dict[Any, int] = {}
    out: list[tuple[int, int]] = []
    for pos, value in enumerate(values):
        if value is None or pos in skip:
            continue
        if value in first:
            out.append((pos, first[value]))
        else:
            first[value] = pos
    return out


def _unique_codes(parsed: ParsedTable, issues: list[ImportIssue]) -> None:
    codes = parsed.columns.get("code")
    if codes is None:
        return
    head, rownums = parsed.headers["code"], parsed.rownums
    for pos, earlier in _duplicates(codes, parsed.bad):
        issues.append(
            ImportIssue(
                parsed.source,
                rownums[pos],
                head,
                codes[pos],
                f"a unique code (already on row {rownums[earlier]})",
                "code",
            )
        )


def _unique_keys(parsed: ParsedTable, issues: list[ImportIssue]) -> None:
    """Give each row its `key`; a second row with the same key is an error naming the first."""
    spec, columns, rownums = parsed.spec, parsed.columns, parsed.rownums
    keys = columns["key"] = key_column(spec, columns, len(parsed))
    names = spec.natural_key
    heads = " + ".join(parsed.headers.get(k, spec.column(k).label) for k in names)
    for pos, earlier in _duplicates(keys, parsed.bad):
        shown = " + ".join(
            "" if (v := columns.get(k, [None] * len(keys))[pos]) is None else str(v) for k in names
        )
        issues.append(
            ImportIssue(
                parsed.source,
                rownums[pos],
                heads,
                shown,
                f"one row per {' + '.join(names)} (row {rownums[earlier]} has the same)",
                " + ".join(names),
            )
        )


def _no_self_mentors(parsed: ParsedTable, issues: list[ImportIssue]) -> None:
    head = parsed.headers["mentor_code"]
    mentors = parsed.columns["mentor_code"]
    codes = parsed.columns.get("code") or [None] * len(mentors)
    for pos, (mentor, code) in enumerate(zip(mentors, codes, strict=True)):
        if mentor is not None and mentor == code:
            issues.append(
                ImportIssue(
                    parsed.source,
                    parsed.rownums[pos],
                    head,
                    mentor,
                    "another teacher's code (a teacher cannot mentor themself)",
                    "mentor_code",
                )
            )
