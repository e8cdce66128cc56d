"""The dashboard's figures: the latest cycle's stage runs, recommendation counts, review shares.

A run links to its flow run in the Prefect UI when `PREFECT_API_URL` names a
server (the UI is served beside the API, at `/runs/flow-run/<id>`).
"""

from dataclasses import dataclass
from typing import Any

from sqlmodel import col, select

from metodist.audit import NoRecommendations
from metodist.audit import _run as latest_recommendations_run
from metodist.config import get_settings
from metodist.db import session_scope
from metodist.web.queue import OrgReview, org_reviews
from models import CycleRun
from models.enums import Stage


@dataclass
class StageLine:
    stage: str
    run: CycleRun | None
    runs: int  # every run of the stage this year (a failed one stays until a re-run completes)
    flow_run_url: str | None


@dataclass
class Dashboard:
    year: int | None
    stages: list[StageLine]
    orgs: list[OrgReview]
    totals: dict[str, int]


def prefect_ui(flow_run_id: str | None) -> str | None:
    api = get_settings().prefect_api_url.rstrip("/")
    if not api or not flow_run_id:
        return None
    base = api[: -len("/api")] if api.endswith("/api") else api
    return f"{base}/runs/flow-run/{flow_run_id}"


def dashboard(url: str | None) -> Dashboard:
    with session_scope(url) as s:
        year = s.exec(select(CycleRun.year).order_by(col(CycleRun.year).desc())).first()
        runs: list[CycleRun] = []
        if year is not None:
            runs = list(
                s.exec(
                    select(CycleRun)
                    .where(col(CycleRun.year) == year)
                    .order_by(col(CycleRun.id).desc())
                ).all()
            )
        stages = []
        for stage in Stage:
            mine = [r for r in runs if r.stage == stage]
            latest = mine[0] if mine else None
            stages.append(
                StageLine(
                    stage, latest, len(mine), prefect_ui(latest.flow_run_id if latest else None)
                )
            )
        try:
            orgs = org_reviews(s, latest_recommendations_run(s, year))
        except NoRecommendations:
            orgs = []
    totals: dict[str, Any] = {
        "proposed": sum(o.proposed for o in orgs),
        "approved": sum(o.approved for o in orgs),
        "rejected": sum(o.rejected for o in orgs),
    }
    totals["total"] = sum(totals.values())
    return Dashboard(year=year, stages=stages, orgs=orgs, totals=totals)
