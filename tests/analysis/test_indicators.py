from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from metodist.analysis.indicators import (
    INDICATOR_NAMES,
    OrgIndicators,
    averages_by_kind,
    compute_indicators,
    effectiveness_group,
    method_description,
    municipal_average,
    ranks_within_kind,
    rounded_composite,
)
from models.profile import CompetitionRecord, CourseDone, OrgProfile, TeacherProfile
from models.russian import number
from rules.thresholds import Effectiveness, Thresholds

TH = Thresholds()
AS_OF = date(2026, 11, 15)


def teacher(code: str, **kw) -> TeacherProfile:
    return TeacherProfile(code=code, org_code="o1", full_name=f"Педагог {code}", **kw)


def four_teachers() -> OrgProfile:
    """Hand-made so that every indicator has a known value (see the test)."""
    t1 = teacher(
        "t1",
        courses_done=(CourseDone("ИКТ", "digital", 72, date(2025, 3, 1)),),
        category="highest",
        category_date=date(2024, 1, 10),
        scores={"digital": 40, "legal": 90},
        experience_years=20,
        presentations=(date(2025, 5, 1),),
        competitions=(CompetitionRecord("teacher_of_year", 2025, "laureate"),),
        burnout_score=80,
    )
    t2 = teacher(
        "t2",
        category="first",
        category_date=date(2019, 5, 1),  # expired on 2024-05-01: counts as none
        scores={"digital": 80},
        experience_years=2,
        mentor_code="t1",
    )
    t3 = teacher(
        "t3",
        # exactly three years before the cycle date: still current
        courses_done=(CourseDone("ФГОС", "methodical", 16, date(2023, 11, 15)),),
        category="first",
        category_date=date(2022, 3, 1),  # expires 2027-03-01
        experience_years=1,
        burnout_score=69,
        competitions=(CompetitionRecord("debut", 2023, "participant"),),  # outside 2024..2026
    )
    t4 = teacher(
        "t4",
        courses_done=(CourseDone("Вебинар", "digital", 8, date(2026, 2, 1)),),
        experience_years=10,
        presentations=(date(2023, 11, 14),),
        burnout_score=70,
        competitions=(CompetitionRecord("other", 2024, "participant"),),
    )
    return OrgProfile("o1", "МБОУ СОШ № 1", "school", vacancies=1, teachers=(t1, t2, t3, t4))


def test_indicators_by_hand():
    result = compute_indicators(four_teachers(), as_of=AS_OF, th=TH)
    assert result.values == {
        "pd_coverage": 0.5,  # t1, t3
        "category_share": 0.5,  # t1 highest, t3 first; t2's expired
        "no_critical_share": 0.75,  # t1 has a critical deficit
        "mentored_young_share": 0.5,  # t2 mentored, t3 not
        "presented_share": 0.25,  # t1; t4's is a day too old
        "staffing": 0.8,  # 4 teachers of 5 posts
        "no_burnout_share": 0.5,  # t1 (80) and t4 (70) at risk; unknown is not
        "competition_share": 0.5,  # t1 2025, t4 2024
    }
    assert result.composite == 0.54  # 4.3 / 8 = 0.5375, to the printed two digits
    assert (result.group, result.teachers, result.org_code) == ("medium", 4, "o1")
    assert tuple(result.values) == INDICATOR_NAMES


def test_category_share_counts_only_teachers_two_years_in_the_organization():
    first = {"category": "first", "category_date": date(2024, 1, 10)}
    org = OrgProfile(
        "o1",
        "МБОУ СОШ № 1",
        "school",
        teachers=(
            teacher("old", years_in_org=2.0, **first),
            teacher("new", years_in_org=1.9),  # not yet due attestation: not counted
            teacher("none", years_in_org=6.0),
        ),
    )
    assert compute_indicators(org, as_of=AS_OF, th=TH).values["category_share"] == 0.5
    only_new = OrgProfile("o2", "МБДОУ № 2", "preschool", teachers=(teacher("n", years_in_org=1),))
    assert compute_indicators(only_new, as_of=AS_OF, th=TH).values["category_share"] == 1.0


def test_weights_come_from_the_thresholds():
    weights = {name: 0.0 for name in INDICATOR_NAMES} | {"pd_coverage": 3.0, "staffing": 1.0}
    th = Thresholds(effectiveness=Effectiveness(weights=weights))
    result = compute_indicators(four_teachers(), as_of=AS_OF, th=th)
    assert result.composite == 0.58  # (3 × 0.5 + 0.8) / 4 = 0.575, half up as printed
    staffing_only = Thresholds(
        effectiveness=Effectiveness(weights={n: 0.0 for n in INDICATOR_NAMES} | {"staffing": 1})
    )
    assert compute_indicators(four_teachers(), as_of=AS_OF, th=staffing_only).group == "high"


def test_an_unknown_weight_is_a_configuration_error():
    th = Thresholds(effectiveness=Effectiveness(weights={"pd_covrage": 1.0}))
    with pytest.raises(ValueError, match="pd_covrage"):
        compute_indicators(four_teachers(), as_of=AS_OF, th=th)


@pytest.mark.parametrize(
    ("composite", "group"),
    [
        (1.0, "high"),
        (0.75, "high"),
        (0.7499, "medium"),
        (0.5, "medium"),
        (0.4999, "low"),
        (0, "low"),
    ],
)
def test_group_cut_offs_are_inclusive(composite, group):
    assert effectiveness_group(composite, TH) == group


def test_custom_cut_offs():
    th = Thresholds(effectiveness=Effectiveness(high=0.9, medium=0.6))
    assert [effectiveness_group(x, th) for x in (0.9, 0.89, 0.6, 0.59)] == [
        "high",
        "medium",
        "medium",
        "low",
    ]


def test_an_exact_three_quarters_is_high_despite_float_noise():
    # seven indicators at 1 and competition_share at 0; the weights make the mean 3/4,
    # which float arithmetic computes as 0.7499999999999999
    weights = dict.fromkeys(INDICATOR_NAMES[:6], 0.05) | {
        "no_burnout_share": 0.3,
        "competition_share": 0.2,
    }
    th = Thresholds(effectiveness=Effectiveness(weights=weights))
    t = teacher(
        "t1",
        courses_done=(CourseDone("КПК", "digital", 16, date(2026, 1, 1)),),
        category="highest",
        category_date=date(2024, 1, 1),
        scores={"digital": 90},
        experience_years=10,
        presentations=(date(2026, 1, 1),),
        burnout_score=10,
    )
    org = OrgProfile("o1", "МБОУ СОШ № 1", "school", vacancies=0, teachers=(t,))
    result = compute_indicators(org, as_of=AS_OF, th=th)
    assert result.values["competition_share"] == 0.0
    assert sum(v for n, v in result.values.items() if n != "competition_share") == 7
    assert (result.composite, result.group) == (0.75, "high")


def test_an_org_without_teachers_is_low_on_staffing_alone():
    empty = OrgProfile("o9", "МБДОУ № 9", "preschool", vacancies=2)
    result = compute_indicators(empty, as_of=AS_OF, th=TH)
    assert result.teachers == 0
    assert result.values["staffing"] == 0.0
    assert all(result.values[n] == 1.0 for n in INDICATOR_NAMES if n != "staffing")
    assert (result.composite, result.group) == (0.0, "low")
    no_posts = compute_indicators(OrgProfile("o8", "ЦДО", "additional"), as_of=AS_OF, th=TH)
    assert (no_posts.values["staffing"], no_posts.group) == (0.0, "low")


def test_no_young_teachers_means_full_mentoring():
    t = teacher("t1", experience_years=12)
    org = OrgProfile("o1", "МБОУ СОШ № 1", "school", teachers=(t,))
    assert compute_indicators(org, as_of=AS_OF, th=TH).values["mentored_young_share"] == 1.0


def test_municipal_average_is_a_simple_mean_over_schools_with_teachers():
    def item(code: str, value: float, teachers: int) -> OrgIndicators:
        return OrgIndicators(code, dict.fromkeys(INDICATOR_NAMES, value), value, "low", teachers)

    avg = municipal_average([item("a", 0.2, 100), item("b", 0.6, 2), item("c", 1.0, 0)])
    assert avg["pd_coverage"] == pytest.approx(0.4)
    assert avg["composite"] == pytest.approx(0.4)
    assert set(avg) == {*INDICATOR_NAMES, "composite"}
    assert municipal_average([]) == {}


# --- an indicator without data is left out and named ------------------------------------


def without_survey(org: OrgProfile) -> OrgProfile:
    return OrgProfile(
        org.code,
        org.name,
        org.kind,
        vacancies=org.vacancies,
        teachers=tuple(replace(t, burnout_score=None) for t in org.teachers),
    )


def test_no_burnout_survey_leaves_the_indicator_out_and_names_it():
    surveyed = compute_indicators(four_teachers(), as_of=AS_OF, th=TH)
    skipped = compute_indicators(without_survey(four_teachers()), as_of=AS_OF, th=TH)
    assert surveyed.left_out == () and "no_burnout_share" in surveyed.values
    assert skipped.left_out == ("no_burnout_share",)
    assert "no_burnout_share" not in skipped.values
    others = [v for n, v in surveyed.values.items() if n != "no_burnout_share"]
    assert skipped.composite == round(sum(others) / 7, 2)  # 3.8 / 7, not (3.8 + 1) / 8


def test_skipping_the_survey_no_longer_lifts_the_composite():
    # before: no answers counted as «no risk» (1.0) and a school that skipped scored higher
    org = without_survey(four_teachers())
    assert compute_indicators(org, as_of=AS_OF, th=TH).composite < round(4.8 / 8, 2)


def test_one_answer_is_a_survey_run():
    org = without_survey(four_teachers())
    one = replace(org.teachers[0], burnout_score=10)
    answered = OrgProfile("o1", "МБОУ СОШ № 1", "school", teachers=(one, *org.teachers[1:]))
    result = compute_indicators(answered, as_of=AS_OF, th=TH)
    assert result.left_out == () and result.values["no_burnout_share"] == 1.0


def test_the_average_of_an_indicator_is_over_those_that_have_it():
    full = OrgIndicators("a", dict.fromkeys(INDICATOR_NAMES, 0.5), 0.5, "medium", 10, kind="school")
    values = {n: 0.9 for n in INDICATOR_NAMES if n != "no_burnout_share"}
    part = OrgIndicators("b", values, 0.9, "high", 10, ("no_burnout_share",), "school")
    avg = municipal_average([full, part])
    assert avg["no_burnout_share"] == 0.5 and avg["pd_coverage"] == pytest.approx(0.7)


def test_the_method_says_what_is_left_out_and_how_it_rounds():
    text = method_description(TH).text
    assert "не учитывается" in text and "того же типа" in text and "до 2 знаков" in text


# --- compared within kind ----------------------------------------------------------------


def ind(code: str, kind: str, composite: float, teachers: int = 10) -> OrgIndicators:
    values = dict.fromkeys(INDICATOR_NAMES, composite)
    return OrgIndicators(
        code, values, composite, effectiveness_group(composite, TH), teachers, (), kind
    )


def test_averages_are_taken_within_each_kind():
    items = [ind("s1", "school", 0.8), ind("s2", "school", 0.6), ind("d1", "preschool", 0.4)]
    by_kind = averages_by_kind(items)
    assert set(by_kind) == {"school", "preschool"}
    assert by_kind["school"]["composite"] == pytest.approx(0.7)
    assert by_kind["preschool"]["pd_coverage"] == pytest.approx(0.4)
    assert municipal_average(items)["composite"] == pytest.approx(0.6)


def test_places_are_within_kind_with_shared_places_for_ties():
    items = [
        ind("s1", "school", 0.6),
        ind("s2", "school", 0.8),
        ind("s3", "school", 0.6),
        ind("s4", "school", 0.5),
        ind("d1", "preschool", 0.4),
        ind("a0", "additional", 0.0, teachers=0),
    ]
    ranks = ranks_within_kind(items)
    assert ranks == {"s2": 1, "s1": 2, "s3": 2, "s4": 4, "d1": 1}  # a0 has no teachers: no place


# --- the printed composite never contradicts the group -----------------------------------


@pytest.mark.parametrize(
    ("mean", "printed", "group"),
    [
        (0.7496, "0,75", "high"),
        (0.745, "0,75", "high"),
        (0.7449, "0,74", "medium"),
        (0.4999, "0,50", "medium"),
        (0.4949, "0,49", "low"),
        (0.7499999999999999, "0,75", "high"),
    ],
)
def test_the_composite_is_rounded_as_printed_before_the_cut_offs(mean, printed, group):
    composite = rounded_composite(mean)
    assert number(composite, 2) == printed
    assert effectiveness_group(composite, TH) == group


@given(st.floats(min_value=0, max_value=1, allow_nan=False))
def test_the_printed_composite_agrees_with_its_group(mean):
    composite = rounded_composite(mean)
    shown = float(number(composite, 2).replace(",", "."))
    assert shown == composite
    assert effectiveness_group(shown, TH) == effectiveness_group(composite, TH)
