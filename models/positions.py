"""The nomenclature of teaching positions, as schools write them in `teachers.position`.

A catalogue course names the positions it is for from this list (docs/contract.md
`courses.csv`); a teacher's own `position` stays free text and is matched to
the list by `canonical_position`: case, spaces and «ё» do not matter.
"""

POSITIONS: tuple[str, ...] = (
    "учитель",
    "воспитатель",
    "старший воспитатель",
    "педагог дополнительного образования",
    "старший педагог дополнительного образования",
    "педагог-психолог",
    "социальный педагог",
    "учитель-логопед",
    "учитель-дефектолог",
    "педагог-организатор",
    "педагог-библиотекарь",
    "музыкальный руководитель",
    "инструктор по физической культуре",
    "методист",
    "старший методист",
    "советник директора по воспитанию",
    "тьютор",
    "преподаватель",
    "концертмейстер",
    "тренер-преподаватель",
)


def fold_position(text: str) -> str:
    """The form two spellings of one position share: one space, case and «ё» folded."""
    return " ".join(text.split()).casefold().replace("ё", "е")


_BY_FOLDED = {fold_position(name): name for name in POSITIONS}


def canonical_position(text: str | None) -> str | None:
    """The nomenclature's name for `text`, or None when it names no position of the list."""
    return _BY_FOLDED.get(fold_position(text)) if text else None
