"""The rule base's version changes with every file that decides what fires or what a text says."""

import shutil

import pytest

from rules import version
from rules.thresholds import Thresholds

DECIDING = ("status.py", "facts.py", "adapter.py", "texts.py", "catalogue.py", "thresholds.toml")


def test_every_deciding_file_is_hashed():
    hashed = {p.relative_to(version.RULES_DIR).as_posix() for p in version.rule_files()}
    assert set(DECIDING) <= hashed
    templates = {f"texts/{p.name}" for p in (version.RULES_DIR / "texts").glob("*.j2")}
    assert templates and templates <= hashed


@pytest.fixture
def copy(tmp_path):
    """A copy of the rule base's files, to change one and hash again."""
    root = tmp_path / "rules"
    shutil.copytree(version.RULES_DIR, root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


@pytest.mark.parametrize("name", [*DECIDING, "texts/assign_mentor.j2"])
def test_changing_a_file_changes_the_digest(copy, name):
    before = version.source_digest(copy)
    assert before == version.source_digest(version.RULES_DIR)
    path = copy / name
    path.write_text(path.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    version.source_digest.cache_clear()
    assert version.source_digest(copy) != before


def test_a_new_module_is_hashed(copy):
    before = version.source_digest(copy)
    (copy / "new_rules.py").write_text("LIMIT = 1\n", encoding="utf-8")
    version.source_digest.cache_clear()
    assert version.source_digest(copy) != before


def test_the_version_is_of_the_files_and_the_thresholds_in_force(monkeypatch):
    base = version.rulebase_version(Thresholds())
    monkeypatch.setattr(version, "source_digest", lambda: "another rule base")
    assert version.rulebase_version(Thresholds()) != base
