"""The steps of a teacher's route: what each kind of step is called and what it means.

A route step says what, by when and with whom, once; the full wording of a
kind of step is printed once per packet («Что означают пункты маршрута»), not
per teacher. The words depend on the kind of organization (`models.vocabulary`):
a kindergarten's teacher is supported «внутри детского сада», not «внутри школы».
Rule titles of the catalogue are for reviewers; a route names its steps here.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from metodist.config import thresholds
from models.russian import date_long, plural, plural_form, years_genitive, years_nominative
from models.vocabulary import Vocabulary
from rules.thresholds import Thresholds


@dataclass(frozen=True)
class StepKind:
    """How a route names a teacher rule's step, and what the step means in full."""

    #: the short «what» of the step; `{inside}`, `{association}`… are vocabulary words
    label: str
    #: with whom the step is taken, when the step itself names no one
    partner: str
    #: the full wording, printed once per packet
    meaning: str


#: the centre of the municipality, as a route names it
CENTRE = "методический центр"

STEP_KINDS: dict[str, StepKind] = {
    "T01": StepKind(
        "Курс по критическому дефициту",
        CENTRE,
        "Курс повышения квалификации по области критического дефицита. Если места на курсе "
        "в плане не нашлось, потребность передана в методический центр, а до зачисления "
        "педагог занимается самообразованием и получает консультации {association_gen}.",
    ),
    "T02": StepKind(
        "Поддержка {inside}",
        "методическое объединение, наставник",
        "Поддержка по умеренным дефицитам {inside}: работа в {association_prep}, тема "
        "самообразования по названным областям, консультации наставника или опытного "
        "коллеги; отражается в ИОМ.",
    ),
    "T03": StepKind(
        "Обязательное повышение квалификации",
        CENTRE,
        "Курс повышения квалификации объёмом от {pd_hours} не реже одного раза в "
        "{pd_period} (ст. 47 Федерального закона № 273-ФЗ): курс включается в план до "
        "истечения срока; если места в плане не нашлось, потребность передана в методический "
        "центр.",
    ),
    "T04": StepKind(
        "Наставничество",
        "",
        "Молодому педагогу закрепляется наставник: приказ о наставничестве и план работы "
        "пары. Если наставника {inside} нет, его подбирает методический центр.",
    ),
    "T05": StepKind(
        "Аттестация до истечения срока категории",
        "руководитель, ответственный за аттестацию",
        "Категория, установленная до {reform_date}, действует {category_term}: подготовка к "
        "аттестации и заявление подаются заранее, не позднее чем за {apply_before} до "
        "истечения срока. Категория, установленная по новому Порядку, бессрочна.",
    ),
    "T06": StepKind(
        "Аттестация на соответствие занимаемой должности",
        "руководитель, аттестационная комиссия организации",
        "Педагог без квалификационной категории, работающий в организации не менее "
        "{szd_in_org}, проходит аттестацию на соответствие занимаемой должности один раз в "
        "{szd_period}.",
    ),
    "T07": StepKind(
        "Заявление на высшую квалификационную категорию",
        "руководитель, ответственный за аттестацию",
        "Педагог с первой категорией без критических дефицитов, представивший опыт, может "
        "подать заявление на высшую категорию: срок ожидания после первой не установлен.",
    ),
    "T08": StepKind(
        "Представление опыта на муниципальной площадке",
        CENTRE,
        "Педагог без дефицитов представляет опыт не реже раза в {presentation_period} на "
        "муниципальной площадке; материалы включаются в банк опыта методического центра.",
    ),
    "T10": StepKind(
        "Конкурс «Дебют»",
        "наставник, методическое объединение",
        "Педагог со стажем менее {debut_experience} без критических дефицитов участвует в "
        "муниципальном конкурсе профессионального мастерства «Дебют».",
    ),
    "T11": StepKind(
        "Конкурс профессионального мастерства",
        CENTRE,
        "Педагог высшей категории без дефицитов, не участвовавший в конкурсах "
        "{competition_period}, выдвигается на конкурс профессионального мастерства по своей "
        "должности.",
    ),
    "T12": StepKind(
        "Резерв руководящих кадров, конкурс «Лидер в образовании»",
        CENTRE,
        "Опытный педагог высшей категории без критических дефицитов включается в резерв "
        "руководящих кадров и может участвовать в конкурсе «Лидер в образовании».",
    ),
    "T13": StepKind(
        "Запрос на курс — в плане не удовлетворён",
        CENTRE,
        "Запрос педагога на курс, который план не смог удовлетворить, передан в методический "
        "центр: решение о дополнительной группе или ином формате обучения.",
    ),
}


def words(vocab: Vocabulary, t: Thresholds | None = None) -> Mapping[str, str]:
    """The vocabulary and the terms in force (default: `thresholds()`) as `str.format` names
    for the wordings above: a municipality that changes a term reads its own term."""
    t = t or thresholds()
    at, act = t.attestation, t.activity
    return {
        "inside": vocab.inside,
        "association": vocab.association,
        "association_gen": vocab.association_gen,
        "association_prep": vocab.association_prep,
        "pd_hours": f"{t.pd.min_course_hours} ч",
        "pd_period": years_nominative(t.pd.period_years),
        "reform_date": date_long(at.reform_date),
        "category_term": years_nominative(at.category_term_years),
        "apply_before": plural(at.apply_days_before_expiry, "день", "дня", "дней"),
        "szd_in_org": years_genitive(at.szd_min_years_in_org),
        "szd_period": years_nominative(at.szd_period_years),
        "presentation_period": years_nominative(act.presentation_period_years),
        "debut_experience": years_genitive(act.debut_max_experience),
        "competition_period": years_nominative(act.competition_period_years),
    }


def step_kind(rule_id: str, vocab: Vocabulary, title: str) -> StepKind:
    """The step kind of `rule_id` in `vocab`'s words; a rule without one is named by `title`."""
    kind = STEP_KINDS.get(rule_id)
    if kind is None:
        return StepKind(title, "", "")
    w = words(vocab)
    return StepKind(kind.label.format(**w), kind.partner.format(**w), kind.meaning.format(**w))


def burnout_to_head(names: list[str], vocab: Vocabulary, deadline: str) -> str:
    """T09 to the head, once for all the teachers it names (never in a route)."""
    verb = plural_form(len(names), "относится", "относятся", "относятся")
    return (
        "Конфиденциально, руководителю: по результатам опроса к группе риска "
        f"профессионального выгорания {verb} "
        f"{', '.join(names)}. Рекомендуется {deadline} предложить каждому консультацию "
        f"педагога-психолога и пересмотреть {vocab.workload_acc} и поручения; сведения "
        "не включаются в ИОМ и не разглашаются."
    )
