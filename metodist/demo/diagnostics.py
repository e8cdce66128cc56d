"""Diagnostic scores: one per teacher and competence area, in the year's Q2–Q3 window.

A score is a teacher's latent ability plus the profile's shift plus an area
offset plus noise. The offsets carry the pattern municipal diagnostics keep
showing: subject knowledge is strongest, the digital and legal areas weakest,
young teachers lack method and psychology but not digital skills, the most
experienced lack digital skills most. Calibrated so that most scores fall in
55–90 and a quarter to a third of teachers have a critical digital deficit.
Teachers on childcare leave are not diagnosed.

Last year's diagnostic (`diagnose_before`) is this year's score less a drift,
less the planted effect of a catalogue course taken between (`history.PLANTED`),
plus noise: the efficacy of courses has a known answer to recover.
"""

from collections.abc import Sequence
from datetime import date, timedelta
from random import Random
from typing import Any

from metodist.demo.dates import Windows, pick
from metodist.demo.draw import STANDARD_NORMAL, choice
from metodist.demo.history import PLANTED
from metodist.demo.organizations import Org
from metodist.demo.teachers import Staff

AREAS = ("subject", "methodical", "psycho_pedagogical", "communicative", "digital", "legal")
BASE_SCORE = 73.0
NOISE = 7.0  # standard deviation of one score around the teacher's level
CEILING = 88  # above it, the distance to the top is halved
AREA_OFFSET = {
    "subject": 5.0, "methodical": 0.0, "psycho_pedagogical": -1.0, "communicative": 3.0,
    "digital": -20.0, "legal": -6.0,
}  # fmt: skip
_YOUNG_OFFSET = {"methodical": -6.0, "psycho_pedagogical": -5.0, "digital": 6.0}
_SENIOR_OFFSET = {"digital": -6.0}  # 25+ years of experience
_ADULT = tuple((a, AREA_OFFSET[a]) for a in AREAS)
_YOUNG = tuple((a, AREA_OFFSET[a] + _YOUNG_OFFSET.get(a, 0.0)) for a in AREAS)
_SENIOR = tuple((a, AREA_OFFSET[a] + _SENIOR_OFFSET.get(a, 0.0)) for a in AREAS)
INSTRUMENTS = (
    "Диагностика профессиональных дефицитов (ЦНППМ)",
    "Региональная диагностика профессиональных компетенций",
    "Самоанализ по профстандарту «Педагог» с экспертной оценкой",
)


def diagnose(rng: Random, org: Org, staff: list[Staff], win: Windows) -> list[dict[str, Any]]:
    """Rows of `diagnostics` for one organization; also fills each teacher's `scores`."""
    rows: list[dict[str, Any]] = []
    start, end = win.diagnostics
    day0 = pick(rng, start, end)
    instrument = INSTRUMENTS[rng.randrange(len(INSTRUMENTS))]
    days = [min(end, day0 + timedelta(days=k)) for k in range(13)]
    for t in staff:
        if t.exempt == "leave":
            continue
        day = choice(rng, days)
        base = BASE_SCORE + org.profile.score_shift + t.ability
        offsets = _YOUNG if t.young else _SENIOR if t.experience >= 25 else _ADULT
        scores = t.scores
        code = t.code
        for area, offset in offsets:
            # inlined `normal()`: this loop runs six times per teacher
            value = round(base + offset + NOISE * STANDARD_NORMAL[int(rng.random() * 4096)])
            if value > CEILING:  # few teachers score near full marks on a real test
                value = min(100, CEILING + (value - CEILING) // 2)
            value = max(0, value)
            scores[area] = value
            rows.append(
                {
                    "teacher_code": code,
                    "date": day,
                    "area": area,
                    "score": value,
                    "instrument": instrument,
                }
            )
    return rows


#: a year's change of score without any course: practice alone
DRIFT = 1.0
#: the standard deviation of last year's score around this year's less the drift and effect
BEFORE_NOISE = 4.0
_EFFECT = {f"KPK-{number:03d}": effect for number, effect in PLANTED.items()}


def diagnose_before(
    staff: Sequence[Staff], win: Windows, courses: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Rows of last year's `diagnostics` for the teachers diagnosed this year (`scores`
    filled) who were at work then; `courses` are their `pd_courses_done` rows."""
    effect: dict[tuple[str, str], float] = {}
    for c in courses:
        if c["course_code"] in _EFFECT:
            effect[(c["teacher_code"], c["area"])] = _EFFECT[c["course_code"]]
    start, end = date(win.year - 1, 4, 6), date(win.year - 1, 9, 25)
    rows: list[dict[str, Any]] = []
    for t in staff:
        if not t.scores or t.career_start > start:
            continue
        rng = Random(f"before:{t.code}:{t.ability!r}:{win.year}")  # not the shared stream
        day = pick(rng, start, end)
        for area, now in t.scores.items():
            gain = DRIFT + effect.get((t.code, area), 0.0)
            value = round(now - gain + rng.gauss(0.0, BEFORE_NOISE))
            rows.append(
                {
                    "teacher_code": t.code,
                    "date": day,
                    "area": area,
                    "score": min(100, max(0, value)),
                    "instrument": INSTRUMENTS[0],
                }
            )
    return rows
