"""The one Jinja2 environment every document is rendered with.

Autoescape is on for every template (names and texts come from schools'
spreadsheets), undefined names fail loudly, and the filters and chart helpers
are registered here, once.
"""

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined


def _templates_dir() -> Path:
    # A checkout keeps templates/ beside the package; a wheel ships them
    # inside it as metodist/_templates (pyproject's force-include).
    checkout = Path(__file__).resolve().parents[2] / "templates"
    if checkout.is_dir():
        return checkout
    return Path(__file__).resolve().parents[1] / "_templates"


TEMPLATES_DIR = _templates_dir()
ASSETS_DIR = TEMPLATES_DIR / "assets"
#: Base URL of every document: relative links (print.css, fonts) resolve into the assets.
ASSETS_BASE_URL = ASSETS_DIR.resolve().as_uri() + "/"


@lru_cache(maxsize=1)
def get_environment() -> Environment:
    # Imported here: charts and filters import the view models, which need nothing of Jinja.
    from metodist.documents.charts import CHARTS
    from metodist.documents.filters import FILTERS
    from metodist.documents.labels import AREAS, INDICATOR
    from models.labels import CATEGORY
    from models.vocabulary import vocabulary
    from rules.sources import SEEDS

    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    env.globals.update(CHARTS)
    env.globals.update(
        AREAS=AREAS,
        CATEGORIES=tuple(CATEGORY),
        INDICATORS=tuple(INDICATOR),
        SOURCES={number: seed.title for number, seed in SEEDS.items()},
        assets_base=ASSETS_BASE_URL,
        vocabulary=vocabulary,
    )
    return env
