"""School rules O01–O12: recommendations to the head of one organization.

They read `OrgFact`: the monitoring indicators and effectiveness group (the
monitoring stage computes them; the rules never re-derive a group) and counts
the adapter takes from the shared teacher status.
"""

from experta import AS, MATCH, TEST, P, W

from rules.base import RuleFamily, rule
from rules.facts import Limits, OrgFact


class OrganizationRules(RuleFamily):
    @rule("O01", AS.org << OrgFact(group="high", composite=W()))
    def apply_high_group_set(self, org: OrgFact) -> None:
        """Seed 002, the set for group 1 «Высокая степень эффективности деятельности»."""
        self.recommend(org=org)

    @rule("O02", AS.org << OrgFact(group="medium", composite=W()))
    def apply_medium_group_set(self, org: OrgFact) -> None:
        """Seed 002, the set for group 2 «Средняя степень эффективности деятельности»."""
        self.recommend(org=org)

    @rule("O03", AS.org << OrgFact(group="low", composite=W()))
    def apply_low_group_set(self, org: OrgFact) -> None:
        """Seed 002, the set for group 3 «Низкая степень эффективности деятельности»."""
        self.recommend(org=org)

    @rule("O04", AS.org << OrgFact(code=W()))
    def apply_heads_set(self, org: OrgFact) -> None:
        """Seed 002, «Руководителям МОУ»: the set every head receives."""
        self.recommend(org=org)

    @rule("O05", AS.org << OrgFact(vacancies=P(lambda n: n > 0)))
    def plan_recruitment_for_vacancies(self, org: OrgFact) -> None:
        """Seed 002: staff shortage lowers quality; identify staffing needs in time."""
        self.recommend(org=org)

    @rule("O06", AS.org << OrgFact(young_without_mentor=P(bool), young=W()))
    def set_up_mentoring(self, org: OrgFact) -> None:
        """Seed 002 (a mentoring system), seed 004 (sect. 3): a young teacher without a mentor."""
        self.recommend(org=org)

    @rule(
        "O07",
        AS.org << OrgFact(burnout_share=MATCH.share, burnout_surveyed=True),
        Limits(burnout_share=MATCH.limit),
        TEST(lambda share, limit: share >= limit),
    )
    def build_burnout_prevention(self, org: OrgFact) -> None:
        """Seed 002 (build a burnout-prevention system), seed 004 (burnout prevention).

        Only where the survey was run; the text never prints the school's share
        (docs/domain.md, «What a head sees of burnout»): it stays in the evidence."""
        self.recommend(org=org)

    @rule(
        "O08",
        AS.org << OrgFact(presented_share=MATCH.share),
        Limits(presented_share_min=MATCH.limit),
        TEST(lambda share, limit: share < limit),
    )
    def revive_methodological_work(self, org: OrgFact) -> None:
        """Seed 001 (closed self-education, unused platforms, formal methodological work)."""
        self.recommend(org=org)

    @rule("O09", AS.org << OrgFact(pd_coverage=P(lambda share: share < 1)))
    def ensure_pd_for_every_teacher(self, org: OrgFact) -> None:
        """273-ФЗ art. 47 p. 5 item 2 (PD at least once in three years), seed 002."""
        self.recommend(org=org)

    @rule(
        "O10",
        AS.org
        << OrgFact(expiring_share=MATCH.share, expiring=P(lambda n: n > 0), category_holders=W()),
        Limits(expiring_share=MATCH.limit),
        TEST(lambda share, limit: share >= limit),
    )
    def plan_attestation_support(self, org: OrgFact) -> None:
        """Seed 003 (attestation support), orders 276 and 196 (expiry of pre-reform categories)."""
        self.recommend(org=org)

    @rule(
        "O11",
        AS.org << OrgFact(school_event_participants=MATCH.mean, school_events=P(lambda n: n > 0)),
        Limits(event_min_participants=MATCH.limit),
        TEST(lambda mean, limit: mean < limit),
    )
    def revive_attendance_of_school_events(self, org: OrgFact) -> None:
        """Seed 001 (formal organisation of methodological work): the organization's own
        events of the cycle year gather few colleagues."""
        self.recommend(org=org)

    @rule(
        "O12",
        AS.org << OrgFact(older_share=MATCH.share, older=P(lambda n: n > 0), teachers=W()),
        Limits(older_share=MATCH.limit),
        TEST(lambda share, limit: share >= limit),
    )
    def plan_staff_succession(self, org: OrgFact) -> None:
        """Seed 002 (staff shortage a risk; retain young teachers), seed 003 (staffing)."""
        self.recommend(org=org)
