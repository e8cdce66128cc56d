"""The review queue as queries: organizations with their review counts, one page of one
organization's recommendations (filters in the URL, pagination by id), bulk approval.

A region holds ~160,000 recommendations: counts are grouped in SQL, a page
reads `PAGE` rows after a given id, and nothing loads a whole run.
"""

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from metodist.audit import NoRecommendations, export_row
from metodist.audit import _run as latest_recommendations_run
from metodist.db import session_scope
from metodist.review import review
from metodist.web.deps import CENTRE
from models import CycleRun, Organization, Recommendation
from models.enums import ReviewStatus

PAGE = 50
CENTRE_NAME = "Методический центр (муниципальные рекомендации)"


@dataclass
class OrgReview:
    """One organization's line of the queue: how many recommendations in each status."""

    code: str
    name: str
    proposed: int = 0
    approved: int = 0
    rejected: int = 0

    @property
    def total(self) -> int:
        return self.proposed + self.approved + self.rejected

    @property
    def reviewed_share(self) -> float:
        return (self.approved + self.rejected) / self.total if self.total else 0.0


@dataclass(frozen=True)
class Filters:
    """The queue's filters, as the URL's query carries them (empty = any)."""

    rule: str = ""
    priority: str = ""
    status: str = ""
    addressee: str = ""  # addressee type: teacher / organization / centre

    def query(self) -> dict[str, str]:
        return {k: v for k, v in vars(self).items() if v}


@dataclass
class QueuePage:
    run: CycleRun
    org: OrgReview
    rows: list[dict[str, Any]]
    total: int  # matching the filters, on every page
    rules: list[str]  # the rules present at this organization, for the filter
    next_after: int | None = None
    filters: Filters = field(default_factory=Filters)


def _of_org(org_code: str) -> Any:
    if org_code == CENTRE:
        return col(Recommendation.org_code).is_(None)
    return col(Recommendation.org_code) == org_code


def org_reviews(session: Session, run: CycleRun) -> list[OrgReview]:
    """Every organization of the run (and the centre, last) with its counts by status."""
    names = dict(session.exec(select(Organization.code, Organization.name)).all())
    found: dict[str, OrgReview] = {}
    counts = session.exec(
        select(Recommendation.org_code, Recommendation.status, func.count())
        .where(col(Recommendation.run_id) == run.id)
        .group_by(col(Recommendation.org_code), col(Recommendation.status))
    ).all()
    for org_code, status, n in counts:
        code = org_code or CENTRE
        line = found.setdefault(code, OrgReview(code, names.get(code, CENTRE_NAME)))
        if status in (ReviewStatus.proposed, ReviewStatus.approved, ReviewStatus.rejected):
            setattr(line, status, getattr(line, status) + n)
    return sorted(found.values(), key=lambda o: (o.code == CENTRE, o.code))


def org_review(session: Session, run: CycleRun, org_code: str) -> OrgReview | None:
    name = CENTRE_NAME if org_code == CENTRE else None
    if name is None:
        org = session.get(Organization, org_code)
        if org is None:
            return None
        name = org.name
    line = OrgReview(org_code, name)
    for status, n in session.exec(
        select(Recommendation.status, func.count())
        .where(col(Recommendation.run_id) == run.id, _of_org(org_code))
        .group_by(col(Recommendation.status))
    ).all():
        if status in (ReviewStatus.proposed, ReviewStatus.approved, ReviewStatus.rejected):
            setattr(line, status, n)
    return line


def queue_page(
    url: str | None,
    *,
    org_code: str,
    filters: Filters,
    after: int = 0,
    limit: int = PAGE,
    year: int | None = None,
) -> QueuePage | None:
    """One page of `org_code`'s recommendations matching `filters`, ids above `after`."""
    with session_scope(url) as s:
        run = latest_recommendations_run(s, year)
        org = org_review(s, run, org_code)
        if org is None:
            return None
        where = [col(Recommendation.run_id) == run.id, _of_org(org_code)]
        if filters.rule:
            where.append(col(Recommendation.rule_id) == filters.rule.upper())
        if filters.priority:
            where.append(col(Recommendation.priority) == filters.priority)
        if filters.status:
            where.append(col(Recommendation.status) == filters.status)
        if filters.addressee:
            where.append(col(Recommendation.addressee_type) == filters.addressee)
        total = s.exec(select(func.count()).select_from(Recommendation).where(*where)).one()
        recs = s.exec(
            select(Recommendation)
            .where(*where, col(Recommendation.id) > after)
            .order_by(col(Recommendation.id))
            .limit(limit + 1)
        ).all()
        rules = sorted(
            s.exec(
                select(Recommendation.rule_id)
                .where(col(Recommendation.run_id) == run.id, _of_org(org_code))
                .distinct()
            ).all()
        )
        rows = [export_row(r) for r in recs[:limit]]
        more = len(recs) > limit
        return QueuePage(
            run=run,
            org=org,
            rows=rows,
            total=total,
            rules=rules,
            next_after=rows[-1]["id"] if more and rows else None,
            filters=filters,
        )


def approve_org(url: str | None, *, org_code: str, reviewer: str, comment: str = "") -> int:
    """Approve what is still proposed at `org_code`; a colleague's rejection stands.

    `review(org=…)` approves every recommendation not yet approved, rejected
    ones too: used as is when the organization has none rejected (one
    set-based update), else the proposed ones are approved one by one.
    """
    with session_scope(url) as s:
        run = latest_recommendations_run(s, None)
        where = [col(Recommendation.run_id) == run.id, _of_org(org_code)]
        rejected = s.exec(
            select(Recommendation.id).where(
                *where, col(Recommendation.status) == ReviewStatus.rejected
            )
        ).first()
        proposed = (
            list(
                s.exec(
                    select(Recommendation.id).where(
                        *where, col(Recommendation.status) == ReviewStatus.proposed
                    )
                ).all()
            )
            if rejected is not None or org_code == CENTRE
            else None
        )
        year = run.year
    if proposed is None:
        return review(
            url, decision="approved", org=org_code, year=year, comment=comment, reviewer=reviewer
        )
    return sum(
        review(url, decision="approved", rec_id=i, year=year, comment=comment, reviewer=reviewer)
        for i in proposed
    )


def dashboard_orgs(url: str | None) -> list[OrgReview]:
    """Every organization of the latest recommendations run, with its review counts."""
    with session_scope(url) as s:
        return org_reviews(s, latest_recommendations_run(s, None))


def org_summary(url: str | None, org_code: str) -> OrgReview | None:
    """One organization's review counts in the latest run (zeros before any run)."""
    with session_scope(url) as s:
        try:
            run = latest_recommendations_run(s, None)
        except NoRecommendations:
            org = s.get(Organization, org_code)
            return OrgReview(org.code, org.name) if org else None
        return org_review(s, run, org_code)
