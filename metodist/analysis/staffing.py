"""Staffing of an organization and of the municipality (seeds 002, 003: see staffing risks early).

From the teachers' birth years: the age structure by band, the shares aged
60 and over and under 35; vacancies against posts (teachers + vacancies);
young teachers (`rules.status.is_young`) and their mentors. Pure functions
over plain rows, so the monitoring report and its tests share them.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from models.profile import TeacherProfile
from rules import status
from rules.thresholds import Thresholds

#: (tone, label, from age, below age); 60 is the age the O12 rule counts (DOMAIN v2)
AGE_BANDS: tuple[tuple[str, str, int, int | None], ...] = (
    ("young", "до 35 лет", 0, 35),
    ("middle", "35–49 лет", 35, 50),
    ("senior", "50–59 лет", 50, 60),
    ("retired", "60 лет и старше", 60, None),
)


@dataclass(frozen=True)
class AgeBand:
    tone: str
    label: str
    count: int
    share: float  # of the teachers whose birth year is known


@dataclass(frozen=True)
class YoungTeacher:
    full_name: str
    experience_years: float | None
    mentor_name: str | None  # None: no mentor named


@dataclass(frozen=True)
class Staffing:
    """One organization's (or, with `org_code` None, the municipality's) staffing."""

    org_code: str | None
    org_name: str
    teachers: int
    ages_known: int
    bands: tuple[AgeBand, ...]
    vacancies: int
    young: tuple[YoungTeacher, ...] = ()
    o12: bool = False  # the rule O12 fired for the organization in the latest run

    def _share(self, tone: str) -> float | None:
        if not self.ages_known:
            return None
        return sum(b.count for b in self.bands if b.tone == tone) / self.ages_known

    @property
    def senior_share(self) -> float | None:
        """Aged 60 and over, of those whose birth year is known."""
        return self._share("retired")

    @property
    def under_35_share(self) -> float | None:
        return self._share("young")

    @property
    def posts(self) -> int:
        return self.teachers + self.vacancies

    @property
    def vacancy_share(self) -> float | None:
        return self.vacancies / self.posts if self.posts else None

    @property
    def mentored(self) -> int:
        return sum(1 for y in self.young if y.mentor_name)


def age_bands(birth_years: Iterable[int | None], year: int) -> tuple[int, tuple[AgeBand, ...]]:
    """(teachers with a known age, the bands), the age being reached in `year`."""
    counts = dict.fromkeys((tone for tone, *_ in AGE_BANDS), 0)
    known = 0
    for born in birth_years:
        if born is None:
            continue
        known += 1
        age = year - born
        for tone, _, low, high in AGE_BANDS:
            if age >= low and (high is None or age < high):
                counts[tone] += 1
                break
    return known, tuple(
        AgeBand(tone, label, counts[tone], counts[tone] / known if known else 0.0)
        for tone, label, *_ in AGE_BANDS
    )


def org_staffing(
    code: str | None,
    name: str,
    teachers: Sequence[TeacherProfile],
    *,
    vacancies: int,
    year: int,
    names: dict[str, str],
    th: Thresholds,
    o12: bool = False,
) -> Staffing:
    """`names`: teacher code -> full name, to name the mentors (who may work elsewhere)."""
    known, bands = age_bands((t.birth_year for t in teachers), year)
    young = tuple(
        YoungTeacher(
            t.full_name,
            t.experience_years,
            names.get(t.mentor_code) if t.mentor_code else None,
        )
        for t in sorted(teachers, key=lambda t: t.full_name.casefold())
        if status.is_young(t, th)
    )
    return Staffing(code, name, len(teachers), known, bands, vacancies, young, o12)


def municipal_staffing(name: str, schools: Sequence[Staffing]) -> Staffing:
    """The municipality: the schools' counts and young teachers added."""
    known = sum(s.ages_known for s in schools)
    bands = tuple(
        AgeBand(tone, label, n, n / known if known else 0.0)
        for tone, label, *_ in AGE_BANDS
        for n in [sum(b.count for s in schools for b in s.bands if b.tone == tone)]
    )
    return Staffing(
        None,
        name,
        sum(s.teachers for s in schools),
        known,
        bands,
        sum(s.vacancies for s in schools),
        tuple(y for s in schools for y in s.young),
    )
