"""The embedded API process: launched early, migrated once per Prefect version, no server code."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from flows import api_process
from flows.run_artifacts import ChunkProgress

ROOT = Path(__file__).parents[2]


def _home(monkeypatch: pytest.MonkeyPatch, path: Path) -> Path:
    """This test's PREFECT_HOME, Prefect's settings left to the session (not loaded here)."""
    monkeypatch.setattr(api_process, "prefect_home", lambda: path)
    monkeypatch.setattr(api_process, "_database_file", lambda: path / "prefect.db")
    return path


def _database(path: Path, revision: str) -> None:
    with sqlite3.connect(path / "prefect.db") as db:
        db.execute("CREATE TABLE IF NOT EXISTS alembic_version (version_num TEXT)")
        db.execute("DELETE FROM alembic_version")
        db.execute("INSERT INTO alembic_version VALUES (?)", (revision,))


def test_the_schema_mark_holds_only_for_the_revision_and_prefect_version_it_recorded(
    monkeypatch, tmp_path
):
    home = _home(monkeypatch, tmp_path)
    assert not api_process._schema_at_mark()  # no database, no mark: migrate
    _database(home, "a3b9c7d2e5f1")
    assert not api_process._schema_at_mark()  # a database nobody marked: migrate
    api_process._mark_schema()
    assert api_process._schema_at_mark()
    _database(home, "b0000000000f")  # another Prefect migrated it since
    assert not api_process._schema_at_mark()
    _database(home, "a3b9c7d2e5f1")
    monkeypatch.setattr(api_process, "version", lambda _name: "9.9.9")
    assert not api_process._schema_at_mark()  # a new Prefect checks its migrations


def test_a_server_in_the_environment_or_the_active_profile_is_found_without_prefect(
    monkeypatch, tmp_path
):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.delenv("PREFECT_PROFILE", raising=False)
    profiles = tmp_path / "profiles.toml"
    monkeypatch.setenv("PREFECT_PROFILES_PATH", str(profiles))
    assert not api_process._url_in_environment()
    profiles.write_text(
        'active = "dept"\n[profiles.dept]\nPREFECT_API_URL = "http://10.0.0.5:4200/api"\n'
        '[profiles.local]\nPREFECT_LOGGING_LEVEL = "INFO"\n'
    )
    assert api_process._url_in_environment()
    monkeypatch.setenv("PREFECT_PROFILE", "local")
    assert not api_process._url_in_environment()
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:4200/api")
    assert api_process._url_in_environment()


def test_with_prefect_loaded_its_settings_decide_and_a_server_means_no_embedded_api(monkeypatch):
    assert api_process.api_url_configured()  # the session's test API, a temporary setting
    launched: list[object] = []
    monkeypatch.setattr(api_process.EmbeddedApi, "launch", lambda self: launched.append(self))
    api_process.start_early()
    assert launched == [] and api_process.take_early() is None


def test_an_early_api_is_handed_over_once(monkeypatch, tmp_path):
    monkeypatch.setattr(api_process, "api_url_configured", lambda: False)
    _home(monkeypatch, tmp_path)
    launched: list[object] = []
    monkeypatch.setattr(api_process.EmbeddedApi, "launch", lambda self: launched.append(self))
    api_process.start_early()
    api_process.start_early()  # one per command
    assert len(launched) == 1
    assert api_process.take_early() is launched[0]
    assert api_process.take_early() is None


def test_the_cli_side_of_prefect_does_not_load_prefects_server():
    """The server's code costs the client 3–4 CPU s; only the API's process needs it."""
    code = (
        "import sys, flows.environment, flows.runner, flows.yearly_cycle\n"
        "print(sorted(m for m in sys.modules if m.startswith('prefect.server')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


START = """
import json, sys
from flows.api_process import EmbeddedApi, free_port
api = EmbeddedApi(free_port(), log_path=None)
api.start(timeout=240)
import urllib.request
with urllib.request.urlopen(api.api_url + "/admin/version") as r:
    version = json.load(r)
api.stop()
print(json.dumps({"migrated": api.migrating, "version": version}))
"""


@pytest.mark.slow
def test_a_fresh_home_is_migrated_once_and_the_next_start_skips_the_check(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PREFECT_") or k == "PREFECT_SERVER_ANALYTICS_ENABLED"
    }
    env["PREFECT_HOME"] = str(tmp_path)

    def start() -> dict[str, object]:
        done = subprocess.run(
            [sys.executable, "-c", START], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr[-2000:]
        return dict(json.loads(done.stdout.strip().splitlines()[-1]))

    first = start()
    assert first["migrated"] is True
    mark = json.loads((tmp_path / api_process.SCHEMA_MARK).read_text())
    assert mark["database"] == str(tmp_path / "prefect.db") and mark["revision"]
    second = start()
    assert second == {"migrated": False, "version": first["version"]}


def test_a_progress_artifact_is_updated_at_most_every_few_seconds_and_at_the_end(monkeypatch):
    from flows import run_artifacts

    shown: list[float] = []
    monkeypatch.setattr(run_artifacts, "create_progress_artifact", lambda *a, **k: "id")
    monkeypatch.setattr(run_artifacts, "update_progress_artifact", lambda _id, p: shown.append(p))
    progress = ChunkProgress("k", "d")
    for done in range(1, 101):
        progress.update(done, 100)
    assert shown == [1.0, 100.0]
