"""When a rule fires, as checkable data: the catalogue's conditions and what they say.

A `Condition` names a field of a fact, a test and its operand (a literal or
a key of thresholds.toml) and words it in Russian. From the same tuple the
catalogue prints the rule's conditions and the audit says why a rule stayed
silent for a school (`first_unmet`), so the two can never tell different stories.
"""

import operator
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from models.russian import dec2, num, percent_plain, years_genitive, years_nominative
from rules.thresholds import Thresholds

Test = Literal["is", "in", "lt", "ge", "gt", "at_least", "any", "gt_field"]

_TESTS: dict[str, Callable[[Any, Any], bool]] = {
    "is": operator.eq,
    "in": lambda value, operand: value in operand,
    # an unknown number (no experience recorded) satisfies no comparison
    "lt": lambda value, operand: value is not None and value < operand,
    "ge": lambda value, operand: value is not None and value >= operand,
    "gt": lambda value, operand: value is not None and value > operand,
    # a minimum of 0 or less is no minimum: it holds for an unknown value too
    "at_least": lambda value, operand: operand <= 0 or (value is not None and value >= operand),
    "any": lambda value, _: bool(value),
}


@dataclass(frozen=True, slots=True)
class Condition:
    #: the fact class the engine matches (rules/facts.py), by name
    fact: str
    field: str
    test: Test
    #: Russian, a clause; each «{}» stands for the value of one of `keys`, in order
    wording: str
    #: a literal operand, or for `gt_field` the name of the other field
    operand: Any = None
    #: the key of thresholds.toml the field is compared with (instead of `operand`)
    limit: str = ""
    #: the keys the wording names, when they are not just `limit` (a level's cut-offs)
    keys: tuple[str, ...] = ()

    @property
    def named_keys(self) -> tuple[str, ...]:
        return self.keys or ((self.limit,) if self.limit else ())

    def holds(self, fact: Mapping[str, Any], th: Thresholds) -> bool:
        value = fact[self.field]
        if self.test == "gt_field":
            return bool(value > fact[self.operand])
        operand = threshold(th, self.limit) if self.limit else self.operand
        return _TESTS[self.test](value, operand)

    def text(self, th: Thresholds) -> str:
        """The clause, with the thresholds' values in force and their configuration keys."""
        keys = self.named_keys
        if not keys:
            return self.wording
        return f"{self.wording.format(*(show(k, th) for k in keys))} ({', '.join(keys)})"


def threshold(th: Thresholds, key: str) -> Any:
    section, name = key.split(".")
    return getattr(getattr(th, section), name)


#: how a threshold reads in a sentence: «за 3 года», «не менее 5 лет»
_YEARS_NOMINATIVE = {
    "pd.period_years",
    "attestation.category_term_years",
    "attestation.szd_period_years",
    "activity.presentation_period_years",
    "activity.competition_period_years",
}
_YEARS_GENITIVE = {
    "mentoring.young_teacher_years",
    "mentoring.mentor_min_experience",
    "attestation.szd_min_years_in_org",
    "attestation.first_to_highest_min_years",
    "activity.debut_max_experience",
    "activity.leader_min_experience",
}


def show(key: str, th: Thresholds) -> str:
    """A threshold's value as the catalogue prints it: «3 года», «5 лет», «20 %», «0,75»."""
    value = threshold(th, key)
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if key in _YEARS_NOMINATIVE:
        return years_nominative(value)
    if key in _YEARS_GENITIVE:
        return years_genitive(value)
    if key.startswith(("school.", "centre.")) and "share" in key:
        return percent_plain(value)
    if key.startswith("effectiveness."):
        return dec2(value)
    return num(value)


_KEY = re.compile(r"\{([a-z_]+\.[a-z_]+)\}")


def fill(note: str, th: Thresholds) -> str:
    """`note` with each «{section.key}» replaced by the threshold's value."""
    return _KEY.sub(lambda m: show(m[1], th), note)


def conditions_text(when: Sequence[Condition], note: str, th: Thresholds) -> str:
    """The catalogue's Russian statement: «Срабатывает, если: a; b.», then the note."""
    parts = []
    if when:
        parts.append("Срабатывает, если: " + "; ".join(c.text(th) for c in when) + ".")
    if note:
        parts.append(fill(note, th))
    return " ".join(parts)


@dataclass(frozen=True, slots=True)
class Unmet:
    """The first condition that no fact satisfies, after those before it."""

    condition: Condition
    #: facts of the condition's kind, and how many passed the conditions before it
    facts: int
    passed_before: int
    #: the one fact's value, where the kind has one fact per school (OrgFact)
    value: Any = None


def first_unmet(
    when: Sequence[Condition], facts: Mapping[str, Sequence[Mapping[str, Any]]], th: Thresholds
) -> Unmet | None:
    """Apply `when` in order to the facts of each kind; the first condition none passes."""
    passing: dict[str, list[Mapping[str, Any]]] = {}
    for c in when:
        pool = passing.setdefault(c.fact, list(facts.get(c.fact, ())))
        kept = [f for f in pool if c.holds(f, th)]
        if not kept:
            single = len(pool) == 1 and len(facts.get(c.fact, ())) == 1
            value = pool[0][c.field] if single else None
            return Unmet(c, len(facts.get(c.fact, ())), len(pool), value)
        passing[c.fact] = kept
    return None
