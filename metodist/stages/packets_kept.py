"""Which documents a packets run keeps as the latest completed run wrote them (issue 17).

A document is kept when its file is still in place as written (same size and
modification time) and either its organization's inputs key
(`metodist.documents.inputs_key`) is the one recorded, checked before any view
model is built, or its content digest is, checked after.
"""

import os
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from sqlmodel import col, select

from metodist.config import get_settings
from metodist.db import session_scope
from metodist.documents.views.routes import routes_path
from metodist.stages.runs import latest_run
from models import StageOutput
from models.enums import Stage
from models.payloads import DocumentFile, PacketsManifest


def previous_files(url: str | None, *, year: int) -> dict[str, DocumentFile]:
    """The files the latest completed packets run of `year` listed, by absolute path."""
    with session_scope(url) as s:
        run = latest_run(s, year=year, stage=Stage.packets.value)
    if run is None or run.id is None:
        return {}
    # the database named, so that two databases' runs of one id are never taken for each other
    return _listed(url or get_settings().database_url, run.id, run.finished_at)


@lru_cache(maxsize=4)
def _listed(url: str, run_id: int, finished: object) -> dict[str, DocumentFile]:
    # every chunk of a process asks for the same run's list: read and parse it once
    with session_scope(url) as s:
        payload = s.exec(
            select(StageOutput.payload).where(
                col(StageOutput.run_id) == run_id, col(StageOutput.kind) == PacketsManifest.KIND
            )
        ).first()
    files = PacketsManifest.from_json(payload).files if payload else ()
    return {os.path.abspath(f.path): f for f in files}


def unchanged(
    previous: Mapping[str, DocumentFile],
    final: Path,
    kind: str,
    org: str | None,
    *,
    digest: str,
    state: str,
) -> DocumentFile | None:
    """The earlier run's row of the document, if its digest is `digest` and the file it wrote
    is still at `final` as written; else None."""
    before = previous.get(os.path.abspath(final))
    if before is None or (before.digest, before.kind, before.org) != (digest, kind, org):
        return None
    if not in_place(before, final):
        return None
    return replace(before, path=str(final), state=state, kept=True)


def in_place(before: DocumentFile, final: Path) -> bool:
    """The file `before` lists is still at `final` as written: same size and modification time."""
    try:
        st = final.stat()
    except OSError:
        return False
    return (st.st_size, st.st_mtime_ns) == (before.size, before.mtime_ns)


def kept_as_inputs(
    keys: Mapping[str, tuple[str, str]],
    packets: Sequence[tuple[str, Path]],
    previous: Mapping[str, DocumentFile],
    *,
    html_only: bool,
    routes: bool,
) -> dict[str, list[DocumentFile]]:
    """By organization, the rows of its packet at the path `packets` gives (and its routes, when
    asked) if the earlier run recorded each with the key of `keys`, still in place: kept
    without building a view model. An organization left out is built; its digest judges."""
    kept = {}
    for code, packet in packets:
        finals = [("packet", packet)] + ([("routes", routes_path(packet))] if routes else [])
        rows = []
        for kind, final in finals:
            final = final.with_suffix(".html") if html_only else final
            before = previous.get(os.path.abspath(final))
            if (
                before is None
                or (before.kind, before.org, before.inputs) != (kind, code, keys[code][0])
                or not before.digest
                or not in_place(before, final)
            ):
                break
            rows.append(replace(before, path=str(final), kept=True))
        else:
            kept[code] = rows
    return kept
