"""What if a threshold were different: the cycle re-run on a throw-away copy, the difference.

`whatif(url, {"deficits.critical_below": "45"})` copies the database to a
temporary SQLite file, runs every stage before packets there in a child process
with the changed thresholds (they feed the deficit maps, the plan and
monitoring, not only the rules), and compares the recommendations with the
latest stored run. The database itself is only read: SQLite through a
read-only connection (the backup API), PostgreSQL in a read-only transaction
copying the inputs and the latest recommendations run (docs/method.md).
"""

import multiprocessing
import os
import shutil
import sqlite3
import tempfile
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import create_engine, insert, make_url, text
from sqlmodel import Session, col, select

from metodist.config import get_settings, thresholds
from metodist.db import get_engine, init_db, session_scope
from metodist.stages.execute import run_in_process
from metodist.stages.runs import latest_run
from models import (
    Attestation,
    CatalogueCourse,
    CompetitionEntry,
    CourseRequest,
    CycleRun,
    Diagnostic,
    MethodEvent,
    Organization,
    PdCourseDone,
    Recommendation,
    Teacher,
)
from models.enums import Stage
from rules.thresholds import Thresholds

#: the stages re-run, in the cycle's order: packets print, they decide nothing
STAGES = tuple(stage.value for stage in Stage if stage is not Stage.packets)
#: the input tables, parents first (foreign keys)
INPUTS = (
    Organization, Teacher, PdCourseDone, CourseRequest, Diagnostic, Attestation, MethodEvent,
    CompetitionEntry, CatalogueCourse,
)  # fmt: skip
#: what names one recommendation across two runs (its text may differ)
IDENTITY = ("rule_id", "addressee_type", "addressee_code", "org_code", "title")


class BadChange(ValueError):
    """A `--set KEY=VALUE` naming no threshold or giving a value it cannot take."""


class NoBaseline(LookupError):
    """No completed recommendations run to compare with."""


@dataclass(frozen=True)
class Diff:
    """Recommendations the changed thresholds add, remove, or word differently."""

    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, list[dict[str, Any]]]:
        return {"added": self.added, "removed": self.removed, "changed": self.changed}

    def by_rule(self) -> dict[str, dict[str, int]]:
        """Rule id → how many added, removed, changed."""
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for kind in ("added", "removed", "changed"):
            for entry in getattr(self, kind):
                counts[entry["rule_id"]][kind] += 1
        return {
            r: {k: counts[r][k] for k in ("added", "removed", "changed")} for r in sorted(counts)
        }


# ---- the changes -------------------------------------------------------------------------


def parse_changes(pairs: Sequence[str]) -> dict[str, str]:
    """`["deficits.critical_below=45"]` → `{"deficits.critical_below": "45"}`."""
    changes: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise BadChange(f"{pair!r}: expected KEY=VALUE, e.g. deficits.critical_below=45")
        changes[key.strip()] = value.strip()
    return changes


def changed_thresholds(base: Thresholds, changes: Mapping[str, str]) -> Thresholds:
    """`base` with `changes` applied, each validated by the Thresholds model."""
    data = base.model_dump()
    for key, value in changes.items():
        path = key.split(".")
        node: Any = data
        for i, part in enumerate(path):
            last = i == len(path) - 1
            if (
                not isinstance(node, dict)
                or part not in node
                or isinstance(node[part], dict) == last
            ):
                known = _keys(base, path[0])
                raise BadChange(f"{key}={value}: no such threshold; expected one of {known}")
            if last:
                node[part] = value
            node = node[part]
    try:
        return Thresholds.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"]) or "thresholds"
        given = ", ".join(f"{k}={v}" for k, v in changes.items())
        raise BadChange(f"{given}: {where}: {error['msg']}") from None


def _keys(th: Thresholds, section_named: str) -> str:
    """The keys of the section named (all keys when it is none)."""
    sections = th.model_dump()
    if section_named in sections:
        sections = {section_named: sections[section_named]}
    keys = []
    for section, values in sections.items():
        for name, value in values.items():
            keys.append(f"{section}.{name}" + (".<indicator>" if isinstance(value, dict) else ""))
    return ", ".join(keys)


def _toml(th: Thresholds) -> str:
    """Every value of `th` as a thresholds file (the standard library reads TOML, never writes)."""
    lines: list[str] = []

    def table(name: str, values: Mapping[str, Any]) -> None:
        lines.append(f"[{name}]")
        nested = {k: v for k, v in values.items() if isinstance(v, dict)}
        for k, v in values.items():
            if not isinstance(v, dict):
                lines.append(f"{_key(k)} = {_value(v)}")
        for k, v in nested.items():
            table(f"{name}.{_key(k)}", v)

    for section, values in th.model_dump().items():
        table(section, values)
    return "\n".join(lines) + "\n"


def _key(k: str) -> str:
    """A bare TOML key where it may be one, else a quoted one («педагог-психолог», "*")."""
    return k if k.isascii() and k.replace("_", "").replace("-", "").isalnum() else _value(k)


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, date):
        return v.isoformat()
    return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _run_stages(copy: str, *, year: int, as_of: date, config: str, digest: str) -> None:
    """In a child process: every stage before packets on `copy`, thresholds from `config`."""
    os.environ["METODIST_RULES_CONFIG"] = config
    get_settings.cache_clear()
    thresholds.cache_clear()
    if thresholds().digest() != digest:  # the file must say exactly what was asked
        raise RuntimeError("the what-if thresholds did not load as given")
    for stage in STAGES:
        run_in_process(copy, stage=stage, year=year, as_of=as_of)
    get_engine(copy).dispose()


# ---- the copy ----------------------------------------------------------------------------


def _copy(url: str, folder: Path) -> str:
    """A throw-away SQLite copy of the database at `url` holding at least its inputs."""
    target = folder / "whatif.db"
    source = make_url(url)
    if source.get_backend_name() == "sqlite":
        if not source.database or not Path(source.database).is_file():
            raise NoBaseline(f"no database file {source.database!r}")
        path = Path(source.database).resolve()
        # with no WAL file every committed page is in the file itself: read it as immutable,
        # which creates no -wal/-shm companions; with one, read-only still reads its frames
        flags = "mode=ro" if Path(f"{path}-wal").exists() else "mode=ro&immutable=1"
        ro = sqlite3.connect(f"file:{path}?{flags}", uri=True)
        try:
            copied = sqlite3.connect(target)
            try:
                ro.backup(copied)
            finally:
                copied.close()
        finally:
            ro.close()
        return f"sqlite:///{target}"
    copy = f"sqlite:///{target}"
    init_db(copy)
    reader = create_engine(url)
    try:
        with reader.connect() as conn, get_engine(copy).begin() as out:
            conn.execute(text("SET TRANSACTION READ ONLY"))
            runs, recs = CycleRun.__table__, Recommendation.__table__  # type: ignore[attr-defined]
            baseline = conn.execute(
                runs.select()
                .where(runs.c.stage == "recommendations", runs.c.status == "completed")
                .order_by(runs.c.year.desc(), runs.c.id.desc())
                .limit(1)
            ).first()
            for table, where in [
                *((m.__table__, None) for m in INPUTS),  # type: ignore[union-attr]
                (runs, runs.c.id == (baseline.id if baseline else None)),
                (recs, recs.c.run_id == (baseline.id if baseline else None)),
            ]:
                query = table.select() if where is None else table.select().where(where)
                rows = [dict(r._mapping) for r in conn.execute(query)]
                if rows:
                    out.execute(insert(table), rows)
            conn.rollback()
    finally:
        reader.dispose()
    return copy


# ---- the comparison ----------------------------------------------------------------------


def _latest_run(session: Session) -> CycleRun:
    """The latest completed recommendations run, of the latest year."""
    run = latest_run(session, year=None, stage="recommendations")
    if run is None:
        raise NoBaseline(
            "no completed recommendations run to compare with: run `metodist cycle` first"
        )
    return run


def recommendations(session: Session, run_id: int | None) -> list[dict[str, Any]]:
    """A run's recommendations as the difference shows them, in id order."""
    recs = session.exec(
        select(Recommendation)
        .where(Recommendation.run_id == run_id)
        .order_by(col(Recommendation.id))
    ).all()
    return [{k: getattr(r, k) for k in (*IDENTITY, "text")} for r in recs]


def difference(
    before: Sequence[Mapping[str, Any]], after: Sequence[Mapping[str, Any]], org: str | None = None
) -> Diff:
    """What `after` adds to, removes from, or words differently than `before`.

    Recommendations are paired by rule, addressee, organization and title; among those,
    equal texts first (unchanged), then the rest in text order (changed); the surplus on
    one side is added or removed. `org` keeps one organization's (None: all, the centre's too).
    """
    groups: dict[tuple[Any, ...], tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for side, rows in ((0, before), (1, after)):
        for r in rows:
            if org is None or r["org_code"] == org:
                groups[tuple(r[k] for k in IDENTITY)][side].append(r["text"])
    diff = Diff()
    for ident in sorted(groups, key=lambda i: tuple("" if v is None else str(v) for v in i)):
        old, new = (sorted(texts) for texts in groups[ident])
        common = Counter(old) & Counter(new)
        old = sorted((Counter(old) - common).elements())
        new = sorted((Counter(new) - common).elements())
        entry = dict(zip(IDENTITY, ident, strict=True))
        for a, b in zip(old, new, strict=False):
            diff.changed.append(entry | {"text_before": a, "text_after": b})
        diff.removed.extend(entry | {"text": t} for t in old[len(new) :])
        diff.added.extend(entry | {"text": t} for t in new[len(old) :])
    return diff


def whatif(url: str | None, changes: Mapping[str, str], org: str | None = None) -> Diff:
    """The difference the changed thresholds would make to the latest recommendations run,
    for one organization (`org`) or all; the database at `url` is left as it was.

    Raises `BadChange` before any work for an unknown key or a bad value, and
    `NoBaseline` when there is no completed recommendations run.
    """
    url = url or get_settings().database_url
    th = changed_thresholds(thresholds(), changes)
    folder = Path(tempfile.mkdtemp(prefix="metodist-whatif-"))
    copy = ""
    try:
        copy = _copy(url, folder)
        with session_scope(copy) as s:
            base = _latest_run(s)
            before = recommendations(s, base.id)
        config = folder / "whatif-thresholds.toml"
        config.write_text(_toml(th), encoding="utf-8")
        # a child process: the thresholds in force here (a web desk's other requests) stay
        spawn = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as child:
            child.submit(
                _run_stages,
                copy,
                year=base.year,
                as_of=base.as_of,
                config=str(config),
                digest=th.digest(),
            ).result()
        with session_scope(copy) as s:
            after = recommendations(s, _latest_run(s).id)
        return difference(before, after, org)
    finally:
        if copy:
            get_engine(copy).dispose()
        shutil.rmtree(folder, ignore_errors=True)
