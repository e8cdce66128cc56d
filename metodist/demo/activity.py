"""Methodological events, competitions and course requests.

Who presents and who competes depends on the profile and on the teacher:
holders of higher categories and stronger teachers present more, young
teachers enter «Дебют». Presenters speak at school events (open lessons,
master classes, seminars) or on the municipal platform; every form of
seed 001 appears. Requests come in Q1–Q2 and lean to each teacher's weakest
areas, which makes the digital area the most requested.
"""

from datetime import date, timedelta
from random import Random
from typing import Any

from metodist.demo.dates import Windows, pick
from metodist.demo.diagnostics import AREAS
from metodist.demo.draw import choice, cumulative, randint, weighted
from metodist.demo.organizations import Org
from metodist.demo.staffing import TEACHER
from metodist.demo.teachers import HIGHEST_OR_HIGHER, Staff
from metodist.demo.topics import EVENT_TOPICS, REQUEST_TOPICS

FORM_TITLES = {
    "master_class": "Мастер-класс", "seminar": "Семинар", "webinar": "Вебинар",
    "consultation": "Консультация", "open_lesson": "Открытое занятие",
    "round_table": "Круглый стол", "training": "Тренинг", "conference": "Конференция",
    "other": "Педагогическая мастерская",
}  # fmt: skip
_SCHOOL_FORMS = {"open_lesson": 25, "master_class": 25, "seminar": 20, "round_table": 10,
                 "consultation": 5, "training": 5, "webinar": 5, "other": 5}  # fmt: skip
_SCHOOL_FORM_KEYS = tuple(_SCHOOL_FORMS)
_SCHOOL_FORM_CUM = cumulative(list(_SCHOOL_FORMS.values()))
_RESULTS, _RESULT_CUM = ("participant", "laureate", "winner"), cumulative((70, 20, 10))
_FORMATS, _FORMAT_CUM = ("in_person", "remote", "blended"), cumulative((35, 40, 25))
_MUNICIPAL_SHARE = 0.3  # presenters who speak on the municipal platform


def presents(rng: Random, t: Staff) -> bool:
    """Whether the teacher presented experience in the last three years."""
    if t.exempt == "leave":
        return False
    factor = 0.5 if t.young else 1.0
    factor *= {"first": 1.15, "none": 0.7, "szd": 0.7}.get(t.category, 1.4)
    factor *= 1.2 if t.ability > 5 else 1.0
    return rng.random() < min(0.95, t.profile.presented * factor)


class EventBook:
    """Collects events and keeps (org, date, title) unique, as the natural key requires."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        self._keys: set[tuple[str | None, date, str]] = set()

    def add(
        self,
        org_code: str | None,
        day: date,
        form: str,
        title: str,
        participants: int,
        presenters: list[Staff],
    ) -> None:
        while (org_code, day, title) in self._keys:
            day -= timedelta(days=1)
        self._keys.add((org_code, day, title))
        self.rows.append(
            {
                "org_code": org_code,
                "date": day,
                "form": form,
                "title": title,
                "participants": participants,
                "presenter_codes": [p.code for p in presenters],
                "level": None,  # the importer's default, from the host
                "mode": None,
            }
        )


def school_events(
    rng: Random, org: Org, staff: list[Staff], win: Windows, book: EventBook
) -> list[Staff]:
    """The organization's own events; returns the presenters left for municipal events."""
    topics = EVENT_TOPICS[org.kind]
    speakers = [t for t in staff if presents(rng, t)]
    rng.shuffle(speakers)
    municipal = [t for t in speakers if rng.random() < _MUNICIPAL_SHARE]
    local = [t for t in speakers if t not in municipal]
    while local:
        k = randint(rng, 1, 3)
        group, local = local[:k], local[k:]
        form = weighted(rng, _SCHOOL_FORM_KEYS, _SCHOOL_FORM_CUM)
        title = _title(rng, form, topics, group)
        book.add(org.code, pick(rng, *win.recent), form, title, _audience(rng, org), group)
    for _ in range(rng.randint(1, 2)):  # older events: presenting then does not count now
        group = rng.sample(staff, min(len(staff), rng.randint(1, 2)))
        group = [t for t in group if t.exempt != "leave"]
        form = weighted(rng, _SCHOOL_FORM_KEYS, _SCHOOL_FORM_CUM)
        title = _title(rng, form, topics, group)
        book.add(org.code, pick(rng, *win.old), form, title, _audience(rng, org), group)
    if rng.random() < 0.5:  # a consultation by the administration: no teacher presents
        title = f"Консультация «{rng.choice(topics)}»"
        book.add(org.code, pick(rng, *win.recent), "consultation", title, _audience(rng, org), [])
    return municipal


def municipal_events(rng: Random, speakers: list[Staff], win: Windows, book: EventBook) -> None:
    """Events on the municipal platform (org_code empty), cycling through every form."""
    topics = EVENT_TOPICS["municipal"]
    forms = list(FORM_TITLES)
    speakers = list(speakers)
    rng.shuffle(speakers)
    i = 0
    while speakers:
        k = rng.randint(2, 5)
        group, speakers = speakers[:k], speakers[k:]
        form = forms[i % len(forms)]
        title = f"{FORM_TITLES[form]} «{topics[i % len(topics)]}»"
        book.add(None, pick(rng, *win.recent), form, title, rng.randint(20, 150), group)
        i += 1
    for form in ("webinar", "conference"):  # by the centre itself and an older one
        title = f"{FORM_TITLES[form]} «{rng.choice(topics)}»"
        book.add(None, pick(rng, *win.recent), form, title, rng.randint(40, 200), [])
        book.add(None, pick(rng, *win.old), form, title, rng.randint(40, 200), [])


def _title(rng: Random, form: str, topics: tuple[str, ...], group: list[Staff]) -> str:
    topic = rng.choice(topics)
    if form == "open_lesson" and group and group[0].position == TEACHER and group[0].subjects:
        return f"Открытый урок ({group[0].subjects[0]}): «{topic}»"
    return f"{FORM_TITLES[form]} «{topic}»"


def _audience(rng: Random, org: Org) -> int:
    return rng.randint(min(6, org.size), max(8, org.size))


def competitions(rng: Random, t: Staff, win: Windows) -> list[dict[str, Any]]:
    """Rows of `competitions`: recent entries by profile, and some older ones."""
    entries: dict[tuple[str, int], str] = {}
    chance = t.profile.competition * (1.6 if t.young or t.experience < 5 else 1.0)
    chance *= 1.2 if t.category in HIGHEST_OR_HIGHER else 1.0
    if t.exempt != "leave" and rng.random() < chance:
        year = choice(rng, win.recent_competition_years())
        entries[(_competition(rng, t, years_ago=win.as_of.year - year), year)] = _result(rng)
    if t.experience >= 8 and rng.random() < 0.15:
        year = choice(rng, win.old_competition_years())
        entries[(_competition(rng, t, years_ago=win.as_of.year - year), year)] = _result(rng)
    return [
        {"teacher_code": t.code, "competition": kind, "year": year, "result": result}
        for (kind, year), result in sorted(entries.items())
    ]


def _competition(rng: Random, t: Staff, *, years_ago: int) -> str:
    if t.experience - years_ago < 5:
        return "debut" if rng.random() < 0.8 else "other"
    if t.category in HIGHEST_OR_HIGHER and t.experience >= 10 and rng.random() < 0.3:
        return "leader"
    if t.org.kind == "preschool":
        return "educator_of_year"
    if t.org.kind == "school" and rng.random() < 0.7:
        return "teacher_of_year"
    return "other"


def _result(rng: Random) -> str:
    return weighted(rng, _RESULTS, _RESULT_CUM)


def requests(rng: Random, t: Staff, win: Windows) -> list[dict[str, Any]]:
    """Rows of `requests`: one or two areas, weighted to the teacher's lowest scores."""
    if t.exempt == "leave" or not t.scores or rng.random() >= t.profile.request_rate:
        return []
    areas = list(AREAS)
    weights = [(100 - t.scores[a]) ** 2 + 1 for a in areas]
    chosen: list[str] = []
    for _ in range(2 if rng.random() < 0.25 else 1):
        i = weighted(rng, range(len(areas)), cumulative(weights))
        chosen.append(areas.pop(i))
        weights.pop(i)
    return [
        {
            "teacher_code": t.code,
            "area": area,
            "topic": choice(rng, REQUEST_TOPICS[area]),
            "format": weighted(rng, _FORMATS, _FORMAT_CUM),
            "hours": choice(rng, (16, 16, 24, 36, 36, 72)),
            "submitted": pick(rng, *win.requests),
        }
        for area in chosen
    ]
