"""The input tables of docs/contract.md as data: keys, Russian headers, types, enumerations.

One description serves the importer (parsing and validation), the blank forms
(headers, drop-downs, the notes sheet) and the demo writer, so the three can
never disagree on a column. The enumerations' labels live in `models.labels`.
"""

from dataclasses import dataclass
from typing import Literal

from models.labels import (
    AREA,
    ATTESTATION_KIND,
    ATTESTATION_RESULT,
    CATEGORY,
    COMPETITION,
    COMPETITION_RESULT,
    CONSULTATION_MODE,
    EVENT_FORM,
    EVENT_LEVEL,
    EXEMPT,
    FORMAT,
    ORG_KIND,
)
from models.positions import POSITIONS

Kind = Literal["str", "int", "float", "date", "enum", "list", "enum_list"]


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    label: str  # Russian header of the blank form
    kind: Kind = "str"
    required: bool = False
    #: enumeration: key -> Russian label; the importer accepts either.
    choices: dict[str, str] | None = None
    min: float | None = None
    max: float | None = None
    #: table whose `code` this column (or each list item) must name
    ref: str | None = None
    note: str = ""  # Russian, for the notes sheet


@dataclass(frozen=True)
class TableSpec:
    name: str  # file name without .csv, sheet name
    label: str  # Russian
    model: str  # SQLModel class name in `models`
    columns: tuple[ColumnSpec, ...]
    #: columns that identify a row; `code` tables upsert on it, others on a derived `key`
    natural_key: tuple[str, ...] = ("code",)
    required_file: bool = False
    note: str = ""

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    def column(self, key: str) -> ColumnSpec:
        return next(c for c in self.columns if c.key == key)

    @property
    def has_code(self) -> bool:
        return self.natural_key == ("code",)


C = ColumnSpec
TEACHER_REF = C(
    "teacher_code",
    "Код педагога",
    required=True,
    ref="teachers",
    note="Код педагога из листа «teachers»",
)

TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "organizations",
        "Образовательные организации",
        "Organization",
        (
            C("code", "Код ОО", required=True, note="Уникальный код организации"),
            C("name", "Наименование", required=True, note="Например: МБОУ СОШ № 3"),
            C("kind", "Тип ОО", "enum", required=True, choices=ORG_KIND),
            C("municipality", "Муниципалитет"),
            C("vacancies", "Вакансии", "int", min=0, note="Открытые педагогические ставки"),
        ),
        required_file=True,
    ),
    TableSpec(
        "teachers",
        "Педагогические работники",
        "Teacher",
        (
            C("code", "Код педагога", required=True, note="Уникальный код педагога"),
            C("org_code", "Код ОО", required=True, ref="organizations"),
            C("full_name", "ФИО", required=True),
            C("position", "Должность"),
            C("subjects", "Предметы", "list", note="Через «;»"),
            C("birth_year", "Год рождения", "int", min=1930, max=2015),
            C("experience_years", "Педагогический стаж, лет", "float", min=0, max=70),
            C("years_in_org", "Стаж в ОО, лет", "float", min=0, max=70),
            C("category", "Категория", "enum", choices=CATEGORY, note="Пусто — без категории"),
            C("category_date", "Дата присвоения категории", "date"),
            C("mentor_code", "Код наставника", ref="teachers", note="Код педагога-наставника"),
            C(
                "burnout_score",
                "Выгорание, балл",
                "int",
                min=0,
                max=100,
                note="Балл опроса 0–100; в документах для ОО не показывается",
            ),
            C(
                "exempt",
                "Освобождение от аттестации",
                "enum",
                choices=EXEMPT,
                note="Причина отсутствия на работе; пусто — работает",
            ),
            C(
                "exempt_until",
                "Отсутствует до",
                "date",
                note="Дата окончания отсутствия (прошедшая или плановая); "
                "заполняется только вместе с причиной. Пусто при указанной причине — "
                "дата выхода неизвестна",
            ),
        ),
        required_file=True,
    ),
    TableSpec(
        "pd_courses_done",
        "Пройденные курсы ПК",
        "PdCourseDone",
        (
            TEACHER_REF,
            C("title", "Название курса", required=True),
            C("area", "Область компетенций", "enum", choices=AREA),
            C("hours", "Часы", "int", required=True, min=1, max=2000),
            C("completed", "Дата окончания", "date", required=True),
            C(
                "course_code",
                "Код курса каталога",
                note="Код курса из листа «courses», если курс был в каталоге; можно не заполнять",
            ),
        ),
        natural_key=("teacher_code", "title", "completed"),
    ),
    TableSpec(
        "requests",
        "Заявки на курсы",
        "CourseRequest",
        (
            TEACHER_REF,
            C("area", "Область компетенций", "enum", required=True, choices=AREA),
            C("topic", "Тема"),
            C("format", "Формат", "enum", choices=FORMAT),
            C("hours", "Часы", "int", min=1, max=2000),
            C("submitted", "Дата заявки", "date"),
        ),
        natural_key=("teacher_code", "area", "topic"),
    ),
    TableSpec(
        "diagnostics",
        "Диагностика профессиональных дефицитов",
        "Diagnostic",
        (
            TEACHER_REF,
            C("date", "Дата", "date", required=True),
            C("area", "Область компетенций", "enum", required=True, choices=AREA),
            C("score", "Балл", "int", required=True, min=0, max=100),
            C("instrument", "Инструмент"),
        ),
        natural_key=("teacher_code", "date", "area"),
    ),
    TableSpec(
        "attestations",
        "Аттестация",
        "Attestation",
        (
            TEACHER_REF,
            C("date", "Дата", "date", required=True),
            C("kind", "Вид аттестации", "enum", required=True, choices=ATTESTATION_KIND),
            C("result", "Результат", "enum", required=True, choices=ATTESTATION_RESULT),
        ),
        natural_key=("teacher_code", "date", "kind"),
    ),
    TableSpec(
        "events",
        "Методические мероприятия",
        "MethodEvent",
        (
            C("org_code", "Код ОО", ref="organizations", note="Пусто — муниципальное мероприятие"),
            C("date", "Дата", "date", required=True),
            C("form", "Форма", "enum", required=True, choices=EVENT_FORM),
            C("title", "Название", required=True),
            C("participants", "Участников", "int", min=0),
            C("presenter_codes", "Коды выступающих", "list", ref="teachers", note="Через «;»"),
            C(
                "level",
                "Уровень",
                "enum",
                choices=EVENT_LEVEL,
                note="Пусто — муниципальный, если код ОО пуст, иначе уровень ОО "
                "(школа может проводить муниципальную площадку)",
            ),
            C(
                "mode",
                "Вид консультации",
                "enum",
                choices=CONSULTATION_MODE,
                note="Только для консультаций; пусто — групповая",
            ),
        ),
        natural_key=("org_code", "date", "title"),
    ),
    TableSpec(
        "competitions",
        "Конкурсы профессионального мастерства",
        "CompetitionEntry",
        (
            TEACHER_REF,
            C("competition", "Конкурс", "enum", required=True, choices=COMPETITION),
            C("year", "Год", "int", required=True, min=1990, max=2100),
            C("result", "Результат", "enum", required=True, choices=COMPETITION_RESULT),
        ),
        natural_key=("teacher_code", "competition", "year"),
    ),
    TableSpec(
        "courses",
        "Каталог курсов",
        "CatalogueCourse",
        (
            C("code", "Код курса", required=True),
            C("title", "Название", required=True),
            C(
                "areas",
                "Области компетенций",
                "enum_list",
                required=True,
                choices=AREA,
                note="Через «;»",
            ),
            C(
                "hours",
                "Часы",
                "int",
                required=True,
                min=16,
                max=2000,
                note="Курс повышения квалификации — не менее 16 часов",
            ),
            C("provider", "Организатор"),
            C("format", "Формат", "enum", choices=FORMAT),
            C("capacity", "Мест в год", "int", required=True, min=0),
            C("quarter", "Квартал", "int", required=True, min=1, max=4),
            C(
                "levels",
                "Для типов ОО",
                "enum_list",
                choices=ORG_KIND,
                note="Через «;»; пусто — для всех типов организаций",
            ),
            C(
                "positions",
                "Для должностей",
                "enum_list",
                choices={name: name for name in POSITIONS},
                note="Через «;», названия должностей из списка; пусто — для всех должностей",
            ),
        ),
    ),
)

TABLES_BY_NAME: dict[str, TableSpec] = {t.name: t for t in TABLES}
LIST_SEPARATOR = ";"
