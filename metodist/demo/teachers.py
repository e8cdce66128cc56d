"""Teachers of one organization: age, experience, category, burnout, exemption.

Russian teaching staff is old (the median teacher is past 45), so experience
is drawn from a mixture with most teachers at 10–40 years, plus the profile's
share of young teachers under 3 years. Categories rise with experience and
with the profile. Category dates obey the attestation orders: a category set
before 1 Sept 2023 is still valid (set within 5 years of the cycle date), one
set later never expires, and «педагог-методист» / «педагог-наставник» exist
only from 1 Sept 2023 for holders of «высшая». Experience values keep clear of
the rule thresholds (3, 5 and 10 years; 2 years in the organization), so a
rule that reads "under" as "at most" still sees the same teachers.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from random import Random
from typing import Any

from metodist.demo.dates import REFORM_DATE, Windows, pick
from metodist.demo.draw import cumulative, normal, randint, subset, weighted
from metodist.demo.names import NamePool
from metodist.demo.organizations import Org
from metodist.demo.profiles import Profile
from metodist.demo.staffing import is_female, positions, subjects_for

FIRST_OR_HIGHER = ("first", "highest", "methodist", "mentor")
HIGHEST_OR_HIGHER = ("highest", "methodist", "mentor")
YOUNG_YEARS = 3.0
_THRESHOLDS = (3.0, 5.0, 10.0)

#: (low, high, weight) bands of experience for teachers who are not young
_EXPERIENCE_BANDS = ((3.3, 5.0, 8), (5.3, 10.0, 17), (10.3, 20.0, 25), (20.0, 30.0, 28),
                     (30.0, 42.0, 22))  # fmt: skip
#: base category weights by experience band
_BAND_CUM = cumulative([b[2] for b in _EXPERIENCE_BANDS])
_CATEGORY_BASE = {
    "under2": {"none": 1.0},
    "2to5": {"none": 0.5, "szd": 0.2, "first": 0.3},
    "5to10": {"none": 0.15, "szd": 0.25, "first": 0.45, "highest": 0.15},
    "10plus": {"none": 0.07, "szd": 0.18, "first": 0.37, "highest": 0.33,
               "methodist": 0.03, "mentor": 0.02},
}  # fmt: skip
#: latent diagnostic ability by category: holders of higher categories score higher
_ABILITY = {"none": -2.0, "szd": -1.0, "first": 2.5, "highest": 5.0, "methodist": 6.0,
            "mentor": 6.0}  # fmt: skip


@dataclass(eq=False, slots=True)
class Staff:
    """One teacher as generated, with the latent traits the activity tables draw on."""

    code: str
    org: Org
    full_name: str
    female: bool
    position: str
    subjects: list[str]
    birth_year: int
    experience: float
    years_in_org: float
    category: str = "none"
    category_date: date | None = None
    mentor: "Staff | None" = None
    burnout: int | None = None
    exempt: str | None = None
    ability: float = 0.0
    old_szd: date | None = None  # an СЗД more than 5 years ago (attestation history)
    mentees: int = 0
    career_start: date = date.min  # the cycle date minus the experience
    scores: dict[str, int] = field(default_factory=dict)

    @property
    def profile(self) -> Profile:
        return self.org.profile

    @property
    def young(self) -> bool:
        return self.experience < YOUNG_YEARS

    def row(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "org_code": self.org.code,
            "full_name": self.full_name,
            "position": self.position,
            "subjects": list(self.subjects),
            "birth_year": self.birth_year,
            "experience_years": self.experience,
            "years_in_org": self.years_in_org,
            "category": self.category,
            "category_date": self.category_date,
            "mentor_code": self.mentor.code if self.mentor else None,
            "burnout_score": self.burnout,
            "exempt": self.exempt,
            "exempt_until": None,
        }


def build_staff(rng: Random, org: Org, win: Windows, names: NamePool) -> list[Staff]:
    """The teachers of one organization (codes are set later, in global order)."""
    staff = []
    posts = positions(org)
    # exact numbers (randomly rounded) of young and burnt-out teachers: a small school
    # would otherwise often miss its profile's shares by chance
    young = subset(rng, len(posts), org.profile.young_share)
    at_risk = subset(rng, len(posts), org.profile.burnout_risk)
    for i, position in enumerate(posts):
        subjects = subjects_for(rng, org, position)
        female = is_female(rng, org, position, subjects)
        t = Staff("", org, names.full_name(rng, female), female, position, subjects, 0, 0, 0)
        set_career(rng, t, win, young=i in young)
        set_category(rng, t, win)
        _set_exempt_and_burnout(rng, t, win, at_risk=i in at_risk)
        staff.append(t)
    return staff


def set_career(rng: Random, t: Staff, win: Windows, *, young: bool) -> None:
    """Experience, years in the organization and birth year, clear of rule thresholds."""
    if young:
        exp = round(rng.uniform(0.2, 2.7), 1)
    else:
        low, high, _ = weighted(rng, _EXPERIENCE_BANDS, _BAND_CUM)
        exp = _clear_of_thresholds(round(rng.uniform(low, high), 1))
    late_start = randint(rng, 2, 15) if rng.random() < 0.2 else 0
    age = randint(rng, 21, 24) + late_start + int(exp)
    if age > 72:
        exp, age = round(exp - (age - 72), 1), 72
        exp = _clear_of_thresholds(max(exp, 3.3))
    whole_career = young or rng.random() < 0.45  # all the career in this organization
    in_org = exp if whole_career else round(rng.uniform(0.5, exp), 1)
    if 1.8 <= in_org <= 2.3:  # the СЗД threshold is 2 years in the organization
        in_org = min(exp, 2.6) if exp >= 2.6 else 1.5
    t.experience = exp
    t.years_in_org = min(in_org, exp)
    t.career_start = win.as_of - timedelta(days=round(exp * 365.25))
    t.birth_year = win.as_of.year - age - (1 if rng.random() < 0.5 else 0)


def _clear_of_thresholds(exp: float) -> float:
    for edge in _THRESHOLDS:
        if edge - 0.25 <= exp <= edge + 0.25:
            return round(edge + 0.3, 1)
    return exp


def _band(t: Staff) -> str:
    if t.experience < 2:
        return "under2"
    if t.experience < 5:
        return "2to5"
    return "5to10" if t.experience < 10 else "10plus"


def set_category(rng: Random, t: Staff, win: Windows) -> None:
    """A category in proportion to experience and profile, with a valid date."""
    cats, cum = _category_weights(t.org.profile.category_boost, _band(t), t.org.no_mentor_pool)
    t.category = weighted(rng, cats, cum)
    t.category_date = None
    t.old_szd = None
    if t.category == "szd":
        _date_szd(rng, t, win)
    elif t.category in FIRST_OR_HIGHER:
        _date_category(rng, t, win)
    if t.category == "none" and t.years_in_org >= 7 and rng.random() < 0.5:
        t.old_szd = pick(rng, *win.szd_overdue)


@lru_cache(maxsize=64)
def _category_weights(
    boost: float, band: str, no_mentor_pool: bool
) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """Categories and cumulative weights: the band's base weights shifted by the profile."""
    weights = dict(_CATEGORY_BASE[band])
    for cat in weights:
        if cat == "first":
            weights[cat] *= boost**0.5
        elif cat in HIGHEST_OR_HIGHER:
            weights[cat] *= boost
        else:
            weights[cat] /= boost
    if no_mentor_pool:  # a remote school where nobody has sought a category
        weights = {k: w for k, w in weights.items() if k in ("none", "szd")}
    return tuple(weights), cumulative(list(weights.values()))


def _joined(t: Staff, win: Windows) -> date:
    return win.as_of - timedelta(days=round(t.years_in_org * 365.25))


def _date_szd(rng: Random, t: Staff, win: Windows) -> None:
    """СЗД is passed in this organization, after a year there, within the last 5 years."""
    start = max(win.szd_valid[0], _joined(t, win) + timedelta(days=365))
    if t.years_in_org < 2.3 or start > win.szd_valid[1]:
        t.category = "none"
        return
    t.category_date = pick(rng, start, win.szd_valid[1])


def _date_category(rng: Random, t: Staff, win: Windows) -> None:
    """A still-valid date: pre-reform (expiring soon or later) or post-reform."""
    earliest = t.career_start + timedelta(days=365)
    buckets = {
        k: (max(lo, earliest), hi)
        for k, (lo, hi) in win.category_buckets.items()
        if max(lo, earliest) <= hi
    }
    if t.category in ("methodist", "mentor"):
        buckets = {k: w for k, w in buckets.items() if k == "post"}
        if not buckets:  # before the reform these categories did not exist
            t.category = "highest"
            _date_category(rng, t, win)
            return
    if not buckets:
        t.category = "none"
        return
    keys = list(buckets)
    weights = [max(1, (buckets[k][1] - buckets[k][0]).days) for k in keys]
    if t.org.attestation_wave:  # most of the staff certified in the same pre-reform year
        weights = [w * 4 if k == "expiring" else w for k, w in zip(keys, weights, strict=True)]
    bucket = weighted(rng, keys, cumulative(weights))
    t.category_date = pick(rng, *buckets[bucket])
    assert t.category not in ("methodist", "mentor") or t.category_date >= REFORM_DATE


def _set_exempt_and_burnout(rng: Random, t: Staff, win: Windows, *, at_risk: bool) -> None:
    age = win.as_of.year - t.birth_year
    if at_risk:
        t.exempt = "illness" if rng.random() < 0.03 else None
    elif t.female and age < 40 and rng.random() < 0.08:
        t.exempt = "leave"
    elif rng.random() < 0.01:
        t.exempt = "illness"
    if at_risk:
        t.burnout = randint(rng, 70, 96)
    elif t.exempt == "leave" or rng.random() < 0.09:  # did not answer the survey
        t.burnout = None
    else:
        t.burnout = max(5, min(68, round(normal(rng, 40, 13))))
    t.ability = normal(rng, _ABILITY[t.category], 7.0)
