"""experta's speed-ups, in one place behind one switch (`ENABLED`).

The rule engine spends its time in experta's per-fact machinery, not in the
rules: this module swaps the built RETE network's nodes for equivalents that
do less per token (`rules.fast_nodes`), polls the conflict sets only when a
token reached one, resets each node once, finds an engine's deffacts once,
builds facts of plain scalars without `Fact.__init__`'s per-field checks and
declares them with cheaper checks. What the network matches is unchanged;
`tests/rules/test_engine.py` compares the firings with experta's own
network, with the switch off.

Why experta is pinned to ==1.9.4 (pyproject): all of this reads its private
internals (node classes and their `_activate*` methods, `Token._make`,
`Fact`'s name-mangled `__defaults`, `DefFacts.ke`), which a release may
change silently. 1.9.4 itself pins frozendict==1.2 and schema==0.6.7, which
break on Python >= 3.10, hence the overrides in pyproject's `[tool.uv]`.
Before moving the pin, run the comparison tests.
"""

import inspect
from collections.abc import Callable
from typing import Any

from experta import DefFacts, Fact
from experta.conditionalelement import ConditionalElement
from experta.factlist import FactList
from experta.matchers.rete import ReteMatcher
from experta.matchers.rete.abstract import Node, TwoInputNode
from experta.matchers.rete.check import FeatureCheck, TypeCheck
from experta.matchers.rete.mixins import ChildNode
from experta.matchers.rete.nodes import (
    ConflictSetNode,
    FeatureTesterNode,
    NotNode,
    OrdinaryMatchNode,
)
from experta.utils import freeze

from rules.fast_nodes import (
    _FastFeatureTester,
    _FastJoin,
    _FastNot,
    _NoCopyOneInput,
    _NoCopyTwoInput,
    _TouchingConflictSet,
    _TypedBus,
)

#: the switch: off, engines built afterwards keep experta's own network and facts are built
#: by experta's `Fact.__init__` (read when an engine or a fact is built)
ENABLED = True


class FastEngine:
    """Mixin of a `KnowledgeEngine`: its network accelerated when built with `ENABLED` on."""

    def __init__(self) -> None:
        super().__init__()
        self.__dict__["_fast"] = ENABLED
        if ENABLED:
            matcher = self.matcher  # type: ignore[attr-defined]
            matcher._nodes = accelerate(matcher.root_node)
            matcher.__class__ = _FastMatcher

    def reset(self, **kwargs: Any) -> None:
        super().reset(**kwargs)  # type: ignore[misc]
        if self.__dict__.get("_fast"):
            self.facts.__class__ = _FastFactList  # type: ignore[attr-defined]

    def get_deffacts(self):  # type: ignore[no-untyped-def]
        """experta finds the deffacts with inspect.getmembers on every reset(), ~1.5 ms a school;
        their names never change, so they are found once and fetched by name, which binds the
        class-level DefFacts to this engine as experta's own lookup does."""
        if not self.__dict__.get("_fast"):
            return super().get_deffacts()  # type: ignore[misc]
        names = self.__dict__.get("_deffacts_names")
        if names is None:
            names = self.__dict__["_deffacts_names"] = [
                name for name, obj in inspect.getmembers(type(self)) if isinstance(obj, DefFacts)
            ]
        found = [getattr(self, name) for name in names]
        for deffacts in found:
            deffacts.ke = self
        return sorted(found, key=lambda d: d.order)


_SCALARS = frozenset({str, int, float, bool, type(None)})


class FastFact(Fact):
    """A `Fact` built field by field only where experta must freeze a value.

    experta's `Fact.__init__` sets each field through `__setitem__` (a
    declared-yet check and `freeze` per field); a region builds hundreds of
    thousands of facts of plain scalars, which need neither. Patterns
    (`TeacherFact(code=MATCH.code)`) and facts are the same as experta's own.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if args or not ENABLED:
            super().__init__(*args, **kwargs)
            return
        dict.update(self, {k: v if type(v) in _SCALARS else freeze(v) for k, v in kwargs.items()})
        self._Fact__defaults: dict[str, Any] = {}

    # experta asks both of every fact it declares, field by field; these answer at C speed
    # when they can and ask experta's own otherwise
    def has_field_constraints(self) -> bool:
        if _SCALARS.issuperset(map(type, self.values())):
            return False
        return any(isinstance(v, ConditionalElement) for v in self.values())

    def has_nested_accessor(self) -> bool:
        checked = _PLAIN_KEYS.setdefault(type(self), set())
        if self.keys() <= checked:
            return False
        if super().has_nested_accessor():
            return True
        checked.update(self.keys())
        return False


#: fields of each fact class already seen without a nested accessor (`a__b`)
_PLAIN_KEYS: dict[type, set[Any]] = {}


def _fact_id(fact: Fact) -> frozenset[Any]:
    """`FactList._get_fact_id` (what makes two facts duplicates) without a call per field."""
    return frozenset(
        [
            fact.__class__,
            *(
                (k, v)
                for k, v in fact.items()
                if not (k.__class__ is str and k.startswith("__") and k.endswith("__"))
            ),
        ]
    )


class _FastFactList(FactList):
    _get_fact_id = staticmethod(_fact_id)


class _FastMatcher(ReteMatcher):
    """experta's matcher polling the conflict-set nodes only when a token reached one, and
    resetting each node of the network once (experta's reset recurses into shared nodes
    once per parent)."""

    _nodes: list[Node]

    def changes(self, adding=None, deleting=None):  # type: ignore[no-untyped-def]
        root = self.root_node
        for fact in deleting or ():
            root.remove(fact)
        for fact in adding or ():
            root.add(fact)
        touched = root._touched  # type: ignore[attr-defined]
        if not touched[0]:
            return [], []
        touched[0] = False
        return super().changes()

    def reset(self) -> None:
        for node in self._nodes:
            node._reset()  # type: ignore[attr-defined]


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


def accelerate(root: Node) -> list[Node]:
    """Swap the built network's nodes for faster equivalents; every node, once.

    The same nodes, memories and tests in the same places: tokens are copied
    without re-validation, plain field tests skip the generic path, joins
    keep their memories as they came, and the root routes facts by type. The
    bound callbacks the parents hold are re-bound to the swapped classes.
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
            elif type(node) is OrdinaryMatchNode:
                mixin = _FastJoin
            elif type(node) is NotNode:
                mixin = _FastNot
            elif isinstance(node, ConflictSetNode):
                mixin = _TouchingConflictSet
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
    # one flag for the network: a conflict-set node got a token since the last poll
    touched = [False]
    root._touched = touched  # type: ignore[attr-defined]
    for node in seen.values():
        if isinstance(node, _TouchingConflictSet):
            node.touched = touched
    return list(seen.values())
