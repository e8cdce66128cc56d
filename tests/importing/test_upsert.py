"""Loading: upserts by code or natural key, in one transaction, all or nothing."""

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection
from sqlmodel import select

from metodist import db
from metodist.importing import import_path
from metodist.importing import load as load_module
from metodist.importing.parsed import ParsedTable
from models import Diagnostic, Organization, Teacher
from tests.importing.conftest import Loaded
from tests.importing.helpers import INPUT_TABLES, counts, good, snapshot, write_folder


def test_a_first_import_inserts_every_row(db_url: str, tmp_path: Path) -> None:
    data = good()
    report = import_path(write_folder(tmp_path / "first", data), url=db_url)
    assert list(report.tables) == INPUT_TABLES
    for name, c in report.tables.items():
        assert (c.read, c.inserted, c.updated, c.unchanged) == (
            len(data[name]),
            len(data[name]),
            0,
            0,
        )
    stored = counts(db_url)
    assert stored["teacher"] == 3 and stored["diagnostic"] == 3 and stored["method_event"] == 2
    with db.session_scope(db_url) as s:
        diag = s.exec(select(Diagnostic).where(Diagnostic.area == "digital")).one()
        assert diag.key == "t1|2024-04-15|digital"


def test_reimporting_the_same_data_changes_nothing(loaded: Loaded, tmp_path: Path) -> None:
    url, before = loaded
    report = import_path(write_folder(tmp_path / "again", good()), url=url)
    assert all(c.unchanged == c.read and not c.written for c in report.tables.values())
    assert snapshot(url) == before


def test_changed_rows_are_updated_in_place(loaded: Loaded, tmp_path: Path) -> None:
    url, _ = loaded
    data = good()
    data["organizations"][0]["name"] = "МАОУ СОШ № 1"
    data["diagnostics"][0]["score"] = "55"
    data["events"][0]["title"] = "  мастер-класс   по ЦОР "  # same natural key, re-typed
    data["diagnostics"].append(
        {
            "teacher_code": "t3",
            "date": "2024-04-15",
            "area": "legal",
            "score": "90",
            "instrument": "",
        }
    )
    report = import_path(write_folder(tmp_path / "changed", data), url=url)
    t = report.tables
    assert (t["organizations"].updated, t["organizations"].unchanged) == (1, 1)
    assert (t["diagnostics"].inserted, t["diagnostics"].updated, t["diagnostics"].unchanged) == (
        1,
        1,
        2,
    )
    assert t["events"].updated == 1 and t["events"].inserted == 0
    after = counts(url)
    assert after["teacher"] == 3  # updating an organization must not cascade to its teachers
    assert after["diagnostic"] == 4 and after["method_event"] == 2
    with db.session_scope(url) as s:
        org = s.get(Organization, "o1")
        assert org is not None and org.name == "МАОУ СОШ № 1"


def test_rows_may_name_teachers_already_stored(loaded: Loaded, tmp_path: Path) -> None:
    url, _ = loaded
    data = {
        "organizations": [],
        "teachers": [
            {"code": "t4", "org_code": "o2", "full_name": "Новикова Ольга", "mentor_code": "t3"}
        ],
        "diagnostics": [
            {"teacher_code": "t1", "date": "2025-04-15", "area": "legal", "score": "70"}
        ],
        "events": [
            {
                "org_code": "o1",
                "date": "2025-01-20",
                "form": "открытый урок",
                "title": "Открытый урок",
                "presenter_codes": "t2;t4",
            }
        ],
    }
    report = import_path(write_folder(tmp_path / "more", data), url=url)
    assert report.tables["teachers"].inserted == 1
    assert report.tables["diagnostics"].inserted == 1
    with db.session_scope(url) as s:
        t4 = s.get(Teacher, "t4")
        assert t4 is not None and (t4.mentor_code, t4.category) == ("t3", "none")
    assert counts(url)["diagnostic"] == 4


def test_columns_left_out_keep_their_stored_values(loaded: Loaded, tmp_path: Path) -> None:
    url, _ = loaded
    data = good()
    for row in data["teachers"]:
        del row["burnout_score"]
        del row["category"]
    data["teachers"][0]["full_name"] = "Иванова-Смирнова Анна Петровна"
    report = import_path(write_folder(tmp_path / "partial", data), url=url)
    assert report.tables["teachers"].updated == 1
    with db.session_scope(url) as s:
        t1 = s.get(Teacher, "t1")
        assert t1 is not None
        assert (t1.full_name, t1.burnout_score, t1.category) == (
            "Иванова-Смирнова Анна Петровна",
            40,
            "highest",
        )


def _fail_after_first_table(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    written: list[str] = []
    real = load_module.write_table

    def write_then_fail(conn: Connection, parsed: ParsedTable, progress: Any = None) -> Any:
        if written:
            raise RuntimeError("disk full")
        written.append(parsed.spec.name)
        return real(conn, parsed, progress)

    monkeypatch.setattr(load_module, "write_table", write_then_fail)
    return written


def test_a_failure_mid_load_leaves_an_empty_database_empty(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(db_url)
    written = _fail_after_first_table(monkeypatch)
    with pytest.raises(RuntimeError, match="disk full"):
        import_path(write_folder(tmp_path / "data", good()), url=db_url)
    assert written == ["organizations"]
    assert snapshot(db_url) == before


def test_a_failure_mid_load_leaves_stored_data_as_it_was(
    loaded: Loaded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, before = loaded
    data = good()
    data["organizations"][0]["name"] = "Переименованная школа"
    data["organizations"].append({"code": "o3", "name": "Новая школа", "kind": "school"})
    _fail_after_first_table(monkeypatch)
    with pytest.raises(RuntimeError, match="disk full"):
        import_path(write_folder(tmp_path / "data", data), url=url)
    assert snapshot(url) == before


def test_a_large_import_updates_and_inserts_in_bulk(db_url: str, tmp_path: Path) -> None:
    """Enough rows for the chunked and the PostgreSQL foreign-key paths, twice over."""
    data = good()
    data["teachers"] += [
        {
            "code": f"x{n:05d}",
            "org_code": "o1",
            "full_name": f"Педагог {n}",
            "mentor_code": "t1" if n % 2 else "",
        }
        for n in range(12_000)
    ]
    data["diagnostics"] += [
        {
            "teacher_code": f"x{n:05d}",
            "date": "2024-04-15",
            "area": "digital",
            "score": str(n % 100 + 1),
        }
        for n in range(12_000)
    ]
    import_path(write_folder(tmp_path / "big", data), url=db_url)
    for row in data["diagnostics"][3::2]:
        row["score"] = "0"
    report = import_path(write_folder(tmp_path / "big2", data), url=db_url)
    assert report.tables["diagnostics"].updated == 6_000
    assert report.tables["teachers"].unchanged == 12_003
    assert counts(db_url)["diagnostic"] == 12_003
    small = {  # a few rows against a large table: stored rows are looked up, not scanned
        "organizations": [],
        "teachers": [{**data["teachers"][5], "experience_years": "3,5"}],
        "diagnostics": [{**data["diagnostics"][5], "score": "1"}, data["diagnostics"][6]],
    }
    report = import_path(write_folder(tmp_path / "small", small), url=db_url)
    assert report.tables["teachers"].updated == 1
    assert (report.tables["diagnostics"].updated, report.tables["diagnostics"].unchanged) == (1, 1)
    with db.session_scope(db_url) as s:  # the foreign keys are back, cascades included
        s.delete(s.get(Organization, "o1"))
    assert counts(db_url)["diagnostic"] == 0
    assert counts(db_url)["teacher"] == 1
