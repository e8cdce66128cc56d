"""What the organization and centre rules of DOMAIN v2 read beyond the indicators (issue 12).

O11's school-level events and O12's older teachers (`org_v2_fields`, into
`OrgFact`); M06's shortfall of suitable seats (`shortfall` per organization,
`demand_facts` over the municipality) and M07's lists (`centre_lists`), both
carried to the municipal pass in `rules.adapter.OrgSummary`.
"""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from models.profile import OrgProfile
from rules.base import Firing
from rules.facts import DemandFact
from rules.inputs import UnplacedLike
from rules.thresholds import Thresholds

#: unplaced causes that are a shortfall of suitable seats (M06); the course limit is not
SHORTFALL_CAUSES = ("no_course", "no_seats")


def org_v2_fields(org: OrgProfile, *, as_of: date, th: Thresholds, digits: int) -> dict[str, Any]:
    """O11's school-level events hosted in the cycle year, O12's teachers of `older_age`+.

    The cycle year is the cycle date's. A teacher without a birth year is not
    counted as older; the share is of all teachers on the staff list.
    """
    year = as_of.year
    events = [e for e in org.events if e.level == "school" and e.date.year == year]
    older = sum(
        1 for t in org.teachers if t.birth_year and year - t.birth_year >= th.school.older_age
    )
    mean = sum(e.participants for e in events) / len(events) if events else 0.0
    return {
        "school_events": len(events),
        "school_event_participants": round(mean, digits),
        "older": older,
        "older_share": round(older / len(org.teachers), digits) if org.teachers else 0.0,
    }


def shortfall(unplaced: Iterable[UnplacedLike]) -> dict[str, dict[str, int]]:
    """area ("" = none) -> cause -> the organization's needs unplaced for want of a seat."""
    counts: Counter[tuple[str, str]] = Counter(
        (u.area or "", cause)
        for u in unplaced
        if (cause := getattr(u, "cause", "") or "") in SHORTFALL_CAUSES
    )
    result: dict[str, dict[str, int]] = {}
    for (area, cause), n in sorted(counts.items()):
        result.setdefault(area, {})[cause] = n
    return result


def centre_lists(
    org: OrgProfile, firings: Sequence[Firing]
) -> dict[str, tuple[tuple[str, str], ...]]:
    """M07's lists from the organization's firings: (organization, teacher's name) pairs."""

    def names(test: Any) -> tuple[tuple[str, str], ...]:
        return tuple((org.name, _teacher_name(f)) for f in firings if test(f))

    def no_mentor_inside(f: Firing) -> bool:
        mentor = f.evidence.get("mentor")
        return f.rule_id == "T04" and isinstance(mentor, dict) and mentor.get("found") is False

    return {
        "outside_mentors": names(no_mentor_inside),
        "nominees": names(lambda f: f.rule_id == "T11"),
        "reserve": names(lambda f: f.rule_id == "T12"),
    }


def _teacher_name(f: Firing) -> str:
    teacher = f.evidence.get("teacher")
    name = teacher.get("full_name") if isinstance(teacher, dict) else None
    return str(name or f.addressee_code)


def demand_facts(
    shortfalls: Iterable[tuple[str, Mapping[str, Mapping[str, int]]]],
    *,
    demand: Mapping[str, int],
    capacity: Mapping[str, int],
) -> list[DemandFact]:
    """M06: per area, the plan's demand and seats, and the shortfall by kind and by cause.

    `shortfalls` is (kind of organization, `shortfall(...)`) per organization.
    """
    by_kind: dict[str, Counter[str]] = {}
    by_cause: dict[str, Counter[str]] = {}
    for kind, areas in shortfalls:
        for area, causes in areas.items():
            by_kind.setdefault(area, Counter())[kind] += sum(causes.values())
            by_cause.setdefault(area, Counter()).update(causes)
    return [
        DemandFact(
            area=area,
            demand=int(demand.get(area, 0)),
            capacity=int(capacity.get(area, 0)),
            shortfall=sum(by_kind.get(area, Counter()).values()),
            by_kind=tuple(sorted(by_kind.get(area, Counter()).items())),
            by_cause=tuple(sorted(by_cause.get(area, Counter()).items())),
        )
        for area in sorted(set(demand) | set(capacity) | set(by_kind))
    ]
