"""Monitoring indicators of a school and its effectiveness group.

Seed 002 (Petrozavodsk monitoring, 2021) sorts schools into three groups —
high, medium and low effectiveness — with a recommendation set per group, but
gives no formula. The product's own method (docs/method.md, «Effectiveness groups»)
is eight shares 0..1 and their weighted mean; weights and cut-offs are in
`rules/thresholds.toml` (`[effectiveness]`) so a municipality can change them,
and the monitoring report prints them.

Every teacher fact comes from `rules.status`, so "PD is current"
means here what it means to the plan and to the rules.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from models.payloads import MonitoringMethod
from models.profile import OrgProfile, TeacherProfile
from models.russian import years_genitive, years_nominative
from rules import status
from rules.thresholds import Thresholds

INDICATOR_NAMES: tuple[str, ...] = (
    "pd_coverage",
    "category_share",
    "no_critical_share",
    "mentored_young_share",
    "presented_share",
    "staffing",
    "no_burnout_share",
    "competition_share",
)

#: Indicators that are shares of the teaching staff; undefined for a school with no teachers.
TEACHER_SHARES: tuple[str, ...] = tuple(n for n in INDICATOR_NAMES if n != "staffing")

#: The composite is rounded to this many digits before the cut-offs apply, so that float
#: noise (0.7499999999 for an exact 3/4) never moves a school to a lower group.
COMPOSITE_DIGITS = 6


@dataclass(frozen=True)
class OrgIndicators:
    """One school's indicators (each 0..1), their weighted mean and its group.

    `values` always holds every name of `INDICATOR_NAMES`. `teachers` is the
    head count the shares are taken of; 0 means the shares are vacuous (see
    `compute_indicators`).
    """

    org_code: str
    values: dict[str, float]
    composite: float
    group: str
    teachers: int


def effectiveness_group(composite: float, th: Thresholds) -> str:
    """`high` from the high cut-off (inclusive), `medium` from the medium one, else `low`."""
    if composite >= th.effectiveness.high:
        return "high"
    if composite >= th.effectiveness.medium:
        return "medium"
    return "low"


def _share(teachers: Sequence[TeacherProfile], test: Callable[[TeacherProfile], bool]) -> float:
    return sum(1 for t in teachers if test(t)) / len(teachers) if teachers else 1.0


def _weighted_mean(values: dict[str, float], th: Thresholds, names: Sequence[str]) -> float:
    weights = th.effectiveness.weights
    unknown = set(weights) - set(INDICATOR_NAMES)
    if unknown:
        raise ValueError(f"unknown effectiveness weights: {sorted(unknown)}")
    total = sum(weights.get(n, 0.0) for n in names)
    if total <= 0:
        return 0.0
    return round(sum(weights.get(n, 0.0) * values[n] for n in names) / total, COMPOSITE_DIGITS)


def compute_indicators(org: OrgProfile, *, as_of: date, th: Thresholds) -> OrgIndicators:
    """The eight indicators of docs/domain.md for one school on the cycle date.

    - `pd_coverage`: a ≥16 h course in the 3 years before the cycle date
      (273-ФЗ art. 47 p. 5; `status.pd_is_current`);
    - `category_share`: «первая» or higher held on the cycle date, an expired
      pre-reform category counting as none (orders 276 and 196);
    - `no_critical_share`: no critical deficit in the latest diagnostics (seed
      004); a teacher never diagnosed has none known;
    - `mentored_young_share`: young teachers with a mentor, 1 when there are
      no young teachers (seeds 002, 004);
    - `presented_share`: presented experience in the last 3 years (seed 001);
    - `staffing`: 1 − vacancies / posts, posts = teachers + vacancies (seed 002
      names staff shortage a risk);
    - `no_burnout_share`: not at burnout risk; an unknown score is not risk;
    - `competition_share`: took part in a competition in the last 3 years (seed 003).

    Every share counts all teachers on the staff list, those on leave included:
    the school answers for its whole staff.

    A school with no teachers: the seven teacher shares are vacuous and reported
    as 1.0 (no teacher fails them, as with `mentored_young_share`, so no rule
    fires on an absent teacher); staffing is 0 (no post is filled; with no
    vacancies either the school has no teaching posts at all, most likely teachers
    not yet loaded). The composite is then staffing alone, 0, and the group low,
    which draws the coordinator's attention rather than praising an empty school.
    """
    teachers = org.teachers
    young = [t for t in teachers if status.is_young(t, th)]
    posts = len(teachers) + org.vacancies
    values = {
        "pd_coverage": _share(teachers, lambda t: status.pd_is_current(t, as_of, th)),
        "category_share": _share(
            teachers,
            lambda t: status.effective_category(t, as_of, th) in status.CATEGORIES_FIRST_OR_HIGHER,
        ),
        "no_critical_share": _share(teachers, lambda t: not status.has_critical_deficit(t, th)),
        "mentored_young_share": _share(young, lambda t: bool(t.mentor_code)),
        "presented_share": _share(
            teachers,
            lambda t: status.presented_within(t, as_of, th.activity.presentation_period_years),
        ),
        "staffing": len(teachers) / posts if posts else 0.0,
        "no_burnout_share": _share(teachers, lambda t: not status.at_burnout_risk(t, th)),
        "competition_share": _share(
            teachers,
            lambda t: status.competed_within(t, as_of, th.activity.competition_period_years),
        ),
    }
    names = INDICATOR_NAMES if teachers else ("staffing",)
    composite = _weighted_mean(values, th, names)
    return OrgIndicators(
        org_code=org.code,
        values=values,
        composite=composite,
        group=effectiveness_group(composite, th),
        teachers=len(teachers),
    )


def municipal_average(items: Sequence[OrgIndicators]) -> dict[str, float]:
    """The simple mean over schools of each indicator and of the composite.

    A simple (per-school) mean, not teacher-weighted: the effectiveness group
    classifies schools, so the report compares a school with the average
    school, and a large school does not outweigh small rural ones. Schools
    without teachers are left out (their shares are vacuous). Keys: every name
    of `INDICATOR_NAMES` and `composite`; empty when no school has teachers.
    """
    counted = [i for i in items if i.teachers > 0]
    if not counted:
        return {}
    n = len(counted)
    result = {name: sum(i.values[name] for i in counted) / n for name in INDICATOR_NAMES}
    result["composite"] = sum(i.composite for i in counted) / n
    return result


def indicator_definitions(th: Thresholds) -> dict[str, str]:
    """How each indicator is counted, in Russian, for the method section of the report."""

    def over(years: int) -> str:  # «за 3 года», «за 5 лет»
        return f"за {years} {_years_word(years)}"

    young = years_genitive(th.mentoring.young_teacher_years)
    term = years_nominative(th.attestation.category_term_years)
    reform = th.attestation.reform_date.strftime("%d.%m.%Y")
    return {
        "pd_coverage": (
            f"доля педагогов, прошедших курс повышения квалификации не менее "
            f"{th.pd.min_course_hours} ч {over(th.pd.period_years)} до даты цикла "
            "(273-ФЗ, ст. 47 ч. 5)"
        ),
        "category_share": (
            "доля педагогов с действующей квалификационной категорией не ниже первой "
            f"(категория, установленная до {reform}, действует {term}; приказы № 276 и № 196)"
        ),
        "no_critical_share": (
            f"доля педагогов без критического профессионального дефицита (балл ниже "
            f"{th.deficits.critical_below} по последней диагностике)"
        ),
        "mentored_young_share": (
            f"доля молодых педагогов (стаж менее {young}), имеющих наставника; "
            "1, если молодых педагогов нет"
        ),
        "presented_share": (
            "доля педагогов, представивших опыт на мероприятиях "
            f"{over(th.activity.presentation_period_years)}"
        ),
        "staffing": "укомплектованность: 1 − вакансии / (педагоги + вакансии)",
        "no_burnout_share": (
            f"доля педагогов без риска профессионального выгорания (балл опроса ниже "
            f"{th.burnout.risk_score}; нет данных — риска нет)"
        ),
        "competition_share": (
            "доля участников профессиональных конкурсов "
            f"{over(th.activity.competition_period_years)}"
        ),
    }


def _years_word(n: int) -> str:
    """«за 3 года», «за 5 лет», «за 1 год» (accusative after «за»)."""
    return years_nominative(n).split(" ", 1)[1]


def _decimal(x: float) -> str:
    return f"{x:g}".replace(".", ",")


def method_description(th: Thresholds) -> MonitoringMethod:
    """The method as the monitoring report prints it: weights, cut-offs, definitions."""
    return MonitoringMethod(
        indicators=tuple(INDICATOR_NAMES),
        definitions=indicator_definitions(th),
        weights={n: th.effectiveness.weights.get(n, 0.0) for n in INDICATOR_NAMES},
        high=th.effectiveness.high,
        medium=th.effectiveness.medium,
        text=(
            "Показатели — доли от 0 до 1; сводный показатель — их взвешенное среднее, "
            f"округлённое до {COMPOSITE_DIGITS} знаков. Группа эффективности: высокая — от "
            f"{_decimal(th.effectiveness.high)}, средняя — от {_decimal(th.effectiveness.medium)}, "
            "низкая — ниже. Организация без педагогов относится к группе по "
            "укомплектованности. Среднее по муниципалитету — простое среднее по "
            "организациям, имеющим педагогов (метод продукта; группы — по рекомендациям "
            "мониторинга, Петрозаводск, 2021)."
        ),
    )
