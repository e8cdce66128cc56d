"""Derived facts about one teacher on the cycle date, each with its regulation.

These are the definitions the indicators, the plan and the rule engine share,
so "PD is current" or "the category expires" means the same everywhere.
"""

from datetime import date

from models.profile import TeacherProfile
from rules.thresholds import Thresholds

CATEGORIES_FIRST_OR_HIGHER = frozenset({"first", "highest", "methodist", "mentor"})
CATEGORIES_HIGHEST_OR_HIGHER = frozenset({"highest", "methodist", "mentor"})
#: СЗД is an attestation for the post, not a qualification category
WITHOUT_CATEGORY = frozenset({"none", "szd"})


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier, or later if negative (29 Feb -> 28 Feb)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def months_after(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def level_by_cut_offs(score: float, critical_below: float, moderate_below: float) -> str | None:
    """`critical` below the first cut-off, `moderate` below the second, else None."""
    if score < critical_below:
        return "critical"
    if score < moderate_below:
        return "moderate"
    return None


def deficit_level(score: int, th: Thresholds) -> str | None:
    """`critical`, `moderate` or None (no deficit), by the configured cut-offs."""
    return level_by_cut_offs(score, th.deficits.critical_below, th.deficits.moderate_below)


def deficits(t: TeacherProfile, th: Thresholds) -> dict[str, str]:
    """Area -> level for every area where the latest diagnostic shows a deficit."""
    levels = {area: deficit_level(score, th) for area, score in t.scores.items()}
    return {area: level for area, level in levels.items() if level}


def has_critical_deficit(t: TeacherProfile, th: Thresholds) -> bool:
    return "critical" in deficits(t, th).values()


def has_any_deficit(t: TeacherProfile, th: Thresholds) -> bool:
    """A teacher never diagnosed is not known to be deficit-free."""
    return not t.scores or bool(deficits(t, th))


def pd_is_current(t: TeacherProfile, as_of: date, th: Thresholds) -> bool:
    """273-ФЗ art. 47 p. 5: a course of ≥16 h completed in the 3 years before the cycle date."""
    since = years_before(as_of, th.pd.period_years)
    return any(
        c.hours >= th.pd.min_course_hours and since <= c.completed <= as_of for c in t.courses_done
    )


def is_young(t: TeacherProfile, th: Thresholds) -> bool:
    return t.experience_years is not None and t.experience_years < th.mentoring.young_teacher_years


def is_exempt(t: TeacherProfile) -> bool:
    """On maternity/childcare leave or back from a long illness: no attestation (order 196)."""
    return bool(t.exempt)


def category_expiry(t: TeacherProfile, th: Thresholds) -> date | None:
    """Orders 276 and 196: a category set before 1 Sept 2023 keeps its 5-year term."""
    if t.category not in CATEGORIES_FIRST_OR_HIGHER or t.category_date is None:
        return None
    if t.category_date >= th.attestation.reform_date:
        return None
    return years_before(t.category_date, -th.attestation.category_term_years)


def effective_category(t: TeacherProfile, as_of: date, th: Thresholds) -> str:
    """The category held on the cycle date: an expired one counts as none."""
    expiry = category_expiry(t, th)
    if expiry is not None and expiry <= as_of:
        return "none"
    return t.category or "none"


def category_expires_soon(t: TeacherProfile, as_of: date, th: Thresholds) -> bool:
    """The category expires after the cycle date and within the configured window."""
    expiry = category_expiry(t, th)
    window_end = months_after(as_of, th.attestation.expiry_window_months)
    return expiry is not None and as_of < expiry <= window_end


def last_szd(t: TeacherProfile) -> date | None:
    dates = [a.date for a in t.attestations if a.kind == "szd" and a.result == "assigned"]
    if t.category == "szd" and t.category_date:
        dates.append(t.category_date)
    return max(dates, default=None)


def szd_due(t: TeacherProfile, as_of: date, th: Thresholds) -> bool:
    """Order 196: СЗД once in 5 years for those without a category, unless exempt or new."""
    if effective_category(t, as_of, th) not in WITHOUT_CATEGORY or is_exempt(t):
        return False
    if t.years_in_org is None or t.years_in_org < th.attestation.szd_min_years_in_org:
        return False
    last = last_szd(t)
    return last is None or last <= years_before(as_of, th.attestation.szd_period_years)


def presented_within(t: TeacherProfile, as_of: date, years: int) -> bool:
    since = years_before(as_of, years)
    return any(since <= d <= as_of for d in t.presentations)


def competed_within(t: TeacherProfile, as_of: date, years: int) -> bool:
    """Took part in a competition in the last `years` calendar years, this one included."""
    return any(as_of.year - years < c.year <= as_of.year for c in t.competitions)


def at_burnout_risk(t: TeacherProfile, th: Thresholds) -> bool:
    return t.burnout_score is not None and t.burnout_score >= th.burnout.risk_score


def years_in_category(t: TeacherProfile, as_of: date) -> float | None:
    if t.category_date is None:
        return None
    return (as_of - t.category_date).days / 365.25
