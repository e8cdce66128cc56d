"""The report «Методическая работа» (seed 001) for a period: `EventsContext`.

Reads the events themselves, not a stage's output: the counts of
`metodist.analysis.events` by form at both levels, the hosts' mean
attendance against `school.event_min_participants` (O11), and the presenters
whose experience is not yet in the bank, i.e. who spoke in the period but
not on a municipal platform in the last `activity.presentation_period_years`.
In the packets stage the period is the cycle year up to the cycle date.
"""

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from sqlmodel import select

from metodist.analysis.events import FORMS, period_events, summarize
from metodist.config import thresholds
from metodist.documents import context as c
from metodist.documents.views.common import SessionOrUrl, municipal_meta, name_key, organizations
from metodist.documents.views.common import reading as _reading
from models import Teacher
from models.enums import EventForm, EventLevel
from models.profile import EventRecord
from rules.status import years_before

MUNICIPAL, SCHOOL = EventLevel.municipal.value, EventLevel.school.value


@dataclass(frozen=True)
class FormRow:
    """One form of work: events and visits at the municipal level and at the schools'."""

    form: str
    municipal_events: int
    municipal_participants: int
    school_events: int
    school_participants: int
    modes: tuple[tuple[str, int], ...] = ()  # consultations: (mode, events at either level)


@dataclass(frozen=True)
class LevelRow:
    level: str
    events: int
    participants: int
    presenters: int


@dataclass(frozen=True)
class HostRow:
    """An organization's own (school-level) events and the municipal ones it hosted."""

    org_code: str
    org_name: str
    school_events: int
    school_participants: int
    municipal_hosted: int
    presenters: int
    below_threshold: bool

    @property
    def mean(self) -> float | None:
        return self.school_participants / self.school_events if self.school_events else None


@dataclass(frozen=True)
class Presenter:
    full_name: str
    org_name: str
    events: int


@dataclass(frozen=True)
class EventsContext:
    TEMPLATE: ClassVar[str] = "reports/events.html"

    meta: c.DocumentMeta
    start: date
    end: date
    events: int
    participants: int
    presenters: int
    teachers: int
    levels: tuple[LevelRow, ...]
    forms: tuple[FormRow, ...]
    hosts: tuple[HostRow, ...]
    outside_bank: tuple[Presenter, ...]
    min_mean_participants: float
    bank_years: int
    #: the list of presenters outside the bank prints at most this many (a region's is long)
    outside_shown: int = 300

    @property
    def presenter_share(self) -> float | None:
        return self.presenters / self.teachers if self.teachers else None

    @property
    def low_attendance(self) -> tuple[HostRow, ...]:
        return tuple(h for h in self.hosts if h.below_threshold)

    def level(self, key: str) -> LevelRow:
        return next((r for r in self.levels if r.level == key), LevelRow(key, 0, 0, 0))


def cycle_period(year: int, as_of: date) -> tuple[date, date]:
    """The cycle year's events up to the cycle date (a later date ends on 31 December)."""
    return date(year, 1, 1), min(date(year, 12, 31), max(as_of, date(year, 1, 1)))


def build_events(
    session_or_url: SessionOrUrl,
    *,
    year: int,
    as_of: date,
    start: date | None = None,
    end: date | None = None,
) -> EventsContext:
    """The report for [start, end]; without them, for the cycle year (`cycle_period`)."""
    if start is None or end is None:
        start, end = cycle_period(year, as_of)
    th = thresholds()
    bank_years = th.activity.presentation_period_years
    with _reading(session_or_url) as s:
        events = period_events(s, start, end)
        earlier = period_events(s, years_before(end, bank_years), end)
        orgs = organizations(s)
        # every teacher, not an IN list: a region's presenters outnumber SQLite's parameters
        people = s.exec(select(Teacher.code, Teacher.full_name, Teacher.org_code)).all()
    codes = {p for e in events for p in e.presenter_codes}
    banked = {p for e in earlier if e.level == MUNICIPAL for p in e.presenter_codes}
    outside = codes - banked
    names = {o.code: o.name for o in orgs}
    summary = summarize(events, start, end)
    spoke: dict[str, int] = {}
    for e in events:
        for p in e.presenter_codes:
            spoke[p] = spoke.get(p, 0) + 1
    return EventsContext(
        meta=municipal_meta(orgs, year=year, as_of=as_of),
        start=start,
        end=end,
        events=summary.events,
        participants=summary.participants,
        presenters=summary.presenters,
        teachers=len(people),
        levels=_levels(events),
        forms=_forms(events),
        hosts=_hosts(events, names, th.school.event_min_participants),
        outside_bank=tuple(
            sorted(
                (
                    Presenter(name, names.get(org, org), spoke.get(code, 0))
                    for code, name, org in people
                    if code in outside
                ),
                key=lambda p: (name_key(p.org_name), name_key(p.full_name)),
            )
        ),
        min_mean_participants=th.school.event_min_participants,
        bank_years=bank_years,
    )


def _levels(events: list[EventRecord]) -> tuple[LevelRow, ...]:
    rows = []
    for level in (MUNICIPAL, SCHOOL):
        chosen = [e for e in events if e.level == level]
        rows.append(
            LevelRow(
                level,
                len(chosen),
                sum(e.participants for e in chosen),
                len({p for e in chosen for p in e.presenter_codes}),
            )
        )
    return tuple(rows)


def _forms(events: list[EventRecord]) -> tuple[FormRow, ...]:
    counts: dict[str, list[int]] = {}
    modes: dict[str, int] = {}
    for e in events:
        row = counts.setdefault(e.form, [0, 0, 0, 0])
        at = 0 if e.level == MUNICIPAL else 2
        row[at] += 1
        row[at + 1] += e.participants
        if e.form == EventForm.consultation:
            mode = e.mode or "group"
            modes[mode] = modes.get(mode, 0) + 1
    order = {f: i for i, f in enumerate(FORMS)}
    return tuple(
        FormRow(
            form,
            *_four(counts[form]),
            modes=tuple(sorted(modes.items())) if form == EventForm.consultation else (),
        )
        for form in sorted(counts, key=lambda f: order.get(f, len(order)))
    )


def _four(row: list[int]) -> tuple[int, int, int, int]:
    return row[0], row[1], row[2], row[3]


def _hosts(events: list[EventRecord], names: dict[str, str], minimum: float) -> tuple[HostRow, ...]:
    own: dict[str, list[int]] = {}
    hosted: dict[str, int] = {}
    speakers: dict[str, set[str]] = {}
    for e in events:
        if e.org_code is None:
            continue
        if e.level == SCHOOL:
            row = own.setdefault(e.org_code, [0, 0])
            row[0] += 1
            row[1] += e.participants
        else:
            hosted[e.org_code] = hosted.get(e.org_code, 0) + 1
        speakers.setdefault(e.org_code, set()).update(e.presenter_codes)
    rows = []
    for code in sorted(set(own) | set(hosted), key=lambda k: name_key(names.get(k) or k)):
        n, visits = own.get(code, [0, 0])
        rows.append(
            HostRow(
                org_code=code,
                org_name=names.get(code, code),
                school_events=n,
                school_participants=visits,
                municipal_hosted=hosted.get(code, 0),
                presenters=len(speakers.get(code, ())),
                below_threshold=bool(n) and visits / n < minimum,
            )
        )
    return tuple(rows)
