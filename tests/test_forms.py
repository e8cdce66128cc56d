"""The blank forms: what a school sees, and that a filled form imports as is."""

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from metodist.forms import write_forms
from metodist.importing import ImportFailed, import_path
from metodist.importing.spec import TABLES, TABLES_BY_NAME, ColumnSpec
from tests.importing.helpers import good, typed, write_folder


@pytest.fixture(scope="module")
def form_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("forms") / "forms.xlsx"
    write_forms(path)
    return path


@pytest.fixture
def form(form_path: Path) -> Workbook:
    return load_workbook(form_path)


def test_one_sheet_per_table_in_contract_order(form: Workbook) -> None:
    assert form.sheetnames == ["Пояснения", *(t.name for t in TABLES), "lists"]
    assert form["lists"].sheet_state == "hidden"
    assert form.active.title == "Пояснения"


@pytest.mark.parametrize("spec", TABLES, ids=lambda t: t.name)
def test_headers_are_the_russian_labels_bold_and_frozen(form: Workbook, spec: Any) -> None:
    ws = form[spec.name]
    assert [c.value for c in ws[1]] == [c.label for c in spec.columns]
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert all(ws.column_dimensions[c.column_letter].width >= 14 for c in ws[1])


def _list_values(form: Workbook, formula: str) -> list[str]:
    ref = form.defined_names[formula].attr_text  # 'lists'!$B$2:$B$7
    sheet, cells = ref.split("!")
    ws = form[sheet.strip("'")]
    return [row[0].value for row in ws[cells.replace("$", "")]]


@pytest.mark.parametrize("spec", TABLES, ids=lambda t: t.name)
def test_every_enumeration_has_a_drop_down_of_its_labels(form: Workbook, spec: Any) -> None:
    ws = form[spec.name]
    lists = {
        str(dv.sqref).split(":")[0]: dv
        for dv in ws.data_validations.dataValidation
        if dv.type == "list"
    }
    for n, col in enumerate(spec.columns, start=1):
        letter = ws.cell(1, n).column_letter
        if not col.choices:
            assert f"{letter}2" not in lists
            continue
        dv = lists[f"{letter}2"]
        assert str(dv.sqref) == f"{letter}2:{letter}1048576"
        assert _list_values(form, dv.formula1) == list(col.choices.values())
        assert dv.showErrorMessage == (col.kind == "enum")  # several areas need free typing


def test_numbers_are_checked_and_dates_formatted(form: Workbook) -> None:
    ws = form["diagnostics"]
    score = next(dv for dv in ws.data_validations.dataValidation if str(dv.sqref).startswith("D2"))
    assert (score.type, score.operator, score.formula1, score.formula2) == (
        "whole",
        "between",
        "0",
        "100",
    )
    for spec in TABLES:
        for n, col in enumerate(spec.columns, start=1):
            if col.kind == "date":
                letter = form[spec.name].cell(1, n).column_letter
                assert form[spec.name].column_dimensions[letter].number_format == "DD.MM.YYYY"


def test_the_notes_explain_every_column(form: Workbook) -> None:
    sections: dict[str, list[list[Any]]] = {}
    for row in form["Пояснения"].iter_rows(values_only=True):
        if isinstance(row[0], str) and row[0].startswith("Лист "):
            current = sections.setdefault(row[0], [])
            assert row[1] == (TABLES_BY_NAME[row[0].split()[1]].note or None)
        elif sections:
            current.append(list(row))
    assert list(sections) == [f"Лист {t.name} — {t.label}" for t in TABLES]
    for spec in TABLES:
        lines = {r[1]: r for r in sections[f"Лист {spec.name} — {spec.label}"] if r[0]}
        for col in spec.columns:
            line = lines[col.key]
            assert line[0] == col.label
            assert line[3] == ("да" if col.required else "нет")
            if col.choices:
                assert line[4] == ", ".join(col.choices.values())
    header = sections["Лист teachers — Педагогические работники"][0]
    assert header[:3] == ["Столбец", "Ключ", "Тип"]


def test_a_blank_form_into_an_empty_database_is_refused(form_path: Path, sqlite_url: str) -> None:
    # issue 14: header-only required sheets are a mistake, not an import of nothing
    with pytest.raises(ImportFailed) as failed:
        import_path(form_path, url=sqlite_url)
    assert [(i.source, i.row) for i in failed.value.issues] == [
        ('forms.xlsx, sheet "organizations"', 2),
        ('forms.xlsx, sheet "teachers"', 2),
    ]


def _as_typed(col: ColumnSpec, value: str) -> Any:
    """What a person puts in the form: Russian labels, real dates, numbers."""
    if col.kind == "enum" and value:
        return (col.choices or {})[value]
    if col.kind == "enum_list" and value:
        return "; ".join((col.choices or {})[v] for v in value.split(";"))
    return typed(value, col.kind)


def test_a_filled_form_imports_as_is(form_path: Path, tmp_path: Path, db_url: str) -> None:
    wb = load_workbook(form_path)
    data = good()
    for name, rows in data.items():
        ws = wb[name]
        spec = TABLES_BY_NAME[name]
        for row in rows:
            ws.append([_as_typed(col, row.get(col.key, "")) for col in spec.columns])
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    report = import_path(filled, url=db_url)
    assert {n: c.inserted for n, c in report.tables.items()} == {
        n: len(rows) for n, rows in data.items()
    }
    again = import_path(write_folder(tmp_path / "csv", good()), url=db_url)
    assert all(c.unchanged == c.read for c in again.tables.values())
