"""A teacher's individual route (ИОМ): the plan's courses and the teacher's recommendations.

Every recommendation addressed to the teacher that was not rejected becomes
one line of the route, or is carried by the course line it names (T01, T03
with a seat), so nothing approved is lost between the database and the page.
Evidence only links a recommendation to its course or area; it is never printed.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from metodist.documents import context as c
from metodist.documents.views.common import rule_meta
from models.labels import FORMAT, PRIORITY_ORDER
from models.payloads import Seat

#: the line a teacher rule becomes (T01/T03 with a seat become the course line instead)
ROUTE_KIND: dict[str, c.RouteKind] = {
    "T01": "unmet",
    "T02": "support",
    "T03": "unmet",
    "T04": "mentoring",
    "T05": "attestation",
    "T06": "attestation",
    "T07": "attestation",
    "T08": "experience",
    "T10": "competition",
    "T11": "competition",
    "T12": "competition",
    "T13": "unmet",
    "T14": "attestation",
    "T15": "attestation",
}
#: rules that place the teacher on a course of the plan
COURSE_RULES = ("T01", "T03")
#: within a priority, the route reads as the ИОМ is planned: courses first, open needs last
KIND_ORDER: dict[str, int] = {
    kind: i
    for i, kind in enumerate(
        ("course", "mentoring", "attestation", "support", "experience", "competition", "unmet")
    )
}
#: the priority of a course the teacher requested (no rule placed it)
REQUESTED_PRIORITY = "normal"


@dataclass(frozen=True)
class TeacherRec:
    """A non-rejected recommendation addressed to one teacher, as the adapter reads it."""

    rule_id: str
    title: str
    text: str
    priority: str
    evidence: Mapping[str, Any]


def personal_text(text: str, full_name: str) -> str:
    """The recommendation's text for the teacher's own page: no leading name, no basis.

    «Иванова А. П. (стаж менее 3 лет): закрепить …» -> «Стаж менее 3 лет: закрепить …».
    """
    basis = text.rfind(" Основание: ")
    if basis > 0:
        text = text[:basis]
    if full_name and text.startswith(full_name):
        rest = text[len(full_name) :]
        if rest.startswith(": "):
            text = rest[2:]
        elif rest.startswith(" (") and "): " in rest:
            close = rest.index("): ")
            text = f"{rest[2:close]}: {rest[close + 3 :]}"
    return text[:1].upper() + text[1:]


#: why the plan gave the seat (`PlanEntry.reason`), for a course line
PLACEMENT_REASON = {
    "critical_deficit": "по критическому дефициту",
    "pd_overdue": "обязательное повышение квалификации",
    "request": "по заявке педагога",
}


def _course_detail(placement: Seat) -> str:
    """«по заявке педагога; ИРО, дистанционно»."""
    fmt = FORMAT.get(placement.format or "", "")
    where = ", ".join(p for p in (placement.provider or "", fmt) if p)
    why = PLACEMENT_REASON.get(placement.reason or "", "")
    return "; ".join(p for p in (why, where) if p)


def _area(rec: TeacherRec) -> str | None:
    for key in ("deficit", "unplaced", "placement"):
        part = rec.evidence.get(key)
        if isinstance(part, Mapping) and part.get("area"):
            return str(part["area"])
    return None


def _placed_course(rec: TeacherRec) -> str | None:
    part = rec.evidence.get("placement")
    if isinstance(part, Mapping) and part.get("course_code"):
        return str(part["course_code"])
    return None


def _rank(priority: str, item: c.RouteItem) -> tuple[Any, ...]:
    return (
        PRIORITY_ORDER.get(priority, 9),
        KIND_ORDER.get(item.kind, 9),
        item.quarter or 9,
        item.rule_id or "",
        item.area or "",
        item.title,
    )


def build_route(
    *,
    full_name: str,
    placements: Sequence[Seat],
    recs: Sequence[TeacherRec],
    plan_year: int,
) -> tuple[c.RouteItem, ...]:
    """The route: courses of the plan and one line per other recommendation, by priority.

    `placements` are the teacher's seats from the plan's `plan_by_org`; `recs`
    the teacher's non-rejected recommendations (T09 never reaches here: it is
    addressed to the head).
    """
    by_course: dict[str, list[TeacherRec]] = {}
    others: list[TeacherRec] = []
    seats = {p.course_code for p in placements}
    for rec in recs:
        course = _placed_course(rec) if rec.rule_id in COURSE_RULES else None
        if course is not None:
            by_course.setdefault(course, []).append(rec)
        else:
            others.append(rec)

    ranked: list[tuple[tuple[Any, ...], c.RouteItem]] = []
    for p in placements:
        linked = by_course.get(p.course_code, [])
        rules = sorted({r.rule_id for r in linked})
        priority = min(
            (r.priority for r in linked), key=lambda x: PRIORITY_ORDER.get(x, 9), default=None
        )
        item = c.RouteItem(
            kind="course",
            title=p.course_title or p.course_code,
            quarter=p.quarter,
            year=plan_year,
            hours=p.hours,
            area=p.area,
            detail=_course_detail(p),
            rule_id=", ".join(rules) or None,
        )
        ranked.append((_rank(priority or REQUESTED_PRIORITY, item), item))
    # a recommendation naming a course the plan no longer holds still reaches the page
    for code, linked in by_course.items():
        if code not in seats:
            others.extend(linked)

    for rec in others:
        meta = rule_meta(rec.rule_id)
        quarter = meta.due_quarter if meta else None
        year = plan_year if quarter else None
        dated = _deadline(rec)
        if dated is not None:  # T05 / T03: the quarter of the date the text sets, never later
            quarter, year = (dated.month - 1) // 3 + 1, dated.year
        item = c.RouteItem(
            kind=ROUTE_KIND.get(rec.rule_id, "support"),
            title=rec.title,
            quarter=quarter,
            year=year,
            area=_area(rec),
            detail=personal_text(rec.text, full_name),
            rule_id=rec.rule_id,
        )
        ranked.append((_rank(rec.priority, item), item))
    return tuple(item for _, item in sorted(ranked, key=lambda pair: pair[0]))


def _deadline(rec: TeacherRec) -> date | None:
    """The dated deadline a recommendation's text sets (T05: apply by; T03: before the PD
    period runs out), from its evidence; None for the plan year's quarter."""
    teacher = rec.evidence.get("teacher") or {}
    for key in ("apply_deadline", "pd_deadline"):
        if teacher.get(key):
            return date.fromisoformat(teacher[key])
    return None
