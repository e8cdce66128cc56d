"""Russian names of people, municipalities and organizations.

Faker is slow per call (tens of microseconds), and a region has 40,000
teachers, so Faker fills small pools once per seed and the generator combines
them with its own `random.Random`. Faker's Russian first names include many
archaic ones (Фирс, Галактион); teachers born 1955–2003 mostly carry the
common names below, so those are drawn first and Faker's pool adds variety.
"""

from functools import lru_cache
from random import Random

from faker import Faker

from metodist.demo.draw import choice

_FEMALE_FIRST = (
    ("Елена", 10), ("Ольга", 8), ("Наталья", 8), ("Татьяна", 8), ("Ирина", 7),
    ("Светлана", 7), ("Марина", 4), ("Юлия", 4), ("Анна", 4), ("Екатерина", 4),
    ("Галина", 3), ("Людмила", 3), ("Надежда", 3), ("Мария", 3), ("Оксана", 3),
    ("Лариса", 3), ("Анастасия", 3), ("Любовь", 2), ("Валентина", 2), ("Нина", 2),
    ("Дарья", 2), ("Виктория", 2), ("Алёна", 2), ("Евгения", 2), ("Ксения", 2),
    ("Вера", 2), ("Лидия", 1), ("Альбина", 1), ("Кристина", 1), ("Полина", 1),
)  # fmt: skip
_MALE_FIRST = (
    ("Александр", 6), ("Сергей", 6), ("Андрей", 4), ("Дмитрий", 4), ("Алексей", 4),
    ("Владимир", 4), ("Николай", 3), ("Игорь", 3), ("Евгений", 3), ("Михаил", 3),
    ("Виктор", 3), ("Юрий", 2), ("Олег", 2), ("Иван", 2), ("Павел", 2), ("Максим", 2),
    ("Артём", 2), ("Константин", 1), ("Роман", 1), ("Анатолий", 1), ("Вячеслав", 1),
)  # fmt: skip
_PATRONYMIC_ROOTS = (
    ("Александров", 6), ("Сергеев", 5), ("Владимиров", 5), ("Николаев", 4),
    ("Викторов", 4), ("Анатольев", 3), ("Иванов", 3), ("Юрьев", 3), ("Михайлов", 3),
    ("Васильев", 3), ("Петров", 2), ("Геннадьев", 2), ("Валерьев", 2), ("Алексеев", 2),
    ("Андреев", 2), ("Игорев", 1), ("Евгеньев", 2), ("Борисов", 2), ("Григорьев", 1),
    ("Фёдоров", 1), ("Павлов", 1), ("Леонидов", 1), ("Дмитриев", 1), ("Олегов", 1),
)  # fmt: skip
_COMMON_SHARE = 0.85


class NamePool:
    """Last, first and patronymic pools per gender, consistent in grammatical gender."""

    def __init__(self, seed: int) -> None:
        fake = Faker("ru_RU")
        fake.seed_instance(seed)
        self._last = {
            "f": _unique(fake.last_name_female, 500),
            "m": _unique(fake.last_name_male, 500),
        }
        self._faker_first = {
            "f": _unique(fake.first_name_female, 300),
            "m": _unique(fake.first_name_male, 300),
        }
        self._faker_middle = {
            "f": _unique(fake.middle_name_female, 300),
            "m": _unique(fake.middle_name_male, 300),
        }
        self._first = {"f": _expand(_FEMALE_FIRST), "m": _expand(_MALE_FIRST)}
        roots = _expand(_PATRONYMIC_ROOTS)
        self._middle = {"f": [r + "на" for r in roots], "m": [r + "ич" for r in roots]}

    def full_name(self, rng: Random, female: bool) -> str:
        """«Фамилия Имя Отчество» of one gender."""
        g = "f" if female else "m"
        # Faker's male first names are mostly archaic, so they are kept rare
        common = rng.random() < (_COMMON_SHARE if female else 0.97)
        first = choice(rng, self._first[g] if common else self._faker_first[g])
        common = rng.random() < _COMMON_SHARE
        middle = choice(rng, self._middle[g] if common else self._faker_middle[g])
        return f"{choice(rng, self._last[g])} {first} {middle}"


def _unique(make: object, draws: int) -> list[str]:
    """Distinct Faker values in first-seen order (a set's order would depend on hashing)."""
    seen: dict[str, None] = {}
    for _ in range(draws):
        seen.setdefault(make(), None)  # type: ignore[operator]
    return list(seen)


def _expand(weighted: tuple[tuple[str, int], ...]) -> list[str]:
    return [name for name, weight in weighted for _ in range(weight)]


@lru_cache(maxsize=8)
def name_pool(seed: int) -> NamePool:
    return NamePool(seed)


# Invented district names: real-sounding Siberian roots, no real municipality meant.
_DISTRICT_ROOTS = (
    "Кедров", "Светлоозёр", "Верхнеключев", "Сосновобор", "Приречен", "Тайгин",
    "Каменноярск", "Берёзовоозёр", "Усть-Кемчуг", "Ольхов", "Соловьин", "Заозёр",
    "Белокамен", "Черноречен", "Малоенисей", "Высокогор", "Студёнов", "Медвежьеозёр",
    "Кипрей", "Листвян", "Журавлёв", "Песчанобор", "Рябинов", "Голубин",
    "Таёжнинск", "Серебрянобор", "Клюквен", "Соболин", "Яркуль", "Полянск",
    "Глубокояр", "Черёмухов", "Тихоречен", "Орлиноярск", "Северобор", "Ключегор",
    "Луговск", "Осинов", "Добролюбов", "Шиверск",
)  # fmt: skip


def municipality_names(rng: Random, count: int) -> list[str]:
    """`count` distinct district names; a generation suffix when the roots run out."""
    roots = list(_DISTRICT_ROOTS)
    rng.shuffle(roots)
    names = []
    for i in range(count):
        root = roots[i % len(roots)]
        kind = "муниципальный округ" if i % 3 == 2 else "район"
        name = f"{root}ский {kind}".replace("скский", "ский")
        if i >= len(roots):
            name = f"{name} {i // len(roots) + 1}"
        names.append(name)
    return names


VILLAGES = (
    "с. Ключи", "п. Таёжный", "с. Берёзовка", "с. Заречье", "п. Кедровый", "с. Сосновка",
    "с. Михайловка", "с. Никольское", "п. Озёрный", "с. Подгорное", "с. Усть-Кемь",
    "д. Малая Речка", "с. Покровка", "п. Лесной", "с. Троицкое", "с. Ярцево",
)  # fmt: skip

KINDERGARTENS = (
    "Солнышко", "Берёзка", "Колокольчик", "Ромашка", "Теремок", "Радуга", "Сказка",
    "Улыбка", "Золотой ключик", "Алёнушка", "Светлячок", "Ласточка", "Рябинка",
    "Звёздочка", "Журавушка", "Капелька", "Родничок", "Белочка", "Медвежонок",
    "Дюймовочка", "Снежинка", "Чебурашка", "Кораблик", "Огонёк",
)  # fmt: skip

ADDITIONAL = (
    "Дом детского творчества", "Центр детского творчества", "Станция юных техников",
    "Центр дополнительного образования", "Станция юных натуралистов",
    "Детско-юношеский центр", "Центр технического творчества «Кванториум»",
)  # fmt: skip
