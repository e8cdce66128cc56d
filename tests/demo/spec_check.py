"""Check generated rows against `metodist.importing.spec`: keys, kinds, ranges, references.

Reads the spec, never copies it, so a column added there is checked here too.
Returns a list of problems (empty when all is well), so a failing test shows
every problem at once.
"""

from datetime import date
from typing import Any

from metodist.importing.spec import TABLES, ColumnSpec

Data = dict[str, list[dict[str, Any]]]


def _value_problem(col: ColumnSpec, value: Any) -> str | None:
    if value is None or value == []:
        return f"{col.key} is required" if col.required else None
    if col.kind == "str":
        ok = isinstance(value, str) and value.strip() != ""
    elif col.kind == "int":
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif col.kind == "float":
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    elif col.kind == "date":
        ok = isinstance(value, date)
    elif col.kind == "enum":
        ok = col.choices is not None and value in col.choices
    elif col.kind == "list":
        ok = isinstance(value, list) and all(isinstance(v, str) and v for v in value)
    else:  # enum_list
        ok = isinstance(value, list) and all(v in (col.choices or {}) for v in value)
    if not ok:
        return f"{col.key}={value!r} is not a valid {col.kind}"
    if col.min is not None and value < col.min:
        return f"{col.key}={value!r} below {col.min}"
    if col.max is not None and value > col.max:
        return f"{col.key}={value!r} above {col.max}"
    return None


def spec_problems(data: Data, limit: int = 50) -> list[str]:
    problems: list[str] = []
    codes = {t.name: {r["code"] for r in data.get(t.name, [])} for t in TABLES if t.has_code}
    for table in TABLES:
        rows = data.get(table.name)
        if rows is None:
            if table.required_file:
                problems.append(f"{table.name}: missing")
            continue
        keys = set(table.keys)
        seen: set[tuple[Any, ...]] = set()
        for i, row in enumerate(rows):
            where = f"{table.name}[{i}]"
            if set(row) != keys:
                problems.append(f"{where}: keys {sorted(set(row) ^ keys)} differ from the spec")
                continue
            for col in table.columns:
                problem = _value_problem(col, row[col.key])
                if problem:
                    problems.append(f"{where}: {problem}")
                if col.ref and row[col.key] is not None:
                    items = row[col.key] if isinstance(row[col.key], list) else [row[col.key]]
                    missing = [v for v in items if v not in codes[col.ref]]
                    if missing:
                        problems.append(f"{where}: {col.key} {missing} not in {col.ref}")
            key = tuple(row[k] for k in table.natural_key)
            if key in seen:
                problems.append(f"{where}: natural key {key} repeated")
            seen.add(key)
            if len(problems) >= limit:
                return problems
    return problems
