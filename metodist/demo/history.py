"""A teacher's past: completed PD courses and attestation records.

PD: the profile's share of teachers took a ≥16 h course in the last three
years; the others have only an older course, a short webinar (under 16 h, not
PD under 273-ФЗ) or nothing, so T03 and PD coverage below 100 % (O09) follow.
Attestation records agree with the teacher's category: the category's own
«assigned» record on its date, the «первая» before a «высшая», the «высшая»
before a «педагог-методист» or «педагог-наставник», some renewals, an expired
СЗД for some teachers without a category, and a few refusals.
"""

from datetime import date, timedelta
from functools import lru_cache
from random import Random
from typing import Any

from metodist.demo.dates import MARGIN, Windows, pick, shift_years
from metodist.demo.draw import choice, cumulative, randint, weighted
from metodist.demo.teachers import FIRST_OR_HIGHER, Staff
from metodist.demo.topics import PAST_COURSES, SHORT_COURSES

_RETRAINING_HOURS = 250


Course = tuple[str, str | None, int]
_COUNT_CUM = cumulative((50, 35, 15))


def _suits(title: str, kind: str) -> bool:
    if "дошкольн" in title:
        return kind == "preschool"
    school_words = ("ГИА", "учител", "школ", "НОО")
    return kind != "preschool" or not any(w in title for w in school_words)


@lru_cache(maxsize=4)
def _regular(kind: str) -> tuple[Course, ...]:
    """Past qualification courses (not retraining) fitting an organization kind."""
    return tuple(c for c in PAST_COURSES if c[2] < _RETRAINING_HOURS and _suits(c[0], kind))


def courses_done(rng: Random, t: Staff, win: Windows, *, covered: bool) -> list[dict[str, Any]]:
    """Rows of `pd_courses_done` for one teacher; `covered`: a ≥16 h course in 3 years."""
    career = t.career_start
    regular = _regular(t.org.kind)
    chosen: list[tuple[Course, date]] = []
    recent = (max(win.recent[0], career), win.recent[1])
    old = (max(win.old[0], career), win.old[1])
    if covered and recent[0] <= recent[1]:
        k = weighted(rng, (1, 2, 3), _COUNT_CUM)
        first = int(rng.random() * len(regular))
        for i in range(k):  # k different titles: consecutive in the pool
            chosen.append((regular[(first + i * 5) % len(regular)], pick(rng, *recent)))
    elif rng.random() < 0.4:
        chosen.append((choice(rng, SHORT_COURSES), pick(rng, *win.recent)))
    if rng.random() < 0.6 and old[0] <= old[1]:
        chosen.append((choice(rng, regular), pick(rng, *old)))
    if t.young and rng.random() < 0.08 and recent[0] <= recent[1]:
        retraining = next(c for c in PAST_COURSES if c[2] >= _RETRAINING_HOURS)
        chosen.append((retraining, pick(rng, *recent)))
    rows: dict[tuple[str, date], dict[str, Any]] = {}
    for (title, area, hours), completed in chosen:
        rows[(title, completed)] = {
            "teacher_code": t.code,
            "title": title,
            "area": area,
            "hours": hours,
            "completed": completed,
            "course_code": None,
        }
    return list(rows.values())


def attestations(rng: Random, t: Staff, win: Windows) -> list[dict[str, Any]]:
    """Rows of `attestations` for one teacher, consistent with the category held."""
    records: dict[tuple[date, str], str] = {}
    career = t.career_start
    cd = t.category_date
    if t.category == "szd" and cd:
        records[(cd, "szd")] = "assigned"
    if t.category in FIRST_OR_HIGHER and cd:
        assigned_on = cd
        records[(cd, t.category)] = "assigned"
        before = _earlier(rng, cd, career, 1, 5)
        if t.category in ("methodist", "mentor") and before:
            records[(before, "highest")] = "assigned"
            cd, before = before, _earlier(rng, before, career, 2, 5)
        if t.category in ("highest", "methodist", "mentor") and before:
            records[(before, "first")] = "assigned"
        renewal = shift_years(cd, -5) + timedelta(days=randint(rng, -40, 40))
        if t.category == "first" and renewal > career + timedelta(days=365) and rng.random() < 0.5:
            records[(renewal, "first")] = "assigned"
        if t.category == "first" and rng.random() < 0.08:  # applied for «высшая», refused
            refused_from = max(assigned_on + timedelta(days=365), win.recent[0])
            if refused_from <= win.recent[1]:
                records[(pick(rng, refused_from, win.recent[1]), "highest")] = "refused"
    if t.old_szd:
        records[(t.old_szd, "szd")] = "assigned"
    if t.category in ("none", "szd") and t.experience >= 3 and rng.random() < 0.04:
        records[(pick(rng, *win.recent), "first")] = "refused"
    return [
        {"teacher_code": t.code, "date": day, "kind": kind, "result": result}
        for (day, kind), result in sorted(records.items())
    ]


def _earlier(rng: Random, day: date, career: date, low: int, high: int) -> date | None:
    """A day `low`–`high` years before `day`, if the career had started a year earlier."""
    years = randint(rng, low, high)
    candidate = shift_years(day, -years) - timedelta(days=randint(rng, 0, 120))
    return candidate if candidate >= career + timedelta(days=365) - MARGIN else None
