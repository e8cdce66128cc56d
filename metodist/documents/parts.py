"""A long document laid out in parts of a bounded size, joined into one PDF.

WeasyPrint holds every page's layout until it writes the file (a 643-page
report held 1.3 GB). A document whose folio has no total (`CONTINUOUS`, the
reports) is cut between blocks and table rows (a table's head repeated); the
parts are laid out and written one after another in this process and joined
with pypdf. Each part is laid out past the pages it keeps: the next part
starts with the first block of its last page, so every kept page breaks as in
the whole document. A later part opens on an entry page, dropped, that takes
`@page :first` and carries the running strings and the page number on.
Of WeasyPrint's insides this reads a page's boxes (`Page._page_box`) and
makes the bookmarks with its own `make_page_bookmark_tree`; the tests fail
if either changes.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

#: The mark of a document that may be laid out in parts: its folio names no total.
CONTINUOUS = 'data-folio="continuous"'
#: Laid out in parts when its HTML is longer than `LONG` parts' worth of pages, a page's
#: worth being `HTML_CHARS_PER_PAGE` (06_centre: 3,900); shorter documents are laid out whole.
HTML_CHARS_PER_PAGE = 4000
LONG = 1.5
#: Containers cut between their children; any other element goes whole into one part.
_OPENED = frozenset({"body", "main", "section", "table", "tbody"})
#: Children in every part their container is in: a table's head, foot and columns.
_REPEATED = frozenset({"thead", "tfoot", "colgroup"})
#: Positioned on every page (base.html's draft watermark), so in every part.
_EVERY_PART_CLASS = "watermark"
#: A unit's weight is its text plus this per element (a cell's borders and padding).
_WEIGHT_PER_ELEMENT = 40
#: A page's weight before the first part has measured it (dense tables: ~3,000).
_FIRST_GUESS = 3000
#: The rows a part takes beyond a page's share are a margin for the page it drops.
_SPARE_PAGES = 2
#: Extra attempts with a doubled part when a part kept nothing (a page's weight misjudged).
_RETRIES = 3
#: `nth-child` stripes in a part that starts mid-table: hidden rows keep the parity.
_NTH_PERIOD = 2

Layout = Callable[[Element], Any]  # an HTML tree -> a laid-out WeasyPrint document
Write = Callable[[Any, BytesIO], None]  # a document (its kept pages) -> PDF bytes


def may_split(html: str, part_pages: int) -> bool:
    """True when `html` is marked `CONTINUOUS` and long enough to be laid out in parts."""
    return len(html) > LONG * part_pages * HTML_CHARS_PER_PAGE and CONTINUOUS in html


@dataclass
class _Node:
    """A container cut between its children: ("repeat", el), ("unit", index) or ("node", _Node)."""

    element: Element
    items: list[tuple[str, Any]]
    lo: int
    hi: int


class _Cut:
    """The document as units (whole blocks, table rows) and the containers around them."""

    def __init__(self, root: Element) -> None:
        head, body = root.find("head"), root.find("body")
        if head is None or body is None:  # the HTML parser always makes both
            raise ValueError("a document without <head> or <body>")
        self.root, self.head = root, head
        self.units: list[Element] = []
        self.weights: list[int] = []
        self.body = self._open(body)
        self.index = {id(el): i for i, el in enumerate(self.units)}
        self.styles = list(body.iter("style"))

    def _open(self, element: Element) -> _Node:
        lo = len(self.units)
        items: list[tuple[str, Any]] = []
        for child in element:
            if not isinstance(child.tag, str):
                continue  # a comment
            if child.tag in _REPEATED or _EVERY_PART_CLASS in child.get("class", "").split():
                items.append(("repeat", child))
            elif child.tag in _OPENED:
                items.append(("node", self._open(child)))
            else:
                items.append(("unit", len(self.units)))
                self.units.append(child)
                text = sum(len(t) for t in child.itertext())
                self.weights.append(text + _WEIGHT_PER_ELEMENT * sum(1 for _ in child.iter()))
        return _Node(element, items, lo, len(self.units))

    def weight(self, start: int, end: int) -> int:
        return sum(self.weights[start:end])

    def end_for(self, start: int, budget: float) -> int:
        end, total = start, 0
        while end < len(self.units) and (end == start or total < budget):
            total += self.weights[end]
            end += 1
        return end

    def part(self, start: int, end: int, entry: "_Entry") -> Element:
        """The HTML tree of units [start, end); a later part opens with `entry`'s page."""
        html = Element(self.root.tag, dict(self.root.attrib))
        head = Element("head", dict(self.head.attrib))
        head.text = self.head.text
        head.extend(list(self.head))
        head.extend(self.styles)  # a <style> anywhere applies to the whole document
        html.append(head)
        body = self._shell(self.body, start, end)
        if start > 0:
            head.append(_style(f"@page :first {{ counter-reset: page {entry.pages}; }}"))
            body.insert(0, entry.element())
        html.append(body)
        return html

    def _shell(self, node: _Node, start: int, end: int) -> Element:
        original = node.element
        shell = Element(original.tag, dict(original.attrib))
        continued = start > node.lo
        if continued:
            # the rest of a block broken across pages has no top margin of its own
            if original.tag not in ("table", "tbody"):
                shell.set("style", f"{original.get('style', '')};margin-top:0".lstrip(";"))
        else:
            shell.text = original.text
        shell.tail = original.tail
        skipped = 0
        for kind, item in node.items:
            if kind == "repeat":
                shell.append(item)
                continue
            lo, hi = (item, item + 1) if kind == "unit" else (item.lo, item.hi)
            if hi <= start:
                skipped += 1
            elif lo < end:
                if skipped % _NTH_PERIOD:
                    tag = self.units[item].tag if kind == "unit" else item.element.tag
                    shell.append(Element(tag, {"style": "display:none"}))
                    skipped = 0
                shell.append(self.units[item] if kind == "unit" else self._shell(item, start, end))
        return shell

    def units_on(self, page: Any) -> Iterator[int]:
        for box in page._page_box.descendants():
            i = self.index.get(id(box.element))
            if i is not None:
                yield i


def _style(css: str) -> Element:
    style = Element("style")
    style.text = css
    return style


def _css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    return f'"{escaped}"'


@dataclass
class _Entry:
    """What a part carries on from the parts before it: pages and the running strings."""

    pages: int = 0
    strings: dict[str, str] = field(default_factory=dict)

    def element(self) -> Element:
        # taller than any page: the first block after it comes by an unforced break, so
        # its top margin is truncated as at the top of any page but a chapter's first
        sets = ", ".join(f"{name} {_css_string(text)}" for name, text in self.strings.items())
        style = "height:100vh;margin:0;padding:0" + (f";string-set:{sets}" if sets else "")
        return Element("div", {"style": style})

    def read(self, page: Any) -> None:
        for box in page._page_box.descendants():
            sets = getattr(box, "string_set", None)
            if sets and sets != "none":
                self.strings.update((name, text) for name, text in sets)


class _Outline:
    """The bookmarks of the joined PDF, made across parts as WeasyPrint makes one document's."""

    def __init__(self) -> None:
        self.root: list[Any] = []
        self._state: tuple[list[int], list[Any], int] = ([], [self.root], 0)

    def add(self, page: Any, number: int) -> None:
        from weasyprint.anchors import make_page_bookmark_tree
        from weasyprint.matrix import Matrix

        scale = 0.75  # CSS pixels to PDF points, as WeasyPrint writes them
        skipped, last_by_depth, previous = self._state
        matrix = Matrix(a=scale, d=-scale, f=page.height * scale)
        previous = make_page_bookmark_tree(page, skipped, last_by_depth, previous, number, matrix)
        self._state = (skipped, last_by_depth, previous)

    def write(self, writer: Any, items: list[Any] | None = None, parent: Any = None) -> None:
        from pypdf.generic import Fit

        for label, (page, x, y), children, state in self.root if items is None else items:
            fit = Fit.xyz(left=x, top=y, zoom=0)
            mark = writer.add_outline_item(
                label, page, parent=parent, fit=fit, is_open=state != "closed"
            )
            self.write(writer, children, mark)


def write_in_parts(
    html: Element, target: Path, *, layout: Layout, write: Write, part_pages: int
) -> list[int]:
    """Lay out `html` in parts of about `part_pages` pages, joined into `target`; their pages."""
    cut = _Cut(html)
    entry, outline = _Entry(), _Outline()
    parts: list[bytes] = []
    counts: list[int] = []
    per_page: float = _FIRST_GUESS
    start = 0
    while start < len(cut.units) or not counts:
        budget = (part_pages + _SPARE_PAGES) * per_page
        for attempt in range(_RETRIES + 1):
            end = cut.end_for(start, budget)
            document = layout(cut.part(start, end, entry))
            kept, resume = _kept(cut, document.pages, start, end, last=attempt == _RETRIES)
            if kept:
                break
            budget *= 2
        pages = document.pages[kept.start : kept.stop]
        for page in pages:
            entry.read(page)
            outline.add(page, entry.pages)
            entry.pages += 1
        per_page = max(1.0, cut.weight(start, resume) / len(pages))
        buffer = BytesIO()
        write(document.copy(pages), buffer)
        parts.append(buffer.getvalue())
        counts.append(len(pages))
        del document, pages  # the part's layout goes before the next is made
        start = resume
    _join(parts, target, outline)
    return counts


def _kept(cut: _Cut, pages: list[Any], start: int, end: int, *, last: bool) -> tuple[range, int]:
    """The pages of a part to keep and the unit the next part starts with.

    A part keeps its pages up to the one on which the first unit of its last page
    begins; that unit starts the next part. An empty range: the part was too short.
    """
    on = [sorted(set(cut.units_on(page))) for page in pages]
    first = next((i for i, units in enumerate(on) if units), 0)  # after the entry page
    if end == len(cut.units):
        return range(first, len(pages)), end
    resume = on[-1][0] if on[-1] else max((u for units in on for u in units), default=start) + 1
    begins = next(i for i, units in enumerate(on) if resume in units or i == len(on) - 1)
    if begins > first and resume > start:
        return range(first, begins), resume
    return (range(first, len(pages)), end) if last else (range(0), start)


def _join(parts: list[bytes], target: Path, outline: _Outline) -> None:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter()
    for i, data in enumerate(parts):
        reader = PdfReader(BytesIO(data))
        writer.append(reader, import_outline=False)
        if i == 0:  # the document's title, author and language, as WeasyPrint wrote them
            if reader.metadata:
                writer.add_metadata(reader.metadata)
            if "/Lang" in reader.root_object:
                writer.root_object[NameObject("/Lang")] = reader.root_object["/Lang"]
    outline.write(writer)
    with open(target, "wb") as f:
        writer.write(f)
