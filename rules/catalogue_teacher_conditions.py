"""Conditions the teacher rows of the catalogue share (`rules.catalogue_teacher`,
`rules.catalogue_attestation`): one wording for "not absent", "no deficit", ..."""

from typing import Any

from models.enums import AddresseeType, Priority
from rules.conditions import Condition, Test
from rules.status import CATEGORIES_FIRST_OR_HIGHER, CATEGORIES_HIGHEST_OR_HIGHER

TEACHER, ORG = AddresseeType.teacher, AddresseeType.organization
HIGH, NORMAL, LOW = Priority.high, Priority.normal, Priority.low


def teacher(field: str, test: Test, wording: str, operand: Any = None, **kw: Any) -> Condition:
    return Condition("TeacherFact", field, test, wording, operand, **kw)


def deficit(level: str, wording: str, *keys: str) -> Condition:
    """A diagnostic result at `level`; the wording names the cut-offs that define it."""
    return Condition("DeficitFact", "level", "is", wording, level, keys=keys)


AT_WORK = teacher(
    "absent",
    "is",
    "педагог не отсутствует на дату цикла (нет незавершённого отпуска по беременности и родам, "
    "по уходу за ребёнком, иного отпуска или болезни)",
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
