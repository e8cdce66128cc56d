"""Organizations of the demo: kinds, Russian names, sizes, profiles, vacancies.

A district has one or two gymnasiums and lyceums, mostly ordinary secondary
schools (СОШ), small rural basic schools (ООШ) at the end of the numbering,
kindergartens (about a third as many as schools) and a centre or two of
additional education. Staff sizes are scaled so that a municipality averages
40 teachers per school, kindergartens and centres included, which keeps the
demo at ~480 teachers and a 1000-school region at ~40,000.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from random import Random
from typing import Any

from metodist.demo.names import ADDITIONAL, KINDERGARTENS, VILLAGES, municipality_names
from metodist.demo.profiles import AVERAGE, STRONG, WEAK, Profile

TEACHERS_PER_SCHOOL = 40
ORGS_PER_MUNICIPALITY = 45

#: staff size range per organization type, before scaling to the target total
_SIZE = {
    "gymnasium": (48, 66), "lyceum": (42, 58), "uiop": (38, 52), "sosh": (26, 48),
    "oosh": (8, 15), "preschool": (14, 28), "additional": (14, 30),
}  # fmt: skip
_MIN_SIZE = {"oosh": 6, "preschool": 8, "additional": 8}
#: how likely each type is to be picked as strong / weak within a municipality
_STRONG_WEIGHT = {"gymnasium": 20, "lyceum": 15, "uiop": 4, "sosh": 1, "oosh": 0.2,
                  "preschool": 1, "additional": 1}  # fmt: skip
_WEAK_WEIGHT = {"gymnasium": 0.05, "lyceum": 0.05, "uiop": 0.5, "sosh": 1.5, "oosh": 5,
                "preschool": 0.6, "additional": 0.6}  # fmt: skip


@dataclass
class Org:
    """One organization as generated; `row()` gives its `organizations` table row."""

    code: str
    name: str
    kind: str  # school / preschool / additional
    type: str  # gymnasium / lyceum / uiop / sosh / oosh / preschool / additional
    municipality: str
    profile: Profile = AVERAGE
    size: int = 0
    vacancies: int = 0
    #: an average organization whose staff were mostly certified in one year before
    #: the 2023 reform: 20 % or more of its categories expire within 12 months (T05, O10)
    attestation_wave: bool = False
    #: the smallest weak school of a municipality, where nobody with 5+ years holds
    #: «первая» or higher: a young teacher there has no mentor candidate (T04, no match)
    no_mentor_pool: bool = False
    #: False for the one school of a municipality that did not run the burnout survey
    #: (its burnout indicator is left out of its composite; O07 cannot fire there)
    burnout_survey: bool = True
    #: the school whose staff is old: a third aged 60 or over (O12)
    older_staff: bool = False

    def row(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "kind": self.kind,
            "municipality": self.municipality,
            "vacancies": self.vacancies,
        }


def build_organizations(rng: Random, schools: int) -> list[Org]:
    """All organizations of the demo, grouped into municipalities of ~30–60."""
    preschools = max(1, round(schools / 3))
    additional = max(1, round(schools / 12))
    total = schools + preschools + additional
    count = max(1, round(total / ORGS_PER_MUNICIPALITY))
    names = municipality_names(rng, count)
    orgs: list[Org] = []
    for i, name in enumerate(names):
        muni = _municipality(
            rng,
            f"M{i + 1:02d}",
            name,
            _part(schools, count, i),
            _part(preschools, count, i),
            _part(additional, count, i),
        )
        _assign_profiles(rng, muni)
        orgs.extend(muni)
    _scale_sizes(orgs, TEACHERS_PER_SCHOOL * schools)
    for org in orgs:
        org.vacancies = _vacancies(rng, org)
    return orgs


def _part(total: int, parts: int, i: int) -> int:
    """The i-th of `parts` near-equal shares of `total`."""
    return total // parts + (1 if i < total % parts else 0)


def _municipality(
    rng: Random, prefix: str, name: str, schools: int, preschools: int, additional: int
) -> list[Org]:
    orgs: list[Org] = []
    gymnasiums = max(1, schools // 12) if schools >= 3 else 0
    lyceums = max(1, schools // 15) if schools >= 8 else 0
    basic = round(schools * 0.2)
    deep = round(schools * 0.1)
    for n in range(1, schools + 1):
        if n <= gymnasiums:
            type_, title = "gymnasium", f"«Гимназия № {n}»"
        elif n <= gymnasiums + lyceums:
            type_, title = "lyceum", f"«Лицей № {n}»"
        elif n > schools - basic:
            type_, title = "oosh", f"ООШ № {n} {VILLAGES[(n + len(prefix)) % len(VILLAGES)]}"
        elif n > schools - basic - deep:
            type_, title = "uiop", f"«СОШ № {n} с углублённым изучением отдельных предметов»"
        else:
            type_, title = "sosh", f"СОШ № {n}"
        form = "МАОУ" if rng.random() < 0.15 else "МБОУ"
        orgs.append(Org(f"{prefix}-S{n:02d}", f"{form} {title}", "school", type_, name))
    for n in range(1, preschools + 1):
        form = "МАДОУ" if rng.random() < 0.2 else "МБДОУ"
        nickname = KINDERGARTENS[rng.randrange(len(KINDERGARTENS))]
        title = f"{form} детский сад № {n} «{nickname}»"
        orgs.append(Org(f"{prefix}-D{n:02d}", title, "preschool", "preschool", name))
    for n in range(1, additional + 1):
        base = ADDITIONAL[(n - 1) % len(ADDITIONAL)]
        suffix = f" № {(n - 1) // len(ADDITIONAL) + 1}" if n > len(ADDITIONAL) else ""
        title = f"МБУ ДО «{base}{suffix}»"
        orgs.append(Org(f"{prefix}-A{n:02d}", title, "additional", "additional", name))
    for org in orgs:
        low, high = _SIZE[org.type]
        org.size = rng.randint(low, high)
    return orgs


def _weighted_take(
    rng: Random, pool: list[Org], weight: Callable[[Org], float], k: int
) -> list[Org]:
    """k organizations drawn without replacement, in proportion to `weight`."""
    taken: list[Org] = []
    pool = list(pool)
    for _ in range(min(k, len(pool))):
        weights = [weight(o) for o in pool]
        taken.append(pool.pop(_choice_index(rng, weights)))
    return taken


def _choice_index(rng: Random, weights: Sequence[float]) -> int:
    x = rng.random() * sum(weights)
    for i, w in enumerate(weights):
        x -= w
        if x < 0:
            return i
    return len(weights) - 1


def _assign_profiles(rng: Random, orgs: list[Org]) -> None:
    """Exact profile shares per municipality, so every district has all three groups."""
    n = len(orgs)
    n_strong = max(1, round(n * STRONG.share))
    n_weak = max(1, round(n * WEAK.share))
    for org in _weighted_take(rng, orgs, lambda o: _STRONG_WEIGHT[o.type], n_strong):
        org.profile = STRONG
    rest = [o for o in orgs if o.profile is not STRONG]
    for org in _weighted_take(rng, rest, lambda o: _WEAK_WEIGHT[o.type], n_weak):
        org.profile = WEAK
    average = [o for o in orgs if o.profile is AVERAGE]
    for org in _weighted_take(rng, average, lambda o: 1.0, max(1, round(n / 8))):
        org.attestation_wave = True
    weak = [o for o in orgs if o.profile is WEAK]
    smallest = min(weak, key=lambda o: (o.size, o.code))
    smallest.no_mentor_pool = True
    _mark_by_code(orgs)


def _mark_by_code(orgs: list[Org]) -> None:
    """The survey-less and the older-staff school, chosen by code (no draw, so adding them
    reshuffles nothing): average ordinary schools outside the attestation wave."""
    plain = sorted(
        (o for o in orgs if o.type == "sosh" and o.profile is AVERAGE and not o.attestation_wave),
        key=lambda o: o.code,
    )
    plain = plain or sorted((o for o in orgs if o.kind == "school"), key=lambda o: o.code)
    if plain:
        plain[0].burnout_survey = False
        plain[-1].older_staff = True


def _scale_sizes(orgs: list[Org], target: int) -> None:
    """Scale staff sizes so the total is exactly `target` (when minimums allow)."""
    raw = sum(o.size for o in orgs)
    factor = target / raw
    for org in orgs:
        org.size = max(_MIN_SIZE.get(org.type, 12), round(org.size * factor))
    diff = target - sum(o.size for o in orgs)
    order = sorted(orgs, key=lambda o: (-o.size, o.code))
    i = 0
    while diff != 0 and i < 10 * len(order):
        org = order[i % len(order)]
        step = 1 if diff > 0 else -1
        if org.size + step >= _MIN_SIZE.get(org.type, 12):
            org.size += step
            diff -= step
        i += 1


def _vacancies(rng: Random, org: Org) -> int:
    if org.profile is STRONG:
        return 1 if rng.random() < 0.15 else 0
    expected = org.size * org.profile.vacancy_rate
    if org.profile is WEAK:
        return max(2, round(expected * rng.uniform(0.7, 1.3)))
    return round(expected * rng.uniform(0.3, 1.7))
