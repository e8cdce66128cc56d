"""Writing the demo as the product reads its input: a CSV folder or one workbook.

Both follow docs/contract.md and take the columns from `metodist.importing.spec`,
the description the importer validates against, so a written demo always has
the headers the importer expects: keys as headers, ISO dates, lists joined
with «;», unknown values as empty cells (so are columns the generator does not
fill: the importer's defaults apply).
"""

import csv
from datetime import date
from pathlib import Path
from typing import Any

DemoData = dict[str, list[dict[str, Any]]]


def _cell(value: Any) -> Any:
    """A value as the contract writes it; dates stay dates for the workbook."""
    if value is None:
        return None
    if isinstance(value, list):
        return ";".join(str(v) for v in value)  # spec.LIST_SEPARATOR
    return value


def _text(value: Any) -> str:
    value = _cell(value)
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _keys(table: str) -> list[str]:
    # imported here: `metodist.importing` pulls in the database layer, which
    # `generate()` alone does not need
    from metodist.importing.spec import LIST_SEPARATOR, TABLES_BY_NAME

    assert LIST_SEPARATOR == ";"
    return TABLES_BY_NAME[table].keys


def write_csv(data: DemoData, folder: Path) -> list[Path]:
    """One UTF-8 `<table>.csv` per table into `folder` (created); returns the files."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table, rows in data.items():
        keys = _keys(table)
        path = folder / f"{table}.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(keys)
            writer.writerows([_text(row.get(k)) for k in keys] for row in rows)
        written.append(path)
    return written


def write_xlsx(data: DemoData, path: Path) -> Path:
    """One workbook, a sheet per table named as the table, keys as the header row.

    Write-only mode streams rows to disk, so a 40,000-teacher region (a quarter
    of a million diagnostic rows) fits in little memory.
    """
    from openpyxl import Workbook  # here: a second of import time `generate()` does not need

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook(write_only=True)
    for table, rows in data.items():
        keys = _keys(table)
        ws = wb.create_sheet(title=table)
        ws.append(keys)
        for row in rows:
            ws.append([_cell(row.get(k)) for k in keys])
    wb.save(path)
    return path
