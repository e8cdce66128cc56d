"""Methodological work in a period, counted as seed 001 counts it (docs/contract.md, events export).

`period_events` reads the events dated within [start, end]; `summarize` counts
them by level, form and consultation mode and by host organization, with the
distinct presenters. The export (JSON or a flat CSV) and the «Методическая
работа» report both read this one summary.
"""

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from metodist.db import session_scope
from metodist.exporting import csv_cell, write_export
from metodist.importing.cells import BadCell, parse_date
from models import MethodEvent
from models.enums import ConsultationMode, EventForm, EventLevel
from models.profile import EventRecord

LEVELS: tuple[str, ...] = tuple(e.value for e in EventLevel)
FORMS: tuple[str, ...] = tuple(e.value for e in EventForm)
MODES: tuple[str, ...] = tuple(e.value for e in ConsultationMode)
#: the CSV layout: one row per line of the summary, `section` says which (docs/contract.md)
CSV_COLUMNS = (
    "section", "from", "to", "level", "form", "mode", "org_code",
    "events", "participants", "presenters",
)  # fmt: skip


class PeriodError(ValueError):
    """A period the user gave that is not one: the message names the option and the value."""


@dataclass(frozen=True)
class FormLine:
    level: str
    form: str
    mode: str | None  # only for consultations
    events: int
    participants: int


@dataclass(frozen=True)
class OrgLine:
    org_code: str | None  # None: the municipality's own events
    events: int
    participants: int
    presenters: int


@dataclass(frozen=True)
class EventsSummary:
    start: date
    end: date
    events: int
    participants: int
    presenters: int
    by_form: tuple[FormLine, ...]
    by_org: tuple[OrgLine, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "totals": {
                "events": self.events,
                "participants": self.participants,
                "presenters": self.presenters,
            },
            "by_form": [vars(f) for f in self.by_form],
            "by_org": [vars(o) for o in self.by_org],
        }


def parse_day(option: str, value: str) -> date:
    """A date as the CLI takes it, as the importer reads one; otherwise a `PeriodError`."""
    try:
        return parse_date(value.strip())
    except BadCell as exc:
        raise PeriodError(f"{option}: {value!r} is not a date: expected {exc.expected}") from None


def parse_period(start: str, end: str) -> tuple[date, date]:
    """`--from` and `--to` as dates, the first not after the second."""
    first, last = parse_day("--from", start), parse_day("--to", end)
    if first > last:
        raise PeriodError(f"--from {first.isoformat()} is after --to {last.isoformat()}")
    return first, last


def period_events(session: Session, start: date, end: date) -> list[EventRecord]:
    """Every event dated within [start, end], as plain records (columns, not ORM rows)."""
    # Core rows, not ORM objects: a region's year is tens of thousands of events
    rows = (
        session.connection()
        .execute(
            select(
                col(MethodEvent.org_code),
                col(MethodEvent.date),
                col(MethodEvent.form),
                col(MethodEvent.title),
                col(MethodEvent.participants),
                col(MethodEvent.presenter_codes),
                col(MethodEvent.level),
                col(MethodEvent.mode),
            ).where(col(MethodEvent.date) >= start, col(MethodEvent.date) <= end)
        )
        .all()
    )
    return [
        EventRecord(org, day, form, title, participants or 0, tuple(codes or ()), level, mode)
        for org, day, form, title, participants, codes, level, mode in rows
    ]


def _mode(e: EventRecord) -> str | None:
    if e.form != EventForm.consultation:
        return None
    return e.mode or ConsultationMode.group


def _order(values: Sequence[str]) -> dict[str, int]:
    return {v: i for i, v in enumerate(values)}


def summarize(events: Iterable[EventRecord], start: date, end: date) -> EventsSummary:
    """The totals, by level-form-mode and by host; events outside [start, end] are left out."""
    forms: dict[tuple[str, str, str | None], list[int]] = defaultdict(lambda: [0, 0])
    orgs: dict[str | None, list[int]] = defaultdict(lambda: [0, 0])
    org_presenters: dict[str | None, set[str]] = defaultdict(set)
    presenters: set[str] = set()
    total = visits = 0
    for e in events:
        if not start <= e.date <= end:
            continue
        total += 1
        visits += e.participants
        line = forms[(e.level, e.form, _mode(e))]
        line[0] += 1
        line[1] += e.participants
        host = orgs[e.org_code]
        host[0] += 1
        host[1] += e.participants
        org_presenters[e.org_code].update(e.presenter_codes)
        presenters.update(e.presenter_codes)
    levels, kinds, modes = _order(LEVELS), _order(FORMS), _order(MODES)

    def form_key(k: tuple[str, str, str | None]) -> tuple[int, int, int, str]:
        level, form, mode = k
        return (levels.get(level, 9), kinds.get(form, 99), modes.get(mode or "", -1), form)

    return EventsSummary(
        start=start,
        end=end,
        events=total,
        participants=visits,
        presenters=len(presenters),
        by_form=tuple(
            FormLine(level, form, mode, *forms[(level, form, mode)])
            for level, form, mode in sorted(forms, key=form_key)
        ),
        by_org=tuple(
            OrgLine(code, orgs[code][0], orgs[code][1], len(org_presenters[code]))
            for code in sorted(orgs, key=lambda c: (c is not None, c or ""))
        ),
    )


def events_summary(session: Session, start: date, end: date) -> EventsSummary:
    return summarize(period_events(session, start, end), start, end)


def as_json(summary: EventsSummary) -> str:
    return json.dumps(summary.to_json(), ensure_ascii=False, indent=2) + "\n"


def as_csv(summary: EventsSummary) -> str:
    """One row per line: `total`, then `by_form`, then `by_org`; cells a line lacks are empty."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    period = {"from": summary.start.isoformat(), "to": summary.end.isoformat()}
    rows: list[dict[str, Any]] = [
        {
            "section": "total",
            **period,
            "events": summary.events,
            "participants": summary.participants,
            "presenters": summary.presenters,
        }
    ]
    rows += [{"section": "by_form", **period, **vars(f)} for f in summary.by_form]
    rows += [{"section": "by_org", **period, **vars(o)} for o in summary.by_org]
    for row in rows:
        writer.writerow({k: csv_cell(row.get(k)) for k in CSV_COLUMNS})
    return buffer.getvalue()


def export_events(
    url: str | None, *, start: date, end: date, fmt: str, out: Path | None = None
) -> EventsSummary:
    """Write the period's summary as JSON or CSV to `out` (default: standard output)."""
    if fmt not in ("json", "csv"):
        raise ValueError(f"format must be json or csv, not {fmt!r}")
    with session_scope(url) as s:
        summary = events_summary(s, start, end)
    text = as_json(summary) if fmt == "json" else as_csv(summary)
    write_export(out, text)
    return summary
