import pytest
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError

from metodist.documents.environment import ASSETS_BASE_URL, ASSETS_DIR, TEMPLATES_DIR
from metodist.documents.fetcher import AssetFetcher, RefusedURL

from .conftest import RecordingFetcher


def test_serves_files_under_assets():
    response = AssetFetcher().fetch(ASSETS_BASE_URL + "print.css")
    assert response.content_type == "text/css"
    assert b"@page" in response.read()
    font = AssetFetcher().fetch(ASSETS_BASE_URL + "fonts/DejaVuSans.ttf")
    assert font.read(4) == b"\x00\x01\x00\x00"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        (TEMPLATES_DIR / "packet.html").as_uri(),  # templates, but not assets
        ASSETS_BASE_URL + "../base.html",  # traversal
        ASSETS_BASE_URL + "%2e%2e/base.html",
        ASSETS_BASE_URL + "print.css?x=1",
        ASSETS_BASE_URL + "no-such-file.css",
        "file://remote-host" + ASSETS_DIR.as_posix() + "/print.css",
        "http://127.0.0.1:9/x.css",
        "https://example.org/logo.png",
        "data:text/css,body{color:red}",
        "print.css",  # not resolved against the base: refused as well
        "ftp://example.org/x",
    ],
)
def test_refuses_everything_else(url):
    with pytest.raises(RefusedURL):
        AssetFetcher().fetch(url)


def test_a_symlink_out_of_the_assets_is_refused(tmp_path):
    root = tmp_path / "assets"
    root.mkdir()
    (root / "secret.css").symlink_to("/etc/hostname")
    with pytest.raises(RefusedURL):
        AssetFetcher(root).fetch((root / "secret.css").as_uri())


def test_weasyprint_renders_without_what_was_refused():
    fetcher = RecordingFetcher()
    html = (
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
        '<img src="file:///etc/passwd"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        "<p>текст</p>"
    )
    document = HTML(string=html, base_url=ASSETS_BASE_URL, url_fetcher=fetcher).render()
    assert len(document.pages) == 1
    assert sorted(fetcher.asked) == sorted(
        [
            "http://127.0.0.1:9/x.css",
            "file:///etc/passwd",
            "data:image/gif;base64,R0lGODlhAQABAAAAACw=",
        ]
    )


def test_a_refusal_can_stop_the_rendering():
    html = '<img src="file:///etc/passwd">'
    fetcher = AssetFetcher(fail_on_errors=True)
    with pytest.raises(FatalURLFetchingError):
        HTML(string=html, base_url=ASSETS_BASE_URL, url_fetcher=fetcher).render()
