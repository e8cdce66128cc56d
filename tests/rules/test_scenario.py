"""The whole rule base on a small municipality: every school, then the municipal pass."""

from datetime import date

from models.profile import CompetitionRecord
from rules.adapter import evaluate_centre, summarize_org
from tests.rules.builders import (
    AS_OF,
    TH,
    YEAR,
    Indicators,
    Mentor,
    Placement,
    Unplaced,
    evaluate,
    school,
    teacher,
)

LONG_AGO = (date(2020, 5, 1),)

O1 = school(
    teacher("a1", scores={"digital": 30, "legal": 60}),
    teacher("a2", experience_years=1.0, years_in_org=1.0, category="none", category_date=None),
    teacher("a3", experience_years=12.0, presentations=LONG_AGO,
            competitions=(CompetitionRecord("teacher_of_year", 2021, "winner"),)),
    teacher("a4", category="none", category_date=None, exempt="leave", courses_done=()),
    teacher("a5", burnout_score=75),
    code="o1",
    vacancies=1,
)  # fmt: skip
O2 = school(
    teacher("b1", "o2", category="first", category_date=date(2022, 3, 1)),
    teacher("b2", "o2", category="none", category_date=None, years_in_org=3.0),
    code="o2",
    kind="preschool",
)
O3 = school(code="o3", vacancies=2)

INDICATORS = {
    "o1": Indicators(composite=0.45, group="low"),
    "o2": Indicators(composite=0.8, group="high"),
    "o3": Indicators(composite=0.6, group="medium"),
}
PLACEMENTS = [Placement("a1", course_code="c1", area="digital", quarter=1)]
UNPLACED = [Unplaced("b2", area="legal", topic="Право в ДОУ", org_code="o2")]
MENTORS = [Mentor("a2", mentor_code="a3", mentor_name="Педагог a3")]
PLAN = {"demand_by_area": {"digital": 3}, "capacity_by_area": {"digital": 1}}


def run_municipality():  # type: ignore[no-untyped-def]
    per_org, summaries = [], []
    for org in (O1, O2, O3):
        fs = evaluate(
            org,
            indicators=INDICATORS[org.code],
            placements=PLACEMENTS,
            unplaced=UNPLACED,
            mentors=MENTORS,
        )
        per_org.extend(fs)
        unplaced = [u for u in UNPLACED if u.org_code == org.code]
        summaries.append(
            summarize_org(org, INDICATORS[org.code], fs, as_of=AS_OF, th=TH, unplaced=unplaced)
        )
    return per_org + evaluate_centre(summaries, PLAN, th=TH, year=YEAR)


def test_the_municipality_gets_exactly_these_recommendations():
    got = [(f.rule_id, f.addressee_code, f.key) for f in run_municipality()]
    assert got == [
        # o1
        ("T01", "a1", "digital"),
        ("T02", "a1", ""),  # one item per teacher, naming every moderate area
        ("T04", "a2", ""),
        ("T08", "a3", ""),
        ("T09", "o1", "a5"),
        ("T10", "a2", ""),
        ("T11", "a3", ""),
        ("T12", "a3", ""),
        ("O03", "o1", ""),
        ("O04", "o1", ""),
        ("O05", "o1", ""),
        ("O06", "o1", ""),
        # o2
        ("T05", "b1", ""),  # with T07's «высшая»: one item
        ("T06", "b2", ""),
        ("T13", "b2", "legal|Право в ДОУ"),
        ("O01", "o2", ""),
        ("O04", "o2", ""),
        ("O10", "o2", ""),  # b1's is the only held category: 1 of 1 expires
        # o3
        ("O02", "o3", ""),
        ("O04", "o3", ""),
        ("O05", "o3", ""),
        # the centre
        ("M01", "centre", "o1"),
        ("M02", "centre", "digital"),
        ("M03", "centre", ""),
        ("M04", "centre", ""),
        ("M05", "centre", ""),
        ("M06", "centre", "legal"),  # b2's need found no seat (totals alone say nothing)
        ("M07", "centre", ""),
    ]


def test_texts_say_what_for_whom_by_when_and_why():
    for f in run_municipality():
        assert f.text.endswith(".") and "Основание:" in f.text, f
        assert "2027 г." in f.text or "истекает" in f.text, f
        if f.addressee_type == "teacher":
            assert f.evidence["teacher"]["full_name"] in f.text


def test_the_same_data_twice_gives_the_same_list():
    assert run_municipality() == run_municipality()
