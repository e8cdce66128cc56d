"""The engines' accelerated RETE network matches exactly what experta's own network matches.

`rules.engine._accelerate` swaps node classes of the built network for speed;
an engine built with `accelerated = False` keeps experta's nodes. Both must
give the same firings — texts, evidence, order — for any facts.
"""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rules.adapter import Context, centre_facts, org_facts
from rules.engine import CentreEngine, OrgEngine
from tests.rules.builders import AS_OF, TH, YEAR, Indicators
from tests.rules.strategies import plans, schools
from tests.rules.test_centre_rules import summary


class ExpertaOrgEngine(OrgEngine):
    accelerated = False


class ExpertaCentreEngine(CentreEngine):
    accelerated = False


FAST, SLOW = OrgEngine(), ExpertaOrgEngine()


def test_the_network_is_accelerated():
    assert type(FAST.matcher.root_node).__name__ == "_TypedBus"
    assert type(SLOW.matcher.root_node).__name__ == "BusNode"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_accelerated_org_engine_fires_as_experta_does(data):
    org = data.draw(schools())
    placements, unplaced, mentors = data.draw(plans(org))
    group = data.draw(st.sampled_from(["low", "medium", "high"]))
    facts = org_facts(
        org,
        indicators=Indicators(group=group),
        placements=placements,
        unplaced=unplaced,
        mentors={m.mentee_code: m for m in mentors},
        as_of=AS_OF,
        th=TH,
    )
    context = Context(th=TH, year=YEAR, as_of=AS_OF, org_code=org.code, org_name=org.name)
    fast = FAST.evaluate(facts, context)
    assert fast == SLOW.evaluate(facts, context)
    assert fast  # O04 at least: the comparison is never of two empty lists


def test_accelerated_centre_engine_fires_as_experta_does():
    summaries = [
        summary("o1", group="low", young=3, teachers=10, critical_by_area={"digital": 9}),
        summary("o2", group="high", experience_candidates=2),
    ]
    facts = centre_facts(summaries, {"demand_by_area": {"digital": 9}}, th=TH)
    context = Context(th=TH, year=YEAR, as_of=AS_OF)
    fast = CentreEngine().evaluate(facts, context)
    assert len(fast) >= 3 and fast == ExpertaCentreEngine().evaluate(facts, context)
