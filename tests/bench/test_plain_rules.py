"""The plain-Python catalogue fires exactly what the product's rules stage fires.

That is what makes `bench.plain_rules` an honest lower limit for the rules
stage: a generated region of five schools (their kindergartens and centres,
some 200 teachers) is imported, the stages run locally through planning, then
the recommendations stage itself; the stage's stored firings and the plain
evaluation over the same inputs must be the same multiset.
"""

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from bench.plain_rules import PlainFiring
from bench.rules_bench import (
    fit_power_law,
    identities,
    load_region,
    plain,
    prepare,
    product,
    side_by_side,
)
from metodist.db import session_scope
from metodist.stages.execute import run_in_process as run_stage
from models import Recommendation, RuleFiring

YEAR = 2026
AS_OF = date(2026, 11, 15)


@pytest.fixture(scope="module")
def region_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("rules-bench")
    url = f"sqlite:///{folder / 'region.db'}"
    prepare(url, 5, year=YEAR, as_of=AS_OF, folder=Path(folder) / "csv")
    return url


def _stored(url: str, run_id: int) -> Counter[tuple[str, str, str, str, str | None]]:
    with session_scope(url) as s:
        rows = s.exec(
            select(Recommendation, RuleFiring).where(
                RuleFiring.recommendation_id == Recommendation.id,
                Recommendation.run_id == run_id,
            )
        ).all()
        return Counter(
            (r.rule_id, f.facts["rule"], r.addressee_type, r.addressee_code, r.org_code)
            for r, f in rows
        )


def _without_key(firings: Counter[PlainFiring]) -> Counter[tuple[str, str, str, str, str | None]]:
    out: Counter[tuple[str, str, str, str, str | None]] = Counter()
    for f, n in firings.items():
        out[f.rule_id, f.rule_name, f.addressee_type, f.addressee_code, f.org_code] += n
    return out


def test_plain_rules_fire_what_the_rules_stage_fires(region_url):
    run_id = run_stage(region_url, stage="recommendations", year=YEAR, as_of=AS_OF)
    region = load_region(region_url, year=YEAR, as_of=AS_OF)
    expected = identities(plain(region))

    stored = _stored(region_url, run_id)
    assert _without_key(expected) == stored
    # the region is varied enough for the comparison to mean something
    assert {rule_id for rule_id, *_ in stored} >= {
        "T01", "T02", "T03", "T04", "T06", "T08", "T10", "T12", "O03", "O04", "M02", "M06",
    }  # fmt: skip
    # and with the keys (one firing per area, request, school), through the adapter
    assert identities(product(region)) == expected


def test_side_by_side_reports_every_figure(region_url):
    result = side_by_side(region_url, year=YEAR, as_of=AS_OF, engine_time_limit=0.5)
    assert result["same_firings"] is True
    assert result["organizations"] == len(load_region(region_url, year=YEAR, as_of=AS_OF).orgs)
    for part in ("product", "plain"):
        assert result[part]["firings"] > 0 and result[part]["cpu_s"] >= 0
    assert result["ratio_a_c"] > 0
    points = result["single_engine"]["points"]
    assert points and points[0]["teachers"] < result["teachers"]


def test_power_law_fit_recovers_the_exponent():
    c, k = fit_power_law([(n, 0.5 * n**1.8) for n in (100, 400, 1600)])
    assert k == pytest.approx(1.8) and c == pytest.approx(0.5)
