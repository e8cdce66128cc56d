"""The natural key of a row of a table without codes (diagnostics, requests, …).

Such rows are upserted on `key`, a deterministic string of the spec's
`natural_key` values, so re-importing a row updates it instead of adding a
twin. Free text is folded (case, spaces, «ё») so a re-typed title still
matches; codes, dates and enumeration keys are exact. Anyone writing these
tables outside the importer (the demo generator, tests) should use
`natural_key` so their rows and imported ones meet on the same key.
"""

import hashlib
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from metodist.importing.cells import norm
from metodist.importing.spec import TableSpec

KEY_SEPARATOR = "|"
KEY_LENGTH = 512  # the `key` column's length


def _text(value: Any) -> str:
    text = norm(value)
    if "|" in text or "\\" in text:
        text = text.replace("\\", "\\\\").replace("|", "\\|")
    return text


def _plain(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _shorten(key: str) -> str:
    """Keys longer than the column keep their start and gain a digest of the whole."""
    digest = hashlib.sha1(key.encode()).hexdigest()
    return key[: KEY_LENGTH - len(digest) - 1] + "#" + digest


def _folded(spec: TableSpec, name: str, values: Sequence[Any] | None, n: int) -> Sequence[str]:
    """One column's part of the keys; each distinct value folded once."""
    if values is None:
        return [""] * n
    col = spec.column(name)
    fold = _text if col.kind == "str" and col.ref is None else _plain
    if col.kind in ("str", "enum") and fold is _plain and None not in values:
        return values  # codes and enumeration keys are their own key part
    once = {v: "" if v is None else fold(v) for v in set(values)}
    return list(map(once.__getitem__, values))


def key_column(spec: TableSpec, columns: Mapping[str, Sequence[Any]], n: int) -> list[str]:
    """The keys of `n` rows given column by column (the importer's fast path; same result
    as `key_builder` row by row)."""
    parts = [_folded(spec, name, columns.get(name), n) for name in spec.natural_key]
    keys = list(map(KEY_SEPARATOR.join, zip(*parts, strict=True)))
    if keys and max(map(len, keys)) > KEY_LENGTH:
        keys = [k if len(k) <= KEY_LENGTH else _shorten(k) for k in keys]
    return keys


def key_builder(spec: TableSpec) -> Callable[[Mapping[str, Any]], str]:
    """A function row → key for the table; built once, called per row."""
    parts: list[tuple[str, Callable[[Any], str]]] = []
    for name in spec.natural_key:
        col = spec.column(name)
        parts.append((name, _text if col.kind == "str" and col.ref is None else _plain))

    def build(row: Mapping[str, Any]) -> str:
        key = KEY_SEPARATOR.join(
            "" if (v := row.get(name)) is None else fold(v) for name, fold in parts
        )
        return key if len(key) <= KEY_LENGTH else _shorten(key)

    return build


def natural_key(spec: TableSpec, row: Mapping[str, Any]) -> str:
    """The `key` of one row (values as stored: codes, `date`s, enumeration keys, text)."""
    return key_builder(spec)(row)
