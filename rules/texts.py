"""Russian texts of the recommendations: one Jinja2 template per rule method in `rules/texts/`.

Each text is a sentence or two a school head can act on: what, for whom, by
when (a quarter of the plan year, the cycle year + 1) and why (the basis from
the catalogue). Templates are plain text; line breaks and indentation in a
template are for its reader only, `render` folds all whitespace into single
spaces (so a line break after a block tag is a word break, hence no
`trim_blocks`). Labels come from `models.labels`, number forms from `models.russian`.
"""

from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

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


def render(name: str, **context: Any) -> str:
    """The text of template `name` (a rule method's name), whitespace folded."""
    return " ".join(_template(name).render(**context).split())


def template_names() -> list[str]:
    return sorted(p.stem for p in TEMPLATES.glob("*.j2") if not p.stem.startswith("_"))
