"""Placing teachers on catalogue courses: next year's PD plan (rules T01, T03, T13, M06).

Seed 003 forms the plan in Q4 from the requests; seed 004 personalises it from
the diagnostics; 273-ФЗ art. 47 p. 5 gives every teacher a course of ≥16 h once
in three years. One municipal pass, since the catalogue's seats are shared by
all schools; the order and choice of seats are described at `place_needs`.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from models.profile import OrgProfile, Request, TeacherProfile
from rules import status
from rules.thresholds import Thresholds

REASONS = ("critical_deficit", "pd_overdue", "request")
#: why a need is unplaced: no course in the catalogue could meet it at all; there were
#: such courses but their seats are taken (or the teacher is on them already); the
#: teacher already has the maximum number of courses for the year
CAUSES = ("no_course", "no_seats", "teacher_limit")


@dataclass(frozen=True)
class CatalogueItem:
    """A catalogue course (docs/contract.md `courses.csv`): `capacity` seats in the plan year."""

    code: str
    title: str
    areas: tuple[str, ...]
    hours: int
    provider: str
    format: str | None
    capacity: int
    quarter: int
    #: organization kinds the course is for; empty = every kind
    levels: tuple[str, ...] = ()
    #: positions (`models.positions.POSITIONS`) it is for; empty = every position
    positions: tuple[str, ...] = ()


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


@dataclass(frozen=True)
class TeacherNeeds:
    """What the plan must do for one teacher: the compact, picklable input of `place_needs`."""

    teacher_code: str
    org_code: str
    critical: tuple[str, ...] = ()
    pd_overdue: bool = False
    #: areas an overdue course should cover, best first
    preferred: tuple[str, ...] = ()
    requests: tuple[RequestNeed, ...] = field(default=())


def is_cycle_request(r: Request, as_of: date) -> bool:
    """A request of the cycle: submitted in the cycle date's year, not after the cycle date
    (seed 003 collects requests in Q1–Q2 of the cycle year); an undated request counts."""
    return r.submitted is None or (r.submitted.year == as_of.year and r.submitted <= as_of)


def teacher_needs(t: TeacherProfile, *, as_of: date, th: Thresholds) -> TeacherNeeds | None:
    """The teacher's needs, or None when there are none."""
    levels = {a: status.deficit_level(s, th) for a, s in t.scores.items()}
    critical = tuple(sorted(a for a, lv in levels.items() if lv == "critical"))
    overdue = not status.is_exempt(t) and not status.pd_is_current(t, as_of, th)
    requests = tuple(
        RequestNeed(r.area, r.topic, r.format) for r in t.requests if is_cycle_request(r, as_of)
    )
    if not (critical or overdue or requests):
        return None
    preferred: list[str] = []
    if overdue:
        moderate = sorted((t.scores[a], a) for a, lv in levels.items() if lv == "moderate")
        for area in [a for _, a in moderate] + [r.area for r in requests]:
            if area not in preferred:
                preferred.append(area)
    return TeacherNeeds(t.code, t.org_code, critical, overdue, tuple(preferred), requests)


def collect_needs(orgs: Iterable[OrgProfile], *, as_of: date, th: Thresholds) -> list[TeacherNeeds]:
    return [
        n
        for org in orgs
        for t in org.teachers
        if (n := teacher_needs(t, as_of=as_of, th=th)) is not None
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


class _Pool:
    """Seats left per course, with indexes by (area or None, ≥16 h only, format or None)."""

    def __init__(self, catalogue: Sequence[CatalogueItem], min_hours: int) -> None:
        codes = [c.code for c in catalogue]
        if len(set(codes)) != len(codes):
            raise ValueError("catalogue course codes must be unique")
        self.courses = sorted(catalogue, key=lambda c: (c.quarter, len(c.areas), c.code))
        self.left = [max(c.capacity, 0) for c in self.courses]
        self.min_hours = min_hours
        self._lists: dict[tuple[str | None, bool, str | None], tuple[list[int], list[int]]] = {}

    def _index(self, key: tuple[str | None, bool, str | None]) -> tuple[list[int], list[int]]:
        found = self._lists.get(key)
        if found is None:
            area, long_only, fmt = key
            items = [
                i
                for i, c in enumerate(self.courses)
                if (area is None or area in c.areas)
                and (not long_only or c.hours >= self.min_hours)
                and (fmt is None or c.format == fmt)
                and self.left[i] > 0
            ]
            found = self._lists[key] = (items, list(range(len(items) + 1)))
        return found

    def _find(self, items: list[int], nxt: list[int], j: int) -> int:
        """The first position from `j` whose course may have seats (full ones are skipped)."""
        root, end = j, len(items)
        while root < end:
            if nxt[root] != root:
                root = nxt[root]
            elif self.left[items[root]] == 0:
                nxt[root] = root + 1
                root += 1
            else:
                break
        while j < root:
            nxt[j], j = root, nxt[j]
        return root

    def take(
        self, area: str | None, long_only: bool, fmt: str | None, taken: set[str]
    ) -> CatalogueItem | None:
        """Take a seat on the best course of the index the teacher is not on yet."""
        items, nxt = self._index((area, long_only, fmt))
        j = self._find(items, nxt, 0)
        while j < len(items):
            course = self.courses[items[j]]
            if course.code not in taken:
                self.left[items[j]] -= 1
                return course
            j = self._find(items, nxt, j + 1)
        return None

    def exists(self, area: str | None, long_only: bool) -> bool:
        """Whether the catalogue has any such course at all, full or not."""
        return any(
            (area is None or area in c.areas) and (not long_only or c.hours >= self.min_hours)
            for c in self.courses
        )


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
        self.pool = _Pool(catalogue, self.min_hours)
        self.state: dict[str, _Teacher] = defaultdict(_Teacher)
        self.placements: list[Placement] = []
        self.unplaced: list[Unplaced] = []
        self.covered: list[Covered] = []
        self._exists: dict[tuple[str | None, bool], bool] = {}

    def _cause(self, mine: _Teacher, area: str | None, long_only: bool) -> str:
        if len(mine.courses) >= self.limit:
            return "teacher_limit"
        key = (area, long_only)
        if key not in self._exists:
            self._exists[key] = self.pool.exists(area, long_only)
        return "no_seats" if self._exists[key] else "no_course"

    def _take(
        self, mine: _Teacher, *tries: tuple[str | None, bool, str | None]
    ) -> CatalogueItem | None:
        if len(mine.courses) >= self.limit:
            return None
        for area, long_only, fmt in tries:
            course = self.pool.take(area, long_only, fmt, mine.codes)
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
        course = self._take(mine, *tries, (area, False, None))
        if course:
            self._place(n, course, area, "critical_deficit")
        else:
            cause = self._cause(mine, area, False)
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
            course = self._take(mine, (area, True, None))
            if course:
                self._place(n, course, area, "pd_overdue")
                return
        course = self._take(mine, (None, True, None))
        if course:
            self._place(n, course, None, "pd_overdue")
            return
        wanted = n.preferred[0] if n.preferred else None
        cause = self._cause(mine, None, True)
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
        course = self._take(mine, *tries, (r.area, False, None))
        if course:
            self._place(n, course, r.area, "request")
        else:
            cause = self._cause(mine, r.area, False)
            self.unplaced.append(
                Unplaced(n.teacher_code, n.org_code, r.area, "request", r.topic, cause)
            )


def _ordered(
    needs: Sequence[TeacherNeeds],
) -> Iterable[tuple[TeacherNeeds, str | None, RequestNeed | None]]:
    """The needs one by one in service order, as (teacher, critical area, request):
    critical deficits and overdue PD first, teachers with both before the others,
    then the requests; inside each tier by school and teacher code, then area."""
    urgent = sorted(
        (n for n in needs if n.critical or n.pd_overdue),
        key=lambda n: (not (n.critical and n.pd_overdue), n.org_code, n.teacher_code),
    )
    for n in urgent:
        for area in n.critical:
            yield n, area, None
        if n.pd_overdue:
            yield n, None, None
    for n in sorted((n for n in needs if n.requests), key=lambda n: (n.org_code, n.teacher_code)):
        for _, r in sorted(enumerate(n.requests), key=lambda ir: (ir[1].area, ir[0])):
            yield n, None, r


def place_needs(
    needs: Sequence[TeacherNeeds], catalogue: Sequence[CatalogueItem], *, th: Thresholds
) -> PlanResult:
    """Serve `needs` in priority order over the catalogue's seats.

    Needs of one teacher, in the order they are served:

    1. `critical_deficit` — each area with a critical deficit → a course covering it;
    2. `pd_overdue` — PD not current (`status.pd_is_current`) and not on leave → any
       course of ≥16 h, preferring an area of a moderate deficit (worst first), then
       of a request; met already if step 1 placed the teacher on a ≥16 h course;
    3. `request` — each request of the cycle year → a course covering its area.

    A need whose area a course already placed for the teacher covers is met by it
    (a course may cover several areas).

    Needs of kinds 1–2 come first, teachers with both kinds before the rest, then
    all requests; inside a tier by school code, teacher code and area, so the plan
    is the same on every run. A need met by another need's placement is `Covered`;
    one that cannot be placed is `Unplaced` with its cause. Every need ends in
    exactly one of `placements`, `covered`, `unplaced`.

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
