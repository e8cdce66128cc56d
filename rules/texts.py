"""Russian texts of the recommendations: one Jinja2 template per rule method in `rules/texts/`.

Each text is a sentence or two a school head can act on: what, for whom, by
when (a quarter of the plan year, the cycle year + 1) and why (the basis from
the catalogue). Templates are plain text; line breaks and indentation in a
template are for its reader only, `render` folds all whitespace into single
spaces (so a line break after a block tag is a word break, hence no
`trim_blocks`). Labels come from `models.labels`, number forms from `models.russian`.
Each distinct text is rendered once per process (`render`'s cache, keyed on
what the template reads).
"""

import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from jinja2 import Environment, FileSystemLoader, StrictUndefined, nodes

from models.labels import AREA_COMPETENCE, CATEGORY_FULL, GROUP_TITLE, ORG_KIND, PLAN_CAUSE
from models.russian import deadline, dec2, num, roman, ru_date, years_genitive, years_nominative
from models.russian import percent_plain as percent
from models.russian import plural_form as plural

TEMPLATES = Path(__file__).with_name("texts")


@lru_cache(maxsize=1)
def environment() -> Environment:
    # autoescape is off on purpose: these are plain-text sentences stored in the
    # database, exported as JSON/CSV and escaped by whatever renders them (the
    # PDF templates autoescape HTML); escaping here would show «&quot;» to a head.
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        autoescape=False,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(
        roman=roman,
        ru_date=ru_date,
        area=lambda a: AREA_COMPETENCE.get(a, a or "область не указана"),
        category=lambda c: CATEGORY_FULL.get(c, c),
        percent=percent,
        num=num,
        dec2=dec2,
        cause=lambda c: PLAN_CAUSE.get(c, "причина не указана"),
        group=lambda g: f"«{GROUP_TITLE[g]}»" if g in GROUP_TITLE else g,
        org_kind=lambda k: ORG_KIND.get(k, k),
        years=years_nominative,
        years_genitive=years_genitive,
    )
    env.globals.update(plural=plural, deadline=deadline)
    return env


@cache
def _template(name: str) -> Any:
    return environment().get_template(f"{name}.j2")


#: texts kept (a region renders some tens of thousands, most naming one teacher)
CACHE_SIZE = 20_000
#: renders of a template through the cache before judging whether its texts repeat: one
#: whose texts name their teacher repeats almost never, and is then rendered directly
SAMPLE = 200
#: ...when fewer than one render in this many found its text already made
REPEATS_AT_LEAST = 10
#: a field the template reads that the context lacks (rendering it raises, nothing is kept)
_ABSENT = object()


class CacheInfo(NamedTuple):
    #: texts asked for
    renders: int
    #: of those through the cache, the distinct ones (rendered)
    distinct: int
    kept: int
    #: rendered directly: templates whose texts did not repeat in their first `SAMPLE`
    direct: int


class _Texts:
    """Rendered texts by (template, the values it reads), least recently used dropped first.

    The key is the repr of exactly what the template reads, so two contexts that differ
    only in what it ignores (a teacher's other fields, another school's code) share a text,
    and values that compare equal but print differently (1, 1.0, True) never do. A key
    costs about what a short render does, so a template whose texts do not repeat stops
    using the cache after its first `SAMPLE` renders (`adaptive`)."""

    def __init__(self, size: int, *, adaptive: bool = True) -> None:
        self.size = size
        self.adaptive = adaptive
        self._lock = threading.Lock()
        self._texts: OrderedDict[tuple[str, str], str] = OrderedDict()
        #: template -> [renders through the cache, of which found]
        self._seen: dict[str, list[int]] = {}
        self.renders = self.misses = self.direct = 0

    def get(self, name: str, context: Mapping[str, Any]) -> str:
        seen = self._seen.get(name) or self._seen.setdefault(name, [0, 0])
        if self.adaptive and seen[0] >= SAMPLE and seen[1] * REPEATS_AT_LEAST < seen[0]:
            with self._lock:
                self.renders += 1
                self.direct += 1
            return _render(name, context)
        key = (name, repr(tuple(_read(reads(name), context))))
        with self._lock:
            self.renders += 1
            seen[0] += 1
            text = self._texts.get(key)
            if text is not None:
                seen[1] += 1
                self._texts.move_to_end(key)
                return text
        text = _render(name, context)
        with self._lock:
            self.misses += 1
            self._texts[key] = text
            if len(self._texts) > self.size:
                self._texts.popitem(last=False)
        return text

    def info(self) -> CacheInfo:
        return CacheInfo(self.renders, self.misses, len(self._texts), self.direct)

    def clear(self, *, adaptive: bool = True) -> None:
        with self._lock:
            self._texts.clear()
            self._seen.clear()
            self.adaptive = adaptive
            self.renders = self.misses = self.direct = 0


_TEXTS = _Texts(CACHE_SIZE)


def _render(name: str, context: Mapping[str, Any]) -> str:
    return " ".join(_template(name).render(**context).split())


def render(name: str, **context: Any) -> str:
    """The text of template `name` (a rule method's name), whitespace folded; a text
    already rendered in this process is not rendered again (`cache_info()` counts)."""
    return _TEXTS.get(name, context)


def cache_info() -> CacheInfo:
    return _TEXTS.info()


def cache_clear(*, adaptive: bool = True) -> None:
    """Forget every text; `adaptive=False` sends every template through the cache (to
    count how many of a run's texts are distinct)."""
    _TEXTS.clear(adaptive=adaptive)


def _read(
    wanted: tuple[tuple[str, tuple[str, ...] | None], ...], context: Mapping[str, Any]
) -> Iterator[Any]:
    for var, fields in wanted:
        value = context.get(var, _ABSENT)
        if fields is None or value is _ABSENT:
            yield value
        elif isinstance(value, Mapping):
            yield tuple(value.get(f, _ABSENT) for f in fields)
        else:
            yield tuple(getattr(value, f, _ABSENT) for f in fields)


@cache
def reads(name: str) -> tuple[tuple[str, tuple[str, ...] | None], ...]:
    """What template `name` reads of its context: (variable, its fields) or (variable,
    None) for one it uses whole (in a filter, a loop, a call, a subscript by a variable)."""
    env = environment()
    source = env.loader.get_source(env, f"{name}.j2")[0]  # type: ignore[union-attr]
    fields: dict[str, set[str] | None] = {}

    def use(var: str, field: str | None) -> None:
        if field is None:
            fields[var] = None
        elif var not in fields:
            fields[var] = {field}
        elif (known := fields[var]) is not None:
            known.add(field)

    def walk(node: nodes.Node, parent: nodes.Node | None) -> None:
        if isinstance(node, nodes.Name) and node.ctx == "load":
            if isinstance(parent, nodes.Getattr) and not isinstance(
                grand.get(id(parent)), nodes.Call
            ):
                use(node.name, parent.attr)
            elif isinstance(parent, nodes.Getitem) and isinstance(parent.arg, nodes.Const):
                use(node.name, str(parent.arg.value))
            else:
                use(node.name, None)
        for child in node.iter_child_nodes():
            grand[id(child)] = node
            walk(child, node)

    grand: dict[int, nodes.Node] = {}
    walk(env.parse(source), None)
    return tuple(
        (var, None if f is None else tuple(sorted(f))) for var, f in sorted(fields.items())
    )


def template_names() -> list[str]:
    return sorted(p.stem for p in TEMPLATES.glob("*.j2") if not p.stem.startswith("_"))
