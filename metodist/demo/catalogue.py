"""The course catalogue (КПК) of next year: every area, ≥16 h, seats limited.

Seats are what the plan must ration: the catalogue offers roughly one seat
for every two teachers, and the digital area — the one where diagnostics find
the most critical deficits and teachers ask the most — gets the fewest seats
per request, so its demand exceeds capacity (T13, M06) as in real
municipalities. For a region the same templates run as several groups in
different quarters and with larger groups, so the capacity per teacher, and
thus the shortage, stays the same at any scale.
"""

import math
from random import Random
from typing import Any

#: (title, areas, hours, format, seats per group for ~480 teachers, quarter)
TEMPLATES: tuple[tuple[str, tuple[str, ...], int, str, int, int], ...] = (
    ("Реализация требований обновлённых ФГОС ООО и СОО в работе учителя",
     ("subject", "methodical"), 36, "blended", 25, 1),
    ("Методика подготовки обучающихся к ГИА по предметам", ("subject",), 36, "in_person", 20, 2),
    ("Современные подходы к преподаванию русского языка и литературы",
     ("subject",), 24, "remote", 15, 3),
    ("Федеральная образовательная программа дошкольного образования: содержание и реализация",
     ("subject", "methodical"), 72, "blended", 15, 1),
    ("Формирование функциональной грамотности обучающихся", ("subject", "methodical"), 36,
     "remote", 25, 4),
    ("Проектирование современного урока в логике системно-деятельностного подхода",
     ("methodical",), 24, "in_person", 20, 1),
    ("Формирующее оценивание в образовательном процессе", ("methodical",), 16, "remote", 25, 3),
    ("Организация проектной и исследовательской деятельности обучающихся",
     ("methodical",), 36, "blended", 15, 2),
    ("Наставничество в образовательной организации: технологии и практики",
     ("methodical", "communicative"), 36, "in_person", 15, 2),
    ("Инклюзивное образование детей с ОВЗ в условиях реализации ФГОС",
     ("psycho_pedagogical",), 72, "blended", 20, 2),
    ("Профилактика деструктивного поведения подростков", ("psycho_pedagogical",), 24,
     "in_person", 15, 3),
    ("Психолого-педагогическое сопровождение одарённых детей", ("psycho_pedagogical",), 24,
     "remote", 15, 4),
    ("Профилактика профессионального выгорания педагога",
     ("psycho_pedagogical", "communicative"), 16, "in_person", 15, 1),
    ("Эффективная коммуникация с родителями обучающихся", ("communicative",), 16, "remote", 20, 3),
    ("Медиация и разрешение конфликтов в школьной среде", ("communicative",), 24,
     "in_person", 15, 4),
    ("Воспитательная работа: роль классного руководителя", ("communicative",
     "psycho_pedagogical"), 36, "blended", 20, 1),
    ("Цифровая образовательная среда: ФГИС «Моя школа» и цифровой контент", ("digital",), 24,
     "blended", 12, 1),
    ("Использование инструментов искусственного интеллекта в работе педагога", ("digital",), 16,
     "remote", 12, 2),
    ("Создание цифровых образовательных ресурсов", ("digital",), 36, "in_person", 10, 3),
    ("Информационная безопасность детей в сети Интернет", ("digital", "legal"), 16,
     "remote", 12, 4),
    ("Нормативно-правовое регулирование в сфере образования", ("legal",), 16, "remote", 20, 1),
    ("Аттестация педагогических работников по приказу № 196", ("legal", "methodical"), 16,
     "remote", 20, 2),
    ("Защита персональных данных в образовательной организации", ("legal", "digital"), 16,
     "remote", 10, 3),
    ("Профессиональные стандарты и трудовое законодательство для педагога", ("legal",), 18,
     "blended", 15, 4),
)  # fmt: skip
PROVIDERS = (
    "Региональный институт развития образования",
    "ЦНППМ «Учитель будущего»",
    "Муниципальный методический центр",
    "Академия Минпросвещения России",
    "Педагогический университет (ДПО)",
)
DEMO_TEACHERS = 480


def build_catalogue(rng: Random, teachers: int) -> list[dict[str, Any]]:
    """Rows of `courses`: every template once, or in several groups for a region."""
    scale = max(1, teachers) / DEMO_TEACHERS
    groups = max(1, round(math.sqrt(scale)))
    rows: list[dict[str, Any]] = []
    width = max(3, len(str(len(TEMPLATES) * groups)))
    for g in range(groups):
        for title, areas, hours, fmt, seats, quarter in TEMPLATES:
            rows.append(
                {
                    "code": f"KPK-{len(rows) + 1:0{width}d}",
                    "title": title,
                    "areas": list(areas),
                    "hours": hours,
                    "provider": PROVIDERS[rng.randrange(len(PROVIDERS))],
                    "format": fmt,
                    "capacity": max(2, round(seats * scale / groups)),
                    "quarter": (quarter - 1 + g) % 4 + 1,
                    "levels": [],  # open to every kind and position
                    "positions": [],
                }
            )
    return rows
