"""Names for the runs the server's scheduler creates: «packets 2026 (10.12.2026)», not «sly-pony».

Prefect 3.8.8's scheduler has no name template: a scheduled run keeps a random
name until it starts and the flow's `flow_run_name` renames it. So
`name_upcoming_runs` renames the scheduled runs of Metodist's deployments
through the API, from the parameters the run will start with (`year`,
`as_of`, by default the day it is due, in its schedule's time zone), and tags
them `year:`, `stage:` and `trigger:schedule`. `metodist schedule` calls it
after `prefect deploy --all`; the `name-upcoming-runs` deployment calls it every
morning, for the runs the scheduler has added since.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from prefect import flow, get_run_logger
from prefect.client.orchestration import SyncPrefectClient, get_client
from prefect.client.schemas.filters import (
    FlowRunFilter,
    FlowRunFilterState,
    FlowRunFilterStateType,
)
from prefect.client.schemas.objects import FlowRun, StateType
from prefect.client.schemas.responses import DeploymentResponse
from prefect.settings import PREFECT_API_URL

from flows.naming import (
    TRIGGER_PREFIX,
    as_date,
    display_name,
    resolve_dates,
    run_name,
    run_tags,
)

#: the flows of Metodist are named «metodist-<stage>» (and «metodist-cycle»)
FLOW_PREFIX = "metodist-"
#: scheduled runs read in one request: the scheduler keeps at most 100 per deployment
PAGE = 200
#: the flow below (its own runs are named too: «name-upcoming-runs 2026 (02.12.2026)»)
UPCOMING_LABEL = "name-upcoming-runs"


class NoServer(RuntimeError):
    """No Prefect server to talk to: PREFECT_API_URL is not set."""


@dataclass(frozen=True, slots=True)
class Named:
    deployment: str
    name: str
    expected: str


def _timezone(deployment: DeploymentResponse) -> ZoneInfo:
    for schedule in deployment.schedules or ():
        zone = getattr(schedule.schedule, "timezone", None)
        if zone:
            return ZoneInfo(zone)
    return ZoneInfo("UTC")


def planned_name(label: str, run: FlowRun, zone: ZoneInfo) -> tuple[str, int]:
    """The name and year the run will have when it starts, as its flow names it."""
    params: dict[str, Any] = run.parameters or {}
    due = run.expected_start_time or run.next_scheduled_start_time
    default_day: date | None = due.astimezone(zone).date() if due is not None else None
    as_of = as_date(params.get("as_of")) or default_day
    year, as_of = resolve_dates(params.get("year"), as_of)
    return display_name(label, year, as_of), year


def _scheduled(client: SyncPrefectClient) -> list[FlowRun]:
    runs: list[FlowRun] = []
    while True:
        page = client.read_flow_runs(
            flow_run_filter=FlowRunFilter(
                state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED]))
            ),
            limit=PAGE,
            offset=len(runs),
        )
        runs += page
        if len(page) < PAGE:
            return runs


def name_scheduled_runs() -> list[Named]:
    """Rename and tag every scheduled run of Metodist's deployments; what was renamed."""
    if not PREFECT_API_URL.value():
        raise NoServer(
            "PREFECT_API_URL is not set: say which Prefect server holds the deployments "
            "(e.g. export PREFECT_API_URL=http://127.0.0.1:4200/api)"
        )
    named: list[Named] = []
    with get_client(sync_client=True) as client:
        deployments: dict[UUID, DeploymentResponse] = {}
        labels: dict[UUID, str] = {}
        for run in _scheduled(client):
            if run.deployment_id is None:
                continue
            if run.deployment_id not in deployments:
                deployment = client.read_deployment(run.deployment_id)
                deployments[run.deployment_id] = deployment
                flow_name = client.read_flow(deployment.flow_id).name
                labels[run.deployment_id] = flow_name.removeprefix(FLOW_PREFIX)
                if not flow_name.startswith(FLOW_PREFIX):
                    labels[run.deployment_id] = ""
            label = labels[run.deployment_id]
            if not label:
                continue
            deployment = deployments[run.deployment_id]
            zone = _timezone(deployment)
            name, year = planned_name(label, run, zone)
            have = [t for t in run.tags or [] if not t.startswith(TRIGGER_PREFIX)]
            wanted = run_tags(label, year, "schedule")
            tags = [*have, *(t for t in wanted if t not in have)]
            if run.name != name or set(tags) != set(run.tags or []):
                client.update_flow_run(run.id, name=name, tags=tags)
                # when it is due in its schedule's zone, as the coordinator reads the calendar
                due = run.expected_start_time
                due_text = f"{due.astimezone(zone):%Y-%m-%d %H:%M} {zone.key}" if due else ""
                named.append(Named(deployment=deployment.name, name=name, expected=due_text))
    return named


@flow(name=FLOW_PREFIX + UPCOMING_LABEL, flow_run_name=run_name(UPCOMING_LABEL))
def name_upcoming_runs() -> int:
    """Name the scheduled runs the server's scheduler has created; how many were renamed."""
    named = name_scheduled_runs()
    get_run_logger().info(
        "%s scheduled runs renamed%s",
        len(named),
        ": " + ", ".join(n.name for n in named[:20]) if named else "",
    )
    return len(named)
