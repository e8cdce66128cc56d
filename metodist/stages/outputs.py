"""What every stage service shares: reading the snapshot, and writing its rows idempotently.

A chunk's `compute` may be retried (a Prefect task retry after a lost
connection), so each write first deletes what the same run already wrote for
the same organizations: a retry replaces, never duplicates.
"""

from collections.abc import Collection, Iterable, Sequence
from datetime import date

from sqlmodel import Session, col, delete

from metodist.snapshot import PARTS, load_orgs
from models import StageOutput
from models.payloads import Payload
from models.profile import OrgProfile


def profiles(
    session: Session, org_codes: Sequence[str], *, as_of: date, parts: Collection[str] = PARTS
) -> list[OrgProfile]:
    """The chunk's profiles with the record sets `parts` (see `snapshot.load_orgs`)."""
    return load_orgs(session, org_codes, as_of=as_of, parts=parts)


def replace_outputs(
    session: Session,
    *,
    run_id: int,
    kinds: Sequence[str],
    org_codes: Sequence[str] | None,
    rows: Iterable[tuple[str | None, Payload]],
) -> int:
    """Write `rows` (org code, payload of its `KIND`) under `run_id`, replacing the run's
    earlier rows of `kinds` for `org_codes` (None: the municipal rows, org_code NULL)."""
    where = [col(StageOutput.run_id) == run_id, col(StageOutput.kind).in_(kinds)]
    if org_codes is None:
        where.append(col(StageOutput.org_code).is_(None))
    else:
        where.append(col(StageOutput.org_code).in_(org_codes))
    session.exec(delete(StageOutput).where(*where))  # type: ignore[call-overload]
    # one executemany of plain dicts: ORM objects cost an INSERT and a flush each
    values = [
        {"run_id": run_id, "kind": p.KIND, "org_code": o, "payload": p.to_json()} for o, p in rows
    ]
    if values:
        session.connection().execute(StageOutput.__table__.insert(), values)  # type: ignore[attr-defined]
    return len(values)
