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
from models.payloads import DeficitProfile, MunicipalDeficitProfile


def build_deficits(
    session_or_url: SessionOrUrl, *, year: int, as_of: date
) -> c.DeficitProfileContext:
    with reading(session_or_url) as s:
        results = stage_results(
            s,
            year=year,
            stage="diagnostics",
            document="the deficit profile",
            municipal=MunicipalDeficitProfile,
            per_org=DeficitProfile,
        )
    profile, per_org, orgs = results.municipal, results.per_org, results.orgs

    areas = tuple(
        c.AreaProfile(
            area=a,
            diagnosed=row.diagnosed,
            critical_share=row.critical_share,
            moderate_share=row.moderate_share,
            mean=row.mean_score,
        )
        for a in [*AREAS, *sorted(set(profile.areas) - set(AREAS))]
        if (row := profile.areas.get(a)) is not None
    )
    schools = []
    for code, line in sorted(profile.by_org.items()):
        diagnosed = line.diagnosed
        own = per_org[code].areas if code in per_org else {}
        schools.append(
            c.SchoolDeficits(
                org_code=code,
                org_name=line.org_name or code,
                diagnosed=diagnosed,
                with_critical_share=line.with_critical / diagnosed if diagnosed else 0.0,
                area_means={a: own[a].mean_score if a in own else None for a in AREAS},
            )
        )
    return c.DeficitProfileContext(
        meta=municipal_meta(orgs, year=year, as_of=as_of),
        teachers_total=profile.teachers,
        teachers_diagnosed=profile.diagnosed,
        areas=areas,
        schools=tuple(schools),
        thresholds=deficit_thresholds(profile),
        area_alert_share=thresholds().centre.area_critical_share,
    )
