"""The engines: the rule families composed, as CLIPS composes modules.

`OrgEngine` holds the teacher and school rules and evaluates one
organization; `CentreEngine` runs the municipal pass over the
per-organization summaries. Building an engine compiles its RETE network,
which costs more than evaluating a school, so each thread keeps one instance
of each and `reset()`s it between runs.

Why per organization, and in batches of teachers: experta joins by scanning
(no index on `teacher == code`), so a join costs the product of the facts on
its two sides; a whole region in one working memory is quadratic. The
network itself is accelerated by `rules.fast_rete`.
"""

import threading
from collections.abc import Iterator, Sequence
from typing import Any

from experta import Fact, KnowledgeEngine

from rules.base import Context, Firing, RuleFamily
from rules.centre import CentreRules
from rules.fast_rete import FastEngine
from rules.organization import OrganizationRules
from rules.teacher import TeacherRules


class _Evaluating(FastEngine, RuleFamily):
    """`evaluate`: a fresh working memory, one run, the firings in catalogue order."""

    #: teachers per run (None: every fact in one run); see `OrgEngine`
    batch: int | None = None

    def evaluate(self, facts: Sequence[Fact], context: Context) -> list[Firing]:
        assert isinstance(self, KnowledgeEngine)
        self.begin(context)
        for part in self._parts(facts):
            self.reset()
            # One declare call: experta updates the agenda once for the whole batch.
            self.declare(*part)
            self.run()
        return self.finish()

    def _parts(self, facts: Sequence[Fact]) -> list[Sequence[Fact]]:
        """The facts in runs of `batch` teachers (with their own facts) each; the shared
        facts in every run, the rest (the school) in the first."""
        if "_per_teacher" not in self.__dict__:
            self.__dict__["_per_teacher"] = _per_teacher(self)  # type: ignore[arg-type]
        if not self.batch or not self.__dict__["_per_teacher"]:
            return [facts]
        shared: list[Fact] = []
        rest: list[Fact] = []
        teachers: dict[Any, list[Fact]] = {}
        for fact in facts:
            field = getattr(fact, "teacher_field", None)
            if field is not None:
                teachers.setdefault(fact[field], []).append(fact)
            elif getattr(fact, "shared", False):
                shared.append(fact)
            else:
                rest.append(fact)
        own = list(teachers.values())
        parts: list[Sequence[Fact]] = []
        for i in range(0, max(1, len(own)), self.batch):
            part = [*shared, *(rest if i == 0 else ())]
            for facts_of_one in own[i : i + self.batch]:
                part.extend(facts_of_one)
            parts.append(part)
        return parts


def _patterns(ce: Any) -> Iterator[Fact]:
    """The fact patterns of a rule or a conditional element, negated ones included."""
    if isinstance(ce, Fact):
        yield ce
    elif isinstance(ce, tuple):
        for sub in ce:
            yield from _patterns(sub)


def _per_teacher(engine: KnowledgeEngine) -> bool:
    """Whether no rule of `engine` can match facts of two teachers, or a teacher's fact with
    a fact of the school: every pattern about a teacher (`teacher_field`) binds that field
    to the one variable of its rule, and the rule's other patterns are `shared` facts."""
    for rule in engine.get_rules():
        patterns = list(_patterns(rule))
        about = [p for p in patterns if getattr(p, "teacher_field", None)]
        if not about:
            continue
        if any(not getattr(p, "shared", False) for p in patterns if p not in about):
            return False
        variables = {getattr(p.get(p.teacher_field), "__bind__", None) for p in about}
        if len(variables) != 1 or None in variables:
            return False
    return True


class OrgEngine(_Evaluating, TeacherRules, OrganizationRules, KnowledgeEngine):
    """Teacher rules T01–T15 and school rules O01–O12 over one organization.

    Runs over `batch` teachers at a time: experta joins by scanning, so a
    join costs the product of the facts on its two sides, and a school of 40
    teachers spends more on that than on the per-run reset of small batches.
    Valid while no rule looks at two teachers at once, or at a teacher and
    the school (`_per_teacher` checks it when the engine first runs; if a rule
    does, the whole organization is one run again).
    """

    batch = 8


class CentreEngine(_Evaluating, CentreRules, KnowledgeEngine):
    """Centre rules M01–M08 over the municipality's summaries."""


_local = threading.local()


def org_engine() -> OrgEngine:
    """This thread's `OrgEngine` (built once, reset for every organization)."""
    engine = getattr(_local, "org", None)
    if engine is None:
        engine = _local.org = OrgEngine()
    return engine


def centre_engine() -> CentreEngine:
    engine = getattr(_local, "centre", None)
    if engine is None:
        engine = _local.centre = CentreEngine()
    return engine
