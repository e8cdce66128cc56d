"""School profiles: why the demo municipality has strong, average and weak organizations.

The rule catalogue only fires when the data contain its situations, so every
organization draws its staff from the distributions of its profile, as in a
real municipality (a couple of strong gymnasiums, many ordinary schools, one
or two in trouble), and the rules follow from those distributions. Across
all profiles the digital area is the weakest (a real pattern): a quarter or
more of the teachers have a critical digital deficit (M02) and digital
requests exceed the catalogue's seats (T13, M06); young teachers are about an
eighth of the staff (M05). The organizations' flags are in `organizations`.
"""

from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Profile:
    """The distributions one organization draws its staff and activity from."""

    key: str
    title: str  # Russian, for the demo's own notes
    expected_group: str  # effectiveness group the composite should land in
    share: float  # share of a municipality's organizations
    young_share: float  # teachers under 3 years of experience
    mentored_young: float  # share of young teachers given a mentor
    category_boost: float  # >1 shifts categories up, <1 down
    pd_coverage: float  # share with a ≥16 h course in the last 3 years
    score_shift: float  # added to every diagnostic score
    presented: float  # base chance to have presented experience in 3 years
    competition: float  # base chance of a competition entry in 3 years
    burnout_risk: float  # share with a burnout score of 70+
    vacancy_rate: float  # open posts per teacher
    request_rate: float  # share of teachers who send a course request


#: group *high* (O01): nearly all took a course in 3 years, most hold «первая» or
#: «высшая», few critical deficits, every young teacher mentored, many presentations
#: and competitions, no vacancies, little burnout; deficit-free high categories
#: carry T08, T11 and T12.
STRONG = Profile(
    key="strong",
    title="сильная",
    expected_group="high",
    share=0.30,
    young_share=0.10,
    mentored_young=1.0,
    category_boost=1.8,
    pd_coverage=0.96,
    score_shift=8.0,
    presented=0.60,
    competition=0.35,
    burnout_risk=0.05,
    vacancy_rate=0.0,
    request_rate=0.45,
)
#: group *medium* (O02), the ordinary school: some overdue for a course (T03, O09),
#: young teachers without a mentor though one is available (T04, O06), a vacancy or
#: two (O05), moderate deficits dominate (T02).
AVERAGE = Profile(
    key="average",
    title="средняя",
    expected_group="medium",
    share=0.50,
    young_share=0.14,
    mentored_young=0.55,
    category_boost=1.0,
    pd_coverage=0.78,
    score_shift=0.0,
    presented=0.32,
    competition=0.15,
    burnout_risk=0.13,
    vacancy_rate=0.04,
    request_rate=0.50,
)
#: group *low* (O03, M01, M04): many critical deficits (T01), few courses, young
#: staff without mentors, high burnout (T09, O07), vacancies, few presentations
#: (O08), mostly no category or only СЗД (T06).
WEAK = Profile(
    key="weak",
    title="слабая",
    expected_group="low",
    share=0.20,
    young_share=0.24,
    mentored_young=0.15,
    category_boost=0.45,
    pd_coverage=0.40,
    score_shift=-13.0,
    presented=0.10,
    competition=0.04,
    burnout_risk=0.36,
    vacancy_rate=0.13,
    request_rate=0.35,
)

PROFILES: MappingProxyType[str, Profile] = MappingProxyType(
    {p.key: p for p in (STRONG, AVERAGE, WEAK)}
)
