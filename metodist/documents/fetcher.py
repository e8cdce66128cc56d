"""A WeasyPrint URL fetcher that serves the templates' assets and nothing else.

Documents carry texts from schools' spreadsheets; besides autoescaping, the
fetcher is a second wall: only files under `templates/assets/` are read, and
any other URL (`file://` elsewhere after resolving, `http(s)://`, `data:`) is
refused before anything is opened. A refusal is a failed fetch to WeasyPrint.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

from metodist.documents.environment import ASSETS_DIR


class RefusedURL(ValueError):
    """A document asked for a URL outside the assets folder."""


mimetypes.add_type("font/ttf", ".ttf")
mimetypes.add_type("font/otf", ".otf")
mimetypes.add_type("font/woff2", ".woff2")


class AssetFetcher(URLFetcher):
    """Serves `file://` URLs that resolve to a file under `root`; refuses every other URL."""

    def __init__(self, root: Path = ASSETS_DIR, *, fail_on_errors: bool = False) -> None:
        super().__init__(allowed_protocols=("file",), fail_on_errors=fail_on_errors)
        self.root = root.resolve()

    def resolve(self, url: str) -> Path:
        """The asset file `url` names, or `RefusedURL`; reads nothing."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file":
            raise RefusedURL(f"only assets are served, not {parts.scheme or 'relative'} URLs")
        if parts.netloc not in ("", "localhost") or parts.query:
            raise RefusedURL(f"not a local asset: {url}")
        path = Path(url2pathname(unquote(parts.path))).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            raise RefusedURL(f"not under {self.root}: {path}")
        return path

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        path = self.resolve(url)
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        response_headers = {"Content-Type": mime}
        if mime.startswith("text/"):
            response_headers["Content-Type"] = f"{mime}; charset=utf-8"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), response_headers)
