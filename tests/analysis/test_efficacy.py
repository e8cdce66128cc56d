"""Efficacy of courses: planted effects recovered, none invented, small groups not judged."""

from datetime import date, timedelta
from random import Random

from metodist.analysis.efficacy import Course, Score, analyse, changes, course_efficacy
from metodist.db import session_scope
from models import CatalogueCourse, Diagnostic, Organization, PdCourseDone, Teacher
from rules.thresholds import Efficacy

CFG = Efficacy()
BEFORE, COURSE, AFTER = date(2025, 5, 10), date(2025, 11, 20), date(2026, 5, 12)


def _municipality(effects: dict[str, float], *, per_course: int = 40, untreated: int = 120, seed=1):
    """Digital scores a year apart: `untreated` teachers drift by +1, each course's
    `per_course` teachers gain its effect on top; noise of 4 points on every change."""
    rng = Random(seed)
    scores: list[Score] = []
    courses: list[Course] = []
    n = 0

    def teacher(effect: float) -> str:
        nonlocal n
        n += 1
        code = f"T{n}"
        first = rng.randint(30, 70)
        second = round(first + 1 + effect + rng.gauss(0, 4))
        scores.extend(
            [Score(code, "digital", BEFORE, first), Score(code, "digital", AFTER, second)]
        )
        return code

    for _ in range(untreated):
        teacher(0.0)
    for key, effect in effects.items():
        for _ in range(per_course):
            courses.append(
                Course(teacher(effect), "digital", COURSE, key, f"Курс {key}", key, "ИРО")
            )
    return scores, courses


def _by_key(summary):
    return {c.key: c.result for c in summary.courses}


def test_planted_effects_are_recovered():
    scores, courses = _municipality({"HELPS": 8.0, "ALSO": 5.0, "USELESS": 0.0})
    summary = analyse(scores, courses, CFG, year=2026, as_of=date(2026, 11, 15))
    found = _by_key(summary)
    assert found["HELPS"].verdict == "helps" and found["ALSO"].verdict == "helps"
    assert found["HELPS"].low <= 8.0 <= found["HELPS"].high
    assert found["ALSO"].low <= 5.0 <= found["ALSO"].high
    assert found["USELESS"].verdict != "helps"
    assert found["USELESS"].low <= 0.0 <= found["USELESS"].high
    assert (summary.treated, summary.comparison) == (120, 120)
    assert summary.by_area["digital"].verdict == "helps"


def test_a_harmful_course_is_wholly_below_zero():
    scores, courses = _municipality({"HARMS": -7.0})
    assert _by_key(analyse(scores, courses, CFG, year=2026, as_of=AFTER))["HARMS"].verdict == (
        "no_effect"
    )


def test_no_effect_is_invented():
    """With no course doing anything, a 90 % interval wrongly lies above zero for about one
    course in twenty (the interval's own error), and the area as a whole shows nothing."""
    scores, courses = _municipality({f"C{k:02d}": 0.0 for k in range(20)}, per_course=30)
    summary = analyse(scores, courses, CFG, year=2026, as_of=AFTER)
    verdicts = [r.verdict for r in _by_key(summary).values()]
    assert len(verdicts) == 20 and verdicts.count("helps") <= 3
    assert summary.by_area["digital"].low <= 0.0 <= summary.by_area["digital"].high
    assert summary.by_area["digital"].verdict == "unclear"


def test_the_interval_is_reproducible():
    scores, courses = _municipality({"HELPS": 8.0})
    first = analyse(scores, courses, CFG, year=2026, as_of=AFTER)
    assert analyse(scores, courses, CFG, year=2026, as_of=AFTER) == first
    other = analyse(scores, courses, CFG.model_copy(update={"seed": 7}), year=2026, as_of=AFTER)
    assert other.courses[0].result.low != first.courses[0].result.low


def test_too_few_teachers_give_no_verdict():
    scores, courses = _municipality({"SMALL": 10.0}, per_course=4)
    result = _by_key(analyse(scores, courses, CFG, year=2026, as_of=AFTER))["SMALL"]
    assert result.verdict == "too_few" and result.treated == 4
    assert result.difference is None and result.low is None and result.treated_change is not None


def test_the_diagnostic_after_must_be_late_enough_and_no_course_between_for_comparison():
    scores = [
        Score("a", "legal", BEFORE, 40),
        Score("a", "legal", COURSE + timedelta(days=60), 60),  # too soon after the course
        Score("b", "legal", BEFORE, 50),
        Score("b", "legal", AFTER, 55),
        Score("c", "legal", BEFORE, 50),  # diagnosed only once
    ]
    courses = [Course("a", "legal", COURSE, "K", "К"), Course("b", "digital", COURSE, "K", "К")]
    treated, comparison = changes(scores, courses, CFG)
    assert treated == {}  # a's after is 60 days out; b's course is in another area
    assert [(c.teacher, c.change) for c in comparison["legal"]] == [("b", 5)]
    later = [*scores, Score("a", "legal", AFTER, 70)]
    treated, comparison = changes(later, courses, CFG)
    assert [(c.teacher, c.change) for c in treated[("K", "legal", None)]] == [("a", 30)]
    # a's pair across the course is not a comparison; its pair after the course is
    assert [(c.teacher, c.before) for c in comparison["legal"]] == [
        ("a", COURSE + timedelta(days=60)),
        ("b", BEFORE),
    ]


def test_from_the_database_a_code_names_the_catalogue_course_an_unknown_code_the_title(db_url):
    with session_scope(db_url) as s:
        s.add(Organization(code="o1", name="Школа", kind="school"))
        s.add(CatalogueCourse(code="KPK-1", title="Цифровая среда", areas=["digital"], hours=24,
                              provider="ИРО", capacity=10, quarter=1))  # fmt: skip
        s.flush()
        for i in range(3):
            s.add(Teacher(code=f"t{i}", org_code="o1", full_name=f"Педагог {i}"))
        s.flush()
        for i, code in enumerate(("KPK-1", "NOT-IN-CATALOGUE", None)):
            s.add(PdCourseDone(key=f"c{i}", teacher_code=f"t{i}", title=f"Свой курс {i}",
                               area="digital", hours=24, completed=COURSE,
                               course_code=code))  # fmt: skip
            s.add(Diagnostic(key=f"b{i}", teacher_code=f"t{i}", date=BEFORE, area="digital",
                             score=40))  # fmt: skip
            s.add(Diagnostic(key=f"a{i}", teacher_code=f"t{i}", date=AFTER, area="digital",
                             score=50 + i))  # fmt: skip
    with session_scope(db_url) as s:
        summary = course_efficacy(s, CFG, year=2026, as_of=date(2026, 11, 15))
    rows = {(c.key, c.title, c.code, c.provider): c.result.treated for c in summary.courses}
    assert rows == {
        ("KPK-1", "Цифровая среда", "KPK-1", "ИРО"): 1,
        ("Свой курс 1", "Свой курс 1", None, None): 1,
        ("Свой курс 2", "Свой курс 2", None, None): 1,
    }
    assert all(c.result.verdict == "too_few" for c in summary.courses)


def test_the_demo_s_planted_courses_are_judged_as_planted():
    from metodist.demo.generator import generate
    from metodist.demo.history import PLANTED

    demo = generate()
    catalogue = {c["code"]: c for c in demo["courses"]}
    scores = [
        Score(r["teacher_code"], r["area"], r["date"], r["score"]) for r in demo["diagnostics"]
    ]
    courses = []
    for c in demo["pd_courses_done"]:
        known = catalogue.get(c["course_code"])
        if known:
            courses.append(Course(c["teacher_code"], c["area"], c["completed"], known["code"],
                                  known["title"], known["code"], known["provider"]))  # fmt: skip
    found = _by_key(analyse(scores, courses, CFG, year=2026, as_of=date(2026, 11, 15)))
    expected = {f"KPK-{n:03d}": "helps" if e > 0 else "no_effect" for n, e in PLANTED.items()}
    assert {k: found[k].verdict for k in expected} == expected
