"""Russian names of the enumerations in `models.enums`, beside them and nowhere else.

The importer accepts either a key or its label, the blank forms offer the
labels in drop-downs, rule texts and documents print them. Some enums have a
second, longer form for running text (`CATEGORY_FULL`, `AREA_COMPETENCE`).
"""

from collections.abc import Mapping
from enum import StrEnum

from models import enums

ORG_KIND = {"school": "школа", "preschool": "детский сад", "additional": "доп. образование"}
CATEGORY = {
    "none": "без категории",
    "szd": "СЗД",
    "first": "первая",
    "highest": "высшая",
    "methodist": "педагог-методист",
    "mentor": "педагог-наставник",
}
#: in a sentence of a recommendation, where «СЗД» would not be understood
CATEGORY_FULL = CATEGORY | {"szd": "соответствие занимаемой должности"}
EXEMPT = {
    "pregnancy": "беременность",
    "maternity": "отпуск по беременности и родам",
    "childcare": "отпуск по уходу за ребёнком",
    "illness": "длительная болезнь",
    "leave": "отпуск по уходу",
}
AREA = {
    "subject": "предметная",
    "methodical": "методическая",
    "psycho_pedagogical": "психолого-педагогическая",
    "communicative": "коммуникативная",
    "digital": "цифровая",
    "legal": "правовая",
}
#: the area as the competence a recommendation names
AREA_COMPETENCE = {key: f"{name} компетенция" for key, name in AREA.items()} | {
    "digital": "цифровая компетенция (ИКТ)"
}
#: abbreviations for narrow table columns; documents print the legend
AREA_SHORT = {
    "subject": "Предм.",
    "methodical": "Метод.",
    "psycho_pedagogical": "Пс.-пед.",
    "communicative": "Комм.",
    "digital": "Цифр.",
    "legal": "Прав.",
}
FORMAT = {"in_person": "очно", "remote": "дистанционно", "blended": "смешанно"}
ATTESTATION_KIND = {k: v for k, v in CATEGORY.items() if k != "none"}
ATTESTATION_RESULT = {"assigned": "установлена", "refused": "отказано"}
EVENT_FORM = {
    "consultation": "консультация",
    "presentation": "презентация опыта",
    "master_class": "мастер-класс",
    "training": "тренинг",
    "discussion": "дискуссионная площадка",
    "business_game": "деловая игра",
    "seminar": "семинар",
    "webinar": "вебинар",
    "team_building": "тимбилдинг",
    "focus_group": "фокус-группа",
    "round_table": "круглый стол",
    "open_lesson": "открытый урок",
    "mo_meeting": "заседание МО / методического совета",
    "platform": "презентационная площадка",
    "laboratory": "лаборатория",
    "marathon": "мероприятие методического марафона",
    "conference": "конференция",
    "other": "другое",
}
EVENT_LEVEL = {"municipal": "муниципальный", "school": "уровень ОО"}
CONSULTATION_MODE = {"group": "групповая", "individual": "индивидуальная"}
COMPETITION = {
    "debut": "Дебют",
    "teacher_of_year": "Учитель года",
    "educator_of_year": "Воспитатель года",
    "leader": "Лидер в образовании",
    "heart_to_children": "Сердце отдаю детям",
    "psychologist": "Педагог-психолог",
    "other": "другой",
}
COMPETITION_RESULT = {"participant": "участник", "laureate": "лауреат", "winner": "победитель"}
GROUP = {"high": "высокая", "medium": "средняя", "low": "низкая"}
#: seed 002's names of the three effectiveness groups
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

REVIEW_STATUS = {"proposed": "на рассмотрении", "approved": "одобрена", "rejected": "отклонена"}

_LABELLED: list[tuple[Mapping[str, object], type[StrEnum]]] = [
    (ORG_KIND, enums.OrgKind),
    (CATEGORY, enums.Category),
    (CATEGORY_FULL, enums.Category),
    (EXEMPT, enums.Exempt),
    (AREA, enums.Area),
    (AREA_COMPETENCE, enums.Area),
    (AREA_SHORT, enums.Area),
    (FORMAT, enums.CourseFormat),
    (ATTESTATION_KIND, enums.AttestationKind),
    (ATTESTATION_RESULT, enums.AttestationResult),
    (EVENT_FORM, enums.EventForm),
    (EVENT_LEVEL, enums.EventLevel),
    (CONSULTATION_MODE, enums.ConsultationMode),
    (COMPETITION, enums.Competition),
    (COMPETITION_RESULT, enums.CompetitionResult),
    (GROUP, enums.EffectivenessGroup),
    (GROUP_TITLE, enums.EffectivenessGroup),
    (PRIORITY, enums.Priority),
    (PRIORITY_ORDER, enums.Priority),
    (ADDRESSEE, enums.AddresseeType),
    (REVIEW_STATUS, enums.ReviewStatus),
]
# every label table names exactly the members of its enum
for _table, _enum in _LABELLED:
    assert set(_table) == {e.value for e in _enum}, _enum
