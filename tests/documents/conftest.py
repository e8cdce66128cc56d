"""Fixtures of the document tests: small sample contexts rendered once per session.

Rendering is the slow part (WeasyPrint lays out every page), so each PDF the
tests read is rendered once and shared; the contexts are small (a few
teachers) to keep the suite to seconds.
"""

import re
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from metodist.documents import context as c
from metodist.documents import sample
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


@pytest.fixture(scope="session")
def town() -> sample.SampleMunicipality:
    return sample.municipality(schools=3, teachers=4, seed=11)


@pytest.fixture(scope="session")
def draft_packet(town, tmp_path_factory) -> Rendered:
    """A draft packet of a 4-teacher school, one teacher renamed to test Cyrillic extraction."""
    ctx = sample.packet(m=town, school=0)
    first = replace(ctx.teachers[0], full_name=CYRILLIC_TEACHER)
    ctx = replace(ctx, teachers=(first, *ctx.teachers[1:]))
    return _render(ctx, tmp_path_factory.mktemp("draft") / "packet.pdf")


@pytest.fixture(scope="session")
def big_packet(tmp_path_factory) -> Rendered:
    """A draft packet of a 20-teacher school: teachers' blocks run over several pages."""
    ctx = sample.packet(teachers=20, seed=5)
    return _render(ctx, tmp_path_factory.mktemp("big") / "packet.pdf")


@pytest.fixture(scope="session")
def hostile_fetcher() -> RecordingFetcher:
    return RecordingFetcher()


@pytest.fixture(scope="session")
def hostile_packet(town, tmp_path_factory, hostile_fetcher) -> Rendered:
    """An approved packet whose organization and a teacher carry markup in their names."""
    ctx = sample.packet(m=town, school=1, approved=True)
    org = replace(ctx.org, name=HOSTILE_ORG)
    first = replace(ctx.teachers[0], full_name=HOSTILE_TEACHER)
    ctx = replace(ctx, org=org, teachers=(first, *ctx.teachers[1:]))
    return _render(ctx, tmp_path_factory.mktemp("hostile") / "packet.pdf", hostile_fetcher)
