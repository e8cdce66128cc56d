"""`generate()`: the whole demo municipality (or region) as rows of the input tables.

Every organization draws from its own `random.Random`, seeded by the seed and
the organization's code, so the data are the same on every run and adding a
municipality does not reshuffle the others. Faker is only used to fill the
name pools. After the staff are drawn a few checks per municipality plant the
situations the distributions leave to chance (see `plant`).
"""

from datetime import date
from random import Random
from typing import Any

from metodist.demo.activity import EventBook, competitions, municipal_events, requests
from metodist.demo.activity import school_events as org_events
from metodist.demo.catalogue import build_catalogue
from metodist.demo.dates import Windows
from metodist.demo.diagnostics import diagnose, diagnose_before
from metodist.demo.draw import subset
from metodist.demo.history import attestations, courses_done
from metodist.demo.mentoring import assign_mentors
from metodist.demo.names import name_pool
from metodist.demo.organizations import Org, build_organizations
from metodist.demo.plant import plant_municipality
from metodist.demo.teachers import Staff, build_staff

DemoData = dict[str, list[dict[str, Any]]]
TABLE_ORDER = (
    "organizations", "teachers", "pd_courses_done", "requests", "diagnostics",
    "attestations", "events", "competitions", "courses",
)  # fmt: skip


def generate(
    *, seed: int = 2026, schools: int = 12, year: int = 2026, as_of: date | None = None
) -> DemoData:
    """Rows of every input table for `schools` schools (plus kindergartens and centres).

    `as_of` is the cycle date (default 15 November of `year`); history is dated
    relative to it, the year's requests and diagnostics fall in Q1–Q3 of `year`,
    and the catalogue is next year's.
    """
    if schools < 1:
        raise ValueError("schools must be at least 1")
    as_of = as_of or date(year, 11, 15)
    win = Windows(year, as_of)
    names = name_pool(seed)
    orgs = build_organizations(Random(f"{seed}:organizations"), schools)
    staff_by_org: dict[str, list[Staff]] = {}
    for org in orgs:
        rng = Random(f"{seed}:staff:{org.code}")
        staff_by_org[org.code] = build_staff(rng, org, win, names)
        assign_mentors(rng, staff_by_org[org.code])
    for muni in _municipalities(orgs):
        plant_municipality(Random(f"{seed}:plant:{muni}"), orgs, staff_by_org, win, muni)
    width = max(5, len(str(sum(len(s) for s in staff_by_org.values()))))
    number = 0
    for org in orgs:
        for t in staff_by_org[org.code]:
            number += 1
            t.code = f"T{number:0{width}d}"

    data: DemoData = {name: [] for name in TABLE_ORDER}
    data["organizations"] = [o.row() for o in orgs]
    book = EventBook()
    speakers: dict[str, list[Staff]] = {}
    for org in orgs:
        rng = Random(f"{seed}:activity:{org.code}")
        staff = staff_by_org[org.code]
        data["teachers"].extend(t.row() for t in staff)
        data["diagnostics"].extend(diagnose(rng, org, staff, win))
        covered = subset(rng, len(staff), org.profile.pd_coverage)
        first_course = len(data["pd_courses_done"])
        for i, t in enumerate(staff):
            data["pd_courses_done"].extend(courses_done(rng, t, win, covered=i in covered))
            data["attestations"].extend(attestations(rng, t, win))
            data["competitions"].extend(competitions(rng, t, win))
            data["requests"].extend(requests(rng, t, win))
        data["diagnostics"].extend(
            diagnose_before(staff, win, data["pd_courses_done"][first_course:])
        )
        speakers.setdefault(org.municipality, []).extend(org_events(rng, org, staff, win, book))
    for muni in _municipalities(orgs):
        municipal_events(Random(f"{seed}:municipal:{muni}"), speakers.get(muni, []), win, book)
    data["events"] = book.rows
    data["courses"] = build_catalogue(Random(f"{seed}:catalogue"), len(data["teachers"]))
    return data


def organization_profiles(*, seed: int = 2026, schools: int = 12) -> dict[str, dict[str, Any]]:
    """Organization code -> its profile and flags, as `generate()` with these arguments draws them.

    For benchmarks and tests that compare the groups the cycle computes with
    the groups the generator meant. The layout does not depend on the year.
    """
    orgs = build_organizations(Random(f"{seed}:organizations"), schools)
    return {
        o.code: {
            "profile": o.profile.key,
            "expected_group": o.profile.expected_group,
            "attestation_wave": o.attestation_wave,
            "no_mentor_pool": o.no_mentor_pool,
        }
        for o in orgs
    }


def _municipalities(orgs: list[Org]) -> list[str]:
    """Municipality names in the order their organizations were generated."""
    return list(dict.fromkeys(o.municipality for o in orgs))
