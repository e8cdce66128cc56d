"""Recommendations to the methodological centre (M-rules) and the rule catalogue.

`build_centre`: the centre's recommendations of the latest completed
recommendations run (addressee `centre`), rejected ones left out, a draft
while any is still proposed, as a school's packet is.

`build_catalogue`: every rule of `rules.catalogue`, with the rule base
version of the latest recommendations run (the one the packets show), or
none printed when no run has been made yet.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlmodel import col, select

from metodist.documents import context as c
from metodist.documents.filters import area as area_name
from metodist.documents.views.centre_lists import centre_lists
from metodist.documents.views.common import (
    SessionOrUrl,
    municipal_meta,
    organizations,
    reading,
    recommendation,
    require_run,
    short_source,
)
from metodist.stages import runs
from models import Recommendation
from models.enums import AddresseeType, ReviewStatus
from rules.catalogue import CATALOGUE


def build_centre(session_or_url: SessionOrUrl, *, year: int, as_of: date) -> c.CentreContext:
    with reading(session_or_url) as s:
        run = require_run(
            s, year=year, stage="recommendations", document="the recommendations to the centre"
        )
        recs = s.exec(
            select(Recommendation)
            .where(
                col(Recommendation.run_id) == run.id,
                col(Recommendation.addressee_type) == AddresseeType.centre,
            )
            .order_by(col(Recommendation.id))
        ).all()
        orgs = organizations(s)
        lists = centre_lists(
            s,
            recommendations=run,
            planning=runs.latest_run(s, year=year, stage="planning"),
            orgs=orgs,
            year=year,
            as_of=as_of,
        )
    state: c.ReviewState = (
        "draft" if any(r.status == ReviewStatus.proposed for r in recs) else "approved"
    )
    return c.CentreContext(
        meta=municipal_meta(orgs, year=year, as_of=as_of, state=state),
        recommendations=tuple(
            recommendation(
                r.rule_id,
                r.title,
                r.text,
                r.priority,
                plan_year=year + 1,
                concerns=_concerns(r.evidence),
            )
            for r in recs
            if r.status != ReviewStatus.rejected
        ),
        outside_mentors=lists.outside_mentors,
        nominees=lists.nominees,
        reserve=lists.reserve,
        experience=lists.experience,
        to_present=lists.to_present,
        unplaced=lists.unplaced,
        unplaced_causes_known=lists.unplaced_causes_known,
    )


def _concerns(evidence: Mapping[str, Any]) -> str:
    """Whom an M recommendation is about, for the reader scanning the list (M01 a school,
    M02 and M06 an area); the rest concern the whole municipality."""
    school = evidence.get("school")
    if isinstance(school, Mapping) and school.get("name"):
        return str(school["name"])
    for key in ("area", "demand"):
        part = evidence.get(key)
        if isinstance(part, Mapping) and part.get("area"):
            try:
                return f"область: {area_name(str(part['area']))}"
            except KeyError:
                return f"область: {part['area']}"
    return ""


def build_catalogue(session_or_url: SessionOrUrl, *, year: int, as_of: date) -> c.CatalogueContext:
    with reading(session_or_url) as s:
        run = runs.latest_run(s, year=year, stage="recommendations")
        orgs = organizations(s)
    return c.CatalogueContext(
        meta=municipal_meta(orgs, year=year, as_of=as_of),
        rules=tuple(
            c.RuleEntry(
                rule_id=m.id,
                title=m.title,
                addressee=str(m.addressee),
                source=short_source(m),
                conditions=m.conditions,
            )
            for m in CATALOGUE.values()
        ),
        rulebase_version=(run.rulebase_version or "") if run else "",
    )
