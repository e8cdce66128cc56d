"""Names from spreadsheets stay text, never markup; nothing outside the assets is read."""

from metodist.documents.environment import ASSETS_BASE_URL
from metodist.documents.render import render_html

from .conftest import HOSTILE_ORG, HOSTILE_TEACHER, squeeze


def test_markup_in_names_prints_as_literal_text(hostile_packet):
    text = squeeze(hostile_packet.text)
    assert squeeze(HOSTILE_ORG) in text
    assert squeeze(HOSTILE_TEACHER) in text


def test_the_fetcher_only_ever_saw_assets(hostile_packet, hostile_fetcher):
    assert hostile_fetcher.asked  # the stylesheet and its fonts
    assert all(url.startswith(ASSETS_BASE_URL) for url in hostile_fetcher.asked)
    assert not [u for u in hostile_fetcher.asked if "passwd" in u or "127.0.0.1" in u]


def test_the_html_holds_no_live_tag(hostile_packet):
    html = render_html(hostile_packet.context.TEMPLATE, hostile_packet.context)
    assert "<img" not in html
    assert 'href="http://127.0.0.1' not in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
