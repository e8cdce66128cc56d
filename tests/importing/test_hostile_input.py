"""Input that looks right and is not: refused with sheet or file, row, column and the reason.

Probes 8-11 of issue 14: formula cells without a stored result read as empty,
merged cells blanked the rows under them, a hidden sheet overwrote 29 rows;
`t00001`, `T00001` + zero-width space and a Cyrillic `Т00001` became second
teachers; header-only required files imported as "0 rows"; a 5 MB cell was
refused without its column.
"""

from pathlib import Path

import pytest
from openpyxl import load_workbook

from metodist.importing import ImportFailed, import_path
from tests.importing.conftest import Loaded
from tests.importing.helpers import good, snapshot, write_folder, write_workbook


def refused(path: Path, url: str) -> list[str]:
    with pytest.raises(ImportFailed) as failed:
        import_path(path, url=url)
    return [str(issue) for issue in failed.value.issues]


def _book(tmp_path: Path) -> tuple[Path, object]:
    path = write_workbook(tmp_path / "region.xlsx", good())
    return path, load_workbook(path)


def test_a_formula_without_a_stored_result_is_refused_by_cell(sqlite_url, tmp_path):
    path, book = _book(tmp_path)
    book["organizations"]["E2"] = "=1+1"  # vacancies: openpyxl stores no result
    book["teachers"]["L3"] = "=SUM(A1:A2)"  # burnout_score
    book.save(path)
    issues = refused(path, sqlite_url)
    assert issues == [
        'region.xlsx, sheet "organizations", row 2, column "vacancies": "=1+1" — expected a '
        "value: the cell holds a formula with no stored result (the file was not saved by "
        "Excel or LibreOffice); open and save it there, or paste the values",
        'region.xlsx, sheet "teachers", row 3, column "burnout_score": "=SUM(A1:A2)" — expected '
        "a value: the cell holds a formula with no stored result (the file was not saved by "
        "Excel or LibreOffice); open and save it there, or paste the values",
    ]
    assert snapshot(sqlite_url)["teacher"] == []


def test_merged_cells_over_data_are_refused(sqlite_url, tmp_path):
    path, book = _book(tmp_path)
    book["teachers"].merge_cells("B2:B4")  # one org_code over three teachers
    book.save(path)
    issue, *blanked = refused(path, sqlite_url)
    assert issue.startswith('region.xlsx, sheet "teachers", row 2, column "org_code": empty')
    assert "B2:B4 is merged" in issue
    assert [i.split(":")[0] for i in blanked] == [
        f'region.xlsx, sheet "teachers", row {n}, column "org_code"' for n in (3, 4)
    ]


@pytest.mark.parametrize(("state", "said"), [("hidden", "hidden"), ("veryHidden", "very hidden")])
def test_hidden_sheets_are_refused_not_imported(sqlite_url, tmp_path, state, said):
    path, book = _book(tmp_path)
    book["diagnostics"].sheet_state = state
    book.save(path)
    [issue] = refused(path, sqlite_url)
    assert issue.startswith(
        f'region.xlsx, sheet "diagnostics": expected a visible sheet: this one is {said}'
    )


def test_case_variants_and_look_alike_codes_are_refused(loaded_sqlite: Loaded, tmp_path):
    url, before = loaded_sqlite
    data = good()
    t1 = data["teachers"][0]
    data["teachers"] += [
        {**t1, "code": "T1"},  # case variant of t1, in the database already
        {**t1, "code": "t1\u200b"},  # a zero-width space
        {**t1, "code": "t9", "org_code": "о1"},  # Cyrillic «о»: no such organization
    ]
    data["organizations"].append({**data["organizations"][0], "code": "O2"})  # o2 in upper case
    data["organizations"].append(
        {**data["organizations"][0], "code": "оз"}
    )  # all Cyrillic, no twin
    issues = refused(write_folder(tmp_path / "csv", data), url)
    text = "\n".join(issues)
    assert (
        'organizations.csv, row 4, column "code": "O2" — expected a code of its own: it reads '
        "as «o2» in the database, differing only in upper and lower case" in text
    )
    assert (
        'teachers.csv, row 5, column "code": "T1" — expected a code of its own: it reads as '
        "«t1» in the database, differing only in upper and lower case" in text
    )
    assert 'teachers.csv, row 6, column "code"' in text and "U+200B ZERO WIDTH SPACE" in text
    assert (
        'teachers.csv, row 7, column "org_code": "о1" — expected the code of an organization in '
        "organizations (in this import or already in the database); «o1» exists, differing "
        "only in look-alike letters (Cyrillic «о»)" in text
    )
    assert len(issues) == 4, text
    assert snapshot(url) == before


def test_a_code_mixing_latin_and_cyrillic_names_the_letters(loaded_sqlite: Loaded, tmp_path):
    url, before = loaded_sqlite
    data = good()
    data["teachers"][0]["org_code"] = "М01-S01"  # the first letter is Cyrillic
    data["teachers"][1]["code"] = "Т00001"  # all its letters Cyrillic: allowed on its own
    data["teachers"].append({**data["teachers"][1], "code": "T00001"})  # ...not beside a Latin twin
    issues = refused(write_folder(tmp_path / "csv", data), url)
    assert issues[0] == (
        'teachers.csv, row 2, column "org_code": "М01-S01" — expected a code in one alphabet: '
        "the letters «М» are Cyrillic among Latin ones (retype them in Latin: M01-S01)"
    )
    assert (
        "reads as «Т00001» on row 3, differing only in look-alike letters (Cyrillic «Т»)"
        in issues[1]
    )
    assert snapshot(url) == before


@pytest.mark.parametrize("table", ["organizations", "teachers"])
def test_a_required_file_with_only_its_header_is_refused_into_an_empty_database(
    sqlite_url, tmp_path, table
):
    data = good()
    data[table] = []
    if table == "organizations":
        data["teachers"] = []
    issues = refused(write_folder(tmp_path / "csv", data), sqlite_url)
    assert (
        f"{table}.csv, row 2: expected at least one row of {table}: the file has only its "
        "header, and the database holds none yet" in issues
    )


def test_a_header_only_file_into_a_filled_database_changes_nothing(loaded_sqlite: Loaded, tmp_path):
    url, before = loaded_sqlite
    data = {k: v for k, v in good().items() if k in ("organizations", "teachers")}
    data["teachers"] = []
    import_path(write_folder(tmp_path / "csv", data), url=url)  # an update of organizations only
    assert snapshot(url) == before


def test_a_five_megabyte_cell_is_refused_naming_its_column(sqlite_url, tmp_path):
    data = good()
    data["teachers"][0]["full_name"] = "Иванова " * 650_000  # ~5 MB
    [issue] = refused(write_folder(tmp_path / "csv", data), sqlite_url)
    assert issue.startswith('teachers.csv, row 2, column "full_name": "Иванова Иванова')
    assert issue.endswith("expected text of at most 10000 characters (this one has 5199999)")
