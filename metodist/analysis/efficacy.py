"""Efficacy of courses (seeds 003 and 004): the change of diagnostic score after a course.

For each teacher and area: the latest diagnostic on or before a completed
course in the area and the first one at least `efficacy.min_days_after` days
after it. The comparison group: teachers diagnosed twice in the same area over
a similar span with no course in that area between. A course's effect is the
difference of the two mean changes, with a seeded bootstrap interval, judged
only where both groups reach `efficacy.min_group` (docs/method.md).
"""

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from random import Random

from sqlalchemy import select as sql_select
from sqlmodel import Session, col, select

from models import CatalogueCourse, Diagnostic, PdCourseDone
from models.enums import EfficacyVerdict
from models.payloads_efficacy import Comparison, CourseEfficacy, EfficacyMethod, EfficacySummary
from rules.thresholds import Efficacy

#: above this size a resampled mean is drawn from its normal approximation, which the
#: bootstrap converges to: a region's comparison group holds tens of thousands of pairs
EXACT_RESAMPLING_UP_TO = 400


@dataclass(frozen=True, slots=True)
class Score:
    teacher: str
    area: str
    day: date
    score: int


@dataclass(frozen=True, slots=True)
class Course:
    teacher: str
    area: str
    completed: date
    key: str
    title: str
    code: str | None = None
    provider: str | None = None


@dataclass(frozen=True, slots=True)
class Change:
    teacher: str
    area: str
    before: date
    after: date
    change: int


def changes(
    scores: Iterable[Score], courses: Iterable[Course], cfg: Efficacy
) -> tuple[dict[tuple[str, str, str | None], list[Change]], dict[str, list[Change]]]:
    """Changes after each course (by course key, area, provider) and the comparison changes
    by area: one pair per teacher and area, the latest one that qualifies."""
    series: dict[tuple[str, str], list[Score]] = defaultdict(list)
    for s in scores:
        series[(s.teacher, s.area)].append(s)
    taken: dict[tuple[str, str], list[Course]] = defaultdict(list)
    for c in courses:
        taken[(c.teacher, c.area)].append(c)
    treated: dict[tuple[str, str, str | None], list[Change]] = defaultdict(list)
    comparison: dict[str, list[Change]] = defaultdict(list)
    for (teacher, area), found in sorted(series.items()):
        found.sort(key=lambda s: s.day)
        own = taken.get((teacher, area), [])
        for course in own:
            pair = _around(found, course.completed, cfg)
            if pair is not None:
                treated[(course.key, area, course.provider)].append(_change(pair))
        pair = _untreated(found, [c.completed for c in own], cfg)
        if pair is not None:
            comparison[area].append(_change(pair))
    return dict(treated), dict(comparison)


def _around(found: Sequence[Score], day: date, cfg: Efficacy) -> tuple[Score, Score] | None:
    before = [s for s in found if s.day <= day]
    after = [s for s in found if (s.day - day).days >= cfg.min_days_after]
    if not before or not after or (after[0].day - before[-1].day).days > cfg.max_span_days:
        return None
    return before[-1], after[0]


def _untreated(
    found: Sequence[Score], course_days: Sequence[date], cfg: Efficacy
) -> tuple[Score, Score] | None:
    # "a similar span": as far apart as a course's pair may be, the latest such pair
    for j in range(len(found) - 1, 0, -1):
        for i in range(j - 1, -1, -1):
            first, second = found[i], found[j]
            span = (second.day - first.day).days
            if span > cfg.max_span_days:
                break
            if span >= cfg.min_days_after and not any(
                first.day <= d <= second.day for d in course_days
            ):
                return first, second
    return None


def _change(pair: tuple[Score, Score]) -> Change:
    first, second = pair
    return Change(first.teacher, first.area, first.day, second.day, second.score - first.score)


def compare(
    treated: Sequence[int],
    untreated: Sequence[int],
    cfg: Efficacy,
    *,
    key: str,
    untreated_means: Sequence[float] | None = None,
) -> Comparison:
    """The difference of mean changes, its bootstrap interval and what it allows to say.

    `untreated_means`: the comparison group's resampled means, when already drawn (one
    draw per area serves all its courses: the two groups are resampled independently)."""
    t_mean = _mean(treated)
    c_mean = _mean(untreated)
    if len(treated) < cfg.min_group or len(untreated) < cfg.min_group:
        return Comparison(len(treated), t_mean, len(untreated), c_mean)
    assert t_mean is not None and c_mean is not None
    a = resampled_means(treated, cfg, key=key)
    b = untreated_means or resampled_means(untreated, cfg, key=f"comparison:{key}")
    diffs = sorted(x - y for x, y in zip(a, b, strict=True))
    tail = (1 - cfg.interval) / 2
    low = diffs[math.floor(tail * (len(diffs) - 1))]
    high = diffs[math.ceil((1 - tail) * (len(diffs) - 1))]
    if high <= 0:
        verdict = EfficacyVerdict.no_effect
    elif low > 0:
        verdict = EfficacyVerdict.helps
    else:
        verdict = EfficacyVerdict.unclear
    return Comparison(
        len(treated),
        t_mean,
        len(untreated),
        c_mean,
        round(t_mean - c_mean, 2),
        round(low, 2),
        round(high, 2),
        verdict.value,
    )


def _mean(values: Sequence[int]) -> float | None:
    return round(statistics.fmean(values), 2) if values else None


def resampled_means(values: Sequence[int], cfg: Efficacy, *, key: str) -> list[float]:
    """`efficacy.bootstrap_draws` means of `values` resampled with replacement."""
    rng = Random(f"{cfg.seed}:{key}")  # a string seed: the same on every run and machine
    draws, n = cfg.bootstrap_draws, len(values)
    if n > EXACT_RESAMPLING_UP_TO:
        mean, sd = statistics.fmean(values), statistics.pstdev(values) / math.sqrt(n)
        return [rng.gauss(mean, sd) for _ in range(draws)]
    return [sum(rng.choices(values, k=n)) / n for _ in range(draws)]


def analyse(
    scores: Iterable[Score], courses: Iterable[Course], cfg: Efficacy, *, year: int, as_of: date
) -> EfficacySummary:
    """The municipal efficacy summary from the diagnostics and the completed courses."""
    courses = list(courses)
    treated, comparison = changes(scores, courses, cfg)
    titles = {c.key: c for c in courses}
    untreated = {area: [c.change for c in found] for area, found in comparison.items()}
    means = {
        area: resampled_means(v, cfg, key=f"comparison:{area}")
        for area, v in untreated.items()
        if len(v) >= cfg.min_group
    }
    by_area: dict[str, list[int]] = defaultdict(list)
    rows = []
    for (key, area, provider), found in sorted(treated.items(), key=lambda i: _sort(i[0])):
        values = [c.change for c in found]
        by_area[area].extend(values)
        course = titles[key]
        result = compare(
            values,
            untreated.get(area, []),
            cfg,
            key=f"{key}:{area}:{provider}",
            untreated_means=means.get(area),
        )
        rows.append(CourseEfficacy(key, course.title, area, course.code, provider, result))
    areas = sorted(set(by_area) | set(untreated))
    return EfficacySummary(
        year=year,
        as_of=as_of,
        method=EfficacyMethod(**cfg.model_dump()),
        treated=sum(len(v) for v in treated.values()),
        comparison=sum(len(v) for v in untreated.values()),
        by_area={
            a: compare(
                by_area.get(a, []),
                untreated.get(a, []),
                cfg,
                key=f"area:{a}",
                untreated_means=means.get(a),
            )
            for a in areas
        },
        courses=tuple(rows),
    )


def _sort(item: tuple[str, str, str | None]) -> tuple[str, str, str]:
    key, area, provider = item
    return area, key, provider or ""


def load(session: Session, *, as_of: date) -> tuple[list[Score], list[Course]]:
    """Every diagnostic and completed course dated on or before `as_of`; a course's code
    names its catalogue title and provider, an unknown or missing code falls back to the
    title the school gave."""
    catalogue: Mapping[str, tuple[str, str, list[str]]] = {
        code: (title, provider, list(areas))
        for code, title, provider, areas in session.exec(
            select(
                CatalogueCourse.code,
                CatalogueCourse.title,
                CatalogueCourse.provider,
                CatalogueCourse.areas,
            )
        )
    }
    scores = [
        Score(t, a, d, s)
        for t, a, d, s in session.exec(
            select(
                col(Diagnostic.teacher_code),
                col(Diagnostic.area),
                col(Diagnostic.date),
                col(Diagnostic.score),
            ).where(col(Diagnostic.date) <= as_of)
        )
    ]
    courses = []
    # five columns: more than sqlmodel's `select` is typed for, so SQLAlchemy's
    for t, area, done, code, title in session.connection().execute(
        sql_select(
            col(PdCourseDone.teacher_code),
            col(PdCourseDone.area),
            col(PdCourseDone.completed),
            col(PdCourseDone.course_code),
            col(PdCourseDone.title),
        ).where(col(PdCourseDone.completed) <= as_of)
    ):
        known = catalogue.get(code) if code else None
        areas = [area] if area else (known[2] if known else [])
        for a in areas:
            if known is not None:
                courses.append(Course(t, a, done, code, known[0], code, known[1] or None))
            else:
                courses.append(Course(t, a, done, title, title))
    return scores, courses


def course_efficacy(session: Session, cfg: Efficacy, *, year: int, as_of: date) -> EfficacySummary:
    """The monitoring stage's efficacy summary, from the database as of the cycle date."""
    scores, courses = load(session, as_of=as_of)
    return analyse(scores, courses, cfg, year=year, as_of=as_of)
