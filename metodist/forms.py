"""The blank input workbook a school fills in and the coordinator imports as is.

Everything comes from `metodist.importing.spec`, so the forms, the importer and
docs/contract.md cannot drift apart: one sheet per table in docs/contract.md order with
the Russian labels as headers, a drop-down of Russian labels for every
enumeration (the lists live on a hidden sheet, since an inline list is capped
at 255 characters), number checks, ДД.ММ.ГГГГ date cells, and a first sheet
«Пояснения» that explains every column. The importer skips the notes and
lists sheets.

Required headers are marked by colour and a cell comment, not by a "*" in the
label, so that the header stays exactly the label docs/contract.md names.
"""

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from metodist.importing.sources import LISTS_SHEET, NOTES_SHEET
from metodist.importing.spec import LIST_SEPARATOR, TABLES, ColumnSpec, TableSpec

LAST_ROW = 1_048_576  # checks and formats cover the whole column
DATE_FORMAT = "DD.MM.YYYY"
BOLD = Font(bold=True)
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
KIND_RU = {
    "str": "текст",
    "int": "целое число",
    "float": "число (дробная часть через запятую или точку)",
    "date": "дата ДД.ММ.ГГГГ (или ГГГГ-ММ-ДД)",
    "enum": "значение из списка",
    "list": f"список через «{LIST_SEPARATOR}»",
    "enum_list": f"значения из списка через «{LIST_SEPARATOR}»",
}
INTRO = (
    "Бланк ввода данных для Metodist: каждый лист — одна таблица, первая строка — заголовки "
    "(не меняйте и не переставляйте их).",
    "Листы organizations и teachers обязательны; остальные можно оставить пустыми.",
    "Обязательные столбцы выделены цветом заголовка. Пустая ячейка означает «неизвестно».",
    "Даты — в формате ДД.ММ.ГГГГ (или ГГГГ-ММ-ДД). Несколько значений в одной ячейке "
    f"разделяйте знаком «{LIST_SEPARATOR}».",
    "Для перечислений выбирайте значение из выпадающего списка.",
    "Коды (ОО, педагогов, курсов) должны совпадать во всех листах: код педагога в любом листе — "
    "это код из листа teachers (или уже загруженный ранее).",
    "Импорт: metodist import ФАЙЛ.xlsx — при любой ошибке ничего не записывается, "
    "а все ошибки перечисляются с листом, строкой и столбцом.",
)


def _range_ru(col: ColumnSpec) -> str:
    def num(x: float) -> str:
        return str(int(x)) if float(x).is_integer() else str(x).replace(".", ",")

    if col.min is not None and col.max is not None:
        return f"от {num(col.min)} до {num(col.max)}"
    if col.min is not None:
        return f"не меньше {num(col.min)}"
    if col.max is not None:
        return f"не больше {num(col.max)}"
    return ""


def allowed_ru(col: ColumnSpec) -> str:
    """Allowed values of a column in Russian, for the notes sheet and header comments."""
    if col.choices:
        return ", ".join(col.choices.values())
    if col.ref:
        return f"код из листа {col.ref}"
    return _range_ru(col)


def _list_names(wb: Workbook) -> dict[tuple[str, ...], str]:
    """Write every distinct enumeration to the hidden lists sheet; labels → defined name."""
    sheet = wb.create_sheet(LISTS_SHEET)
    names: dict[tuple[str, ...], str] = {}
    for spec, col in ((t, c) for t in TABLES for c in t.columns if c.choices):
        labels = tuple((col.choices or {}).values())
        if labels in names:
            continue
        n = len(names) + 1
        letter = get_column_letter(n)
        sheet.cell(1, n, f"{spec.name}.{col.key}").font = BOLD
        for row, label in enumerate(labels, start=2):
            sheet.cell(row, n, label)
        name = f"list_{col.key}"
        if name in names.values():  # the same key with other values (kind, result)
            name = f"list_{spec.name}_{col.key}"
        names[labels] = name
        ref = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(labels) + 1}"
        wb.defined_names[name] = DefinedName(name, attr_text=ref)
    sheet.sheet_state = "hidden"
    return names


def _validation(col: ColumnSpec, lists: dict[tuple[str, ...], str]) -> DataValidation | None:
    """The cell check Excel applies while typing; the importer checks everything again anyway."""
    if col.choices:
        strict = col.kind == "enum"  # several values in one cell cannot be a single list choice
        dv = DataValidation(
            type="list",
            formula1=lists[tuple(col.choices.values())],
            allow_blank=True,
            showErrorMessage=strict,
        )
        dv.error = "Выберите значение из списка"
        return dv
    if col.kind in ("int", "float") and (col.min is not None or col.max is not None):
        kind = "whole" if col.kind == "int" else "decimal"
        if col.min is not None and col.max is not None:
            dv = DataValidation(
                type=kind,
                operator="between",
                formula1=str(col.min),
                formula2=str(col.max),
                allow_blank=True,
            )
        elif col.min is not None:
            dv = DataValidation(
                type=kind, operator="greaterThanOrEqual", formula1=str(col.min), allow_blank=True
            )
        else:
            dv = DataValidation(
                type=kind, operator="lessThanOrEqual", formula1=str(col.max), allow_blank=True
            )
        dv.error = f"Ожидается {KIND_RU[col.kind]} {_range_ru(col)}".strip()
        dv.showErrorMessage = True
        return dv
    return None


def _table_sheet(wb: Workbook, spec: TableSpec, lists: dict[tuple[str, ...], str]) -> None:
    ws: Worksheet = wb.create_sheet(spec.name)
    for n, col in enumerate(spec.columns, start=1):
        letter = get_column_letter(n)
        cell = ws.cell(1, n, col.label)
        cell.font = BOLD
        cell.fill = REQUIRED_FILL if col.required else HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        hint = [f"{col.key}: {KIND_RU[col.kind]}", "обязательный" if col.required else ""]
        hint += [allowed_ru(col), col.note]
        cell.comment = Comment("\n".join(h for h in hint if h), "Metodist")
        ws.column_dimensions[letter].width = min(max(len(col.label) + 4, 14), 45)
        if col.kind == "date":
            ws.column_dimensions[letter].number_format = DATE_FORMAT
        dv = _validation(col, lists)
        if dv is not None:
            dv.errorTitle = col.label
            dv.add(f"{letter}2:{letter}{LAST_ROW}")
            ws.add_data_validation(dv)
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 32


def _notes_sheet(ws: Worksheet) -> None:
    ws.title = NOTES_SHEET
    ws.append(["Пояснения к бланку"])
    ws["A1"].font = Font(bold=True, size=14)
    for line in INTRO:
        ws.append([line])
    for spec in TABLES:
        ws.append([])
        ws.append([f"Лист {spec.name} — {spec.label}", spec.note])
        ws.cell(ws.max_row, 1).font = Font(bold=True, size=12)
        ws.append(["Столбец", "Ключ", "Тип", "Обязательный", "Допустимые значения", "Пояснение"])
        for cell in ws[ws.max_row]:
            cell.font = BOLD
            cell.fill = HEADER_FILL
        for col in spec.columns:
            ws.append(
                [
                    col.label,
                    col.key,
                    KIND_RU[col.kind],
                    "да" if col.required else "нет",
                    allowed_ru(col),
                    col.note,
                ]
            )
    for letter, width in zip("ABCDEF", (36, 20, 30, 14, 60, 60), strict=True):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def write_forms(path: Path) -> None:
    """Write the blank input workbook to `path` (.xlsx)."""
    wb = Workbook()
    _notes_sheet(wb.active)
    lists = _list_names(wb)
    for spec in TABLES:
        _table_sheet(wb, spec, lists)
    wb.move_sheet(LISTS_SHEET, offset=len(TABLES))  # the hidden sheet goes last
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
