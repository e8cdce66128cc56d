"""Date windows of the demo, all relative to the cycle date.

The rules compare dates with windows such as "the 3 years before the cycle
date" or "expires within 12 months". Generated dates keep a margin of a few
weeks from every such edge, so a rule implementation that draws the edge a
day earlier or later still sees the same facts.
"""

from datetime import date, timedelta
from random import Random

#: order 196 in force: categories set from this day do not expire
REFORM_DATE = date(2023, 9, 1)
MARGIN = timedelta(days=21)


def shift_years(day: date, years: int) -> date:
    """The same calendar day `years` later (earlier if negative); 29 Feb becomes 28 Feb."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def pick(rng: Random, start: date, end: date) -> date:
    """A uniformly random day in [start, end]; `end` (the earlier one) when the window is empty."""
    span = (end - start).days
    return end if span <= 0 else start + timedelta(days=int(rng.random() * (span + 1)))


def in_window(start: date, end: date) -> bool:
    return end >= start


class Windows:
    """The named windows of one cycle date, computed once."""

    def __init__(self, year: int, as_of: date) -> None:
        self.year = year
        self.as_of = as_of
        # "in the last 3 years" (PD, presentations): (as_of - 3y, as_of]
        self.recent = (shift_years(as_of, -3) + MARGIN, as_of - timedelta(days=7))
        # clearly before that window, for older history that must not count
        self.old = (shift_years(as_of, -8), shift_years(as_of, -3) - MARGIN)
        # pre-reform categories expiring in (as_of, as_of + 12 months]
        expiring_end = min(shift_years(as_of, -4) - MARGIN, REFORM_DATE - timedelta(days=1))
        self.expiring = (shift_years(as_of, -5) + MARGIN, expiring_end)
        # pre-reform categories still valid after the 12-month window
        self.pre_later = (shift_years(as_of, -4) + MARGIN, REFORM_DATE - timedelta(days=1))
        # pre-reform categories already expired (term of 5 years over): T14, O10's "expired"
        self.expired = (
            shift_years(as_of, -8),
            min(shift_years(as_of, -5) - MARGIN, REFORM_DATE - timedelta(days=1)),
        )
        # post-reform categories (no expiry)
        self.post = (max(REFORM_DATE, shift_years(as_of, -5)), as_of - timedelta(days=20))
        # СЗД valid: within 5 years
        self.szd_valid = (shift_years(as_of, -5) + MARGIN, as_of - timedelta(days=20))
        # СЗД overdue: more than 5 years ago
        self.szd_overdue = (shift_years(as_of, -8), shift_years(as_of, -5) - MARGIN)
        # the year's stages (seed 003): requests Q1–Q2, diagnostics Q2–Q3
        last = as_of - timedelta(days=3)
        self.requests = (date(year, 1, 15), min(date(year, 6, 25), last))
        self.diagnostics = (date(year, 4, 6), min(date(year, 9, 25), last))
        buckets = {"expiring": self.expiring, "pre_later": self.pre_later, "post": self.post}
        #: non-empty windows a first-or-higher category date may fall in
        self.category_buckets = {k: w for k, w in buckets.items() if in_window(*w)}

    def recent_competition_years(self) -> list[int]:
        """Competition years that count as "in 3 years" under any reading: Y−2..Y."""
        return [self.as_of.year - 2, self.as_of.year - 1, self.as_of.year]

    def old_competition_years(self) -> list[int]:
        return [self.as_of.year - k for k in range(4, 9)]
