"""What went wrong in an import, said so that a coordinator can find and fix the cell.

Every problem becomes one `ImportIssue`; the importer collects them all and
raises one `ImportFailed`, so a school's file is corrected in one pass instead
of one error per attempt.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

#: How many issues `str(ImportFailed)` prints; the exception keeps all of them.
SHOWN_ISSUES = 200
_VALUE_WIDTH = 80


class _Missing:
    """The value of something that is not there at all: a file, a sheet, a header column."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass(frozen=True, slots=True)
class ImportIssue:
    """One problem: where (file or sheet, row, column) and what was expected instead.

    `row` is the row number the user sees in Excel or a text editor (the header
    is row 1); `column` is the header as written in the file, `key` the column's
    key in docs/contract.md. Problems with a whole file have no row or column.
    """

    source: str
    row: int | None
    column: str | None
    value: Any
    expected: str
    key: str | None = None

    def __str__(self) -> str:
        where = [self.source]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            col = f'column "{self.column}"'
            if self.key and self.key != self.column:
                col += f" ({self.key})"
            where.append(col)
        if self.value is None and self.column is None:
            return f"{', '.join(where)}: expected {self.expected}"
        return f"{', '.join(where)}: {_show(self.value)} — expected {self.expected}"


def _show(value: Any) -> str:
    if value is MISSING:
        return "missing"
    if value is None or value == "":
        return "empty"
    text = str(value)
    if len(text) > _VALUE_WIDTH:
        text = text[: _VALUE_WIDTH - 1] + "…"
    return f'"{text}"'


class ImportFailed(Exception):
    """The import wrote nothing; `issues` lists every problem found."""

    def __init__(self, issues: Sequence[ImportIssue]) -> None:
        self.issues: list[ImportIssue] = list(issues)
        super().__init__(self._summary())

    def _summary(self) -> str:
        n = len(self.issues)
        head = f"import failed, nothing was written: {n} problem{'s' if n != 1 else ''}"
        lines = [head, *(str(i) for i in self.issues[:SHOWN_ISSUES])]
        if n > SHOWN_ISSUES:
            lines.append(f"… and {n - SHOWN_ISSUES} more")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self._summary()
