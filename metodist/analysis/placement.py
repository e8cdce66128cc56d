"""Placing teachers on catalogue courses: next year's PD plan (rules T01, T03, T13, M06).

Seed 003 forms the plan in Q4 from the requests; seed 004 personalises it from
the diagnostics; 273-ФЗ art. 47 p. 5 gives every teacher a course of ≥16 h once
in three years. One municipal pass, since the catalogue's seats are shared by
all schools; the order and choice of seats are described at `place_needs`.
"""

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from metodist.analysis.seats import CatalogueItem, SeatPool
from models.positions import canonical_position, fold_position
from models.profile import OrgProfile, Request, TeacherProfile
from rules import status
from rules.thresholds import Thresholds

__all__ = [
    "CAUSES",
    "REASONS",
    "CatalogueItem",
    "Covered",
    "Placement",
    "PlanResult",
    "TeacherNeeds",
    "Unplaced",
    "collect_needs",
    "place_courses",
    "place_needs",
    "teacher_needs",
]

REASONS = ("critical_deficit", "pd_overdue", "request")
#: why a need is unplaced: no course in the catalogue for the area, the teacher's kind of
#: organization and position; there were such courses but their seats are taken (or the
#: teacher is on them already); the teacher already has the maximum number of courses
CAUSES = ("no_course", "no_seats", "course_limit")


@dataclass(frozen=True)
class Placement:
    """One teacher on one course. `area` is the need's area (None: any ≥16 h course)."""

    teacher_code: str
    org_code: str
    course_code: str
    course_title: str
    area: str | None
    quarter: int
    hours: int
    reason: str


@dataclass(frozen=True)
class Unplaced:
    """A need the plan could not meet; `cause` is one of `CAUSES` (an addition to the shape)."""

    teacher_code: str
    org_code: str
    area: str | None
    reason: str
    topic: str
    cause: str = ""


@dataclass(frozen=True)
class Covered:
    """A need met by a course placed for another need of the same teacher."""

    teacher_code: str
    org_code: str
    area: str | None
    reason: str
    topic: str
    course_code: str


@dataclass(frozen=True)
class PlanResult:
    """The plan. `demand_by_area`: teachers needing a seat in the area (a critical deficit
    or a cycle request there, each teacher once per area). `capacity_by_area`: seats of
    the courses covering the area — a course of several areas counts fully in each, so
    the areas' sum can exceed the catalogue's seats. Both hold the union of their keys."""

    placements: tuple[Placement, ...]
    unplaced: tuple[Unplaced, ...]
    demand_by_area: dict[str, int]
    capacity_by_area: dict[str, int]
    covered: tuple[Covered, ...] = ()


@dataclass(frozen=True)
class RequestNeed:
    area: str
    topic: str
    format: str | None
    submitted: date | None = None


@dataclass(frozen=True)
class TeacherNeeds:
    """What the plan must do for one teacher: the compact, picklable input of `place_needs`.

    `kind` and `position` (folded) choose the courses the teacher may take; `low_group`
    (the organization is in the low effectiveness group) serves the teacher earlier.
    """

    teacher_code: str
    org_code: str
    critical: tuple[str, ...] = ()
    pd_overdue: bool = False
    #: areas an overdue course should cover, best first
    preferred: tuple[str, ...] = ()
    requests: tuple[RequestNeed, ...] = field(default=())
    kind: str = ""
    position: str = ""
    low_group: bool = False


def is_cycle_request(r: Request, as_of: date) -> bool:
    """A request of the cycle: submitted in the cycle date's year, not after the cycle date
    (seed 003 collects requests in Q1–Q2 of the cycle year); an undated request counts."""
    return r.submitted is None or (r.submitted.year == as_of.year and r.submitted <= as_of)


def _folded_position(t: TeacherProfile) -> str:
    return fold_position(canonical_position(t.position) or t.position or "")


def teacher_needs(
    t: TeacherProfile, *, as_of: date, th: Thresholds, kind: str = "", low_group: bool = False
) -> TeacherNeeds | None:
    """The teacher's needs, or None when there are none (an absent teacher has none: the
    plan places nobody who is away; the deficits stay on the map for the return)."""
    if status.is_absent(t, as_of):
        return None
    levels = {a: status.deficit_level(s, th) for a, s in t.scores.items()}
    critical = tuple(sorted(a for a, lv in levels.items() if lv == "critical"))
    overdue = status.pd_due(t, as_of, th)
    requests = tuple(
        RequestNeed(r.area, r.topic, r.format, r.submitted)
        for r in t.requests
        if is_cycle_request(r, as_of)
    )
    if not (critical or overdue or requests):
        return None
    preferred: list[str] = []
    if overdue:
        moderate = sorted((t.scores[a], a) for a, lv in levels.items() if lv == "moderate")
        for area in [a for _, a in moderate] + [r.area for r in requests]:
            if area not in preferred:
                preferred.append(area)
    return TeacherNeeds(
        t.code,
        t.org_code,
        critical,
        overdue,
        tuple(preferred),
        requests,
        kind=kind,
        position=_folded_position(t),
        low_group=low_group,
    )


def collect_needs(
    orgs: Iterable[OrgProfile],
    *,
    as_of: date,
    th: Thresholds,
    groups: Mapping[str, str] | None = None,
) -> list[TeacherNeeds]:
    """Every teacher's needs; `groups` maps an organization to its effectiveness group."""
    groups = groups or {}
    return [
        n
        for org in orgs
        for t in org.teachers
        if (
            n := teacher_needs(
                t, as_of=as_of, th=th, kind=org.kind, low_group=groups.get(org.code) == "low"
            )
        )
        is not None
    ]


def place_courses(
    orgs: Sequence[OrgProfile],
    catalogue: Sequence[CatalogueItem],
    *,
    as_of: date,
    th: Thresholds,
) -> PlanResult:
    """Next year's plan for every teacher of `orgs` over the shared `catalogue` seats."""
    return place_needs(collect_needs(orgs, as_of=as_of, th=th), catalogue, th=th)


@dataclass
class _Teacher:
    """What the plan has given one teacher so far."""

    courses: list[CatalogueItem] = field(default_factory=list)
    codes: set[str] = field(default_factory=set)
    areas: set[str] = field(default_factory=set)

    def add(self, course: CatalogueItem) -> None:
        self.courses.append(course)
        self.codes.add(course.code)
        self.areas.update(course.areas)


class _Planner:
    """One pass over the needs in priority order; collects the three outcomes."""

    def __init__(self, catalogue: Sequence[CatalogueItem], th: Thresholds) -> None:
        self.min_hours = th.pd.min_course_hours
        self.limit = th.planning.max_courses_per_teacher
        self.pool = SeatPool(catalogue, self.min_hours)
        self.state: dict[str, _Teacher] = defaultdict(_Teacher)
        self.placements: list[Placement] = []
        self.unplaced: list[Unplaced] = []
        self.covered: list[Covered] = []
        self._exists: dict[tuple[str | None, bool, str, str], bool] = {}

    def _cause(self, n: TeacherNeeds, area: str | None, long_only: bool) -> str:
        if len(self.state[n.teacher_code].courses) >= self.limit:
            return "course_limit"
        key = (area, long_only, n.kind, n.position)
        if key not in self._exists:
            self._exists[key] = self.pool.exists(*key)
        return "no_seats" if self._exists[key] else "no_course"

    def _take(
        self, n: TeacherNeeds, *tries: tuple[str | None, bool, str | None]
    ) -> CatalogueItem | None:
        mine = self.state[n.teacher_code]
        if len(mine.courses) >= self.limit:
            return None
        for area, long_only, fmt in tries:
            course = self.pool.take((area, long_only, fmt, n.kind, n.position), mine.codes)
            if course:
                return course
        return None

    def _place(self, n: TeacherNeeds, course: CatalogueItem, area: str | None, reason: str) -> None:
        self.state[n.teacher_code].add(course)
        self.placements.append(
            Placement(
                n.teacher_code,
                n.org_code,
                course.code,
                course.title,
                area,
                course.quarter,
                course.hours,
                reason,
            )
        )

    def critical(self, n: TeacherNeeds, area: str) -> None:
        """T01: a course covering the area; a ≥16 h one first if PD is overdue too (T03)."""
        mine = self.state[n.teacher_code]
        if area in mine.areas:  # a course placed for another deficit covers this one too
            code = next(c.code for c in mine.courses if area in c.areas)
            self.covered.append(
                Covered(n.teacher_code, n.org_code, area, "critical_deficit", "", code)
            )
            return
        tries = [(area, True, None)] if n.pd_overdue else []
        course = self._take(n, *tries, (area, False, None))
        if course:
            self._place(n, course, area, "critical_deficit")
        else:
            cause = self._cause(n, area, False)
            self.unplaced.append(
                Unplaced(n.teacher_code, n.org_code, area, "critical_deficit", "", cause)
            )

    def overdue(self, n: TeacherNeeds) -> None:
        """T03 (273-ФЗ art. 47 p. 5): any ≥16 h course, in a preferred area if possible."""
        mine = self.state[n.teacher_code]
        done = next((c for c in mine.courses if c.hours >= self.min_hours), None)
        if done:
            self.covered.append(
                Covered(n.teacher_code, n.org_code, None, "pd_overdue", "", done.code)
            )
            return
        for area in n.preferred:
            course = self._take(n, (area, True, None))
            if course:
                self._place(n, course, area, "pd_overdue")
                return
        course = self._take(n, (None, True, None))
        if course:
            self._place(n, course, None, "pd_overdue")
            return
        wanted = n.preferred[0] if n.preferred else None
        cause = self._cause(n, None, True)
        self.unplaced.append(Unplaced(n.teacher_code, n.org_code, wanted, "pd_overdue", "", cause))

    def request(self, n: TeacherNeeds, r: RequestNeed) -> None:
        """Seed 003's requests database: a course in the requested area (T13 if none)."""
        mine = self.state[n.teacher_code]
        if r.area in mine.areas:
            code = next(c.code for c in mine.courses if r.area in c.areas)
            self.covered.append(
                Covered(n.teacher_code, n.org_code, r.area, "request", r.topic, code)
            )
            return
        tries = [(r.area, False, r.format)] if r.format else []
        course = self._take(n, *tries, (r.area, False, None))
        if course:
            self._place(n, course, r.area, "request")
        else:
            cause = self._cause(n, r.area, False)
            self.unplaced.append(
                Unplaced(n.teacher_code, n.org_code, r.area, "request", r.topic, cause)
            )


def _lot(teacher_code: str) -> str:
    """A fixed pseudo-random order among equals: codes often begin with the school's, and
    the school code must never decide who gets a seat."""
    return hashlib.blake2b(teacher_code.encode(), digest_size=8).hexdigest()


def _ordered(
    needs: Sequence[TeacherNeeds],
) -> Iterable[tuple[TeacherNeeds, str | None, RequestNeed | None]]:
    """The needs one by one in service order, as (teacher, critical area, request): every
    critical deficit, then every course due (PD running out), then every request; inside a
    tier the low effectiveness group first, then (requests) the earlier submission,
    undated last, then a fixed lot."""

    def order(n: TeacherNeeds, submitted: date = date.max) -> tuple[bool, date, str]:
        return (not n.low_group, submitted, _lot(n.teacher_code))

    for n in sorted((n for n in needs if n.critical), key=order):
        for area in n.critical:
            yield n, area, None
    for n in sorted((n for n in needs if n.pd_overdue), key=order):
        yield n, None, None
    requests = [(n, i, r) for n in needs for i, r in enumerate(n.requests)]
    requests.sort(key=lambda x: (*order(x[0], x[2].submitted or date.max), x[2].area, x[1]))
    for n, _, r in requests:
        yield n, None, r


def place_needs(
    needs: Sequence[TeacherNeeds], catalogue: Sequence[CatalogueItem], *, th: Thresholds
) -> PlanResult:
    """Serve `needs` in priority order over the catalogue's seats.

    Needs of one teacher, in the order they are served:

    1. `critical_deficit` — each area with a critical deficit → a course covering it;
    2. `pd_overdue` — a course due (`status.pd_due`: none in 3 years, or the period runs
       out before the plan year ends; not for newcomers) → any
       course of ≥16 h, preferring an area of a moderate deficit (worst first), then
       of a request; met already if step 1 placed the teacher on a ≥16 h course;
    3. `request` — each request of the cycle year → a course covering its area.

    A need whose area a course already placed for the teacher covers is met by it
    (a course may cover several areas).

    Critical deficits of every teacher come first, then every due course, then every
    request; inside a tier the organizations of the low effectiveness group first, then
    the earlier request, then a fixed lot (`_lot`) — never the school code. A need met by
    another need's placement is `Covered`; one that cannot be placed is `Unplaced` with
    its cause (`CAUSES`). Every need ends in exactly one of `placements`, `covered`,
    `unplaced`. Only courses whose `levels` include the teacher's kind of organization and
    whose `positions` include the teacher's position (empty: all) are considered.

    Course choice, among courses covering the area with a seat left that the
    teacher is not already on: a requested format first (requests only), then the
    earliest quarter — a deficit or an overdue course is met as soon as possible,
    and later courses take the overflow — then the narrower course (fewer areas,
    more focused on the need), then the code. A teacher who must still catch up on
    PD takes a ≥16 h course for a critical deficit when one has seats, so one course
    settles both. At most `[planning] max_courses_per_teacher` courses per teacher.

    Cost: courses are indexed by (area, ≥16 h only, format), each index skipping
    full courses with a path-compressed "next free" pointer, so a need costs near
    O(1) whatever the catalogue's size.
    """
    planner = _Planner(catalogue, th)
    for n, area, r in _ordered(needs):
        if area is not None:
            planner.critical(n, area)
        elif r is not None:
            planner.request(n, r)
        else:
            planner.overdue(n)

    demand = _demand_by_area(needs)
    capacity: dict[str, int] = defaultdict(int)
    for c in catalogue:
        for a in dict.fromkeys(c.areas):
            capacity[a] += max(c.capacity, 0)
    keys = sorted(set(demand) | set(capacity))
    return PlanResult(
        placements=tuple(planner.placements),
        unplaced=tuple(planner.unplaced),
        demand_by_area={k: demand.get(k, 0) for k in keys},
        capacity_by_area={k: capacity.get(k, 0) for k in keys},
        covered=tuple(planner.covered),
    )


def _demand_by_area(needs: Iterable[TeacherNeeds]) -> dict[str, int]:
    demand: dict[str, int] = defaultdict(int)
    for n in needs:
        for area in set(n.critical) | {r.area for r in n.requests}:
            demand[area] += 1
    return dict(demand)
