"""The shapes the contract accepts all import to the same stored rows.

Each test imports one shape, then re-imports the plain CSV of the same data:
if every row is "unchanged", the two shapes were read identically.
"""

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlmodel import select

from metodist import db
from metodist.importing import ImportFailed, ImportReport, import_path
from models import Teacher
from tests.importing.helpers import Data, good, write_folder, write_workbook


def _same_as_plain_csv(url: str, tmp_path: Path, data: Data | None = None) -> ImportReport:
    report = import_path(write_folder(tmp_path / "plain", data or good()), url=url)
    changed = {n: c for n, c in report.tables.items() if c.written}
    assert not changed, changed
    return report


def _russian_dates(data: Data) -> Data:
    for rows in data.values():
        for row in rows:
            for key, value in row.items():
                if len(value) == 10 and value[4] == "-" and value[:4].isdigit():
                    row[key] = f"{value[8:]}.{value[5:7]}.{value[:4]}"
    return data


def test_excel_csv_with_bom_semicolons_russian_headers_and_dates(
    db_url: str, tmp_path: Path
) -> None:
    data = _russian_dates(good())
    data["teachers"][1]["experience_years"] = "1,5"  # decimal comma
    data["teachers"][0]["category"] = "Высшая"  # a label, any case
    data["diagnostics"][0]["area"] = "ЦИФРОВАЯ"
    folder = write_folder(
        tmp_path / "excel", data, delimiter=";", encoding="utf-8-sig", labels=True
    )
    assert (folder / "teachers.csv").read_bytes().startswith(b"\xef\xbb\xbf\xd0\x9a")
    report = import_path(folder, url=db_url)
    assert report.tables["teachers"].inserted == 3
    _same_as_plain_csv(db_url, tmp_path)
    with db.session_scope(db_url) as s:
        t1 = s.get(Teacher, "t1")
        assert t1 is not None
        assert (t1.category, t1.category_date) == ("highest", date(2022, 5, 1))
        assert t1.subjects == ["математика", "физика"]


def test_headers_match_loosely_and_columns_may_come_in_any_order(
    sqlite_url: str, tmp_path: Path
) -> None:
    data = good()
    data["organizations"] = [
        {k: row[k] for k in ["vacancies", "kind", "name", "municipality", "code"]}
        for row in data["organizations"]
    ]
    folder = write_folder(
        tmp_path / "loose",
        data,
        headers={
            "organizations": ["  ВАКАНСИИ ", "тип  оо*", "Наименование*", "municipality", "CODE"],
        },
    )
    import_path(folder, url=sqlite_url)
    _same_as_plain_csv(sqlite_url, tmp_path)


def test_a_workbook_with_typed_cells_imports_like_csv(db_url: str, tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "region.xlsx", good())
    report = import_path(book, url=db_url)
    assert report.tables["diagnostics"].inserted == 3
    assert report.source == "region.xlsx"
    _same_as_plain_csv(db_url, tmp_path)


def test_a_workbook_ignores_empty_rows_and_reports_sheet_rows(
    sqlite_url: str, tmp_path: Path
) -> None:
    book = write_workbook(tmp_path / "region.xlsx", good())
    wb = load_workbook(book)
    ws = wb["teachers"]
    ws.insert_rows(3)  # an empty row between t1 and t2: t2 is now on row 4
    ws.cell(4, 6, "девяносто")  # birth_year of t2
    for row in range(6, 30):
        ws.cell(row, 1, "   ")  # blank trailing rows
    wb.create_sheet("Мои заметки").append(["что угодно"])
    wb.save(book)
    with pytest.raises(ImportFailed) as failed:
        import_path(book, url=sqlite_url)
    message = str(failed.value)
    assert 'region.xlsx, sheet "teachers", row 4, column "birth_year"' in message
    assert message.count("\n") == 1  # exactly one problem: the empty rows are not rows


def test_unknown_files_and_sheets_are_listed_not_read(sqlite_url: str, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "folder", good())
    (folder / "README.txt").write_text("письмо в ИМЦ", encoding="utf-8")
    (folder / "teachers_old.csv").write_text("code\n", encoding="utf-8")
    report = import_path(folder, url=sqlite_url)
    assert report.ignored == ["README.txt", "teachers_old.csv"]
    assert "ignored: README.txt (not an input table)" in str(report)


def test_two_files_for_one_table_are_an_error(sqlite_url: str, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "folder", good())
    (folder / "Teachers.csv").write_text("code\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as failed:
        import_path(folder, url=sqlite_url)
    assert [str(i) for i in failed.value.issues] == [
        "Teachers.csv: expected one file per table (teachers.csv is teachers too)"
    ]


def test_only_the_required_files_are_needed(sqlite_url: str, tmp_path: Path) -> None:
    data = good()
    minimal = {"organizations": data["organizations"], "teachers": data["teachers"]}
    report = import_path(write_folder(tmp_path / "min", minimal), url=sqlite_url)
    assert list(report.tables) == ["organizations", "teachers"]


def test_a_windows_1251_file_is_read_with_a_warning(sqlite_url: str, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "ansi", good(), delimiter=";", encoding="cp1251", labels=True)
    report = import_path(folder, url=sqlite_url)
    assert "teachers.csv is not UTF-8; read as Windows-1251" in report.warnings
    _same_as_plain_csv(sqlite_url, tmp_path)


def test_lists_are_split_trimmed_and_deduplicated(sqlite_url: str, tmp_path: Path) -> None:
    data = good()
    data["teachers"][0]["subjects"] = " математика ;физика;; математика "
    import_path(write_folder(tmp_path / "lists", data), url=sqlite_url)
    with db.session_scope(sqlite_url) as s:
        t1 = s.exec(select(Teacher).where(Teacher.code == "t1")).one()
        assert t1.subjects == ["математика", "физика"]


def test_empty_cells_take_the_model_defaults(sqlite_url: str, tmp_path: Path) -> None:
    data = good()
    data["teachers"][0].update(category="", position="", subjects="", burnout_score="")
    import_path(write_folder(tmp_path / "empty", data), url=sqlite_url)
    with db.session_scope(sqlite_url) as s:
        t1 = s.get(Teacher, "t1")
        assert t1 is not None
        assert (t1.category, t1.position, t1.subjects, t1.burnout_score) == ("none", "", [], None)


def test_a_sheet_without_header_is_an_error(sqlite_url: str, tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "region.xlsx", good())
    wb: Workbook = load_workbook(book)
    del wb["events"]
    wb.create_sheet("events")  # no header at all
    wb.save(book)
    with pytest.raises(ImportFailed) as failed:
        import_path(book, url=sqlite_url)
    assert [str(i) for i in failed.value.issues] == [
        'region.xlsx, sheet "events", row 1: expected a header row in row 1'
    ]
