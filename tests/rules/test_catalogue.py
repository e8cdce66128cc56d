"""The catalogue is the one source of truth: each id has rules, texts, sources; rules obey it."""

import ast
import inspect
import re
from pathlib import Path

import pytest
from experta import Rule

from rules import facts, texts
from rules.catalogue import CATALOGUE, Phase
from rules.conditions import first_unmet
from rules.engine import CentreEngine, OrgEngine
from rules.sources import SEEDS
from rules.thresholds import Thresholds
from rules.version import rulebase_version

SEED_DIR = Path(__file__).parents[2] / "docs" / "sources"


def rule_methods() -> dict[str, Rule]:
    found: dict[str, Rule] = {}
    for engine in (OrgEngine, CentreEngine):
        for name, member in inspect.getmembers(engine):
            if isinstance(member, Rule) and hasattr(member, "rule_id"):
                found[name] = member
    return found


def test_the_catalogue_has_every_rule_of_domain_md():
    expected = (
        [f"T{i:02d}" for i in range(1, 16)]
        + [f"O{i:02d}" for i in range(1, 13)]
        + [f"M{i:02d}" for i in range(1, 9)]
    )
    assert list(CATALOGUE) == expected


def test_every_catalogue_rule_is_implemented_and_every_rule_is_catalogued():
    methods = rule_methods()
    assert {m.rule_id for m in methods.values()} == set(CATALOGUE)


@pytest.mark.parametrize("name", sorted(rule_methods()))
def test_each_rule_has_a_template_a_sourced_docstring_and_its_phase(name):
    rule = rule_methods()[name]
    meta = CATALOGUE[rule.rule_id]
    assert rule.salience == meta.salience
    assert name in texts.template_names()
    doc = rule.__doc__ or ""
    assert re.search(r"[Ss]eed \d{3}|[Ss]eeds \d{3}|273-ФЗ|[Oo]rder|196", doc), doc
    assert re.fullmatch(r"[a-z]+(_[a-z]+)+", name)  # a verb phrase in snake case


def test_every_template_belongs_to_a_rule():
    assert set(texts.template_names()) == set(rule_methods())


@pytest.mark.parametrize("rule_id", list(CATALOGUE))
def test_catalogue_entries_are_complete(rule_id):
    meta = CATALOGUE[rule_id]
    assert meta.title and meta.conditions and meta.recommends and meta.basis
    assert meta.addressee in ("teacher", "organization", "centre")
    assert meta.priority in ("high", "normal", "low")
    assert meta.phase in Phase and 1 <= meta.due_quarter <= 4
    assert "seed" in meta.source or "ФЗ" in meta.source or "№" in meta.source
    th = Thresholds().model_dump()
    for key in meta.thresholds:
        section, name = key.split(".")
        assert name in th[section], key


def test_cited_seed_files_exist():
    cited = {name for meta in CATALOGUE.values() for name in meta.seeds}
    assert cited == {seed.file for seed in SEEDS.values()}
    assert all((SEED_DIR / name).exists() for name in cited)


def test_rules_hold_no_threshold_literals():
    """Conditions compare with `Limits`, not numbers: no number in a rule's code but 0 and 1
    (definitions: «any», «100 %»), docstrings and module-level named constants aside."""
    for module in ("teacher", "organization", "centre"):
        tree = ast.parse(Path(f"rules/{module}.py").read_text(encoding="utf-8"))
        for cls in [n for n in tree.body if isinstance(n, ast.ClassDef)]:
            numbers = {
                node.value
                for node in ast.walk(cls)
                if isinstance(node, ast.Constant)
                and isinstance(node.value, int | float)
                and not isinstance(node.value, bool)
            }
            assert numbers <= {0, 1}, (module, numbers)


def test_the_version_changes_with_the_thresholds():
    base = rulebase_version(Thresholds())
    assert re.fullmatch(r"[0-9a-f]{12}", base)
    assert rulebase_version(Thresholds()) == base
    other = Thresholds.model_validate({"burnout": {"risk_score": 75}})
    assert rulebase_version(other) != base


@pytest.mark.parametrize("rule_id", list(CATALOGUE))
def test_conditions_name_real_fact_fields_and_thresholds(rule_id):
    th = Thresholds()
    for condition in CATALOGUE[rule_id].when:
        fact = getattr(facts, condition.fact)
        assert condition.field in fact.__fields__, condition
        if condition.test == "gt_field":
            assert condition.operand in fact.__fields__, condition
        # a threshold a condition compares with goes to the evidence
        assert not condition.limit or condition.limit in CATALOGUE[rule_id].thresholds
        for key in condition.named_keys:
            assert key in CATALOGUE[rule_id].conditions_for(th), key


def test_the_conditions_text_reads_the_thresholds_in_force():
    default = CATALOGUE["T01"].conditions
    assert "ниже порога критического дефицита 50 (deficits.critical_below)" in default
    other = Thresholds.model_validate({"deficits": {"critical_below": 40}})
    assert "дефицита 40 (deficits.critical_below)" in CATALOGUE["T01"].conditions_for(other)
    assert "(стаж меньше 3 лет)" in CATALOGUE["O06"].conditions
    assert "не меньше 20 %" in CATALOGUE["O07"].conditions
    assert "не ниже 0,50 и ниже 0,75" in CATALOGUE["O02"].conditions


def test_first_unmet_is_the_first_condition_no_fact_passes():
    th = Thresholds()
    when = CATALOGUE["T04"].when  # young, then no mentor
    young_with_mentor = {"young": True, "has_mentor": True, "absent": False}
    old = {"young": False, "has_mentor": False, "absent": False}
    unmet = first_unmet(when, {"TeacherFact": [young_with_mentor, old]}, th)
    assert unmet is not None and unmet.condition.field == "has_mentor"
    assert (unmet.facts, unmet.passed_before) == (2, 1)
    assert first_unmet(when, {"TeacherFact": [old | {"young": True}]}, th) is None
    o07 = CATALOGUE["O07"].when
    surveyed = {"burnout_surveyed": True}
    assert first_unmet(o07, {"OrgFact": [{"burnout_share": 0.2} | surveyed]}, th) is None
    unmet = first_unmet(o07, {"OrgFact": [{"burnout_share": 0.1} | surveyed]}, th)
    assert unmet is not None and unmet.value == 0.1
    cautious = Thresholds.model_validate({"school": {"burnout_share": 0.1}})
    assert first_unmet(o07, {"OrgFact": [{"burnout_share": 0.1} | surveyed]}, cautious) is None
    silent = first_unmet(o07, {"OrgFact": [{"burnout_share": 0.5, "burnout_surveyed": False}]}, th)
    assert silent is not None and silent.condition.field == "burnout_surveyed"
