"""Russian names of things only documents show: indicators, deficit levels, route items.

Enumerations of `models.enums` are labelled in `models.labels`; the seed
documents the rules cite are named in `rules.sources`.
"""

from models.labels import AREA

#: Competence areas in the order every document lists them (docs/domain.md).
AREAS: tuple[str, ...] = tuple(AREA)

#: Monitoring indicators (docs/method.md, «Effectiveness groups»), each a share 0..1.
INDICATOR: dict[str, str] = {
    "pd_coverage": "Охват повышением квалификации за 3 года",
    "category_share": "Доля педагогов с первой или высшей категорией",
    "no_critical_share": "Доля педагогов без критических дефицитов",
    "mentored_young_share": "Доля молодых педагогов с наставником",
    "presented_share": "Доля педагогов, представивших опыт за 3 года",
    "staffing": "Укомплектованность педагогическими кадрами",
    "no_burnout_share": "Доля педагогов без риска профессионального выгорания",
    "competition_share": "Доля участников конкурсов за 3 года",
}

#: Short indicator names for table heads and chart labels.
INDICATOR_SHORT: dict[str, str] = {
    "pd_coverage": "Охват ПК",
    "category_share": "С категорией",
    "no_critical_share": "Без крит. дефицитов",
    "mentored_young_share": "Молодые с наставником",
    "presented_share": "Представили опыт",
    "staffing": "Укомплектованность",
    "no_burnout_share": "Без риска выгорания",
    "competition_share": "Участники конкурсов",
}

#: Indicators derived from the burnout survey: never printed in a school packet.
SENSITIVE_INDICATORS: frozenset[str] = frozenset({"no_burnout_share"})

DEFICIT_LEVEL = {
    "critical": "критический дефицит",
    "moderate": "умеренный дефицит",
    "none": "дефицита нет",
    "unknown": "нет данных",
}
ROUTE_KIND = {
    "course": "Курсы ПК",
    "mentoring": "Наставничество",
    "attestation": "Аттестация",
    "competition": "Конкурс",
    "experience": "Представление опыта",
    "support": "Сопровождение в ОО",
    "unmet": "Заявка не удовлетворена",
}

#: Professional standard «Педагог» (order № 544н), the labour actions each area answers to.
STANDARD_544N = {
    "subject": "Знание преподаваемого предмета и владение его содержанием (А/01.6)",
    "methodical": "Планирование и проведение учебных занятий, формы и методы обучения (А/01.6)",
    "psycho_pedagogical": "Воспитательная и развивающая деятельность, учёт особенностей "
    "обучающихся (А/02.6, А/03.6)",
    "communicative": "Взаимодействие с обучающимися, родителями и коллегами (А/02.6)",
    "digital": "Применение ИКТ и цифровых образовательных ресурсов (А/01.6)",
    "legal": "Соблюдение правовых, нравственных и этических норм (А/01.6)",
}

assert set(STANDARD_544N) == set(AREAS)
