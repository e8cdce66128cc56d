"""The demo generator: deterministic, the right size, valid per spec, realistic."""

import hashlib
import json
import os
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from metodist.demo import PROFILES, TABLE_ORDER, generate
from metodist.demo.absences import PLANTED, timing_of
from metodist.demo.dates import Windows
from metodist.importing.spec import TABLES_BY_NAME
from tests.demo.conditions import FIRST_PLUS, REFORM, years_before
from tests.demo.spec_check import spec_problems

AS_OF = date(2026, 11, 15)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo() -> dict[str, list[dict[str, Any]]]:
    return generate()


def _digest(data: dict[str, list[dict[str, Any]]]) -> str:
    return hashlib.sha256(json.dumps(data, default=str, ensure_ascii=False).encode()).hexdigest()


def test_same_seed_gives_the_same_data(demo):
    assert generate() == demo
    assert generate(seed=7, schools=3) == generate(seed=7, schools=3)


def test_another_seed_gives_other_data(demo):
    other = generate(seed=2027)
    assert other != demo
    assert [t["full_name"] for t in other["teachers"]] != [t["full_name"] for t in demo["teachers"]]


def test_data_do_not_depend_on_hash_randomization():
    """No set or dict ordering leaks in: an interpreter with another hash seed agrees."""
    code = (
        "import hashlib, json; from metodist.demo import generate; "
        "print(hashlib.sha256(json.dumps(generate(schools=3), default=str, "
        "ensure_ascii=False).encode()).hexdigest())"
    )
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == _digest(generate(schools=3))


def test_as_of_defaults_to_15_november_of_the_year():
    assert generate(schools=2, year=2025) == generate(
        schools=2, year=2025, as_of=date(2025, 11, 15)
    )


def test_demo_has_a_dozen_schools_kindergartens_a_centre_and_400_to_500_teachers(demo):
    kinds = Counter(o["kind"] for o in demo["organizations"])
    assert kinds["school"] == 12
    assert kinds["preschool"] >= 3
    assert kinds["additional"] == 1
    assert len({o["municipality"] for o in demo["organizations"]}) == 1
    assert 400 <= len(demo["teachers"]) <= 500
    assert list(demo) == list(TABLE_ORDER)
    assert set(demo) == set(TABLES_BY_NAME)


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"seed": 5, "schools": 1},
        {"schools": 4, "year": 2024},
        {"schools": 4, "year": 2031},
        {"schools": 4, "year": 2026, "as_of": date(2026, 3, 1)},
    ],
    ids=["demo", "one-school", "2024", "2031", "early-as-of"],
)
def test_every_row_is_valid_per_spec(kwargs):
    assert spec_problems(generate(**kwargs)) == []


def test_dates_never_pass_the_cycle_date():
    as_of = date(2026, 3, 1)
    data = generate(schools=4, year=2026, as_of=as_of)
    for table, rows in data.items():
        for row in rows:
            for column, value in row.items():
                if isinstance(value, date) and (table, column) != ("teachers", "exempt_until"):
                    assert value <= as_of, (table, row)  # an absence may end after it


def test_careers_are_consistent(demo):
    for t in demo["teachers"]:
        assert 0 < t["years_in_org"] <= t["experience_years"], t
        age = AS_OF.year - t["birth_year"]
        assert 20 <= age <= 75 and age - t["experience_years"] >= 19, t
    young = [t for t in demo["teachers"] if t["experience_years"] < 3]
    veterans = [t for t in demo["teachers"] if 10 <= t["experience_years"] <= 30]
    assert 0.10 <= len(young) / len(demo["teachers"]) <= 0.2
    assert len(veterans) / len(demo["teachers"]) >= 0.4


def test_categories_and_their_dates_follow_the_attestation_orders(demo):
    for t in demo["teachers"]:
        cd = t["category_date"]
        assert (cd is None) == (t["category"] == "none"), t
        if cd is None:
            continue
        assert cd <= AS_OF
        if t["category"] in ("methodist", "mentor"):
            assert cd >= REFORM, t  # these categories exist from 1 Sept 2023
        if t["category"] == "szd":
            assert cd > years_before(AS_OF, 5), t  # still valid on the cycle date
    dates = [t["category_date"] for t in demo["teachers"] if t["category"] in FIRST_PLUS]
    assert any(d < REFORM for d in dates) and any(d >= REFORM for d in dates)


def test_a_few_pre_reform_categories_have_expired(demo):
    expired = [
        t
        for t in demo["teachers"]
        if t["category"] in FIRST_PLUS and t["category_date"] <= years_before(AS_OF, 5)
    ]
    assert expired and len(expired) / len(demo["teachers"]) < 0.05  # T14
    assert {t["category"] for t in expired} <= {"first", "highest"}
    assert all(t["category_date"] < REFORM for t in expired)


def test_attestation_history_agrees_with_categories(demo):
    records = {(a["teacher_code"], a["date"], a["kind"]): a["result"] for a in demo["attestations"]}
    for t in demo["teachers"]:
        if t["category"] != "none":
            assert records.get((t["code"], t["category_date"], t["category"])) == "assigned", t
    results = Counter((a["kind"], a["result"]) for a in demo["attestations"])
    assert results[("szd", "assigned")] and results[("first", "assigned")]
    assert sum(n for (_, result), n in results.items() if result == "refused") > 0


def test_names_are_russian_and_consistent_in_gender(demo):
    women = 0
    for t in demo["teachers"]:
        last, _first, patronymic = t["full_name"].split(" ")
        female = patronymic.endswith("на")
        assert female or patronymic.endswith("ич"), t["full_name"]
        women += female
        if female:
            assert not last.endswith(("ов", "ев", "ин")), t["full_name"]
        else:
            assert not last.endswith(("ова", "ева", "ина", "ая")), t["full_name"]
    assert 0.75 <= women / len(demo["teachers"]) <= 0.95


def test_positions_and_subjects_match_the_kind_of_organization(demo):
    kind = {o["code"]: o["kind"] for o in demo["organizations"]}
    positions: dict[str, Counter[str]] = {k: Counter() for k in set(kind.values())}
    for t in demo["teachers"]:
        positions[kind[t["org_code"]]][t["position"]] += 1
        if t["position"] == "учитель":
            assert kind[t["org_code"]] == "school" and t["subjects"], t
    assert positions["school"].most_common(1)[0][0] == "учитель"
    assert positions["preschool"].most_common(1)[0][0] == "воспитатель"
    assert positions["additional"].most_common(1)[0][0] == "педагог дополнительного образования"
    assert "педагог-психолог" in positions["school"]
    subjects = Counter(s for t in demo["teachers"] for s in t["subjects"])
    assert {"математика", "русский язык", "начальные классы"} <= set(subjects)


def test_mentors_are_qualified_colleagues_with_at_most_two_mentees(demo):
    by_code = {t["code"]: t for t in demo["teachers"]}
    mentees = Counter(t["mentor_code"] for t in demo["teachers"] if t["mentor_code"])
    assert mentees
    for t in demo["teachers"]:
        if t["mentor_code"]:
            mentor = by_code[t["mentor_code"]]
            assert t["experience_years"] < 3 and mentor["org_code"] == t["org_code"]
            assert mentor["category"] in FIRST_PLUS and mentor["experience_years"] >= 5
    assert max(mentees.values()) <= 2


def test_the_years_stages_fall_in_their_quarters(demo):
    this_year = [r for r in demo["diagnostics"] if r["date"].year == 2026]
    last_year = [r for r in demo["diagnostics"] if r["date"].year != 2026]  # for efficacy
    assert all(date(2026, 4, 1) <= r["date"] <= date(2026, 9, 30) for r in this_year)
    assert all(date(2025, 4, 1) <= r["date"] <= date(2025, 9, 30) for r in last_year)
    assert {(r["teacher_code"], r["area"]) for r in last_year} <= {
        (r["teacher_code"], r["area"]) for r in this_year
    }
    assert all(date(2026, 1, 1) <= r["submitted"] <= date(2026, 6, 30) for r in demo["requests"])
    per_teacher = Counter(r["teacher_code"] for r in this_year)
    assert set(per_teacher.values()) == {6}
    on_leave = {t["code"] for t in demo["teachers"] if t["exempt"] == "leave"}
    assert set(per_teacher) == {t["code"] for t in demo["teachers"]} - on_leave
    scores = [r["score"] for r in this_year]
    assert sum(55 <= s <= 90 for s in scores) / len(scores) >= 0.6


def test_burnout_and_exemptions_are_present_but_rare(demo):
    teachers = demo["teachers"]
    scored = [t["burnout_score"] for t in teachers if t["burnout_score"] is not None]
    assert len(scored) / len(teachers) >= 0.8
    assert any(s >= 70 for s in scored)
    exempt = Counter(t["exempt"] for t in teachers if t["exempt"])
    assert set(exempt) == set(TABLES_BY_NAME["teachers"].column("exempt").choices or {})
    assert sum(exempt.values()) / len(teachers) < 0.08


def test_absences_of_every_kind_end_before_and_after_the_cycle_date(demo):
    win = Windows(2026, AS_OF)
    shown = {
        (t["exempt"], timing_of(t["exempt"], t["exempt_until"], win))
        for t in demo["teachers"]
        if t["exempt"]
    }
    assert {(kind, timing) for kind, timing, _ in PLANTED} <= shown
    assert all(t["exempt_until"] is None for t in demo["teachers"] if not t["exempt"])


def test_absences_on_both_sides_of_the_szd_exemption_edges(demo):
    """A childcare return within two years keeps the СЗД exemption; an illness return
    over a year ago does not: both with teachers otherwise due СЗД (no category, 2+ years
    in the organization, no СЗД record in 5 years)."""
    szd = {a["teacher_code"] for a in demo["attestations"] if a["kind"] == "szd"}

    def otherwise_due(t: dict[str, Any]) -> bool:
        return t["category"] == "none" and t["years_in_org"] >= 2 and t["code"] not in szd

    returns = {
        (
            t["exempt"],
            t["exempt_until"] > years_before(AS_OF, 2 if t["exempt"] == "childcare" else 1),
        )
        for t in demo["teachers"]
        if t["exempt"] and t["exempt_until"] and t["exempt_until"] < AS_OF and otherwise_due(t)
    }
    assert {("childcare", True), ("illness", False)} <= returns


def test_absent_teachers_answer_no_survey_and_mentor_nobody(demo):
    absent = {
        t["code"]
        for t in demo["teachers"]
        if t["exempt"] and (t["exempt_until"] is None or t["exempt_until"] >= AS_OF)
    }
    assert absent
    assert all(t["burnout_score"] is None for t in demo["teachers"] if t["code"] in absent)
    assert not absent & {t["mentor_code"] for t in demo["teachers"]}


def test_one_school_ran_no_burnout_survey(demo):
    answered = Counter(t["org_code"] for t in demo["teachers"] if t["burnout_score"] is not None)
    silent = [o for o in demo["organizations"] if not answered[o["code"]]]
    assert [o["kind"] for o in silent] == ["school"]


def test_one_school_has_a_quarter_of_its_teachers_aged_sixty(demo):
    staff = Counter(t["org_code"] for t in demo["teachers"])
    older = Counter(t["org_code"] for t in demo["teachers"] if AS_OF.year - t["birth_year"] >= 60)
    shares = {o["code"]: older[o["code"]] / staff[o["code"]] for o in demo["organizations"]}
    assert 1 <= sum(share >= 0.25 for share in shares.values()) <= 2  # O12 fires and is rare


def test_highest_category_holders_mentor(demo):
    by_code = {t["code"]: t for t in demo["teachers"]}
    mentors = {t["mentor_code"] for t in demo["teachers"] if t["mentor_code"]}
    assert any(by_code[m]["category"] == "highest" for m in mentors)
    assert any(by_code[m]["category"] == "mentor" for m in mentors) or any(
        t["category"] == "mentor" for t in demo["teachers"]
    )


def test_events_follow_seed_001_at_school_and_municipal_level(demo):
    events = demo["events"]
    forms = set(TABLES_BY_NAME["events"].column("form").choices or {})
    seen = Counter(e["form"] for e in events)
    assert set(seen) <= forms and len(seen) >= 12
    # seed 001's proportions: consultations lead, then presentations and open lessons
    assert seen["consultation"] > seen["presentation"] > seen["training"]
    assert seen["open_lesson"] > seen["laboratory"]
    assert any(e["org_code"] is None and e["presenter_codes"] for e in events)
    assert any(e["org_code"] and e["presenter_codes"] for e in events)
    # a school hosts part of the municipal platform; centre consultations of both modes
    assert any(e["org_code"] and e["level"] == "municipal" for e in events)
    modes = {e["mode"] for e in events if e["form"] == "consultation" and e["org_code"] is None}
    assert modes == {"group", "individual"}
    assert all(e["mode"] is None for e in events if e["form"] != "consultation")
    # the methodological month: January is the busiest month of the cycle year
    this_year = Counter(e["date"].month for e in events if e["date"].year == AS_OF.year)
    assert this_year.most_common(1)[0][0] == 1
    assert all(e["date"] <= AS_OF for e in events)


def test_one_school_s_own_events_are_thinly_attended(demo):
    own: dict[str, list[int]] = {}
    for e in demo["events"]:
        if e["org_code"] and e["level"] is None and e["date"].year == AS_OF.year:
            own.setdefault(e["org_code"], []).append(e["participants"])
    means = {code: sum(v) / len(v) for code, v in own.items()}
    low = [code for code, mean in means.items() if mean < 8]
    assert 1 <= len(low) <= max(1, len(means) // 10)


def test_some_highest_holders_present_twice_on_the_municipal_platform(demo):
    highest = {t["code"] for t in demo["teachers"] if t["category"] == "highest"}
    since = AS_OF.replace(year=AS_OF.year - 3)
    talks = Counter(
        code
        for e in demo["events"]
        if (e["org_code"] is None or e["level"] == "municipal") and e["date"] > since
        for code in e["presenter_codes"]
    )
    assert any(talks[code] >= 2 for code in highest)


def test_competitions_are_recent_and_older(demo):
    years = Counter(c["year"] for c in demo["competitions"])
    assert max(years) <= AS_OF.year and min(years) < AS_OF.year - 3
    kinds = {c["competition"] for c in demo["competitions"]}
    assert {"debut", "teacher_of_year", "educator_of_year"} <= kinds


def test_catalogue_names_whom_its_courses_are_for(demo):
    courses = demo["courses"]
    preschool = [c for c in courses if c["levels"] == ["preschool"]]
    assert any("ФОП ДО" in c["title"] or "дошкольного" in c["title"] for c in preschool)
    assert any(c["positions"] == ["педагог-психолог"] for c in courses)
    assert any("педагог дополнительного образования" in c["positions"] for c in courses)
    school_only = [c for c in courses if c["levels"] == ["school"]]
    assert any("ФГОС ООО" in c["title"] for c in school_only)
    assert any("ГИА" in c["title"] for c in school_only)
    assert any(not c["levels"] and not c["positions"] for c in courses)  # open to all
    held = {t["position"] for t in demo["teachers"]}
    assert {p for c in courses for p in c["positions"]} - held <= {
        "старший педагог дополнительного образования"
    }


def test_catalogue_covers_every_area_with_real_courses(demo):
    courses = demo["courses"]
    assert 20 <= len(courses) <= 30
    assert all(c["hours"] >= 16 for c in courses)
    assert {36, 72} <= {c["hours"] for c in courses}
    assert {c["quarter"] for c in courses} == {1, 2, 3, 4}
    areas = {a for c in courses for a in c["areas"]}
    assert areas == set(TABLES_BY_NAME["courses"].column("areas").choices or {})


def test_profiles_are_described_for_callers():
    assert set(PROFILES) == {"strong", "average", "weak"}
    assert {p.expected_group for p in PROFILES.values()} == {"high", "medium", "low"}
    assert sum(p.share for p in PROFILES.values()) == pytest.approx(1.0)
