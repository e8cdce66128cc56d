"""The engines' speed-ups change nothing they match.

`rules.fast_rete` accelerates experta's network and facts behind one switch
(`fast_rete.ENABLED`), and `OrgEngine` runs a few teachers at a time
(`batch`). Both must give the same firings — texts, evidence, order — as
experta's own network and facts (the switch off) over all the organization's
facts in one run.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from experta import AS, MATCH, Fact
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rules import fast_rete
from rules.adapter import Context, centre_facts, org_facts
from rules.base import rule
from rules.engine import CentreEngine, OrgEngine, _per_teacher
from rules.facts import DeficitFact, OrgFact, TeacherFact
from tests.rules.builders import AS_OF, TH, YEAR, Indicators
from tests.rules.strategies import plans, schools
from tests.rules.test_centre_rules import summary


@contextmanager
def experta_own() -> Iterator[None]:
    """The speed-ups' switch off: engines and facts built inside are experta's own."""
    saved = fast_rete.ENABLED
    fast_rete.ENABLED = False
    try:
        yield
    finally:
        fast_rete.ENABLED = saved


class OneRun(OrgEngine):
    batch = None


class SmallBatches(OrgEngine):
    batch = 2


FAST = SmallBatches()
with experta_own():
    SLOW, SLOW_CENTRE = OneRun(), CentreEngine()


def test_the_switch_decides_the_network():
    assert type(FAST.matcher.root_node).__name__ == "_TypedBus"
    assert type(SLOW.matcher.root_node).__name__ == "BusNode"
    assert type(CentreEngine().matcher.root_node).__name__ == "_TypedBus"
    assert type(SLOW_CENTRE.matcher.root_node).__name__ == "BusNode"


def test_the_switch_decides_how_facts_are_built(monkeypatch):
    calls = []
    own = Fact.__setitem__
    monkeypatch.setattr(Fact, "__setitem__", lambda f, k, v: calls.append(k) or own(f, k, v))
    fast = DeficitFact(teacher="t1", area="digital", level="critical", score=40)
    assert calls == []
    with experta_own():
        slow = DeficitFact(teacher="t1", area="digital", level="critical", score=40)
    assert sorted(calls) == ["area", "level", "score", "teacher"]
    assert fast == slow


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_accelerated_org_engine_fires_as_experta_does(data):
    org = data.draw(schools())
    placements, unplaced, mentors = data.draw(plans(org))
    group = data.draw(st.sampled_from(["low", "medium", "high"]))

    def make_facts():
        return org_facts(
            org,
            indicators=Indicators(group=group),
            placements=placements,
            unplaced=unplaced,
            mentors={m.mentee_code: m for m in mentors},
            as_of=AS_OF,
            th=TH,
        )

    facts = make_facts()
    with experta_own():
        slow_facts = make_facts()
    assert facts == slow_facts
    context = Context(th=TH, year=YEAR, as_of=AS_OF, org_code=org.code, org_name=org.name)
    fast = FAST.evaluate(facts, context)
    assert fast == SLOW.evaluate(slow_facts, context)
    assert fast  # O04 at least: the comparison is never of two empty lists


def test_batches_only_while_no_rule_looks_at_two_teachers():
    assert _per_teacher(OrgEngine())

    class TwoTeachers(OrgEngine):
        @rule(
            "T04",
            AS.teacher << TeacherFact(code=MATCH.code),
            AS.mentor << TeacherFact(code=MATCH.other, category="highest"),
        )
        def pair(self, teacher, mentor):
            self.recommend(teacher=teacher)

    class TeacherAndSchool(OrgEngine):
        @rule("T09", AS.teacher << TeacherFact(code=MATCH.code), AS.org << OrgFact(young=0))
        def alone(self, teacher, org):
            self.recommend(teacher=teacher)

    class AnyDeficit(OrgEngine):
        @rule("O05", AS.org << OrgFact(code=MATCH.code), DeficitFact(level="critical"))
        def some_critical(self, org):
            self.recommend(org=org)

    for engine in (TwoTeachers, TeacherAndSchool, AnyDeficit):
        assert not _per_teacher(engine()), engine


def test_accelerated_centre_engine_fires_as_experta_does():
    summaries = [
        summary("o1", group="low", young=3, teachers=10, critical_by_area={"digital": 9}),
        summary("o2", group="high", experience_candidates=2),
    ]
    facts = centre_facts(summaries, {"demand_by_area": {"digital": 9}}, th=TH)
    with experta_own():
        slow_facts = centre_facts(summaries, {"demand_by_area": {"digital": 9}}, th=TH)
    context = Context(th=TH, year=YEAR, as_of=AS_OF)
    fast = CentreEngine().evaluate(facts, context)
    assert len(fast) >= 3 and fast == SLOW_CENTRE.evaluate(slow_facts, context)


FAST_ONE_RUN = OneRun()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_accelerated_network_fires_in_experta_s_order(data):
    """The agenda itself, not only the sorted result: the conflict-set, join and negation
    nodes of `fast_rete` hand experta's agenda the same activations, so the rules fire in
    the same sequence over the same facts."""
    org = data.draw(schools())
    placements, unplaced, mentors = data.draw(plans(org))

    def make_facts():
        return org_facts(
            org,
            indicators=Indicators(group="low"),
            placements=placements,
            unplaced=unplaced,
            mentors={m.mentee_code: m for m in mentors},
            as_of=AS_OF,
            th=TH,
        )

    def fired(engine, facts):
        sequence = []
        real = engine.recommend

        def record(**kw):
            sequence.append((engine._current.name, repr(sorted(kw.get("teacher", {}).items()))))
            real(**kw)

        engine.recommend = record
        try:
            context = Context(th=TH, year=YEAR, as_of=AS_OF, org_code=org.code)
            engine.evaluate(facts, context)
        finally:
            del engine.recommend
        return sequence

    facts = make_facts()
    with experta_own():
        slow_facts = make_facts()
    fast = fired(FAST_ONE_RUN, facts)
    assert fast and fast == fired(SLOW, slow_facts)
