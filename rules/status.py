"""Derived facts about one teacher on the cycle date, each with its regulation.

These are the definitions the indicators, the plan and the rule engine share,
so "PD is current" or "the category expires" means the same everywhere.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from models.positions import canonical_position, fold_position
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


def absent_on(exempt: str | None, until: date | None, as_of: date) -> bool:
    """docs/domain.md: an absence (`exempt`) that has not ended on the cycle date; an
    absence without an end date has not ended."""
    return bool(exempt) and (until is None or until > as_of)


def is_absent(t: TeacherProfile, as_of: date) -> bool:
    return absent_on(t.exempt, t.exempt_until, as_of)


#: order 196: after these absences СЗД waits a while after the return (threshold names)
_SZD_WAIT_AFTER = {
    "maternity": "szd_years_after_childcare",
    "childcare": "szd_years_after_childcare",
    "illness": "szd_years_after_illness",
}


def szd_exempt(t: TeacherProfile, as_of: date, th: Thresholds) -> bool:
    """Order 196: not subject to СЗД — absent (pregnancy included), or back from
    maternity/childcare leave under 2 years ago, or from an illness absence under a year
    ago (both configurable). Under 2 years in the organization is checked by `szd_due`."""
    if is_absent(t, as_of):
        return True
    eligible = szd_eligible_from(t, th)
    return eligible is not None and as_of < eligible


def szd_eligible_from(t: TeacherProfile, th: Thresholds) -> date | None:
    """The first day СЗД may follow an absence (its end, plus order 196's wait after
    maternity/childcare leave or an illness); None without an absence or its end."""
    if not t.exempt or t.exempt_until is None:
        return None
    wait = _SZD_WAIT_AFTER.get(t.exempt)
    return (
        t.exempt_until
        if wait is None
        else _add_years(t.exempt_until, getattr(th.attestation, wait))
    )


def _add_years(day: date, years: float) -> date:
    whole = int(years)
    return months_after(years_before(day, -whole), round((years - whole) * 12))


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


def category_expired(t: TeacherProfile, as_of: date, th: Thresholds) -> bool:
    """A category set before 1 Sept 2023 whose 5-year term ended on or before the cycle date."""
    expiry = category_expiry(t, th)
    return expiry is not None and expiry <= as_of


def apply_by(t: TeacherProfile, th: Thresholds) -> date | None:
    """The date to apply for attestation by: the configured days before the expiry."""
    expiry = category_expiry(t, th)
    if expiry is None:
        return None
    return expiry - timedelta(days=th.attestation.apply_days_before_expiry)


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_end(day: date) -> date:
    """The last day of the calendar quarter `day` is in."""
    q = quarter_of(day)
    return date(day.year, 12, 31) if q == 4 else date(day.year, 3 * q + 1, 1) - timedelta(days=1)


def attestation_deadline(t: TeacherProfile, as_of: date, th: Thresholds) -> tuple[bool, date]:
    """T05: (urgent, the date to apply by). The apply-by date while it is ahead; once it
    has passed, urgently — by the end of the cycle date's quarter or the day before the
    expiry, whichever is earlier: never a deadline after the expiry."""
    expiry, due = category_expiry(t, th), apply_by(t, th)
    if expiry is None or due is None:
        raise ValueError(f"{t.code}: the category does not expire")
    if due >= as_of:
        return False, due
    return True, min(quarter_end(as_of), expiry - timedelta(days=1))


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
    if effective_category(t, as_of, th) not in WITHOUT_CATEGORY or szd_exempt(t, as_of, th):
        return False
    if t.years_in_org is None or t.years_in_org < th.attestation.szd_min_years_in_org:
        return False
    last = last_szd(t)
    return last is None or last <= years_before(as_of, th.attestation.szd_period_years)


def presentations_within(t: TeacherProfile, as_of: date, years: int) -> int:
    """Presentations (at municipal-level events, see `metodist.snapshot`) in the last
    `years` years up to the cycle date."""
    since = years_before(as_of, years)
    return sum(1 for d in t.presentations if since <= d <= as_of)


def presented_within(t: TeacherProfile, as_of: date, years: int) -> bool:
    return presentations_within(t, as_of, years) > 0


def last_pd_course(t: TeacherProfile, as_of: date, th: Thresholds) -> date | None:
    """The latest course of ≥16 h completed on or before the cycle date."""
    return max(
        (
            c.completed
            for c in t.courses_done
            if c.hours >= th.pd.min_course_hours and c.completed <= as_of
        ),
        default=None,
    )


def pd_runs_out(t: TeacherProfile, as_of: date, th: Thresholds) -> date | None:
    """When the 3-year period of the latest ≥16 h course ends (None: no such course)."""
    last = last_pd_course(t, as_of, th)
    return None if last is None else years_before(last, -th.pd.period_years)


def is_newcomer(t: TeacherProfile, th: Thresholds) -> bool:
    """T03: under `pd.newcomer_years` of experience, still inside the first PD period."""
    return t.experience_years is not None and t.experience_years < th.pd.newcomer_years


def pd_due(t: TeacherProfile, as_of: date, th: Thresholds) -> bool:
    """T03 (273-ФЗ art. 47 p. 5): a course is due in the plan year — no ≥16 h course in the
    3 years before the cycle date, or the last one's period ends before the plan year is
    over; never for a newcomer or an absent teacher."""
    if is_newcomer(t, th) or is_absent(t, as_of):
        return False
    if not pd_is_current(t, as_of, th):
        return True
    runs_out = pd_runs_out(t, as_of, th)
    return runs_out is not None and runs_out <= date(as_of.year + 1, 12, 31)


def mentors_young(t: TeacherProfile, colleagues: Iterable[TeacherProfile], th: Thresholds) -> bool:
    """T15: a young colleague has this teacher as their recorded mentor."""
    return any(c.mentor_code == t.code and is_young(c, th) for c in colleagues)


def competition_for(t: TeacherProfile, org_kind: str, th: Thresholds) -> str:
    """T11: the competition of the teacher's position and kind of organization, "" if none."""
    position = canonical_position(t.position) or fold_position(t.position or "")
    table = th.activity.competitions
    for kind in (org_kind, "*"):
        found = table.get(kind, {}).get(position)
        if found:
            return found
    return ""


def competed_within(t: TeacherProfile, as_of: date, years: int) -> bool:
    """Took part in a competition in the last `years` calendar years, this one included."""
    return any(as_of.year - years < c.year <= as_of.year for c in t.competitions)


def at_burnout_risk(t: TeacherProfile, th: Thresholds) -> bool:
    return t.burnout_score is not None and t.burnout_score >= th.burnout.risk_score


def years_in_category(t: TeacherProfile, as_of: date) -> float | None:
    if t.category_date is None:
        return None
    return (as_of - t.category_date).days / 365.25


def reserve_eligible(t: TeacherProfile, as_of: date, th: Thresholds) -> bool:
    """T12's conditions: «высшая» or higher, 10+ years, no critical deficit, a course in the
    3 years before the cycle date, not at burnout risk, not absent."""
    return (
        effective_category(t, as_of, th) in CATEGORIES_HIGHEST_OR_HIGHER
        and t.experience_years is not None
        and t.experience_years >= th.activity.leader_min_experience
        and not has_critical_deficit(t, th)
        and pd_is_current(t, as_of, th)
        and not at_burnout_risk(t, th)
        and not is_absent(t, as_of)
    )


def reserve_ranks(
    teachers: Iterable[TeacherProfile], as_of: date, th: Thresholds
) -> dict[str, int]:
    """T12: the eligible teachers of one organization, strongest first (0 = strongest):
    «педагог-методист»/«педагог-наставник» before «высшая», then the higher mean
    diagnostic score, then more experience, then the code (so a re-run agrees)."""

    def strength(t: TeacherProfile) -> tuple[bool, float, float, str]:
        mean = sum(t.scores.values()) / len(t.scores) if t.scores else 0.0
        return (
            effective_category(t, as_of, th) == "highest",
            -mean,
            -(t.experience_years or 0.0),
            t.code,
        )

    eligible = sorted((t for t in teachers if reserve_eligible(t, as_of, th)), key=strength)
    return {t.code: i for i, t in enumerate(eligible)}
