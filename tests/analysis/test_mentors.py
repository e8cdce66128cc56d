from datetime import date

import pytest

from metodist.analysis.mentors import match_mentors
from models.profile import OrgProfile, TeacherProfile
from rules.thresholds import Mentoring, Thresholds

TH = Thresholds()
AS_OF = date(2026, 11, 15)


def t(code: str, experience: float, category: str = "none", **kw) -> TeacherProfile:
    kw.setdefault("category_date", date(2024, 1, 1))
    return TeacherProfile(
        code=code,
        org_code=kw.pop("org_code", "o1"),
        full_name=f"Педагог {code}",
        experience_years=experience,
        category=category,
        **kw,
    )


def org(*teachers: TeacherProfile) -> OrgProfile:
    return OrgProfile("o1", "МБОУ СОШ № 1", "school", teachers=teachers)


def test_shared_subject_first_then_fewer_mentees_then_the_limit():
    school = org(
        t("y1", 1, subjects=("Математика",)),
        t("y2", 2, subjects=("русский язык",)),
        t("y3", 0.5, subjects=("физика",)),
        t("y4", 1.5, subjects=("физика",)),
        t("m1", 10, "first", subjects=("математика",)),
        t("m2", 20, "highest", subjects=("русский  язык", "литература")),
        t("x1", 8, "none", mentor_code="m2"),  # an existing link counts for m2
        t("short", 4, "highest", subjects=("физика",)),  # under 5 years
        t("away", 15, "highest", subjects=("физика",), exempt="leave"),
        t("lapsed", 30, "first", category_date=date(2019, 1, 1), subjects=("физика",)),
    )
    matches = match_mentors(school, as_of=AS_OF, th=TH)
    assert set(matches) == {"y1", "y2", "y3", "y4"}
    assert (matches["y1"].mentor_code, matches["y1"].shared_subjects) == ("m1", ("Математика",))
    assert (matches["y2"].mentor_code, matches["y2"].shared_subjects) == ("m2", ("русский язык",))
    assert matches["y2"].mentor_name == "Педагог m2"
    # no physics teacher may mentor; m2 is full (x1 + y2), so m1 takes y3
    assert (matches["y3"].mentor_code, matches["y3"].shared_subjects) == ("m1", ())
    assert "общим предметом" in matches["y3"].reason
    none = matches["y4"]
    assert (none.mentor_code, none.mentor_name, none.shared_subjects) == (None, None, ())
    assert "предельное число наставляемых (2)" in none.reason


def test_no_candidate_at_all_is_explained():
    school = org(t("y1", 1), t("a", 3, "highest"), t("b", 12, "szd"))
    match = match_mentors(school, as_of=AS_OF, th=TH)["y1"]
    assert match.mentor_code is None
    assert match.reason == (
        "в организации нет педагога с категорией не ниже первой и стажем не менее 5 лет, "
        "без риска выгорания и не отсутствующего"
    )


def test_only_young_teachers_without_a_mentor_are_matched():
    school = org(t("y1", 1, mentor_code="m1"), t("old", 3), t("m1", 10, "first"), t("u", 2))
    assert set(match_mentors(school, as_of=AS_OF, th=TH)) == {"u"}
    assert match_mentors(org(t("m1", 10, "first")), as_of=AS_OF, th=TH) == {}


def test_mentors_come_from_the_same_school_only():
    elsewhere = t("m9", 25, "highest", org_code="o2")
    other = OrgProfile("o2", "МБОУ СОШ № 2", "school", teachers=(elsewhere,))
    school = org(t("y1", 1))
    assert match_mentors(school, as_of=AS_OF, th=TH)["y1"].mentor_code is None
    assert match_mentors(other, as_of=AS_OF, th=TH) == {}


def test_ties_go_to_more_experience_then_the_lower_code():
    school = org(t("y1", 1), t("b", 9, "first"), t("a", 9, "first"), t("c", 7, "highest"))
    assert match_mentors(school, as_of=AS_OF, th=TH)["y1"].mentor_code == "a"
    school = org(t("y1", 1), t("b", 9, "first"), t("c", 11, "first"))
    assert match_mentors(school, as_of=AS_OF, th=TH)["y1"].mentor_code == "c"


def test_mentor_holders_first_then_the_same_position_then_a_shared_subject():
    mentee = t("y1", 1, position="педагог-психолог", subjects=("история",))
    historian = t("h", 20, "highest", position="учитель", subjects=("история",))
    psychologist = t("p", 6, "first", position="Педагог-психолог")
    holder = t("m", 5, "mentor", position="учитель")
    assert (
        match_mentors(org(mentee, historian, psychologist, holder), as_of=AS_OF, th=TH)[
            "y1"
        ].mentor_code
        == "m"
    )
    match = match_mentors(org(mentee, historian, psychologist), as_of=AS_OF, th=TH)["y1"]
    assert match.mentor_code == "p" and "та же должность" in match.reason
    assert match_mentors(org(mentee, historian), as_of=AS_OF, th=TH)["y1"].mentor_code == "h"


@pytest.mark.parametrize(("score", "proposed"), [(69, True), (70, False), (None, True)])
def test_a_mentor_at_burnout_risk_is_never_proposed(score, proposed):
    school = org(t("y1", 1), t("m", 10, "highest", burnout_score=score))
    assert (match_mentors(school, as_of=AS_OF, th=TH)["y1"].mentor_code == "m") is proposed


@pytest.mark.parametrize(
    ("until", "proposed"), [(None, False), (date(2026, 11, 16), False), (date(2026, 11, 15), True)]
)
def test_an_absent_mentor_is_never_proposed(until, proposed):
    school = org(t("y1", 1), t("m", 10, "first", exempt="childcare", exempt_until=until))
    assert (match_mentors(school, as_of=AS_OF, th=TH)["y1"].mentor_code == "m") is proposed


def test_absent_young_teachers_get_no_match_and_use_no_place():
    school = org(t("a", 1, exempt="leave"), t("b", 1), t("m", 10, "first"))
    th = Thresholds(mentoring=Mentoring(mentor_max_mentees=1))
    matches = match_mentors(school, as_of=AS_OF, th=th)
    assert set(matches) == {"b"} and matches["b"].mentor_code == "m"
    back = org(t("a", 1, exempt="leave", exempt_until=date(2026, 9, 1)), t("m", 10, "first"))
    assert match_mentors(back, as_of=AS_OF, th=TH)["a"].mentor_code == "m"


def test_thresholds_change_who_may_mentor():
    th = Thresholds(mentoring=Mentoring(mentor_min_experience=3, young_teacher_years=2))
    school = org(t("y1", 1), t("m", 3, "first"), t("y2", 2.5))
    matches = match_mentors(school, as_of=AS_OF, th=th)
    assert set(matches) == {"y1"}
    assert matches["y1"].mentor_code == "m"
    no = match_mentors(org(t("y1", 1)), as_of=AS_OF, th=th)["y1"]
    assert "стажем не менее 3 лет," in no.reason
