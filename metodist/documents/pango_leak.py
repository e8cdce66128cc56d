"""Stop WeasyPrint 70 leaking a Pango attribute list for every text it lays out.

With any font feature set (here `font-variant-ligatures: none`, print.css),
`weasyprint.text.line_break.Layout.setup` makes a new `PangoAttrList` per
layout and never drops its own reference, and creates a features attribute
per layout that its cache (`FontConfiguration.font_features`) then throws
away when one is already cached: a rendering process grew ~0.5 MiB a packet
(bench/render_worker.py). `plug(font_config)` gives each list its own fresh
attribute (the cache would share one between lists, which free it) and lets
each layout hold the only reference to its list, so both go with the layout.
"""

from __future__ import annotations

from typing import Any

_installed = False


class FreshAttributes(dict[bytes, Any]):
    """`font_features` that hands each layout the attribute made for it, keeping none:
    a list frees its attributes, so none may be shared between lists."""

    def setdefault(self, key: bytes, default: Any = None) -> Any:
        return default


#: the WeasyPrint releases whose `Layout.setup` is known to leak (the locked one): on any
#: other the plug stays out, since unreferencing a list WeasyPrint itself releases would
#: free it twice; a newer WeasyPrint is checked with tests/documents/test_pango_leak.py
LEAKING_MAJOR_VERSIONS = ("70",)


def leaks() -> bool:
    """True for a WeasyPrint whose `Layout.setup` leaks as described above."""
    import weasyprint

    return weasyprint.__version__.split(".")[0] in LEAKING_MAJOR_VERSIONS


def plug(font_config: Any) -> None:
    """Lay out with `font_config` without the leak (install once per process); nothing on a
    WeasyPrint not known to leak."""
    if not leaks():
        return
    font_config.font_features = FreshAttributes()
    _install()


def _install() -> None:
    global _installed
    if _installed:
        return
    from weasyprint.text import line_break
    from weasyprint.text.ffi import ffi, pango

    setup = line_break.Layout.setup

    def setup_owning_its_attributes(self: Any, style: Any) -> None:
        setup(self, style)
        if not isinstance(style.font_config.font_features, FreshAttributes):
            return  # a font configuration not plugged: its attributes are shared
        attributes = pango.pango_layout_get_attributes(self.layout)
        if attributes != ffi.NULL:
            # the reference `setup` made and dropped: the layout keeps its own
            pango.pango_attr_list_unref(attributes)

    line_break.Layout.setup = setup_owning_its_attributes
    _installed = True
