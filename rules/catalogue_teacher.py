"""The catalogue rows of the teacher rules T01–T13 (delivered in the school's packet)."""

from typing import Any

from models.enums import AddresseeType, Priority
from rules.conditions import Condition, Test
from rules.rule_meta import Phase, RuleMeta
from rules.sources import LAW_273, ORDER_196, ORDER_276
from rules.status import CATEGORIES_FIRST_OR_HIGHER, CATEGORIES_HIGHEST_OR_HIGHER

TEACHER, ORG = AddresseeType.teacher, AddresseeType.organization
HIGH, NORMAL, LOW = Priority.high, Priority.normal, Priority.low


def teacher(field: str, test: Test, wording: str, operand: Any = None, **kw: Any) -> Condition:
    return Condition("TeacherFact", field, test, wording, operand, **kw)


def deficit(level: str, wording: str, *keys: str) -> Condition:
    """A diagnostic result at `level`; the wording names the cut-offs that define it."""
    return Condition("DeficitFact", "level", "is", wording, level, keys=keys)


NOT_EXEMPT = teacher(
    "exempt",
    "is",
    "педагог не освобождён от аттестации (отпуск по уходу за ребёнком, длительная болезнь)",
    False,
)
NO_CRITICAL = teacher("has_critical", "is", "критических дефицитов нет", False)
NO_DEFICIT = teacher(
    "has_any_deficit",
    "is",
    "педагог продиагностирован и по последней диагностике дефицитов нет ни в одной области, "
    "все баллы не ниже {}",
    False,
    keys=("deficits.moderate_below",),
)
FIRST_OR_HIGHER = teacher(
    "category", "in", "действующая категория «первая» или выше", CATEGORIES_FIRST_OR_HIGHER
)
HIGHEST_OR_HIGHER = teacher(
    "category", "in", "действующая категория «высшая» или выше", CATEGORIES_HIGHEST_OR_HIGHER
)
YOUNG = teacher(
    "young", "is", "педагогический стаж меньше {}", True, keys=("mentoring.young_teacher_years",)
)

TEACHER_RULES: tuple[RuleMeta, ...] = (
    RuleMeta(
        "T01",
        "Курс повышения квалификации по критическому дефициту",
        "teacher",
        TEACHER,
        "seed 004 (разд. 2: персонифицированное повышение компетенций по итогам диагностики "
        "дефицитов, КПК); seed 000 (индивидуальная траектория по итогам внутреннего аудита); "
        "приказ Минобрнауки № 266 (2025): курс повышения квалификации — не менее 16 ч.",
        "персонифицированное повышение квалификации по итогам диагностики профессиональных "
        "дефицитов (профстандарт «Педагог», приказ Минтруда № 544н)",
        Phase.DEFICITS,
        HIGH,
        (
            deficit(
                "critical",
                "по последней диагностике (на дату цикла) балл педагога в области ниже порога "
                "критического дефицита {}",
                "deficits.critical_below",
            ),
        ),
        "Если план повышения квалификации (этап planning) назначил педагогу курс каталога по "
        "этой области, рекомендация называет курс и квартал; если мест не хватило или курса по "
        "области нет, потребность передаётся в ИМЦ (см. M06). Срабатывает на каждую область с "
        "критическим дефицитом.",
        "включить в ИОМ курс каталога по области дефицита (с учётом мест в группах)",
        1,
        ("deficits.critical_below",),
    ),
    RuleMeta(
        "T02",
        "Внутришкольная поддержка по умеренному дефициту",
        "teacher",
        TEACHER,
        "seed 000 (предметные МО помогают составить индивидуальный план профразвития); seed 001 "
        "(самообразование по индивидуальным образовательным маршрутам)",
        "внутренний аудит профессиональных дефицитов и индивидуальный план профессионального "
        "развития педагога",
        Phase.DEFICITS,
        NORMAL,
        (
            deficit(
                "moderate",
                "балл педагога в области не ниже {} и ниже {}",
                "deficits.critical_below",
                "deficits.moderate_below",
            ),
        ),
        "Если в области есть и критический дефицит, действует T01, а T02 для этой области не "
        "срабатывает.",
        "поддержка внутри школы: методическое объединение, тема самообразования, консультации "
        "наставника",
        2,
        ("deficits.critical_below", "deficits.moderate_below"),
    ),
    RuleMeta(
        "T03",
        "Обязательное повышение квалификации: истёк трёхлетний срок",
        "teacher",
        TEACHER,
        "273-ФЗ ст. 47 ч. 5 п. 2 (право на ДПО не реже одного раза в три года), ст. 48 ч. 1 п. 7 "
        "(обязанность систематически повышать квалификацию); приказ № 266 (2025): курс от 16 ч.; "
        "seed 003 (план повышения квалификации — IV квартал)",
        f"п. 2 ч. 5 ст. 47 и п. 7 ч. 1 ст. 48 {LAW_273}",
        Phase.DEFICITS,
        HIGH,
        (
            teacher(
                "pd_current",
                "is",
                "за {} до даты цикла у педагога нет завершённого курса объёмом не менее {} ч.",
                False,
                keys=("pd.period_years", "pd.min_course_hours"),
            ),
            teacher(
                "exempt",
                "is",
                "педагог не в отпуске и не освобождён после болезни (план таким курс не назначает)",
                False,
            ),
        ),
        "Если план назначил педагогу курс от {pd.min_course_hours} ч. (по любой причине), "
        "рекомендация называет его; иначе курс включается в ИОМ, а потребность передаётся в ИМЦ.",
        "обязательный курс повышения квалификации в плане следующего года",
        4,
        ("pd.period_years", "pd.min_course_hours"),
    ),
    RuleMeta(
        "T04",
        "Наставник для молодого педагога",
        "teacher",
        TEACHER,
        "seed 002 (система наставничества, поддержка молодых педагогов); seed 004 (разд. 3: "
        "система наставничества)",
        "система наставничества педагогических работников, поддержка молодых педагогов",
        Phase.SUPPORT,
        HIGH,
        (YOUNG, teacher("has_mentor", "is", "наставник не закреплён", False)),
        "Кандидат подбирается в той же организации: категория «первая» или выше, стаж не менее "
        "{mentoring.mentor_min_experience}, не более {mentoring.mentor_max_mentees} подопечных, "
        "по возможности с общим предметом. Если кандидата нет, рекомендация говорит об этом и "
        "вопрос передаётся в ИМЦ.",
        "закрепить названного наставника",
        1,
        (
            "mentoring.young_teacher_years",
            "mentoring.mentor_min_experience",
            "mentoring.mentor_max_mentees",
        ),
    ),
    RuleMeta(
        "T05",
        "Сопровождение аттестации: истекает срок категории",
        "teacher",
        TEACHER,
        "приказ № 276 (срок действия категории 5 лет); приказ № 196 (категория, установленная "
        "с 01.09.2023, бессрочна; установленная ранее сохраняет срок); seed 003 (сопровождение "
        "подготовки к аттестации — постоянно)",
        f"{ORDER_196}; {ORDER_276}",
        Phase.ATTESTATION,
        HIGH,
        (
            teacher(
                "category_expires_soon",
                "is",
                "категория «первая» или выше установлена до {} и потому действует {}; срок "
                "истекает после даты цикла, но не позднее чем через {} мес.",
                True,
                keys=(
                    "attestation.reform_date",
                    "attestation.category_term_years",
                    "attestation.expiry_window_months",
                ),
            ),
            NOT_EXEMPT,
        ),
        "",
        "сопровождение подготовки к аттестации до истечения срока категории",
        1,
        (
            "attestation.reform_date",
            "attestation.category_term_years",
            "attestation.expiry_window_months",
        ),
    ),
    RuleMeta(
        "T06",
        "Аттестация на соответствие занимаемой должности",
        "teacher",
        TEACHER,
        "приказ № 196 (аттестация на соответствие занимаемой должности раз в 5 лет для "
        "работников без категории; не аттестуются проработавшие в организации менее 2 лет, "
        "находящиеся в отпуске по беременности и родам, по уходу за ребёнком, отсутствовавшие "
        "более 4 месяцев по болезни — в течение года после выхода); 273-ФЗ ст. 49",
        f"{ORDER_196}; ст. 49 {LAW_273}",
        Phase.ATTESTATION,
        HIGH,
        (
            teacher(
                "szd_due",
                "is",
                "у педагога нет действующей квалификационной категории (или она истекла), он "
                "работает в организации не менее {}, и за {} аттестации на СЗД не было",
                True,
                keys=("attestation.szd_min_years_in_org", "attestation.szd_period_years"),
            ),
            NOT_EXEMPT,
        ),
        "",
        "аттестация на соответствие занимаемой должности",
        2,
        ("attestation.szd_min_years_in_org", "attestation.szd_period_years"),
    ),
    RuleMeta(
        "T07",
        "Заявление на высшую квалификационную категорию",
        "teacher",
        TEACHER,
        "приказ № 196 (срок ожидания между первой и высшей категорией не установлен; в приказе "
        "№ 276 он был 2 года); seed 003 (сопровождение аттестации)",
        ORDER_196,
        Phase.ATTESTATION,
        NORMAL,
        (
            teacher("category", "is", "действующая категория — «первая»", "first"),
            NO_CRITICAL,
            teacher(
                "presented_recently",
                "is",
                "за {} педагог представлял опыт",
                True,
                keys=("activity.presentation_period_years",),
            ),
            NOT_EXEMPT,
            teacher(
                "years_in_category",
                "at_least",
                "категория установлена не менее {} назад",
                limit="attestation.first_to_highest_min_years",
            ),
        ),
        "По умолчанию срок ожидания 0: приказ № 196 его не устанавливает.",
        "подать заявление на высшую категорию",
        2,
        ("attestation.first_to_highest_min_years", "activity.presentation_period_years"),
    ),
    RuleMeta(
        "T08",
        "Представление опыта на муниципальной площадке",
        "teacher",
        TEACHER,
        "seed 001 (педагогам — представлять опыт раз в три года на одной из площадок МСНО; "
        "ИМЦ — электронный банк представленного опыта)",
        "муниципальная практика: каждый педагог представляет опыт не реже раза в три года",
        Phase.GROWTH,
        LOW,
        (
            FIRST_OR_HIGHER,
            NO_DEFICIT,
            teacher(
                "presented_recently",
                "is",
                "за {} педагог не представлял опыт на мероприятиях",
                False,
                keys=("activity.presentation_period_years",),
            ),
        ),
        "",
        "представить опыт на муниципальной площадке; материалы — в банк опыта",
        4,
        ("activity.presentation_period_years", "deficits.moderate_below"),
    ),
    RuleMeta(
        "T09",
        "Профилактика профессионального выгорания",
        "teacher",
        ORG,
        "seed 002 (группе низкой эффективности — система профилактики выгорания); seed 004 "
        "(разд. 1, 3: профилактика профессионального выгорания — направление методической "
        "службы)",
        "профилактика профессионального выгорания педагогов",
        Phase.SUPPORT,
        HIGH,
        (
            teacher(
                "burnout_risk",
                "is",
                "результат опроса педагога по шкале выгорания не ниже {}",
                True,
                keys=("burnout.risk_score",),
            ),
        ),
        "Адресовано руководителю организации, конфиденциально: балл в тексте не приводится, "
        "в ИОМ педагога рекомендация не попадает.",
        "консультация педагога-психолога, пересмотр нагрузки (руководителю, конфиденциально)",
        1,
        ("burnout.risk_score",),
    ),
    RuleMeta(
        "T10",
        "Конкурс «Дебют»",
        "teacher",
        TEACHER,
        "seed 003 (участие в конкурсах профессионального мастерства «Дебют», «Учитель года», "
        "«Воспитатель года», «Лидер в образовании»; закрепление молодых педагогов)",
        "муниципальная программа непрерывного повышения профессиональной компетентности "
        "педагога: конкурсы профессионального мастерства",
        Phase.GROWTH,
        LOW,
        (
            NO_CRITICAL,
            teacher(
                "experience",
                "lt",
                "педагогический стаж меньше {}",
                limit="activity.debut_max_experience",
            ),
        ),
        "",
        "участие в конкурсе «Дебют»",
        4,
        ("activity.debut_max_experience",),
    ),
    RuleMeta(
        "T11",
        "Конкурс «Учитель года» / «Воспитатель года»",
        "teacher",
        TEACHER,
        "seed 003 (конкурсы «Учитель года», «Воспитатель года»)",
        "муниципальная программа непрерывного повышения профессиональной компетентности "
        "педагога: конкурсы профессионального мастерства",
        Phase.GROWTH,
        LOW,
        (
            HIGHEST_OR_HIGHER,
            NO_DEFICIT,
            teacher(
                "competed_recently",
                "is",
                "за {} педагог не участвовал в конкурсах профессионального мастерства",
                False,
                keys=("activity.competition_period_years",),
            ),
        ),
        "Для дошкольной организации — «Воспитатель года».",
        "участие в конкурсе «Учитель года» (школа) / «Воспитатель года» (детский сад)",
        4,
        ("activity.competition_period_years", "deficits.moderate_below"),
    ),
    RuleMeta(
        "T12",
        "Резерв руководящих кадров",
        "teacher",
        TEACHER,
        "seed 004 (разд. 3: мобильный кадровый резерв руководителей, траектории карьерного "
        "роста); seed 003 (конкурс «Лидер в образовании»)",
        "формирование кадрового резерва руководителей образовательных организаций",
        Phase.GROWTH,
        LOW,
        (
            HIGHEST_OR_HIGHER,
            NO_CRITICAL,
            teacher(
                "experience",
                "ge",
                "педагогический стаж не менее {}",
                limit="activity.leader_min_experience",
            ),
        ),
        "",
        "включить в резерв руководящих кадров; конкурс «Лидер в образовании»",
        2,
        ("activity.leader_min_experience",),
    ),
    RuleMeta(
        "T13",
        "Неудовлетворённый запрос на курс",
        "teacher",
        TEACHER,
        "seed 003 (база данных запросов — I–II кварталы; план повышения квалификации — IV квартал)",
        "база данных запросов на повышение квалификации муниципальной программы",
        Phase.DEFICITS,
        NORMAL,
        (
            Condition(
                "UnplacedFact",
                "reason",
                "is",
                "запрос педагога на курс, собранный в этом цикле, план не смог удовлетворить (в "
                "каталоге нет курса по области или не хватило мест)",
                "request",
            ),
        ),
        "Запрос отмечается как неудовлетворённый и передаётся в ИМЦ. Неразмещённые курсы по "
        "критическому дефициту и по истёкшему сроку ПК сообщают T01 и T03.",
        "запрос отмечен неудовлетворённым и передан в ИМЦ",
        1,
    ),
)
