"""The municipality's deficit profile after diagnostics (Q2–Q3, seed 004): `DeficitProfileContext`.

From the diagnostics run: the municipal `deficit_profile` (areas, cut-offs,
a line per school) and each school's `deficit_profile` for its area means.
The alert share is rule M02's (`[centre] area_critical_share`), so the
report marks the areas the centre is told to act on.
"""

from datetime import date

from metodist.config import thresholds
from metodist.documents import context as c
from metodist.documents.labels import AREAS
from metodist.documents.views.common import (
    SessionOrUrl,
    deficit_thresholds,
    municipal_meta,
    reading,
    stage_results,
)


def build_deficits(
    session_or_url: SessionOrUrl, *, year: int, as_of: date
) -> c.DeficitProfileContext:
    with reading(session_or_url) as s:
        results = stage_results(
            s,
            year=year,
            stage="diagnostics",
            document="the deficit profile",
            municipal_kind="deficit_profile",
            org_kind="deficit_profile",
        )
    profile, per_org, orgs = results.municipal, results.per_org, results.orgs

    raw_areas = profile.get("areas", {})
    areas = tuple(
        c.AreaProfile(
            area=a,
            diagnosed=row.get("diagnosed", 0),
            critical_share=row.get("critical_share", 0.0),
            moderate_share=row.get("moderate_share", 0.0),
            mean=row.get("mean_score"),
        )
        for a in [*AREAS, *sorted(set(raw_areas) - set(AREAS))]
        if (row := raw_areas.get(a)) is not None
    )
    schools = []
    for code, line in sorted(profile.get("by_org", {}).items()):
        diagnosed = line.get("diagnosed", 0)
        own = per_org.get(code, {}).get("areas", {})
        schools.append(
            c.SchoolDeficits(
                org_code=code,
                org_name=line.get("org_name", code),
                diagnosed=diagnosed,
                with_critical_share=line.get("with_critical", 0) / diagnosed if diagnosed else 0.0,
                area_means={a: own.get(a, {}).get("mean_score") for a in AREAS},
            )
        )
    return c.DeficitProfileContext(
        meta=municipal_meta(orgs, year=year, as_of=as_of),
        teachers_total=profile.get("teachers", 0),
        teachers_diagnosed=profile.get("diagnosed", 0),
        areas=areas,
        schools=tuple(schools),
        thresholds=deficit_thresholds(profile),
        area_alert_share=thresholds().centre.area_critical_share,
    )
