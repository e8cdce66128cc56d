"""The engines: the rule families composed, as CLIPS composes modules.

`OrgEngine` holds the teacher and school rules and evaluates one
organization; `CentreEngine` runs the municipal pass over the
per-organization summaries. Building an engine compiles its RETE network,
which costs more than evaluating a school, so each thread keeps one instance
of each and `reset()`s it between runs.

Why per organization: experta joins by scanning (no index on `teacher ==
code`), so a join of teacher facts with deficit or placement facts costs the
product of their counts; a whole region in one working memory is quadratic
(`bench/rules_bench.py` measures it). Even a school of 40 teachers pays for
its joins, so `OrgEngine` runs 8 teachers at a time. The rest is experta's
per-fact propagation, linear in the facts: `_accelerate` trims it (see
there) without changing what the network matches.
"""

import inspect
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from experta import DefFacts, Fact, KnowledgeEngine
from experta.matchers.rete.abstract import Node, TwoInputNode
from experta.matchers.rete.check import FeatureCheck, TypeCheck
from experta.matchers.rete.mixins import ChildNode
from experta.matchers.rete.nodes import BusNode, FeatureTesterNode
from experta.matchers.rete.token import Token

from rules.base import Context, Firing, RuleFamily
from rules.centre import CentreRules
from rules.organization import OrganizationRules
from rules.teacher import TeacherRules


class _Evaluating(RuleFamily):
    """`evaluate`: a fresh working memory, one run, the firings in catalogue order."""

    #: swap the RETE network's nodes for the faster equivalents (off: experta's own, for tests)
    accelerated = True

    def __init__(self) -> None:
        super().__init__()
        if self.accelerated:
            _accelerate(self.matcher.root_node)  # type: ignore[attr-defined]

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


class _NoCopyOneInput:
    """experta copies every token a node receives, in case the node changes its context; only
    a `FeatureTesterNode` ever does (see `_FastFeatureTester`), so these nodes take it as is."""

    def activate(self, token: Token) -> Any:
        return self._activate(token)  # type: ignore[attr-defined]


class _NoCopyTwoInput:
    # The join and negation nodes read a token's context and build new tokens; experta's
    # versions also format a debug line per activation for its MATCHER watcher.
    def activate_left(self, token: Token) -> Any:
        return self._activate_left(token)  # type: ignore[attr-defined]

    def activate_right(self, token: Token) -> Any:
        return self._activate_right(token)  # type: ignore[attr-defined]


class _FastFeatureTester:
    """`FeatureTesterNode`'s activation, copying the token only when a binding extends its
    context (a passed literal test hands the token on as it came), and without
    `Token.__new__`'s type assertions over every fact of the token."""

    children: list[ChildNode]
    matcher: Callable[[Fact], Any]

    def activate(self, token: Token) -> None:
        (fact,) = token.data
        match = self.matcher(fact)
        if not match:
            return
        if isinstance(match, Mapping):
            context = token.context
            for key, value in match.items():
                if isinstance(key, tuple):  # a negated binding
                    if key[1] in context and context[key[1]] == value:
                        return
                elif context.get(key, value) != value or (
                    (False, key) in context and context[(False, key)] == value
                ):
                    return
            token = Token._make((token.tag, token.data.copy(), {**context, **match}))
        for child in self.children:
            child.callback(token)


class _TypedBus(BusNode):
    """The root node, sending a fact only down the branches that test its type.

    experta's bus hands every fact to every branch, where the first node of
    each (a `TypeCheck`) copies the token and drops it unless the type is its
    own: with ten fact types, most activations of the network. The branch
    of the fact's type is entered past its type test, which is all it did.
    """

    def _route(self, token: Token) -> None:
        (fact,) = token.data
        for child in self._by_type.get(type(fact), ()):  # type: ignore[attr-defined]
            child.callback(token)
        for child in self._untyped:  # type: ignore[attr-defined]
            child.callback(token)

    def add(self, fact: Fact) -> None:
        self._route(Token.valid(fact))

    def remove(self, fact: Fact) -> None:
        self._route(Token.invalid(fact))


def _simple_feature(check: FeatureCheck) -> Callable[[Fact], Any] | None:
    """`check` as a closure when it reads a plain top-level field (no `a__b` path): the same
    test, without `FeatureCheck.__call__` splitting the field's name and logging each call."""
    what = check.what
    if not isinstance(what, str) or "__" in what or what.isnumeric():
        return None
    test, expected = check.check, check.expected

    def feature(fact: Fact) -> Any:
        try:
            record = fact[what]
        except (IndexError, KeyError, TypeError):
            return False
        return test(record, expected)

    return feature


def _accelerate(root: Node) -> None:
    """Swap the built network's nodes for faster equivalents (experta is pinned to 1.9.4).

    The same nodes, memories and tests in the same places: tokens are copied
    without re-validation, plain field tests skip the generic path, and the
    root routes facts by type. The bound callbacks the parents hold are
    re-bound to the swapped classes.
    """
    seen: dict[int, Node] = {}

    def walk(node: Node) -> None:
        if id(node) in seen:
            return
        seen[id(node)] = node
        for child in node.children:
            walk(child.node)

    walk(root)
    fast: dict[type, type] = {}
    for node in seen.values():
        if node is root:
            continue
        cls = type(node)
        if cls not in fast:
            if isinstance(node, FeatureTesterNode):
                mixin: type = _FastFeatureTester
            elif isinstance(node, TwoInputNode):
                mixin = _NoCopyTwoInput
            else:
                mixin = _NoCopyOneInput
            fast[cls] = type(f"Fast{cls.__name__}", (mixin, cls), {})
        node.__class__ = fast[cls]
        matcher = getattr(node, "matcher", None)
        if isinstance(matcher, FeatureCheck):
            node.matcher = _simple_feature(matcher) or matcher  # type: ignore[attr-defined]
    for node in seen.values():
        node.children = [
            ChildNode(c.node, getattr(c.node, c.callback.__name__)) for c in node.children
        ]
    root.__class__ = _TypedBus
    by_type: dict[type, list[ChildNode]] = {}
    untyped: list[ChildNode] = []
    for child in root.children:
        check = getattr(child.node, "matcher", None)
        if isinstance(check, TypeCheck):
            # past the type test: its children get the token it would have passed on
            by_type.setdefault(check.fact_type, []).extend(child.node.children)
        else:
            untyped.append(child)
    root._by_type = by_type  # type: ignore[attr-defined]
    root._untyped = untyped  # type: ignore[attr-defined]


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
    """Teacher rules T01–T13 and school rules O01–O10 over one organization.

    Runs over `batch` teachers at a time: experta joins by scanning, so a
    join costs the product of the facts on its two sides, and a school of 40
    teachers spends more on that than on the per-run reset of small batches.
    Valid while no rule looks at two teachers at once, or at a teacher and
    the school (`_per_teacher` checks it when the engine first runs; if a rule
    does, the whole organization is one run again).
    """

    batch = 8


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
