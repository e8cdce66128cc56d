"""How runs are told apart in Prefect's UI: names from stage, year and cycle date, and tags.

A run is named «needs 2026 (15.11.2026)» and tagged `year:2026`,
`stage:needs` and `trigger:<how it started>`: `cli` (a `metodist` command),
`schedule` (the server's scheduler), `desk` (the web desk), `manual` (a
deployment run by hand: the UI's «Run», `prefect deployment run`). Whoever
starts flows in this process says how with `triggered_by(trigger)`; a run of
a deployment finds out from the server.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import date, datetime
from typing import Any
from uuid import UUID

from prefect import tags
from prefect.client.orchestration import get_client
from prefect.context import TagsContext
from prefect.runtime import flow_run

TRIGGERS = ("cli", "schedule", "desk", "manual")
TRIGGER_PREFIX = "trigger:"


def resolve_dates(year: int | None, as_of: date | None) -> tuple[int, date]:
    """The cycle date defaults to today and the cycle year to the cycle date's year."""
    as_of = as_of or date.today()
    return (year if year is not None else as_of.year), as_of


def as_date(value: Any) -> date | None:
    """A flow parameter's date (Prefect passes dates of a deployment run as ISO strings)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str) and value:
        return date.fromisoformat(value[:10])
    return value if isinstance(value, date) else None


def display_name(label: str, year: int, as_of: date) -> str:
    """«packets 2026 (10.12.2026)»: what the UI lists, for a run and for a scheduled one.

    ASCII punctuation only: the UI's run graph draws with a font that has no «·» or «…».
    """
    return f"{label} {year} ({as_of:%d.%m.%Y})"


def run_tags(stage: str, year: int, trigger: str | None) -> list[str]:
    found = [f"year:{year}", f"stage:{stage}"]
    return [*found, f"{TRIGGER_PREFIX}{trigger}"] if trigger else found


def run_name(label: str) -> Callable[[], str]:
    """A `flow_run_name` from the run's parameters: «needs 2026 (15.11.2026)»."""

    def name() -> str:
        params = flow_run.get_parameters()
        year, as_of = resolve_dates(params.get("year"), as_of_param(params))
        return display_name(label, year, as_of)

    name.__name__ = f"{label}_run_name"
    return name


def as_of_param(params: dict[str, Any]) -> date | None:
    return as_date(params.get("as_of"))


@contextmanager
def triggered_by(trigger: str) -> Iterator[None]:
    """Flows started inside the block are tagged `trigger:<trigger>` (cli, desk…)."""
    if trigger not in TRIGGERS:
        raise ValueError(f"trigger {trigger!r}: expected one of {', '.join(TRIGGERS)}")
    with tags(TRIGGER_PREFIX + trigger):
        yield


@contextmanager
def labelled(stage: str, year: int) -> Iterator[None]:
    """Flows started inside the block are created with the stage's and year's tags.

    The run then has them from its first state, and `label_current_run` need
    not ask the API for the run and patch its tags (two round trips a run).
    """
    with tags(*run_tags(stage, year, None)):
        yield


def current_trigger() -> str | None:
    """The trigger said by `triggered_by` around this flow (or its parent), if any."""
    for tag in TagsContext.get().current_tags:
        if tag.startswith(TRIGGER_PREFIX):
            return tag.removeprefix(TRIGGER_PREFIX)
    return None


def label_current_run(stage: str, year: int) -> str | None:
    """Tag the running flow run with its year, stage and trigger; return the trigger.

    Tags can only be given to an in-process flow when it is called, but the
    year comes from its parameters, so the run tags itself once it knows it.
    Labels never fail a run: a run without tags still does its work.
    """
    found_id = flow_run.get_id()
    trigger = current_trigger()
    if found_id is None or set(run_tags(stage, year, trigger)) <= TagsContext.get().current_tags:
        return trigger  # no run, or one created with its tags (`labelled`)
    run_id = UUID(found_id)
    with suppress(Exception), get_client(sync_client=True) as client:
        run = client.read_flow_run(run_id)
        have = list(run.tags or [])
        known = next((t for t in have if t.startswith(TRIGGER_PREFIX)), None)
        if known:
            trigger = known.removeprefix(TRIGGER_PREFIX)
        elif trigger is None and run.deployment_id is not None:
            trigger = "schedule" if run.auto_scheduled else "manual"
        wanted = run_tags(stage, year, trigger)
        if not set(wanted) <= set(have):
            client.update_flow_run(run_id, tags=[*have, *(t for t in wanted if t not in have)])
    return trigger
