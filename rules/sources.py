"""The documents the rules cite: the seed files by number, and the regulations.

Seed `002` is `docs/sources/002_fa86f36a544a7863.txt` (see `docs/sources/README.md`);
the catalogue cites seeds as «seed 002», the documents print their titles.
"""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Seed:
    file: str
    #: Russian, as a document's list of sources prints it
    title: str


SEEDS: dict[str, Seed] = {
    "000": Seed(
        "000_0df255a44ae5b804.txt",
        "Резолюция круглого стола о профстандарте педагога, Енисейск, 2016",
    ),
    "001": Seed(
        "001_0cc70ac88b2645a4.txt",
        "Резолюция круглого стола по итогам месячника методической работы, Белово, 2017",
    ),
    "002": Seed(
        "002_fa86f36a544a7863.txt",
        "Рекомендации по итогам мониторинга профессионального развития, Петрозаводск, 2021",
    ),
    "003": Seed(
        "003_b81ec09b4e6c05f1.txt",
        "Программа непрерывного повышения профессиональной компетентности педагога, 2020",
    ),
    "004": Seed(
        "004_b7337f6c806d93fe.txt",
        "Приказ и положение о персонифицированном ПК, Тунгиро-Олёкминский район, 2020",
    ),
}

ORDER_196 = "приказ Минпросвещения России от 24.03.2023 № 196 (Порядок аттестации)"
ORDER_276 = "приказ Минобрнауки России от 07.04.2014 № 276 (прежний Порядок аттестации)"
#: in the genitive: it follows an article («ст. 47 ...»)
LAW_273 = "Федерального закона от 29.12.2012 № 273-ФЗ «Об образовании в Российской Федерации»"
