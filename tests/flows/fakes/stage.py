"""A stand-in stage service: one StageOutput row per organization and a summary row."""

from datetime import date
from typing import Any

from metodist.db import session_scope
from models import StageOutput


def compute(url: str, *, run_id: int, year: int, as_of: date, org_codes: list[str]) -> dict:
    with session_scope(url) as s:
        for code in org_codes:
            s.add(StageOutput(run_id=run_id, kind="fake", org_code=code, payload={"year": year}))
    return {"organizations": len(org_codes)}


def finalize(
    url: str, *, run_id: int, year: int, as_of: date, partials: list[dict[str, Any]]
) -> dict[str, Any]:
    total = sum(p["organizations"] for p in partials)
    with session_scope(url) as s:
        s.add(StageOutput(run_id=run_id, kind="fake-summary", payload={"organizations": total}))
    return {"organizations": total, "as_of": as_of.isoformat()}
