"""Diagnostics (seed 004, Q2–Q3): each teacher's deficit map and the deficit profile.

Writes, per school, `deficit_map` (teacher → area → score and level, from the
latest diagnostic on or before the cycle date) and `deficit_profile`; and the
municipal `deficit_profile` (org_code NULL) with a line per school. Levels use
the configured cut-offs (`[deficits]`, DOMAIN.md: below 50 critical, 50–69
moderate).
"""

from collections.abc import Sequence
from datetime import date
from typing import Any

from metodist.analysis import summaries
from metodist.config import thresholds
from metodist.db import session_scope
from metodist.stages.outputs import profiles, replace_outputs

#: what the analysis reads of a profile (`snapshot.load_orgs`): the rest is not loaded
PARTS = ("scores",)

KINDS = ("deficit_map", "deficit_profile")


def compute(
    url: str | None, *, run_id: int, year: int, as_of: date, org_codes: Sequence[str]
) -> list[dict[str, Any]]:
    """Write the schools' maps and profiles; return their additive counts."""
    th = thresholds()
    rows: list[tuple[str, str | None, dict[str, Any]]] = []
    partial = []
    with session_scope(url) as s:
        for org in profiles(s, org_codes, as_of=as_of, parts=PARTS):
            counts = summaries.deficit_counts(org, th)
            rows.append(("deficit_map", org.code, summaries.deficit_map(org, th)))
            rows.append(("deficit_profile", org.code, summaries.deficit_profile(counts)))
            partial.append({"org_code": org.code, "org_name": org.name, "counts": counts})
        replace_outputs(s, run_id=run_id, kinds=KINDS, org_codes=org_codes, rows=rows)
    return partial


def finalize(
    url: str | None,
    *,
    run_id: int,
    year: int,
    as_of: date,
    partials: Sequence[list[dict[str, Any]]],
) -> dict[str, Any]:
    """Write the municipal `deficit_profile`; return its head figures."""
    th = thresholds()
    schools = sorted((p for part in partials for p in part), key=lambda p: p["org_code"])
    profile = summaries.deficit_profile(summaries.merge_counts(p["counts"] for p in schools))
    by_org = {}
    for p in schools:
        c = p["counts"]
        by_org[p["org_code"]] = {
            "org_name": p["org_name"],
            "teachers": c["teachers"],
            "diagnosed": c["diagnosed"],
            "with_critical": c["with_critical"],
            "with_deficit": c["with_deficit"],
            "critical_by_area": {a: row["critical"] for a, row in c["areas"].items()},
        }
    payload = {
        "year": year,
        "as_of": as_of.isoformat(),
        "orgs": len(schools),
        "cut_offs": {
            "critical_below": th.deficits.critical_below,
            "moderate_below": th.deficits.moderate_below,
        },
        **profile,
        "by_org": by_org,
    }
    with session_scope(url) as s:
        replace_outputs(
            s,
            run_id=run_id,
            kinds=("deficit_profile",),
            org_codes=None,
            rows=[("deficit_profile", None, payload)],
        )
    return {
        "orgs": len(schools),
        "teachers": profile["teachers"],
        "diagnosed": profile["diagnosed"],
        "with_critical": profile["with_critical"],
    }
