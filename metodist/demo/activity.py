"""Methodological events, competitions and course requests.

Who presents and who competes depends on the profile and on the teacher:
holders of higher categories and stronger teachers present more, young
teachers enter «Дебют». Events follow seed 001: a methodological month in
January, the year's work at both levels in its proportions of forms, the
municipality's platform partly hosted by schools, centre consultations with
no teacher presenting, some «высшая» holders speaking there twice. The
smallest weak school's own events draw under 8 visitors (O11). Requests come
in Q1–Q2 and lean to each teacher's weakest areas.
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
    "consultation": "Консультация", "presentation": "Презентация опыта",
    "master_class": "Мастер-класс", "training": "Тренинг",
    "discussion": "Дискуссионная площадка", "business_game": "Деловая игра",
    "seminar": "Семинар", "webinar": "Вебинар", "team_building": "Тимбилдинг",
    "focus_group": "Фокус-группа", "round_table": "Круглый стол",
    "open_lesson": "Открытое занятие", "mo_meeting": "Заседание методического объединения",
    "platform": "Презентационная площадка", "laboratory": "Лаборатория",
    "marathon": "Методический марафон", "conference": "Конференция",
    "other": "Педагогическая мастерская",
}  # fmt: skip
#: seed 001's school events of the month: 30 open lessons, 19 master classes, 17 marathon
#: events, 13 meetings of associations, 10 platforms, 3 laboratories and others
_SCHOOL_FORMS = {"open_lesson": 30, "master_class": 19, "marathon": 17, "mo_meeting": 13,
                 "platform": 10, "laboratory": 3, "other": 8}  # fmt: skip
_SCHOOL_FORM_KEYS = tuple(_SCHOOL_FORMS)
_SCHOOL_FORM_CUM = cumulative(list(_SCHOOL_FORMS.values()))
#: seed 001's city events with a teacher presenting: presentations, master classes and the rest
_SPEAKER_FORMS = {"presentation": 22, "master_class": 13, "training": 2, "seminar": 2,
                  "discussion": 1, "business_game": 1, "round_table": 1, "webinar": 1,
                  "team_building": 1, "focus_group": 1}  # fmt: skip
_SPEAKER_FORM_KEYS = tuple(_SPEAKER_FORMS)
_SPEAKER_FORM_CUM = cumulative(list(_SPEAKER_FORMS.values()))
#: seed 001: 5 group and 54 individual consultations by the centre in the month
_CONSULTATIONS = {"group": 5, "individual": 54}
_MONTH_SHARE = 0.4  # of the year's municipal work falls in the January month (seed 001)
_HOSTED_SHARE = 0.25  # municipal events held at a speaker's organization
_TWICE = 0.5  # «высшая» holders on the municipal platform who speak there a second time
_RESULTS, _RESULT_CUM = ("participant", "laureate", "winner"), cumulative((70, 20, 10))
_FORMATS, _FORMAT_CUM = ("in_person", "remote", "blended"), cumulative((35, 40, 25))
_MUNICIPAL_SHARE = 0.3  # presenters who speak on the municipal platform


def presents(rng: Random, t: Staff) -> bool:
    """Whether the teacher presented experience in the last three years."""
    if t.absent:
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
        *,
        level: str | None = None,
        mode: str | None = None,
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
                "level": level,  # None: the importer's default, from the host
                "mode": mode,
            }
        )


def methodical_month(win: Windows) -> tuple[date, date]:
    """10–31 January of the cycle year, or of the year before when the cycle date is earlier."""
    year = win.as_of.year if win.as_of >= date(win.as_of.year, 2, 7) else win.as_of.year - 1
    return date(year, 1, 10), date(year, 1, 31)


def _when(rng: Random, win: Windows, month_share: float) -> date:
    if rng.random() < month_share:
        return pick(rng, *methodical_month(win))
    return pick(rng, *win.recent)


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
        book.add(org.code, _when(rng, win, 0.3), form, title, _audience(rng, org), group)
    for _ in range(rng.randint(1, 2)):  # older events: presenting then does not count now
        group = rng.sample(staff, min(len(staff), rng.randint(1, 2)))
        group = [t for t in group if not t.absent]
        form = weighted(rng, _SCHOOL_FORM_KEYS, _SCHOOL_FORM_CUM)
        title = _title(rng, form, topics, group)
        book.add(org.code, pick(rng, *win.old), form, title, _audience(rng, org), group)
    _year_of_meetings(rng, org, [*speakers], win, book)
    if rng.random() < 0.5:  # a consultation by the administration: no teacher presents
        title = f"Консультация «{rng.choice(topics)}»"
        book.add(org.code, pick(rng, *win.recent), "consultation", title, _audience(rng, org), [])
    return municipal


def _year_of_meetings(
    rng: Random, org: Org, speakers: list[Staff], win: Windows, book: EventBook
) -> None:
    """The cycle year's meetings of the association (one a quarter so far) and, in a third of
    the organizations, a marathon in the January month; their speakers present anyway."""
    topics = EVENT_TOPICS[org.kind]
    year = win.as_of.year
    for quarter in range(4):
        day = date(year, 3 * quarter + 1, 20) + timedelta(days=rng.randint(0, 40))
        if day >= win.as_of - timedelta(days=7):
            break
        group = rng.sample(speakers, min(len(speakers), 1))
        title = f"{FORM_TITLES['mo_meeting']} «{rng.choice(topics)}»"
        book.add(org.code, day, "mo_meeting", title, _audience(rng, org), group)
    if org.kind == "school" and rng.random() < 0.35 and speakers:
        first, last = methodical_month(win)
        for n in range(1, rng.randint(3, 6) + 1):
            title = f"{FORM_TITLES['marathon']}: день {n} «{rng.choice(topics)}»"
            day = first + timedelta(days=min(n * 3, (last - first).days))
            book.add(org.code, day, "marathon", title, _audience(rng, org), [rng.choice(speakers)])


def municipal_events(rng: Random, speakers: list[Staff], win: Windows, book: EventBook) -> None:
    """The municipality's platform (МСНО): its speakers, the centre's own consultations and
    webinars; part of it in the January month, a quarter held at a speaker's organization."""
    topics = EVENT_TOPICS["municipal"]
    speakers = list(speakers)
    rng.shuffle(speakers)
    twice = [t for t in speakers if t.category == "highest" and rng.random() < _TWICE]
    for i, group in enumerate(_groups(rng, speakers) + [[t] for t in twice]):
        form = weighted(rng, _SPEAKER_FORM_KEYS, _SPEAKER_FORM_CUM)
        title = f"{FORM_TITLES[form]} «{topics[i % len(topics)]}»"
        host = group[0].org.code if rng.random() < _HOSTED_SHARE else None
        day = _when(rng, win, _MONTH_SHARE)
        book.add(host, day, form, title, rng.randint(12, 60), group, level="municipal")
    scale = max(1, len(speakers)) / 25  # seed 001: 52 city presenters, 59 consultations
    for mode, per_month in _CONSULTATIONS.items():
        for n in range(max(1, round(per_month * scale))):
            kind = "Групповая" if mode == "group" else "Индивидуальная"
            title = f"{kind} консультация методиста № {n + 1}: «{rng.choice(topics)}»"
            visitors = 1 if mode == "individual" else rng.randint(5, 15)
            day = _when(rng, win, _MONTH_SHARE)
            book.add(None, day, "consultation", title, visitors, [], mode=mode)
    for form in ("webinar", "conference"):  # by the centre itself and an older one
        title = f"{FORM_TITLES[form]} «{rng.choice(topics)}»"
        book.add(None, pick(rng, *win.recent), form, title, rng.randint(40, 200), [])
        book.add(None, pick(rng, *win.old), form, title, rng.randint(40, 200), [])


def _groups(rng: Random, speakers: list[Staff]) -> list[list[Staff]]:
    """Speakers in groups of one to three: most present alone (seed 001: 22 presentations)."""
    out, rest = [], list(speakers)
    while rest:
        k = 1 if rng.random() < 0.6 else rng.randint(2, 3)
        out.append(rest[:k])
        rest = rest[k:]
    return out


def _title(rng: Random, form: str, topics: tuple[str, ...], group: list[Staff]) -> str:
    topic = rng.choice(topics)
    if form == "open_lesson" and group and group[0].position == TEACHER and group[0].subjects:
        return f"Открытый урок ({group[0].subjects[0]}): «{topic}»"
    return f"{FORM_TITLES[form]} «{topic}»"


def _audience(rng: Random, org: Org) -> int:
    """Visits of one of the organization's own events; the smallest weak school's events are
    formal and thinly attended (seed 001's problem, rule O11)."""
    if org.no_mentor_pool:
        return rng.randint(3, 8)
    return rng.randint(max(8, org.size // 3), max(12, org.size))


def competitions(rng: Random, t: Staff, win: Windows) -> list[dict[str, Any]]:
    """Rows of `competitions`: recent entries by profile, and some older ones."""
    entries: dict[tuple[str, int], str] = {}
    chance = t.profile.competition * (1.6 if t.young or t.experience < 5 else 1.0)
    chance *= 1.2 if t.category in HIGHEST_OR_HIGHER else 1.0
    if not t.absent and rng.random() < chance:
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
    if t.absent or not t.scores or rng.random() >= t.profile.request_rate:
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
