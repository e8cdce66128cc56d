"""A long report laid out in parts (`documents/parts.py`) reads as the report laid out whole.

The demo's recommendations to the centre, its nominees' table made 12 pages long
with rows named in order, laid out in parts of 5 pages and, for comparison,
whole; a short report and a packet keep the single path.
"""

import re
from dataclasses import replace
from pathlib import Path
from xml.etree.ElementTree import Element

import pytest
from pypdf import PdfReader

from metodist.atomic import TEMP_PREFIX
from metodist.documents import parts
from metodist.documents.context import CentreContext
from metodist.documents.render import render_html, render_pdf

from .conftest import normalize

PART_PAGES = 5
ROWS = 400
ROW = re.compile(r"Ряд(\d{3})")
NOMINEES = "3. Кандидаты на конкурсы"  # the running head's visible part (a long name is cut)


def _long_centre(town) -> CentreContext:
    ctx = town.reports["centre"]
    assert isinstance(ctx, CentreContext) and ctx.nominees and ctx.meta.draft
    row = ctx.nominees[0]
    nominees = tuple(replace(row, full_name=f"Ряд{i:03d}") for i in range(ROWS))
    return replace(ctx, recommendations=ctx.recommendations * 2, nominees=nominees)


@pytest.fixture(scope="module")
def long_report(town, tmp_path_factory):
    """The long report in parts (with each part's pages) and whole."""
    ctx = _long_centre(town)
    out = tmp_path_factory.mktemp("parts")
    counts: list[int] = []
    real = parts.write_in_parts

    def recording(*args, **kwargs):  # type: ignore[no-untyped-def]
        counts.extend(real(*args, **kwargs))
        return counts

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(parts, "write_in_parts", recording)
        joined = render_pdf(ctx.TEMPLATE, ctx, out / "parts.pdf", part_pages=PART_PAGES)
    whole = render_pdf(ctx.TEMPLATE, ctx, out / "whole.pdf", part_pages=10_000)
    return joined, counts, whole


def _texts(path: Path) -> list[str]:
    return [normalize(page.extract_text()) for page in PdfReader(path).pages]


def _outline(path: Path) -> list[tuple[int, str, int | None]]:
    reader = PdfReader(path)
    found: list[tuple[int, str, int | None]] = []

    def walk(items: list, depth: int) -> None:  # type: ignore[type-arg]
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return found


def test_a_long_report_is_the_sum_of_its_parts_and_breaks_as_when_whole(long_report):
    joined, counts, whole = long_report
    assert len(counts) >= 3 and max(counts) <= 2 * PART_PAGES  # bounded
    assert joined.pages == sum(counts) == len(PdfReader(joined.path).pages) == whole.pages
    # every page holds what the whole layout put on it, the running head's hidden rest aside
    body = [t.split("Соболинский район · цикл")[0] for t in _texts(joined.path)]
    assert body == [t.split("Соболинский район · цикл")[0] for t in _texts(whole.path)]


def test_every_row_is_there_once_and_in_order(long_report):
    joined, _, _ = long_report
    rows = [int(n) for n in ROW.findall(" ".join(_texts(joined.path)))]
    assert rows == list(range(ROWS))


def test_pages_are_numbered_on_without_a_total_and_dated(long_report):
    joined, _, whole = long_report
    for path in (joined.path, whole.path):  # reports look alike, laid out in parts or not
        for number, text in enumerate(_texts(path), start=1):
            assert text.endswith(f"Документ от 15 ноября 2026 г. Стр. {number}")


def test_a_part_starting_inside_a_chapter_shows_its_name_in_the_running_head(long_report):
    joined, counts, _ = long_report
    texts = _texts(joined.path)
    firsts = {sum(counts[:i]) for i in range(1, len(counts))}  # each later part's first page
    inside = {
        i
        for i, t in enumerate(texts)
        if ROW.search(t) and "4. Резерв руководящих кадров" not in t and "Ряд000" not in t
    }
    assert firsts & inside, "no part starts inside the nominees' table"
    for i in inside:
        assert f"Соболинский район · цикл 2026 г. {NOMINEES}" in texts[i]


def test_title_block_and_first_page_rule_once_signature_at_the_end_watermark_on_all(long_report):
    joined, _, _ = long_report
    texts = _texts(joined.path)
    issuer = "МУНИЦИПАЛЬНЫЙ МЕТОДИЧЕСКИЙ ЦЕНТР"
    assert issuer in texts[0] and not any(issuer in t for t in texts[1:])
    assert "Соболинский район · цикл 2026 г. 1." not in texts[0]  # @page :first: no running head
    assert all("Соболинский район · цикл 2026 г." in t for t in texts[1:])
    assert [i for i, t in enumerate(texts) if "Исполнитель:" in t] == [len(texts) - 1]
    assert all(t.startswith("ПРОЕКТ") for t in texts)


def test_bookmarks_are_those_of_the_whole_document(long_report):
    joined, _, whole = long_report
    outline = _outline(joined.path)
    assert outline == _outline(whole.path)
    chapters = [title for depth, title, _ in outline if depth == 1]
    assert NOMINEES in " ".join(chapters) and len(chapters) == 6
    metadata = PdfReader(joined.path).metadata
    assert metadata and str(metadata.title).startswith("Рекомендации методическому центру")


def test_short_documents_take_the_single_path(town, tmp_path, monkeypatch):
    def never(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("laid out in parts")

    monkeypatch.setattr(parts, "write_in_parts", never)
    ctx = town.reports["centre"]
    result = render_pdf(ctx.TEMPLATE, ctx, tmp_path / "centre.pdf", part_pages=PART_PAGES)
    assert result.pages == len(PdfReader(result.path).pages) >= 1
    # a packet counts its pages («из M»), so never in parts, however long
    packet = town.schools[-1]
    html = render_html(packet.TEMPLATE, packet, link_stylesheet=False)
    assert not parts.may_split(html * 10, PART_PAGES)
    assert parts.may_split(render_html(ctx.TEMPLATE, _long_centre(town)), PART_PAGES)


def test_a_broken_part_fails_the_document_and_leaves_the_old_file(town, tmp_path, monkeypatch):
    ctx = _long_centre(town)
    target = tmp_path / "06_centre.pdf"
    target.write_bytes(b"the previous run's report")
    made = parts._Cut.part

    def breaking(self, start, end, entry):  # type: ignore[no-untyped-def]
        if start > 0:
            raise OSError("disk full")
        return made(self, start, end, entry)

    monkeypatch.setattr(parts._Cut, "part", breaking)
    with pytest.raises(OSError, match="disk full"):
        render_pdf(ctx.TEMPLATE, ctx, target, part_pages=PART_PAGES)
    assert target.read_bytes() == b"the previous run's report"
    assert not list(tmp_path.glob(f"{TEMP_PREFIX}*"))


def _table(rows: int) -> Element:
    html = Element("html")
    html.append(Element("head"))
    body = Element("body")
    table = Element("table")
    thead = Element("thead")
    tbody = Element("tbody")
    tbody.extend(Element("tr", {"id": str(i)}) for i in range(rows))
    table.extend([thead, tbody])
    body.append(table)
    html.append(body)
    return html


@pytest.mark.parametrize(("start", "hidden"), [(1, 1), (2, 0), (5, 1)])
def test_a_part_starting_mid_table_repeats_its_head_and_keeps_the_stripes(start, hidden):
    cut = parts._Cut(_table(10))
    body = cut.part(start, start + 3, parts._Entry(pages=7, strings={"section": 'Глава "1"'}))
    entry, table = body.find("body")  # type: ignore[misc]
    assert 'string-set:section "Глава \\"1\\""' in entry.get("style", "")
    assert "counter-reset: page 7" in "".join(s.text or "" for s in body.iter("style"))
    thead, tbody = table
    assert thead.tag == "thead"
    rows = list(tbody)
    assert [r.get("style") for r in rows[:hidden]] == ["display:none"] * hidden
    # the first row shown keeps its parity among the rows, so its stripe
    assert [r.get("id") for r in rows[hidden:]] == [str(i) for i in range(start, start + 3)]
    assert (hidden + 1) % 2 == (start + 1) % 2
