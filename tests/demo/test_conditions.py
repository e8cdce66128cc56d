"""Every rule of the catalogue has somebody to fire on in the demo, for several seeds.

The conditions are computed in plain Python from docs/domain.md (`conditions.py`),
not by the rule engine: this checks the data, the engine has its own tests.
"""

from collections import Counter
from datetime import date
from typing import Any

import pytest

from metodist.demo import PROFILES, generate, organization_profiles
from tests.demo.conditions import Facts

AS_OF = date(2026, 11, 15)
TEACHER_RULES = {f"T{i:02d}" for i in range(1, 13)}
ORG_RULES = {f"O{i:02d}" for i in range(1, 11)}
CENTRE_RULES = {f"M{i:02d}" for i in range(1, 7)}


@pytest.fixture(scope="module", params=[2026, 1, 2])
def facts(request: pytest.FixtureRequest) -> Facts:
    return Facts(generate(seed=request.param), AS_OF)


def test_every_teacher_rule_has_a_teacher(facts: Facts):
    fired: Counter[str] = Counter()
    for t in facts.data["teachers"]:
        fired.update(facts.teacher_rules(t))
    assert set(fired) == TEACHER_RULES


def test_young_teachers_without_mentor_with_and_without_a_candidate(facts: Facts):
    """T04 both ways: a colleague could mentor them, or nobody in the school can."""
    outcomes = set()
    for staff in facts.staff().values():
        unmentored = [t for t in staff if facts.young(t) and not t["mentor_code"]]
        if unmentored and not all(t["exempt"] for t in unmentored):
            outcomes.add(any(facts.mentor_candidate(m) for m in staff))
    assert outcomes == {True, False}


def test_an_exempt_teacher_would_otherwise_be_due_for_szd(facts: Facts):
    """Exempt teachers get no attestation rule: the data must hold one to test it on."""

    def due_if_not_exempt(t: dict[str, Any]) -> bool:
        return facts.szd_due({**t, "exempt": None})

    assert any(t["exempt"] and due_if_not_exempt(t) for t in facts.data["teachers"])


def test_every_school_rule_fires_somewhere(facts: Facts):
    fired: Counter[str] = Counter()
    for org in facts.data["organizations"]:
        fired.update(facts.org_rules(org, facts.staff()[org["code"]]))
    assert set(fired) == ORG_RULES
    assert fired["O04"] == len(facts.data["organizations"])


def test_every_centre_rule_fires(facts: Facts):
    assert facts.centre_rules(facts.data["organizations"]) == CENTRE_RULES


def test_digital_demand_exceeds_the_catalogue(facts: Facts):
    """T13 / M06: requests alone outnumber the digital seats."""
    assert "digital" in facts.demand_over_capacity()


@pytest.mark.parametrize("seed", [2026, 1, 2])
def test_profiles_land_in_their_expected_groups(seed: int):
    facts = Facts(generate(seed=seed), AS_OF)
    profile = {code: p["profile"] for code, p in organization_profiles(seed=seed).items()}
    staff = facts.staff()
    landed: Counter[tuple[str, str]] = Counter()
    for org in facts.data["organizations"]:
        group = facts.group(facts.composite(org, staff[org["code"]]))
        landed[(profile[org["code"]], group)] += 1
    assert {g for _, g in landed} == {"high", "medium", "low"}
    for key, p in PROFILES.items():
        total = sum(n for (k, _), n in landed.items() if k == key)
        assert landed[(key, p.expected_group)] / total >= 0.8, landed


def test_organization_profiles_name_every_organization_and_the_flags():
    plans = organization_profiles()
    data = generate()
    assert set(plans) == {o["code"] for o in data["organizations"]}
    assert sum(p["no_mentor_pool"] for p in plans.values()) == 1
    assert any(p["attestation_wave"] for p in plans.values())
    assert {p["expected_group"] for p in plans.values()} == {"high", "medium", "low"}
