"""What-if: the same difference as two real runs of the cycle, and nothing written."""

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from metodist.cli import app
from metodist.config import get_settings, thresholds
from metodist.db import get_engine, session_scope
from metodist.documents.preview import AS_OF, YEAR, demo_database
from metodist.stages.execute import run_in_process
from metodist.whatif import (
    STAGES,
    BadChange,
    NoBaseline,
    changed_thresholds,
    difference,
    parse_changes,
    recommendations,
    whatif,
)
from models import CycleRun
from rules.thresholds import Thresholds

CHANGE = {"deficits.critical_below": "45"}


def _latest(url: str) -> list[dict]:
    with session_scope(url) as s:
        run = s.exec(
            CycleRun.__table__.select()  # type: ignore[attr-defined]
            .where(CycleRun.stage == "recommendations", CycleRun.status == "completed")
            .order_by(CycleRun.id.desc())  # type: ignore[union-attr]
        ).first()
        return recommendations(s, run.id)


def _files(url: str) -> dict[str, str]:
    """The SQLite database file and its WAL companions, hashed."""
    path = Path(url.removeprefix("sqlite:///"))
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in path.parent.glob(path.name + "*")
    }


def test_whatif_equals_two_real_runs_and_writes_nothing(db_url, tmp_path, monkeypatch):
    url = demo_database(tmp_path, url=db_url, schools=1)
    before = _latest(url)
    sqlite = url.startswith("sqlite")
    hashes = _files(url) if sqlite else None

    diff = whatif(url, CHANGE)

    if sqlite:
        assert _files(url) == hashes  # byte for byte
    assert _latest(url) == before
    assert diff.removed and diff.added and diff.changed  # a lower line changes a lot

    # the same change made for real: a configuration file and the cycle re-run
    config = tmp_path / "thresholds.toml"
    config.write_text("[deficits]\ncritical_below = 45\n", encoding="utf-8")
    monkeypatch.setenv("METODIST_RULES_CONFIG", str(config))
    get_settings.cache_clear()
    thresholds.cache_clear()
    try:
        assert thresholds().deficits.critical_below == 45
        for stage in STAGES:
            run_in_process(url, stage=stage, year=YEAR, as_of=AS_OF)
        real = difference(before, _latest(url))
    finally:
        monkeypatch.delenv("METODIST_RULES_CONFIG")
        get_settings.cache_clear()
        thresholds.cache_clear()
    assert diff.to_json() == real.to_json()
    assert thresholds().deficits.critical_below == 50  # the what-if left none of its settings


@pytest.fixture(scope="module")
def closed_demo(tmp_path_factory) -> str:
    """A demo database after the cycle, its last connection closed (the WAL checkpointed and
    removed); the what-if tests below only read it."""
    url = demo_database(tmp_path_factory.mktemp("whatif"), schools=1)
    get_engine(url).dispose()
    return url


def test_a_closed_sqlite_database_gains_not_even_its_wal_companions(closed_demo):
    url = closed_demo
    files = _files(url)
    assert list(files) == [Path(url).name]
    assert whatif(url, CHANGE).removed
    assert _files(url) == files


def test_whatif_for_one_organization_shows_only_its_recommendations(closed_demo):
    url = closed_demo
    everything = whatif(url, CHANGE)
    org = next(e["org_code"] for e in everything.removed if e["org_code"])
    mine = whatif(url, CHANGE, org=org)
    for kind in ("added", "removed", "changed"):
        assert getattr(mine, kind) == [e for e in getattr(everything, kind) if e["org_code"] == org]


def test_unchanged_thresholds_change_nothing(closed_demo):
    url = closed_demo
    assert whatif(url, {"deficits.critical_below": "50"}).to_json() == {
        "added": [], "removed": [], "changed": [],
    }  # fmt: skip


@pytest.mark.parametrize(
    ("pair", "said"),
    [
        (
            "deficits.critcal_below=45",
            "deficits.critcal_below=45: no such threshold; expected "
            "one of deficits.critical_below, deficits.moderate_below",
        ),
        ("deficits=45", "deficits=45: no such threshold"),
        (
            "pedagogy.x=1",
            "pedagogy.x=1: no such threshold; expected one of deficits.critical_below,",
        ),
        (
            "deficits.critical_below=abc",
            "deficits.critical_below=abc: deficits.critical_below: Input should be a valid integer",
        ),
        ("effectiveness.high=0.3", "effectiveness.high=0.3: effectiveness: Value error"),
        ("efficacy.interval=1.5", "efficacy.interval=1.5: efficacy.interval: Input should be less"),
        ("deficits.critical_below", "expected KEY=VALUE"),
    ],
)
def test_a_bad_change_is_named_in_one_line(pair, said):
    with pytest.raises(BadChange) as caught:
        changed_thresholds(Thresholds(), parse_changes([pair]))
    assert said in str(caught.value) and "\n" not in str(caught.value)


def test_a_weight_is_a_key_too():
    th = changed_thresholds(Thresholds(), {"effectiveness.weights.staffing": "2"})
    assert th.effectiveness.weights["staffing"] == 2.0


def test_without_a_recommendations_run_there_is_nothing_to_compare(sqlite_url):
    with pytest.raises(NoBaseline):
        whatif(sqlite_url, CHANGE)


def test_the_command_prints_json_and_refuses_a_bad_key(closed_demo, monkeypatch):
    url = closed_demo
    monkeypatch.setenv("METODIST_DATABASE_URL", url)
    get_settings.cache_clear()
    runner = CliRunner()
    result = runner.invoke(
        app, ["whatif", "--set", "deficits.critical_below=45", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == whatif(url, CHANGE).to_json()
    table = runner.invoke(app, ["whatif", "--set", "deficits.critical_below=45"])
    assert table.exit_code == 0 and "T01" in table.stdout and "Nothing was written" in table.stdout
    bad = runner.invoke(app, ["whatif", "--set", "deficits.nope=1"])
    assert bad.exit_code == 1 and "deficits.nope=1: no such threshold" in bad.output
    get_settings.cache_clear()
