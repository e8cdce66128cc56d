"""Thresholds: the defaults file, a municipality's overrides, and the ones in force."""

import pytest

from metodist import config
from rules.thresholds import Thresholds, load_thresholds

OVERRIDE = """
[burnout]
risk_score = 80

[effectiveness.weights]
staffing = 2.0
"""


def test_the_defaults_file_agrees_with_the_documented_defaults():
    assert load_thresholds() == Thresholds()


def test_an_override_file_replaces_only_what_it_names(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text(OVERRIDE, encoding="utf-8")
    th = load_thresholds(path)
    assert th.burnout.risk_score == 80
    assert th.effectiveness.weights["staffing"] == 2.0
    assert th.effectiveness.weights["pd_coverage"] == 1.0
    assert th.deficits == Thresholds().deficits


def test_an_unknown_key_is_refused(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text("[burnout]\nrisk = 80\n", encoding="utf-8")
    with pytest.raises(ValueError, match="risk"):
        load_thresholds(path)


@pytest.fixture
def fresh_settings():
    config.get_settings.cache_clear()
    config.thresholds.cache_clear()
    yield
    config.get_settings.cache_clear()
    config.thresholds.cache_clear()


def test_the_configured_file_is_in_force_and_read_once(tmp_path, monkeypatch, fresh_settings):
    path = tmp_path / "rules.toml"
    path.write_text(OVERRIDE, encoding="utf-8")
    monkeypatch.setenv("METODIST_RULES_CONFIG", str(path))
    th = config.thresholds()
    assert th.burnout.risk_score == 80
    path.write_text("[burnout]\nrisk_score = 90\n", encoding="utf-8")
    assert config.thresholds() is th
