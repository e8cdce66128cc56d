"""A small valid municipality, writers for it in every accepted shape, and a database snapshot."""

import copy
import csv
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import select
from sqlmodel import SQLModel

from metodist import db
from metodist.importing.spec import TABLES, TABLES_BY_NAME

Data = dict[str, list[dict[str, Any]]]

_GOOD: Data = {
    "organizations": [
        {
            "code": "o1",
            "name": "МБОУ СОШ № 1",
            "kind": "school",
            "municipality": "Энск",
            "vacancies": "1",
        },
        {
            "code": "o2",
            "name": "МБДОУ д/с № 2",
            "kind": "preschool",
            "municipality": "Энск",
            "vacancies": "0",
        },
    ],
    "teachers": [  # rows 2, 3, 4
        {
            "code": "t1",
            "org_code": "o1",
            "full_name": "Иванова Анна Петровна",
            "position": "учитель",
            "subjects": "математика;физика",
            "birth_year": "1980",
            "experience_years": "20",
            "years_in_org": "10",
            "category": "highest",
            "category_date": "2022-05-01",
            "mentor_code": "",
            "burnout_score": "40",
            "exempt": "",
        },
        {
            "code": "t2",
            "org_code": "o1",
            "full_name": "Петров Пётр Ильич",
            "position": "учитель",
            "subjects": "физика",
            "birth_year": "1999",
            "experience_years": "1.5",
            "years_in_org": "1",
            "category": "none",
            "category_date": "",
            "mentor_code": "t1",
            "burnout_score": "75",
            "exempt": "",
        },
        {
            "code": "t3",
            "org_code": "o2",
            "full_name": "Сидорова Мария Ивановна",
            "position": "воспитатель",
            "subjects": "",
            "birth_year": "1990",
            "experience_years": "8",
            "years_in_org": "5",
            "category": "first",
            "category_date": "2020-03-01",
            "mentor_code": "",
            "burnout_score": "",
            "exempt": "leave",
        },
    ],
    "pd_courses_done": [
        {
            "teacher_code": "t1",
            "title": "Цифровые инструменты педагога",
            "area": "digital",
            "hours": "36",
            "completed": "2023-05-20",
        },
    ],
    "requests": [
        {
            "teacher_code": "t2",
            "area": "methodical",
            "topic": "Современный урок",
            "format": "remote",
            "hours": "36",
            "submitted": "2024-02-01",
        },
    ],
    "diagnostics": [  # rows 2, 3, 4
        {
            "teacher_code": "t1",
            "date": "2024-04-15",
            "area": "digital",
            "score": "45",
            "instrument": "тест",
        },
        {
            "teacher_code": "t1",
            "date": "2024-04-15",
            "area": "subject",
            "score": "80",
            "instrument": "тест",
        },
        {
            "teacher_code": "t2",
            "date": "2024-04-15",
            "area": "methodical",
            "score": "30",
            "instrument": "",
        },
    ],
    "attestations": [
        {"teacher_code": "t1", "date": "2022-05-01", "kind": "highest", "result": "assigned"},
    ],
    "events": [
        {
            "org_code": "o1",
            "date": "2024-03-10",
            "form": "master_class",
            "title": "Мастер-класс по ЦОР",
            "participants": "15",
            "presenter_codes": "t1;t2",
        },
        {
            "org_code": "",
            "date": "2024-04-01",
            "form": "seminar",
            "title": "Муниципальный семинар",
            "participants": "40",
            "presenter_codes": "t3",
        },
    ],
    "competitions": [
        {
            "teacher_code": "t1",
            "competition": "teacher_of_year",
            "year": "2023",
            "result": "laureate",
        },
    ],
    "courses": [
        {
            "code": "k1",
            "title": "Цифровая дидактика",
            "areas": "digital;methodical",
            "hours": "36",
            "provider": "ЦРО",
            "format": "blended",
            "capacity": "30",
            "quarter": "2",
        },
    ],
}


def good() -> Data:
    """A fresh copy of the valid municipality (every table, every cell as CSV text)."""
    return copy.deepcopy(_GOOD)


def write_folder(
    folder: Path,
    data: Data,
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    labels: bool = False,
    headers: dict[str, list[str]] | None = None,
) -> Path:
    """Write `data` as CSV files; `labels` uses the Russian headers, `headers` overrides them."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in data.items():
        spec = TABLES_BY_NAME[name]
        keys = list(rows[0]) if rows else spec.keys
        header = [spec.column(k).label if labels else k for k in keys]
        if headers and name in headers:
            header = headers[name]
        with (folder / f"{name}.csv").open("w", encoding=encoding, newline="") as f:
            writer = csv.writer(f, delimiter=delimiter)
            writer.writerow(header)
            writer.writerows([row.get(k, "") for k in keys] for row in rows)
    return folder


def typed(value: str, kind: str) -> Any:
    """A CSV text cell as Excel would store it: numbers as numbers, dates as datetimes."""
    if value == "":
        return None
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    if kind == "date":
        return datetime.combine(date.fromisoformat(value), datetime.min.time())
    return value


def write_workbook(path: Path, data: Data) -> Path:
    """One sheet per table, keys as headers, typed cells."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in data.items():
        spec = TABLES_BY_NAME[name]
        ws = wb.create_sheet(name)
        ws.append(spec.keys)
        for row in rows:
            ws.append([typed(row.get(k, ""), spec.column(k).kind) for k in spec.keys])
    wb.save(path)
    return path


def snapshot(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (ids included), to prove a failed import changed nothing."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with db.get_engine(url).connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            rows = conn.execute(select(table)).all()
            out[table.name] = sorted((tuple(r) for r in rows), key=repr)
    return out


def counts(url: str) -> dict[str, int]:
    return {name: len(rows) for name, rows in snapshot(url).items()}


INPUT_TABLES = [t.name for t in TABLES]
