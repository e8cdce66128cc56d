"""Russian texts of the recommendations: one Jinja2 template per rule method in `rules/texts/`.

Each text is a sentence or two a school head can act on: what, for whom, by
when (a quarter of the plan year, the cycle year + 1) and why (the basis from
the catalogue). Templates are plain text; line breaks and indentation in a
template are for its reader only, `render` folds all whitespace into single
spaces (so a line break after a block tag is a word break, hence no
`trim_blocks`).
"""

from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

TEMPLATES = Path(__file__).with_name("texts")

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

AREA_LABELS = {
    "subject": "предметная компетенция",
    "methodical": "методическая компетенция",
    "psycho_pedagogical": "психолого-педагогическая компетенция",
    "communicative": "коммуникативная компетенция",
    "digital": "цифровая компетенция (ИКТ)",
    "legal": "правовая компетенция",
}

CATEGORY_LABELS = {
    "none": "без категории",
    "szd": "соответствие занимаемой должности",
    "first": "первая",
    "highest": "высшая",
    "methodist": "педагог-методист",
    "mentor": "педагог-наставник",
}

GROUP_LABELS = {
    "high": "«Высокая степень эффективности деятельности»",
    "medium": "«Средняя степень эффективности деятельности»",
    "low": "«Низкая степень эффективности деятельности»",
}


def roman(quarter: int) -> str:
    return ROMAN[int(quarter)]


def deadline(quarter: int, plan_year: int) -> str:
    """«до конца I квартала 2027 г.»"""
    return f"до конца {roman(quarter)} квартала {plan_year} г."


def ru_date(iso: str) -> str:
    """2027-03-01 -> 01.03.2027"""
    y, m, d = iso.split("-")
    return f"{d}.{m}.{y}"


def area_label(area: str) -> str:
    return AREA_LABELS.get(area, area or "область не указана")


def category_label(category: str) -> str:
    return CATEGORY_LABELS.get(category, category)


def percent(share: float) -> str:
    """0.25 -> «25 %» (a narrow no-break space is not used: the PDFs' fonts may lack it)."""
    value = round(share * 100, 1)
    return f"{value:g} %".replace(".", ",")


def num(value: float) -> str:
    """3.0 -> «3», 2.5 -> «2,5»."""
    return f"{float(value):g}".replace(".", ",")


def dec2(value: float) -> str:
    """0.8123 -> «0,81»."""
    return f"{float(value):.2f}".replace(".", ",")


def plural(n: int, one: str, few: str, many: str) -> str:
    """Russian plural: 1 педагог, 2 педагога, 5 педагогов."""
    n = abs(int(n))
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


@lru_cache(maxsize=1)
def environment() -> Environment:
    # autoescape is off on purpose: these are plain-text sentences stored in the
    # database, exported as JSON/CSV and escaped by whatever renders them (the
    # PDF templates autoescape HTML); escaping here would show «&quot;» to a head.
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        autoescape=False,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(
        roman=roman,
        ru_date=ru_date,
        area=area_label,
        category=category_label,
        percent=percent,
        num=num,
        dec2=dec2,
        group=lambda g: GROUP_LABELS.get(g, g),
    )
    env.globals.update(plural=plural, deadline=deadline)
    return env


@cache
def _template(name: str) -> Any:
    return environment().get_template(f"{name}.j2")


def render(name: str, **context: Any) -> str:
    """The text of template `name` (a rule method's name), whitespace folded."""
    return " ".join(_template(name).render(**context).split())


def template_names() -> list[str]:
    return sorted(p.stem for p in TEMPLATES.glob("*.j2") if not p.stem.startswith("_"))
