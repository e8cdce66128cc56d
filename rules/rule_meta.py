"""What the catalogue says about one rule (`RuleMeta`) and the phases that order firing.

The rows themselves are in `rules/catalogue_teacher.py` (and `catalogue_attestation.py`) and
`rules/catalogue_schools.py`; `rules.catalogue` gathers them.
"""

from dataclasses import dataclass
from enum import IntEnum
from functools import cache

from models.enums import AddresseeType, Priority
from rules.conditions import Condition, conditions_text
from rules.sources import SEEDS
from rules.thresholds import Thresholds, load_thresholds


class Phase(IntEnum):
    """Salience of the rule families' phases: the agenda fires higher phases first.

    The order follows the yearly cycle's logic (close deficits and duties first,
    then support, attestation, growth; a school's own set after its teachers';
    the municipal pass last). The final list is sorted by the catalogue anyway,
    so phases order the trail a reviewer reads, never what fires.
    """

    DEFICITS = 50
    SUPPORT = 40
    ATTESTATION = 30
    GROWTH = 20
    SCHOOL = 10
    MUNICIPAL = 0


@dataclass(frozen=True, slots=True)
class RuleMeta:
    id: str
    #: Russian title, printed in packets and in `metodist rules`
    title: str
    #: the family (and module) the rule belongs to: teacher / organization / centre
    family: str
    #: whom the recommendation is addressed to (T09 is a teacher rule addressed to the head)
    addressee: AddresseeType
    #: for reviewers: seed files and regulations with article / point
    source: str
    #: for the addressee: the basis named at the end of the Russian text
    basis: str
    phase: Phase
    priority: Priority
    #: when the rule fires, over the facts the engine matches (all must hold)
    when: tuple[Condition, ...]
    #: Russian, after the conditions: what follows from them; «{section.key}» is a threshold
    note: str
    #: Russian: what it recommends
    recommends: str
    #: the quarter of the plan year (cycle year + 1) the text sets as the deadline
    due_quarter: int
    #: keys of rules/thresholds.toml the rule depends on (their values go to the evidence)
    thresholds: tuple[str, ...] = ()

    @property
    def salience(self) -> int:
        return int(self.phase)

    @property
    def seeds(self) -> tuple[str, ...]:
        """Seed file names cited in `source`."""
        return tuple(seed.file for num, seed in SEEDS.items() if f"seed {num}" in self.source)

    def conditions_for(self, th: Thresholds) -> str:
        """Russian: when the rule fires, with the thresholds' values and configuration keys."""
        return conditions_text(self.when, self.note, th)

    @property
    def conditions(self) -> str:
        return self.conditions_for(_defaults())


@cache
def _defaults() -> Thresholds:
    return load_thresholds()
