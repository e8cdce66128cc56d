"""What a workbook can hide from a reader of its values: formulas, merged cells, hidden sheets.

openpyxl reads a formula that was never calculated (a file written by a
program, not saved by Excel) as an empty cell, and a merged range as a value
in its first cell and empty ones under it; a hidden sheet is read like any
other. Each of these would silently blank or overwrite data, so each is an
import issue naming the sheet, row and column.
"""

import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl.utils.cell import get_column_letter, range_boundaries

from metodist.importing.issues import ImportIssue

_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
HIDDEN_STATES = {
    "hidden": "hidden",
    "veryHidden": "very hidden (Excel's menus cannot show it; only a macro can)",
}


def hidden_sheet(source: str, state: str) -> ImportIssue:
    return ImportIssue(
        source,
        None,
        None,
        None,
        f"a visible sheet: this one is {HIDDEN_STATES.get(state, state)}, so what it holds "
        "is not what the coordinator sees; show it and check it, or delete it",
    )


def sheet_xml(path: Path, member: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(member)


def merged_cells(source: str, xml: bytes, header: Sequence[str]) -> list[ImportIssue]:
    issues = []
    for ref in _MERGE.findall(xml):
        min_col, min_row, _, _ = range_boundaries(ref.decode())
        issues.append(
            ImportIssue(
                source,
                min_row,
                _column(header, min_col - 1),
                None,
                f"no merged cells: {ref.decode()} is merged, so only its first cell holds a "
                "value and the others read as empty; unmerge it and fill in every cell",
            )
        )
    return issues


def has_formulas(xml: bytes) -> bool:
    return _FORMULA.search(xml) is not None


def uncalculated_formulas(
    source: str,
    header: Sequence[str],
    values: Sequence[Sequence[Any]],
    formulas: Sequence[Sequence[Any]],
) -> list[ImportIssue]:
    """Cells holding a formula but no stored result (rows from row 2, as `values`)."""
    issues = []
    for offset, (row, written) in enumerate(zip(values, formulas, strict=False)):
        for idx, formula in enumerate(written):
            value = row[idx] if idx < len(row) else None
            if value is None and isinstance(formula, str) and formula.startswith("="):
                issues.append(
                    ImportIssue(
                        source,
                        offset + 2,
                        _column(header, idx),
                        formula,
                        "a value: the cell holds a formula with no stored result (the file was "
                        "not saved by Excel or LibreOffice); open and save it there, or paste "
                        "the values",
                    )
                )
    return issues


def _column(header: Sequence[str], idx: int) -> str:
    name = header[idx] if idx < len(header) else ""
    return name or get_column_letter(idx + 1)
