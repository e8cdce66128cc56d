"""Teacher rules T01–T13: recommendations delivered in the school's packet, one teacher at a time.

Consistency (docs/domain.md) is part of the conditions, not a filter afterwards:
- T01 fires for every critical `DeficitFact` (with a placed course, or without
  one); T02 needs a moderate deficit in the area *and* no critical
  `DeficitFact` for the same teacher and area, so the two never meet;
- T07, T08, T11 and T12 require `has_critical=False`;
- T05, T06 and T07, the attestation rules, require `exempt=False` (and so does
  T03: the plan sets no overdue course for a teacher on leave).
"""

from experta import AS, MATCH, NOT, TEST, P, W

from rules.base import RuleFamily, rule
from rules.facts import (
    DeficitFact,
    Limits,
    MentorFact,
    PlacementFact,
    TeacherFact,
    UnplacedFact,
)
from rules.status import CATEGORIES_FIRST_OR_HIGHER, CATEGORIES_HIGHEST_OR_HIGHER

#: a placement without a quarter sorts after IV when several could be named
UNKNOWN_QUARTER = 5
FIRST_OR_HIGHER = P(lambda c: c in CATEGORIES_FIRST_OR_HIGHER)
HIGHEST_OR_HIGHER = P(lambda c: c in CATEGORIES_HIGHEST_OR_HIGHER)


def _known_below(value: float | None, limit: float) -> bool:
    return value is not None and value < limit


def _known_at_least(value: float | None, limit: float) -> bool:
    return value is not None and value >= limit


class TeacherRules(RuleFamily):
    # ---- deficits and the PD duty ----
    @rule(
        "T01",
        AS.teacher << TeacherFact(code=MATCH.code),
        AS.deficit << DeficitFact(teacher=MATCH.code, area=MATCH.area, level="critical"),
        AS.placement << PlacementFact(teacher=MATCH.code, area=MATCH.area),
    )
    def place_on_course_for_critical_deficit(
        self, teacher: TeacherFact, deficit: DeficitFact, placement: PlacementFact
    ) -> None:
        """Seed 004 (sect. 2: personalised КПК from the diagnostics of deficits), seed 000
        (an individual trajectory after the internal audit): the plan's course for the area."""
        rank = (placement["quarter"] or UNKNOWN_QUARTER, placement["course_code"])
        self.recommend(
            key=deficit["area"], rank=rank, teacher=teacher, deficit=deficit, placement=placement
        )

    @rule(
        "T01",
        AS.teacher << TeacherFact(code=MATCH.code),
        AS.deficit << DeficitFact(teacher=MATCH.code, area=MATCH.area, level="critical"),
        NOT(PlacementFact(teacher=MATCH.code, area=MATCH.area)),
    )
    def seek_course_for_critical_deficit(self, teacher: TeacherFact, deficit: DeficitFact) -> None:
        """Seeds 004 and 000: a critical deficit the plan found no seat for goes to the
        centre (M06)."""
        self.recommend(key=deficit["area"], teacher=teacher, deficit=deficit)

    @rule(
        "T02",
        AS.teacher << TeacherFact(code=MATCH.code),
        AS.deficit << DeficitFact(teacher=MATCH.code, area=MATCH.area, level="moderate"),
        NOT(DeficitFact(teacher=MATCH.code, area=MATCH.area, level="critical")),
    )
    def support_moderate_deficit_in_school(
        self, teacher: TeacherFact, deficit: DeficitFact
    ) -> None:
        """Seed 000 (subject associations help draft the PD plan), seed 001 (self-education by
        an individual route): a moderate deficit is closed inside the school, never where T01 is."""
        self.recommend(key=deficit["area"], teacher=teacher, deficit=deficit)

    @rule(
        "T03",
        AS.teacher << TeacherFact(code=MATCH.code, pd_current=False, exempt=False),
        AS.placement << PlacementFact(teacher=MATCH.code, counts_for_pd=True, primary=True),
    )
    def schedule_course_for_overdue_pd(
        self, teacher: TeacherFact, placement: PlacementFact
    ) -> None:
        """273-ФЗ art. 47 p. 5 item 2, art. 48 p. 1 item 7; order № 266 (a course from 16 h);
        seed 003 (the PD plan, Q4): a placed course of 16 h or more fulfils the duty."""
        rank = (
            placement["reason"] != "pd_overdue",
            placement["quarter"] or UNKNOWN_QUARTER,
            placement["course_code"],
        )
        self.recommend(rank=rank, teacher=teacher, placement=placement)

    @rule(
        "T03",
        AS.teacher << TeacherFact(code=MATCH.code, pd_current=False, exempt=False),
        NOT(PlacementFact(teacher=MATCH.code, counts_for_pd=True, primary=True)),
    )
    def flag_overdue_pd_without_seat(self, teacher: TeacherFact) -> None:
        """273-ФЗ art. 47 p. 5, art. 48; seed 003: no seat in the plan — the course is still due."""
        self.recommend(teacher=teacher)

    @rule(
        "T13",
        AS.teacher << TeacherFact(code=MATCH.code),
        AS.unplaced << UnplacedFact(teacher=MATCH.code, reason="request"),
    )
    def flag_unmet_request(self, teacher: TeacherFact, unplaced: UnplacedFact) -> None:
        """Seed 003 (the requests database, Q1–Q2; the PD plan, Q4): an unmet request goes
        to the centre."""
        key = f"{unplaced['area']}|{unplaced['topic']}"
        self.recommend(key=key, teacher=teacher, unplaced=unplaced)

    # ---- support ----
    @rule(
        "T04",
        AS.teacher << TeacherFact(code=MATCH.code, young=True, has_mentor=False, experience=W()),
        AS.mentor << MentorFact(mentee=MATCH.code, found=True),
    )
    def assign_mentor(self, teacher: TeacherFact, mentor: MentorFact) -> None:
        """Seed 002 (a mentoring system for young teachers), seed 004 (sect. 3: mentoring):
        the candidate the mentor matching found in the same organization."""
        self.recommend(teacher=teacher, mentor=mentor)

    @rule(
        "T04",
        AS.teacher << TeacherFact(code=MATCH.code, young=True, has_mentor=False, experience=W()),
        AS.mentor << MentorFact(mentee=MATCH.code, found=False),
    )
    def refer_mentor_search_to_centre(self, teacher: TeacherFact, mentor: MentorFact) -> None:
        """Seeds 002 and 004: no colleague meets the criteria, so the centre looks further."""
        self.recommend(teacher=teacher, mentor=mentor)

    @rule(
        "T04",
        AS.teacher << TeacherFact(code=MATCH.code, young=True, has_mentor=False, experience=W()),
        NOT(MentorFact(mentee=MATCH.code)),
    )
    def choose_mentor_by_criteria(self, teacher: TeacherFact) -> None:
        """Seeds 002 and 004: without a matching result the text states the criteria."""
        self.recommend(teacher=teacher)

    @rule("T09", AS.teacher << TeacherFact(code=MATCH.code, burnout_risk=True))
    def alert_head_to_burnout_risk(self, teacher: TeacherFact) -> None:
        """Seed 002 (a burnout-prevention system), seed 004 (sect. 1, 3: burnout prevention):
        to the head, discreetly — the score itself never leaves the snapshot."""
        self.recommend(key=teacher["code"], teacher=teacher)

    # ---- attestation (never for exempt teachers) ----
    @rule(
        "T05",
        AS.teacher
        << TeacherFact(
            code=MATCH.code,
            category_expires_soon=True,
            exempt=False,
            category=W(),
            category_date=W(),
            category_expiry=W(),
        ),
    )
    def support_attestation_before_category_expires(self, teacher: TeacherFact) -> None:
        """Orders 276 and 196 (a category set before 1 Sept 2023 keeps its 5-year term),
        seed 003 (attestation support all year round)."""
        self.recommend(teacher=teacher)

    @rule(
        "T06",
        AS.teacher
        << TeacherFact(code=MATCH.code, szd_due=True, exempt=False, category=W(), years_in_org=W()),
    )
    def flag_szd_due(self, teacher: TeacherFact) -> None:
        """Order 196: СЗД once in 5 years for those without a category, except the exempt
        and those under 2 years in the organization."""
        self.recommend(teacher=teacher)

    @rule(
        "T07",
        AS.teacher
        << TeacherFact(
            code=MATCH.code,
            category="first",
            has_critical=False,
            presented_recently=True,
            exempt=False,
            years_in_category=MATCH.years_in_category,
        ),
        Limits(first_to_highest_min_years=MATCH.min_years),
        TEST(
            lambda years_in_category, min_years: (
                min_years <= 0 or _known_at_least(years_in_category, min_years)
            )
        ),
    )
    def propose_highest_category(self, teacher: TeacherFact) -> None:
        """Order 196 (no waiting period between «первая» and «высшая»; order 276 had 2 years),
        seed 003."""
        self.recommend(teacher=teacher)

    # ---- growth (never with a critical deficit) ----
    @rule(
        "T08",
        AS.teacher
        << TeacherFact(
            code=MATCH.code,
            category=FIRST_OR_HIGHER,
            has_critical=False,
            has_any_deficit=False,
            presented_recently=False,
        ),
    )
    def invite_to_present_experience(self, teacher: TeacherFact) -> None:
        """Seed 001 (every teacher presents experience once in three years on a municipal
        platform; the electronic bank of experience)."""
        self.recommend(teacher=teacher)

    @rule(
        "T10",
        AS.teacher << TeacherFact(code=MATCH.code, has_critical=False, experience=MATCH.experience),
        Limits(debut_max_experience=MATCH.debut_max),
        TEST(lambda experience, debut_max: _known_below(experience, debut_max)),
    )
    def invite_to_debut_competition(self, teacher: TeacherFact) -> None:
        """Seed 003 (the «Дебют» competition; retaining young teachers)."""
        self.recommend(teacher=teacher)

    @rule(
        "T11",
        AS.teacher
        << TeacherFact(
            code=MATCH.code,
            category=HIGHEST_OR_HIGHER,
            has_critical=False,
            has_any_deficit=False,
            competed_recently=False,
            org_kind=W(),
        ),
    )
    def nominate_for_teacher_of_the_year(self, teacher: TeacherFact) -> None:
        """Seed 003 («Учитель года», «Воспитатель года» for preschools)."""
        self.recommend(teacher=teacher)

    @rule(
        "T12",
        AS.teacher
        << TeacherFact(
            code=MATCH.code,
            category=HIGHEST_OR_HIGHER,
            has_critical=False,
            experience=MATCH.experience,
        ),
        Limits(leader_min_experience=MATCH.leader_min),
        TEST(lambda experience, leader_min: _known_at_least(experience, leader_min)),
    )
    def add_to_leadership_reserve(self, teacher: TeacherFact) -> None:
        """Seed 004 (sect. 3: a mobile reserve of school leaders), seed 003 («Лидер в
        образовании»)."""
        self.recommend(teacher=teacher)
