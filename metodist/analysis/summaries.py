"""The needs and diagnostics stages' payloads: requests by school, deficit maps and profiles.

Pure functions over `OrgProfile`; the municipal figures are merged from the
schools' additive counts, so a share is of a true total, not a mean of school
shares (seed 003: the requests database; seed 004: the map of deficits).
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from metodist.analysis.placement import is_cycle_request
from models.enums import Area, CourseFormat
from models.payloads import (
    AreaDeficits,
    CutOffs,
    DeficitCell,
    DeficitMap,
    DeficitProfile,
    MunicipalDeficitProfile,
    RequestItem,
    RequestsByOrg,
    RequestsSummary,
    SchoolDeficits,
    SchoolRequests,
    TopTopic,
)
from models.profile import OrgProfile
from rules import status
from rules.thresholds import Thresholds

AREAS: tuple[str, ...] = tuple(a.value for a in Area)
FORMATS: tuple[str, ...] = (*(f.value for f in CourseFormat), "unspecified")


def share(part: int, whole: int) -> float:
    """part / whole rounded to 4 places; 0 when there is no whole."""
    return round(part / whole, 4) if whole else 0.0


def ordered(counts: Mapping[str, int], keys: Iterable[str]) -> dict[str, int]:
    """Every key of `keys` (zeros included), then any other key seen, sorted."""
    known = list(keys)
    return {k: counts.get(k, 0) for k in [*known, *sorted(set(counts) - set(known))]}


def _add(into: dict[str, Any], more: Mapping[str, Any]) -> None:
    """Add nested counters `more` into `into` (ints add, dicts recurse)."""
    for key, value in more.items():
        if isinstance(value, Mapping):
            _add(into.setdefault(key, {}), value)
        else:
            into[key] = into.get(key, 0) + value


# --- needs: the requests database (seed 003, Q1–Q2) ---------------------------------------


def requests_by_org(org: OrgProfile, *, as_of: date) -> RequestsByOrg:
    """The school's requests of the cycle, counted and listed."""
    items: list[RequestItem] = []
    by_area: Counter[str] = Counter()
    by_format: Counter[str] = Counter()
    topics: Counter[tuple[str, str]] = Counter()
    teachers_with = 0
    for t in org.teachers:
        mine = [r for r in t.requests if is_cycle_request(r, as_of)]
        teachers_with += bool(mine)
        for r in mine:
            by_area[r.area] += 1
            by_format[r.format or "unspecified"] += 1
            topics[(r.area, r.topic.strip())] += 1
            items.append(
                RequestItem(t.code, t.full_name, r.area, r.topic, r.format, r.hours, r.submitted)
            )
    return RequestsByOrg(
        org_code=org.code,
        org_name=org.name,
        teachers=len(org.teachers),
        teachers_with_requests=teachers_with,
        requests=len(items),
        hours=sum(i.hours or 0 for i in items),
        by_area=ordered(by_area, AREAS),
        by_format=ordered(by_format, FORMATS),
        topics=tuple((a, tp, n) for (a, tp), n in sorted(topics.items())),
        items=tuple(items),
    )


def requests_summary(
    per_org: Iterable[RequestsByOrg], *, year: int, as_of: date, top: int = 20
) -> RequestsSummary:
    """The municipal `requests_summary`, from the schools' `requests_by_org`."""
    schools = sorted(per_org, key=lambda p: p.org_code)
    by_area: Counter[str] = Counter()
    by_format: Counter[str] = Counter()
    topics: Counter[tuple[str, str]] = Counter()
    for p in schools:
        by_area.update(p.by_area)
        by_format.update(p.by_format)
        topics.update({(a, tp): n for a, tp, n in p.topics})
    ranked = sorted(topics.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return RequestsSummary(
        year=year,
        as_of=as_of,
        orgs=len(schools),
        orgs_with_requests=sum(p.requests > 0 for p in schools),
        teachers=sum(p.teachers for p in schools),
        teachers_with_requests=sum(p.teachers_with_requests for p in schools),
        requests=sum(p.requests for p in schools),
        hours=sum(p.hours for p in schools),
        by_area=ordered(by_area, AREAS),
        by_format=ordered(by_format, FORMATS),
        top_topics=tuple(TopTopic(a, tp, n) for (a, tp), n in ranked),
        by_org={
            p.org_code: SchoolRequests(
                p.org_name, p.teachers, p.teachers_with_requests, p.requests, p.by_area
            )
            for p in schools
        },
    )


# --- diagnostics: deficit maps and the deficit profile (seed 004) --------------------------


def deficit_map(org: OrgProfile, th: Thresholds) -> DeficitMap:
    """Teacher code → area → score and level; every teacher listed, one never diagnosed with
    an empty map; the level (critical, moderate or None) is decided here, once."""
    result: dict[str, dict[str, DeficitCell]] = {}
    for t in org.teachers:
        areas = [a for a in AREAS if a in t.scores] + sorted(set(t.scores) - set(AREAS))
        result[t.code] = {
            a: DeficitCell(t.scores[a], status.deficit_level(t.scores[a], th)) for a in areas
        }
    return DeficitMap(result)


def deficit_counts(org: OrgProfile, th: Thresholds) -> dict[str, Any]:
    """Additive counts behind a deficit profile (merge schools with `merge_counts`)."""
    areas: dict[str, dict[str, int]] = {
        a: {"diagnosed": 0, "critical": 0, "moderate": 0, "score_sum": 0} for a in AREAS
    }
    counts = {"teachers": len(org.teachers), "diagnosed": 0, "with_critical": 0, "with_deficit": 0}
    for t in org.teachers:
        if not t.scores:
            continue
        counts["diagnosed"] += 1
        levels = set()
        for area, score in t.scores.items():
            level = status.deficit_level(score, th)
            row = areas.setdefault(
                area, {"diagnosed": 0, "critical": 0, "moderate": 0, "score_sum": 0}
            )
            row["diagnosed"] += 1
            row["score_sum"] += score
            if level:
                row[level] += 1
                levels.add(level)
        counts["with_critical"] += "critical" in levels
        counts["with_deficit"] += bool(levels)
    return counts | {"areas": areas}


def merge_counts(items: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    total: dict[str, Any] = {}
    for item in items:
        _add(total, item)
    return total


def deficit_profile(counts: Mapping[str, Any]) -> DeficitProfile:
    """The `deficit_profile` of `deficit_counts` (one school or merged).

    Per area, shares are of the teachers diagnosed in that area (a teacher not
    diagnosed there is not known to lack the competence); `mean_score` is None
    when nobody was diagnosed in the area.
    """
    areas = {}
    raw = counts.get("areas", {})
    for area in [*AREAS, *sorted(set(raw) - set(AREAS))]:
        row = raw.get(area, {"diagnosed": 0, "critical": 0, "moderate": 0, "score_sum": 0})
        n = row["diagnosed"]
        areas[area] = AreaDeficits(
            diagnosed=n,
            critical=row["critical"],
            moderate=row["moderate"],
            critical_share=share(row["critical"], n),
            moderate_share=share(row["moderate"], n),
            mean_score=round(row["score_sum"] / n, 1) if n else None,
        )
    return DeficitProfile(
        teachers=counts.get("teachers", 0),
        diagnosed=counts.get("diagnosed", 0),
        with_critical=counts.get("with_critical", 0),
        with_deficit=counts.get("with_deficit", 0),
        areas=areas,
    )


def municipal_deficit_profile(
    schools: Iterable[tuple[str, str, Mapping[str, Any]]],
    *,
    year: int,
    as_of: date,
    th: Thresholds,
) -> MunicipalDeficitProfile:
    """The municipal `deficit_profile` from the schools' (code, name, `deficit_counts`)."""
    rows = sorted(schools, key=lambda r: r[0])
    profile = deficit_profile(merge_counts(c for _, _, c in rows))
    return MunicipalDeficitProfile(
        year=year,
        as_of=as_of,
        orgs=len(rows),
        cut_offs=CutOffs(th.deficits.critical_below, th.deficits.moderate_below),
        teachers=profile.teachers,
        diagnosed=profile.diagnosed,
        with_critical=profile.with_critical,
        with_deficit=profile.with_deficit,
        areas=profile.areas,
        by_org={
            code: SchoolDeficits(
                org_name=name,
                teachers=c["teachers"],
                diagnosed=c["diagnosed"],
                with_critical=c["with_critical"],
                with_deficit=c["with_deficit"],
                critical_by_area={a: row["critical"] for a, row in c["areas"].items()},
            )
            for code, name, c in rows
        },
    )
