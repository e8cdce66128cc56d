"""Fonts: cut to the glyphs used with HarfBuzz where WeasyPrint finds it, else embedded whole."""

from pathlib import Path
from types import SimpleNamespace

import pytest
from jinja2 import ChoiceLoader, DictLoader
from pypdf import PdfReader
from weasyprint.text import ffi

from metodist.documents import render
from metodist.documents.environment import ASSETS_DIR

from .conftest import normalize

#: every Russian letter in both cases, and the punctuation the documents print
SAMPLE = (
    "Съешь же ещё этих мягких французских булок, да выпей чаю.",
    "ШИРОКАЯ ЭЛЕКТРИФИКАЦИЯ ЮЖНЫХ ГУБЕРНИЙ ДАСТ МОЩНЫЙ ТОЛЧОК ПОДЪЁМУ СЕЛЬСКОГО ХОЗЯЙСТВА.",
    "«Учитель года» — № 17, 2026 г.",
)
PAGE = """<!DOCTYPE html><html lang="ru"><body>
<p>{{ text }}</p>
<table><tr><td><b>{{ bold }}</b></td></tr></table>
<p><i>{{ italic }}</i></p>
</body></html>"""
BUNDLED = {p.name: p.stat().st_size for p in (ASSETS_DIR / "fonts").glob("*.ttf")}
harfbuzz_present = pytest.mark.skipif(
    not render.harfbuzz_subsetting(), reason="libharfbuzz-subset0 is not installed"
)


def test_harfbuzz_is_detected_as_weasyprint_loads_it(monkeypatch):
    monkeypatch.setattr(ffi, "harfbuzz_subset", object())  # loaded, whatever the machine has
    monkeypatch.setattr(ffi, "harfbuzz", SimpleNamespace(hb_version_atleast=lambda *v: 1))
    assert render.harfbuzz_subsetting()
    monkeypatch.setattr(ffi, "harfbuzz", SimpleNamespace(hb_version_atleast=lambda *v: 0))
    assert not render.harfbuzz_subsetting()  # older than 4.1: WeasyPrint uses fontTools


def test_without_the_library_nothing_is_subset(monkeypatch):
    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    assert not render.harfbuzz_subsetting()


def _sample_pdf(monkeypatch, out: Path) -> tuple[str, list[int]]:
    """The sample page's text as pypdf extracts it, and the size of each embedded font."""
    env = render.get_environment()
    sample = env.overlay(loader=ChoiceLoader([DictLoader({"sample.html": PAGE}), env.loader]))
    monkeypatch.setattr(render, "get_environment", lambda: sample)
    text, bold, italic = SAMPLE
    render.render_pdf("sample.html", {"text": text, "bold": bold, "italic": italic}, out)
    page = PdfReader(out).pages[0]
    sizes = []
    for font in page["/Resources"]["/Font"].values():
        descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        sizes.append(int(descriptor["/FontFile2"].get_object()["/Length1"]))
    return normalize(page.extract_text()), sizes


def _body(text: str) -> str:
    # the page's folio (print.css margin boxes) follows the body
    return text.split(" Документ от")[0]


@harfbuzz_present
def test_a_subset_pdf_keeps_every_glyph_and_embeds_only_those(monkeypatch, tmp_path):
    text, sizes = _sample_pdf(monkeypatch, tmp_path / "subset.pdf")
    assert _body(text) == normalize(" ".join(SAMPLE))
    assert len(sizes) == 3  # regular, condensed bold (the table), oblique
    assert all(size < min(BUNDLED.values()) / 3 for size in sizes), sizes


def test_without_harfbuzz_the_bundled_fonts_are_embedded_whole(monkeypatch, tmp_path):
    monkeypatch.setattr(render, "harfbuzz_subsetting", lambda: False)
    text, sizes = _sample_pdf(monkeypatch, tmp_path / "whole.pdf")
    assert _body(text) == normalize(" ".join(SAMPLE))
    assert sorted(sizes) == sorted(
        BUNDLED[name]
        for name in ("DejaVuSans.ttf", "DejaVuSansCondensed-Bold.ttf", "DejaVuSans-Oblique.ttf")
    )
