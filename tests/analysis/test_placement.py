from collections import Counter
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from metodist.analysis.placement import (
    CatalogueItem,
    RequestNeed,
    TeacherNeeds,
    place_courses,
    place_needs,
)
from models.profile import CourseDone, OrgProfile, Request, TeacherProfile
from rules.thresholds import Planning, Thresholds

TH = Thresholds()
AS_OF = date(2026, 11, 15)
CURRENT = (CourseDone("КПК", "methodical", 36, date(2025, 1, 1)),)


def teacher(code: str, org_code: str = "o1", *, current: bool = True, **kw) -> TeacherProfile:
    kw.setdefault("courses_done", CURRENT if current else ())
    return TeacherProfile(code=code, org_code=org_code, full_name=f"Педагог {code}", **kw)


def orgs(*teachers: TeacherProfile) -> list[OrgProfile]:
    by_org: dict[str, list[TeacherProfile]] = {}
    for t in teachers:
        by_org.setdefault(t.org_code, []).append(t)
    return [OrgProfile(code, code, "school", teachers=tuple(ts)) for code, ts in by_org.items()]


def course(code: str, *areas: str, capacity: int = 10, quarter: int = 1, hours: int = 36,
           fmt: str | None = None) -> CatalogueItem:  # fmt: skip
    return CatalogueItem(code, f"Курс {code}", areas, hours, "ИРО", fmt, capacity, quarter)


def request(area: str, topic: str = "тема", fmt: str | None = None, submitted=None) -> Request:
    return Request(area, topic, fmt, 36, submitted)


def test_capacity_goes_by_a_fixed_lot_never_by_code():
    teachers = [teacher(f"t{i}", f"o{i}", scores={"digital": 30}) for i in range(3)]
    plan = place_courses(orgs(*teachers), [course("c1", "digital", capacity=2)], as_of=AS_OF, th=TH)
    again = place_courses(
        orgs(*reversed(teachers)), [course("c1", "digital", capacity=2)], as_of=AS_OF, th=TH
    )
    assert plan.placements == again.placements and len(plan.placements) == 2
    (left,) = plan.unplaced
    assert (left.reason, left.cause) == ("critical_deficit", "no_seats")
    assert plan.demand_by_area == {"digital": 3}
    assert plan.capacity_by_area == {"digital": 2}


def test_critical_then_due_then_requests():
    both = teacher("z", "o9", current=False, scores={"digital": 30})
    critical = teacher("a", "o1", scores={"digital": 30})
    asks = teacher("0", "o0", requests=(request("digital"),))
    overdue = teacher("b", "o1", current=False)
    cat = [course("c1", "digital", capacity=2)]
    plan = place_courses(orgs(asks, critical, overdue, both), cat, as_of=AS_OF, th=TH)
    assert {(p.teacher_code, p.reason) for p in plan.placements} == {
        ("z", "critical_deficit"),
        ("a", "critical_deficit"),
    }
    assert {(u.teacher_code, u.reason) for u in plan.unplaced} == {
        ("b", "pd_overdue"),
        ("0", "request"),
    }
    # z's overdue PD is met by the 36 h course placed for the deficit
    assert [(c.teacher_code, c.reason, c.course_code) for c in plan.covered] == [
        ("z", "pd_overdue", "c1")
    ]


def test_the_low_group_first_then_the_earlier_request():
    def asks(code: str, org: str, day: date) -> TeacherNeeds:
        need = RequestNeed("digital", "тема", None, day)
        return TeacherNeeds(code, org, requests=(need,), low_group=org == "low")

    needs = [
        asks("late", "high", date(2026, 5, 1)),
        asks("early", "high", date(2026, 2, 1)),
        asks("low", "low", date(2026, 6, 1)),
    ]
    plan = place_needs(needs, [course("c1", "digital", capacity=2)], th=TH)
    assert [p.teacher_code for p in plan.placements] == ["low", "early"]
    assert [(u.teacher_code, u.cause) for u in plan.unplaced] == [("late", "no_seats")]


def test_a_kindergarten_teacher_is_never_placed_on_a_school_only_course():
    educator = teacher("v", "ds", scores={"subject": 30}, position="воспитатель")
    school_only = CatalogueItem("c1", "ФГОС ООО", ("subject",), 36, "ИРО", None, 9, 1, ("school",))
    plan = place_needs(
        [n for o in orgs(educator) for n in [_needs(o, "preschool")]], [school_only], th=TH
    )
    assert plan.placements == ()
    assert [(u.teacher_code, u.cause) for u in plan.unplaced] == [("v", "no_course")]
    preschool = CatalogueItem("c2", "ФОП ДО", ("subject",), 36, "ИРО", None, 9, 1, ("preschool",))
    plan = place_needs([_needs(orgs(educator)[0], "preschool")], [school_only, preschool], th=TH)
    assert [p.course_code for p in plan.placements] == ["c2"]


def test_positions_are_compared_folded_and_empty_means_all():
    psych = teacher("p", scores={"subject": 30}, position="Педагог-Психолог")
    for_psych = CatalogueItem(
        "c1", "Психолог", ("subject",), 36, "ИРО", None, 9, 1, (), ("педагог-психолог",)
    )
    for_teachers = CatalogueItem(
        "c0", "Классный руководитель", ("subject",), 36, "ИРО", None, 9, 1, (), ("учитель",)
    )
    plan = place_needs([_needs(orgs(psych)[0], "school")], [for_teachers, for_psych], th=TH)
    assert [p.course_code for p in plan.placements] == ["c1"]
    anyone = CatalogueItem("c2", "Любой", ("subject",), 36, "ИРО", None, 9, 1)
    plan = place_needs([_needs(orgs(psych)[0], "school")], [for_teachers, anyone], th=TH)
    assert [p.course_code for p in plan.placements] == ["c2"]


def test_absent_teachers_are_not_placed():
    away = teacher("a", scores={"digital": 30}, current=False, exempt="childcare")
    back = teacher("b", scores={"digital": 30}, exempt="illness", exempt_until=date(2026, 1, 1))
    plan = place_courses(orgs(away, back), [course("c1", "digital")], as_of=AS_OF, th=TH)
    assert [p.teacher_code for p in plan.placements] == ["b"] and plan.unplaced == ()


def _needs(org: OrgProfile, kind: str) -> TeacherNeeds:
    from metodist.analysis.placement import teacher_needs

    (t,) = org.teachers
    needs = teacher_needs(t, as_of=AS_OF, th=TH, kind=kind)
    assert needs is not None
    return needs


def test_an_overdue_teacher_takes_a_long_course_for_the_deficit_when_there_is_one():
    t = teacher("t", current=False, scores={"digital": 30})
    cat = [course("short", "digital", hours=8), course("long", "digital", hours=72, quarter=4)]
    plan = place_courses(orgs(t), cat, as_of=AS_OF, th=TH)
    assert [p.course_code for p in plan.placements] == ["long"]
    assert [c.reason for c in plan.covered] == ["pd_overdue"]


def test_a_short_deficit_course_leaves_pd_overdue():
    t = teacher("t", current=False, scores={"digital": 30, "legal": 55})
    cat = [course("short", "digital", hours=8), course("law", "legal", quarter=3, hours=16)]
    plan = place_courses(orgs(t), cat, as_of=AS_OF, th=TH)
    assert [(p.course_code, p.area, p.reason) for p in plan.placements] == [
        ("short", "digital", "critical_deficit"),
        ("law", "legal", "pd_overdue"),  # the moderate deficit's area preferred
    ]


def test_overdue_prefers_the_worst_moderate_deficit_then_a_request_then_any():
    t = teacher(
        "t",
        current=False,
        scores={"legal": 65, "communicative": 52},
        requests=(request("digital"),),
    )
    cat = [
        course("any", "subject"),
        course("law", "legal"),
        course("comm", "communicative", quarter=4),
        course("ict", "digital"),
    ]
    plan = place_courses(orgs(t), cat, as_of=AS_OF, th=TH)
    assert [(p.course_code, p.reason) for p in plan.placements] == [
        ("comm", "pd_overdue"),
        ("ict", "request"),
    ]
    only_any = place_courses(orgs(t), [cat[0]], as_of=AS_OF, th=TH)
    assert [(p.course_code, p.area) for p in only_any.placements] == [("any", None)]
    unplaced = place_courses(orgs(t), [course("x", "subject", hours=8)], as_of=AS_OF, th=TH)
    assert [(u.reason, u.area, u.cause) for u in unplaced.unplaced] == [
        ("pd_overdue", "communicative", "no_course"),
        ("request", "digital", "no_course"),
    ]


def test_exempt_teachers_have_no_overdue_need():
    t = teacher("t", current=False, exempt="leave")
    plan = place_courses(orgs(t), [course("c", "subject")], as_of=AS_OF, th=TH)
    assert (plan.placements, plan.unplaced, plan.covered) == ((), (), ())


def test_at_most_two_courses_per_teacher_and_configurable():
    t = teacher("t", scores={"digital": 10, "legal": 20, "subject": 30})
    cat = [course("a", "digital"), course("b", "legal"), course("c", "subject")]
    plan = place_courses(orgs(t), cat, as_of=AS_OF, th=TH)
    assert [p.area for p in plan.placements] == ["digital", "legal"]
    assert [(u.area, u.cause) for u in plan.unplaced] == [("subject", "course_limit")]
    three = Thresholds(planning=Planning(max_courses_per_teacher=3))
    assert len(place_courses(orgs(t), cat, as_of=AS_OF, th=three).placements) == 3


def test_a_request_is_met_by_a_deficit_placement_in_its_area():
    t = teacher("t", scores={"digital": 30}, requests=(request("digital", "Цифровая школа"),))
    plan = place_courses(orgs(t), [course("c", "digital", "legal")], as_of=AS_OF, th=TH)
    assert len(plan.placements) == 1
    assert [(c.reason, c.topic, c.course_code) for c in plan.covered] == [
        ("request", "Цифровая школа", "c")
    ]
    assert plan.demand_by_area == {"digital": 1, "legal": 0}


def test_one_multi_area_course_meets_two_deficits():
    t = teacher("t", scores={"digital": 30, "legal": 30})
    plan = place_courses(orgs(t), [course("c", "digital", "legal")], as_of=AS_OF, th=TH)
    assert [p.area for p in plan.placements] == ["digital"]
    assert [(c.area, c.reason) for c in plan.covered] == [("legal", "critical_deficit")]


def test_unmet_requests_are_listed_with_their_topic():
    t = teacher("t", requests=(request("legal", "Закон об образовании"), request("digital")))
    plan = place_courses(orgs(t), [course("c", "digital", capacity=0)], as_of=AS_OF, th=TH)
    assert [(u.area, u.topic, u.reason, u.cause) for u in plan.unplaced] == [
        ("digital", "тема", "request", "no_seats"),
        ("legal", "Закон об образовании", "request", "no_course"),
    ]


def test_only_requests_of_the_cycle_year_count():
    t = teacher(
        "t",
        requests=(
            request("digital", submitted=date(2026, 3, 1)),
            request("legal", submitted=date(2025, 3, 1)),
            request("subject", submitted=None),
            request("methodical", submitted=date(2026, 12, 1)),  # after the cycle date
        ),
    )
    cat = [course(a, a) for a in ("digital", "legal", "subject", "methodical")]
    plan = place_courses(orgs(t), cat, as_of=AS_OF, th=TH)
    assert sorted(p.area for p in plan.placements) == ["digital", "subject"]


def test_course_choice_format_then_quarter_then_focus():
    a = teacher("a", requests=(request("digital", fmt="remote"),))
    b = teacher("b", scores={"digital": 40})
    cat = [
        course("wide", "digital", "legal", quarter=1),
        course("late", "digital", quarter=3, fmt="remote"),
        course("focused", "digital", quarter=1),
    ]
    plan = place_courses(orgs(a, b), cat, as_of=AS_OF, th=TH)
    assert {p.teacher_code: p.course_code for p in plan.placements} == {
        "b": "focused",
        "a": "late",
    }
    assert [p.quarter for p in plan.placements] == [1, 3]


def test_demand_and_capacity_by_area():
    ts = [
        teacher("a", scores={"digital": 10}, requests=(request("digital"), request("legal"))),
        teacher("b", requests=(request("legal"),)),
    ]
    cat = [course("x", "digital", "legal", capacity=5), course("y", "legal", capacity=1)]
    plan = place_courses(orgs(*ts), cat, as_of=AS_OF, th=TH)
    assert plan.demand_by_area == {"digital": 1, "legal": 2}
    assert plan.capacity_by_area == {"digital": 5, "legal": 6}


def test_a_teacher_is_never_placed_twice_on_one_course():
    needs = [
        TeacherNeeds("t", "o1", critical=("digital",), pd_overdue=True),
        TeacherNeeds("u", "o1", requests=(RequestNeed("legal", "", None),) * 2),
    ]
    plan = place_needs(needs, [course("c", "digital", "legal", hours=8)], th=TH)
    assert Counter((p.teacher_code, p.course_code) for p in plan.placements) == {
        ("t", "c"): 1,
        ("u", "c"): 1,
    }
    assert [(u.teacher_code, u.reason, u.cause) for u in plan.unplaced] == [
        ("t", "pd_overdue", "no_course")
    ]


AREAS = ("subject", "methodical", "digital", "legal")
areas = st.sampled_from(AREAS)
needs_strategy = st.lists(
    st.builds(
        TeacherNeeds,
        teacher_code=st.text("abc", min_size=1, max_size=3),
        org_code=st.sampled_from(("o1", "o2", "o3")),
        critical=st.lists(areas, unique=True, max_size=3).map(lambda a: tuple(sorted(a))),
        pd_overdue=st.booleans(),
        preferred=st.lists(areas, unique=True, max_size=2).map(tuple),
        requests=st.lists(
            st.builds(RequestNeed, areas, st.just("тема"), st.sampled_from((None, "remote"))),
            max_size=3,
        ).map(tuple),
    ),
    max_size=25,
    unique_by=lambda n: n.teacher_code,
)
catalogue_strategy = st.lists(
    st.builds(
        CatalogueItem,
        code=st.text("xyz", min_size=1, max_size=3),
        title=st.just("Курс"),
        areas=st.lists(areas, unique=True, min_size=1, max_size=3).map(tuple),
        hours=st.sampled_from((8, 16, 72)),
        provider=st.just("ИРО"),
        format=st.sampled_from((None, "remote", "in_person")),
        capacity=st.integers(0, 4),
        quarter=st.integers(1, 4),
    ),
    max_size=8,
    unique_by=lambda c: c.code,
)


@settings(max_examples=150, deadline=None)
@given(needs=needs_strategy, catalogue=catalogue_strategy, limit=st.integers(1, 3))
def test_seats_and_needs_add_up(needs, catalogue, limit):
    th = Thresholds(planning=Planning(max_courses_per_teacher=limit))
    plan = place_needs(needs, catalogue, th=th)
    capacity = {c.code: c.capacity for c in catalogue}
    used = Counter(p.course_code for p in plan.placements)
    assert all(used[code] <= capacity[code] for code in used)
    per_teacher = Counter(p.teacher_code for p in plan.placements)
    assert all(n <= limit for n in per_teacher.values())
    assert len(set((p.teacher_code, p.course_code) for p in plan.placements)) == len(
        plan.placements
    )
    # every need ends exactly once in placements, covered or unplaced
    expected = Counter()
    for n in needs:
        expected.update((n.teacher_code, "critical_deficit") for _ in n.critical)
        expected.update([(n.teacher_code, "pd_overdue")] * n.pd_overdue)
        expected.update((n.teacher_code, "request") for _ in n.requests)
    outcomes = Counter(
        (x.teacher_code, x.reason) for x in (*plan.placements, *plan.covered, *plan.unplaced)
    )
    assert outcomes == expected
    # nothing is left unplaced for want of seats while a suitable course has a seat left
    left = {c.code: c.capacity - used[c.code] for c in catalogue}
    for u in plan.unplaced:
        if u.cause == "no_course":
            assert not any(
                (u.reason == "pd_overdue" and c.hours >= 16)
                or (u.reason != "pd_overdue" and u.area in c.areas)
                for c in catalogue
            )
        if u.cause == "no_seats" and u.reason != "pd_overdue":
            mine = {p.course_code for p in plan.placements if p.teacher_code == u.teacher_code}
            assert not any(
                left[c.code] > 0 and u.area in c.areas and c.code not in mine for c in catalogue
            )
