"""Teacher rules T01–T13, one rule (or a tight group) at a time: which fired, which did not."""

from dataclasses import replace
from datetime import date

import pytest

from models.profile import AttestationRecord, CompetitionRecord, CourseDone
from tests.rules.builders import (
    AS_OF,
    Mentor,
    Placement,
    Unplaced,
    assert_fired,
    assert_not_fired,
    evaluate_teacher,
    only,
    teacher,
)

# ---- T01 / T02: deficits ----


@pytest.mark.parametrize(
    ("score", "t01", "t02"),
    [(49, True, False), (50, False, True), (69, False, True), (70, False, False)],
)
def test_deficit_rules_at_the_score_boundaries(score, t01, t02):
    fs = evaluate_teacher(teacher(scores={"digital": score}))
    assert ("T01" in {f.rule_id for f in fs}) is t01
    assert ("T02" in {f.rule_id for f in fs}) is t02


def test_t01_names_the_placed_course_and_quarter():
    fs = evaluate_teacher(
        teacher(scores={"digital": 30}), placements=[Placement("t1", quarter=1, hours=72)]
    )
    (t01,) = only(fs, "T01")
    assert t01.rule_name == "place_on_course_for_critical_deficit"
    assert "«Цифровая образовательная среда»" in t01.text
    assert "в I квартале 2027 г." in t01.text and "72 ч." in t01.text
    assert t01.evidence["deficit"] == {
        "teacher": "t1",
        "area": "digital",
        "level": "critical",
        "score": 30,
    }
    assert t01.evidence["placement"]["course_code"] == "c1"


def test_t01_without_a_seat_passes_the_need_to_the_centre():
    fs = evaluate_teacher(teacher(scores={"digital": 30}))
    (t01,) = only(fs, "T01")
    assert t01.rule_name == "seek_course_for_critical_deficit"
    assert "передана в ИМЦ" in t01.text


def test_t01_sees_a_course_placed_for_another_area_that_covers_this_one():
    fs = evaluate_teacher(
        teacher(scores={"digital": 30, "legal": 20}),
        placements=[Placement("t1", course_code="c9", area="digital")],
        course_areas={"c9": ("digital", "legal")},
    )
    assert {f.rule_name for f in only(fs, "T01")} == {"place_on_course_for_critical_deficit"}
    assert {f.key for f in only(fs, "T01")} == {"digital", "legal"}


def test_t01_fires_per_area_and_t02_once_naming_every_moderate_area():
    fs = evaluate_teacher(teacher(scores={"digital": 30, "legal": 60, "subject": 65}))
    assert [f.key for f in only(fs, "T01")] == ["digital"]
    (t02,) = only(fs, "T02")
    assert t02.evidence["teacher"]["moderate_areas"] == ["legal", "subject"]
    assert "правовая компетенция, предметная компетенция" in t02.text
    assert "цифровая" not in t02.text


# ---- T03: the three-year PD duty ----


def test_t03_fires_without_a_course_of_16_hours_in_three_years():
    old = CourseDone("ФГОС", "methodical", 72, date(2023, 11, 14))
    short = CourseDone("Вебинар", "digital", 8, date(2026, 1, 10))
    fs = evaluate_teacher(teacher(courses_done=(old, short)))
    (t03,) = only(fs, "T03")
    assert t03.rule_name == "flag_overdue_pd_without_seat"


@pytest.mark.parametrize(
    ("completed", "fires"), [(date(2024, 12, 31), True), (date(2025, 1, 1), False)]
)
def test_t03_fires_when_the_period_runs_out_before_the_plan_year_ends(completed, fires):
    course = CourseDone("ФГОС", "methodical", 16, completed)
    fs = evaluate_teacher(teacher(courses_done=(course,)))
    assert bool(only(fs, "T03")) is fires
    if fires:
        assert "истекает 31.12.2027" in only(fs, "T03")[0].text


@pytest.mark.parametrize(("experience", "fires"), [(2.9, False), (3.0, True), (None, True)])
def test_t03_excludes_newcomers(experience, fires):
    fs = evaluate_teacher(teacher(experience_years=experience, courses_done=(), mentor_code="m"))
    assert bool(only(fs, "T03")) is fires


def test_t03_names_the_planned_course_preferring_the_overdue_one():
    fs = evaluate_teacher(
        teacher(courses_done=()),
        placements=[
            Placement("t1", course_code="c1", quarter=1, reason="critical_deficit", hours=16),
            Placement("t1", course_code="c2", course_title="Право", area="legal", quarter=3,
                      reason="pd_overdue", hours=36),
            Placement("t1", course_code="c3", area="subject", quarter=1, hours=8),
        ],
    )  # fmt: skip
    (t03,) = only(fs, "T03")
    assert t03.rule_name == "schedule_course_for_overdue_pd"
    assert t03.evidence["placement"]["course_code"] == "c2"
    assert "«Право»" in t03.text and "в III квартале 2027 г." in t03.text


def test_t03_is_silent_for_a_teacher_on_leave():
    assert_not_fired(evaluate_teacher(teacher(courses_done=(), exempt="leave")), "T03")


# ---- T04: mentors ----


@pytest.mark.parametrize(("experience", "young"), [(2.9, True), (3.0, False)])
def test_t04_at_the_young_teacher_boundary(experience, young):
    fs = evaluate_teacher(teacher(experience_years=experience), mentors=[Mentor("t1")])
    assert ("T04" in {f.rule_id for f in fs}) is young


def test_t04_names_the_mentor_candidate():
    fs = evaluate_teacher(teacher(experience_years=1.0), mentors=[Mentor("t1")])
    (t04,) = only(fs, "T04")
    assert t04.rule_name == "assign_mentor"
    assert "Наставник Мария Петровна" in t04.text and "математика" in t04.text


def test_t04_says_no_candidate_exists_and_passes_to_the_centre():
    fs = evaluate_teacher(
        teacher(experience_years=1.0),
        mentors=[Mentor("t1", mentor_code=None, mentor_name=None, shared_subjects=())],
    )
    (t04,) = only(fs, "T04")
    assert t04.rule_name == "refer_mentor_search_to_centre"
    assert "кандидата в организации нет" in t04.text and "ИМЦ" in t04.text


def test_t04_without_a_matching_result_states_the_criteria():
    (t04,) = only(evaluate_teacher(teacher(experience_years=1.0)), "T04")
    assert t04.rule_name == "choose_mentor_by_criteria"
    assert "стажем от 5 лет" in t04.text


def test_t04_is_silent_when_a_mentor_is_recorded():
    fs = evaluate_teacher(teacher(experience_years=1.0, mentor_code="m1"))
    assert_not_fired(fs, "T04")


# ---- T05: expiring pre-reform categories ----


@pytest.mark.parametrize(
    ("set_on", "fires"),
    [
        (date(2022, 1, 10), True),  # expires 2027-01-10, inside the 12 months
        (date(2022, 11, 15), True),  # expires on the window's last day
        (date(2022, 11, 16), False),  # one day outside
        (date(2021, 11, 15), False),  # expired on the cycle date: no category left to renew
    ],
)
def test_t05_expiry_inside_and_outside_twelve_months(set_on, fires):
    fs = evaluate_teacher(teacher(category="first", category_date=set_on))
    assert ("T05" in {f.rule_id for f in fs}) is fires


@pytest.mark.parametrize(
    ("set_on", "fires"), [(date(2023, 8, 31), True), (date(2023, 9, 1), False)]
)
def test_t05_only_for_categories_set_before_1_september_2023(set_on, fires):
    fs = evaluate_teacher(
        teacher(category="highest", category_date=set_on), as_of=date(2028, 1, 10)
    )
    assert ("T05" in {f.rule_id for f in fs}) is fires


def test_t05_text_gives_the_expiry_date():
    (t05,) = only(
        evaluate_teacher(teacher(category="first", category_date=date(2022, 3, 1))), "T05"
    )
    assert "истекает 01.03.2027" in t05.text


# ---- T06: СЗД ----


@pytest.mark.parametrize(("years", "fires"), [(2.0, True), (1.9, False)])
def test_t06_needs_two_years_in_the_organization(years, fires):
    fs = evaluate_teacher(teacher(category="none", category_date=None, years_in_org=years))
    assert ("T06" in {f.rule_id for f in fs}) is fires


def test_t06_is_silent_after_a_recent_szd():
    recent = AttestationRecord(date(2022, 4, 1), "szd", "assigned")
    fs = evaluate_teacher(teacher(category="none", category_date=None, attestations=(recent,)))
    assert_not_fired(fs, "T06")


# ---- T07: «высшая» ----


def test_t07_fires_for_first_category_with_a_recent_presentation():
    assert_fired(evaluate_teacher(teacher(category="first")), "T07")


def test_t07_is_silent_with_a_critical_deficit_or_no_presentation():
    assert_not_fired(evaluate_teacher(teacher(category="first", scores={"legal": 40})), "T07")
    assert_not_fired(evaluate_teacher(teacher(category="first", presentations=())), "T07")


def test_t07_waiting_period_is_configurable():
    from rules.thresholds import Thresholds

    th = Thresholds.model_validate({"attestation": {"first_to_highest_min_years": 3}})
    young_category = teacher(category="first", category_date=date(2024, 2, 1))
    assert_not_fired(evaluate_teacher(young_category, th=th), "T07")
    older = teacher(category="first", category_date=date(2023, 10, 1))
    assert_fired(evaluate_teacher(older, th=th), "T07")


# ---- T08: presenting experience ----


@pytest.mark.parametrize(
    ("presented", "fires"), [(date(2023, 11, 15), False), (date(2023, 11, 14), True)]
)
def test_t08_presentation_three_years_boundary(presented, fires):
    fs = evaluate_teacher(teacher(presentations=(presented,)))
    assert ("T08" in {f.rule_id for f in fs}) is fires


def test_t08_is_silent_with_any_deficit_or_no_diagnostics():
    assert_not_fired(evaluate_teacher(teacher(presentations=(), scores={"legal": 69})), "T08")
    assert_not_fired(evaluate_teacher(teacher(presentations=(), scores={})), "T08")


# ---- T09: burnout, to the head ----


@pytest.mark.parametrize(("score", "fires"), [(69, False), (70, True)])
def test_t09_at_the_burnout_boundary(score, fires):
    fs = evaluate_teacher(teacher(burnout_score=score))
    assert ("T09" in {f.rule_id for f in fs}) is fires


def test_t09_goes_to_the_head_and_never_shows_the_score():
    (t09,) = only(evaluate_teacher(teacher(burnout_score=87)), "T09")
    assert (t09.addressee_type, t09.addressee_code) == ("organization", "o1")
    assert t09.evidence["teacher"]["code"] == "t1"
    assert "87" not in t09.text and "87" not in repr(t09.evidence)


# ---- T10–T12: growth ----


@pytest.mark.parametrize(("experience", "fires"), [(4.9, True), (5.0, False)])
def test_t10_debut_below_five_years(experience, fires):
    fs = evaluate_teacher(teacher(experience_years=experience, mentor_code="m1"))
    assert ("T10" in {f.rule_id for f in fs}) is fires


def test_t10_is_silent_with_unknown_experience_or_a_critical_deficit():
    assert_not_fired(evaluate_teacher(teacher(experience_years=None)), "T10")
    assert_not_fired(evaluate_teacher(teacher(experience_years=2.0, scores={"digital": 10})), "T10")


def test_t11_teacher_of_the_year_school_and_preschool():
    quiet = teacher(competitions=(CompetitionRecord("debut", 2022, "participant"),))
    (t11,) = only(evaluate_teacher(quiet), "T11")
    assert "«Учитель года»" in t11.text
    from tests.rules.builders import evaluate, school

    educator = replace(quiet, position="Воспитатель")
    (t11,) = only(evaluate(school(educator, kind="preschool")), "T11")
    assert "«Воспитатель года»" in t11.text
    pdo = replace(quiet, position="педагог дополнительного образования")
    (t11,) = only(evaluate(school(pdo, kind="additional")), "T11")
    assert "«Сердце отдаю детям»" in t11.text
    (t11,) = only(evaluate_teacher(replace(quiet, position="педагог-психолог")), "T11")
    assert "«Педагог-психолог»" in t11.text
    assert_not_fired(evaluate_teacher(replace(quiet, position="методист")), "T11")
    assert_not_fired(evaluate_teacher(teacher()), "T11")  # competed in 2025


@pytest.mark.parametrize(("experience", "fires"), [(10.0, True), (9.9, False)])
def test_t12_leader_reserve_from_ten_years(experience, fires):
    fs = evaluate_teacher(teacher(experience_years=experience))
    assert ("T12" in {f.rule_id for f in fs}) is fires


def test_t12_is_silent_for_first_category():
    assert_not_fired(evaluate_teacher(teacher(category="first", experience_years=20.0)), "T12")


# ---- T13: unmet requests ----


def test_t13_flags_an_unmet_request_only():
    fs = evaluate_teacher(teacher(), unplaced=[Unplaced("t1", topic="Цифровая школа")])
    (t13,) = only(fs, "T13")
    assert "«Цифровая школа»" in t13.text and "ИМЦ" in t13.text
    overdue = Unplaced("t1", area=None, reason="pd_overdue", topic="")
    assert_not_fired(evaluate_teacher(teacher(), unplaced=[overdue]), "T13")


def test_a_settled_teacher_gets_nothing():
    fs = evaluate_teacher(teacher())
    assert not [f for f in fs if f.rule_id.startswith("T")]
    assert AS_OF.year == 2026
