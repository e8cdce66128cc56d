"""Reviewers' decisions carried from a recommendations run to the run that replaces it.

A recommendation that comes back unchanged (same rule, addressee and text)
keeps its decision and its history; one that changed comes back proposed,
its history kept, with a note of what changed; one that did not come back
keeps its history in the audit trail (`review_event.recommendation_id`
unset, `origin_id` the old id) with a note naming the run that dropped it.
Set-based and by ids, as review.py: a region's run is ~160,000 rows.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, NamedTuple

from sqlalchemy import bindparam, insert, update
from sqlmodel import Session, SQLModel, col, select

from models import CycleRun, Recommendation, ReviewEvent
from models.cycle import utcnow
from models.enums import ReviewStatus
from models.labels import PRIORITY, REVIEW_STATUS

STAGE = "recommendations"
#: who writes the notes of a re-run in the history
RERUN_AUTHOR = "metodist"
#: the status of a history note saying a re-run did not make the recommendation again
DROPPED = "dropped"
#: characters of an old or new text quoted in a "what changed" note
QUOTED = 200
BATCH = 5_000


class _Rec(NamedTuple):
    id: int
    rule_id: str
    addressee_type: str
    addressee_code: str
    org_code: str | None
    priority: str
    title: str
    text: str
    status: str

    @property
    def key(self) -> tuple[str, str, str, str | None]:
        return (self.rule_id, self.addressee_type, self.addressee_code, self.org_code)

    @property
    def content(self) -> tuple[str, str, str]:
        return (self.priority, self.title, self.text)


def _recs(session: Session, run_id: int) -> list[_Rec]:
    columns = [getattr(Recommendation, f) for f in _Rec._fields]
    rows = session.execute(
        select(*columns)
        .where(col(Recommendation.run_id) == run_id)
        .order_by(col(Recommendation.id))
    )
    return [_Rec(*row) for row in rows]


def carry(session: Session, previous: CycleRun, run: CycleRun) -> dict[str, int]:
    """Carry `previous`'s decisions onto `run`'s recommendations; counts of what happened."""
    assert previous.id is not None and run.id is not None
    reviewed = set(
        session.exec(
            select(ReviewEvent.recommendation_id)
            .join(Recommendation, col(Recommendation.id) == col(ReviewEvent.recommendation_id))
            .where(col(Recommendation.run_id) == previous.id)
            .distinct()
        )
    )
    old_by_key: dict[tuple[Any, ...], list[_Rec]] = defaultdict(list)
    for rec in _recs(session, previous.id):
        old_by_key[rec.key].append(rec)
    kept: list[tuple[_Rec, _Rec]] = []
    changed: list[tuple[_Rec, _Rec]] = []
    for new in _recs(session, run.id):
        olds = old_by_key.get(new.key)
        if not olds:
            continue
        same = next((o for o in olds if o.content == new.content), None)
        old = same or olds[0]
        olds.remove(old)
        (kept if same else changed).append((old, new))
    dropped = [o for olds in old_by_key.values() for o in olds if o.id in reviewed]

    by_status: dict[str, list[int]] = defaultdict(list)
    for old, new in kept:
        if old.status != new.status:
            by_status[old.status].append(new.id)
    for status, ids in by_status.items():
        for batch in _batches(ids):
            session.execute(
                update(Recommendation)
                .where(col(Recommendation.id).in_(batch))
                .values(status=status)
            )
    moved = [{"old": o.id, "new": n.id} for o, n in kept + changed if o.id in reviewed]
    if moved:
        events = SQLModel.metadata.tables[ReviewEvent.__tablename__]  # Core: one executemany
        session.connection().execute(
            update(events)
            .where(events.c.recommendation_id == bindparam("old"))
            .values(recommendation_id=bindparam("new")),
            moved,
        )
    at = utcnow()
    notes = [
        _note(new, run, at, status=ReviewStatus.proposed, comment=_what_changed(old, new, run))
        for old, new in changed
        if old.id in reviewed
    ] + [
        _note(old, run, at, status=DROPPED, comment=_dropped(run), linked=False) for old in dropped
    ]
    for batch in _batches(notes):
        session.execute(insert(ReviewEvent), batch)
    return {
        "kept": len(kept),
        "decisions_kept": sum(o.status != ReviewStatus.proposed for o, _ in kept),
        "changed": len(changed),
        "reopened": sum(o.status != ReviewStatus.proposed for o, _ in changed),
        "dropped_with_history": len(dropped),
    }


def _note(
    rec: _Rec,
    run: CycleRun,
    at: Any,
    *,
    status: str,
    comment: str,
    linked: bool = True,
) -> dict[str, Any]:
    return {
        "recommendation_id": rec.id if linked else None,
        "origin_id": rec.id,
        "run_id": run.id,
        "year": run.year,
        "rule_id": rec.rule_id,
        "addressee_code": rec.addressee_code,
        "status": status,
        "comment": comment,
        "reviewer": RERUN_AUTHOR,
        "at": at,
    }


def _what_changed(old: _Rec, new: _Rec, run: CycleRun) -> str:
    parts = []
    if old.priority != new.priority:
        was, now = (PRIORITY.get(p, p) for p in (old.priority, new.priority))
        parts.append(f"приоритет: «{was}» → «{now}»")
    if old.title != new.title:
        parts.append(f"заголовок: «{_cut(old.title)}» → «{_cut(new.title)}»")
    if old.text != new.text:
        parts.append(f"текст: было «{_cut(old.text)}», стало «{_cut(new.text)}»")
    decision = (
        ""
        if old.status == ReviewStatus.proposed
        else f" (была «{REVIEW_STATUS.get(old.status, old.status)}», снова на рассмотрении)"
    )
    return f"Пересчёт {run.id}: рекомендация изменилась{decision}; " + "; ".join(parts)


def _dropped(run: CycleRun) -> str:
    return f"Пересчёт {run.id}: правило больше не даёт эту рекомендацию; история сохранена"


def _cut(text: str) -> str:
    return text if len(text) <= QUOTED else text[: QUOTED - 1] + "…"


def _batches(items: list[Any]) -> list[list[Any]]:
    return [items[i : i + BATCH] for i in range(0, len(items), BATCH)]
