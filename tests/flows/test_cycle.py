"""The yearly cycle as subflows: fakes for the mechanics, the real stages on threads and Dask."""

import json
from pathlib import Path

import pytest
from sqlmodel import col, select

from flows import artifacts
from flows.executors import dask_scheduler
from flows.packets import packets
from flows.yearly_cycle import yearly_cycle
from metodist.db import session_scope
from metodist.review import review, review_state
from metodist.stages import registry
from metodist.stages.errors import StageFailed
from models import CycleRun, Recommendation, ReviewEvent
from tests.flows.conftest import DEMO_AS_OF, FAILING, add_municipality, copy_town
from tests.flows.test_artifacts import latest_artifact

AS_OF = DEMO_AS_OF
#: every stage but packets, whose PDF rendering would dominate the suite's time
RULE_STAGES = ["needs", "diagnostics", "attestation", "monitoring", "planning", "recommendations"]


def _recommendations(url: str) -> list[tuple[str, str, str | None, str, str]]:
    with session_scope(url) as s:
        rows = s.exec(select(Recommendation)).all()
        return sorted(
            (r.rule_id, r.addressee_code, r.org_code or "", r.title, r.text) for r in rows
        )


def _completed_stages(url: str) -> list[str]:
    with session_scope(url) as s:
        query = select(CycleRun).where(col(CycleRun.status) == "completed")
        return [r.stage for r in s.exec(query.order_by(col(CycleRun.id)))]


def test_the_cycle_runs_every_stage_in_order_and_approve_all_signs_off(sqlite_url, fake_stages):
    add_municipality(sqlite_url)
    outcomes = yearly_cycle(year=2026, as_of=AS_OF, database_url=sqlite_url, approve_all=True)
    assert [o["stage"] for o in outcomes] == list(registry.STAGES)
    assert _completed_stages(sqlite_url) == list(registry.STAGES)
    with session_scope(sqlite_url) as s:
        flow_runs = {r.stage: r.flow_run_id for r in s.exec(select(CycleRun))}
    # each stage ran as its own (sub)flow run, recorded with its run
    assert flow_runs == {o["stage"]: o["flow_run_id"] for o in outcomes}
    assert len(set(flow_runs.values())) == len(registry.STAGES) and None not in flow_runs.values()
    with session_scope(sqlite_url) as s:
        statuses = {r.status for r in s.exec(select(Recommendation)).all()}
        reviewers = {e.reviewer for e in s.exec(select(ReviewEvent)).all()}
    assert statuses == {"approved"} and reviewers == {"metodist (approve_all)"}


def test_a_failing_stage_stops_the_cycle_and_keeps_the_earlier_stages(sqlite_url, fake_stages):
    add_municipality(sqlite_url)
    with (
        registry.use("monitoring", FAILING),
        pytest.raises(StageFailed, match="stage monitoring failed"),
    ):
        yearly_cycle(
            year=2026,
            as_of=AS_OF,
            database_url=sqlite_url,
            stages=["needs", "monitoring", "planning"],
        )
    assert _completed_stages(sqlite_url) == ["needs"]
    with session_scope(sqlite_url) as s:
        assert {r.stage: r.status for r in s.exec(select(CycleRun))} == {
            "needs": "completed",
            "monitoring": "failed",
        }


@pytest.fixture(scope="module")
def town_on_threads(demo_town_file: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo town through the real stages on the default thread pool."""
    url = copy_town(demo_town_file, tmp_path_factory.mktemp("threads") / "town.db")
    yearly_cycle(year=2026, as_of=AS_OF, database_url=url, chunk_size=2, stages=RULE_STAGES)
    return url


@pytest.mark.slow  # a Dask cluster: a scheduler and two worker processes importing Prefect
def test_the_real_stages_give_the_same_recommendations_on_dask_as_on_threads(
    town_on_threads, demo_town_file, tmp_path
):
    """A LocalCluster of two single-threaded worker processes against the same SQLite data."""
    url = copy_town(demo_town_file, tmp_path / "town.db")
    with dask_scheduler(address=None, local_workers=2) as address:
        outcomes = yearly_cycle(
            year=2026,
            as_of=AS_OF,
            database_url=url,
            chunk_size=2,
            stages=RULE_STAGES,
            dask_address=address,
        )
    assert [o["chunks"] for o in outcomes] == [3] * len(RULE_STAGES)
    on_threads = _recommendations(town_on_threads)
    assert len(on_threads) > 100 and {r[0] for r in on_threads} >= {"T03", "O04", "M04"}
    assert _recommendations(url) == on_threads


def test_packets_of_the_real_cycle_are_drafts_until_signed_off(town_on_threads, tmp_path):
    result = packets(
        year=2026, as_of=AS_OF, database_url=town_on_threads, out_dir=str(tmp_path), html_only=True
    )
    assert result["summary"]["packets"] == 5 and result["summary"]["draft"] == 5
    listed = json.loads(latest_artifact(artifacts.PACKETS_KEY)["data"])
    assert {row["school"] for row in listed if row["document"] == "packet"} == {
        row["school"] for row in listed if row.get("school")
    }
    # files relative to the run's folder, so the table's columns stay short
    folder = Path(result["summary"]["out_dir"])
    assert all((folder / row["file"]).exists() for row in listed)

    school = listed[0]["school"]
    assert review_state(town_on_threads, org=school, year=2026) == "draft"
    review(town_on_threads, decision="approved", org=school, reviewer="Иванова")
    assert review_state(town_on_threads, org=school, year=2026) == "approved"
