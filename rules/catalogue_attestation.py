"""The catalogue rows of the teacher's attestation rules T05–T07, T14, T15 (order 196)."""

from rules.catalogue_teacher_conditions import (
    AT_WORK,
    HIGH,
    NO_CRITICAL,
    NO_DEFICIT,
    NORMAL,
    TEACHER,
    teacher,
)
from rules.rule_meta import Phase, RuleMeta
from rules.sources import LAW_273, ORDER_196, ORDER_276

ATTESTATION_RULES: tuple[RuleMeta, ...] = (
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
            AT_WORK,
        ),
        "Текст называет дату истечения и дату, до которой подать заявление (за "
        "{attestation.apply_days_before_expiry} дн. до истечения); если она прошла — срочно, в "
        "текущем квартале, и никогда позже истечения. Если выполнены и условия T07, "
        "рекомендация одна: заявление на высшую категорию до истечения первой.",
        "сопровождение подготовки к аттестации до истечения срока категории",
        1,
        (
            "attestation.reform_date",
            "attestation.category_term_years",
            "attestation.expiry_window_months",
            "attestation.apply_days_before_expiry",
            "activity.presentation_period_years",
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
                "работает в организации не менее {}, за {} аттестация на СЗД не проводилась, "
                "и он не "
                "освобождён: не беременна, не в отпуске, после отпуска по беременности и родам "
                "или по уходу за ребёнком прошло не менее {}, после отсутствия по болезни — не "
                "менее {}",
                True,
                keys=(
                    "attestation.szd_min_years_in_org",
                    "attestation.szd_period_years",
                    "attestation.szd_years_after_childcare",
                    "attestation.szd_years_after_illness",
                ),
            ),
            AT_WORK,
        ),
        "",
        "аттестация на соответствие занимаемой должности",
        2,
        (
            "attestation.szd_min_years_in_org",
            "attestation.szd_period_years",
            "attestation.szd_years_after_childcare",
            "attestation.szd_years_after_illness",
        ),
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
                "за {} педагог представлял опыт на мероприятии муниципального уровня",
                True,
                keys=("activity.presentation_period_years",),
            ),
            AT_WORK,
            teacher(
                "category_expires_soon",
                "is",
                "срок категории не истекает в ближайшие месяцы "
                "(иначе действует T05 с заявлением на высшую)",
                False,
            ),
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
        "T14",
        "Аттестация после истечения срока категории",
        "teacher",
        TEACHER,
        "приказ № 276 (срок действия категории 5 лет); приказ № 196 (установленная до "
        "01.09.2023 категория сохраняет срок; аттестация на категорию — по заявлению, в любое "
        "время)",
        f"{ORDER_196}; {ORDER_276}",
        Phase.ATTESTATION,
        HIGH,
        (
            teacher(
                "category_expired",
                "is",
                "категория «первая» или выше, установленная до {}, истекла ({} лет) до даты цикла",
                True,
                keys=("attestation.reform_date", "attestation.category_term_years"),
            ),
            AT_WORK,
        ),
        "",
        "подать заявление на аттестацию для установления категории снова",
        1,
        ("attestation.reform_date", "attestation.category_term_years"),
    ),
    RuleMeta(
        "T15",
        "Заявление на категорию «педагог-наставник» или «педагог-методист»",
        "teacher",
        TEACHER,
        "приказ № 196 (педагоги с высшей категорией могут претендовать на «педагог-методист» "
        "или «педагог-наставник» по ходатайству работодателя); seed 003",
        ORDER_196,
        Phase.ATTESTATION,
        NORMAL,
        (
            teacher("category", "is", "действующая категория — «высшая»", "highest"),
            NO_DEFICIT,
            AT_WORK,
            teacher(
                "mentors_young",
                "any",
                "педагог наставляет молодого коллегу или представил опыт на муниципальном "
                "уровне не менее {} раз за {}",
                keys=("activity.methodist_min_presentations", "activity.presentation_period_years"),
            ),
        ),
        "Наставнику — «педагог-наставник», представившему опыт — «педагог-методист»; "
        "заявление подаётся с ходатайством работодателя.",
        "подать заявление на квалификационную категорию «педагог-наставник» / «педагог-методист»",
        2,
        (
            "activity.methodist_min_presentations",
            "activity.presentation_period_years",
            "deficits.moderate_below",
        ),
    ),
)
