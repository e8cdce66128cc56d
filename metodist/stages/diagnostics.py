"""Diagnostics (seed 004, Q2–Q3): each teacher's deficit map and the deficit profile.

Writes, per school, `deficit_map` (teacher → area → score and level, from the
latest diagnostic on or before the cycle date) and `deficit_profile`; and the
municipal `deficit_profile` (org_code NULL) with a line per school. Levels use
the configured cut-offs (`[deficits]`, docs/domain.md: below 50 critical, 50–69
moderate).
"""

from collections.abc import Sequence
from datetime import date
from typing import Any

from metodist.analysis import summaries
from metodist.config import thresholds
from metodist.db import session_scope
from metodist.stages.outputs import profiles, replace_outputs
from models.payloads import DeficitMap, DeficitProfile, Payload

#: what the analysis reads of a profile (`snapshot.load_orgs`): the rest is not loaded
PARTS = ("scores",)

KINDS = (DeficitMap.KIND, DeficitProfile.KIND)


def compute(
    url: str | None, *, run_id: int, year: int, as_of: date, org_codes: Sequence[str]
) -> list[tuple[str, str, dict[str, Any]]]:
    """Write the schools' maps and profiles; return their (code, name, additive counts)."""
    th = thresholds()
    rows: list[tuple[str | None, Payload]] = []
    partial = []
    with session_scope(url) as s:
        for org in profiles(s, org_codes, as_of=as_of, parts=PARTS):
            counts = summaries.deficit_counts(org, th)
            rows.append((org.code, summaries.deficit_map(org, th)))
            rows.append((org.code, summaries.deficit_profile(counts)))
            partial.append((org.code, org.name, counts))
        replace_outputs(s, run_id=run_id, kinds=KINDS, org_codes=org_codes, rows=rows)
    return partial


def finalize(
    url: str | None,
    *,
    run_id: int,
    year: int,
    as_of: date,
    partials: Sequence[list[tuple[str, str, dict[str, Any]]]],
) -> dict[str, Any]:
    """Write the municipal `deficit_profile`; return its head figures."""
    profile = summaries.municipal_deficit_profile(
        (row for part in partials for row in part), year=year, as_of=as_of, th=thresholds()
    )
    with session_scope(url) as s:
        replace_outputs(
            s,
            run_id=run_id,
            kinds=(profile.KIND,),
            org_codes=None,
            rows=[(None, profile)],
        )
    return {
        "orgs": profile.orgs,
        "teachers": profile.teachers,
        "diagnosed": profile.diagnosed,
        "with_critical": profile.with_critical,
    }
