"""Render a view model to HTML or PDF, one document or many in a process pool.

Layout is CPU-bound and WeasyPrint holds the GIL, hence processes; they come
from a `forkserver` (forking a threaded caller can deadlock, `spawn` would
pay the imports per worker). Contexts cross by pickling, hence frozen
dataclasses. Each process parses the stylesheet and fonts once (`_stylesheet`).
Fonts are cut to the glyphs a document uses with HarfBuzz where WeasyPrint
finds it (Debian's libharfbuzz-subset0); without it the bundled fonts, pre-cut
by `tools/subset_fonts.py`, are embedded whole: fontTools' subsetting costs more.
Layout uses WeasyPrint's user-agent sheet less the rules every element matched
in vain (`_user_agent_sheets`). Workers are not recycled (`max_tasks_per_child`):
Python 3.11's pool deadlocks replacing one under a backlog (CPython gh-115634).
"""

import gc
import multiprocessing
import os
import re
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from metodist.atomic import replacing
from metodist.config import get_settings
from metodist.documents import parts
from metodist.documents.environment import ASSETS_BASE_URL, ASSETS_DIR, get_environment


class RenderJob(NamedTuple):
    """One document to render: template name, its view model, where to write it."""

    template: str
    context: Any
    out_path: Path | str


@dataclass(frozen=True)
class RenderResult:
    path: Path
    pages: int | None  # None when only the HTML was written
    seconds: float  # wall-clock time of this document
    cpu_seconds: float = 0.0  # CPU time of the rendering process for it


Progress = Callable[[int, int, RenderResult], None]
#: Modules the fork server imports once for all workers.
PRELOAD = [
    "weasyprint",
    "metodist.documents.render",
    "metodist.documents.parts",
    "metodist.documents.charts",
    "metodist.documents.fetcher",
]


#: The stylesheet every document is printed with, under `ASSETS_DIR`.
STYLESHEET = "print.css"


def render_html(template_name: str, context: Any, *, link_stylesheet: bool = True) -> str:
    """The document's HTML; the view model is `doc` inside the template.

    A mapping is passed as the template's variables instead, for ad-hoc pages.
    The HTML links the print stylesheet, so that it can be opened on its own;
    `render_pdf` leaves the link out and applies the stylesheet it parsed once.
    """
    template = get_environment().get_template(template_name)
    variables = dict(context) if isinstance(context, Mapping) else {"doc": context}
    return template.render(**variables, link_stylesheet=link_stylesheet)


def _parse_stylesheet(url_fetcher: Any) -> tuple[Any, Any]:
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    from metodist.documents.pango_leak import plug

    fonts = FontConfiguration()
    plug(fonts)  # a worker grew ~0.5 MiB a packet without it
    css = CSS(
        filename=str(ASSETS_DIR / STYLESHEET),
        base_url=ASSETS_BASE_URL,
        url_fetcher=url_fetcher,
        font_config=fonts,
    )
    return css, fonts


#: WeasyPrint's user-agent rules that match every element to no effect here: each
#: gives every element one more computed style (~11% of a packet's CPU). Only list
#: items have a marker; no document has footnotes or notes.
_MARKER_RULE = "\n::marker {"
_NOTE_RULES = re.compile(r"^::(?:footnote|note)-[a-z-]+ \{[^}]*\}\n", re.M)


def lean_user_agent_css(text: str) -> str:
    """WeasyPrint's user-agent stylesheet without the rules every element matches in vain."""
    return _NOTE_RULES.sub("", text).replace(_MARKER_RULE, "\nli::marker {")


@lru_cache(maxsize=1)
def _user_agent_sheets() -> list[Any]:
    """The user-agent stylesheet documents are laid out with, parsed once per process."""
    from weasyprint import CSS
    from weasyprint.css.counters import CounterStyle
    from weasyprint.html import UA, UA_STYLESHEET

    lean = lean_user_agent_css(UA)
    if lean.count("::marker") != 1 or "::footnote" in lean or "::note" in lean:
        return [UA_STYLESHEET]  # a WeasyPrint that words them otherwise: keep its own
    # its @counter-style rules are WeasyPrint's, already in the styles documents use
    # (`UA_COUNTER_STYLE`); parsed into those again they would warn «disc» is taken
    return [CSS(string=lean, counter_style=CounterStyle())]


@lru_cache(maxsize=1)
def _lean_html() -> Any:
    """WeasyPrint's `HTML`, laid out with `_user_agent_sheets` (its own form sheet kept)."""
    from weasyprint import HTML

    class LeanHTML(HTML):  # type: ignore[misc]
        def _ua_stylesheets(self, forms: bool = False) -> list[Any]:
            return _user_agent_sheets() + super()._ua_stylesheets(forms)[1:]

        @classmethod
        def from_tree(cls, root: Any, url_fetcher: Any) -> "LeanHTML":
            """A document of a tree already parsed (a part, `parts.py`), as `HTML()` makes one."""
            import cssselect2

            html = cls.__new__(cls)
            html.base_url, html.url_fetcher, html.media_type = ASSETS_BASE_URL, url_fetcher, "print"
            html.wrapper_element = cssselect2.ElementWrapper.from_html_root(root)
            html.etree_element = html.wrapper_element.etree_element
            return html

    return LeanHTML


@lru_cache(maxsize=1)
def _stylesheet() -> tuple[Any, Any]:
    """This process's parsed print stylesheet and the font configuration holding its fonts."""
    from metodist.documents.fetcher import AssetFetcher

    return _parse_stylesheet(AssetFetcher())


def harfbuzz_subsetting() -> bool:
    """True when WeasyPrint subsets fonts with HarfBuzz, as its `pdf.fonts` decides (≥ 4.1)."""
    from weasyprint.text import ffi

    return ffi.harfbuzz_subset is not None and bool(ffi.harfbuzz.hb_version_atleast(4, 1, 0))


def render_pdf(
    template_name: str,
    context: Any,
    out_path: Path | str,
    *,
    html_only: bool = False,
    url_fetcher: Any = None,
    part_pages: int | None = None,
) -> RenderResult:
    """Write the document as PDF, or with `html_only` as `.html` beside it (for layout work).

    `url_fetcher` defaults to an `AssetFetcher`; tests pass a recording one,
    which then also fetches the stylesheet and its fonts (parsed anew for it).
    A long report is laid out in parts of about `part_pages` pages (default
    `METODIST_REPORT_PART_PAGES`), one after another, and joined (`parts.py`).
    """
    started, cpu = time.perf_counter(), time.process_time()
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    if html_only:
        out = out.with_suffix(".html")
        with replacing(out) as temp:
            temp.write_text(render_html(template_name, context), encoding="utf-8")
        return RenderResult(out, None, time.perf_counter() - started, time.process_time() - cpu)
    html = render_html(template_name, context, link_stylesheet=False)
    part_pages = part_pages or get_settings().report_part_pages
    # never half a packet under the school's name: a kill or a full disk keeps the old one
    with replacing(out) as temp:
        pages = _write_pdf(html, temp, url_fetcher, part_pages)
    return RenderResult(out, pages, time.perf_counter() - started, time.process_time() - cpu)


def _write_pdf(html: str, target: Path, url_fetcher: Any, part_pages: int) -> int:
    """Lay out `html` (whole, or in parts when it is a long report) into `target`; its pages."""
    from metodist.documents.fetcher import AssetFetcher

    css, fonts = _parse_stylesheet(url_fetcher) if url_fetcher else _stylesheet()
    fetcher = url_fetcher or AssetFetcher()
    full_fonts = not harfbuzz_subsetting()
    if not parts.may_split(html, part_pages):
        document = _lean_html()(string=html, base_url=ASSETS_BASE_URL, url_fetcher=fetcher)
        laid_out = document.render(stylesheets=[css], font_config=fonts)
        laid_out.write_pdf(target, full_fonts=full_fonts)
        return len(laid_out.pages)
    import tinyhtml5  # WeasyPrint's own parser

    def layout(tree: Any) -> Any:
        document = _lean_html().from_tree(tree, fetcher)
        return document.render(stylesheets=[css], font_config=fonts)

    def write(laid_out: Any, part: Any) -> None:
        laid_out.write_pdf(part, full_fonts=full_fonts)

    tree = tinyhtml5.parse(html, namespace_html_elements=False)
    return sum(
        parts.write_in_parts(tree, target, layout=layout, write=write, part_pages=part_pages)
    )


def _render_job(job: RenderJob, html_only: bool) -> RenderResult:
    return render_pdf(job.template, job.context, job.out_path, html_only=html_only)


def warm_up() -> None:
    # Pay the imports (WeasyPrint, Pango, fontconfig) once per worker, not in the first job.
    import weasyprint  # noqa: F401

    get_environment()
    _stylesheet()
    _user_agent_sheets()
    # What is alive now lives as long as the worker: out of the collector's sight, a full
    # collection mid-layout no longer walks it again (5–10% of a document's CPU).
    gc.collect()
    gc.freeze()


def render_many(
    jobs: Iterable[tuple[str, Any, Path | str]],
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    html_only: bool = False,
) -> list[RenderResult]:
    """Render every job; results in the order of `jobs`.

    `workers` defaults to `os.cpu_count()`; with one worker (or one job) the
    documents are rendered here, without a pool. `progress(done, total,
    result)` is called in this process as each document is finished. The
    first failure cancels what has not started and is raised.
    """
    todo = [RenderJob(*job) for job in jobs]
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo) or 1))
    finished: dict[int, RenderResult] = {}

    def record(i: int, result: RenderResult) -> None:
        finished[i] = result
        if progress:
            progress(len(finished), len(todo), result)

    if workers == 1:
        for i, job in enumerate(todo):
            record(i, _render_job(job, html_only))
        return [finished[i] for i in range(len(todo))]

    context = multiprocessing.get_context("forkserver")
    # Takes effect when the fork server starts, i.e. on the first pool of the process.
    context.set_forkserver_preload(PRELOAD)
    with ProcessPoolExecutor(workers, mp_context=context, initializer=warm_up) as pool:
        futures: dict[Future[RenderResult], int] = {
            pool.submit(_render_job, job, html_only): i for i, job in enumerate(todo)
        }
        for future in as_completed(futures):
            i = futures[future]
            error = future.exception()
            if error is not None:
                pool.shutdown(wait=True, cancel_futures=True)
                raise RuntimeError(f"rendering {todo[i].out_path} failed: {error}") from error
            record(i, future.result())
    return [finished[i] for i in range(len(todo))]
