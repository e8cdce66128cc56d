"""WeasyPrint's attribute lists: owned by their layout alone once a font configuration
is plugged (`metodist.documents.pango_leak`), leaked one per layout otherwise."""

import io

import pytest
import weasyprint
from pypdf import PdfReader
from weasyprint import HTML
from weasyprint.text import line_break
from weasyprint.text.ffi import ffi, pango
from weasyprint.text.fonts import FontConfiguration

from metodist.documents import pango_leak
from metodist.documents.pango_leak import plug
from metodist.documents.render import _parse_stylesheet

# a font feature (no ligatures, as print.css sets it) gives every layout an attribute list
PAGE = "<p style='font-variant-ligatures: none'>Повышение квалификации: Щукина-Ёлкина</p>"


def _ref_count(layout: object) -> int:
    # a PangoAttrList starts with its reference count (pango/pango-attributes-private.h)
    attributes = pango.pango_layout_get_attributes(layout.layout)  # type: ignore[attr-defined]
    return int(ffi.cast("unsigned int *", attributes)[0])


@pytest.fixture
def references(monkeypatch):
    """The reference counts of each new layout's attribute list, as the layout is set up."""
    _parse_stylesheet(None)  # the renderer's configuration is plugged: the fix is installed
    counts: list[int] = []
    setup = line_break.Layout.setup

    def recording(self, style):
        setup(self, style)
        if pango.pango_layout_get_attributes(self.layout) != ffi.NULL:
            counts.append(_ref_count(self))

    monkeypatch.setattr(line_break.Layout, "setup", recording)
    return counts


def _pdf_text(fonts: FontConfiguration) -> str:
    document = HTML(string=PAGE).render(font_config=fonts)
    out = io.BytesIO()
    document.write_pdf(out)
    return PdfReader(out).pages[0].extract_text()


def test_a_plugged_layout_holds_the_only_reference_to_its_list(references):
    fonts = FontConfiguration()
    plug(fonts)
    text = _pdf_text(fonts)
    assert references and set(references) == {1}  # freed with the layout, its attribute too
    assert fonts.font_features == {}  # no attribute shared between lists
    assert "Щукина-Ёлкина" in text  # drawn after the first layouts were freed: nothing dangles


def test_an_unplugged_configuration_keeps_weasyprint_as_it_is(references):
    fonts = FontConfiguration()
    text = _pdf_text(fonts)
    assert references and set(references) == {2}  # WeasyPrint's own leak, left alone
    assert len(fonts.font_features) == 1  # its one cached attribute, shared by every list
    assert "Повышение квалификации" in text


def test_the_plug_stays_out_of_a_weasyprint_not_known_to_leak(monkeypatch):
    assert pango_leak.leaks()  # the locked WeasyPrint: plugged
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    fonts = FontConfiguration()
    plug(fonts)
    assert not isinstance(fonts.font_features, pango_leak.FreshAttributes)
