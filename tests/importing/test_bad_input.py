"""Every kind of bad input is reported with file, row and column, and nothing is written.

Problems found in the files alone are tested on SQLite; those that need the
database (references, which are looked up there) on both backends.
"""

from collections.abc import Callable
from pathlib import Path

import pytest

from metodist.importing import ImportFailed, ImportIssue, import_path
from tests.importing.conftest import Loaded
from tests.importing.helpers import Data, good, snapshot, write_folder

Mutation = Callable[[Data], None]


def _set(table: str, index: int, **cells: str) -> Mutation:
    def mutate(data: Data) -> None:
        data[table][index].update(cells)

    return mutate


def _append(table: str, index: int, **cells: str) -> Mutation:
    def mutate(data: Data) -> None:
        data[table].append({**data[table][index], **cells})

    return mutate


def _drop_column(table: str, key: str) -> Mutation:
    def mutate(data: Data) -> None:
        for row in data[table]:
            del row[key]

    return mutate


# (mutation, file, row, column key, words the expectation must contain)
CASES: dict[str, tuple[Mutation, str, int, str, str]] = {
    "wrong type": (
        _set("teachers", 1, birth_year="девяносто девятый"),
        "teachers.csv",
        3,
        "birth_year",
        "a whole number",
    ),
    "float as int": (
        _set("diagnostics", 0, score="45,5"),
        "diagnostics.csv",
        2,
        "score",
        "a whole number from 0 to 100",
    ),
    "out of range": (
        _set("diagnostics", 1, score="120"),
        "diagnostics.csv",
        3,
        "score",
        "from 0 to 100",
    ),
    "bad enum": (
        _set("teachers", 0, category="вторая"),
        "teachers.csv",
        2,
        "category",
        "one of: none (без категории), szd (СЗД)",
    ),
    "bad enum in a list": (
        _set("courses", 0, areas="digital;космическая"),
        "courses.csv",
        2,
        "areas",
        '"космическая" is not',
    ),
    "impossible date": (
        _set("attestations", 0, date="2023-02-30"),
        "attestations.csv",
        2,
        "date",
        "a real calendar date",
    ),
    "bad date format": (
        _set("pd_courses_done", 0, completed="20/05/2023"),
        "pd_courses_done.csv",
        2,
        "completed",
        "YYYY-MM-DD or ДД.ММ.ГГГГ",
    ),
    "missing required value": (
        _set("teachers", 1, full_name=" "),
        "teachers.csv",
        3,
        "full_name",
        "required",
    ),
    "missing required column": (
        _drop_column("diagnostics", "score"),
        "diagnostics.csv",
        1,
        "score",
        "required column",
    ),
    "duplicate code": (
        _append("teachers", 2, full_name="Другая"),
        "teachers.csv",
        5,
        "code",
        "already on row 4",
    ),
    "duplicate natural key": (
        _append("diagnostics", 0, score="50"),
        "diagnostics.csv",
        5,
        "teacher_code + date + area",
        "row 2 has the same",
    ),
    "self mentor": (
        _set("teachers", 1, mentor_code="t2"),
        "teachers.csv",
        3,
        "mentor_code",
        "cannot mentor themself",
    ),
    "code too long": (
        _set("courses", 0, code="k" * 70),
        "courses.csv",
        2,
        "code",
        "at most 64 characters",
    ),
}
REFERENCE_CASES: dict[str, tuple[Mutation, str, int, str, str]] = {
    "unknown organization": (
        _set("teachers", 2, org_code="o9"),
        "teachers.csv",
        4,
        "org_code",
        "the code of an organization",
    ),
    "unknown teacher": (
        _set("diagnostics", 2, teacher_code="t99"),
        "diagnostics.csv",
        4,
        "teacher_code",
        "the code of a teacher",
    ),
    "unknown presenter": (
        _set("events", 1, presenter_codes="t3;t42"),
        "events.csv",
        3,
        "presenter_codes",
        "the code of a teacher",
    ),
    "mentor not a teacher": (
        _set("teachers", 1, mentor_code="t77"),
        "teachers.csv",
        3,
        "mentor_code",
        "the code of a teacher",
    ),
    "unknown event organization": (
        _set("events", 0, org_code="o7"),
        "events.csv",
        2,
        "org_code",
        "the code of an organization",
    ),
}


def _only_issue(exc: ImportFailed, source: str, row: int | None, key: str | None) -> ImportIssue:
    found = [i for i in exc.issues if i.source == source and i.row == row and i.key == key]
    assert found, f"no issue at {source} row {row} {key}: {exc}"
    return found[0]


def _refused(case: tuple[Mutation, str, int, str, str], loaded: Loaded, tmp_path: Path) -> None:
    url, before = loaded
    mutate, source, row, key, words = case
    data = good()
    for rows in data.values():  # the second import would change every row, if allowed
        for r in rows:
            if "title" in r:
                r["title"] += " (новое)"
    mutate(data)
    with pytest.raises(ImportFailed) as failed:
        import_path(write_folder(tmp_path / "bad", data), url=url)
    issue = _only_issue(failed.value, source, row, key)
    text = str(issue)
    assert text.startswith(f"{source}, row {row}, column ")
    assert words in text
    assert f"row {row}" in str(failed.value)
    assert snapshot(url) == before


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_cell_is_reported_and_nothing_is_written(
    case: str, loaded_sqlite: Loaded, tmp_path: Path
) -> None:
    _refused(CASES[case], loaded_sqlite, tmp_path)


@pytest.mark.parametrize("case", list(REFERENCE_CASES))
def test_a_bad_reference_is_reported_and_nothing_is_written(
    case: str, loaded: Loaded, tmp_path: Path
) -> None:
    _refused(REFERENCE_CASES[case], loaded, tmp_path)


def test_an_unknown_column_is_an_error_naming_it(loaded_sqlite: Loaded, tmp_path: Path) -> None:
    url, before = loaded_sqlite
    folder = write_folder(
        tmp_path / "bad",
        good(),
        headers={
            "organizations": ["code", "name", "kind", "municipality", "vacancys"],
        },
    )
    with pytest.raises(ImportFailed) as failed:
        import_path(folder, url=url)
    issue = _only_issue(failed.value, "organizations.csv", 1, None)
    assert str(issue).startswith('organizations.csv, row 1, column "vacancys": "vacancys"')
    assert "Вакансии (vacancies)" in str(issue)
    assert snapshot(url) == before


def test_a_value_under_no_header_is_an_error(loaded_sqlite: Loaded, tmp_path: Path) -> None:
    url, before = loaded_sqlite
    folder = write_folder(tmp_path / "bad", good())
    path = folder / "attestations.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("assigned", "assigned,лишнее"), encoding="utf-8"
    )
    with pytest.raises(ImportFailed) as failed:
        import_path(folder, url=url)
    assert 'attestations.csv, row 2, column "#5": "лишнее"' in str(failed.value)
    assert snapshot(url) == before


def test_a_missing_teachers_file_is_an_error(loaded_sqlite: Loaded, tmp_path: Path) -> None:
    url, before = loaded_sqlite
    folder = write_folder(tmp_path / "bad", good())
    (folder / "teachers.csv").unlink()
    with pytest.raises(ImportFailed) as failed:
        import_path(folder, url=url)
    # the only problem: the other files' teachers are already stored
    assert [str(i) for i in failed.value.issues] == [
        "teachers.csv: missing — expected this required file in the folder"
    ]
    assert snapshot(url) == before


@pytest.mark.parametrize(
    "content", [b"", b"\n\n", b"\x00\x01\x02PK\x03\x04\x00"], ids=["empty", "blank lines", "binary"]
)
def test_an_empty_or_unreadable_file_is_an_error(
    content: bytes, loaded_sqlite: Loaded, tmp_path: Path
) -> None:
    url, before = loaded_sqlite
    folder = write_folder(tmp_path / "bad", good())
    (folder / "diagnostics.csv").write_bytes(content)
    with pytest.raises(ImportFailed) as failed:
        import_path(folder, url=url)
    (issue,) = failed.value.issues
    assert issue.source == "diagnostics.csv"
    assert "header row" in issue.expected or "UTF-8" in issue.expected
    assert snapshot(url) == before


def test_a_broken_workbook_is_an_error(loaded_sqlite: Loaded, tmp_path: Path) -> None:
    url, before = loaded_sqlite
    book = tmp_path / "region.xlsx"
    book.write_bytes(b"this is not a zip file")
    with pytest.raises(ImportFailed) as failed:
        import_path(book, url=url)
    assert [str(i) for i in failed.value.issues] == [
        "region.xlsx: expected an Excel .xlsx workbook (not a valid .xlsx file)"
    ]
    assert snapshot(url) == before


def test_a_path_that_is_neither_folder_nor_workbook_is_an_error(
    tmp_path: Path, sqlite_url: str
) -> None:
    with pytest.raises(ImportFailed, match=r"folder of CSV files or an \.xlsx workbook"):
        import_path(tmp_path / "nowhere", url=sqlite_url)


def test_every_error_is_reported_at_once(loaded: Loaded, tmp_path: Path) -> None:
    url, before = loaded
    data = good()
    for mutation in (
        "wrong type",
        "bad enum",
        "impossible date",
        "duplicate natural key",
        "self mentor",
    ):
        CASES[mutation][0](data)
    REFERENCE_CASES["unknown teacher"][0](data)
    for n in range(300):  # many bad rows: all collected, the message shows the first 200
        data["competitions"].append(
            {
                "teacher_code": "t1",
                "competition": "debut",
                "year": str(1000 + n),
                "result": "winner",
            }
        )
    with pytest.raises(ImportFailed) as failed:
        import_path(write_folder(tmp_path / "bad", data), url=url)
    issues = failed.value.issues
    assert len(issues) == 6 + 300
    assert {i.source for i in issues} == {
        "teachers.csv",
        "attestations.csv",
        "diagnostics.csv",
        "competitions.csv",
    }
    message = str(failed.value)
    assert message.splitlines()[0] == "import failed, nothing was written: 306 problems"
    assert message.splitlines()[-1] == "… and 106 more"
    assert snapshot(url) == before
