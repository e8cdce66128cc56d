"""prefect.yaml: every deployment names a flow that imports, on the calendar of docs/domain.md."""

import inspect
from pathlib import Path
from typing import Any

import pytest
import yaml
from prefect.flows import load_flow_from_entrypoint

from metodist.stages.registry import STAGES

ROOT = Path(__file__).resolve().parents[2]
Q4_ORDER = ["attestation", "monitoring", "planning", "recommendations", "packets"]


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def deployments(config) -> dict[str, dict[str, Any]]:
    return {d["name"]: d for d in config["deployments"]}


def _cron(deployment: dict[str, Any]) -> tuple[int, int, int, list[int]]:
    """(minute, hour, day of month, months) of the deployment's one schedule."""
    [schedule] = deployment["schedules"]
    assert schedule["timezone"] == "Europe/Moscow"
    minute, hour, day, months, weekday = schedule["cron"].split()
    assert weekday == "*"
    first, _, last = months.partition("-")
    return int(minute), int(hour), int(day), list(range(int(first), int(last or first) + 1))


def test_a_deployment_per_stage_and_one_for_the_cycle(deployments):
    assert set(deployments) == {*STAGES, "cycle"}


def test_every_entrypoint_is_root_relative_and_names_a_flow(deployments):
    for name, deployment in deployments.items():
        entrypoint = deployment["entrypoint"]
        path, _, func = entrypoint.partition(":")
        assert path.startswith("flows/") and (ROOT / path).is_file(), entrypoint
        flow = load_flow_from_entrypoint(str(ROOT / entrypoint))
        expected = "metodist-cycle" if name == "cycle" else f"metodist-{name}"
        assert flow.name == expected and func == flow.fn.__name__
        accepted = set(inspect.signature(flow.fn).parameters)
        assert set(deployment.get("parameters") or {}) <= accepted, name


def test_shared_pieces_are_defined_once_and_aliased(config, deployments):
    assert {"work_pools", "parameters", "schedules", "tags"} <= set(config["definitions"])
    pools = [d["work_pool"] for d in deployments.values()]
    assert all(pool is pools[0] for pool in pools)  # one YAML anchor, not copies
    assert pools[0]["name"] == "metodist"


def test_the_schedules_follow_the_yearly_calendar(deployments):
    assert "schedules" not in deployments["cycle"]  # on demand
    assert set(_cron(deployments["needs"])[3]) <= {1, 2, 3, 4, 5, 6}  # Q1–Q2
    assert set(_cron(deployments["diagnostics"])[3]) <= {4, 5, 6, 7, 8, 9}  # Q2–Q3
    q4 = []
    for stage in Q4_ORDER:
        _, _, day, months = _cron(deployments[stage])
        [month] = months
        assert month in (10, 11, 12), stage
        q4.append((month, day))
    assert q4 == sorted(q4) and len(set(q4)) == len(q4)  # in order, on separate days


def test_prefect_reads_the_file_as_a_deployment_project(config):
    from prefect.cli.deploy._models import PrefectYamlModel

    model = PrefectYamlModel.model_validate(config)
    assert len(model.deployments) == len(STAGES) + 1
    for deployment in model.deployments:
        assert deployment.work_pool is not None and deployment.work_pool.name == "metodist"
        for schedule in deployment.schedules or []:
            assert schedule.timezone == "Europe/Moscow"
