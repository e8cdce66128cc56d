"""A made-up municipality: schools, teachers with every fact the sample rules look at.

One seeded generator drives everything, so a seed gives the same town every
time. Teachers' routes imitate the teacher rules only roughly (which rule
fires for whom); burnout stays in here as a flag and never reaches a context.
"""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from metodist.documents import context as c
from metodist.documents.filters import area as area_name
from metodist.documents.filters import category as category_name
from metodist.documents.filters import course_format
from metodist.documents.labels import AREAS
from metodist.documents.sample.data import (
    AS_OF,
    CATALOGUE,
    FEMALE_NAMES,
    MALE_NAMES,
    PATRONYMICS,
    PLAN_YEAR,
    REFORM_DATE,
    SCHOOLS,
    SUBJECTS,
    SURNAMES,
    THRESHOLDS,
)


@dataclass
class _Teacher:
    """A made-up teacher with every fact the sample rules look at (burnout stays in here)."""

    code: str
    full_name: str
    position: str
    subjects: tuple[str, ...]
    experience: float
    years_in_org: float
    category: str
    category_date: date | None
    scores: dict[str, int | None]
    presented: bool
    competed: bool
    pd_done: bool
    burnout_risk: bool
    mentor: "_Teacher | None" = None
    route: list[c.RouteItem] = field(default_factory=list)


@dataclass
class _School:
    code: str
    name: str
    kind: str
    vacancies: int
    teachers: list[_Teacher]


class _Names:
    """Unique Russian full names (surname, name, patronymic agreeing in gender)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def __call__(self) -> str:
        while True:
            female = self.rng.random() < 0.8  # most teachers are women
            surname = self.rng.choice(SURNAMES)
            if female:
                if surname.endswith(("ов", "ев", "ёв", "ин")):
                    surname += "а"
                elif surname.endswith("кий"):
                    surname = surname[:-2] + "ая"
                name = (
                    f"{surname} {self.rng.choice(FEMALE_NAMES)} {self.rng.choice(PATRONYMICS)[1]}"
                )
            else:
                name = f"{surname} {self.rng.choice(MALE_NAMES)} {self.rng.choice(PATRONYMICS)[0]}"
            if name not in self.used:
                self.used.add(name)
                return name


def _teacher(rng: random.Random, names: _Names, code: str, strength: float) -> _Teacher:
    """A teacher of a school whose `strength` (0..1) shifts scores, categories and activity."""
    experience = round(min(max(rng.gauss(16, 11), 0.5), 45), 1)
    roll = rng.random()
    subjects: tuple[str, ...]
    if roll < 0.10:
        position, subjects = "педагог-психолог", ()
    elif roll < 0.28:
        position, subjects = "учитель начальных классов", ("начальные классы",)
    else:
        position = "учитель"
        subjects = tuple(rng.sample(SUBJECTS, 2 if rng.random() < 0.3 else 1))
    if experience < 3:
        category = "none"
    else:
        category = rng.choices(
            ["none", "szd", "first", "highest", "methodist"],
            [20 - 12 * strength, 30 - 18 * strength, 35, 10 + 35 * strength, 5],
        )[0]
    category_date = None
    if category != "none":
        back = rng.randint(100, 365 * 6)
        category_date = date.fromordinal(AS_OF.toordinal() - back)
    scores: dict[str, int | None] = {}
    for a in AREAS:
        if rng.random() < 0.06:
            scores[a] = None
        else:
            scores[a] = int(min(max(rng.gauss(52 + 33 * strength, 15), 15), 100))
    return _Teacher(
        code=code,
        full_name=names(),
        position=position,
        subjects=subjects,
        experience=experience,
        years_in_org=min(experience, round(rng.uniform(0.5, 20), 1)),
        category=category,
        category_date=category_date,
        scores=scores,
        presented=rng.random() < 0.05 + 0.6 * strength,
        competed=rng.random() < 0.05 + 0.35 * strength,
        pd_done=rng.random() < 0.3 + 0.7 * strength,
        burnout_risk=rng.random() < 0.25 - 0.2 * strength,
    )


def _build_route(t: _Teacher, school: _School, seats: Counter[str]) -> None:
    """Imitate the teacher rules: T01–T08, T10–T11, T13 (T09 goes to the head, discreetly)."""
    critical = [a for a, s in t.scores.items() if THRESHOLDS.level(s) == "critical"]
    moderate = [a for a, s in t.scores.items() if THRESHOLDS.level(s) == "moderate"]
    no_deficit = not critical and not moderate and None not in t.scores.values()
    for a in critical:
        course = next((k for k in CATALOGUE if a in k[2] and seats[k[0]] < k[6]), None)
        if course is None:
            t.route.append(
                c.RouteItem(
                    "unmet",
                    "Курс по области дефицита не найден в каталоге",
                    area=a,
                    detail="передано в методический центр",
                    rule_id="T13",
                )
            )
            continue
        seats[course[0]] += 1
        t.route.append(
            c.RouteItem(
                "course",
                course[1],
                course[7],
                PLAN_YEAR,
                course[3],
                a,
                f"{course[4]}, {course_format(course[5])}",
                "T01",
            )
        )
    if not t.pd_done and not critical:
        course = next(k for k in CATALOGUE if k[0] == "K07")
        seats[course[0]] += 1
        t.route.append(
            c.RouteItem(
                "course",
                course[1],
                course[7],
                PLAN_YEAR,
                course[3],
                None,
                f"{course[4]}, {course_format(course[5])}",
                "T03",
            )
        )
    if moderate:
        t.route.append(
            c.RouteItem(
                "support",
                "Тема самообразования и консультации в школьном методическом объединении",
                None,
                PLAN_YEAR,
                detail="области: " + ", ".join(area_name(a) for a in moderate),
                rule_id="T02",
            )
        )
    if t.experience < 3 and t.mentor is None:
        candidates = [
            m
            for m in school.teachers
            if m is not t
            and m.experience >= 5
            and m.category in ("first", "highest", "methodist", "mentor")
        ]
        if candidates:
            t.mentor = candidates[len(t.full_name) % len(candidates)]
            t.route.append(
                c.RouteItem(
                    "mentoring",
                    "Закрепление наставника",
                    1,
                    PLAN_YEAR,
                    detail=t.mentor.full_name,
                    rule_id="T04",
                )
            )
    if t.category_date and t.category_date < REFORM_DATE:
        expires = c.category_expiry(t.category_date, reform_date=REFORM_DATE, term_years=5)
        if expires and AS_OF < expires <= AS_OF.replace(year=AS_OF.year + 1):
            # prepare a quarter ahead of the expiry, but not before the cycle date
            prepare = max(AS_OF, date.fromordinal(expires.toordinal() - 90))
            t.route.append(
                c.RouteItem(
                    "attestation",
                    "Подготовка к аттестации: срок категории истекает",
                    (prepare.month - 1) // 3 + 1,
                    prepare.year,
                    detail=f"категория «{category_name(t.category)}» до {expires:%d.%m.%Y}",
                    rule_id="T05",
                )
            )
    if t.category == "none" and t.years_in_org >= 2:
        t.route.append(
            c.RouteItem(
                "attestation",
                "Аттестация на соответствие занимаемой должности",
                2,
                PLAN_YEAR,
                rule_id="T06",
            )
        )
    if t.category == "first" and not critical and t.presented:
        t.route.append(
            c.RouteItem(
                "attestation",
                "Заявление на высшую квалификационную категорию",
                3,
                PLAN_YEAR,
                rule_id="T07",
            )
        )
    if t.category in ("first", "highest", "methodist") and no_deficit and not t.presented:
        t.route.append(
            c.RouteItem(
                "experience",
                "Мастер-класс на муниципальной площадке, материалы в банк опыта",
                4,
                PLAN_YEAR,
                rule_id="T08",
            )
        )
    if t.experience < 5 and not critical:
        t.route.append(
            c.RouteItem(
                "competition",
                "Конкурс профессионального мастерства «Дебют»",
                1,
                PLAN_YEAR,
                rule_id="T10",
            )
        )
    if t.category in ("highest", "methodist") and no_deficit and not t.competed:
        t.route.append(
            c.RouteItem("competition", "Конкурс «Учитель года»", 1, PLAN_YEAR, rule_id="T11")
        )


@dataclass
class SampleMunicipality:
    schools: list[_School]
    seats: Counter[str]

    def school(self, code: str) -> _School:
        return next(s for s in self.schools if s.code == code)


def municipality(*, schools: int = 6, teachers: int = 35, seed: int = 7) -> SampleMunicipality:
    """A made-up municipality: `schools` schools of about `teachers` teachers each."""
    rng = random.Random(seed)
    names = _Names(rng)
    built: list[_School] = []
    seats: Counter[str] = Counter()
    for i in range(schools):
        n = teachers if i == 0 else max(3, int(teachers * rng.uniform(0.5, 1.3)))
        code = f"ОО-{i + 1:02d}"
        strength = (0.55, 0.95, 0.0)[i] if i < 3 else rng.uniform(0.1, 0.95)
        staff = [_teacher(rng, names, f"{code}-{j + 1:03d}", strength) for j in range(n)]
        staff.sort(key=lambda t: t.full_name)
        school = _School(code, SCHOOLS[i % len(SCHOOLS)], "school", rng.choice([0, 0, 1, 2]), staff)
        for t in staff:
            _build_route(t, school, seats)
        built.append(school)
    return SampleMunicipality(built, seats)
