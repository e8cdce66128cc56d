"""A teacher's individual route (ИОМ): the plan's courses and the teacher's recommendations.

Every recommendation addressed to the teacher that was not rejected becomes
one step of the route, or is carried by the course step it names (T01, T03
with a seat), so nothing approved is lost between the database and the page.
A step says what, by when and with whom, once; the rule's full wording is
printed once per packet (`metodist.documents.steps`). Evidence only gives a
step its particulars (areas, a course, a date, the mentor); it is never printed.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from metodist.documents import context as c
from metodist.documents.basis import packet_basis
from metodist.documents.filters import area as area_name
from metodist.documents.steps import step_kind
from metodist.documents.views.common import rule_meta
from models.labels import FORMAT, PRIORITY_ORDER
from models.payloads import Seat
from models.russian import date_short
from models.vocabulary import Vocabulary, vocabulary
from rules.catalogue import CATALOGUE

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


#: why the plan gave the seat (`PlanEntry.reason`), for a course line
PLACEMENT_REASON = {
    "critical_deficit": "по критическому дефициту",
    "pd_overdue": "обязательное повышение квалификации",
    "request": "по заявке педагога",
}


def _course_partner(placement: Seat) -> str:
    """«ИРО, дистанционно»."""
    fmt = FORMAT.get(placement.format or "", "")
    return ", ".join(p for p in (placement.provider or "", fmt) if p)


def _areas(rec: TeacherRec) -> list[str]:
    """The competence areas a recommendation concerns (one, or T02's several)."""
    found: list[str] = []
    for key in ("deficit", "unplaced", "placement"):
        part = rec.evidence.get(key)
        if isinstance(part, Mapping) and part.get("area"):
            found.append(str(part["area"]))
    for key in ("areas", "deficits"):
        many = rec.evidence.get(key)
        if isinstance(many, list | tuple):
            for one in many:
                area = one.get("area") if isinstance(one, Mapping) else one
                if area:
                    found.append(str(area))
    return list(dict.fromkeys(found))


def _area(rec: TeacherRec) -> str | None:
    areas = _areas(rec)
    return areas[0] if areas else None


def _particulars(rec: TeacherRec, *, seatless: bool = False) -> str:
    """What only this teacher's step says: no seat, the areas, the course asked for, a date."""
    parts = ["места в плане нет"] if seatless else []
    areas = _areas(rec)
    if areas and rec.rule_id not in ("T13",):
        parts.append(", ".join(_area_name(a) for a in areas))
    need = rec.evidence.get("unplaced")
    if isinstance(need, Mapping) and need.get("topic"):
        parts.append(f"«{need['topic']}»")
    teacher = rec.evidence.get("teacher")
    if isinstance(teacher, Mapping) and teacher.get("category_expiry"):
        expiry = _iso_date(str(teacher["category_expiry"]))
        if expiry:
            parts.append(f"категория действует до {expiry}")
    return "; ".join(parts)


def _area_name(key: str) -> str:
    try:
        return area_name(key)
    except KeyError:
        return key


def _iso_date(text: str) -> str:
    try:
        return date_short(date.fromisoformat(text[:10]))
    except ValueError:
        return ""


def _mentor(rec: TeacherRec) -> str:
    """T04: the proposed mentor, or that the centre looks for one from outside."""
    match = rec.evidence.get("mentor")
    if isinstance(match, Mapping) and match.get("mentor_name"):
        return f"наставник — {match['mentor_name']}"
    return "наставника из другой организации подбирает методический центр"


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
    vocab: Vocabulary | None = None,
) -> tuple[c.RouteItem, ...]:
    """The route: courses of the plan and one step per other recommendation, by priority.

    `placements` are the teacher's seats from the plan's `plan_by_org`; `recs`
    the teacher's non-rejected recommendations (T09 never reaches here: it is
    addressed to the head). Several T02 items (one per area, as rules before
    DOMAIN v2 wrote them) make one step naming every area.
    """
    vocab = vocab or vocabulary(None)
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
            detail=PLACEMENT_REASON.get(p.reason or "", ""),
            rule_id=", ".join(rules) or None,
            partner=_course_partner(p),
        )
        ranked.append((_rank(priority or REQUESTED_PRIORITY, item), item))
    # a recommendation naming a course the plan no longer holds still reaches the page
    for code, linked in by_course.items():
        if code not in seats:
            others.extend(linked)

    for rec in _merge_support(others):
        meta = rule_meta(rec.rule_id)
        quarter = meta.due_quarter if meta else None
        year = plan_year if quarter else None
        dated = _deadline(rec)
        if dated is not None:  # T05 / T03: the quarter of the date the text sets, never later
            quarter, year = (dated.month - 1) // 3 + 1, dated.year
        kind = step_kind(rec.rule_id, vocab, rec.title)
        item = c.RouteItem(
            kind=ROUTE_KIND.get(rec.rule_id, "support"),
            title=kind.label,
            quarter=quarter,
            year=year,
            area=_area(rec),
            detail=_particulars(rec, seatless=rec.rule_id in COURSE_RULES),
            rule_id=rec.rule_id,
            # a kind's usual partner is said once, with its meaning; only a named one here
            partner=_mentor(rec) if rec.rule_id == "T04" else "",
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


def _merge_support(recs: Sequence[TeacherRec]) -> list[TeacherRec]:
    """One T02 per teacher: the areas of several T02 items gathered into the first one."""
    support = [r for r in recs if r.rule_id == "T02"]
    if len(support) < 2:
        return list(recs)
    areas = list(dict.fromkeys(a for r in support for a in _areas(r)))
    first = support[0]
    merged = TeacherRec(
        first.rule_id,
        first.title,
        first.text,
        min((r.priority for r in support), key=lambda x: PRIORITY_ORDER.get(x, 9)),
        {"teacher": first.evidence.get("teacher"), "areas": areas},
    )
    return [r for r in recs if r.rule_id != "T02"] + [merged]


def step_meanings(
    sections: Sequence[c.TeacherSection], vocab: Vocabulary
) -> tuple[c.StepMeaning, ...]:
    """Each rule behind a step of these routes, explained once, in catalogue order."""
    counts: dict[str, int] = {}
    for t in sections:
        for item in t.route:
            for rule_id in (item.rule_id or "").split(", "):
                if rule_id:
                    counts[rule_id] = counts.get(rule_id, 0) + 1
    meanings = []
    for rule_id in sorted(counts, key=_catalogue_order):
        meta = rule_meta(rule_id)
        kind = step_kind(rule_id, vocab, meta.title if meta else rule_id)
        if not kind.meaning:
            kind = replace(kind, meaning=meta.recommends if meta else "")
        meaning = f"{kind.meaning} С кем: {kind.partner}." if kind.partner else kind.meaning
        meanings.append(
            # the municipal programme is named once above the list; here the federal acts
            c.StepMeaning(rule_id, kind.label, meaning, packet_basis(meta, ""), counts[rule_id])
        )
    return tuple(meanings)


def _catalogue_order(rule_id: str) -> tuple[int, str]:
    order = {rid: i for i, rid in enumerate(CATALOGUE)}
    return (order.get(rule_id, len(order)), rule_id)
