"""Every run's figures in Prefect's UI: a stage's summary, the cycle's stages, packets' progress.

The numbers are those the terminal prints after `metodist run`, in Russian,
under one stable key per stage (`metodist-<stage>-figures`), so the UI keeps a
version per run. Publishing never fails a run: its results are committed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

from prefect import get_run_logger
from prefect.artifacts import (
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)
from prefect.exceptions import MissingContextError

from models.labels import RUN_STATUS, STAGE
from models.russian import number, plural

ORGANIZATIONS = ("организация", "организации", "организаций")

CYCLE_KEY = "metodist-cycle-stages"
PACKETS_PROGRESS_KEY = "metodist-packets-progress"

#: the stage summaries' figures as the coordinator reads them, in the order shown
FIGURES = {
    "orgs": "организаций",
    "organizations": "организаций",
    "teachers": "педагогов",
    "teachers_with_requests": "педагогов с запросами",
    "requests": "запросов на обучение",
    "hours": "часов обучения в запросах",
    "diagnosed": "педагогов с диагностикой",
    "with_critical": "педагогов с критическим дефицитом",
    "first_or_higher": "педагогов с первой или высшей категорией",
    "expiring_next_year": "категорий истекает в следующем году",
    "expiring_within_window": "категорий истекает в ближайшие месяцы",
    "szd_due": "педагогов, которым пора пройти аттестацию на СЗД",
    "high": "школ высокой эффективности",
    "medium": "школ средней эффективности",
    "low": "школ низкой эффективности",
    "placements": "записей на курсы в плане",
    "covered": "потребностей закрыто курсом по другой потребности",
    "unplaced": "потребностей без места на курсе",
    "young_without_mentor": "молодых педагогов без наставника",
    "mentor_matched": "наставников подобрано",
    "recommendations": "рекомендаций",
    "centre": "рекомендаций методическому центру",
    "rulebase_version": "версия базы правил",
    "packets": "пакетов документов",
    "reports": "отчётов центра",
    "pages": "страниц всего",
    "pages_per_packet": "страниц в пакете, в среднем",
    "draft": "пакетов с пометкой «ПРОЕКТ»",
    "approved": "пакетов без пометки (всё одобрено)",
    "seconds_per_packet": "секунд на пакет",
    "removed": "устаревших файлов удалено",
    "out_dir": "папка с документами",
}
#: figures of the summaries that are for benchmarks, not for the coordinator
BENCH_ONLY = {
    "packet_pages",
    "packets_seconds",
    "document_seconds_per_packet",
    "cpu_seconds_per_packet",
    "build_seconds",
    "reports_seconds",
    "render_workers",
    "as_of",
}
#: figures the cycle's table shows per stage, so its columns fit the UI (the rest are in
#: the stage's own artifact)
SHORT_FIGURES = 2


def _logger() -> Any:
    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger(__name__)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, int | float):
        return number(value, 0 if isinstance(value, int) else 1)
    return str(value)


def figures(summary: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(Russian label, value) of a stage summary's figures; lists and tables are left out."""
    known = [k for k in FIGURES if k in summary]
    rest = sorted(k for k in summary if k not in FIGURES and k not in BENCH_ONLY)
    rows = []
    for key in [*known, *rest]:
        value = summary[key]
        if value is None or isinstance(value, Mapping | list | tuple):
            continue
        rows.append((FIGURES.get(key, key), _value(value)))
    return rows


def figures_key(stage: str) -> str:
    return f"metodist-{stage}-figures"


def publish_stage_figures(outcome: Mapping[str, Any]) -> None:
    """The stage summary of a completed run as a two-column table under the stage's key."""
    stage = outcome["stage"]
    try:
        rows = [
            {"показатель": label, "значение": value}
            for label, value in figures(outcome.get("summary") or {})
        ]
        create_table_artifact(
            table=rows,
            key=figures_key(stage),
            description=(
                f"{STAGE.get(stage, stage)} {outcome['year']} на {outcome['as_of']}: "
                f"запуск {outcome['run_id']}, "
                f"{plural(outcome.get('organizations', 0), *ORGANIZATIONS)}, "
                f"частей: {outcome.get('chunks', 0)}, {outcome.get('duration_s', 0):.1f} с."
            ),
        )
    except Exception as exc:
        _logger().warning("figures of %s run %s not published: %s", stage, outcome["run_id"], exc)


def cycle_row(outcome: Mapping[str, Any]) -> dict[str, Any]:
    """A stage's row of the cycle's table: like the terminal's «Cycle stages»."""
    stage = outcome["stage"]
    if outcome.get("status") == "failed":
        summary = str(outcome.get("error", ""))
    else:
        short = figures(outcome.get("summary") or {})[:SHORT_FIGURES]
        summary = "; ".join(f"{label}: {value}" for label, value in short)
    seconds = outcome.get("duration_s")
    return {
        "этап": STAGE.get(stage, stage),
        "запуск": outcome.get("run_id") or "—",
        "статус": RUN_STATUS.get(outcome.get("status", ""), outcome.get("status", "")),
        "секунд": f"{seconds:.1f}" if seconds is not None else "—",
        "итоги": summary,
    }


def publish_cycle_stages(outcomes: Sequence[Mapping[str, Any]], *, year: int, as_of: str) -> None:
    try:
        done = sum(1 for o in outcomes if o.get("status") == "completed")
        create_table_artifact(
            table=[cycle_row(o) for o in outcomes],
            key=CYCLE_KEY,
            description=(
                f"Цикл {year} на {as_of}: завершено этапов — {done} из {len(outcomes)}. "
                "Подробности этапа — в артефактах его запуска."
            ),
        )
    except Exception as exc:
        _logger().warning("the cycle's stage table was not published: %s", exc)


#: seconds between two updates of a progress artifact (each a round trip to the API)
PROGRESS_EVERY_S = 2.0


class ChunkProgress:
    """A progress artifact of a run's chunks (the packets stage: schools' packets rendered).

    Updated at most every `PROGRESS_EVERY_S`, and when the last chunk is done:
    a region's packets have hundreds of chunks, the UI needs no more.
    """

    def __init__(self, key: str, description: str) -> None:
        self.id: UUID | None = None
        self._shown_at = float("-inf")
        try:
            created: Any = create_progress_artifact(0.0, key=key, description=description)
            self.id = created  # a UUID: called outside an event loop, it is not a coroutine
        except Exception as exc:
            _logger().warning("no progress artifact: %s", exc)

    def update(self, done: int, total: int) -> None:
        if self.id is None or not total:
            return
        now = time.monotonic()
        if done < total and now - self._shown_at < PROGRESS_EVERY_S:
            return
        self._shown_at = now
        try:
            update_progress_artifact(self.id, 100.0 * done / total)
        except Exception as exc:
            _logger().warning("progress artifact not updated: %s", exc)
