"""docs/domain.md's consistency paragraph, as properties over random teachers and schools.

The rules' own conditions enforce these (no filtering afterwards), so the
properties hold for any facts the adapter can build.
"""

import inspect
import random
from dataclasses import replace

from experta import NOT, Rule
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rules import status
from rules.engine import OrgEngine
from rules.facts import TeacherFact
from tests.rules.builders import TH, evaluate
from tests.rules.strategies import plans, schools

# An organization engine run costs tens of milliseconds: enough examples to meet every
# boundary the strategies favour, few enough to keep the suite fast.
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def cases(draw: st.DrawFn):  # type: ignore[no-untyped-def]
    org = draw(schools())
    placements, unplaced, mentors = draw(plans(org))
    return org, placements, unplaced, mentors


def run(case):  # type: ignore[no-untyped-def]
    org, placements, unplaced, mentors = case
    return evaluate(org, placements=placements, unplaced=unplaced, mentors=mentors)


@SETTINGS
@given(cases())
def test_rule_consistency(case):
    org = case[0]
    firings = run(case)
    by_teacher = {t.code: t for t in org.teachers}
    t01 = {(f.addressee_code, f.key) for f in firings if f.rule_id == "T01"}
    t02 = {(f.addressee_code, f.key) for f in firings if f.rule_id == "T02"}
    # T02 never for an area where T01 fires
    assert not t01 & t02
    for f in firings:
        t = by_teacher.get(f.evidence.get("teacher", {}).get("code", ""))
        if t is None:
            continue
        # T07, T08, T11, T12 never with a critical deficit
        if f.rule_id in ("T07", "T08", "T11", "T12"):
            assert not status.has_critical_deficit(t, TH), f
        # exempt teachers get no attestation rule
        if f.rule_id in ("T05", "T06", "T07"):
            assert not status.is_exempt(t), f
    # the raw burnout score never leaves the snapshot
    assert all("burnout_score" not in repr(f.evidence) for f in firings)
    # every deficit is answered: T01 for each critical area, T02 for each moderate one
    for t in org.teachers:
        for area, level in status.deficits(t, TH).items():
            assert (t.code, area) in (t01 if level == "critical" else t02)


@settings(SETTINGS, max_examples=25)
@given(cases())
def test_same_facts_give_the_same_recommendations_in_any_order(case):
    org, placements, unplaced, mentors = case
    first = run(case)
    assert run(case) == first
    shuffled = list(org.teachers)
    random.Random(len(shuffled)).shuffle(shuffled)
    again = evaluate(
        replace(org, teachers=tuple(shuffled)),
        placements=list(reversed(placements)),
        unplaced=list(reversed(unplaced)),
        mentors=list(reversed(mentors)),
    )
    assert [(f.rule_id, f.addressee_code, f.key, f.text) for f in again] == [
        (f.rule_id, f.addressee_code, f.key, f.text) for f in first
    ]


def _pattern_fields(rule_id: str) -> list[dict]:
    """The literal constraints of each TeacherFact pattern of the rule's methods."""
    found = []
    for _, member in inspect.getmembers(OrgEngine):
        if isinstance(member, Rule) and getattr(member, "rule_id", None) == rule_id:
            for ce in member:
                if isinstance(ce, TeacherFact):
                    found.append({k: v for k, v in ce.items() if isinstance(v, bool)})
                elif isinstance(ce, NOT):
                    found.append({"NOT": ce})
    return found


def test_the_guarantees_are_in_the_conditions():
    for rule_id in ("T07", "T08", "T11", "T12"):
        patterns = [p for p in _pattern_fields(rule_id) if "NOT" not in p]
        assert patterns and all(p.get("has_critical") is False for p in patterns), rule_id
    for rule_id in ("T05", "T06", "T07"):
        patterns = [p for p in _pattern_fields(rule_id) if "NOT" not in p]
        assert patterns and all(p.get("exempt") is False for p in patterns), rule_id
    negations = [p["NOT"] for p in _pattern_fields("T02") if "NOT" in p]
    assert len(negations) == 1 and negations[0][0]["level"] == "critical"
