"""The efficacy of courses as the latest monitoring run stored it, and its export.

`metodist export efficacy` writes one row per area and one per course and
provider (docs/contract.md, "Exports"); the efficacy report reads the same
payload through `latest_efficacy`.
"""

import csv
import io
import json
from pathlib import Path
from typing import Any, Literal

from sqlmodel import Session, select

from metodist.db import session_scope
from metodist.exporting import csv_cell, write_export
from metodist.stages import runs
from models import StageOutput
from models.labels import EFFICACY_VERDICT
from models.payloads_efficacy import Comparison, EfficacySummary

STAGE = "monitoring"
COLUMNS = (
    "level", "area", "key", "title", "code", "provider", "treated", "treated_change",
    "comparison", "comparison_change", "difference", "low", "high", "verdict", "verdict_label",
    "run_id",
)  # fmt: skip


class NoEfficacy(LookupError):
    """No completed monitoring run with an efficacy summary (for the year asked)."""


def latest_efficacy(session: Session, year: int | None = None) -> tuple[int, EfficacySummary]:
    """The latest completed monitoring run of `year` (default: the latest year) and its summary."""
    run = runs.latest_run(session, year=year, stage=STAGE)
    if run is not None and run.id is not None:
        stored = session.exec(
            select(StageOutput.payload).where(
                StageOutput.run_id == run.id, StageOutput.kind == EfficacySummary.KIND
            )
        ).first()
        if stored is not None:
            return run.id, EfficacySummary.from_json(stored)
    # when the latest run has none, an older run's figures would mislead: none is shown
    when = f" for {year}" if year is not None else ""
    raise NoEfficacy(
        f"no efficacy of courses{when}: run `metodist run monitoring` first "
        "(it computes the efficacy from the diagnostics and the completed courses)"
    )


def efficacy_rows(run_id: int, summary: EfficacySummary) -> list[dict[str, Any]]:
    """One row per area, then one per course and provider, in the report's order."""
    rows = [
        _row("area", area, "", area, None, None, r, run_id) for area, r in summary.by_area.items()
    ]
    rows.extend(
        _row("course", c.area, c.key, c.title, c.code, c.provider, c.result, run_id)
        for c in summary.courses
    )
    return rows


def _row(
    level: str, area: str, key: str, title: str, code: str | None, provider: str | None,
    r: Comparison, run_id: int,
) -> dict[str, Any]:  # fmt: skip
    return {
        "level": level, "area": area, "key": key, "title": title, "code": code,
        "provider": provider, "treated": r.treated, "treated_change": r.treated_change,
        "comparison": r.comparison, "comparison_change": r.comparison_change,
        "difference": r.difference, "low": r.low, "high": r.high, "verdict": r.verdict,
        "verdict_label": EFFICACY_VERDICT[r.verdict], "run_id": run_id,
    }  # fmt: skip


def export_efficacy(
    url: str | None,
    *,
    fmt: Literal["json", "csv"] | str,
    out: Path | None = None,
    year: int | None = None,
) -> int:
    """Write the efficacy rows as JSON (a list of objects) or CSV (a header row, empty cells
    for what is unknown) to `out` (default: stdout); the number of rows."""
    if fmt not in ("json", "csv"):
        raise ValueError(f"format must be json or csv, not {fmt!r}")
    with session_scope(url) as s:
        rows = efficacy_rows(*latest_efficacy(s, year))
    if fmt == "json":
        text = json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: csv_cell(v) for k, v in row.items()} for row in rows)
        text = buffer.getvalue()
    write_export(out, text)
    return len(rows)
