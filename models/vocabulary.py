"""The words a document uses for an organization of each kind, and their agreement.

A kindergarten is not written to as a school: «внутри детского сада»,
«воспитанники», «педагогическая нагрузка». Documents (and later rule texts)
take every such word from `vocabulary(kind)`; nothing else spells them.
"""

from dataclasses import dataclass
from typing import Literal

Gender = Literal["masculine", "feminine", "neuter", "plural"]


@dataclass(frozen=True)
class Vocabulary:
    """The words for one kind of organization (`models.enums.OrgKind` values)."""

    kind: str
    #: the organization by its kind, nominative: «школа», «детский сад»
    organization: str
    #: its grammatical gender, for a verb or adjective agreeing with `organization`
    gender: Gender
    #: «в школе», «в детском саду», «в организации»
    in_organization: str
    #: «внутри школы», «внутри детского сада»
    inside: str
    #: those taught, nominative plural: «обучающиеся», «воспитанники»
    learners: str
    #: the staff, nominative plural
    staff: str
    #: the association where support inside the organization happens
    association: str
    #: the same in the genitive («консультации …») and the prepositional («работа в …»)
    association_gen: str
    association_prep: str
    #: a teacher's working hours, nominative and accusative («пересмотреть …»)
    workload: str
    workload_acc: str


_GENERIC = Vocabulary(
    kind="",
    organization="организация",
    gender="feminine",
    in_organization="в организации",
    inside="внутри организации",
    learners="обучающиеся",
    staff="педагоги",
    association="методическое объединение",
    association_gen="методического объединения",
    association_prep="методическом объединении",
    workload="педагогическая нагрузка",
    workload_acc="педагогическую нагрузку",
)

VOCABULARY: dict[str, Vocabulary] = {
    "school": Vocabulary(
        kind="school",
        organization="школа",
        gender="feminine",
        in_organization="в школе",
        inside="внутри школы",
        learners="обучающиеся",
        staff="педагоги",
        association="школьное методическое объединение",
        association_gen="школьного методического объединения",
        association_prep="школьном методическом объединении",
        workload="учебная нагрузка",
        workload_acc="учебную нагрузку",
    ),
    "preschool": Vocabulary(
        kind="preschool",
        organization="детский сад",
        gender="masculine",
        in_organization="в детском саду",
        inside="внутри детского сада",
        learners="воспитанники",
        staff="педагоги",
        association="методическое объединение педагогов детского сада",
        association_gen="методического объединения педагогов детского сада",
        association_prep="методическом объединении педагогов детского сада",
        workload="педагогическая нагрузка",
        workload_acc="педагогическую нагрузку",
    ),
    "additional": Vocabulary(
        kind="additional",
        organization="организация дополнительного образования",
        gender="feminine",
        in_organization="в организации",
        inside="внутри организации",
        learners="обучающиеся",
        staff="педагоги дополнительного образования",
        association="методическое объединение педагогов",
        association_gen="методического объединения педагогов",
        association_prep="методическом объединении педагогов",
        workload="педагогическая нагрузка",
        workload_acc="педагогическую нагрузку",
    ),
}

#: words (lower-case stems) that belong to a school only: never in a kindergarten's
#: document («учебный год» is a kindergarten's too; «учебная нагрузка» is not)
SCHOOL_WORDS: tuple[str, ...] = (
    "школ",
    "внутришкольн",
    "учебная нагрузка",
    "учебную нагрузку",
    "учебной нагрузки",
    "урок",
    "ученик",
    "обучающ",
)


def vocabulary(kind: str | None) -> Vocabulary:
    """The words for `kind`; an unknown or empty kind gets the neutral «организация»."""
    return VOCABULARY.get(kind or "", _GENERIC)


def agree(gender: Gender, masculine: str, feminine: str, neuter: str, plural: str) -> str:
    """The form of a verb or adjective agreeing with a noun of `gender`:
    agree(vocabulary("preschool").gender, "отнесён", "отнесена", "отнесено", "отнесены")."""
    return {"masculine": masculine, "feminine": feminine, "neuter": neuter, "plural": plural}[
        gender
    ]
