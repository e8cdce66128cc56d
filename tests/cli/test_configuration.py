"""Configuration checked before anything runs: one line naming the file, key, value, expected."""

from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from metodist.cli import app
from metodist.cli.console import fail
from metodist.config import ConfigError, check_configuration, get_settings
from metodist.db import session_scope
from models import CycleRun
from rules.thresholds import DEFAULTS_FILE, ThresholdsError, load_thresholds

runner = CliRunner()


@pytest.fixture
def fifty(tmp_path: Path) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text('[deficits]\ncritical_below = "fifty"\n', encoding="utf-8")
    return path


def test_a_bad_threshold_names_the_file_the_key_the_value_and_what_was_expected(fifty):
    with pytest.raises(ThresholdsError) as caught:
        load_thresholds(fifty)
    assert str(caught.value) == (
        f"{fifty}: [deficits] critical_below = 'fifty': "
        "expected a valid integer, unable to parse string as an integer"
    )


def test_unknown_keys_broken_toml_and_a_missing_file_are_one_line_each(tmp_path):
    typo = tmp_path / "typo.toml"
    typo.write_text("[deficits]\ncritical_bellow = 40\n", encoding="utf-8")
    with pytest.raises(ThresholdsError, match=r"\[deficits\] critical_bellow is not a known"):
        load_thresholds(typo)
    broken = tmp_path / "broken.toml"
    broken.write_text("[deficits\n", encoding="utf-8")
    with pytest.raises(ThresholdsError, match=r"broken\.toml: not valid TOML"):
        load_thresholds(broken)
    with pytest.raises(ThresholdsError, match=r"nowhere\.toml: no such file"):
        load_thresholds(tmp_path / "nowhere.toml")
    # a cross-field rule names its table; the defaults file is blamed only for its own keys
    order = tmp_path / "order.toml"
    order.write_text("[effectiveness]\nhigh = 0.4\nmedium = 0.6\n", encoding="utf-8")
    with pytest.raises(ThresholdsError) as caught:
        load_thresholds(order)
    assert str(caught.value).startswith(f"{order}: [effectiveness]: ")
    assert "medium <= high" in str(caught.value) and str(DEFAULTS_FILE) not in str(caught.value)


def test_settings_are_checked_with_the_variable_named(monkeypatch, fifty):
    monkeypatch.setenv("METODIST_CHUNK_THREADS", "four")
    with pytest.raises(
        ConfigError, match=r"METODIST_CHUNK_THREADS='four'.*expected a valid integer"
    ):
        check_configuration()
    monkeypatch.delenv("METODIST_CHUNK_THREADS")
    monkeypatch.setenv("METODIST_RULES_CONFIG", str(fifty))
    with pytest.raises(ConfigError, match=r"thresholds: .*rules.toml: \[deficits\] critical_below"):
        check_configuration()
    monkeypatch.delenv("METODIST_RULES_CONFIG")
    assert check_configuration().chunk_threads >= 1


def test_a_command_with_a_bad_thresholds_file_stops_before_any_run(sqlite_url, monkeypatch, fifty):
    monkeypatch.setenv("METODIST_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("METODIST_RULES_CONFIG", str(fifty))
    result = runner.invoke(app, ["run", "diagnostics", "--year", "2026"])
    assert result.exit_code == 1
    # one line, brackets kept (no Rich markup), the file and the value said
    [line] = [ln for ln in result.output.splitlines() if ln.strip()]
    assert line.startswith("Error: configuration: thresholds: ")
    assert f"{fifty}: [deficits] critical_below = 'fifty': expected a valid integer" in line
    assert "chunk" not in line and "Traceback" not in result.output
    with session_scope(sqlite_url) as s:
        assert s.exec(select(CycleRun)).all() == []


def test_fail_prints_brackets_as_they_are(capsys):
    import typer

    with pytest.raises(typer.Exit):
        fail("input_value='fifty' in [deficits] [bold]not bold[/bold]")
    assert "input_value='fifty' in [deficits] [bold]not bold[/bold]" in capsys.readouterr().err


@pytest.mark.parametrize("url", ["mysql://u@h/db", "not a url"])
def test_a_database_the_product_does_not_write_is_refused_in_one_line(url, monkeypatch, tmp_path):
    monkeypatch.setenv("METODIST_DATABASE_URL", url)
    with pytest.raises(ConfigError, match="expected sqlite:///FILE or postgresql"):
        check_configuration()
    get_settings.cache_clear()
    try:
        result = runner.invoke(app, ["import", str(tmp_path)])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1
    assert "setting METODIST_DATABASE_URL" in result.output and "Traceback" not in result.output
