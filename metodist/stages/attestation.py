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

from metodist.analysis import attestation as note
from metodist.config import thresholds
from metodist.db import session_scope
from metodist.stages.outputs import profiles, replace_outputs
from models.payloads import AttestationNote, Payload

#: what the analysis reads of a profile (`snapshot.load_orgs`): the rest is not loaded
PARTS = ("scores", "attestations")

KINDS = (AttestationNote.KIND,)


def compute(
    url: str | None, *, run_id: int, year: int, as_of: date, org_codes: Sequence[str]
) -> list[tuple[str, str, dict[str, Any]]]:
    """Write the schools' notes; return their (code, name, additive counts)."""
    th = thresholds()
    rows: list[tuple[str | None, Payload]] = []
    partial = []
    with session_scope(url) as s:
        for org in profiles(s, org_codes, as_of=as_of, parts=PARTS):
            counts = note.attestation_counts(org, as_of=as_of, th=th)
            rows.append((org.code, note.attestation_school(org, counts, as_of=as_of, th=th)))
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
    municipal = note.attestation_municipal(
        (row for part in partials for row in part), year=year, as_of=as_of, th=thresholds()
    )
    with session_scope(url) as s:
        replace_outputs(s, run_id=run_id, kinds=KINDS, org_codes=None, rows=[(None, municipal)])
    f = municipal.figures
    return {
        "orgs": municipal.orgs,
        "teachers": f.teachers,
        "first_or_higher": f.first_or_higher,
        "expiring_next_year": f.expiring_next_year,
        "expiring_within_window": f.expiring_within_window,
        "szd_due": f.szd_due,
    }
