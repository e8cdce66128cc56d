"""The audit trail as data: the catalogue, fired and silent rules, one explanation, the export.

Plain functions returning plain rows; `metodist.audit_view` renders them with
Rich for the CLI, the documents print the catalogue, tests read them as is.
Only completed recommendations runs count: a running or failed run's rows are
not the trail a reviewer signs off.
"""

import csv
import io
import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, Literal

from sqlmodel import Session, col, select

from metodist.config import thresholds
from metodist.db import session_scope
from metodist.exporting import not_a_formula, write_export
from metodist.stages import runs
from metodist.stages.decisions import DROPPED
from models import CycleRun, Recommendation, ReviewEvent, RuleFiring, Teacher
from models.labels import GROUP
from models.russian import percent_plain
from rules.catalogue import CATALOGUE, RuleMeta
from rules.conditions import Unmet, first_unmet
from rules.thresholds import Thresholds

STAGE = "recommendations"
#: the export's columns, in docs/contract.md's order
EXPORT_COLUMNS = (
    "id",
    "rule_id",
    "addressee_type",
    "addressee_code",
    "org_code",
    "priority",
    "title",
    "text",
    "evidence",
    "status",
    "run_id",
)


class NoRecommendations(LookupError):
    """No completed recommendations run (for the year asked), or no such recommendation."""


# ---- the catalogue ----


def catalogue_rows(th: Thresholds | None = None) -> list[dict[str, Any]]:
    """Every rule of the catalogue, in catalogue order, with its thresholds' values in force."""
    th = th or thresholds()
    return [_rule_row(meta, th) for meta in CATALOGUE.values()]


def _rule_row(meta: RuleMeta, th: Thresholds) -> dict[str, Any]:
    from rules.base import threshold_value

    return {
        "id": meta.id,
        "title": meta.title,
        "family": meta.family,
        "addressee": meta.addressee.value,
        "source": meta.source,
        "seeds": list(meta.seeds),
        "basis": meta.basis,
        "phase": meta.phase.name.lower(),
        "salience": meta.salience,
        "priority": meta.priority.value,
        "due_quarter": meta.due_quarter,
        "conditions": meta.conditions_for(th),
        "recommends": meta.recommends,
        "thresholds": {k: threshold_value(th, k) for k in meta.thresholds},
    }


# ---- runs ----


def _run(session: Session, year: int | None) -> CycleRun:
    """The latest completed recommendations run of `year` (default: of the latest year)."""
    run = runs.latest_run(session, year=year, stage=STAGE)
    if run is None:
        when = f" for {year}" if year is not None else ""
        raise NoRecommendations(
            f"no completed recommendations run{when}: run `metodist run recommendations` first"
        )
    return run


# ---- the fired rules ----


def firings(
    url: str | None,
    *,
    year: int | None = None,
    org: str | None = None,
    teacher: str | None = None,
    rule: str | None = None,
) -> list[dict[str, Any]]:
    """The fired-rule trail of the latest run, filtered by school, teacher or rule id.

    A teacher's trail includes the firings that concern them without being
    addressed to them (T09 is addressed to the head).
    """
    with session_scope(url) as s:
        run = _run(s, year)
        query = (
            select(RuleFiring, Recommendation)
            .join(Recommendation, col(RuleFiring.recommendation_id) == col(Recommendation.id))
            .where(col(RuleFiring.run_id) == run.id)
            .order_by(col(Recommendation.id))
        )
        if rule:
            query = query.where(col(RuleFiring.rule_id) == rule.upper())
        if teacher and not org:
            t = s.get(Teacher, teacher)
            org = t.org_code if t else None
            if t is None:
                query = query.where(col(RuleFiring.addressee_code) == teacher)
        if org:
            query = query.where(col(RuleFiring.org_code) == org)
        rows = [_firing_row(f, r, run) for f, r in s.exec(query).all()]
    if teacher:
        rows = [r for r in rows if teacher in (r["addressee_code"], r["teacher_code"])]
    return rows


def _firing_row(f: RuleFiring, r: Recommendation, run: CycleRun) -> dict[str, Any]:
    matched = f.facts.get("matched", {})
    teacher = matched.get("teacher", {}) if isinstance(matched, dict) else {}
    return {
        "firing_id": f.id,
        "recommendation_id": r.id,
        "run_id": run.id,
        "year": run.year,
        "rule_id": f.rule_id,
        "rule_name": f.facts.get("rule", ""),
        "title": r.title,
        "org_code": f.org_code,
        "addressee_type": r.addressee_type,
        "addressee_code": f.addressee_code,
        "teacher_code": teacher.get("code"),
        "priority": r.priority,
        "status": r.status,
        "rulebase_version": f.rulebase_version,
        "facts": matched,
    }


# ---- the rules that did not fire ----

#: rules that are about one school (the centre's M01 names a school; M02–M06 are municipal)
PER_SCHOOL = (*(m.id for m in CATALOGUE.values() if m.family != "centre"), "M01")


def silent_rules(url: str | None, *, org: str, year: int | None = None) -> list[dict[str, Any]]:
    """The catalogue rules that did NOT fire for `org` in the latest run, with why.

    "Why" is the first of the rule's catalogue conditions that no fact meets,
    over the facts the engine saw (the snapshot on the run's cycle date, the
    monitoring indicators and the plan of the same year).
    """
    with session_scope(url) as s:
        run = _run(s, year)
        fired_rows = s.exec(
            select(Recommendation.rule_id, Recommendation.evidence).where(
                col(Recommendation.run_id) == run.id,
                (col(Recommendation.org_code) == org) | col(Recommendation.org_code).is_(None),
            )
        ).all()
        fired = {rule_id for rule_id, ev in fired_rows if not rule_id.startswith("M")}
        fired |= {
            rule_id
            for rule_id, ev in fired_rows
            if rule_id == "M01" and (ev or {}).get("school", {}).get("code") == org
        }
        reasons = _why(s, org=org, year=run.year, as_of=run.as_of)
    return [
        {
            "rule_id": rule_id,
            "title": CATALOGUE[rule_id].title,
            "family": CATALOGUE[rule_id].family,
            "why": reasons.get(rule_id, ""),
        }
        for rule_id in PER_SCHOOL
        if rule_id not in fired
    ]


def _why(session: Session, *, org: str, year: int, as_of: date) -> dict[str, str]:
    """Rule id -> a Russian sentence on which of its conditions does not hold for `org`."""
    from metodist.analysis.mentors import match_mentors
    from metodist.stages.outputs import profiles
    from metodist.stages.recommendations import (
        PrerequisiteMissing,
        load_indicators,
        load_plan,
        prerequisite_run,
    )
    from rules.adapter import org_facts

    th = thresholds()
    try:
        monitoring = prerequisite_run(session, year=year, stage="monitoring")
        planning = prerequisite_run(session, year=year, stage="planning")
    except PrerequisiteMissing:
        return {}
    assert monitoring.id is not None and planning.id is not None
    found = profiles(session, [org], as_of=as_of)
    indicators = load_indicators(session, run_id=monitoring.id, org_codes=[org])
    if not found or org not in indicators:
        return {}
    profile = found[0]
    plan = load_plan(session, run_id=planning.id, org_codes=[org])
    facts = org_facts(
        profile,
        indicators=indicators[org],
        placements=plan.placements.get(org, ()),
        unplaced=plan.unplaced.get(org, ()),
        mentors=match_mentors(profile, as_of=as_of, th=th),
        as_of=as_of,
        th=th,
        course_areas=plan.course_areas,
    )
    return _explain_silence(facts, th)


def _explain_silence(facts: Sequence[Any], th: Thresholds) -> dict[str, str]:
    """Rule id -> the first of its catalogue conditions that none of the school's facts meets."""
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for f in facts:
        by_kind.setdefault(type(f).__name__, []).append(dict(f))
    # M01 reads the school's summary, which carries the same fields as the school's OrgFact
    by_kind.setdefault("SchoolFact", by_kind.get("OrgFact", []))
    reasons = {}
    for rule_id in PER_SCHOOL:
        unmet = first_unmet(CATALOGUE[rule_id].when, by_kind, th)
        reasons[rule_id] = _unmet_text(unmet, th) if unmet else ""
    return reasons


#: what the facts of a kind are, for «ни для одного ...»
_OF_KIND = {
    "TeacherFact": "педагога",
    "DeficitFact": "результата диагностики",
    "UnplacedFact": "неразмещённого запроса",
}


def _unmet_text(unmet: Unmet, th: Thresholds) -> str:
    clause = unmet.condition.text(th)
    if unmet.condition.fact not in _OF_KIND:  # one fact per school: say its value
        value = unmet.value
        if unmet.condition.field == "group":
            value = GROUP.get(value, value)
        return f"не выполнено: {clause} (у организации: {_shown(value)})"
    whom = _OF_KIND[unmet.condition.fact]
    text = f"ни для одного {whom} не выполнено: {clause}"
    if unmet.passed_before < unmet.facts:
        text += f" (предыдущим условиям отвечают {unmet.passed_before} из {unmet.facts})"
    return text


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float):
        return percent_plain(value)
    if isinstance(value, tuple | list):
        return str(len(value))
    return str(value)


# ---- one recommendation, explained ----


def explain(url: str | None, rec_id: int) -> dict[str, Any]:
    """Why recommendation `rec_id` was made: the rule (title, conditions, source), the matched
    facts, the recommendation itself and its review history, carried across re-runs.

    A recommendation a re-run did not make again is gone, but its history is
    not: then `recommendation` is None and `dropped_by_run` names that run.
    """
    with session_scope(url) as s:
        rec = s.get(Recommendation, rec_id)
        if rec is None:
            return _explain_dropped(s, rec_id)
        run = s.get(CycleRun, rec.run_id)
        firing = s.exec(select(RuleFiring).where(RuleFiring.recommendation_id == rec_id)).first()
        reviews = s.exec(
            select(ReviewEvent)
            .where(ReviewEvent.recommendation_id == rec_id)
            .order_by(col(ReviewEvent.at), col(ReviewEvent.id))
        ).all()
        meta = CATALOGUE.get(rec.rule_id)
        return {
            "recommendation": export_row(rec),
            "rule": _rule_row(meta, thresholds()) if meta else {"id": rec.rule_id},
            "firing": {
                "id": firing.id if firing else None,
                "rule_name": firing.facts.get("rule", "") if firing else "",
                "rulebase_version": firing.rulebase_version if firing else None,
                "facts": firing.facts.get("matched", rec.evidence) if firing else rec.evidence,
                "params": firing.facts.get("params", {}) if firing else {},
            },
            "run": {
                "id": rec.run_id,
                "year": run.year if run else rec.year,
                "as_of": run.as_of.isoformat() if run else None,
                "status": run.status if run else None,
                "rulebase_version": run.rulebase_version if run else None,
            },
            "reviews": [_review_row(e) for e in reviews],
            "dropped_by_run": None,
        }


def _explain_dropped(session: Session, rec_id: int) -> dict[str, Any]:
    events = session.exec(
        select(ReviewEvent)
        .where(col(ReviewEvent.origin_id) == rec_id, col(ReviewEvent.recommendation_id).is_(None))
        .order_by(col(ReviewEvent.at), col(ReviewEvent.id))
    ).all()
    if not events:
        raise NoRecommendations(f"recommendation {rec_id} does not exist")
    first, last = events[0], events[-1]
    return {
        "recommendation": None,
        "rule": {"id": first.rule_id},
        "firing": None,
        "run": {"id": first.run_id, "year": first.year},
        "addressee_code": first.addressee_code,
        "reviews": [_review_row(e) for e in events],
        "dropped_by_run": last.run_id if last.status == DROPPED else None,
    }


def _review_row(e: ReviewEvent) -> dict[str, Any]:
    return {
        "status": e.status,
        "reviewer": e.reviewer,
        "comment": e.comment,
        "at": e.at.isoformat() if e.at else None,
        "run": e.run_id,
    }


# ---- the export (docs/contract.md) ----


def export_row(rec: Recommendation) -> dict[str, Any]:
    return {
        "id": rec.id,
        "rule_id": rec.rule_id,
        "addressee_type": rec.addressee_type,
        "addressee_code": rec.addressee_code,
        "org_code": rec.org_code,
        "priority": rec.priority,
        "title": rec.title,
        "text": rec.text,
        "evidence": rec.evidence,
        "status": rec.status,
        "run_id": rec.run_id,
    }


def recommendation_rows(url: str | None, *, year: int | None = None) -> list[dict[str, Any]]:
    """The latest completed run's recommendations as export rows, by id."""
    with session_scope(url) as s:
        run = _run(s, year)
        recs = s.exec(
            select(Recommendation)
            .where(col(Recommendation.run_id) == run.id)
            .order_by(col(Recommendation.id))
        ).all()
        return [export_row(r) for r in recs]


def export_recommendations(
    url: str | None,
    *,
    fmt: Literal["json", "csv"] | str,
    out: Path | None = None,
    year: int | None = None,
) -> int:
    """Write the latest run's recommendations as JSON or CSV to `out` (default: stdout).

    JSON: a list of objects, `org_code` null for the centre. CSV: the same
    columns, a header row, `org_code` empty for the centre and `evidence` as
    JSON text, a cell that would be a formula after an apostrophe (docs/contract.md). `out` is
    written atomically. Returns the number of recommendations.
    """
    if fmt not in ("json", "csv"):
        raise ValueError(f"format must be json or csv, not {fmt!r}")
    rows = recommendation_rows(url, year=year)
    text = _as_json(rows) if fmt == "json" else _as_csv(rows)
    write_export(out, text)
    return len(rows)


def _as_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def _as_csv(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    # RFC 4180's CRLF: the csv module then quotes a cell holding a CR or an LF of its own
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        cells = row | {
            "org_code": row["org_code"] or "",
            "evidence": json.dumps(row["evidence"], ensure_ascii=False, sort_keys=True),
        }
        writer.writerow({k: not_a_formula(v) for k, v in cells.items()})
    return buffer.getvalue()
