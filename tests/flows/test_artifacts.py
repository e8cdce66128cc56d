"""Artifacts of a recommendations run and of a packets run, under stable keys."""

import json
from datetime import date
from typing import Any

import httpx
from prefect.settings import PREFECT_API_URL

from flows import artifacts
from flows.packets import packets
from flows.recommendations import recommendations
from metodist.db import session_scope
from metodist.stages import registry
from metodist.stages.registry import StageRun, StageService
from models import OrgIndicator
from tests.flows.conftest import FAKE, ORGS, add_municipality

AS_OF = date(2026, 11, 15)


def latest_artifact(key: str) -> dict[str, Any]:
    """The newest artifact under `key`.

    Not `Artifact.get`: Prefect 3.8.8's client sends `"offset": null`, which
    FastAPI >= 0.151 rejects (422).
    """
    response = httpx.post(
        f"{PREFECT_API_URL.value()}/artifacts/filter",
        json={"artifacts": {"key": {"any_": [key]}}, "sort": "UPDATED_DESC", "limit": 1},
    )
    response.raise_for_status()
    [artifact] = response.json()
    return artifact


def test_a_recommendations_run_publishes_fired_rules_and_a_summary(sqlite_url, fake_stages):
    add_municipality(sqlite_url)
    outcome = recommendations(year=2026, as_of=AS_OF, database_url=sqlite_url, chunk_size=3)

    fired = latest_artifact(artifacts.FIRED_KEY)
    assert fired["type"] == "table" and fired["flow_run_id"] == outcome["flow_run_id"]
    rows = json.loads(fired["data"])
    # aggregated: one row per rule and school, not one per recommendation
    assert len(rows) == 2 * len(ORGS) + 1
    t03 = next(r for r in rows if r["rule"] == "T03" and r["school"] == "o01")
    assert t03["recommendations"] == 3 and t03["addressees"] == 3 and t03["addressee"] == "teacher"
    assert next(r for r in rows if r["rule"] == "M02")["school"] == "—"

    summary = latest_artifact(artifacts.SUMMARY_KEY)
    assert summary["type"] == "markdown" and summary["flow_run_id"] == outcome["flow_run_id"]
    assert "| T03 |" in summary["data"] and "No completed monitoring run" in summary["data"]


def test_the_summary_counts_by_effectiveness_group(sqlite_url):
    from metodist.stages import runs
    from tests.flows.fakes.recommendations import compute

    add_municipality(sqlite_url, orgs=["o01", "o02"])
    mon = runs.start_run(sqlite_url, year=2026, as_of=AS_OF, stage="monitoring")
    with session_scope(sqlite_url) as s:
        for org, group in (("o01", "high"), ("o02", "low")):
            s.add(OrgIndicator(run_id=mon, year=2026, org_code=org, composite=0.5, group=group))
    runs.complete_run(sqlite_url, mon, summary={})
    rec = runs.start_run(sqlite_url, year=2026, as_of=AS_OF, stage="recommendations")
    compute(sqlite_url, run_id=rec, year=2026, as_of=AS_OF, org_codes=["o01", "o02"])
    text = artifacts.summary_markdown(sqlite_url, run_id=rec, year=2026)
    assert "| high | 1 | 4 |" in text and "| low | 1 | 4 |" in text and "| medium | 0 | 0 |" in text


def test_the_fired_rules_table_is_cut_at_region_scale(sqlite_url, monkeypatch):
    from metodist.stages import runs
    from tests.flows.fakes.recommendations import compute

    monkeypatch.setattr(artifacts, "MAX_ROWS", 5)
    add_municipality(sqlite_url)
    rec = runs.start_run(sqlite_url, year=2026, as_of=AS_OF, stage="recommendations")
    compute(sqlite_url, run_id=rec, year=2026, as_of=AS_OF, org_codes=ORGS)
    rows, total = artifacts.fired_rows(sqlite_url, rec)
    assert len(rows) == 5 and total == 2 * len(ORGS)


def test_a_packets_run_lists_the_files_it_wrote(sqlite_url, fake_stages):
    def finalize(run: StageRun, partials: Any) -> dict[str, Any]:
        path = f"{run.options['out_dir']}/o01.pdf"
        row = {"kind": "packet", "org": "o01", "path": path, "pages": 7, "cpu_seconds": 0.4}
        return {"files": [row]}

    options = {"out_dir": "out", "html_only": False}
    fake = StageService(compute=FAKE.compute, finalize=finalize, options=options)
    add_municipality(sqlite_url, orgs=["o01"])
    with registry.use("packets", fake):
        packets(year=2026, as_of=AS_OF, database_url=sqlite_url, out_dir="/tmp/packets")
    listed = latest_artifact(artifacts.PACKETS_KEY)
    assert json.loads(listed["data"]) == [
        {
            "school": "o01",
            "name": None,
            "document": "packet",
            "file": "/tmp/packets/o01.pdf",
            "pages": 7,
            "state": "draft",
        }
    ]
