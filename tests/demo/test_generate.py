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
            for value in row.values():
                if isinstance(value, date):
                    assert value <= as_of, (table, row)


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
        if cd < REFORM or t["category"] == "szd":
            assert cd > years_before(AS_OF, 5), t  # still valid on the cycle date
    dates = [t["category_date"] for t in demo["teachers"] if t["category"] in FIRST_PLUS]
    assert any(d < REFORM for d in dates) and any(d >= REFORM for d in dates)


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
    assert all(date(2026, 4, 1) <= r["date"] <= date(2026, 9, 30) for r in demo["diagnostics"])
    assert all(date(2026, 1, 1) <= r["submitted"] <= date(2026, 6, 30) for r in demo["requests"])
    per_teacher = Counter(r["teacher_code"] for r in demo["diagnostics"])
    assert set(per_teacher.values()) == {6}
    on_leave = {t["code"] for t in demo["teachers"] if t["exempt"] == "leave"}
    assert set(per_teacher) == {t["code"] for t in demo["teachers"]} - on_leave
    scores = [r["score"] for r in demo["diagnostics"]]
    assert sum(55 <= s <= 90 for s in scores) / len(scores) >= 0.6


def test_burnout_and_exemptions_are_present_but_rare(demo):
    teachers = demo["teachers"]
    scored = [t["burnout_score"] for t in teachers if t["burnout_score"] is not None]
    assert len(scored) / len(teachers) >= 0.8
    assert any(s >= 70 for s in scored)
    exempt = Counter(t["exempt"] for t in teachers if t["exempt"])
    assert exempt["leave"] and exempt["illness"]
    assert sum(exempt.values()) / len(teachers) < 0.08


def test_events_cover_every_form_at_school_and_municipal_level(demo):
    events = demo["events"]
    # the nine forms of CONTRACT v1; seed 001's full list comes with issue 12's demo data
    forms = set(TABLES_BY_NAME["events"].column("form").choices or {})
    assert {e["form"] for e in events} <= forms and len({e["form"] for e in events}) == 9
    assert any(e["org_code"] is None and e["presenter_codes"] for e in events)
    assert any(e["org_code"] and e["presenter_codes"] for e in events)
    assert all(e["date"] <= AS_OF for e in events)


def test_competitions_are_recent_and_older(demo):
    years = Counter(c["year"] for c in demo["competitions"])
    assert max(years) <= AS_OF.year and min(years) < AS_OF.year - 3
    kinds = {c["competition"] for c in demo["competitions"]}
    assert {"debut", "teacher_of_year", "educator_of_year"} <= kinds


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
