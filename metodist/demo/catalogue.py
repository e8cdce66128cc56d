"""The course catalogue (КПК) of next year: every area, ≥16 h, seats limited.

Seats are what the plan must ration: the catalogue offers roughly one seat
for every two teachers, each course for the kinds of organization and the
positions its provider names (no kindergarten teacher on a school course), and
the digital area — the one where diagnostics find the most critical deficits
and teachers ask the most — gets the fewest seats per request, so its demand
exceeds capacity (T13, M06) as in real municipalities. For a region the same
templates run as several groups in different quarters and with larger groups,
so the capacity per teacher, and thus the shortage, stays the same at any scale.
"""

import math
from random import Random
from typing import Any

#: (title, areas, hours, format, seats per group for ~480 teachers, quarter, levels,
#: positions): levels and positions say whom a course is for (empty: everyone), as a
#: course provider announces it — school-subject courses for school teachers, the ФОП ДО
#: for kindergartens, courses of their own for psychologists and ПДО
S, D, A = "school", "preschool", "additional"
TEACHER, PDO, PSYCHOLOGIST = "учитель", "педагог дополнительного образования", "педагог-психолог"
EDUCATORS = ("воспитатель", "старший воспитатель")
TEMPLATES: tuple[
    tuple[str, tuple[str, ...], int, str, int, int, tuple[str, ...], tuple[str, ...]], ...
] = (
    ("Реализация требований обновлённых ФГОС ООО и СОО в работе учителя",
     ("subject", "methodical"), 36, "blended", 25, 1, (S,), (TEACHER,)),
    ("Методика подготовки обучающихся к ГИА по предметам", ("subject",), 36, "in_person", 20, 2,
     (S,), (TEACHER,)),
    ("Современные подходы к преподаванию русского языка и литературы",
     ("subject",), 24, "remote", 15, 3, (S,), (TEACHER,)),
    ("Федеральная образовательная программа дошкольного образования: содержание и реализация",
     ("subject", "methodical"), 72, "blended", 15, 1, (D,), ()),
    ("Формирование функциональной грамотности обучающихся", ("subject", "methodical"), 36,
     "remote", 25, 4, (S,), (TEACHER,)),
    ("Проектирование современного урока в логике системно-деятельностного подхода",
     ("methodical",), 24, "in_person", 20, 1, (S,), (TEACHER,)),
    ("Формирующее оценивание в образовательном процессе", ("methodical",), 16, "remote", 25, 3,
     (S,), ()),
    ("Организация проектной и исследовательской деятельности обучающихся",
     ("methodical",), 36, "blended", 15, 2, (S, A), ()),
    ("Наставничество в образовательной организации: технологии и практики",
     ("methodical", "communicative"), 36, "in_person", 15, 2, (), ()),
    ("Инклюзивное образование детей с ОВЗ в условиях реализации ФГОС",
     ("psycho_pedagogical",), 72, "blended", 20, 2, (), ()),
    ("Профилактика деструктивного поведения подростков", ("psycho_pedagogical",), 24,
     "in_person", 15, 3, (S, A), ()),
    ("Психолого-педагогическое сопровождение одарённых детей", ("psycho_pedagogical",), 24,
     "remote", 15, 4, (), ()),
    ("Профилактика профессионального выгорания педагога",
     ("psycho_pedagogical", "communicative"), 16, "in_person", 15, 1, (), ()),
    ("Эффективная коммуникация с родителями обучающихся", ("communicative",), 16, "remote", 20, 3,
     (), ()),
    ("Медиация и разрешение конфликтов в школьной среде", ("communicative",), 24,
     "in_person", 15, 4, (S,), ()),
    ("Воспитательная работа: роль классного руководителя", ("communicative",
     "psycho_pedagogical"), 36, "blended", 20, 1, (S,), (TEACHER,)),
    ("Цифровая образовательная среда: ФГИС «Моя школа» и цифровой контент", ("digital",), 24,
     "blended", 12, 1, (S,), ()),
    ("Использование инструментов искусственного интеллекта в работе педагога", ("digital",), 16,
     "remote", 12, 2, (), ()),
    ("Создание цифровых образовательных ресурсов", ("digital",), 36, "in_person", 10, 3, (), ()),
    ("Информационная безопасность детей в сети Интернет", ("digital", "legal"), 16,
     "remote", 12, 4, (), ()),
    ("Нормативно-правовое регулирование в сфере образования", ("legal",), 16, "remote", 20, 1,
     (), ()),
    ("Аттестация педагогических работников по приказу № 196", ("legal", "methodical"), 16,
     "remote", 20, 2, (), ()),
    ("Защита персональных данных в образовательной организации", ("legal", "digital"), 16,
     "remote", 10, 3, (), ()),
    ("Профессиональные стандарты и трудовое законодательство для педагога", ("legal",), 18,
     "blended", 15, 4, (), ()),
    ("Развивающая предметно-пространственная среда дошкольной образовательной организации",
     ("subject", "methodical", "psycho_pedagogical"), 36, "blended", 15, 2, (D,), EDUCATORS),
    ("Музыкальное и физическое развитие детей дошкольного возраста", ("subject", "methodical"),
     24, "in_person", 8, 3, (D,), ("музыкальный руководитель",
                                   "инструктор по физической культуре")),
    ("Психологическое консультирование и диагностика в образовательной организации",
     ("psycho_pedagogical", "subject"), 72, "blended", 10, 2, (), (PSYCHOLOGIST,)),
    ("Дополнительные общеразвивающие программы: проектирование и реализация",
     ("subject", "methodical"), 36, "blended", 15, 1, (),
     (PDO, "старший педагог дополнительного образования")),
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
        for title, areas, hours, fmt, seats, quarter, levels, positions in TEMPLATES:
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
                    "levels": list(levels),
                    "positions": list(positions),
                }
            )
    return rows
