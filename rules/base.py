"""What every rule family shares: the `rule` decorator, the recording helper and `Firing`.

A rule is declared as

    @rule("T04", AS.teacher << TeacherFact(code=MATCH.code, young=True, has_mentor=False),
          AS.mentor << MentorFact(mentee=MATCH.code, found=True))
    def assign_mentor(self, teacher, mentor):
        '''Seed 002, seed 004: ...'''
        self.recommend(teacher=teacher, mentor=mentor)

`rule` takes salience from the catalogue (the rule's phase) and remembers
which catalogue id and which method is firing; `recommend` turns the matched
facts into a `Firing`: addressee from the catalogue, the Russian text from the
template named after the method (`rules/texts/assign_mentor.j2`), and the
evidence — the matched facts as plain values, trimmed for wide facts to the
fields the pattern names, plus the thresholds the catalogue lists for the rule.
"""

import functools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from experta import Fact, Rule
from experta.utils import unfreeze

from rules import texts
from rules.catalogue import CATALOGUE, RULE_ORDER, RuleMeta
from rules.thresholds import Thresholds

JSON = Any


@dataclass(frozen=True, slots=True)
class Firing:
    """One recommendation the engine derived, and why (the adapter's output)."""

    rule_id: str
    addressee_type: str
    addressee_code: str
    #: the organization whose packet carries it; None for the centre
    org_code: str | None
    priority: str
    title: str
    text: str
    #: the matched facts by role (teacher, deficit, placement, ...), plain JSON values
    evidence: dict[str, JSON]
    #: the rule method that fired (a catalogue id may have a few, e.g. T01 placed / no seat)
    rule_name: str = ""
    #: what the text template got besides the facts (plan year, deadline, ...)
    params: dict[str, JSON] = field(default_factory=dict)
    #: tells apart firings of one rule for one addressee (an area, a school)
    key: str = ""

    def sort_key(self) -> tuple[int, str, str, str, str]:
        return (
            RULE_ORDER[self.rule_id],
            self.org_code or "",
            self.addressee_code,
            self.key,
            self.rule_name,
        )


@dataclass(frozen=True, slots=True)
class _Firing:
    rule_id: str
    name: str
    #: fields named in each bound pattern: {"teacher": {"code", "young", ...}}
    shown: Mapping[str, frozenset[str]]


def _bound_patterns(rule_id: str, conditions: tuple[Any, ...]) -> dict[str, frozenset[str]]:
    """The fields each `AS.name << SomeFact(...)` pattern names, for trimming evidence.

    Also refuses a fact binding that reuses a variable's name (`AS.demand <<
    DemandFact(demand=MATCH.demand)`): experta would silently never match.
    """
    facts: dict[str, frozenset[str]] = {}
    variables: set[str] = set()

    def walk(ce: Any) -> None:
        if isinstance(ce, Fact):
            bind = ce.get("__bind__")
            if bind:
                facts[bind] = frozenset(k for k in ce if isinstance(k, str) and "__" not in k)
            variables.update(
                v.__bind__
                for k, v in ce.items()
                if k != "__bind__" and getattr(v, "__bind__", None)
            )
        elif isinstance(ce, tuple):
            for sub in ce:
                walk(sub)

    for ce in conditions:
        walk(ce)
    clash = variables & set(facts)
    if clash:
        raise ValueError(f"{rule_id}: a fact and a variable are both bound to {sorted(clash)}")
    return facts


def rule(rule_id: str, *conditions: Any) -> Callable[[Callable[..., None]], Rule]:
    """An experta `Rule` for catalogue entry `rule_id`, with the salience of its phase."""
    meta = CATALOGUE[rule_id]
    shown = _bound_patterns(rule_id, conditions)

    def decorate(fn: Callable[..., None]) -> Rule:
        current = _Firing(rule_id, fn.__name__, shown)

        @functools.wraps(fn)
        def fire(self: "RuleFamily", *args: Any, **kwargs: Any) -> None:
            self._current = current
            try:
                fn(self, *args, **kwargs)
            finally:
                self._current = None

        fire.rule_id = rule_id  # type: ignore[attr-defined]
        return Rule(*conditions, salience=meta.salience)(fire)

    return decorate


_SCALARS = (str, int, float, bool, type(None))


def plain(value: Any) -> JSON:
    """A fact's value as plain JSON: tuples to lists, dates to ISO strings."""
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, date):
        return value.isoformat()
    value = unfreeze(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [plain(v) for v in value]
        return sorted(items) if isinstance(value, set | frozenset) else items
    return value


def fact_values(fact: Fact) -> dict[str, JSON]:
    return {k: plain(v) for k, v in fact.items() if isinstance(k, str) and not k.startswith("__")}


def threshold_value(th: Thresholds, dotted: str) -> JSON:
    section, name = dotted.split(".")
    return plain(getattr(getattr(th, section), name))


@dataclass
class Context:
    """What the texts need beyond the facts: the cycle, the plan year and the organization."""

    th: Thresholds
    year: int
    as_of: date
    org_code: str | None = None
    org_name: str = ""
    org_kind: str = ""

    @property
    def plan_year(self) -> int:
        return self.year + 1


@dataclass
class _Pending:
    """A firing whose text is rendered once the run is over, if it is the one kept."""

    meta: RuleMeta
    name: str
    addressee: tuple[str, str]
    key: str
    rank: tuple[Any, ...]
    evidence: dict[str, JSON]
    full: dict[str, dict[str, JSON]]
    params: dict[str, JSON]

    def order(self) -> tuple[Any, ...]:
        """Which of two firings with one identity is kept: the lower rank, name, evidence.
        Only a clash needs it, so the evidence is serialised only then."""
        return (self.rank, self.name, json.dumps(self.evidence, sort_keys=True, ensure_ascii=False))


class RuleFamily:
    """Base of the rule families (mixins): the recording helper the rules call.

    An engine composed of families runs one evaluation at a time: `begin`
    before the runs, `finish` after them gives the firings, in catalogue
    order, one per (rule, addressee, key).
    """

    _current: _Firing | None = None
    _context: Context | None = None

    def begin(self, context: Context) -> None:
        self._context = context
        self._pending: dict[tuple[str, str, str], _Pending] = {}
        # a fact's plain values and a rule's thresholds, computed once per evaluation: a
        # teacher's fact is matched by several rules, a rule fires for many teachers
        self._values: dict[int, tuple[Fact, dict[str, JSON]]] = {}
        self._thresholds: dict[str, dict[str, JSON]] = {}

    def recommend(
        self,
        *,
        key: str = "",
        rank: tuple[Any, ...] = (),
        params: Mapping[str, JSON] | None = None,
        **facts: Fact,
    ) -> None:
        """Record the firing of the current rule on `facts` (role -> matched fact).

        `key` tells apart firings of one rule for one addressee (an area, a
        school); when two activations give the same (rule, addressee, key) —
        a teacher with two courses that each fulfil the PD duty — the lower
        `rank` is kept, then the lower evidence, so the result never depends
        on the agenda's order.
        """
        current, ctx = self._current, self._context
        if current is None or ctx is None:
            raise RuntimeError("recommend() is called from a rule, after begin()")
        meta = CATALOGUE[current.rule_id]
        evidence: dict[str, JSON] = {}
        full: dict[str, dict[str, JSON]] = {}
        for role, fact in facts.items():
            values = self._plain_values(fact)
            full[role] = values
            if getattr(fact, "wide", False):
                keep = set(getattr(fact, "identity", ())) | current.shown.get(role, frozenset())
                values = {k: v for k, v in values.items() if k in keep}
            else:
                values = dict(values)
            evidence[role] = values
        if meta.thresholds:
            shown = self._thresholds.get(meta.id)
            if shown is None:
                shown = self._thresholds[meta.id] = {
                    k: threshold_value(ctx.th, k) for k in meta.thresholds
                }
            evidence["thresholds"] = dict(shown)
        addressee = self._addressee(meta, full, ctx)
        ident = (meta.id, addressee[1], key)
        pending = _Pending(
            meta=meta,
            name=current.name,
            addressee=addressee,
            key=key,
            rank=rank,
            evidence=evidence,
            full=full,
            params={
                "plan_year": ctx.plan_year,
                "deadline": texts.deadline(meta.due_quarter, ctx.plan_year),
                **(params or {}),
            },
        )
        kept = self._pending.get(ident)
        if kept is not None and kept.order() <= pending.order():
            return
        self._pending[ident] = pending

    def _plain_values(self, fact: Fact) -> dict[str, JSON]:
        """`fact_values(fact)`, once per fact and evaluation (read-only: callers copy)."""
        cached = self._values.get(id(fact))
        # the fact is kept with its values, so its id cannot be reused while cached
        if cached is None or cached[0] is not fact:
            cached = self._values[id(fact)] = (fact, fact_values(fact))
        return cached[1]

    def finish(self) -> list[Firing]:
        """The kept firings with their texts, sorted by the catalogue, then org and addressee."""
        ctx = self._context
        assert ctx is not None
        firings = [self._render(p, ctx) for p in self._pending.values()]
        self._pending = {}
        self._values = {}
        return sorted(firings, key=Firing.sort_key)

    @staticmethod
    def _render(p: _Pending, ctx: Context) -> Firing:
        body = texts.render(
            p.name,
            meta=p.meta,
            thresholds=p.evidence.get("thresholds", {}),
            **p.params,
            **p.full,
        )
        text = body if body.endswith(".") else f"{body}."
        return Firing(
            rule_id=p.meta.id,
            addressee_type=p.addressee[0],
            addressee_code=p.addressee[1],
            org_code=ctx.org_code if p.meta.family != "centre" else None,
            priority=p.meta.priority.value,
            title=p.meta.title,
            text=f"{text} Основание: {p.meta.basis}.",
            evidence=p.evidence,
            rule_name=p.name,
            params=p.params,
            key=p.key,
        )

    @staticmethod
    def _addressee(
        meta: RuleMeta, facts: Mapping[str, Mapping[str, JSON]], ctx: Context
    ) -> tuple[str, str]:
        if meta.addressee == "teacher":
            return "teacher", str(facts["teacher"]["code"])
        if meta.addressee == "organization":
            return "organization", str(ctx.org_code)
        return "centre", "centre"
