"""Timings of the municipality-wide analyses on 40,000 synthetic teachers (printed, not asserted).

Run alone with `uv run pytest tests/analysis/test_performance.py -s` or
`uv run python -m tests.analysis.test_performance`.
"""

import time
from datetime import date

import pytest

from metodist.analysis.indicators import compute_indicators, municipal_average
from metodist.analysis.mentors import match_mentors
from metodist.analysis.placement import collect_needs, place_needs
from rules.thresholds import Thresholds
from tests.analysis.synthetic import catalogue, municipality

AS_OF = date(2026, 11, 15)


def measure(n_teachers: int = 40_000, n_courses: int = 1_000) -> dict[str, float]:
    th = Thresholds()
    orgs = municipality(n_teachers, as_of=AS_OF)
    courses = catalogue(n_courses)
    timings: dict[str, float] = {}

    start = time.perf_counter()
    needs = collect_needs(orgs, as_of=AS_OF, th=th)
    timings["collect_needs"] = time.perf_counter() - start
    start = time.perf_counter()
    plan = place_needs(needs, courses, th=th)
    timings["place_needs"] = time.perf_counter() - start
    start = time.perf_counter()
    items = [compute_indicators(o, as_of=AS_OF, th=th) for o in orgs]
    municipal_average(items)
    timings["compute_indicators"] = time.perf_counter() - start
    start = time.perf_counter()
    for o in orgs:
        match_mentors(o, as_of=AS_OF, th=th)
    timings["match_mentors"] = time.perf_counter() - start

    print(
        f"\n{n_teachers} teachers in {len(orgs)} schools, {n_courses} courses: "
        f"{len(plan.placements)} placed, {len(plan.covered)} covered, "
        f"{len(plan.unplaced)} unplaced"
    )
    for name, seconds in timings.items():
        print(f"  {name:<20} {seconds:6.2f} s")
    return timings


@pytest.mark.slow
def test_timings_on_forty_thousand_teachers():
    measure()


if __name__ == "__main__":
    measure()
