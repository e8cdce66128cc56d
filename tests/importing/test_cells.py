"""Cell converters, natural keys and messages, without a database."""

from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from metodist.importing import ImportFailed, ImportIssue
from metodist.importing.cells import BadCell, converter
from metodist.importing.keys import key_builder, key_column
from metodist.importing.spec import TABLES_BY_NAME, ColumnSpec

TEACHERS = TABLES_BY_NAME["teachers"]


def convert(table: str, key: str, raw: Any) -> Any:
    return converter(TABLES_BY_NAME[table].column(key), 64)(raw)


def expected(table: str, key: str, raw: Any) -> str:
    with pytest.raises(BadCell) as bad:
        convert(table, key, raw)
    return bad.value.expected


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("12", 12),
        (" 12 ", 12),
        ("12.0", 12),
        ("12,0", 12),
        (12, 12),
        (12.0, 12),
        ("", None),
        (None, None),
        ("  ", None),
    ],
)
def test_whole_numbers(raw: Any, value: Any) -> None:
    assert convert("organizations", "vacancies", raw) == value


@pytest.mark.parametrize("raw", ["12,5", "двенадцать", 12.5, "-1", "nan", "inf", True])
def test_not_whole_numbers_or_out_of_range(raw: Any) -> None:
    assert expected("organizations", "vacancies", raw) == "a whole number ≥ 0"


@pytest.mark.parametrize(
    ("raw", "value"), [("12,5", 12.5), ("12.5", 12.5), (3, 3.0), ("1 2,5", 12.5)]
)
def test_decimal_numbers(raw: Any, value: float) -> None:
    assert convert("teachers", "experience_years", raw) == value


def test_a_decimal_out_of_range_names_the_range() -> None:
    assert expected("teachers", "experience_years", "70,5") == "a number from 0 to 70"


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("2024-02-29", date(2024, 2, 29)),
        ("29.02.2024", date(2024, 2, 29)),
        ("1.2.2024", date(2024, 2, 1)),
        (datetime(2024, 2, 1, 0, 0), date(2024, 2, 1)),
        (date(2024, 2, 1), date(2024, 2, 1)),
        ("2024-02-01 00:00:00", date(2024, 2, 1)),
    ],
)
def test_dates(raw: Any, value: date) -> None:
    assert convert("diagnostics", "date", raw) == value


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("2023-02-29", "a real calendar date"),
        ("31.04.2024", "a real calendar date"),
        ("2024/02/01", "a date as YYYY-MM-DD"),
        ("01.02.24", "a date as YYYY-MM-DD"),
        ("вчера", "a date as YYYY-MM-DD"),
        (45000, "a date as YYYY-MM-DD"),
        ("", "a value (this column is required)"),
    ],
)
def test_bad_dates(raw: Any, words: str) -> None:
    assert expected("diagnostics", "date", raw).startswith(words)


@pytest.mark.parametrize("raw", ["first", "FIRST", "первая", " Первая ", "ПЕРВАЯ"])
def test_enumerations_take_key_or_label_in_any_case(raw: str) -> None:
    assert convert("teachers", "category", raw) == "first"


def test_an_enumeration_lists_keys_with_labels() -> None:
    assert expected("events", "mode", "парная") == (
        "one of: group (групповая), individual (индивидуальная)"
    )


def test_enumeration_lists_check_every_item() -> None:
    assert convert("courses", "areas", "Цифровая; legal;цифровая") == ["digital", "legal"]
    assert '"космос" is not' in expected("courses", "areas", "digital;космос")
    assert expected("courses", "areas", " ; ") == "a value (this column is required)"


def test_text_is_trimmed_and_excel_numbers_lose_their_point_zero() -> None:
    assert convert("teachers", "code", "  t1 ") == "t1"
    assert convert("teachers", "code", 101.0) == "101"
    assert (
        expected("teachers", "code", "x" * 65) == "text of at most 64 characters (this one has 65)"
    )


def test_the_issue_line_reads_as_the_contract_shows() -> None:
    issue = ImportIssue(
        "teachers.csv",
        14,
        "Категория",
        "вторая",
        "one of: none (без категории), szd (СЗД)",
        "category",
    )
    assert str(issue) == (
        'teachers.csv, row 14, column "Категория" (category): "вторая" — '
        "expected one of: none (без категории), szd (СЗД)"
    )
    assert str(ImportIssue("t.csv", 2, "score", None, "a value", "score")) == (
        't.csv, row 2, column "score": empty — expected a value'
    )


def test_the_failure_message_is_capped_but_every_issue_kept() -> None:
    issues = [
        ImportIssue("d.csv", n, "score", "x", "a whole number", "score") for n in range(2, 502)
    ]
    failed = ImportFailed(issues)
    assert len(failed.issues) == 500
    lines = str(failed).splitlines()
    assert len(lines) == 1 + 200 + 1 and lines[-1] == "… and 300 more"


def test_a_missing_column_spec_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown column kind"):
        converter(ColumnSpec("x", "x", kind="money"))  # type: ignore[arg-type]


texts = st.text(alphabet=st.sampled_from("аБв Ёё|\\x;-"), max_size=300)


@given(
    st.lists(
        st.tuples(st.sampled_from(["t1", "t2", None]), st.dates(), texts), min_size=1, max_size=20
    )
)
def test_keys_by_column_equal_keys_by_row(rows: list[tuple[Any, date, str]]) -> None:
    spec = TABLES_BY_NAME["pd_courses_done"]
    dicts = [{"teacher_code": c, "completed": d, "title": t} for c, d, t in rows]
    columns = {k: [r[k] for r in dicts] for k in ("teacher_code", "completed", "title")}
    build = key_builder(spec)
    keys = key_column(spec, columns, len(dicts))
    assert keys == [build(r) for r in dicts]
    assert all(len(k) <= 512 for k in keys)


def test_keys_fold_free_text_but_not_codes() -> None:
    build = key_builder(TABLES_BY_NAME["events"])
    a = build({"org_code": "O1", "date": date(2024, 3, 1), "title": "Мастер-класс  ЁЛКИ"})
    b = build({"org_code": "O1", "date": date(2024, 3, 1), "title": " мастер-класс елки"})
    c = build({"org_code": "o1", "date": date(2024, 3, 1), "title": "мастер-класс елки"})
    assert a == b == "O1|2024-03-01|мастер-класс елки"
    assert c != a
    assert build({"org_code": None, "date": date(2024, 3, 1), "title": "a|b"}) == (
        "|2024-03-01|a\\|b"
    )
