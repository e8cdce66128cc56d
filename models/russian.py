"""Russian number, date and word forms: the one place the product formats them.

Rule texts, the analyses' reasons, the audit and the documents' filters all
format through here. Two families: plain strings stored in the database
(ordinary spaces, `percent_plain`, `num`) and typeset strings the PDFs print
(narrow no-break spaces, half-up rounding, `number`, `percent`).
"""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

#: U+202F NARROW NO-BREAK SPACE: between a number and «%», and between digit groups.
NNBSP = "\u202f"
NBSP = "\u00a0"
DASH = "—"

MONTHS_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip
MONTHS = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)  # fmt: skip
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


# ---- word forms


def plural_form(n: int, one: str, few: str, many: str) -> str:
    """The noun form agreeing with `n`: 1 педагог, 2 педагога, 5 педагогов, 21 педагог."""
    n = abs(int(n))
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def plural(n: int, one: str, few: str, many: str) -> str:
    """The number (typeset) and its agreeing noun: «5 педагогов»."""
    return f"{number(n)} {plural_form(n, one, few, many)}"


def years_genitive(n: float) -> str:
    """After «не менее», «от»: «1 года», «5 лет», «21 года», «2,5 года»."""
    if n != int(n):
        return f"{num(n)} года"
    return f"{int(n)} {plural_form(int(n), 'года', 'лет', 'лет')}"


def years_nominative(n: float) -> str:
    """After «стаж»: «1 год», «3 года», «12 лет», «7,5 года»."""
    if n != int(n):
        return f"{num(n)} года"
    return f"{int(n)} {plural_form(int(n), 'год', 'года', 'лет')}"


# ---- plain numbers (stored texts)


def num(value: float) -> str:
    """3.0 -> «3», 2.5 -> «2,5»."""
    return f"{float(value):g}".replace(".", ",")


def dec2(value: float) -> str:
    """0.8123 -> «0,81»."""
    return f"{float(value):.2f}".replace(".", ",")


def percent_plain(share: float) -> str:
    """0.225 -> «22,5 %», 0.25 -> «25 %» (an ordinary space: the PDFs' fonts may lack U+202F)."""
    return f"{round(share * 100, 1):g} %".replace(".", ",")


def percent_tenths(share: float) -> str:
    """Always one decimal: 0.305 -> «30,5 %», 0.3 -> «30,0 %»."""
    return f"{share * 100:.1f}".replace(".", ",") + " %"


# ---- typeset numbers (documents)


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


def hours(n: int | None) -> str:
    """«72 ч»."""
    return DASH if n is None else f"{number(n)}{NNBSP}ч"


# ---- quarters and dates


def roman(quarter: int) -> str:
    return ROMAN[int(quarter)]


def deadline(quarter: int, plan_year: int) -> str:
    """«до конца I квартала 2027 г.»"""
    return f"до конца {roman(quarter)} квартала {plan_year} г."


def quarter(q: int | None, year: int | None = None) -> str:
    """«I квартал 2027 г.»; no quarter means «в течение года»."""
    if q is None:
        return "в течение года" if year is None else f"в течение {year} г."
    if q not in ROMAN:
        raise ValueError(f"a quarter is 1..4, not {q!r}")
    text = f"{ROMAN[q]} квартал"
    return text if year is None else f"{text} {year} г."


def ru_date(iso: str) -> str:
    """2027-03-01 -> 01.03.2027"""
    y, m, d = iso.split("-")
    return f"{d}.{m}.{y}"


def date_long(value: date | datetime | None) -> str:
    """«15 ноября 2026 г.»; an empty value prints as a dash."""
    if value is None:
        return DASH
    return f"{value.day} {MONTHS_GENITIVE[value.month - 1]} {value.year} г."


def month_year(value: date | datetime) -> str:
    """«Январь 2027 г.», a heading of a calendar."""
    return f"{MONTHS[value.month - 1].capitalize()} {value.year} г."


def date_short(value: date | datetime | None) -> str:
    """«15.11.2026» (ДД.ММ.ГГГГ)."""
    if value is None:
        return DASH
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"


def count_phrase(
    n: int, noun: tuple[str, str, str], verb: tuple[str, str, str] | None = None
) -> str:
    """The number with its noun, and a verb before them agreeing in number and gender.

    `noun` and `verb` are the forms for 1 / 2–4 / 5+ (21 takes the first, 11 the last):
    count_phrase(21, ("курсовая группа", …), ("включена", "включены", "включено"))
    -> «включена 21 курсовая группа»; 25 -> «включено 25 курсовых групп».
    """
    words = f"{n} {plural_form(n, *noun)}"
    return f"{plural_form(n, *verb)} {words}" if verb else words


def of_total(part: int, total: int, noun: tuple[str, str, str]) -> str:
    """«из 1 действующей категории», «из 5 действующих категорий»: after «из» the genitive,
    singular only when the number ends in 1 (not 11). `noun` is (genitive singular,
    genitive plural, genitive plural)."""
    return f"{part} из {total} {plural_form(total, noun[0], noun[1], noun[1])}"


def experience_phrase(years: float | None) -> str:
    """«стаж 12 лет», «стаж 1 год»; under a year «стаж менее 1 года», never «стаж 0 лет»."""
    if years is None:
        return ""
    if years < 1:
        return "стаж менее 1 года"
    return f"стаж {years_nominative(int(years))}"
