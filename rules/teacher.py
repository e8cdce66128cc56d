"""Teacher rules T01–T15: recommendations delivered in the school's packet, one teacher at a time.

Consistency (docs/domain.md) is part of the conditions, not a filter afterwards:
- T01 fires for every critical `DeficitFact` of a teacher at work; T02 names the
  teacher's `moderate_areas`, and an area has one level, so the two never meet;
- T07, T08, T11, T12 and T15 require `has_critical=False`;
- absent teachers (`absent=True`) get no growth, mentoring, competition, reserve or
  attestation rule (T04–T08, T10–T12, T14, T15), nor T01–T03 (the plan places them
  on no course; their deficits stay on the map for their return);
- T05's deadline is `status.attestation_deadline`, never after the expiry; T07
  yields to T05's combined item when both hold.
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


def _ready_for_highest() -> dict[str, object]:
    """T07's conditions on the teacher, shared with T05's item that says both."""
    return dict(
        category="first",
        has_critical=False,
        presented_recently=True,
        years_in_category=MATCH.years_in_category,
    )


def _waited_for_highest() -> tuple[Limits, TEST]:
    """T07's waiting period in «первая» (none by default: order 196 sets none)."""
    return (
        Limits(first_to_highest_min_years=MATCH.min_years),
        TEST(
            lambda years_in_category, min_years: (
                min_years <= 0 or _known_at_least(years_in_category, min_years)
            )
        ),
    )


def _expiry_shown() -> dict[str, W]:
    """T05's dates, named in its patterns so the evidence (and the ИОМ line) carry them."""
    names = ("category_date", "category_expiry", "category_apply_by", "apply_urgent")
    return {name: W() for name in (*names, "apply_deadline")}


class TeacherRules(RuleFamily):
    # ---- deficits and the PD duty ----
    @rule(
        "T01",
        AS.teacher << TeacherFact(code=MATCH.code, absent=False),
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
        AS.teacher << TeacherFact(code=MATCH.code, absent=False),
        AS.deficit << DeficitFact(teacher=MATCH.code, area=MATCH.area, level="critical"),
        AS.unplaced << UnplacedFact(teacher=MATCH.code, area=MATCH.area, reason="critical_deficit"),
        NOT(PlacementFact(teacher=MATCH.code, area=MATCH.area)),
    )
    def report_unplaced_critical_deficit(
        self, teacher: TeacherFact, deficit: DeficitFact, unplaced: UnplacedFact
    ) -> None:
        """Seeds 004 and 000: the plan could not place the course; the text says why
        (no suitable course, no seats, the course limit) and the need goes to the centre."""
        self.recommend(key=deficit["area"], teacher=teacher, deficit=deficit, unplaced=unplaced)

    @rule(
        "T01",
        AS.teacher << TeacherFact(code=MATCH.code, absent=False),
        AS.deficit << DeficitFact(teacher=MATCH.code, area=MATCH.area, level="critical"),
        NOT(PlacementFact(teacher=MATCH.code, area=MATCH.area)),
        NOT(UnplacedFact(teacher=MATCH.code, area=MATCH.area, reason="critical_deficit")),
    )
    def seek_course_for_critical_deficit(self, teacher: TeacherFact, deficit: DeficitFact) -> None:
        """Seeds 004 and 000: the plan has no answer for the area (not run yet, or the
        deficit is newer than the plan): a course is to be found; the centre is told (M06)."""
        self.recommend(key=deficit["area"], teacher=teacher, deficit=deficit)

    @rule(
        "T02",
        AS.teacher << TeacherFact(code=MATCH.code, absent=False, moderate_areas=P(bool)),
    )
    def support_moderate_deficit_in_school(self, teacher: TeacherFact) -> None:
        """Seed 000 (subject associations help draft the PD plan), seed 001 (self-education by
        an individual route): one item naming every moderate area; an area has one level,
        so none of them is an area of T01."""
        self.recommend(teacher=teacher)

    @rule(
        "T03",
        AS.teacher
        << TeacherFact(
            code=MATCH.code, pd_due=True, absent=False, pd_runs_out=W(), pd_deadline=W()
        ),
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
        AS.teacher
        << TeacherFact(
            code=MATCH.code, pd_due=True, absent=False, pd_runs_out=W(), pd_deadline=W()
        ),
        NOT(PlacementFact(teacher=MATCH.code, counts_for_pd=True, primary=True)),
    )
    def flag_overdue_pd_without_seat(self, teacher: TeacherFact) -> None:
        """273-ФЗ art. 47 p. 5, art. 48; seed 003: no seat in the plan — the course is still
        due, before the period runs out (`pd_deadline`) when it has not yet."""
        self.recommend(teacher=teacher)

    @rule(
        "T13",
        AS.teacher << TeacherFact(code=MATCH.code, absent=False),
        AS.unplaced << UnplacedFact(teacher=MATCH.code, reason="request", cause=W()),
    )
    def flag_unmet_request(self, teacher: TeacherFact, unplaced: UnplacedFact) -> None:
        """Seed 003 (the requests database, Q1–Q2; the PD plan, Q4): an unmet request goes
        to the centre."""
        key = f"{unplaced['area']}|{unplaced['topic']}"
        self.recommend(key=key, teacher=teacher, unplaced=unplaced)

    # ---- support ----
    @rule(
        "T04",
        AS.teacher
        << TeacherFact(code=MATCH.code, young=True, has_mentor=False, absent=False, experience=W()),
        AS.mentor << MentorFact(mentee=MATCH.code, found=True),
    )
    def assign_mentor(self, teacher: TeacherFact, mentor: MentorFact) -> None:
        """Seed 002 (a mentoring system for young teachers), seed 004 (sect. 3: mentoring):
        the candidate the mentor matching found in the same organization."""
        self.recommend(teacher=teacher, mentor=mentor)

    @rule(
        "T04",
        AS.teacher
        << TeacherFact(code=MATCH.code, young=True, has_mentor=False, absent=False, experience=W()),
        AS.mentor << MentorFact(mentee=MATCH.code, found=False),
    )
    def refer_mentor_search_to_centre(self, teacher: TeacherFact, mentor: MentorFact) -> None:
        """Seeds 002 and 004: no colleague meets the criteria, so the centre looks further."""
        self.recommend(teacher=teacher, mentor=mentor)

    @rule(
        "T04",
        AS.teacher
        << TeacherFact(code=MATCH.code, young=True, has_mentor=False, absent=False, experience=W()),
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

    # ---- attestation (never for absent teachers) ----
    @rule(
        "T05",
        AS.teacher
        << TeacherFact(
            code=MATCH.code,
            category_expires_soon=True,
            absent=False,
            category=W(),
            **_expiry_shown(),
        ),
    )
    def support_attestation_before_category_expires(self, teacher: TeacherFact) -> None:
        """Orders 276 and 196 (a category set before 1 Sept 2023 keeps its 5-year term),
        seed 003 (attestation support all year round): apply by the apply-by date."""
        self.recommend(rank=(1,), teacher=teacher)

    @rule(
        "T05",
        AS.teacher
        << TeacherFact(
            code=MATCH.code,
            category_expires_soon=True,
            absent=False,
            **_ready_for_highest(),
            **_expiry_shown(),
        ),
        *_waited_for_highest(),
    )
    def apply_for_highest_before_category_expires(self, teacher: TeacherFact) -> None:
        """Orders 276 and 196, seed 003: T07 holds too, so one item — apply for «высшая»
        before «первая» expires (the lower rank keeps this one over the plain T05)."""
        self.recommend(rank=(0,), teacher=teacher)

    @rule(
        "T06",
        AS.teacher
        << TeacherFact(code=MATCH.code, szd_due=True, absent=False, category=W(), years_in_org=W()),
    )
    def flag_szd_due(self, teacher: TeacherFact) -> None:
        """Order 196: СЗД once in 5 years for those without a category, except those under 2
        years in the organization, pregnant, on leave, or lately back (`status.szd_exempt`)."""
        self.recommend(teacher=teacher)

    @rule(
        "T07",
        AS.teacher
        << TeacherFact(
            code=MATCH.code,
            absent=False,
            category_expires_soon=False,
            **_ready_for_highest(),
        ),
        *_waited_for_highest(),
    )
    def propose_highest_category(self, teacher: TeacherFact) -> None:
        """Order 196 (no waiting period between «первая» and «высшая»; order 276 had 2 years),
        seed 003. When «первая» expires soon, T05 says both in one item."""
        self.recommend(teacher=teacher)

    @rule(
        "T14",
        AS.teacher
        << TeacherFact(code=MATCH.code, category_expired=True, absent=False, category_expiry=W()),
    )
    def seek_category_again(self, teacher: TeacherFact) -> None:
        """Orders 276 and 196: a category set before 1 Sept 2023 has run its 5 years; a
        category may be sought again at any time."""
        self.recommend(teacher=teacher)

    @rule(
        "T15",
        AS.teacher
        << TeacherFact(
            code=MATCH.code,
            category="highest",
            has_critical=False,
            has_any_deficit=False,
            absent=False,
            mentors_young=MATCH.mentors,
            presentations=MATCH.presentations,
        ),
        Limits(methodist_min_presentations=MATCH.min_presentations),
        TEST(
            lambda mentors, presentations, min_presentations: (
                mentors or presentations >= min_presentations
            )
        ),
    )
    def propose_mentor_or_methodist_category(self, teacher: TeacherFact) -> None:
        """Order 196: a holder of «высшая» may apply for «педагог-наставник» (mentors a
        young teacher) or «педагог-методист» (presents experience), with the employer's
        petition."""
        ctx = self._context
        assert ctx is not None
        wanted = [
            *(["mentor"] if teacher["mentors_young"] else []),
            *(
                ["methodist"]
                if teacher["presentations"] >= ctx.th.activity.methodist_min_presentations
                else []
            ),
        ]
        self.recommend(teacher=teacher, params={"wanted": wanted})

    # ---- growth (never with a critical deficit, never for an absent teacher) ----
    @rule(
        "T08",
        AS.teacher
        << TeacherFact(
            code=MATCH.code,
            category=FIRST_OR_HIGHER,
            has_critical=False,
            has_any_deficit=False,
            presented_recently=False,
            absent=False,
        ),
    )
    def invite_to_present_experience(self, teacher: TeacherFact) -> None:
        """Seed 001 (every teacher presents experience once in three years on a municipal
        platform; the electronic bank of experience)."""
        self.recommend(teacher=teacher)

    @rule(
        "T10",
        AS.teacher
        << TeacherFact(
            code=MATCH.code, has_critical=False, absent=False, experience=MATCH.experience
        ),
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
            absent=False,
            competition=P(bool),
            org_kind=W(),
        ),
    )
    def nominate_for_teacher_of_the_year(self, teacher: TeacherFact) -> None:
        """Seed 003 («Учитель года», «Воспитатель года», «Сердце отдаю детям», «Педагог-
        психолог»): the competition of the teacher's position (`[activity.competitions]`)."""
        self.recommend(teacher=teacher)

    @rule(
        "T12",
        AS.teacher
        << TeacherFact(
            code=MATCH.code,
            category=HIGHEST_OR_HIGHER,
            has_critical=False,
            pd_current=True,
            burnout_risk=False,
            absent=False,
            experience=MATCH.experience,
            reserve_rank=MATCH.reserve_rank,
        ),
        Limits(leader_min_experience=MATCH.leader_min, reserve_per_org=MATCH.per_org),
        TEST(
            lambda experience, leader_min, reserve_rank, per_org: (
                _known_at_least(experience, leader_min)
                and reserve_rank is not None
                and reserve_rank < per_org
            )
        ),
    )
    def add_to_leadership_reserve(self, teacher: TeacherFact) -> None:
        """Seed 004 (sect. 3: a mobile reserve of school leaders), seed 003 («Лидер в
        образовании»): at most `reserve_per_org` per organization, the strongest first."""
        self.recommend(teacher=teacher)
