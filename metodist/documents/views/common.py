"""What every adapter shares: the runs whose results a document reads, their outputs, metadata.

A document shows the results of the latest *completed* run of each stage it
draws on (a failed or running run's rows are never printed). When such a run
is missing the adapter stops with `PrerequisiteMissing`, naming the command
to run first, instead of printing an empty document.
"""

import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from sqlmodel import Session, col, select

from metodist.config import get_settings
from metodist.db import session_scope
from metodist.documents import context as c
from metodist.documents.basis import packet_basis, without_basis
from metodist.stages import runs
from metodist.stages.errors import PrerequisiteMissing
from models import CycleRun, Organization, StageOutput
from models.payloads import MunicipalDeficitProfile, Payload
from rules.catalogue import CATALOGUE, RuleMeta

SessionOrUrl = Session | str | None
P = TypeVar("P", bound=Payload)
M = TypeVar("M", bound=Payload)
S = TypeVar("S", bound=Payload)


@contextmanager
def reading(source: SessionOrUrl) -> Iterator[Session]:
    """The caller's session as is, or a new one on the URL (None: the configured database)."""
    if isinstance(source, Session):
        yield source
        return
    with session_scope(source) as s:
        yield s


def require_run(session: Session, *, year: int, stage: str, document: str) -> CycleRun:
    """The latest completed run of `stage` for `year`, or a clear error naming what to run."""
    run = runs.latest_run(session, year=year, stage=stage)
    if run is None or run.id is None:
        raise PrerequisiteMissing(
            f"{document} for {year} needs the {stage} stage: no completed {stage} run for "
            f"{year}; run `metodist run {stage} --year {year}` first"
        )
    return run


def run_id(run: CycleRun) -> int:
    assert run.id is not None
    return run.id


def municipal_output(session: Session, run: CycleRun, kind: type[P]) -> P:
    """The municipal (org_code NULL) payload of `kind` written by `run`.

    Read once per process for a completed run (it no longer changes): every
    chunk of packets reads the same summaries, which grow with the region.
    """
    if run.status != "completed" or run.finished_at is None:
        return _municipal_output(session, run, kind)
    key = (str(session.get_bind().engine.url), run.id, run.finished_at, kind)
    with _MUNICIPAL_LOCK:
        found = _MUNICIPAL.get(key)
    if found is None:
        found = _municipal_output(session, run, kind)
        with _MUNICIPAL_LOCK:
            _MUNICIPAL[key] = found
            while len(_MUNICIPAL) > _MUNICIPAL_KEPT:
                del _MUNICIPAL[next(iter(_MUNICIPAL))]
    return found  # type: ignore[return-value]


#: the municipal payloads read, oldest first; a few of them a cycle: the latest runs' count
_MUNICIPAL: dict[tuple[Any, ...], Any] = {}
_MUNICIPAL_KEPT = 16
_MUNICIPAL_LOCK = threading.Lock()


def _municipal_output(session: Session, run: CycleRun, kind: type[P]) -> P:
    payload = session.exec(
        select(StageOutput.payload).where(
            col(StageOutput.run_id) == run.id,
            col(StageOutput.kind) == kind.KIND,
            col(StageOutput.org_code).is_(None),
        )
    ).first()
    if payload is None:
        raise PrerequisiteMissing(
            f"{run.stage} run {run.id} of {run.year} wrote no {kind.KIND}: re-run "
            f"`metodist run {run.stage} --year {run.year}`"
        )
    return kind.from_json(payload)


def org_outputs(
    session: Session, run: CycleRun, kind: type[P], org_codes: Sequence[str] | None = None
) -> dict[str, P]:
    """The per-school payloads of `kind` written by `run` (all schools, or `org_codes`)."""
    query = select(StageOutput.org_code, StageOutput.payload).where(
        col(StageOutput.run_id) == run.id,
        col(StageOutput.kind) == kind.KIND,
        col(StageOutput.org_code).is_not(None),
    )
    if org_codes is not None:
        query = query.where(col(StageOutput.org_code).in_(list(org_codes)))
    return {code: kind.from_json(payload) for code, payload in session.exec(query).all() if code}


def organizations(session: Session, org_codes: Sequence[str] | None = None) -> list[Organization]:
    query = select(Organization).order_by(col(Organization.code))
    if org_codes is not None:
        query = query.where(col(Organization.code).in_(list(org_codes)))
    return list(session.exec(query).all())


def municipality_name(names: Sequence[str]) -> str:
    """The municipality a centre report speaks for: the one name, or how many there are."""
    distinct = sorted({n for n in names if n})
    if len(distinct) == 1:
        return distinct[0]
    if not distinct:
        return "Муниципальное образование"
    if len(distinct) <= 3:
        return ", ".join(distinct)
    return f"{len(distinct)} муниципальных образований"


def meta(
    *, municipality: str, year: int, as_of: date, state: c.ReviewState, issuer: str | None = None
) -> c.DocumentMeta:
    """Documents are dated on the cycle date, so a re-run of the same cycle prints the same.

    The issuer defaults to the `issuer` setting (`METODIST_ISSUER`).
    """
    if issuer is None:
        issuer = get_settings().issuer
    return c.DocumentMeta(municipality, issuer, year, as_of, state)


def municipal_meta(
    orgs: Sequence[Organization], *, year: int, as_of: date, state: c.ReviewState = "approved"
) -> c.DocumentMeta:
    """The meta of a centre report: it speaks for the municipality of `orgs`."""
    return meta(
        municipality=municipality_name([o.municipality for o in orgs]),
        year=year,
        as_of=as_of,
        state=state,
    )


@dataclass(frozen=True)
class StageResults(Generic[M, S]):
    """What a centre report reads of a stage: its latest completed run and that run's outputs."""

    run: CycleRun
    municipal: M  # the municipal payload of the run
    per_org: dict[str, S]  # each school's payload, by org code
    orgs: list[Organization]


def stage_results(
    session: Session,
    *,
    year: int,
    stage: str,
    document: str,
    municipal: type[M],
    per_org: type[S],
) -> StageResults[M, S]:
    """The latest completed `stage` run, its `municipal` payload and the schools' `per_org`."""
    run = require_run(session, year=year, stage=stage, document=document)
    return StageResults(
        run,
        municipal_output(session, run, municipal),
        org_outputs(session, run, per_org),
        organizations(session),
    )


def short_source(meta: RuleMeta) -> str:
    """The catalogue's source as a document cites it: «004, 000, приказ Минобрнауки № 266 (2025)».

    The catalogue's `source` is written for reviewers, with a gloss in
    parentheses after each document; a packet's column and the sources
    legend want the documents alone, seeds by their number (`labels.SOURCE`).
    """
    parts = []
    for part in _top_level_split(meta.source, ";"):
        text = _drop_glosses(part).split(":", 1)[0].strip(" .,")
        if text.startswith("seed "):
            text = text.removeprefix("seed ").strip()
        if text and text not in parts:
            parts.append(text)
    return ", ".join(parts)


def _top_level_split(text: str, sep: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += ch == "("
        depth -= ch == ")"
        if ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _drop_glosses(text: str) -> str:
    """Remove parenthesized glosses, keeping a bare year: «№ 266 (2025)» stays."""
    out: list[str] = []
    gloss: list[str] = []
    depth = 0
    for ch in text:
        if ch == "(":
            depth += 1
            if depth == 1:
                gloss = []
                continue
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                inner = "".join(gloss)
                if inner.isdigit() and len(inner) == 4:
                    out.append(f"({inner})")
                continue
        if depth:
            gloss.append(ch)
        else:
            out.append(ch)
    return " ".join("".join(out).split()).replace(" ,", ",")


def rule_meta(rule_id: str) -> RuleMeta | None:
    return CATALOGUE.get(rule_id)


def recommendation(
    rule_id: str,
    title: str,
    text: str,
    priority: str,
    *,
    plan_year: int,
    concerns: str = "",
) -> c.Recommendation:
    """A recommendation row as documents print it: due quarter and source from the catalogue."""
    meta_ = rule_meta(rule_id)
    return c.Recommendation(
        rule_id=rule_id,
        title=title,
        text=without_basis(text),
        priority=priority,
        due_quarter=meta_.due_quarter if meta_ else None,
        due_year=plan_year if meta_ else None,
        source=short_source(meta_) if meta_ else "",
        concerns=concerns,
        basis=packet_basis(meta_),
    )


def fired_rules(counts: Mapping[str, int]) -> tuple[c.FiredRule, ...]:
    """The appendix lines for rule id -> number of recommendations, in catalogue order."""
    order = {rid: i for i, rid in enumerate(CATALOGUE)}
    lines = []
    for rule_id in sorted(counts, key=lambda r: (order.get(r, len(order)), r)):
        meta_ = rule_meta(rule_id)
        lines.append(
            c.FiredRule(
                rule_id=rule_id,
                title=meta_.title if meta_ else rule_id,
                source=short_source(meta_) if meta_ else "",
                addressee=str(meta_.addressee) if meta_ else "teacher",
                count=counts[rule_id],
            )
        )
    return tuple(lines)


def deficit_thresholds(profile: MunicipalDeficitProfile) -> c.DeficitThresholds:
    """The cut-offs the diagnostics run used (stored with its municipal profile)."""
    return c.DeficitThresholds(
        int(profile.cut_offs.critical_below), int(profile.cut_offs.moderate_below)
    )


def name_key(full_name: str) -> str:
    """Russian alphabetical order: «Ё» sorts with «Е», not after «Я» as in Unicode."""
    return full_name.casefold().replace("ё", "е")
