"""A document's content digest: equal digests mean the same printed document.

The digest hashes the view model (its `repr`), the template's name, and
what turns it into pages: the document templates and assets (stylesheet,
fonts), the rendering code of this package, the
WeasyPrint version, the rule-base version with the thresholds in force, the
issuer settings a document prints, and whether only the HTML is written.
The packets stage keeps a file whose digest has not changed (issue 17).
"""

import hashlib
import json
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from metodist.config import get_settings, thresholds
from metodist.documents.environment import TEMPLATES_DIR
from rules.version import rulebase_version

#: the web desk's pages are not documents: editing them re-renders no packet
_NOT_DOCUMENTS = ("web",)
#: this package's modules (filters, charts, labels, rendering) shape every page
_CODE_DIR = Path(__file__).parent


def _inputs() -> tuple[tuple[str, str, int, int], ...]:
    """Every file a document's pages depend on besides its view model: its name as hashed,
    its path, size and modification time. A changed file gives a new signature, so no
    long-lived process keeps a stale hash."""
    found = [
        (f"templates/{p.relative_to(TEMPLATES_DIR).as_posix()}", p)
        for p in TEMPLATES_DIR.rglob("*")
        if p.is_file() and p.relative_to(TEMPLATES_DIR).parts[0] not in _NOT_DOCUMENTS
    ]
    found += [(f"documents/{p.name}", p) for p in _CODE_DIR.glob("*.py")]
    signature = []
    for name, path in sorted(found):
        st = path.stat()
        signature.append((name, str(path), st.st_size, st.st_mtime_ns))
    return tuple(signature)


@lru_cache(maxsize=4)
def _files_digest(signature: tuple[tuple[str, str, int, int], ...]) -> str:
    h = hashlib.sha256()
    for name, path, _size, _mtime in signature:
        h.update(name.encode() + b"\0" + Path(path).read_bytes() + b"\0")
    return h.hexdigest()


def renderer_digest(*, html_only: bool = False) -> str:
    """sha256 of all a document depends on but its view model (see the module docstring)."""
    settings = get_settings()
    parts = {
        "files": _files_digest(_inputs()),
        "weasyprint": version("weasyprint"),
        "rulebase": rulebase_version(thresholds()),
        "issuer": settings.issuer,
        "municipal_basis": settings.municipal_basis,
        "html_only": html_only,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def document_digest(template: str, context: Any, *, renderer: str) -> str:
    """sha256 of one document: its template, its view model and the `renderer_digest`.

    The view model is hashed as its `repr`: frozen dataclasses, tuples, text,
    numbers, dates and mappings in their order (a template prints them in
    that order) print the same in every process, and three times faster than
    a JSON of the tree. A view model must hold nothing else (no set: its order
    changes with the process; no object whose repr is an address), which the
    tests check across processes for every kind of document.
    """
    blob = f"{renderer}\0{template}\0{context!r}"
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()
