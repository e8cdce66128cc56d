"""The data commands as a coordinator types them: exit codes and what they print."""

import csv
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import select
from typer.testing import CliRunner

from metodist.cli import app
from metodist.db import session_scope
from metodist.demo import generate, write_csv
from models import Teacher

runner = CliRunner()


@pytest.fixture(scope="module")
def demo_csv(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    write_csv(generate(seed=7, schools=2, year=2026, as_of=date(2026, 11, 15)), folder)
    return folder


def _teachers(url: str) -> int:
    with session_scope(url) as s:
        return s.exec(select(func.count()).select_from(Teacher)).one()


def test_import_reports_counts_and_a_reimport_adds_nothing(db_url, demo_csv):
    first = runner.invoke(app, ["import", str(demo_csv)])
    assert first.exit_code == 0, first.output
    count = _teachers(db_url)
    assert count > 0
    again = runner.invoke(app, ["import", str(demo_csv)])
    assert again.exit_code == 0
    assert _teachers(db_url) == count
    assert "unchanged" in again.output


def test_a_refused_import_names_file_row_column_and_writes_nothing(db_url, demo_csv, tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    for f in demo_csv.iterdir():
        (bad / f.name).write_bytes(f.read_bytes())
    rows = list(csv.DictReader((bad / "teachers.csv").open(encoding="utf-8")))
    rows[4]["category"] = "вторая"
    with (bad / "teachers.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = runner.invoke(app, ["import", str(bad)])
    assert result.exit_code == 1
    assert 'teachers.csv, row 6, column "category"' in result.output
    assert "вторая" in result.output
    assert "Traceback" not in result.output
    assert _teachers(db_url) == 0


def test_import_of_a_missing_path_is_a_clear_error(sqlite_url, monkeypatch, tmp_path):
    monkeypatch.setenv("METODIST_DATABASE_URL", sqlite_url)
    result = runner.invoke(app, ["import", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "no such file or folder" in result.output


def test_forms_writes_a_workbook_and_refuses_other_names(tmp_path):
    ok = runner.invoke(app, ["forms", str(tmp_path / "blank.xlsx")])
    assert ok.exit_code == 0
    assert (tmp_path / "blank.xlsx").stat().st_size > 0
    bad = runner.invoke(app, ["forms", str(tmp_path / "blank.csv")])
    assert bad.exit_code == 1
    assert ".xlsx" in bad.output


def test_review_of_an_unknown_recommendation_is_one_clear_line(sqlite_url, monkeypatch):
    monkeypatch.setenv("METODIST_DATABASE_URL", sqlite_url)
    result = runner.invoke(app, ["review", "approve", "--id", "999"])
    assert result.exit_code == 1
    assert "Error:" in result.output
    assert "Traceback" not in result.output


def test_demo_writes_where_metodist_out_dir_says(sqlite_url, monkeypatch, tmp_path):
    import metodist.cli.cycle as cycle_cli

    ran: dict[str, object] = {}
    monkeypatch.setattr(cycle_cli, "run_cycle_and_report", lambda **kwargs: ran.update(kwargs))
    monkeypatch.setenv("METODIST_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("METODIST_OUT_DIR", str(tmp_path / "district"))
    result = runner.invoke(app, ["demo", "--schools", "1", "--year", "2026"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "district" / "demo-data" / "teachers.csv").is_file()
    assert ran["out"] == tmp_path / "district" and ran["approve_all"] is True
    # --out still wins over the setting
    result = runner.invoke(app, ["demo", "--schools", "1", "--out", str(tmp_path / "x")])
    assert result.exit_code == 0 and ran["out"] == tmp_path / "x"
