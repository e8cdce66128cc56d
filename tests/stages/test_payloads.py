"""The typed payloads are the stored JSON: every kind a stage writes reads back into its class
and writes out again key for key, in the same order, and a stored value keeps its type."""

import json
from datetime import date

from sqlmodel import select

from metodist.db import session_scope
from metodist.stages.execute import run_in_process as run_stage
from models import StageOutput
from models.payloads import (
    AttestationNote,
    DeficitMap,
    DeficitProfile,
    MentorMatches,
    MonitoringSummary,
    MunicipalAttestationNote,
    MunicipalDeficitProfile,
    Payload,
    PlanByOrg,
    PlanSummary,
    RequestsByOrg,
    RequestsSummary,
)
from models.payloads_efficacy import EfficacySummary
from tests.stages.conftest import AS_OF, YEAR

#: kind -> (class of a school's row, class of the municipal row)
KINDS: dict[str, tuple[type[Payload] | None, type[Payload] | None]] = {
    "requests_by_org": (RequestsByOrg, None),
    "requests_summary": (None, RequestsSummary),
    "deficit_map": (DeficitMap, None),
    "deficit_profile": (DeficitProfile, MunicipalDeficitProfile),
    "attestation_note": (AttestationNote, MunicipalAttestationNote),
    "monitoring_summary": (None, MonitoringSummary),
    "mentor_matches": (MentorMatches, None),
    "plan_by_org": (PlanByOrg, None),
    "plan_summary": (None, PlanSummary),
    "efficacy_summary": (None, EfficacySummary),
}


def test_every_stored_payload_round_trips_through_its_class(town):
    for stage in ("needs", "diagnostics", "attestation", "monitoring", "planning"):
        run_stage(town, stage=stage, year=YEAR, as_of=AS_OF)
    with session_scope(town) as s:
        rows = s.exec(select(StageOutput)).all()
    assert {r.kind for r in rows} == set(KINDS)
    for row in rows:
        cls = KINDS[row.kind][row.org_code is None]
        assert cls is not None and row.kind == cls.KIND, (row.kind, row.org_code)
        typed = cls.from_json(row.payload)
        assert json.dumps(typed.to_json(), ensure_ascii=False) == json.dumps(
            row.payload, ensure_ascii=False
        ), (row.kind, row.org_code)


def test_a_payload_reads_types_and_tolerates_missing_keys():
    note = AttestationNote.from_json(
        {
            "teachers": 2,
            "org_code": "o1",
            "expiring": [
                {
                    "teacher_code": "t1",
                    "teacher_name": "Педагог",
                    "category": "first",
                    "category_date": "2022-03-01",
                    "expires": "2027-03-01",
                    "next_year": True,
                }
            ],
            "not_a_field": 1,
        }
    )
    assert (note.figures.teachers, note.org_code) == (2, "o1")
    assert note.expiring[0].expires == date(2027, 3, 1) and not note.expiring[0].within_window
    assert note.to_json()["expiring"][0]["category_date"] == "2022-03-01"
    plan = PlanSummary.from_json({"demand_by_area": {"digital": 1}})
    assert (plan.demand_by_area, plan.capacity_by_area, plan.courses) == ({"digital": 1}, {}, ())
