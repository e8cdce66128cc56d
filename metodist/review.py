"""Reviewer sign-off: approve or reject recommendations before the packets go out.

Only the latest completed recommendations run of a year is reviewed: an
earlier run's recommendations are replaced by a re-run anyway. Every change
of status writes a `ReviewEvent` (who, when, why) for the audit trail, and
every decision names its reviewer (the CLI's `--reviewer` or METODIST_REVIEWER,
the web desk's logged-in user); a decision on a whole run also needs a
comment. Decisions outlive a re-run (`stages/decisions.py`). Asking
for the status a recommendation already has changes nothing and writes
nothing, so a repeated command is harmless. A school's packet stays a draft
(«ПРОЕКТ») while any of its recommendations is still proposed.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy import insert, update
from sqlmodel import Session, col, select

from metodist.db import session_scope
from metodist.stages.runs import latest_run
from models import CycleRun, Recommendation, ReviewEvent
from models.cycle import utcnow
from models.enums import ReviewStatus

Decision = Literal["approved", "rejected"]
PacketState = Literal["approved", "draft"]
STAGE = "recommendations"
#: ids per UPDATE … IN (…): under SQLite's and PostgreSQL's parameter limits
BATCH = 5_000


class ReviewError(ValueError):
    """The review cannot be done as asked (nothing selected, no run, unknown recommendation)."""


def review(
    url: str | None,
    *,
    decision: Decision,
    rec_id: int | None = None,
    org: str | None = None,
    rule: str | None = None,
    all_: bool = False,
    year: int | None = None,
    comment: str = "",
    reviewer: str = "",
) -> int:
    """Set `decision` on the selected recommendations; return how many changed.

    Selectors combine (`org` and `rule` together mean that rule at that
    school); `all_` selects the whole run. `year` defaults to the year of
    `rec_id`, else the latest year with a completed recommendations run.
    """
    if decision not in (ReviewStatus.approved, ReviewStatus.rejected):
        raise ReviewError(f"decision must be 'approved' or 'rejected', not {decision!r}")
    if rec_id is None and org is None and rule is None and not all_:
        raise ReviewError("say what to review: a recommendation id, an organization, a rule or all")
    reviewer, comment = reviewer.strip(), comment.strip()
    if not reviewer:
        raise ReviewError(
            "say who decides: --reviewer NAME (or set METODIST_REVIEWER); "
            "the audit trail names the reviewer of every decision"
        )
    if all_ and not comment:
        raise ReviewError(
            "a decision on every recommendation at once needs a comment saying why: --comment TEXT"
        )
    with session_scope(url) as s:
        run = _run_to_review(s, year=year, rec_id=rec_id)
        where = [col(Recommendation.run_id) == run.id]
        if rec_id is not None:
            found = s.get(Recommendation, rec_id)
            if found is None or found.run_id != run.id:
                raise ReviewError(
                    f"recommendation {rec_id} is not in the latest recommendations run of "
                    f"{run.year} (run {run.id})"
                )
            where.append(col(Recommendation.id) == rec_id)
        if org is not None:
            where.append(col(Recommendation.org_code) == org)
        if rule is not None:
            where.append(col(Recommendation.rule_id) == rule.upper())
        where.append(col(Recommendation.status) != decision)
        # A whole region is ~160,000 recommendations: ids only and set-based
        # writes, never ORM objects (those took 74 CPU s and ~1.9 GB there).
        chosen = s.execute(
            select(Recommendation.id, Recommendation.rule_id, Recommendation.addressee_code)
            .where(*where)
            .order_by(col(Recommendation.id))
        ).all()
        at = utcnow()
        for start in range(0, len(chosen), BATCH):
            batch = chosen[start : start + BATCH]
            s.execute(
                update(Recommendation)
                .where(col(Recommendation.id).in_([i for i, _, _ in batch]))
                .values(status=decision)
            )
            s.execute(
                insert(ReviewEvent),
                [
                    {
                        "recommendation_id": i,
                        "origin_id": i,
                        "run_id": run.id,
                        "year": run.year,
                        "rule_id": rule_id,
                        "addressee_code": addressee,
                        "status": decision,
                        "comment": comment,
                        "reviewer": reviewer,
                        "at": at,
                    }
                    for i, rule_id, addressee in batch
                ],
            )
        return len(chosen)


def review_state(url: str | None, *, org: str, year: int) -> PacketState:
    """'draft' while any of the school's recommendations is proposed (or none are made yet)."""
    with session_scope(url) as s:
        run = latest_run(s, year=year, stage=STAGE)
        if run is None:
            return "draft"
        pending = s.exec(
            select(Recommendation.id).where(
                col(Recommendation.run_id) == run.id,
                col(Recommendation.org_code) == org,
                col(Recommendation.status) == ReviewStatus.proposed,
            )
        ).first()
        return "draft" if pending is not None else "approved"


def _run_to_review(session: Session, *, year: int | None, rec_id: int | None) -> CycleRun:
    if year is None and rec_id is not None:
        rec = session.get(Recommendation, rec_id)
        if rec is None:
            raise ReviewError(f"there is no recommendation {rec_id}")
        year = rec.year
    if year is None:
        year = session.exec(
            select(CycleRun.year)
            .where(col(CycleRun.stage) == STAGE, col(CycleRun.status) == "completed")
            .order_by(col(CycleRun.year).desc())
        ).first()
    run = latest_run(session, year=year, stage=STAGE) if year is not None else None
    if run is None:
        where = f" for {year}" if year is not None else ""
        raise ReviewError(f"no completed recommendations run{where}: run the stage first")
    return run
