"""Who works where: positions by organization kind, subjects, and the share of men.

Positions follow the nomenclature of teaching posts (постановление № 225 of
2013): a school has subject teachers plus a psychologist, a social pedagogue,
a speech therapist and, since 2023, an adviser on upbringing; a kindergarten
has educators (воспитатели) plus a music director and a PE instructor; a
centre of additional education has педагоги дополнительного образования.
Men are about one teacher in six in Russian schools, fewer in kindergartens,
more among PE, ОБЗР, labour and IT teachers.
"""

from random import Random

from metodist.demo.draw import choice, cumulative, weighted
from metodist.demo.organizations import Org

TEACHER = "учитель"
EDUCATOR = "воспитатель"
PDO = "педагог дополнительного образования"

#: (subjects, weight): a teacher's bundle of subjects
SUBJECT_BUNDLES: tuple[tuple[tuple[str, ...], int], ...] = (
    (("начальные классы",), 22),
    (("русский язык", "литература"), 14),
    (("математика",), 9),
    (("математика", "информатика"), 2),
    (("английский язык",), 8),
    (("немецкий язык",), 1),
    (("история", "обществознание"), 7),
    (("физическая культура",), 7),
    (("биология",), 3),
    (("биология", "химия"), 2),
    (("химия",), 2),
    (("физика",), 3),
    (("физика", "математика"), 1),
    (("география",), 3),
    (("информатика",), 2),
    (("музыка",), 2),
    (("изобразительное искусство",), 2),
    (("труд (технология)",), 3),
    (("основы безопасности и защиты Родины",), 2),
)
_BUNDLES = [b for b, _ in SUBJECT_BUNDLES]
_BUNDLE_CUM = cumulative([w for _, w in SUBJECT_BUNDLES])
DIRECTIONS = (
    "робототехника", "программирование", "хореография", "вокал", "изобразительное искусство",
    "декоративно-прикладное творчество", "театр", "шахматы", "туризм и краеведение",
    "экология", "журналистика", "3D-моделирование",
)  # fmt: skip
_MALE_SHARE = {
    "физическая культура": 0.45, "основы безопасности и защиты Родины": 0.7,
    "труд (технология)": 0.45, "информатика": 0.35, "физика": 0.3, "история": 0.2,
    "робототехника": 0.5, "программирование": 0.5, "шахматы": 0.5,
    "туризм и краеведение": 0.5, "3D-моделирование": 0.5,
}  # fmt: skip


def positions(org: Org) -> list[str]:
    """The posts of an organization of `org.size` teaching staff, specialists first."""
    n = org.size
    if org.kind == "school":
        specialists = [
            ("педагог-психолог", n >= 10),
            ("советник директора по воспитанию", n >= 8),
            ("социальный педагог", n >= 15),
            ("учитель-логопед", n >= 25),
            (PDO, n >= 20),
            ("педагог-организатор", n >= 30),
            (PDO, n >= 45),
            ("педагог-библиотекарь", n >= 40),
        ]
        rest = TEACHER
    elif org.kind == "preschool":
        specialists = [
            ("старший воспитатель", n >= 10),
            ("музыкальный руководитель", True),
            ("инструктор по физической культуре", n >= 12),
            ("учитель-логопед", n >= 12),
            ("педагог-психолог", n >= 14),
            ("музыкальный руководитель", n >= 22),
            ("учитель-логопед", n >= 24),
        ]
        rest = EDUCATOR
    else:
        specialists = [
            ("методист", True),
            ("педагог-организатор", n >= 12),
            ("педагог-психолог", n >= 20),
            ("методист", n >= 22),
        ]
        rest = PDO
    posts = [p for p, present in specialists if present][: max(0, n - 2)]
    return posts + [rest] * (n - len(posts))


def subjects_for(rng: Random, org: Org, position: str) -> list[str]:
    """Subjects of a school teacher, the direction of a ПДО, none for other posts."""
    if position == TEACHER:
        return list(weighted(rng, _BUNDLES, _BUNDLE_CUM))
    if position == PDO:
        return [choice(rng, DIRECTIONS)]
    return []


def is_female(rng: Random, org: Org, position: str, subjects: list[str]) -> bool:
    if org.kind == "preschool":
        male = 0.25 if position == "инструктор по физической культуре" else 0.02
    else:
        default = 0.3 if org.kind == "additional" else 0.08
        male = max((_MALE_SHARE.get(s, default) for s in subjects), default=default)
    return rng.random() >= male
