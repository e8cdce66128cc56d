"""Each stage flow against the session's Prefect API, with fake stage services."""

import pickle
from datetime import date

import pytest
from prefect.client.schemas.objects import State
from prefect.states import Failed
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlmodel import col, select

from flows.factory import retry_on_transient_db_error
from flows.yearly_cycle import STAGE_FLOWS
from metodist.config import get_settings
from metodist.db import session_scope
from metodist.stages import registry
from metodist.stages.errors import (
    MESSAGE_CHARS,
    StageFailed,
    as_stage_failed,
    is_transient_db_error,
)
from metodist.stages.execute import auto_chunk_size, chunked
from models import CycleRun, StageOutput
from tests.flows.conftest import FAILING, FLAKY, ORGS, add_municipality

AS_OF = date(2026, 11, 15)


def _outputs(url: str, kind: str = "fake") -> list[StageOutput]:
    with session_scope(url) as s:
        return list(s.exec(select(StageOutput).where(col(StageOutput.kind) == kind)).all())


def _runs(url: str, stage: str) -> list[CycleRun]:
    with session_scope(url) as s:
        return list(s.exec(select(CycleRun).where(CycleRun.stage == stage).order_by(CycleRun.id)))


def test_a_stage_flow_runs_a_task_per_chunk_and_records_its_flow_run(sqlite_url, fake_stages):
    add_municipality(sqlite_url)
    result = STAGE_FLOWS["planning"](year=2026, as_of=AS_OF, chunk_size=3, database_url=sqlite_url)
    assert result["status"] == "completed"
    assert result["chunks"] == 3 and result["organizations"] == len(ORGS)
    [run] = _runs(sqlite_url, "planning")
    assert run.status == "completed" and run.id == result["run_id"]
    assert run.flow_run_id and run.flow_run_id == result["flow_run_id"]
    assert run.summary == result["summary"] == {"organizations": 7, "as_of": "2026-11-15"}
    assert sorted(o.org_code for o in _outputs(sqlite_url)) == ORGS


def test_a_rerun_replaces_the_results_without_duplicates(db_url, fake_stages):
    add_municipality(db_url)
    flow = STAGE_FLOWS["monitoring"]
    first = flow(year=2026, as_of=AS_OF, chunk_size=2, database_url=db_url)
    second = flow(year=2026, as_of=AS_OF, chunk_size=2, database_url=db_url)
    assert second["run_id"] != first["run_id"]
    rows = _outputs(db_url)
    assert sorted(o.org_code for o in rows) == ORGS
    assert {o.run_id for o in rows} == {second["run_id"]}
    assert [r.id for r in _runs(db_url, "monitoring")] == [second["run_id"]]


def test_a_failing_chunk_leaves_the_previous_results_and_marks_the_run_failed(db_url, fake_stages):
    add_municipality(db_url)
    flow = STAGE_FLOWS["monitoring"]
    good = flow(year=2026, as_of=AS_OF, chunk_size=2, database_url=db_url)
    with (
        registry.use("monitoring", FAILING),
        pytest.raises(StageFailed) as caught,
    ):
        flow(year=2026, as_of=AS_OF, chunk_size=2, database_url=db_url)
    failure = caught.value
    assert failure.stage == "monitoring" and failure.school == "o03"
    assert "no subjects" in str(failure) and "\n" not in str(failure)
    rows = _outputs(db_url)
    assert {o.run_id for o in rows} == {good["run_id"]} and len(rows) == len(ORGS)
    runs = _runs(db_url, "monitoring")
    assert [r.status for r in runs] == ["completed", "failed"]
    assert runs[1].flow_run_id and "o03" in (runs[1].error or "")


def test_a_transient_database_error_is_retried(sqlite_url, fake_stages, monkeypatch):
    from tests.flows.fakes import flaky

    monkeypatch.setattr("flows.factory.RETRY_DELAYS", [0, 0])
    flaky.calls.clear()
    add_municipality(sqlite_url)
    with registry.use("needs", FLAKY):
        result = STAGE_FLOWS["needs"](
            year=2026, as_of=AS_OF, chunk_size=len(ORGS), database_url=sqlite_url
        )
    assert result["status"] == "completed"
    assert len(flaky.calls) == 2  # the first attempt lost its connection, the retry worked
    assert sorted(o.org_code for o in _outputs(sqlite_url)) == ORGS


def test_a_service_module_that_is_missing_fails_clearly_before_recording_a_run(
    sqlite_url, monkeypatch
):
    monkeypatch.setenv("METODIST_STAGE_MODULES", "packets=metodist.stages.no_such_stage")
    get_settings.cache_clear()
    try:
        with pytest.raises(StageFailed, match=r"no module metodist\.stages\.no_such_stage"):
            STAGE_FLOWS["packets"](year=2026, as_of=AS_OF, database_url=sqlite_url)
    finally:
        monkeypatch.delenv("METODIST_STAGE_MODULES")
        get_settings.cache_clear()
    assert _runs(sqlite_url, "packets") == []


def test_the_year_defaults_to_the_cycle_dates_year(sqlite_url, fake_stages):
    add_municipality(sqlite_url, orgs=["o01"])
    result = STAGE_FLOWS["needs"](as_of=date(2025, 3, 1), database_url=sqlite_url)
    assert result["year"] == 2025 and _runs(sqlite_url, "needs")[0].year == 2025


# ---- plain helpers, no Prefect run needed ----


def test_chunks_cover_every_organization_in_order():
    codes = [f"o{i}" for i in range(11)]
    assert chunked(codes, 4) == [codes[:4], codes[4:8], codes[8:]]
    assert auto_chunk_size(17) == 5 and auto_chunk_size(2000) == 50 and auto_chunk_size(1) == 5


def _failed(exc: BaseException) -> State:
    return Failed(data=exc)


def test_only_transient_database_errors_are_retried():
    lost = OperationalError("SELECT 1", {}, ConnectionError("server closed the connection"))
    invalidated = DBAPIError("SELECT 1", {}, Exception("gone"), connection_invalidated=True)
    assert retry_on_transient_db_error(None, None, _failed(lost))  # type: ignore[arg-type]
    assert retry_on_transient_db_error(None, None, _failed(invalidated))  # type: ignore[arg-type]
    duplicate = IntegrityError("INSERT", {}, Exception("duplicate key"))
    assert not retry_on_transient_db_error(None, None, _failed(duplicate))  # type: ignore[arg-type]
    assert not retry_on_transient_db_error(None, None, _failed(ValueError("bad data")))  # type: ignore[arg-type]
    try:
        try:
            raise lost
        except OperationalError as inner:
            raise RuntimeError("chunk o01…o05") from inner
    except RuntimeError as wrapped:
        assert is_transient_db_error(wrapped)


def test_psycopg_operational_errors_count_as_transient():
    import psycopg

    assert is_transient_db_error(psycopg.OperationalError("connection refused"))


def test_stage_failed_survives_pickling_with_its_school():
    failure = pickle.loads(pickle.dumps(StageFailed("planning", "boom", school="o07")))
    assert (failure.stage, failure.school, str(failure)) == (
        "planning",
        "o07",
        "stage planning failed (school o07): boom",
    )


def test_a_database_error_becomes_one_short_line():
    exc = IntegrityError(
        "INSERT INTO recommendation (run_id, text) VALUES (?, ?)",
        (12, "Рекомендация " * 200),
        Exception("UNIQUE constraint failed:\n recommendation.id"),
    )
    failure = as_stage_failed("recommendations", exc, ["o01", "o02", "o03"])
    text = str(failure)
    assert "[SQL" not in text and "\n" not in text and len(failure.message) <= MESSAGE_CHARS
    assert "UNIQUE constraint failed: recommendation.id" in text and "o01…o03" in text
