"""Jinja2 filters: Russian dates, plurals, percentages, quarters and enumeration names.

Templates format nothing inline; every number and date a document prints
passes through one of these functions, which are unit-tested.
"""

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from metodist.documents import labels
from metodist.importing import spec

#: U+202F NARROW NO-BREAK SPACE: between a number and «%», and between digit groups.
NNBSP = "\u202f"
NBSP = "\u00a0"
DASH = "—"

MONTHS_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip
ROMAN_QUARTER = {1: "I", 2: "II", 3: "III", 4: "IV"}


def date_long(value: date | datetime | None) -> str:
    """«15 ноября 2026 г.»; an empty value prints as a dash."""
    if value is None:
        return DASH
    return f"{value.day} {MONTHS_GENITIVE[value.month - 1]} {value.year} г."


def date_short(value: date | datetime | None) -> str:
    """«15.11.2026» (ДД.ММ.ГГГГ)."""
    if value is None:
        return DASH
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"


def plural_form(n: int, one: str, few: str, many: str) -> str:
    """The noun form agreeing with `n`: 1 педагог, 2 педагога, 5 педагогов, 21 педагог."""
    n = abs(int(n))
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def plural(n: int, one: str, few: str, many: str) -> str:
    """The number and its agreeing noun: «5 педагогов»."""
    return f"{number(n)} {plural_form(n, one, few, many)}"


def _round(value: float, digits: int) -> Decimal:
    # Decimal half-up: 0.425 -> 43 %, as people round, not as floats do.
    exponent = Decimal(1).scaleb(-digits)
    return Decimal(str(value)).quantize(exponent, rounding=ROUND_HALF_UP)


def number(value: float | int | None, digits: int = 0) -> str:
    """«1 234,5»: decimal comma and narrow no-break spaces between thousands."""
    if value is None:
        return DASH
    rounded = _round(value, digits)
    if rounded == 0:
        rounded = abs(rounded)  # no «-0»
    text = f"{rounded:,.{digits}f}"
    return text.replace(",", NNBSP).replace(".", ",")


def percent(share: float | None, digits: int = 0) -> str:
    """A share 0..1 as «42 %», with a narrow no-break space before the sign."""
    if share is None:
        return DASH
    return f"{number(share * 100, digits)}{NNBSP}%"


def points(delta: float | None) -> str:
    """A difference of two shares in percentage points: «+12 п. п.», «−3 п. п.»."""
    if delta is None:
        return DASH
    value = _round(delta * 100, 0)
    if value == 0:
        return f"0{NNBSP}п.{NNBSP}п."
    sign = "+" if value > 0 else "\u2212"
    return f"{sign}{number(float(abs(value)))}{NNBSP}п.{NNBSP}п."


def quarter(q: int | None, year: int | None = None) -> str:
    """«I квартал 2027 г.»; no quarter means «в течение года»."""
    if q is None:
        return "в течение года" if year is None else f"в течение {year} г."
    if q not in ROMAN_QUARTER:
        raise ValueError(f"a quarter is 1..4, not {q!r}")
    text = f"{ROMAN_QUARTER[q]} квартал"
    return text if year is None else f"{text} {year} г."


def hours(n: int | None) -> str:
    """«72 ч»."""
    return DASH if n is None else f"{number(n)}{NNBSP}ч"


def capfirst(text: str) -> str:
    """Upper-case the first letter only (Jinja's `capitalize` lowers «СЗД» to «Сзд»)."""
    return text[:1].upper() + text[1:]


_INITIAL = re.compile(r"(?<=\b[А-ЯЁA-Z]\.) (?=[А-ЯЁA-Z])")
_ABBREVIATION = re.compile(r"(?<=\b[гпсд]\.) |(?<=\bим\.) |(?<=\bул\.) ")


def typo(text: str | None) -> str:
    """No line break after «№», «г.», «им.» and between initials: «№ 3», «А. С. Пушкина»."""
    if not text:
        return ""
    text = _ABBREVIATION.sub(NBSP, text.replace("№ ", "№" + NBSP))
    return _INITIAL.sub(NBSP, text)


def _labeller(table: Mapping[str, str], name: str) -> Callable[[str | None], str]:
    def label(key: str | None) -> str:
        if key is None or key == "":
            return DASH
        try:
            return table[str(key)]
        except KeyError:
            raise KeyError(f"no Russian name for {name} {key!r}") from None

    label.__name__ = name
    label.__doc__ = f"The Russian name of a {name} key."
    return label


area = _labeller(spec.AREA, "area")
area_short = _labeller(labels.AREA_SHORT, "area_short")
category = _labeller(spec.CATEGORY, "category")
org_kind = _labeller(spec.ORG_KIND, "org_kind")
course_format = _labeller(spec.FORMAT, "course_format")
competition = _labeller(spec.COMPETITION, "competition")
attestation_kind = _labeller(spec.ATTESTATION_KIND, "attestation_kind")
indicator = _labeller(labels.INDICATOR, "indicator")
indicator_short = _labeller(labels.INDICATOR_SHORT, "indicator_short")
group = _labeller(labels.GROUP, "group")
group_title = _labeller(labels.GROUP_TITLE, "group_title")
priority = _labeller(labels.PRIORITY, "priority")
addressee = _labeller(labels.ADDRESSEE, "addressee")
deficit_level = _labeller(labels.DEFICIT_LEVEL, "deficit_level")
route_kind = _labeller(labels.ROUTE_KIND, "route_kind")
standard = _labeller(labels.STANDARD_544N, "standard")


def source_codes(value: str | None) -> list[str]:
    """The parts of a rule's source: «002, 273-ФЗ ст. 47» -> ["002", "273-ФЗ ст. 47"]."""
    return [p.strip() for p in (value or "").replace(";", ",").split(",") if p.strip()]


def source(value: str | None) -> str:
    """Expand seed numbers in a rule's source: «002, 273-ФЗ ст. 47» -> full names."""
    if not value:
        return DASH
    return "; ".join(
        f"{labels.SOURCE[p]} ({p})" if p in labels.SOURCE else p for p in source_codes(value)
    )


FILTERS: dict[str, Callable[..., object]] = {
    "capfirst": capfirst,
    "typo": typo,
    "date_long": date_long,
    "date_short": date_short,
    "plural": plural,
    "plural_form": plural_form,
    "number": number,
    "percent": percent,
    "quarter": quarter,
    "hours": hours,
    "points": points,
    "area": area,
    "area_short": area_short,
    "category": category,
    "org_kind": org_kind,
    "course_format": course_format,
    "competition": competition,
    "attestation_kind": attestation_kind,
    "indicator": indicator,
    "indicator_short": indicator_short,
    "group": group,
    "group_title": group_title,
    "priority": priority,
    "addressee": addressee,
    "deficit_level": deficit_level,
    "route_kind": route_kind,
    "standard": standard,
    "source": source,
    "source_codes": source_codes,
}
