"""Cell converters: one function per column, built once, applied to every cell.

A cell arrives as text (CSV) or typed (XLSX: int, float, datetime). Each
`ColumnSpec` gets a converter that returns the stored value, None for an empty
cell, or raises `BadCell` saying what was expected. Building the checks into a
closure once per column keeps ~2 million cells of a region to a couple of
seconds of pure Python: no regular expressions, no per-cell look-up of the spec.
"""

import math
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from metodist.importing.codes import code_problem
from metodist.importing.spec import LIST_SEPARATOR, ColumnSpec

#: a text cell without a length of its own in the schema holds at most this many characters
MAX_TEXT = 10_000

Converter = Callable[[Any], Any]

DATE_FORMAT = "a date as YYYY-MM-DD or ДД.ММ.ГГГГ"
REAL_DATE = "a real calendar date (YYYY-MM-DD or ДД.ММ.ГГГГ)"
REQUIRED = "a value (this column is required)"


class BadCell(ValueError):
    """The cell does not fit its column; `expected` completes "expected …"."""

    def __init__(self, expected: str) -> None:
        super().__init__(expected)
        self.expected = expected


def norm(text: str) -> str:
    """Loose form of a label or an enumeration value: trimmed, one space, case and «ё» folded."""
    return " ".join(text.split()).casefold().replace("ё", "е")


def as_text(raw: Any) -> str | None:
    """Any cell as trimmed text; None when empty. A whole float (Excel's 101.0) is written 101."""
    if raw is None:
        return None
    if type(raw) is str:
        return raw.strip() or None
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime):
        return raw.date().isoformat() if raw.time() == time() else raw.isoformat(sep=" ")
    if isinstance(raw, date):
        return raw.isoformat()
    return str(raw).strip() or None


def _range_text(col: ColumnSpec) -> str:
    def num(x: float) -> str:
        return str(int(x)) if float(x).is_integer() else str(x)

    if col.min is not None and col.max is not None:
        return f" from {num(col.min)} to {num(col.max)}"
    if col.min is not None:
        return f" ≥ {num(col.min)}"
    if col.max is not None:
        return f" ≤ {num(col.max)}"
    return ""


def choices_text(choices: dict[str, str]) -> str:
    """Keys with their labels; a choice that is its own label (a position) is named once."""
    return ", ".join(key if key == label else f"{key} ({label})" for key, label in choices.items())


def expected_text(col: ColumnSpec) -> str:
    """What a good value of the column looks like, for messages and the notes sheet."""
    match col.kind:
        case "int":
            return "a whole number" + _range_text(col)
        case "float":
            return "a number" + _range_text(col)
        case "date":
            return DATE_FORMAT
        case "enum":
            return "one of: " + choices_text(col.choices or {})
        case "enum_list":
            sep = LIST_SEPARATOR
            return f'values separated by "{sep}", each one of: ' + choices_text(col.choices or {})
        case "list":
            return f'values separated by "{LIST_SEPARATOR}"'
        case _:
            return "text"


def _parse_int(text: Any, expected: str) -> int:
    """The slow path of an int cell: "12.0", "12,0", "1 200", or a typed Excel number."""
    if type(text) is str:
        try:
            value = float(text.replace(",", ".").replace(" ", "").replace("\xa0", ""))
        except ValueError:
            raise BadCell(expected) from None
    elif type(text) is float:
        value = text
    else:
        raise BadCell(expected)
    if math.isfinite(value) and value.is_integer():
        return int(value)
    raise BadCell(expected)


def _parse_float(text: Any, expected: str) -> float:
    """The slow path of a float cell: "12,5", "1 200,5", or a typed Excel number."""
    if type(text) is str:
        try:
            return float(text.replace(",", ".").replace(" ", "").replace("\xa0", ""))
        except ValueError:
            raise BadCell(expected) from None
    if type(text) is int or type(text) is float:
        return float(text)
    raise BadCell(expected)


def parse_date(raw: Any) -> date:
    """ISO YYYY-MM-DD or ДД.ММ.ГГГГ text, or an Excel date cell; impossible dates are refused."""
    if type(raw) is str:
        text = raw
        if len(text) == 19 and text.endswith((" 00:00:00", "T00:00:00")):
            text = text[:10]  # what some tools write for a date cell
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            parts = [text[:4], text[5:7], text[8:]]
        else:
            parts = text.split(".")[::-1]  # year, month, day
            if len(parts) != 3 or len(parts[0]) != 4 or not 1 <= len(parts[2]) <= 2:
                raise BadCell(DATE_FORMAT)
        if not all(p.isascii() and p.isdigit() for p in parts):
            raise BadCell(DATE_FORMAT)
        try:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError:
            raise BadCell(REAL_DATE) from None
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    raise BadCell(DATE_FORMAT)


def enum_lookup(choices: dict[str, str]) -> dict[str, str]:
    """Every accepted spelling (key or Russian label, exact or loosely) → key."""
    table: dict[str, str] = {}
    for key, label in choices.items():
        for spelling in (key, label):
            table[spelling] = key
            table[norm(spelling)] = key
    return table


def _split(text: str) -> list[str]:
    items = [item.strip() for item in text.split(LIST_SEPARATOR)]
    return list(dict.fromkeys(item for item in items if item))


def _in_range(col: ColumnSpec) -> Callable[[float], bool]:
    """A range test that also refuses NaN and infinities."""
    low = -math.inf if col.min is None else col.min
    high = math.inf if col.max is None else col.max
    return lambda value: low <= value <= high and math.isfinite(value)


def converter(col: ColumnSpec, max_length: int | None = None) -> Converter:
    """The converter of one column: empty → None (or BadCell if required), else checked value.

    One closure per kind, each doing the whole job in one call: a cell costs one
    Python call on the common path (text already clean, number already valid).
    """
    expected = expected_text(col)
    required = col.required

    def empty() -> Any:
        """None for an empty cell, unless the column is required."""
        if required:
            raise BadCell(REQUIRED)
        return None

    match col.kind:
        case "str":
            limit = max_length or MAX_TEXT
            too_long = f"text of at most {limit} characters"
            is_code = col.key == "code" or col.ref is not None

            def convert_text(raw: Any) -> str | None:
                text = raw.strip() if type(raw) is str else as_text(raw)
                if not text:
                    return empty()
                if len(text) > limit:
                    raise BadCell(f"{too_long} (this one has {len(text)})")
                if is_code and (problem := code_problem(text)):
                    raise BadCell(problem)
                return text

            return convert_text
        case "enum":
            lookup = enum_lookup(col.choices or {})

            def convert_enum(raw: Any) -> str | None:
                text = raw.strip() if type(raw) is str else as_text(raw)
                if not text:
                    return empty()
                key = lookup.get(text)
                if key is None:
                    key = lookup.get(norm(text))
                    if key is None:
                        raise BadCell(expected)
                return key

            return convert_enum
        case "int" | "float":
            fits = _in_range(col)
            number: Callable[[Any], Any] = int if col.kind == "int" else float
            slow = _parse_int if col.kind == "int" else _parse_float

            def convert_number(raw: Any) -> Any:
                if raw is None:
                    return empty()
                if type(raw) is bool:  # an Excel TRUE/FALSE cell is not a number
                    raise BadCell(expected)
                try:
                    value = number(raw)  # int(" 12 ") and float(" 1.5 ") strip by themselves
                except (ValueError, TypeError, OverflowError):
                    text = raw.strip() if type(raw) is str else raw
                    if text == "":
                        return empty()
                    value = slow(text, expected)
                if type(raw) is float and number is int and value != raw:
                    raise BadCell(expected)  # int(12.5) would silently truncate
                if not fits(value):
                    raise BadCell(expected)
                return value

            return convert_number
        case "date":
            seen: dict[str, date] = {}  # a region has a few thousand distinct dates

            def convert_date(raw: Any) -> date | None:
                if type(raw) is str:
                    value = seen.get(raw)
                    if value is None:
                        text = raw.strip()
                        if not text:
                            return empty()
                        value = seen[raw] = parse_date(text)
                    return value
                if raw is None:
                    return empty()
                return parse_date(raw)

            return convert_date
        case "list" | "enum_list":
            lookup = enum_lookup(col.choices or {}) if col.kind == "enum_list" else {}

            is_codes = col.ref is not None

            def item(text: str) -> str:
                if is_codes and (problem := code_problem(text)):
                    raise BadCell(problem)
                if not lookup:
                    return text
                key = lookup.get(text) or lookup.get(norm(text))
                if key is None:
                    raise BadCell(
                        f'each value one of: {choices_text(col.choices or {})} ("{text}" is not)'
                    )
                return key

            def convert_list(raw: Any) -> list[str] | None:
                text = as_text(raw) or ""
                if len(text) > MAX_TEXT:
                    raise BadCell(
                        f"text of at most {MAX_TEXT} characters (this one has {len(text)})"
                    )
                items = [item(i) for i in _split(text)]
                if not items:
                    return empty()
                return list(dict.fromkeys(items))

            return convert_list
    raise ValueError(f"unknown column kind {col.kind!r}")
