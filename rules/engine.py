"""The engines: the rule families composed, as CLIPS composes modules.

`OrgEngine` holds the teacher and school rules and evaluates one
organization; `CentreEngine` runs the municipal pass over the
per-organization summaries. Building an engine compiles its RETE network,
which costs more than evaluating a school, so each thread keeps one instance
of each and `reset()`s it between runs.

Why per organization: experta joins by scanning (no index on `teacher ==
code`), so a join of teacher facts with deficit or placement facts costs the
product of their counts; a whole region in one working memory is quadratic.
Within a school of tens of teachers the joins are cheap and the cost is
experta's per-fact propagation, linear in the facts.
"""

import inspect
import threading
from collections.abc import Sequence

from experta import DefFacts, Fact, KnowledgeEngine

from rules.base import Context, Firing, RuleFamily
from rules.centre import CentreRules
from rules.organization import OrganizationRules
from rules.teacher import TeacherRules


class _Evaluating(RuleFamily):
    """`evaluate`: a fresh working memory, one run, the firings in catalogue order."""

    def evaluate(self, facts: Sequence[Fact], context: Context) -> list[Firing]:
        assert isinstance(self, KnowledgeEngine)
        self.begin(context)
        self.reset()
        # One declare call: experta updates the agenda once for the whole batch.
        self.declare(*facts)
        self.run()
        return self.finish()

    def get_deffacts(self):  # type: ignore[no-untyped-def]
        """experta finds the deffacts with inspect.getmembers on every reset(), ~1.5 ms a school;
        their names never change, so they are found once and fetched by name, which binds the
        class-level DefFacts to this engine as experta's own lookup does."""
        names = self.__dict__.get("_deffacts_names")
        if names is None:
            names = self.__dict__["_deffacts_names"] = [
                name for name, obj in inspect.getmembers(type(self)) if isinstance(obj, DefFacts)
            ]
        found = [getattr(self, name) for name in names]
        for deffacts in found:
            deffacts.ke = self
        return sorted(found, key=lambda d: d.order)


class OrgEngine(_Evaluating, TeacherRules, OrganizationRules, KnowledgeEngine):
    """Teacher rules T01–T13 and school rules O01–O10 over one organization."""


class CentreEngine(_Evaluating, CentreRules, KnowledgeEngine):
    """Centre rules M01–M06 over the municipality's summaries."""


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
