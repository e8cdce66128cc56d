"""Packets (Q4): a Russian PDF packet per organization and the centre's seven reports.

`compute` builds and renders a chunk's packets from the latest completed runs;
`finalize` renders the reports, moves the run's documents into place, removes
files of an earlier run this one did not write, and stores the
`packets_manifest`. Files go to `<out_dir>/<year>/packets/<code> <name>.pdf`
and `<out_dir>/<year>/reports/`; until finalize they wait in the run's own
hidden folder, so a killed run leaves the previous packets whole.
A document whose content digest (`metodist.documents.digest`) is the one the
latest completed run recorded, and whose file is still in place as written,
is kept: not rendered, not touched. A packet whose inputs key
(`metodist.documents.inputs_key`) is the one recorded is kept before its view
model is even built (`metodist.stages.packets_kept`). `force` renders every one.
Rendering is CPU-bound, so every chunk of a process shares one pool of
rendering processes (`metodist.process_pool.SharedPool`): never more of them than CPUs.
"""

import hashlib
import os
import re
import shutil
import threading
import time
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from metodist.atomic import remove_leftovers
from metodist.config import Settings, get_settings
from metodist.db import session_scope
from metodist.documents.digest import document_digest, renderer_digest
from metodist.documents.inputs_key import packet_keys
from metodist.documents.render import PRELOAD, RenderJob, RenderResult, render_pdf, warm_up
from metodist.documents.views import build_packets, build_reports
from metodist.documents.views.routes import routes_jobs
from metodist.memory import release_free_memory
from metodist.process_pool import SharedPool, pool_size
from metodist.stages.outputs import replace_outputs
from metodist.stages.packets_kept import kept_as_inputs, previous_files, unchanged
from models.payloads import DocumentFile, PacketsManifest

KIND = PacketsManifest.KIND
#: the environment variable of `Settings.render_workers`
RENDER_WORKERS_ENV = "METODIST_RENDER_WORKERS"
#: a school's name in its file name is cut to this many characters (at a word)
NAME_CHARS = 60
#: characters Windows forbids in file names
_UNSAFE = re.compile(r'[<>:"/\\|?*]')
#: a code used as it is in a file name; any other gets a digest (see `code_file_part`)
_PLAIN_CODE = re.compile(r"[A-Z0-9][A-Z0-9_.-]*")
#: Unicode categories dropped from file names: controls, format (bidi, zero-width), private
_INVISIBLE = ("Cc", "Cf", "Co", "Cs")
#: hidden folder of a run's documents until finalize moves them into place
STAGING_PREFIX = ".run-"


def year_folder(out_dir: str | Path | None, year: int) -> Path:
    """`<out_dir>/<year>`; `out_dir` defaults to the configured output folder."""
    return Path(out_dir if out_dir is not None else get_settings().out_dir) / str(year)


def safe_file_name(text: str, *, limit: int = NAME_CHARS) -> str:
    """A file name part safe on Windows, Linux and macOS, keeping the Russian.

    Control and format characters (bidi overrides, zero-width) are dropped,
    forbidden characters become spaces, spaces collapse, and a name longer
    than `limit` is cut at a word; no trailing dot or space (Windows drops them).
    """
    shown = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or unicodedata.category(ch) not in _INVISIBLE
    )
    name = " ".join(_UNSAFE.sub(" ", shown).split())
    if len(name) > limit:
        cut = name[:limit]
        name = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return name.rstrip(" .") or "_"


def code_file_part(code: str) -> str:
    """The code as its file name starts: unique per code, also on a case-blind file system.

    A plain code (capitals, digits, `-`, `_`, `.`) is used as it is; any other
    (`S:1`, `S/1`, lower case, look-alikes) loses what a file name cannot hold
    and gets `~` and a short digest of the code itself, so `S:1`, `S/1` and
    `S\\1` (or `s01` beside `S01`) never share a file.
    """
    if _PLAIN_CODE.fullmatch(code):
        return code
    digest = hashlib.sha256(code.encode("utf-8")).hexdigest()[:8]
    return f"{safe_file_name(code, limit=24)}~{digest}"


def packet_path(folder: Path, org_code: str, org_name: str) -> Path:
    """`packets/M01-S01 МБОУ СОШ № 1.pdf`: the code first, so files sort and stay unique."""
    return folder / "packets" / f"{code_file_part(org_code)} {safe_file_name(org_name)}.pdf"


def staging_folder(folder: Path, run_id: int) -> Path:
    """`<year>/.run-<id>`: where a run's documents wait until it publishes them."""
    return folder / f"{STAGING_PREFIX}{run_id}"


def report_path(folder: Path, number: int, kind: str) -> Path:
    return folder / "reports" / f"{number:02d}_{kind}.pdf"


def render_workers() -> int:
    """Processes to render with: 1 on a Dask worker, else every CPU (or the setting)."""
    # not the cached settings: a bench varies it per run
    return pool_size(Settings().render_workers)


#: seconds the renderers wait for the stage's next chunk before they stop: starting one
#: costs ~0.3 CPU s. They are not renewed: with WeasyPrint's leak of a Pango attribute
#: list per text plugged (`documents.pango_leak`) a worker grows ~0.02 MiB a packet, not
#: ~0.5 (bench/render_worker.py), and gives back what a long report freed (`_rendered`)
LINGER = 5.0
_shared_pool = SharedPool(PRELOAD, warm_up, linger=LINGER)
#: one document at a time when this process renders them itself (one render worker)
_rendering_here = threading.Lock()


def render_documents(jobs: Sequence[RenderJob], *, html_only: bool = False) -> list[RenderResult]:
    """Render `jobs` on the shared pool (or here, with one worker); results in job order.

    The first failure cancels this caller's documents not yet started and is
    raised with the file it concerns; other chunks' documents go on.
    """
    workers = render_workers()
    if not jobs:
        return []
    # even a chunk of one packet goes to the pool: rendered on this chunk's thread it
    # would hold the GIL against every other chunk of the process
    if workers == 1:
        # chunks run on threads, and WeasyPrint (Pango, fontconfig) is not made for threads
        with _rendering_here:
            return [render_pdf(*job, html_only=html_only) for job in jobs]
    with _shared_pool.use(workers, tasks=len(jobs)) as pool:
        futures = [pool.submit(_rendered, *job, html_only=html_only) for job in jobs]
        results = []
        for job, future in zip(jobs, futures, strict=True):
            try:
                results.append(future.result())
            except Exception as exc:
                for pending in futures:
                    pending.cancel()
                raise RuntimeError(f"rendering {job.out_path} failed: {exc}") from exc
        return results


def _rendered(
    template: str, context: Any, out_path: Path | str, *, html_only: bool = False
) -> RenderResult:
    """`render_pdf` in a rendering process, then the memory its layout freed back to the
    system: a long report's pages would stay in the worker's heap beside the next packets."""
    try:
        return render_pdf(template, context, out_path, html_only=html_only)
    finally:
        release_free_memory()


@dataclass(frozen=True)
class _Document:
    """A document to produce: its rendering job and the manifest row's particulars."""

    job: RenderJob
    kind: str
    org: str | None
    org_name: str | None
    state: str


def compute(
    url: str | None,
    *,
    run_id: int,
    year: int,
    as_of: date,
    org_codes: Sequence[str],
    out_dir: str | None = None,
    html_only: bool = False,
    routes: bool | None = None,
    force: bool = False,
) -> dict[str, Any]:
    """Build the chunk's packets (and routes), render those that changed; files and timings.

    The chunk of no organizations is the centre's: the reports.
    """
    started, began = time.perf_counter(), time.time()
    if not org_codes:
        return _centre_chunk(
            url, run_id=run_id, year=year, as_of=as_of, out_dir=out_dir, html_only=html_only,
            force=force, started=started, began=began,
        )  # fmt: skip
    folder = year_folder(out_dir, year)
    staging = staging_folder(folder, run_id)
    with_routes = Settings().routes if routes is None else routes
    # computed with `force` too, so that the rows of a forced run carry their keys
    renderer = renderer_digest(html_only=html_only)
    keys = packet_keys(url, org_codes=org_codes, year=year, as_of=as_of, renderer=renderer)
    kept: dict[str, list[DocumentFile]] = {}
    if not force:
        paths = [(code, packet_path(folder, code, name)) for code, (_key, name) in keys.items()]
        kept = kept_as_inputs(
            keys, paths, previous_files(url, year=year), html_only=html_only, routes=with_routes
        )
    wanted = [code for code in org_codes if code not in kept]
    contexts = build_packets(url, org_codes=wanted, year=year, as_of=as_of) if wanted else []
    docs = [
        _Document(
            RenderJob(p.TEMPLATE, p, packet_path(staging, p.org.code, p.org.name)),
            "packet",
            p.org.code,
            p.org.name,
            p.meta.review_state,
        )
        for p in contexts
    ]
    if with_routes:
        docs += [
            _Document(
                job,
                "routes",
                job.context.org.code,
                job.context.org.name,
                job.context.meta.review_state,
            )
            for job in routes_jobs(contexts, [Path(d.job.out_path) for d in docs])
        ]
    built = time.perf_counter()
    inputs = {code: key for code, (key, _name) in keys.items()}
    files = _produce(
        docs, staging, folder, url=url, year=year, force=force, html_only=html_only,
        inputs=inputs, renderer=renderer,
    )  # fmt: skip
    return {
        "files": [f for rows in kept.values() for f in rows] + files,
        "build_seconds": built - started,
        "render_seconds": time.perf_counter() - built,
        # wall-clock span, so that finalize can time chunks that ran at once
        "began": began,
        "ended": time.time(),
    }


def _centre_chunk(
    url: str | None,
    *,
    run_id: int,
    year: int,
    as_of: date,
    out_dir: str | None,
    html_only: bool,
    force: bool,
    started: float,
    began: float,
) -> dict[str, Any]:
    """The centre's reports, rendered into the run's staging folder; files and timings."""
    folder = year_folder(out_dir, year)
    staging = staging_folder(folder, run_id)
    files = _produce(
        _report_documents(url, staging, year=year, as_of=as_of),
        staging,
        folder,
        url=url,
        year=year,
        force=force,
        html_only=html_only,
    )
    return {
        "files": files,
        "centre": True,
        "build_seconds": 0.0,
        "render_seconds": time.perf_counter() - started,
        "began": began,
        "ended": time.time(),
    }


def _report_documents(url: str | None, staging: Path, *, year: int, as_of: date) -> list[_Document]:
    reports = build_reports(url, year=year, as_of=as_of)
    return [
        _Document(
            RenderJob(ctx.TEMPLATE, ctx, report_path(staging, number, kind)),
            kind,
            None,
            None,
            ctx.meta.review_state,
        )
        for number, (kind, ctx) in enumerate(reports.items(), start=1)
    ]


def finalize(
    url: str | None,
    *,
    run_id: int,
    year: int,
    as_of: date,
    partials: Sequence[dict[str, Any]],
    out_dir: str | None = None,
    html_only: bool = False,
    force: bool = False,
) -> dict[str, Any]:
    """Publish the run's files, drop stale ones, record the manifest.

    The reports come from the centre's chunk; without one (a caller of `compute`
    per organization chunk only) they are rendered here.
    """
    started = time.perf_counter()
    folder = year_folder(out_dir, year)
    staging = staging_folder(folder, run_id)
    centre = [p for p in partials if p.get("centre")]
    if centre:
        report_files = [f for p in centre for f in p["files"]]
        reports_seconds = sum(p["render_seconds"] for p in centre)
    else:
        docs = _report_documents(url, staging, year=year, as_of=as_of)
        report_files = _produce(
            docs, staging, folder, url=url, year=year, force=force, html_only=html_only
        )
        reports_seconds = time.perf_counter() - started
    chunk_files: list[DocumentFile] = sorted(
        (f for p in partials if not p.get("centre") for f in p["files"]),
        key=lambda f: f.org or "",
    )
    files = _publish(staging, folder, chunk_files + report_files)
    packet_files = [f for f in files if f.kind == "packet"]  # not the routes
    removed = _remove_stale(folder, {Path(f.path) for f in files})
    # chunks may overlap: the packets took from the first chunk's start to the last one's end
    span = max((p["ended"] for p in partials), default=0.0) - min(
        (p["began"] for p in partials), default=0.0
    )
    n = len(packet_files)
    pages = [f.pages for f in packet_files if f.pages is not None]
    # layout times of this run's work: a kept packet took none
    laid_out = [f for f in packet_files if not f.kept]
    manifest = PacketsManifest(
        year=year,
        as_of=as_of,
        out_dir=str(folder.resolve()),
        packets=n,
        reports=len(report_files),
        rendered=sum(not f.kept for f in files),
        kept=sum(f.kept for f in files),
        pages=sum(f.pages or 0 for f in files),
        packet_pages=sum(pages),
        pages_per_packet=round(sum(pages) / len(pages), 1) if pages else None,
        draft=sum(f.state == "draft" for f in packet_files),
        approved=sum(f.state == "approved" for f in packet_files),
        # the stage's wall-clock time per packet, building and rendering
        seconds_per_packet=round(span / n, 3) if n else None,
        packets_seconds=round(span, 3),
        # one packet's own layout time, whatever ran beside it
        document_seconds_per_packet=_mean(f.seconds for f in laid_out),
        # the CPU one packet's layout takes: comparable across loaded and idle machines
        cpu_seconds_per_packet=_mean(f.cpu_seconds for f in laid_out),
        build_seconds=round(sum(p["build_seconds"] for p in partials), 3),
        reports_seconds=round(reports_seconds, 3),
        render_workers=render_workers(),
        removed=removed,
        files=tuple(files),
    )
    with session_scope(url) as s:
        replace_outputs(s, run_id=run_id, kinds=(KIND,), org_codes=None, rows=[(None, manifest)])
    # the stage summary is the manifest without the cycle it belongs to
    return {k: v for k, v in manifest.to_json().items() if k not in ("year", "as_of")}


def _mean(values: Iterable[float]) -> float | None:
    listed = list(values)
    return round(sum(listed) / len(listed), 3) if listed else None


def _produce(
    docs: Sequence[_Document],
    staging: Path,
    folder: Path,
    *,
    url: str | None,
    year: int,
    force: bool,
    html_only: bool,
    inputs: Mapping[str, str] | None = None,
    renderer: str | None = None,
) -> list[DocumentFile]:
    """Each document's row, in the order of `docs`: kept as it was where the latest completed
    run has it unchanged (unless `force`), else rendered into `staging`. A packet's and its
    routes' rows record their organization's key of `inputs`."""
    inputs = inputs or {}
    previous = {} if force else previous_files(url, year=year)
    renderer = renderer or renderer_digest(html_only=html_only)
    rows: list[DocumentFile | None] = []
    todo: list[tuple[int, _Document, str]] = []
    for i, doc in enumerate(docs):
        digest = document_digest(doc.job.template, doc.job.context, renderer=renderer)
        final = folder / Path(doc.job.out_path).relative_to(staging)
        final = final.with_suffix(".html") if html_only else final
        kept = unchanged(previous, final, doc.kind, doc.org, digest=digest, state=doc.state)
        if kept is not None:
            kept = replace(kept, inputs=inputs.get(doc.org or "", ""))
        rows.append(kept)
        if kept is None:
            todo.append((i, doc, digest))
    results = render_documents([doc.job for _, doc, _ in todo], html_only=html_only)
    for (i, doc, digest), result in zip(todo, results, strict=True):
        rows[i] = DocumentFile(
            path=str(result.path),
            kind=doc.kind,
            org=doc.org,
            org_name=doc.org_name,
            pages=result.pages,
            state=doc.state,
            seconds=round(result.seconds, 3),
            cpu_seconds=round(result.cpu_seconds, 3),
            digest=digest,
            inputs=inputs.get(doc.org or "", ""),
        )
    return [row for row in rows if row is not None]


def _publish(staging: Path, folder: Path, files: Sequence[DocumentFile]) -> list[DocumentFile]:
    """Move the run's documents from its staging folder into place; the files as published.

    Each move is one rename, so every file is at any moment the old document
    or the new one, whole; a kept document stays where it is. Staging folders
    of earlier runs (killed, failed) are removed: the stage's lock says no
    other run of it is going on.
    """
    published = []
    for f in files:
        if f.kept:  # already in place, untouched
            published.append(f)
            continue
        staged = Path(f.path)
        final = folder / staged.relative_to(staging)
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged, final)
        st = final.stat()
        published.append(replace(f, path=str(final), size=st.st_size, mtime_ns=st.st_mtime_ns))
    for leftover in folder.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(leftover, ignore_errors=True)
    return published


def _remove_stale(folder: Path, written: set[Path]) -> int:
    """Delete the documents of an earlier run this one did not write again; count them.

    Only `.pdf` and `.html` files in the stage's own `packets`, `routes` and `reports`
    folders are touched, nothing else a coordinator may keep beside them.
    """
    removed = 0
    for sub in ("packets", "routes", "reports"):
        remove_leftovers(folder / sub)
        for path in (folder / sub).glob("*"):
            if path.suffix in (".pdf", ".html") and path.is_file() and path not in written:
                path.unlink()
                removed += 1
    return removed
