"""The facts a rule matched as rows a methodologist reads: Russian names, Russian values.

The firing keeps the facts as the engine saw them (English field names, raw
values); this is only how the desk shows them. An unknown field keeps its
key, so a new fact never disappears from the page.
"""

from dataclasses import dataclass
from typing import Any

from metodist.documents.labels import DEFICIT_LEVEL
from metodist.documents.views.route import PLACEMENT_REASON
from models.labels import AREA, CATEGORY, GROUP, ORG_KIND
from models.russian import number

GROUPS = {
    "teacher": "Педагог",
    "deficit": "Результат диагностики",
    "placement": "Место в плане ПК",
    "unplaced": "Неудовлетворённая заявка",
    "mentor": "Подбор наставника",
    "org": "Организация",
    "school": "Организация",
    "area": "Область компетенций",
    "demand": "Спрос на курсы",
    "municipality": "Муниципалитет",
    "thresholds": "Пороги (rules/thresholds.toml)",
}
FIELDS = {
    "code": "код",
    "full_name": "ФИО",
    "name": "название",
    "teacher": "педагог (код)",
    "area": "область",
    "level": "уровень дефицита",
    "score": "балл",
    "category": "категория",
    "category_date": "дата присвоения категории",
    "category_expiry": "категория действует до",
    "experience": "педагогический стаж, лет",
    "years_in_org": "лет в организации",
    "young": "молодой педагог",
    "has_mentor": "наставник закреплён",
    "exempt": "освобождён (отпуск, болезнь)",
    "pd_current": "курсы ПК пройдены вовремя",
    "course_code": "код курса",
    "course_title": "курс",
    "quarter": "квартал",
    "hours": "часов",
    "reason": "основание",
    "mentor_name": "наставник",
    "mentor_code": "код наставника",
    "mentee": "подопечный (код)",
    "primary": "основное место",
    "counts_for_pd": "засчитывается как курс ПК",
    "shared_subjects": "общие предметы",
    "found": "кандидат найден",
    "group": "группа эффективности",
    "kind": "тип организации",
    "composite": "интегральный показатель",
    "vacancies": "вакансий",
}
_VALUES = {
    "area": AREA,
    "level": DEFICIT_LEVEL,
    "category": CATEGORY,
    "group": GROUP,
    "reason": PLACEMENT_REASON,
}


@dataclass(frozen=True)
class FactRow:
    group: str
    field: str
    value: str


def fact_rows(facts: dict[str, Any]) -> list[FactRow]:
    rows = []
    for key, values in facts.items():
        group = GROUPS.get(key, key)
        if not isinstance(values, dict):
            rows.append(FactRow(group, "", shown(key, values)))
            continue
        for field, value in values.items():
            label = str(field) if key == "thresholds" else FIELDS.get(field, str(field))
            rows.append(FactRow(group, label, shown(field, value)))
    return rows


def shown(field: str, value: Any) -> str:
    if isinstance(value, bool):
        return "да" if value else "нет"
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, float):
        return number(value, 0 if value.is_integer() else 2)
    if isinstance(value, list | tuple):
        return ", ".join(shown(field, v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{FIELDS.get(k, k)}: {shown(k, v)}" for k, v in value.items())
    if field == "kind" and value in ORG_KIND:
        return ORG_KIND[value]
    labels = _VALUES.get(field)
    return labels.get(value, str(value)) if labels else str(value)
