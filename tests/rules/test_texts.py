"""The Russian texts: plain, strict about their parameters, discreet about burnout."""

import json
from datetime import date

import jinja2
import pytest

from rules import texts
from tests.rules.builders import Placement, evaluate, school, teacher


def test_deadlines_are_quarters_of_the_plan_year():
    assert texts.deadline(1, 2027) == "до конца I квартала 2027 г."
    assert texts.deadline(4, 2027) == "до конца IV квартала 2027 г."


def test_filters():
    assert texts.ru_date("2027-03-01") == "01.03.2027"
    assert texts.percent(0.225) == "22,5 %"
    assert texts.num(3.0) == "3" and texts.num(2.5) == "2,5"
    assert [texts.plural(n, "место", "места", "мест") for n in (1, 2, 5, 11, 21, 22)] == [
        "место", "места", "мест", "мест", "место", "места"
    ]  # fmt: skip


def test_a_missing_parameter_is_an_error_not_an_empty_string():
    with pytest.raises(jinja2.UndefinedError):
        texts.render("assign_mentor", teacher={"full_name": "X"})


def test_texts_are_not_html_escaped():
    t = teacher(full_name='Иванова "Анна" <Петровна>', scores={"digital": 20})
    fs = evaluate(school(t), placements=[Placement("t1", course_title="ИКТ & «Цифра»")])
    text = next(f.text for f in fs if f.rule_id == "T01")
    assert 'Иванова "Анна" <Петровна>' in text and "ИКТ & «Цифра»" in text


def test_no_text_and_no_evidence_carries_a_raw_burnout_score():
    t = teacher(
        burnout_score=87,
        experience_years=1.0,
        category="first",
        category_date=date(2022, 3, 1),
        scores={"digital": 20, "legal": 60},
        courses_done=(),
    )
    fs = evaluate(school(t, vacancies=1))
    assert len(fs) > 5
    for f in fs:
        assert "87" not in f.text
        assert "burnout_score" not in json.dumps(f.evidence)


def test_every_text_is_one_or_two_sentences_with_a_basis():
    t = teacher(burnout_score=87, experience_years=1.0, scores={"digital": 20, "legal": 60})
    for f in evaluate(school(t, vacancies=1)):
        body = f.text.split(" Основание: ")[0]
        assert 1 <= body.count(". ") + 1 <= 4, f.text
        assert "  " not in f.text and "\n" not in f.text and ".." not in f.text
