"""The catalogue rows of the rules for the centre (M01–M07); the head's rows (O01–O12) live in
`rules.catalogue_organization` and are re-exported here for `rules.catalogue`."""

from typing import Any

from models.enums import AddresseeType, Priority
from rules.catalogue_organization import ORGANIZATION_RULES as ORGANIZATION_RULES
from rules.conditions import Condition, Test
from rules.rule_meta import Phase, RuleMeta

CENTRE = AddresseeType.centre
HIGH, NORMAL = Priority.high, Priority.normal


def municipality(field: str, test: Test, wording: str, operand: Any = None, **kw: Any) -> Condition:
    return Condition("MunicipalityFact", field, test, wording, operand, **kw)


CENTRE_RULES: tuple[RuleMeta, ...] = (
    RuleMeta(
        "M01",
        "Адресная поддержка организации группы низкой эффективности",
        "centre",
        CENTRE,
        "seed 002 (Центру развития образования: оказать адресную поддержку организациям "
        "группы «Низкая степень эффективности»)",
        "рекомендации по результатам мониторинга (адресная поддержка)",
        Phase.MUNICIPAL,
        HIGH,
        (
            Condition(
                "SchoolFact",
                "group",
                "is",
                "по итогам мониторинга организация отнесена к группе «низкая»: композитный "
                "показатель ниже {}",
                "low",
                keys=("effectiveness.medium",),
            ),
        ),
        "Срабатывает для каждой такой организации; организация названа в тексте и в evidence.",
        "адресная поддержка названной организации",
        1,
        ("effectiveness.medium",),
    ),
    RuleMeta(
        "M02",
        "Муниципальный семинар и группа КПК по области дефицита",
        "centre",
        CENTRE,
        "seed 000 (методическому центру — семинары по обмену опытом); seed 001 "
        "(планирование методической работы на основе затруднений, адресная помощь)",
        "планирование методической работы на основе выявленных затруднений педагогов",
        Phase.MUNICIPAL,
        HIGH,
        (
            Condition("AreaFact", "critical", "gt", "в области есть критические дефициты", 0),
            Condition(
                "AreaFact",
                "share",
                "ge",
                "критический дефицит в области (балл ниже {}) у доли продиагностированных по "
                "ней педагогов муниципалитета не меньше {}",
                limit="centre.area_critical_share",
                keys=("deficits.critical_below", "centre.area_critical_share"),
            ),
        ),
        "",
        "цикл муниципальных семинаров и группа КПК по области",
        2,
        ("centre.area_critical_share", "deficits.critical_below"),
    ),
    RuleMeta(
        "M03",
        "Электронный банк педагогического опыта",
        "centre",
        CENTRE,
        "seed 001 (ИМЦ — создать электронный банк представленного опыта); seed 003 "
        "(обобщение опыта, выпуск сборника)",
        "электронный банк представленного опыта; сборник",
        Phase.MUNICIPAL,
        NORMAL,
        (
            municipality(
                "experience_candidates",
                "gt",
                "хотя бы одному педагогу муниципалитета рекомендовано представить опыт "
                "(сработало T08)",
                0,
            ),
        ),
        "",
        "пополнить электронный банк опыта, подготовить сборник",
        4,
    ),
    RuleMeta(
        "M04",
        "Сетевое партнёрство школ разных групп",
        "centre",
        CENTRE,
        "seed 001 (сетевое взаимодействие — ведущий механизм); seed 002 (содействовать "
        "сетевым формам взаимодействия; адресная поддержка группы низкой эффективности)",
        "развитие сетевых форм взаимодействия педагогов",
        Phase.MUNICIPAL,
        NORMAL,
        (
            municipality(
                "low_group", "any", "в муниципалитете есть хотя бы одна организация группы «низкая»"
            ),
        ),
        "Предлагаются пары с организациями группы «высокая» (если таких нет — текст говорит "
        "об этом).",
        "сетевые пары организаций низкой и высокой групп",
        2,
        ("effectiveness.medium", "effectiveness.high"),
    ),
    RuleMeta(
        "M05",
        "Школа молодого педагога",
        "centre",
        CENTRE,
        "seed 002 (профессиональная помощь и поддержка молодых педагогов, система наставничества)",
        "поддержка молодых педагогов и система наставничества",
        Phase.MUNICIPAL,
        NORMAL,
        (
            municipality(
                "young_share",
                "ge",
                "молодые педагоги (стаж меньше {}) составляют не меньше {} педагогов "
                "муниципалитета",
                limit="centre.young_share",
                keys=("mentoring.young_teacher_years", "centre.young_share"),
            ),
        ),
        "",
        "школа молодого педагога, поддержка наставников",
        1,
        ("centre.young_share", "mentoring.young_teacher_years"),
    ),
    RuleMeta(
        "M06",
        "Дополнительные группы курсов",
        "centre",
        CENTRE,
        "seed 003 (план повышения квалификации по запросам — IV квартал)",
        "план повышения квалификации работников образования",
        Phase.MUNICIPAL,
        HIGH,
        (
            Condition(
                "DemandFact",
                "shortfall",
                "gt",
                "спрос плана по области (критические дефициты, истекающий срок ПК, запросы) "
                "больше подходящих мест: план не нашёл курса каталога для типа организации и "
                "должности педагога или места на нём хотя бы для одной потребности",
                0,
            ),
        ),
        "Нехватка считается по области и типу организации; предел курсов на одного педагога "
        "(planning.max_courses_per_teacher) нехваткой мест не считается.",
        "открыть дополнительные группы курсов по области для названных типов организаций",
        1,
    ),
    RuleMeta(
        "M07",
        "Списки для работы центра: наставники, конкурсы, резерв",
        "centre",
        CENTRE,
        "seed 002 (система наставничества); seed 004 (разд. 3: наставничество, резерв "
        "управленческих кадров); seed 003 (конкурсы профессионального мастерства, «Лидер в "
        "образовании»)",
        "поддержка молодых педагогов, конкурсы профессионального мастерства, резерв "
        "управленческих кадров",
        Phase.MUNICIPAL,
        NORMAL,
        (
            municipality(
                "outside_mentors",
                "any",
                "хотя бы для одного молодого педагога наставник внутри организации не найден "
                "(T04), или названы кандидаты на конкурс (T11) или в резерв (T12)",
            ),
        ),
        "Срабатывает и без молодых педагогов без наставника, если есть кандидаты T11 или T12.",
        "списки: кому нужен наставник извне, кандидаты на конкурсы, резерв",
        1,
    ),
)
