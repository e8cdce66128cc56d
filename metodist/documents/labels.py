"""Russian names the documents print, beyond the enumeration labels of `importing.spec`.

Enumerations of the data contract (areas, categories, formats, competitions)
are labelled once, in `metodist.importing.spec`; this module adds the names of
things only documents show: indicators, groups, priorities, route items and
the source documents the rules cite.
"""

from metodist.importing.spec import AREA

#: Competence areas in the order every document lists them (DOMAIN.md).
AREAS: tuple[str, ...] = tuple(AREA)
#: Abbreviations for narrow table columns; documents print the legend.
AREA_SHORT = {
    "subject": "Предм.",
    "methodical": "Метод.",
    "psycho_pedagogical": "Пс.-пед.",
    "communicative": "Комм.",
    "digital": "Цифр.",
    "legal": "Прав.",
}

#: Monitoring indicators (DOMAIN.md, «Effectiveness group»), each a share 0..1.
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

GROUP = {"high": "высокая", "medium": "средняя", "low": "низкая"}
#: Seed 002's names of the three groups.
GROUP_TITLE = {
    "high": "Высокая степень эффективности деятельности",
    "medium": "Средняя степень эффективности деятельности",
    "low": "Низкая степень эффективности деятельности",
}
PRIORITY = {"high": "высокий", "normal": "обычный", "low": "низкий"}
PRIORITY_ORDER = {"high": 0, "normal": 1, "low": 2}
ADDRESSEE = {
    "teacher": "педагог",
    "organization": "руководитель ОО",
    "centre": "методический центр",
}
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

#: The seed documents by file number, as the rule catalogue cites them.
SOURCE = {
    "000": "Резолюция круглого стола о профстандарте педагога, Енисейск, 2016",
    "001": "Резолюция круглого стола по итогам месячника методической работы, Белово, 2017",
    "002": "Рекомендации по итогам мониторинга профессионального развития, Петрозаводск, 2021",
    "003": "Программа непрерывного повышения профессиональной компетентности педагога, 2020",
    "004": "Приказ и положение о персонифицированном ПК, Тунгиро-Олёкминский район, 2020",
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
