"""A packet's inputs key: one sha256 per organization, read before its view model is built.

The packets stage keeps a packet whose key and file are as the latest run
recorded without building it (issue 17: rebuilding 1,416 view models to
compare digests took ~35 CPU s). The key folds in every row a packet and its
routes read (`views/packet.py`, `route.py`, `routes.py`): the latest completed
runs they read (id and finish: a completed run's outputs never change), the
organization's row, its teachers' printed columns and their mentors' names,
and the id and status of each of its recommendations (status is the only
column a decision changes); besides the cycle, the renderer digest and the
source of the code that builds view models. Any other change, or any doubt,
means the view model is built and the content digest judges.
"""

import hashlib
import sys
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from metodist.documents.views.common import SessionOrUrl, reading
from metodist.documents.views.packet import _TEACHER_COLUMNS, STAGES
from metodist.stages.runs import latest_run
from models import Organization, Recommendation, Teacher

#: the packages whose source builds a view model (adapters, labels, catalogue, statuses):
#: all of them, not a list kept by hand, so a new module cannot be left out
_SOURCE_ROOTS = tuple(
    Path(__file__).resolve().parents[2] / p for p in ("metodist", "models", "rules")
)
#: libraries whose behaviour shapes a view model (JSON columns, rows)
_LIBRARIES = ("sqlalchemy", "sqlmodel")
#: codes per IN (…): under SQLite's and PostgreSQL's parameter limits
_BATCH = 5_000


def _sources() -> tuple[tuple[str, str, int, int], ...]:
    """Each source file's name as hashed, path, size and modification time: a changed file
    gives a new signature, so no long-lived process keeps a stale hash."""
    found = sorted(
        (f"{root.name}/{p.relative_to(root).as_posix()}", p)
        for root in _SOURCE_ROOTS
        for p in root.rglob("*.py")
    )
    return tuple((name, str(p), (st := p.stat()).st_size, st.st_mtime_ns) for name, p in found)


@lru_cache(maxsize=4)
def _code_digest(signature: tuple[tuple[str, str, int, int], ...]) -> str:
    h = hashlib.sha256()
    for name, path, _size, _mtime in signature:
        h.update(name.encode() + b"\0" + Path(path).read_bytes() + b"\0")
    for library in _LIBRARIES:
        h.update(f"{library}={version(library)}\0".encode())
    h.update(f"python={sys.version_info[:2]}".encode())
    return h.hexdigest()


def packet_keys(
    source: SessionOrUrl,
    *,
    org_codes: Sequence[str],
    year: int,
    as_of: date,
    renderer: str,
) -> dict[str, tuple[str, str]]:
    """(key, name) of each organization of `org_codes` that exists; none without every run
    a packet reads (the view model then says what is missing)."""
    codes = list(org_codes)
    with reading(source) as s:
        found = [latest_run(s, year=year, stage=stage) for stage in STAGES]
        runs = [(r.stage, r.id, r.finished_at) for r in found if r is not None]
        if len(runs) < len(STAGES):
            return {}
        orgs = s.exec(select(Organization).where(col(Organization.code).in_(codes))).all()
        teachers = _teachers(s, codes)
        recs: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for org, rec_id, status in s.execute(
            sa_select(
                col(Recommendation.org_code), col(Recommendation.id), col(Recommendation.status)
            )
            .where(
                col(Recommendation.run_id) == runs[STAGES.index("recommendations")][1],
                col(Recommendation.org_code).in_(codes),
            )
            .order_by(col(Recommendation.id))
        ):
            recs[org or ""].append((rec_id, status))
    head = repr((renderer, _code_digest(_sources()), year, as_of, runs))
    keys = {}
    for org in orgs:
        part = sorted(org.model_dump().items())  # the whole row: a new column is in it too
        blob = f"{head}\0{part!r}\0{teachers.get(org.code)!r}\0{recs.get(org.code)!r}"
        keys[org.code] = (hashlib.sha256(blob.encode("utf-8")).hexdigest(), org.name)
    return keys


def _teachers(s: Session, codes: list[str]) -> dict[str, list[tuple[Any, ...]]]:
    """By organization, its teachers' printed columns with the name of each one's mentor."""
    rows = s.execute(
        sa_select(*_TEACHER_COLUMNS)
        .where(col(Teacher.org_code).in_(codes))
        .order_by(col(Teacher.code))
    ).all()
    wanted = sorted({row.mentor_code for row in rows if row.mentor_code})
    names: dict[str, str] = {}
    for start in range(0, len(wanted), _BATCH):
        batch = wanted[start : start + _BATCH]
        names.update(
            s.execute(
                sa_select(col(Teacher.code), col(Teacher.full_name)).where(
                    col(Teacher.code).in_(batch)
                )
            )
            .tuples()
            .all()
        )
    by_org: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        # a JSON list (subjects) as a tuple: the same repr, and the row hashable if need be
        values = tuple(tuple(v) if isinstance(v, list) else v for v in row)
        by_org[row.org_code].append((*values, names.get(row.mentor_code or "")))
    return by_org
