"""Reading the input: a folder of CSV files or one XLSX workbook, as raw rows.

Both become `RawTable`s — header cells and rows of cells with the row numbers
the user sees (header = row 1) — so validation does not care where a table came
from. CSV: UTF-8 with or without BOM (a Windows-1251 file, as Russian Excel's
plain "CSV" saves it, is read with a warning); the separator (`,`, `;` or tab)
is chosen by which one splits the header into known columns. XLSX: read-only,
typed cells kept as they are; the forms' notes and lists sheets are skipped.
"""

import csv
import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from metodist.importing import workbook_checks
from metodist.importing.cells import as_text, norm
from metodist.importing.issues import ImportIssue
from metodist.importing.spec import TABLES, TABLES_BY_NAME, TableSpec

#: Sheets of the blank forms that carry no data.
NOTES_SHEET = "Пояснения"
LISTS_SHEET = "lists"
_SERVICE_SHEETS = {norm(NOTES_SHEET), norm(LISTS_SHEET)}
_DELIMITERS = (",", ";", "\t")


@dataclass
class RawTable:
    """One table as read: header cells, the non-empty rows, and their row numbers."""

    name: str
    source: str  # "teachers.csv" or 'region.xlsx, sheet "teachers"'
    header: list[str]
    rows: list[Sequence[Any]] = field(default_factory=list)
    #: row numbers as the user sees them (header = 1), one per row
    rownums: list[int] = field(default_factory=list)


def _without_blank_rows(
    rows: list[Sequence[Any]], first: int
) -> tuple[list[Sequence[Any]], list[int]]:
    """Drop rows with no value (Excel leaves such rows, often below the data), keep numbering.

    The C-speed test passes when every row has a truthy cell; a row of spaces only
    passes it too and is then checked like any row (its required cells are empty).
    """
    if all(map(any, rows)):
        return rows, list(range(first, first + len(rows)))
    kept = [(n, r) for n, r in enumerate(rows, start=first) if _nonempty(r)]
    return [r for _, r in kept], [n for n, _ in kept]


class Source(Protocol):
    """A folder or a workbook: which tables it holds, and each table read on demand."""

    display: str
    ignored: list[str]
    warnings: list[str]

    def present(self) -> list[str]: ...

    def source_of(self, name: str) -> str: ...

    def read(self, name: str, issues: list[ImportIssue]) -> RawTable | None: ...

    def close(self) -> None: ...


def known_headers(spec: TableSpec) -> set[str]:
    return {norm(c.key) for c in spec.columns} | {norm(c.label) for c in spec.columns}


def header_name(cell: Any) -> str:
    """A header cell as written, minus surrounding spaces and a required-marking '*'."""
    text = as_text(cell) or ""
    return text.rstrip("*").strip()


def _nonempty(cells: Sequence[Any]) -> bool:
    return any(c is not None and (type(c) is not str or c.strip()) for c in cells)


class CsvFolder:
    """A folder with one `<table>.csv` per table; other files are listed as ignored."""

    def __init__(self, folder: Path, issues: list[ImportIssue]) -> None:
        self.display = str(folder)
        self.ignored: list[str] = []
        self.warnings: list[str] = []
        self._files: dict[str, Path] = {}
        # exact names (teachers.csv) first, so a Teachers.csv beside it is the one refused
        for path in sorted(folder.iterdir(), key=lambda p: (p.name != p.name.casefold(), p.name)):
            if path.name.startswith(".") or not path.is_file():
                continue
            name = path.stem.strip().casefold() if path.suffix.casefold() == ".csv" else ""
            if name in TABLES_BY_NAME and name not in self._files:
                self._files[name] = path
            elif name in TABLES_BY_NAME:  # Teachers.csv and teachers.csv: which one is meant?
                other = self._files[name].name
                issues.append(
                    ImportIssue(
                        path.name, None, None, None, f"one file per table ({other} is {name} too)"
                    )
                )
            else:
                self.ignored.append(path.name)
        self.ignored.sort()

    def present(self) -> list[str]:
        return list(self._files)

    def source_of(self, name: str) -> str:
        return self._files[name].name if name in self._files else f"{name}.csv"

    def read(self, name: str, issues: list[ImportIssue]) -> RawTable | None:
        path, source = self._files[name], self.source_of(name)

        def fail(row: int | None, expected: str) -> None:
            issues.append(ImportIssue(source, row, None, None, expected))

        try:
            data = path.read_bytes()
        except OSError as exc:
            fail(None, f"a readable file ({exc.strerror})")
            return None
        text = self._decode(data, source)
        if text is None or "\x00" in text:
            fail(None, "a CSV text file in UTF-8 (this one looks binary; save as «CSV UTF-8»)")
            return None
        first_line = text.split("\n", 1)[0].strip("\r")
        if not first_line.strip():
            fail(1, "a header row (the file is empty or starts with an empty line)")
            return None
        delimiter = _sniff(first_line, TABLES_BY_NAME[name])
        # the file is in memory already: a huge cell is for the column's check to name
        csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            header = [header_name(c) for c in next(reader)]
            rows, rownums = _without_blank_rows(list(reader), 2)
        except csv.Error as exc:
            fail(reader.line_num, f"well-formed CSV ({exc})")
            return None
        return RawTable(name, source, header, rows, rownums)

    def _decode(self, data: bytes, source: str) -> str | None:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
        try:
            text = data.decode("cp1251")
        except UnicodeDecodeError:
            return None
        self.warnings.append(f"{source} is not UTF-8; read as Windows-1251")
        return text

    def close(self) -> None:
        pass


def _sniff(first_line: str, spec: TableSpec) -> str:
    """The separator that splits the header into the most known columns (ties: the most cells)."""
    known = known_headers(spec)

    def score(delimiter: str) -> tuple[int, int]:
        cells = next(csv.reader([first_line], delimiter=delimiter))
        return sum(norm(header_name(c)) in known for c in cells), len(cells)

    return max(_DELIMITERS, key=score)


class Workbook:
    """An .xlsx workbook with one sheet per table, named as the CSV files without `.csv`."""

    def __init__(self, path: Path, issues: list[ImportIssue]) -> None:
        import openpyxl  # only workbooks need it

        self.display = path.name
        self.ignored: list[str] = []
        self.warnings: list[str] = []
        self._sheets: dict[str, str] = {}
        self._book: Any = None
        self._path = path
        self._formulas: Any = None  # the workbook again, with formulas instead of results
        try:
            self._book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or "not a valid .xlsx file"
            issues.append(
                ImportIssue(path.name, None, None, None, f"an Excel .xlsx workbook ({reason})")
            )
            return
        for sheet in self._book.sheetnames:
            name = norm(sheet)
            if name in TABLES_BY_NAME and name not in self._sheets:
                self._sheets[name] = sheet
            elif name not in _SERVICE_SHEETS:
                self.ignored.append(f'sheet "{sheet}"')

    @property
    def opened(self) -> bool:
        return self._book is not None

    def present(self) -> list[str]:
        return list(self._sheets)

    def source_of(self, name: str) -> str:
        return f'{self.display}, sheet "{self._sheets.get(name, name)}"'

    def read(self, name: str, issues: list[ImportIssue]) -> RawTable | None:
        source = self.source_of(name)
        sheet = self._book[self._sheets[name]]
        sheet.reset_dimensions()  # some writers record a wrong used range; read every cell
        if sheet.sheet_state != "visible":
            issues.append(workbook_checks.hidden_sheet(source, sheet.sheet_state))
            return None
        rows: Iterator[Sequence[Any]] = sheet.iter_rows(values_only=True)
        try:
            first = next(rows, None)
            if first is None or not _nonempty(first):
                issues.append(ImportIssue(source, 1, None, None, "a header row in row 1"))
                return None
            header = [header_name(c) for c in first]
            cells = list(rows)
            issues.extend(self._hidden_data(name, source, header, cells))
            body, rownums = _without_blank_rows(cells, 2)
        except (zipfile.BadZipFile, KeyError, ValueError) as exc:
            issues.append(ImportIssue(source, None, None, None, f"a readable sheet ({exc})"))
            return None
        return RawTable(name, source, header, body, rownums)

    def _hidden_data(
        self, name: str, source: str, header: list[str], cells: list[Sequence[Any]]
    ) -> list[ImportIssue]:
        """Merged cells and formulas without results: values the sheet shows but does not hold."""
        import openpyxl

        sheet = self._book[self._sheets[name]]
        xml = workbook_checks.sheet_xml(self._path, sheet._worksheet_path)
        found = workbook_checks.merged_cells(source, xml, header)
        if workbook_checks.has_formulas(xml):
            if self._formulas is None:
                self._formulas = openpyxl.load_workbook(self._path, read_only=True)
            written = self._formulas[self._sheets[name]]
            written.reset_dimensions()
            formulas = list(written.iter_rows(min_row=2, values_only=True))
            found += workbook_checks.uncalculated_formulas(source, header, cells, formulas)
        return found

    def close(self) -> None:
        for book in (self._book, self._formulas):
            if book is not None:
                book.close()


def open_source(path: Path, issues: list[ImportIssue]) -> Source | None:
    """The folder or workbook at `path`; None (with an issue) when it cannot be read at all."""
    if path.is_dir():
        return CsvFolder(path, issues)
    if path.is_file() and path.suffix.casefold() in {".xlsx", ".xlsm"}:
        book = Workbook(path, issues)
        return book if book.opened else None
    if not path.exists():
        expected = "an existing folder of CSV files or an .xlsx workbook"
    else:
        expected = "a folder of CSV files or an .xlsx workbook"
    issues.append(ImportIssue(str(path), None, None, None, expected))
    return None


def spec_order(names: list[str]) -> list[str]:
    """Table names in docs/contract.md order (which is also foreign-key order)."""
    return [t.name for t in TABLES if t.name in names]
