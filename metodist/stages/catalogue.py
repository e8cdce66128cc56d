"""The course catalogue (docs/contract.md `courses.csv`) as the plan reads it."""

from sqlmodel import Session, select

from metodist.analysis.placement import CatalogueItem
from models import CatalogueCourse


def load_catalogue(session: Session) -> list[CatalogueItem]:
    """Every catalogue course, by code; seats are per plan year (seed 003: the Q4 plan)."""
    rows = session.exec(select(CatalogueCourse).order_by(CatalogueCourse.code)).all()
    return [
        CatalogueItem(
            code=c.code,
            title=c.title,
            areas=tuple(dict.fromkeys(c.areas)),
            hours=c.hours,
            provider=c.provider,
            format=c.format,
            capacity=c.capacity,
            quarter=c.quarter,
            levels=tuple(c.levels),
            positions=tuple(c.positions),
        )
        for c in rows
    ]
