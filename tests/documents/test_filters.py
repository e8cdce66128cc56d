from datetime import date, datetime

import pytest

from metodist.documents import filters as f

NN = "\u202f"


def test_long_date_is_russian_genitive():
    assert f.date_long(date(2026, 11, 15)) == "15 ноября 2026 г."
    assert f.date_long(datetime(2027, 3, 1, 12, 30)) == "1 марта 2027 г."
    assert f.date_long(None) == "—"


def test_short_date_is_dd_mm_yyyy():
    assert f.date_short(date(2026, 1, 5)) == "05.01.2026"


@pytest.mark.parametrize(
    ("n", "word"),
    [(0, "педагогов"), (1, "педагог"), (2, "педагога"), (4, "педагога"), (5, "педагогов"),
     (11, "педагогов"), (12, "педагогов"), (14, "педагогов"), (21, "педагог"),
     (22, "педагога"), (25, "педагогов"), (101, "педагог"), (111, "педагогов"),
     (112, "педагогов")],
)  # fmt: skip
def test_plural_agrees_with_the_number(n, word):
    assert f.plural(n, "педагог", "педагога", "педагогов") == f"{n} {word}"


def test_plural_groups_thousands():
    assert f.plural(1021, "час", "часа", "часов") == f"1{NN}021 час"


def test_percent_has_a_narrow_no_break_space():
    assert f.percent(0.42) == f"42{NN}%"
    assert f.percent(1) == f"100{NN}%"
    assert f.percent(0.4251, 1) == f"42,5{NN}%"
    assert f.percent(None) == "—"


def test_percent_rounds_half_up():
    assert f.percent(0.125) == f"13{NN}%"
    assert f.percent(0.0049) == f"0{NN}%"


def test_number_uses_decimal_comma_and_no_negative_zero():
    assert f.number(1234.56, 1) == f"1{NN}234,6"
    assert f.number(-0.001, 1) == "0,0"
    assert f.number(0.6789, 2) == "0,68"


def test_points_carry_a_sign_and_a_true_minus():
    assert f.points(0.12) == f"+12{NN}п.{NN}п."
    assert f.points(-0.034) == f"\u22123{NN}п.{NN}п."
    assert f.points(0.001) == f"0{NN}п.{NN}п."


def test_quarter_in_roman_numerals():
    assert f.quarter(1, 2027) == "I квартал 2027 г."
    assert f.quarter(4) == "IV квартал"
    assert f.quarter(None, 2027) == "в течение 2027 г."
    with pytest.raises(ValueError):
        f.quarter(5, 2027)


def test_enumerations_have_russian_names():
    assert f.area("psycho_pedagogical") == "психолого-педагогическая"
    assert f.category("highest") == "высшая"
    assert f.category("szd") == "СЗД"
    assert f.group("low") == "низкая"
    assert f.priority("high") == "высокий"
    assert f.indicator("pd_coverage").startswith("Охват")
    assert f.area(None) == "—"


def test_an_unknown_key_is_an_error_not_a_silent_blank():
    with pytest.raises(KeyError, match="area"):
        f.area("astrology")


def test_source_expands_seed_numbers_and_keeps_regulations():
    text = f.source("002, 273-ФЗ ст. 47")
    assert text.startswith("Рекомендации по итогам мониторинга")
    assert "(002)" in text
    assert text.endswith("; 273-ФЗ ст. 47")


def test_typo_glues_numero_sign_and_initials():
    assert f.typo("Гимназия № 2 имени А. С. Пушкина") == (
        "Гимназия №\u00a02 имени А.\u00a0С.\u00a0Пушкина"
    )


def test_capfirst_keeps_abbreviations():
    assert f.capfirst("СЗД") == "СЗД"
    assert f.capfirst("первая") == "Первая"


def test_nobreak_keeps_a_quarter_on_one_line():
    assert f.nobreak(f.quarter(2, 2027)) == "II\u00a0квартал\u00a02027\u00a0г."
    assert " " not in f.nobreak("в течение года")
