"""A synthetic municipality of plain profiles, for property and performance tests."""

import random
from datetime import date, timedelta

from metodist.analysis.placement import CatalogueItem
from models.enums import Area
from models.profile import CompetitionRecord, CourseDone, OrgProfile, Request, TeacherProfile

AREAS = tuple(a.value for a in Area)
CATEGORIES = ("none", "none", "szd", "first", "first", "highest", "methodist", "mentor")
SUBJECTS = ("математика", "русский язык", "физика", "история", "биология", "начальные классы")
FORMATS = ("in_person", "remote", "blended", None)


def teacher(rng: random.Random, code: str, org_code: str, as_of: date) -> TeacherProfile:
    experience = round(rng.uniform(0, 35), 1)
    courses = tuple(
        CourseDone(
            "КПК",
            rng.choice(AREAS),
            rng.choice((8, 16, 36, 72)),
            as_of - timedelta(days=rng.randint(0, 6 * 365)),
        )
        for _ in range(rng.randint(0, 3))
    )
    requests = tuple(
        Request(
            rng.choice(AREAS),
            f"тема {rng.randint(1, 40)}",
            rng.choice(FORMATS),
            36,
            rng.choice((None, date(as_of.year, 3, 1), date(as_of.year - 1, 3, 1))),
        )
        for _ in range(rng.choice((0, 0, 1, 1, 2)))
    )
    return TeacherProfile(
        code=code,
        org_code=org_code,
        full_name=f"Педагог {code}",
        subjects=tuple(rng.sample(SUBJECTS, rng.randint(1, 2))),
        experience_years=experience,
        years_in_org=min(experience, rng.uniform(0, 20)),
        category=rng.choice(CATEGORIES),
        category_date=date(rng.randint(2016, as_of.year), rng.randint(1, 12), 1),
        mentor_code=None,
        burnout_score=rng.choice((None, rng.randint(0, 100))),
        exempt=rng.choice((None,) * 19 + ("leave",)),
        scores={a: rng.randint(20, 100) for a in rng.sample(AREAS, rng.randint(0, 6))},
        courses_done=courses,
        requests=requests,
        competitions=tuple(
            CompetitionRecord("debut", as_of.year - rng.randint(0, 5), "participant")
            for _ in range(rng.choice((0, 0, 0, 1)))
        ),
        presentations=tuple(
            as_of - timedelta(days=rng.randint(0, 5 * 365)) for _ in range(rng.randint(0, 2))
        ),
    )


def municipality(
    n_teachers: int, *, per_org: int = 40, as_of: date, seed: int = 1
) -> list[OrgProfile]:
    rng = random.Random(seed)
    orgs = []
    for o in range(0, n_teachers, per_org):
        code = f"o{o // per_org:05d}"
        teachers = tuple(
            teacher(rng, f"{code}-t{i:03d}", code, as_of)
            for i in range(min(per_org, n_teachers - o))
        )
        orgs.append(
            OrgProfile(
                code,
                f"МБОУ СОШ № {o // per_org + 1}",
                "school",
                vacancies=rng.randint(0, 3),
                teachers=teachers,
            )
        )
    return orgs


def catalogue(
    n_courses: int, *, seed: int = 1, capacity: tuple[int, int] = (10, 40)
) -> list[CatalogueItem]:
    rng = random.Random(seed)
    return [
        CatalogueItem(
            code=f"c{i:04d}",
            title=f"Курс {i}",
            areas=tuple(rng.sample(AREAS, rng.choice((1, 1, 1, 2, 3)))),
            hours=rng.choice((8, 16, 24, 36, 72, 108)),
            provider="ИРО",
            format=rng.choice(FORMATS),
            capacity=rng.randint(*capacity),
            quarter=rng.randint(1, 4),
        )
        for i in range(n_courses)
    ]
