"""Runs told apart in the UI: names with stage, year and cycle date; tags; chunk task names."""

import time
from datetime import UTC, date, datetime
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import TaskRunFilter, TaskRunFilterFlowRunId
from prefect.client.schemas.objects import FlowRun, TaskRun

from flows.naming import display_name, triggered_by
from flows.upcoming import planned_name
from flows.yearly_cycle import STAGE_FLOWS, yearly_cycle
from tests.flows.conftest import add_municipality

AS_OF = date(2026, 11, 15)


def _flow_run(flow_run_id: str) -> FlowRun:
    with get_client(sync_client=True) as client:
        return client.read_flow_run(flow_run_id)


def _task_runs(flow_run_id: UUID, *, expected: int, within_s: float = 20) -> list[TaskRun]:
    """The run's task runs once the API has recorded `expected` (from events, a moment later)."""
    deadline = time.monotonic() + within_s
    while True:
        with get_client(sync_client=True) as client:
            tasks = client.read_task_runs(
                task_run_filter=TaskRunFilter(
                    flow_run_id=TaskRunFilterFlowRunId(any_=[flow_run_id])
                )
            )
        if len(tasks) >= expected or time.monotonic() > deadline:
            return tasks
        time.sleep(0.2)


def _chunk_names(flow_run_id: UUID, *, expected: int, within_s: float = 20) -> list[str]:
    """The run's chunk task names once the API has recorded them."""
    tasks = _task_runs(flow_run_id, expected=expected + 4, within_s=within_s)  # + 4 steps
    return sorted(t.name for t in tasks if " chunk " in t.name)


def test_a_stage_run_is_named_and_tagged_and_its_chunks_name_their_schools(sqlite_url, fake_stages):
    add_municipality(sqlite_url)
    with triggered_by("cli"):
        outcome = STAGE_FLOWS["needs"](
            year=2026, as_of=AS_OF, chunk_size=3, database_url=sqlite_url
        )
    run = _flow_run(outcome["flow_run_id"])
    assert run.name == "needs 2026 (15.11.2026)"
    assert {"year:2026", "stage:needs", "trigger:cli"} <= set(run.tags)
    assert _chunk_names(run.id, expected=3) == [
        "needs chunk 1/3 o01..o03",
        "needs chunk 2/3 o04..o06",
        "needs chunk 3/3 o07",
    ]


def test_the_tags_are_the_flow_runs_alone_so_no_task_asks_for_their_concurrency_limits(
    sqlite_url, fake_stages, monkeypatch
):
    """A task run with tags asks the API for the tags' limits first: a round trip a stage."""
    from prefect.concurrency import _sync

    asked: list[list[str]] = []
    acquire = _sync.acquire_concurrency_slots_with_lease

    def noted(names, *args, **kwargs):
        asked.append(list(names))
        return acquire(names, *args, **kwargs)

    monkeypatch.setattr(_sync, "acquire_concurrency_slots_with_lease", noted)
    add_municipality(sqlite_url, orgs=["o01", "o02"])
    with triggered_by("cli"):
        outcome = STAGE_FLOWS["needs"](
            year=2026, as_of=AS_OF, chunk_size=1, database_url=sqlite_url
        )
    run = _flow_run(outcome["flow_run_id"])
    assert {"year:2026", "stage:needs", "trigger:cli"} <= set(run.tags)
    tasks = _task_runs(outcome["flow_run_id"], expected=6)  # 2 chunks, 4 steps
    named = sorted(t.name if " chunk " in t.name else t.name.rsplit("-", 1)[0] for t in tasks)
    assert named == [
        "complete-run",
        "finalize-stage",
        "list-organizations",
        "needs chunk 1/2 o01",
        "needs chunk 2/2 o02",
        "open-run",
    ]  # a step's task run is named after it, with a suffix of Prefect's
    assert [t.tags for t in tasks] == [[]] * 6
    assert asked == []


def test_the_year_defaults_to_the_cycle_dates_and_the_name_says_both(sqlite_url, fake_stages):
    add_municipality(sqlite_url, orgs=["o01"])
    outcome = STAGE_FLOWS["planning"](as_of=date(2027, 1, 28), database_url=sqlite_url)
    run = _flow_run(outcome["flow_run_id"])
    assert run.name == "planning 2027 (28.01.2027)"
    # called without a trigger (a test, the bench): year and stage, no trigger tag
    assert {"year:2027", "stage:planning"} <= set(run.tags)
    assert not [t for t in run.tags if t.startswith("trigger:")]


def test_the_cycles_stages_carry_the_trigger_the_cycle_was_started_with(sqlite_url, fake_stages):
    add_municipality(sqlite_url, orgs=["o01", "o02"])
    with triggered_by("desk"):
        outcomes = yearly_cycle(
            year=2026, as_of=AS_OF, database_url=sqlite_url, stages=["needs", "monitoring"]
        )
    stage_runs = [_flow_run(o["flow_run_id"]) for o in outcomes]
    assert [r.name for r in stage_runs] == [
        "needs 2026 (15.11.2026)",
        "monitoring 2026 (15.11.2026)",
    ]
    for run, stage in zip(stage_runs, ["needs", "monitoring"], strict=True):
        assert {"trigger:desk", "year:2026", f"stage:{stage}"} <= set(run.tags)
        assert "stage:cycle" not in run.tags
    with get_client(sync_client=True) as client:
        parent = client.read_task_run(stage_runs[0].parent_task_run_id)  # type: ignore[arg-type]
        cycle = client.read_flow_run(parent.flow_run_id)  # type: ignore[arg-type]
    assert cycle.name == "cycle 2026 (15.11.2026)"
    assert {"trigger:desk", "year:2026", "stage:cycle"} <= set(cycle.tags)


def test_an_unknown_trigger_is_refused():
    with (
        pytest.raises(ValueError, match="expected one of cli, schedule, desk, manual"),
        triggered_by("cron"),
    ):
        pass


def test_a_scheduled_run_is_named_for_the_day_it_is_due_in_its_schedules_time_zone():
    moscow = ZoneInfo("Europe/Moscow")
    due = datetime(2027, 1, 28, 7, tzinfo=moscow)  # 04:00 UTC, the same day
    run = FlowRun(id=uuid4(), flow_id=uuid4(), name="sly-pony", expected_start_time=due)
    assert planned_name("needs", run, moscow) == ("needs 2027 (28.01.2027)", 2027)
    # 00:30 in Moscow is still the day before in UTC: the schedule's zone decides
    late = FlowRun(
        id=uuid4(), flow_id=uuid4(), expected_start_time=datetime(2026, 12, 9, 21, 30, tzinfo=UTC)
    )
    assert planned_name("packets", late, moscow)[0] == "packets 2026 (10.12.2026)"
    # parameters given to the deployment win over the due date
    given = FlowRun(
        id=uuid4(), flow_id=uuid4(), expected_start_time=due,
        parameters={"year": 2026, "as_of": "2026-12-01"},
    )  # fmt: skip
    assert planned_name("cycle", given, moscow) == (
        display_name("cycle", 2026, date(2026, 12, 1)),
        2026,
    )


def test_a_run_created_with_its_tags_is_not_asked_for_them_again(
    sqlite_url, fake_stages, monkeypatch
):
    from flows import naming

    add_municipality(sqlite_url, orgs=["o01"])
    asked: list[int] = []
    real = naming.get_client
    monkeypatch.setattr(naming, "get_client", lambda *a, **k: asked.append(1) or real(*a, **k))
    with triggered_by("cli"), naming.labelled("needs", 2026):
        outcome = STAGE_FLOWS["needs"](year=2026, as_of=AS_OF, database_url=sqlite_url)
    assert {"year:2026", "stage:needs", "trigger:cli"} <= set(
        _flow_run(outcome["flow_run_id"]).tags
    )
    assert asked == []  # two round trips a run saved
    with triggered_by("cli"):
        outcome = STAGE_FLOWS["needs"](year=2026, as_of=AS_OF, database_url=sqlite_url)
    assert {"year:2026", "stage:needs", "trigger:cli"} <= set(
        _flow_run(outcome["flow_run_id"]).tags
    )
    assert asked == [1]  # a run called without them tags itself
