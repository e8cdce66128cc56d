"""Realistic sample view models: a made-up municipality, for tests and layout previews.

Everything is derived from one seeded random generator, so a seed gives the
same documents every time. The rules are imitated only roughly (which rule
fires for whom); the real ones live in `rules/`.

    uv run python -m metodist.documents.sample OUTDIR [--html] [--teachers 35] [--workers 2]
"""

import argparse
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from metodist.documents import context as c
from metodist.documents.filters import area as area_name
from metodist.documents.filters import category as category_name
from metodist.documents.filters import course_format
from metodist.documents.labels import AREAS, INDICATOR, SENSITIVE_INDICATORS
from metodist.importing.spec import CATEGORY

CYCLE_YEAR = 2026
PLAN_YEAR = CYCLE_YEAR + 1
AS_OF = date(CYCLE_YEAR, 11, 15)
DOCUMENT_DATE = date(CYCLE_YEAR, 11, 20)
MUNICIPALITY = "Городской округ «Город Северогорск»"
ISSUER = "МКУ «Информационно-методический центр» Управления образования г. Северогорска"
THRESHOLDS = c.DeficitThresholds()
REFORM_DATE = date(2023, 9, 1)

SURNAMES = (
    "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов",
    "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров",
    "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин",
    "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев", "Романов", "Воробьёв",
    "Сергеев", "Кузьмин", "Фролов", "Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв",
    "Ильин", "Максимов", "Поляков", "Сорокин", "Виноградов", "Ковалёв", "Белов", "Медведев",
    "Антонов", "Тарасов", "Жуков", "Баранов", "Филиппов", "Комаров", "Давыдов", "Беляев",
    "Герасимов", "Богданов", "Осипов", "Сидоров", "Матвеев", "Титов", "Марков", "Миронов",
    "Крылов", "Куликов", "Карпов", "Власов", "Мельников", "Денисов", "Гаврилов", "Тихонов",
    "Казаков", "Афанасьев", "Данилов", "Савельев", "Тимофеев", "Фомин", "Чернов", "Абрамов",
    "Высоцкий", "Загорский", "Островский", "Шевченко", "Бондаренко", "Ткаченко",
)  # fmt: skip
MALE_NAMES = (
    "Александр", "Алексей", "Андрей", "Антон", "Артём", "Борис", "Вадим", "Виктор",
    "Владимир", "Дмитрий", "Евгений", "Игорь", "Илья", "Кирилл", "Максим", "Михаил",
    "Николай", "Олег", "Павел", "Роман", "Сергей", "Юрий",
)  # fmt: skip
FEMALE_NAMES = (
    "Анна", "Алёна", "Валентина", "Вера", "Галина", "Дарья", "Екатерина", "Елена",
    "Ирина", "Людмила", "Марина", "Мария", "Надежда", "Наталья", "Нина", "Оксана",
    "Ольга", "Светлана", "Татьяна", "Юлия", "Ксения", "Лариса", "Полина", "Софья",
)  # fmt: skip
PATRONYMICS = (  # (male, female)
    ("Александрович", "Александровна"), ("Алексеевич", "Алексеевна"),
    ("Андреевич", "Андреевна"), ("Борисович", "Борисовна"), ("Викторович", "Викторовна"),
    ("Владимирович", "Владимировна"), ("Дмитриевич", "Дмитриевна"),
    ("Евгеньевич", "Евгеньевна"), ("Иванович", "Ивановна"), ("Игоревич", "Игоревна"),
    ("Михайлович", "Михайловна"), ("Николаевич", "Николаевна"), ("Олегович", "Олеговна"),
    ("Петрович", "Петровна"), ("Сергеевич", "Сергеевна"), ("Юрьевич", "Юрьевна"),
)  # fmt: skip
SUBJECTS = (
    "математика", "русский язык", "литература", "физика", "химия", "биология", "история",
    "обществознание", "английский язык", "информатика", "география", "физическая культура",
    "музыка", "технология", "изобразительное искусство", "ОБЗР",
)  # fmt: skip
SCHOOLS = (
    "МБОУ «Средняя общеобразовательная школа № 1»",
    "МБОУ «Гимназия № 2 имени А. С. Пушкина»",
    "МБОУ «Средняя общеобразовательная школа № 3 с углублённым изучением отдельных предметов»",
    "МАОУ «Лицей № 4»",
    "МБОУ «Основная общеобразовательная школа № 5»",
    "МБОУ «Средняя общеобразовательная школа № 6»",
    "МБОУ «Образовательный центр „Северный“»",
    "МБОУ «Средняя общеобразовательная школа № 8 посёлка Лесной»",
)

#: (code, title, areas, hours, provider, format, capacity, quarter)
CATALOGUE = (
    ("K01", "Современный урок: проектирование по обновлённым ФГОС", ("methodical",), 36,
     "ГАУ ДПО «Институт развития образования»", "blended", 30, 1),
    ("K02", "Цифровая образовательная среда: ФГИС «Моя школа» и ЦОР", ("digital",), 36,
     "ГАУ ДПО «Институт развития образования»", "remote", 40, 1),
    ("K03", "Психолого-педагогическое сопровождение обучающихся с ОВЗ",
     ("psycho_pedagogical",), 72, "ФГАОУ ДПО «Академия Минпросвещения России»", "remote",
     25, 2),
    ("K04", "Правовые основы профессиональной деятельности педагога", ("legal",), 18,
     "МКУ «Информационно-методический центр»", "in_person", 30, 2),
    ("K05", "Коммуникация с родителями и разрешение конфликтов", ("communicative",), 24,
     "МКУ «Информационно-методический центр»", "in_person", 25, 3),
    ("K06", "Предметное содержание: трудные темы ОГЭ и ЕГЭ", ("subject",), 36,
     "ГАУ ДПО «Институт развития образования»", "blended", 35, 3),
    ("K07", "Функциональная грамотность: формирование и оценка", ("methodical", "subject"),
     72, "ФГАОУ ДПО «Академия Минпросвещения России»", "remote", 40, 4),
    ("K08", "Искусственный интеллект в работе учителя", ("digital", "methodical"), 16,
     "МКУ «Информационно-методический центр»", "in_person", 20, 4),
)  # fmt: skip

RULE_TITLES = {
    "T01": ("Курс по области критического дефицита в ИОМ", "004, 000"),
    "T02": ("Сопровождение в ОО при умеренном дефиците", "000, 001"),
    "T03": ("Обязательные курсы: нет ПК за 3 года", "273-ФЗ ст. 47, 003"),
    "T04": ("Закрепление наставника за молодым педагогом", "002, 004"),
    "T05": ("Подготовка к аттестации: истекает категория", "003, приказы № 276 и № 196"),
    "T06": ("Аттестация на соответствие занимаемой должности", "приказ № 196"),
    "T07": ("Аттестация на высшую категорию", "003, приказ № 196"),
    "T08": ("Представление опыта на муниципальном уровне", "001"),
    "T09": ("Профилактика профессионального выгорания", "002, 004"),
    "T10": ("Участие в конкурсе «Дебют»", "003"),
    "T11": ("Участие в конкурсе «Учитель года»", "003"),
    "T12": ("Резерв управленческих кадров", "004, 003"),
    "T13": ("Заявка на курсы не удовлетворена", "003"),
    "O01": ("Рекомендации для группы высокой эффективности", "002"),
    "O02": ("Рекомендации для группы средней эффективности", "002"),
    "O03": ("Рекомендации для группы низкой эффективности", "002"),
    "O04": ("Рекомендации руководителям МОУ", "002"),
    "O05": ("Кадровые потребности и закрепление кадров", "002"),
    "O06": ("Организация наставничества", "002, 004"),
    "O07": ("Система профилактики профессионального выгорания", "002, 004"),
    "O08": ("Методическая работа и представление опыта", "001"),
    "O09": ("Условия для повышения квалификации каждого педагога", "002, 273-ФЗ"),
    "O10": ("Сопровождение аттестации", "003"),
    "M01": ("Адресная поддержка школы группы низкой эффективности", "002"),
    "M02": ("Муниципальный цикл семинаров и курсовая группа по области дефицита", "000, 001"),
    "M03": ("Электронный банк педагогического опыта и сборник", "001, 003"),
    "M04": ("Сетевые пары школ низкой и высокой эффективности", "001, 002"),
    "M05": ("Школа молодого педагога и поддержка наставников", "002"),
    "M06": ("Дополнительные курсовые группы", "003"),
}


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


def _teacher(rng: random.Random, names: _Names, code: str) -> _Teacher:
    experience = round(min(max(rng.gauss(16, 11), 0.5), 45), 1)
    roll = rng.random()
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
            ["none", "szd", "first", "highest", "methodist"], [12, 18, 35, 30, 5]
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
            scores[a] = int(min(max(rng.gauss(74, 15), 15), 100))
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
        presented=rng.random() < 0.35,
        competed=rng.random() < 0.15,
        pd_done=rng.random() < 0.8,
        burnout_risk=rng.random() < 0.12,
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
        staff = [_teacher(rng, names, f"{code}-{j + 1:03d}") for j in range(n)]
        staff.sort(key=lambda t: t.full_name)
        school = _School(code, SCHOOLS[i % len(SCHOOLS)], "school", rng.choice([0, 0, 1, 2]), staff)
        for t in staff:
            _build_route(t, school, seats)
        built.append(school)
    return SampleMunicipality(built, seats)


def _meta(approved: bool = False) -> c.DocumentMeta:
    return c.DocumentMeta(
        MUNICIPALITY, ISSUER, CYCLE_YEAR, DOCUMENT_DATE, "approved" if approved else "draft"
    )


def _indicators(school: _School) -> dict[str, float]:
    staff = school.teachers
    n = len(staff)
    young = [t for t in staff if t.experience < 3]
    critical = [
        t for t in staff if any(THRESHOLDS.level(s) == "critical" for s in t.scores.values())
    ]
    return {
        "pd_coverage": sum(t.pd_done for t in staff) / n,
        "category_share": sum(
            t.category in ("first", "highest", "methodist", "mentor") for t in staff
        )
        / n,
        "no_critical_share": 1 - len(critical) / n,
        "mentored_young_share": (
            sum(t.mentor is not None for t in young) / len(young) if young else 1.0
        ),
        "presented_share": sum(t.presented for t in staff) / n,
        "staffing": 1 - school.vacancies / (n + school.vacancies),
        "no_burnout_share": 1 - sum(t.burnout_risk for t in staff) / n,
        "competition_share": sum(t.competed for t in staff) / n,
    }


def _group(composite: float) -> str:
    return "high" if composite >= 0.75 else "medium" if composite >= 0.5 else "low"


def _averages(m: SampleMunicipality) -> dict[str, float]:
    rows = [_indicators(s) for s in m.schools]
    return {k: sum(r[k] for r in rows) / len(rows) for k in INDICATOR}


def _rec(
    rule_id: str,
    text: str,
    priority: str = "normal",
    quarter: int | None = None,
    concerns: str = "",
) -> c.Recommendation:
    title, source = RULE_TITLES[rule_id]
    return c.Recommendation(
        rule_id, title, text, priority, quarter, PLAN_YEAR if quarter else None, source, concerns
    )


def packet(
    *,
    teachers: int = 35,
    seed: int = 7,
    approved: bool = False,
    school: int = 0,
    org_name: str | None = None,
    m: SampleMunicipality | None = None,
) -> c.PacketContext:
    """The packet of one school of the sample municipality (the first has `teachers` teachers)."""
    m = m or municipality(teachers=teachers, seed=seed)
    s = m.schools[school]
    values = _indicators(s)
    averages = _averages(m)
    composite = sum(values.values()) / len(values)
    group = _group(composite)
    staff = s.teachers
    head = [
        _rec(
            "O04",
            "Проанализировать результаты мониторинга, разработать и реализовать план "
            "мероприятий по устранению выявленных недостатков; проинформировать участников "
            "образовательных отношений о результатах мониторинга.",
            "normal",
            1,
        ),
        _rec(
            {"high": "O01", "medium": "O02", "low": "O03"}[group],
            "Создавать условия для построения индивидуальных маршрутов непрерывного развития "
            "профессионального мастерства педагогов; вовлекать педагогов в конференции, "
            "семинары, конкурсы профессионального мастерства и сетевые формы взаимодействия.",
            "high" if group == "low" else "normal",
            2,
        ),
    ]
    if s.vacancies:
        head.append(
            _rec(
                "O05",
                f"Открытых педагогических ставок: {s.vacancies}. Своевременно "
                "выявлять кадровые потребности, вести адресный подбор и закрепление "
                "молодых специалистов.",
                "high",
                1,
            )
        )
    if values["pd_coverage"] < 1:
        head.append(
            _rec(
                "O09",
                "Обеспечить повышение квалификации педагогов, не проходивших "
                "курсы в течение трёх лет (273-ФЗ, ст. 47), по плану на "
                f"{PLAN_YEAR} г.",
                "high",
                1,
            )
        )
    if values["presented_share"] < 0.3:
        head.append(
            _rec(
                "O08",
                "Преодолеть формальный характер методической работы: "
                "представление опыта каждым педагогом раз в три года на муниципальных "
                "площадках.",
                "normal",
                3,
            )
        )
    if any(t.burnout_risk for t in staff):
        head.append(
            _rec(
                "T09",
                "Для части коллектива рекомендованы консультации педагога-"
                "психолога и анализ учебной нагрузки. Список педагогов передаётся "
                "руководителю лично и в пакет не включается.",
                "high",
                1,
            )
        )
    sections = tuple(
        c.TeacherSection(
            code=t.code,
            full_name=t.full_name,
            position=t.position,
            subjects=t.subjects,
            category=t.category,
            experience_years=t.experience,
            deficits=c.deficit_map(t.scores, THRESHOLDS),
            route=tuple(t.route),
            mentor_name=t.mentor.full_name if t.mentor else None,
        )
        for t in staff
    )
    fired: Counter[str] = Counter(i.rule_id for t in staff for i in t.route if i.rule_id)
    fired.update(r.rule_id for r in head)
    fired_rules = tuple(
        c.FiredRule(
            rid,
            RULE_TITLES[rid][0],
            RULE_TITLES[rid][1],
            "teacher" if rid.startswith("T") and rid != "T09" else "organization",
            n,
        )
        for rid, n in sorted(fired.items())
    )
    return c.PacketContext(
        meta=_meta(approved),
        org=c.OrgHeader(s.code, org_name or s.name, s.kind, MUNICIPALITY),
        plan_year=PLAN_YEAR,
        group=group,
        composite=composite,
        indicators=tuple(
            c.Indicator(k, values[k], averages[k])
            for k in INDICATOR
            if k not in SENSITIVE_INDICATORS
        ),
        head_recommendations=tuple(head),
        teachers=sections,
        fired_rules=fired_rules,
        thresholds=THRESHOLDS,
    )


def requests_report(m: SampleMunicipality | None = None, *, seed: int = 7) -> c.RequestsContext:
    m = m or municipality(seed=seed)
    rng = random.Random(seed + 1)
    by_school, area_requests, area_teachers, area_hours = [], Counter(), Counter(), Counter()
    formats: Counter[str | None] = Counter()
    for s in m.schools:
        counts: Counter[str] = Counter()
        requesting = 0
        for t in s.teachers:
            wanted = [a for a, sc in t.scores.items() if sc is not None and sc < 75]
            if not wanted or rng.random() < 0.3:
                continue
            requesting += 1
            for a in wanted[:2]:
                counts[a] += 1
                area_requests[a] += 1
                area_teachers[a] += 1
                area_hours[a] += rng.choice([16, 24, 36, 72])
                formats[rng.choice(["in_person", "remote", "blended", None])] += 1
        by_school.append(
            c.SchoolRequests(
                s.code, s.name, len(s.teachers), requesting, {a: counts[a] for a in AREAS}
            )
        )
    return c.RequestsContext(
        meta=_meta(True),
        by_area=tuple(
            c.AreaRequests(a, area_requests[a], area_teachers[a], area_hours[a]) for a in AREAS
        ),
        by_school=tuple(by_school),
        by_format=tuple(c.FormatRequests(f, n) for f, n in formats.most_common()),
        period_start=date(CYCLE_YEAR, 1, 10),
        period_end=date(CYCLE_YEAR, 6, 30),
    )


def deficits_report(
    m: SampleMunicipality | None = None, *, seed: int = 7
) -> c.DeficitProfileContext:
    m = m or municipality(seed=seed)
    everyone = [t for s in m.schools for t in s.teachers]
    areas = []
    for a in AREAS:
        scores = [t.scores[a] for t in everyone if t.scores[a] is not None]
        levels = Counter(THRESHOLDS.level(x) for x in scores)
        n = len(scores)
        areas.append(
            c.AreaProfile(a, n, levels["critical"] / n, levels["moderate"] / n, sum(scores) / n)
        )  # type: ignore[arg-type]
    schools = []
    for s in m.schools:
        diagnosed = [t for t in s.teachers if any(v is not None for v in t.scores.values())]
        crit = [
            t
            for t in diagnosed
            if any(THRESHOLDS.level(v) == "critical" for v in t.scores.values())
        ]
        means: dict[str, float | None] = {}
        for a in AREAS:
            vals = [t.scores[a] for t in diagnosed if t.scores[a] is not None]
            means[a] = sum(vals) / len(vals) if vals else None  # type: ignore[arg-type]
        schools.append(
            c.SchoolDeficits(s.code, s.name, len(diagnosed), len(crit) / len(diagnosed), means)
        )
    return c.DeficitProfileContext(
        meta=_meta(True),
        teachers_total=len(everyone),
        teachers_diagnosed=sum(s.diagnosed for s in schools),
        areas=tuple(areas),
        schools=tuple(schools),
        thresholds=THRESHOLDS,
    )


def attestation_report(
    m: SampleMunicipality | None = None, *, seed: int = 7
) -> c.AttestationContext:
    m = m or municipality(seed=seed)
    rng = random.Random(seed + 2)
    schools, expiring, szd_due = [], [], []
    for s in m.schools:
        cats = Counter(t.category for t in s.teachers)
        n_exp = n_szd = 0
        for t in s.teachers:
            if t.category_date:
                until = c.category_expiry(t.category_date, reform_date=REFORM_DATE, term_years=5)
                if until and until.year == PLAN_YEAR:
                    n_exp += 1
                    expiring.append(
                        c.ExpiringCategory(t.full_name, s.name, t.category, t.category_date, until)
                    )
            if t.category == "none" and t.years_in_org >= 2:
                n_szd += 1
                szd_due.append(c.SzdDue(t.full_name, s.name, t.position, t.years_in_org, None))
        schools.append(
            c.SchoolCategories(s.code, s.name, {k: cats[k] for k in CATEGORY}, n_exp, n_szd)
        )
    results = tuple(
        c.AttestationResults(k, rng.randint(3, 25), rng.randint(0, 3))
        for k in ("szd", "first", "highest", "methodist", "mentor")
    )
    standard = tuple(
        c.StandardArea(a, n := rng.randint(40, 60), int(n * rng.uniform(0.6, 0.95))) for a in AREAS
    )
    return c.AttestationContext(
        meta=_meta(False),
        as_of=AS_OF,
        next_year=PLAN_YEAR,
        schools=tuple(schools),
        results=results,
        expiring=tuple(sorted(expiring, key=lambda e: e.expires)),
        szd_due=tuple(szd_due),
        standard=standard,
        reform_date=REFORM_DATE,
    )


def monitoring_report(m: SampleMunicipality | None = None, *, seed: int = 7) -> c.MonitoringContext:
    m = m or municipality(seed=seed)
    rows = []
    for s in m.schools:
        values = _indicators(s)
        composite = sum(values.values()) / len(values)
        rows.append(
            c.SchoolMonitoring(
                s.code, s.name, values, composite, _group(composite), len(s.teachers)
            )
        )
    return c.MonitoringContext(
        meta=_meta(True),
        method=c.MonitoringMethod({k: 1.0 for k in INDICATOR}),
        schools=tuple(rows),
        municipal_average=_averages(m),
    )


def plan_report(m: SampleMunicipality | None = None, *, seed: int = 7) -> c.PlanContext:
    m = m or municipality(seed=seed)
    participants: dict[str, list[c.Participant]] = {k[0]: [] for k in CATALOGUE}
    unmet: Counter[str] = Counter()
    for s in m.schools:
        for t in s.teachers:
            for item in t.route:
                if item.kind == "course":
                    code = next(k[0] for k in CATALOGUE if k[1] == item.title)
                    participants[code].append(c.Participant(t.full_name, s.name))
                elif item.kind == "unmet" and item.area:
                    unmet[item.area] += 1
    groups = tuple(
        c.CourseGroup(code, title, areas, hours, provider, fmt, q, cap, tuple(participants[code]))
        for code, title, areas, hours, provider, fmt, cap, q in CATALOGUE
    )
    return c.PlanContext(
        meta=_meta(False),
        plan_year=PLAN_YEAR,
        groups=groups,
        unmet=tuple(c.UnmetDemand(a, n) for a, n in unmet.most_common()),
    )


def centre_report(m: SampleMunicipality | None = None, *, seed: int = 7) -> c.CentreContext:
    m = m or municipality(seed=seed)
    mon = monitoring_report(m)
    prof = deficits_report(m)
    recs = [
        _rec(
            "M01",
            "Оказать адресную методическую поддержку: выездные консультации, анализ "
            "планов методической работы, сопровождение ИОМ.",
            "high",
            1,
            concerns=s.org_name,
        )
        for s in mon.in_group("low")
    ]
    recs += [
        _rec(
            "M02",
            f"Организовать цикл муниципальных семинаров и дополнительную курсовую "
            f"группу: критический дефицит у {a.critical_share:.0%} педагогов.".replace("%", " %"),
            "high",
            2,
            concerns=f"область: {area_name(a.area)}",
        )
        for a in prof.alert_areas
    ]
    recs.append(
        _rec(
            "M03",
            "Сформировать электронный банк педагогического опыта и выпустить "
            "сборник лучших практик по итогам представлений опыта.",
            "normal",
            4,
        )
    )
    if mon.in_group("low") and mon.in_group("high"):
        recs.append(
            _rec(
                "M04",
                "Организовать сетевые пары школ: "
                + "; ".join(
                    f"{lo.org_name} — {hi.org_name}"
                    for lo, hi in zip(mon.in_group("low"), mon.in_group("high"), strict=False)
                ),
                "normal",
                1,
            )
        )
    recs.append(
        _rec(
            "M05",
            "Продолжить работу школы молодого педагога; организовать "
            "методическую поддержку наставников.",
            "normal",
        )
    )
    return c.CentreContext(meta=_meta(False), recommendations=tuple(recs))


CONDITIONS = {
    "T01": "Критический дефицит (балл ниже 50) в области компетенций",
    "T02": "Умеренный дефицит (50–69) в области, где нет критического",
    "T03": "Нет курса от 16 часов за три года до даты цикла",
    "T04": "Стаж менее 3 лет и нет наставника",
    "T05": "Категория, установленная до 01.09.2023, истекает в ближайшие 12 месяцев",
    "T06": "Нет категории, в ОО 2 года и более, не освобождён, нет СЗД за 5 лет",
    "T07": "Первая категория, нет критических дефицитов, опыт представлен за 3 года",
    "T08": "Первая категория или выше, дефицитов нет, опыт не представлен за 3 года",
    "T09": "Высокий риск профессионального выгорания по опросу (адресовано руководителю)",
    "T10": "Стаж менее 5 лет, нет критических дефицитов",
    "T11": "Высшая категория или выше, дефицитов нет, не участвовал в конкурсах 3 года",
    "T12": "Высшая категория или выше, стаж 10 лет и более, нет критических дефицитов",
    "T13": "Заявка цикла, которую план не смог удовлетворить",
    "O01": "Группа высокой эффективности", "O02": "Группа средней эффективности",
    "O03": "Группа низкой эффективности", "O04": "Каждая организация",
    "O05": "Есть вакансии", "O06": "Есть молодой педагог без наставника",
    "O07": "20 % педагогов и более в зоне риска выгорания",
    "O08": "Менее 30 % педагогов представили опыт за 3 года",
    "O09": "Охват повышением квалификации менее 100 %",
    "O10": "У 20 % педагогов и более категория истекает в ближайшие 12 месяцев",
    "M01": "Каждая школа группы низкой эффективности",
    "M02": "Критические дефициты в области у 25 % педагогов и более",
    "M03": "Хотя бы один педагог получил рекомендацию T08",
    "M04": "Есть школа группы низкой эффективности",
    "M05": "Молодые педагоги составляют 10 % и более",
    "M06": "Спрос по области превышает места в каталоге",
}  # fmt: skip


def catalogue_report() -> c.CatalogueContext:
    addressee = {"T": "teacher", "O": "organization", "M": "centre"}
    rules = tuple(
        c.RuleEntry(rid, title, addressee[rid[0]], source, CONDITIONS[rid])
        for rid, (title, source) in RULE_TITLES.items()
    )
    return c.CatalogueContext(meta=_meta(True), rules=rules, rulebase_version="sample-1")


def all_reports(m: SampleMunicipality) -> dict[str, object]:
    """Every centre and coordinator report of the sample municipality, by file stem."""
    return {
        "requests": requests_report(m),
        "deficits": deficits_report(m),
        "attestation": attestation_report(m),
        "monitoring": monitoring_report(m),
        "plan": plan_report(m),
        "centre": centre_report(m),
        "catalogue": catalogue_report(),
    }


def main(argv: list[str] | None = None) -> int:
    from metodist.documents.render import render_many

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--html", action="store_true", help="write HTML instead of PDF")
    parser.add_argument("--teachers", type=int, default=35)
    parser.add_argument("--schools", type=int, default=6)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args(argv)
    m = municipality(schools=args.schools, teachers=args.teachers)
    jobs: list[tuple[str, object, Path]] = []
    for i, s in enumerate(m.schools):
        ctx = packet(m=m, school=i, approved=i % 2 == 1)
        jobs.append((ctx.TEMPLATE, ctx, args.outdir / f"packet-{s.code}.pdf"))
    for stem, report in all_reports(m).items():
        jobs.append((report.TEMPLATE, report, args.outdir / f"{stem}.pdf"))  # type: ignore[attr-defined]
    started = time.perf_counter()
    results = render_many(jobs, workers=args.workers, html_only=args.html)
    for r in results:
        print(f"{r.path}\t{r.pages or '-'} pp.\t{r.seconds:.2f} s")
    print(f"{len(results)} documents in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
