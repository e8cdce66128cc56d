"""Centre rules M01–M08: the municipal pass, addressed to the methodological centre.

They read the per-organization summaries (`SchoolFact`, `AreaFact`,
`MunicipalityFact`) and the plan's demand against catalogue seats
(`DemandFact`), never a teacher: the teachers were seen once, per school.
"""

from experta import AS, MATCH, TEST, P, W

from rules.base import RuleFamily, rule
from rules.facts import (
    AreaFact,
    CourseEfficacyFact,
    DemandFact,
    Limits,
    MunicipalityFact,
    SchoolFact,
)


class CentreRules(RuleFamily):
    @rule("M01", AS.school << SchoolFact(group="low", composite=W()))
    def support_low_group_school(self, school: SchoolFact) -> None:
        """Seed 002: addressed support to the organizations of the low group, one by one."""
        self.recommend(key=school["code"], school=school)

    @rule(
        "M02",
        AS.area << AreaFact(share=MATCH.share, critical=P(lambda n: n > 0)),
        Limits(area_critical_share=MATCH.limit),
        TEST(lambda share, limit: share >= limit),
    )
    def organise_area_seminars(self, area: AreaFact) -> None:
        """Seed 000 (the centre runs experience-exchange seminars), seed 001 (methodological
        work planned from the schools' difficulties)."""
        self.recommend(key=area["area"], area=area)

    @rule(
        "M03",
        AS.municipality
        << MunicipalityFact(experience_candidates=P(lambda n: n > 0), experience_orgs=W()),
    )
    def compile_experience_bank(self, municipality: MunicipalityFact) -> None:
        """Seed 001 (the electronic bank of presented experience), seed 003 (a collection)."""
        self.recommend(municipality=municipality)

    @rule(
        "M04",
        AS.municipality
        << MunicipalityFact(
            low_group=P(bool), high_group=W(), low_group_names=W(), high_group_names=W()
        ),
    )
    def pair_low_with_high_group_schools(self, municipality: MunicipalityFact) -> None:
        """Seed 001 (networking as the leading mechanism), seed 002 (network forms; support
        of the low group)."""
        self.recommend(municipality=municipality)

    @rule(
        "M05",
        AS.municipality << MunicipalityFact(young_share=MATCH.share, young=W(), teachers=W()),
        Limits(young_share=MATCH.limit),
        TEST(lambda share, limit: share >= limit),
    )
    def run_young_teachers_school(self, municipality: MunicipalityFact) -> None:
        """Seed 002 (support of young teachers, a mentoring system)."""
        self.recommend(municipality=municipality)

    @rule("M06", AS.demand << DemandFact(shortfall=P(lambda n: n > 0), by_kind=W(), by_cause=W()))
    def open_extra_course_groups(self, demand: DemandFact) -> None:
        """Seed 003 (the PD plan from the requests database): needs of an area the plan left
        unplaced for want of a suitable course or seat, by kind of organization."""
        self.recommend(key=demand["area"], demand=demand)

    @rule(
        "M07",
        AS.municipality << MunicipalityFact(outside_mentors=W(), nominees=W(), reserve=W()),
        TEST(
            lambda municipality: bool(
                municipality["outside_mentors"]
                or municipality["nominees"]
                or municipality["reserve"]
            )
        ),
    )
    def act_on_centre_lists(self, municipality: MunicipalityFact) -> None:
        """Seeds 002 and 004 (mentoring beyond one school; the reserve of leaders), seed 003
        (competitions): the lists the centre acts on."""
        self.recommend(municipality=municipality)

    @rule("M08", AS.course << CourseEfficacyFact(verdict=P(lambda v: v in ("helps", "no_effect"))))
    def judge_course_by_its_efficacy(self, course: CourseEfficacyFact) -> None:
        """Seed 004 (satisfaction with the quality of addressed PD programmes), seed 003 (the
        PD plan): a course whose interval lies wholly on one side of zero."""
        self.recommend(key=f"{course['key']}|{course['area']}|{course['provider']}", course=course)
