"""Every run's figures in the UI: the stage's table, the cycle's stages, progress, chunk logs."""

import json
import time
from datetime import date
from typing import Any

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
from prefect.logging.handlers import APILogHandler

from flows import artifacts, run_artifacts
from flows.packets import packets
from flows.yearly_cycle import STAGE_FLOWS, yearly_cycle
from metodist.stages import registry
from metodist.stages.errors import StageFailed
from metodist.stages.registry import StageRun, StageService
from models.russian import NNBSP
from tests.flows.conftest import FAILING, FAKE, add_municipality
from tests.flows.test_artifacts import latest_artifact

AS_OF = date(2026, 11, 15)


def _rows(key: str) -> list[dict[str, Any]]:
    return json.loads(latest_artifact(key)["data"])


def _with_summary(summary: dict[str, Any]) -> StageService:
    def finalize(run: StageRun, partials: Any) -> dict[str, Any]:
        return summary

    return StageService(compute=FAKE.compute, finalize=finalize)


def test_a_stage_run_publishes_its_figures_in_russian_under_its_own_key(sqlite_url):
    add_municipality(sqlite_url)
    summary = {"orgs": 7, "teachers": 21, "requests": 40, "hours": 1440, "by_area": {"x": 1}}
    with registry.use("needs", _with_summary(summary)):
        outcome = STAGE_FLOWS["needs"](year=2026, as_of=AS_OF, database_url=sqlite_url)
    artifact = latest_artifact(run_artifacts.figures_key("needs"))
    assert artifact["key"] == "metodist-needs-figures" and artifact["type"] == "table"
    assert artifact["flow_run_id"] == outcome["flow_run_id"]
    assert _rows("metodist-needs-figures") == [
        {"показатель": "организаций", "значение": "7"},
        {"показатель": "педагогов", "значение": "21"},
        {"показатель": "запросов на обучение", "значение": "40"},
        {"показатель": "часов обучения в запросах", "значение": f"1{NNBSP}440"},
    ]  # the table by area is the stage's documents, not a figure
    assert f"запуск {outcome['run_id']}" in artifact["description"]


def test_figures_leave_out_what_only_a_benchmark_reads():
    rows = run_artifacts.figures({"packets": 5, "pages": 40, "build_seconds": 1.2, "files": []})
    assert rows == [("пакетов документов", "5"), ("страниц всего", "40")]


def test_the_cycle_run_publishes_a_table_of_its_stages(sqlite_url, fake_stages):
    add_municipality(sqlite_url, orgs=["o01", "o02"])
    outcomes = yearly_cycle(
        year=2026, as_of=AS_OF, database_url=sqlite_url, stages=["needs", "planning"]
    )
    rows = _rows(run_artifacts.CYCLE_KEY)
    assert [r["этап"] for r in rows] == ["Сбор запросов", "Планирование"]
    assert [r["запуск"] for r in rows] == [o["run_id"] for o in outcomes]
    assert {r["статус"] for r in rows} == {"завершён"}
    assert rows[0]["итоги"] == "организаций: 2"
    assert "завершено этапов — 2 из 2" in latest_artifact(run_artifacts.CYCLE_KEY)["description"]


def test_a_failed_cycle_still_publishes_its_stages_with_the_failure(sqlite_url, fake_stages):
    add_municipality(sqlite_url)
    with registry.use("monitoring", FAILING), pytest.raises(StageFailed):
        yearly_cycle(
            year=2026, as_of=AS_OF, database_url=sqlite_url, stages=["needs", "monitoring"]
        )
    rows = _rows(run_artifacts.CYCLE_KEY)
    assert [(r["этап"], r["статус"]) for r in rows] == [
        ("Сбор запросов", "завершён"),
        ("Мониторинг", "с ошибкой"),
    ]
    assert "stage monitoring failed" in rows[1]["итоги"] and rows[1]["запуск"] == "—"


def test_a_packets_run_shows_its_progress_and_a_log_line_per_chunk(sqlite_url, fake_stages):
    add_municipality(sqlite_url)
    outcome = packets(year=2026, as_of=AS_OF, database_url=sqlite_url, chunk_size=3)
    progress = latest_artifact(run_artifacts.PACKETS_PROGRESS_KEY)
    assert progress["type"] == "progress" and progress["data"] == 100.0
    assert progress["flow_run_id"] == outcome["flow_run_id"]
    APILogHandler().flush()  # logs reach the API in batches
    lines: list[str] = []
    for _ in range(50):
        with get_client(sync_client=True) as client:
            logs = client.read_logs(
                log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[outcome["flow_run_id"]]))
            )
        lines = sorted(log.message for log in logs if " chunk " in log.message)
        if len(lines) == 3:
            break
        time.sleep(0.2)
    assert lines[0].startswith("packets chunk 1/3 o01..o03: 3 organizations done in ")
    assert lines[2].startswith("packets chunk 3/3 o07: 1 organizations done in ")


def test_the_summary_says_where_the_review_stands_and_centre_rules_count_no_schools(
    sqlite_url, fake_stages
):
    add_municipality(sqlite_url)
    outcomes = yearly_cycle(
        year=2026, as_of=AS_OF, database_url=sqlite_url, approve_all=True,
        stages=["recommendations"],
    )  # fmt: skip
    text = latest_artifact(artifacts.SUMMARY_KEY)["data"]
    assert "одобрена: 29" in text and "на проверке" not in text and "metodist review" not in text
    assert "| M02 |" in text and text.split("| M02 |")[1].split("\n")[0].endswith("| 1 | — |")
    # the rules' sources in a table of their own, so the fired table's columns fit
    assert [r["rule"] for r in _rows(artifacts.RULES_KEY)] == ["T03", "O04", "M02"]
    assert "source" not in _rows(artifacts.FIRED_KEY)[0]
    assert outcomes[0]["summary"]["recommendations"] == 29


def test_a_flow_with_a_bad_thresholds_file_fails_before_recording_a_run(
    sqlite_url, fake_stages, monkeypatch, tmp_path
):
    from sqlmodel import select

    from metodist.db import session_scope
    from models import CycleRun

    bad = tmp_path / "rules.toml"
    bad.write_text('[deficits]\ncritical_below = "fifty"\n', encoding="utf-8")
    monkeypatch.setenv("METODIST_RULES_CONFIG", str(bad))
    add_municipality(sqlite_url)
    with pytest.raises(StageFailed) as caught:
        STAGE_FLOWS["recommendations"](year=2026, as_of=AS_OF, database_url=sqlite_url)
    message = str(caught.value)
    assert message.startswith("stage recommendations failed: configuration: thresholds: ")
    assert f"{bad}: [deficits] critical_below = 'fifty'" in message and "chunk" not in message
    with session_scope(sqlite_url) as s:
        assert s.exec(select(CycleRun)).all() == []
