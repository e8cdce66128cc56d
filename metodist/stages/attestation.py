"""Attestation analysis (seed 003, Q4): the analytic note on categories, against the standard.

Writes `attestation_note` per school and for the municipality (org_code
NULL): categories held on the cycle date (an expired pre-reform category
counts as none: orders 276 and 196), categories expiring next calendar year
and within the window, СЗД due (order 196), exemptions, the share with
«первая» or higher against the professional standard «Педагог» (order 544н),
and short Russian findings.
"""

from collections.abc import Sequence
from datetime import date
from typing import Any

from metodist.analysis import summaries
from metodist.config import thresholds
from metodist.db import session_scope
from metodist.stages.outputs import profiles, replace_outputs

#: what the analysis reads of a profile (`snapshot.load_orgs`): the rest is not loaded
PARTS = ("scores", "attestations")

KINDS = ("attestation_note",)


def compute(
    url: str | None, *, run_id: int, year: int, as_of: date, org_codes: Sequence[str]
) -> list[tuple[str, str, dict[str, Any]]]:
    """Write the schools' notes; return their (code, name, additive counts)."""
    th = thresholds()
    rows: list[tuple[str, str | None, dict[str, Any]]] = []
    partial = []
    with session_scope(url) as s:
        for org in profiles(s, org_codes, as_of=as_of, parts=PARTS):
            counts = summaries.attestation_counts(org, as_of=as_of, th=th)
            note = summaries.attestation_note(counts, as_of=as_of, th=th)
            note |= {"org_code": org.code, "org_name": org.name}
            note |= summaries.attestation_lists(org, as_of=as_of, th=th)
            rows.append(("attestation_note", org.code, note))
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
    """Write the municipal `attestation_note`; return its head figures."""
    th = thresholds()
    note = summaries.attestation_municipal(
        (row for part in partials for row in part), as_of=as_of, th=th
    )
    payload = {"year": year, "as_of": as_of.isoformat(), **note}
    with session_scope(url) as s:
        replace_outputs(
            s,
            run_id=run_id,
            kinds=KINDS,
            org_codes=None,
            rows=[("attestation_note", None, payload)],
        )
    return {
        k: note[k]
        for k in (
            "orgs",
            "teachers",
            "first_or_higher",
            "expiring_next_year",
            "expiring_within_window",
            "szd_due",
        )
    }
