"""A database or file-system error ends a command with one line and exit 1, no traceback.

Probes 6 and 13 of issue 14: a full disk during `import` and a corrupted
SQLite file (`import`, `export`) printed 70-110 lines of traceback; `review
approve --all` went through with no reviewer and no comment.
"""

from datetime import date
from pathlib import Path

import pytest
import typer
from sqlalchemy import event, func
from sqlmodel import select
from typer.testing import CliRunner

from metodist import db
from metodist.cli import app
from metodist.config import get_settings
from metodist.db import session_scope
from models import Teacher
from tests.cli import test_data_commands

runner = CliRunner()
demo_csv = test_data_commands.demo_csv  # the same small demo municipality, as a fixture


def one_line_error(result, *words: str) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit | typer.Exit)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def cli_db(sqlite_url, monkeypatch) -> str:
    """An empty SQLite database, the CLI's through METODIST_DATABASE_URL."""
    monkeypatch.setenv("METODIST_DATABASE_URL", sqlite_url)
    get_settings.cache_clear()
    yield sqlite_url
    get_settings.cache_clear()


@pytest.fixture
def corrupted(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "metodist.db"
    path.write_bytes(b"this is not an SQLite database, it was damaged on a USB stick" * 100)
    monkeypatch.setenv("METODIST_DATABASE_URL", f"sqlite:///{path}")
    get_settings.cache_clear()
    yield path
    get_settings.cache_clear()


def test_import_into_a_corrupted_sqlite_file_is_one_line(corrupted, demo_csv):
    one_line_error(runner.invoke(app, ["import", str(demo_csv)]), "database", str(corrupted))


def test_export_from_a_corrupted_sqlite_file_is_one_line(corrupted):
    one_line_error(runner.invoke(app, ["export", "recommendations"]), "database")


def test_a_full_disk_during_import_is_one_line_and_writes_nothing(cli_db, demo_csv):
    sqlite_url = cli_db
    db.init_db(sqlite_url)
    engine = db.get_engine(sqlite_url)

    @event.listens_for(engine, "connect")
    def _small_disk(dbapi_conn, _record):  # SQLite's own "database or disk is full"
        dbapi_conn.execute("PRAGMA max_page_count = 60")

    engine.dispose()
    try:
        line = one_line_error(runner.invoke(app, ["import", str(demo_csv)]), "full")
    finally:
        event.remove(engine, "connect", _small_disk)
        engine.dispose()
    assert "nothing" in line.lower()
    with session_scope(sqlite_url) as s:
        assert s.exec(select(func.count()).select_from(Teacher)).one() == 0


def test_an_unreadable_input_file_is_refused_by_name(cli_db, demo_csv, monkeypatch):
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "teachers.csv":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = runner.invoke(app, ["import", str(demo_csv)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "teachers.csv: expected a readable file (Permission denied)" in result.output


def test_an_export_to_a_folder_that_cannot_be_written_is_one_line(db_url, tmp_path):
    from metodist.stages import runs

    run_id = runs.start_run(db_url, year=2026, as_of=date(2026, 11, 15), stage="recommendations")
    runs.complete_run(db_url, run_id, summary={})
    blocker = tmp_path / "file"
    blocker.write_text("x")
    one_line_error(
        runner.invoke(app, ["export", "recommendations", "--out", str(blocker / "out.csv")]),
        str(blocker),
        "where a folder is needed",
    )


def test_review_all_needs_a_reviewer_and_a_comment(cli_db, monkeypatch):
    from metodist.stages import runs

    sqlite_url = cli_db
    run_id = runs.start_run(
        sqlite_url, year=2026, as_of=date(2026, 11, 15), stage="recommendations"
    )
    runs.complete_run(sqlite_url, run_id, summary={})
    one_line_error(runner.invoke(app, ["review", "approve", "--all"]), "--reviewer")
    monkeypatch.setenv("METODIST_REVIEWER", "Петрова")
    get_settings.cache_clear()
    one_line_error(runner.invoke(app, ["review", "approve", "--all"]), "comment")
    ok = runner.invoke(app, ["review", "approve", "--all", "--comment", "проверено"])
    assert ok.exit_code == 0, ok.output
    get_settings.cache_clear()
