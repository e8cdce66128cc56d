"""Absences of the demo's teachers: every kind of `exempt`, with end dates past and planned.

docs/domain.md «Teachers who are absent»: a teacher is absent on the cycle date
while the absence has not ended (`exempt_until` on or after it, or unknown).
A past end date is a teacher back at work, and the СЗД exemption runs on after
it (two years after childcare or maternity leave, one after a long illness),
so returns are drawn on both sides of those edges, a margin away from them.
"""

from datetime import date, timedelta
from random import Random

from metodist.demo.dates import MARGIN, Windows, pick, shift_years
from rules import status

#: kinds a young mother may be absent for, with weights; `leave` is any other long leave
_FAMILY = (("childcare", 0.55), ("maternity", 0.2), ("pregnancy", 0.15), ("leave", 0.1))


def ahead(rng: Random, win: Windows) -> date:
    """A planned end of an absence: one month to two years after the cycle date."""
    return pick(rng, win.as_of + timedelta(days=30), shift_years(win.as_of, 2))


def back(rng: Random, win: Windows, *, years: int, within: bool) -> date:
    """A return `within` the last `years` before the cycle date, or clearly before them."""
    edge = shift_years(win.as_of, -years)
    if within:
        return pick(rng, edge + MARGIN, win.as_of - timedelta(days=30))
    return pick(rng, shift_years(edge, -2), edge - MARGIN)


def draw_absence(
    rng: Random, win: Windows, *, female: bool, age: int, at_risk: bool
) -> tuple[str | None, date | None]:
    """(`exempt`, `exempt_until`) of one teacher; most teachers have neither."""
    if female and age < 40 and not at_risk and rng.random() < 0.09:
        x, kind = rng.random(), "leave"
        for name, weight in _FAMILY:
            if x < weight:
                kind = name
                break
            x -= weight
        if kind == "pregnancy":
            return kind, None  # the end is not known yet
        if kind == "maternity":
            return kind, ahead(rng, win)
        if rng.random() < 0.6:
            return kind, ahead(rng, win)
        return kind, back(rng, win, years=2, within=rng.random() < 0.5)
    if rng.random() < (0.03 if at_risk else 0.015):
        if rng.random() < 0.5:
            return "illness", ahead(rng, win)
        return "illness", back(rng, win, years=1, within=rng.random() < 0.5)
    return None, None


is_absent = status.absent_on


#: (kind, end) every municipality shows; `due` asks for a teacher who, back at work and
#: with no category, 2+ years in the organization and no СЗД in 5 years, would be due СЗД:
#: within two years of a childcare return the exemption holds (no T06), 18 months after an
#: illness it no longer does (T06)
PLANTED: tuple[tuple[str, str, bool], ...] = (
    ("pregnancy", "unknown", False),
    ("maternity", "ahead", False),
    ("childcare", "ahead", False),
    ("childcare", "back_within", True),
    ("childcare", "back_before", False),
    ("illness", "ahead", False),
    ("illness", "back_within", False),
    ("illness", "back_before", True),
    ("leave", "ahead", True),
    ("leave", "back_before", False),
)

_YEARS = {"childcare": 2, "maternity": 2, "illness": 1, "leave": 1, "pregnancy": 2}


def end_of(rng: Random, win: Windows, kind: str, timing: str) -> date | None:
    if timing == "unknown":
        return None
    if timing == "ahead":
        return ahead(rng, win)
    return back(rng, win, years=_YEARS[kind], within=timing == "back_within")


def timing_of(kind: str, until: date | None, win: Windows) -> str:
    """Which of `PLANTED`'s timings an (exempt, exempt_until) pair is."""
    if until is None:
        return "unknown"
    if until >= win.as_of:
        return "ahead"
    edge = shift_years(win.as_of, -_YEARS.get(kind, 1))
    return "back_within" if until > edge else "back_before"
