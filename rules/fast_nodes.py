"""The RETE nodes of `rules.fast_rete`: experta's node classes doing less per token.

Each class here is mixed in front of the experta node it speeds up (see
`fast_rete.accelerate`), keeping that node's memories, tests and the tokens it
passes on; `tests/rules/test_engine.py` compares the firings, and the order
they fire in, with experta's own network.
"""

from collections.abc import Callable, Mapping
from contextlib import suppress
from typing import Any

from experta import Fact
from experta.activation import Activation
from experta.matchers.rete.mixins import ChildNode
from experta.matchers.rete.nodes import BusNode
from experta.matchers.rete.token import Token, TokenInfo


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
        # a passed literal test answers True: no binding to check (isinstance on an ABC is not free)
        if match is not True and isinstance(match, Mapping):
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


class _FastJoin:
    """`OrdinaryMatchNode`'s activation without its per-pair costs: the memories hold
    (facts, context) as they came instead of frozensets rebuilt into dicts for every
    pair, new tokens skip `Token.__new__`'s checks, and no debug line is formatted."""

    left_memory: list[tuple[frozenset[Fact], dict[Any, Any]]]
    right_memory: list[tuple[frozenset[Fact], dict[Any, Any]]]
    children: list[ChildNode]
    matcher: Callable[[Mapping[Any, Any], Mapping[Any, Any]], bool]

    def activate_left(self, token: Token) -> None:
        self._join(token, self.left_memory, self.right_memory, True)

    def activate_right(self, token: Token) -> None:
        self._join(token, self.right_memory, self.left_memory, False)

    def _join(
        self,
        token: Token,
        branch: list[tuple[frozenset[Fact], dict[Any, Any]]],
        others: list[tuple[frozenset[Fact], dict[Any, Any]]],
        is_left: bool,
    ) -> None:
        # the same memory discipline as experta's: a valid token is stored, an invalid one
        # removes its equal (contexts compare as dicts do, the facts as a set)
        entry = (frozenset(token.data), dict(token.context))
        if token.tag is _VALID:
            branch.append(entry)
        else:
            with suppress(ValueError):
                branch.remove(entry)
        context = entry[1]
        own = {k: v for k, v in context.items() if isinstance(k, str)}
        for other_data, other_context in others:
            if is_left:
                match = self.matcher(context, other_context)
            else:
                match = self.matcher(other_context, context)
            if not match:
                continue
            joined = dict(own)
            for k, v in other_context.items():
                if not isinstance(k, tuple):
                    joined[k] = v
            new = Token._make((token.tag, token.data | other_data, joined))
            for child in self.children:
                child.callback(new)


_VALID = Token.TagType.VALID


class _FastNot:
    """`NotNode`'s activation, its memories holding each token's context as a dict beside
    its `TokenInfo` (experta rebuilds a dict from the frozen context for every pair), the
    counts and the tokens it passes on as experta's."""

    #: left token -> [matching right tokens, its context]
    left_memory: dict[TokenInfo, list[Any]]
    #: (right token, its context)
    right_memory: list[tuple[TokenInfo, dict[Any, Any]]]
    children: list[ChildNode]
    matcher: Callable[[Mapping[Any, Any], Mapping[Any, Any]], bool]

    def activate_left(self, token: Token) -> None:
        info = TokenInfo(token.data, token.context)
        context = token.context
        valid = token.tag is _VALID
        count = 0
        for _, right in self.right_memory:
            if self.matcher(context, right):
                count += 1
                if not valid:
                    break
        if count == 0:
            for child in self.children:
                child.callback(token)
        if valid:
            self.left_memory[info] = [count, dict(context)]
        else:
            del self.left_memory[info]

    def activate_right(self, token: Token) -> None:
        info = TokenInfo(token.data, token.context)
        if token.tag is _VALID:
            self.right_memory.append((info, dict(token.context)))
            inc = 1
        else:
            inc = -1
            for i, (known, _) in enumerate(self.right_memory):
                if known == info:
                    del self.right_memory[i]
                    break
            else:
                raise ValueError("list.remove(x): x not in list")  # as experta's
        for left, entry in self.left_memory.items():
            if not self.matcher(entry[1], token.context):
                continue
            entry[0] += inc
            if (entry[0] == 0 and inc == -1) or (entry[0] == 1 and inc == 1):
                tag = _VALID if inc == -1 else Token.TagType.INVALID
                new = Token._make((tag, set(left.data), dict(left.context)))
                for child in self.children:
                    child.callback(new)


class _Activation(Activation):
    """An `Activation` hashing its facts and context once (experta hashes each in every
    set it enters and again for the agenda's key); neither changes after it is made."""

    def __hash__(self) -> int:
        try:
            return self.__dict__["_hash"]  # type: ignore[no-any-return]
        except KeyError:
            value = self.__dict__["_hash"] = super().__hash__()
            return value


class _TouchingConflictSet(_NoCopyOneInput):
    """A `ConflictSetNode` telling the matcher it has activations to collect, so that the
    engine's poll after every firing (our rules never declare or retract) costs nothing;
    its memory and activations as experta's, each activation hashed once."""

    touched: list[bool]
    rule: Any
    memory: set[TokenInfo]
    added: set[Activation]
    removed: set[Activation]

    def activate(self, token: Token) -> None:
        self.touched[0] = True
        info = TokenInfo(token.data, token.context)
        activation = _Activation(
            self.rule, info.data, {k: v for k, v in info.context if isinstance(k, str)}
        )
        if token.tag is _VALID:
            if info not in self.memory:
                self.memory.add(info)
                if self.removed and activation in self.removed:
                    self.removed.remove(activation)
                else:
                    self.added.add(activation)
        else:
            self.memory.remove(info)  # as experta's: an unknown token is an error
            if self.added and activation in self.added:
                self.added.remove(activation)
            else:
                self.removed.add(activation)


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
        self._route(Token._make((_VALID, {fact}, {})))

    def remove(self, fact: Fact) -> None:
        self._route(Token._make((Token.TagType.INVALID, {fact}, {})))
