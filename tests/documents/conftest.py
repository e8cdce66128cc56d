"""Fixtures of the document tests: the demo's documents, rendered once per session.

The view models are the real adapters' on the smallest demo municipality (a
school, a kindergarten and a centre: 40 teachers) taken through the stages,
as the layout preview builds them (`metodist.documents.preview`). Rendering
is the slow part (WeasyPrint lays out every page), so each PDF the tests read
is rendered once and shared.
"""

import re
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from metodist.documents import context as c
from metodist.documents import preview
from metodist.documents.fetcher import AssetFetcher
from metodist.documents.render import RenderResult, render_pdf

HOSTILE_ORG = '<img src="file:///etc/passwd">'
HOSTILE_TEACHER = '<link rel=stylesheet href="http://127.0.0.1:9/x.css">'
CYRILLIC_TEACHER = "Щукина-Ёлкина Эльвира Юрьевна"


def normalize(text: str) -> str:
    """Collapse every kind of space (incl. no-break ones) to one plain space."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def squeeze(text: str) -> str:
    """Text without any whitespace: survives line breaks inside long words."""
    return re.sub(r"\s+", "", text)


@dataclass
class Rendered:
    context: c.PacketContext
    result: RenderResult
    raw: list[str]  # extracted text of each page, as pypdf gives it

    @property
    def pages(self) -> list[str]:
        """Each page's text, whitespace normalized."""
        return [normalize(text) for text in self.raw]

    @property
    def text(self) -> str:
        return " ".join(self.pages)


class RecordingFetcher(AssetFetcher):
    """The asset fetcher, remembering every URL WeasyPrint asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []

    def fetch(self, url, headers=None):  # type: ignore[no-untyped-def]
        self.asked.append(url)
        return super().fetch(url, headers)


def read_raw(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def read_pages(path: Path) -> list[str]:
    return [normalize(text) for text in read_raw(path)]


def _render(ctx: c.PacketContext, out: Path, fetcher: AssetFetcher | None = None) -> Rendered:
    result = render_pdf(ctx.TEMPLATE, ctx, out, url_fetcher=fetcher)
    return Rendered(ctx, result, read_raw(result.path))


@dataclass(frozen=True)
class Town:
    """The demo municipality's documents; a school, a kindergarten and a centre."""

    url: str
    schools: tuple[c.PacketContext, ...]  # the packet of each organization, by size
    reports: dict[str, c.ReportContext]


@pytest.fixture(scope="session")
def town(tmp_path_factory) -> Town:
    """The smallest packet and the largest are drafts, the middle one's is approved."""
    url = preview.demo_database(tmp_path_factory.mktemp("town"))
    packets, _ = preview.documents(url)
    packets.sort(key=lambda p: len(p.teachers))
    preview.approve(url, packets[1].org.code)
    packets, reports = preview.documents(url)
    packets.sort(key=lambda p: len(p.teachers))
    return Town(url, tuple(packets), reports)


@pytest.fixture(scope="session")
def draft_packet(town, tmp_path_factory) -> Rendered:
    """The smallest organization's draft packet, one teacher renamed to test Cyrillic extraction."""
    ctx = town.schools[0]
    assert ctx.meta.draft
    first = replace(ctx.teachers[0], full_name=CYRILLIC_TEACHER)
    ctx = replace(ctx, teachers=(first, *ctx.teachers[1:]))
    return _render(ctx, tmp_path_factory.mktemp("draft") / "packet.pdf")


@pytest.fixture(scope="session")
def big_packet(town, tmp_path_factory) -> Rendered:
    """The school's draft packet (20 teachers): teachers' blocks run over several pages."""
    ctx = town.schools[-1]
    assert len(ctx.teachers) >= 20 and ctx.meta.draft
    return _render(ctx, tmp_path_factory.mktemp("big") / "packet.pdf")


@pytest.fixture(scope="session")
def hostile_fetcher() -> RecordingFetcher:
    return RecordingFetcher()


@pytest.fixture(scope="session")
def hostile_packet(town, tmp_path_factory, hostile_fetcher) -> Rendered:
    """An approved packet whose organization and a teacher carry markup in their names."""
    ctx = town.schools[1]
    assert not ctx.meta.draft
    org = replace(ctx.org, name=HOSTILE_ORG)
    first = replace(ctx.teachers[0], full_name=HOSTILE_TEACHER)
    ctx = replace(ctx, org=org, teachers=(first, *ctx.teachers[1:]))
    return _render(ctx, tmp_path_factory.mktemp("hostile") / "packet.pdf", hostile_fetcher)
