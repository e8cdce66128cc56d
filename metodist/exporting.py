"""What every export (recommendations, events, efficacy) writes the same way.

A CSV cell a spreadsheet would run as a formula is written with an
apostrophe before it (OWASP, "CSV Injection"), and an export file appears
whole or not at all, as a document does.
"""

import sys
from pathlib import Path
from typing import Any

from metodist import atomic

#: what makes a spreadsheet read a cell as a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def not_a_formula(value: Any) -> Any:
    """A text cell a spreadsheet would take for a formula, with an apostrophe before it."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_cell(value: Any) -> Any:
    """A value as an export's CSV writes it: unknown as an empty cell, no formulas."""
    return "" if value is None else not_a_formula(value)


def write_export(out: Path | str | None, text: str) -> None:
    """`text` to the file `out`, atomically, or to standard output when `out` is None."""
    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        atomic.write_text(out, text)
