"""Scale: a 100-school municipality group and a 1000-school region keep the demo's shape."""

import time
from collections import Counter
from datetime import date

import pytest

from metodist.demo import generate
from tests.demo.conditions import Facts

AS_OF = date(2026, 11, 15)
CENTRE_RULES = {f"M{i:02d}" for i in range(1, 8)}


def _municipality_sizes(data: dict) -> Counter[str]:
    return Counter(o["municipality"] for o in data["organizations"])


def test_a_hundred_schools_give_about_four_thousand_teachers():
    data = generate(schools=100)
    assert 3_600 <= len(data["teachers"]) <= 4_400
    kinds = Counter(o["kind"] for o in data["organizations"])
    assert kinds["school"] == 100 and kinds["preschool"] >= 30 and kinds["additional"] >= 8
    sizes = _municipality_sizes(data)
    assert len(sizes) >= 2 and all(30 <= n <= 60 for n in sizes.values())
    names = {(o["municipality"], o["name"]) for o in data["organizations"]}
    assert len(names) == sum(kinds.values())
    facts = Facts(data, AS_OF)
    for muni in sizes:
        orgs = [o for o in data["organizations"] if o["municipality"] == muni]
        assert facts.centre_rules(orgs) == CENTRE_RULES, muni


@pytest.mark.slow
def test_region_of_a_thousand_schools(capsys: pytest.CaptureFixture[str]):
    """A bench, not a time limit: prints how long 40,000 teachers take."""
    started = time.perf_counter()
    data = generate(schools=1000)
    seconds = time.perf_counter() - started
    counts = {table: len(rows) for table, rows in data.items()}
    with capsys.disabled():
        print(f"\ngenerate(schools=1000): {seconds:.1f} s, {counts}")
    assert 38_000 <= counts["teachers"] <= 42_000
    sizes = _municipality_sizes(data)
    assert all(30 <= n <= 60 for n in sizes.values())
    assert len({t["code"] for t in data["teachers"]}) == counts["teachers"]
    # the catalogue grows in groups, so seats per teacher stay as scarce as in the demo
    assert 150 <= counts["courses"] <= 300
    assert "digital" in Facts(data, AS_OF).demand_over_capacity()
