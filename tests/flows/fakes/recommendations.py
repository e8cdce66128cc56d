"""A stand-in rule base: O04 for every school, T03 for each of its teachers, M02 for the centre."""

from datetime import date
from typing import Any

from sqlmodel import col, select

from metodist.db import session_scope
from models import Recommendation, Teacher


def compute(url: str, *, run_id: int, year: int, as_of: date, org_codes: list[str]) -> dict:
    with session_scope(url) as s:
        teachers = s.exec(
            select(Teacher).where(col(Teacher.org_code).in_(org_codes)).order_by(Teacher.code)
        ).all()
        n = 0
        for org in org_codes:
            s.add(_rec(run_id, year, "O04", "organization", org, org))
            n += 1
        for t in teachers:
            s.add(_rec(run_id, year, "T03", "teacher", t.code, t.org_code))
            n += 1
    return {"recommendations": n}


def finalize(
    url: str, *, run_id: int, year: int, as_of: date, partials: list[dict[str, Any]]
) -> dict[str, Any]:
    with session_scope(url) as s:
        s.add(_rec(run_id, year, "M02", "centre", "centre", None))
    return {"recommendations": sum(p["recommendations"] for p in partials) + 1}


def _rec(
    run_id: int, year: int, rule: str, kind: str, addressee: str, org: str | None
) -> Recommendation:
    return Recommendation(
        run_id=run_id,
        year=year,
        rule_id=rule,
        addressee_type=kind,
        addressee_code=addressee,
        org_code=org,
        title=f"{rule} для {addressee}",
        text=f"Рекомендация {rule} адресату {addressee}.",
        evidence={"rule": rule},
    )
