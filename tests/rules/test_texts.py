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


@pytest.fixture(autouse=True)
def _fresh_texts():
    yield
    texts.cache_clear()  # the process's cache as a run starts it: empty, adaptive


MENTOR = {"mentor_name": "Петрова А. И.", "shared_subjects": ["математика"]}
THRESHOLDS = {"mentoring.young_teacher_years": 3}


def mentor_text(**teacher):
    return texts.render(
        "assign_mentor",
        teacher=teacher,
        mentor=MENTOR,
        thresholds=THRESHOLDS,
        deadline="до конца I квартала 2027 г.",
    )


def test_a_text_is_rendered_once_for_what_its_template_reads():
    texts.cache_clear(adaptive=False)
    first = mentor_text(full_name="Иванова Анна", code="t1", category="first")
    # another teacher's code and category: the template reads neither, so the same text
    again = mentor_text(full_name="Иванова Анна", code="t9", category="none")
    other = mentor_text(full_name="Смирнова Ольга", code="t2", category="first")
    assert again == first and other != first and "Смирнова Ольга" in other
    info = texts.cache_info()
    assert (info.renders, info.distinct, info.kept) == (3, 2, 2)
    assert texts.reads("assign_mentor") == (
        ("deadline", None),
        ("mentor", ("mentor_name", "shared_subjects")),
        ("teacher", ("full_name",)),
        ("thresholds", ("mentoring.young_teacher_years",)),
    )


def test_equal_values_that_print_differently_get_their_own_texts():
    texts.cache_clear(adaptive=False)
    made = {
        str(v): texts.render(
            "apply_high_group_set", org={"group": "high", "composite": v}, deadline="в 2027 г."
        )
        for v in (1, 1.0, True)
    }
    assert texts.cache_info().distinct == 3
    direct = {
        str(v): " ".join(
            texts._template("apply_high_group_set")
            .render(org={"group": "high", "composite": v}, deadline="в 2027 г.")
            .split()
        )
        for v in (1, 1.0, True)
    }
    assert made == direct


def test_a_template_whose_texts_do_not_repeat_is_rendered_directly():
    texts.cache_clear()
    names = [f"Учитель {i}" for i in range(texts.SAMPLE + 50)]
    made = [mentor_text(full_name=n) for n in names]
    info = texts.cache_info()
    assert info.direct == 50 and info.distinct == texts.SAMPLE
    assert all(n in text for n, text in zip(names, made, strict=True))
    # a school's set repeats: it keeps the cache
    for _ in range(texts.SAMPLE + 50):
        texts.render("apply_heads_set", deadline="в 2027 г.")
    assert texts.cache_info().direct == 50


def test_the_cache_is_bounded():
    cache = texts._Texts(3, adaptive=False)
    for i in range(10):
        cache.get("alert_head_to_burnout_risk", {"teacher": {"full_name": f"T{i}"}, "deadline": ""})
    assert cache.info().kept == 3 and cache.info().distinct == 10


def test_a_variable_used_whole_is_read_whole():
    # `teacher` goes whole to a filter/loop in this template, so every field counts
    assert ("teacher", None) in texts.reads("propose_mentor_or_methodist_category")
