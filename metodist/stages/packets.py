"""Packets (Q4): a Russian PDF packet per organization and the centre's seven reports.

`compute` builds and renders a chunk's packets from the latest completed runs;
`finalize` renders the reports, moves the run's documents into place, removes
files of an earlier run this one did not write, and stores the
`packets_manifest`. Files go to `<out_dir>/<year>/packets/<code> <name>.pdf`
and `<out_dir>/<year>/reports/`; until finalize they wait in the run's own
hidden folder, so a killed run leaves the previous packets whole.
Rendering is CPU-bound, so every chunk of a process shares one pool of
rendering processes (`metodist.process_pool.SharedPool`): never more of them than CPUs.
"""

import hashlib
import os
import re
import shutil
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from metodist.atomic import remove_leftovers
from metodist.config import Settings, get_settings
from metodist.db import session_scope
from metodist.documents.render import PRELOAD, RenderJob, RenderResult, render_pdf, warm_up
from metodist.documents.views import build_packets, build_reports
from metodist.documents.views.routes import routes_jobs
from metodist.process_pool import SharedPool, pool_size
from metodist.stages.outputs import replace_outputs
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


# no max_tasks_per_child: Python 3.11's pool deadlocks replacing a worker under a
# backlog (gh-115634); a worker grows ~0.37 MiB a packet (bench/render_worker.py)
_shared_pool = SharedPool(PRELOAD, warm_up)


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
        return [render_pdf(*job, html_only=html_only) for job in jobs]
    with _shared_pool.use(workers) as pool:
        futures = [pool.submit(render_pdf, *job, html_only=html_only) for job in jobs]
        results = []
        for job, future in zip(jobs, futures, strict=True):
            try:
                results.append(future.result())
            except Exception as exc:
                for pending in futures:
                    pending.cancel()
                raise RuntimeError(f"rendering {job.out_path} failed: {exc}") from exc
        return results


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
) -> dict[str, Any]:
    """Build and render the chunk's packets (and routes); return their files and timings."""
    started, began = time.perf_counter(), time.time()
    contexts = build_packets(url, org_codes=org_codes, year=year, as_of=as_of)
    built = time.perf_counter()
    folder = staging_folder(year_folder(out_dir, year), run_id)
    jobs = [RenderJob(p.TEMPLATE, p, packet_path(folder, p.org.code, p.org.name)) for p in contexts]
    results = render_documents(jobs, html_only=html_only)
    files = [
        _file_row(r, kind="packet", org=p.org.code, org_name=p.org.name, state=p.meta.review_state)
        for p, r in zip(contexts, results, strict=True)
    ]
    if Settings().routes if routes is None else routes:
        route_jobs = routes_jobs(contexts, [Path(j.out_path) for j in jobs])
        files += [
            _file_row(
                r,
                kind="routes",
                org=j.context.org.code,
                org_name=j.context.org.name,
                state=j.context.meta.review_state,
            )
            for j, r in zip(
                route_jobs, render_documents(route_jobs, html_only=html_only), strict=True
            )
        ]
    rendered = time.perf_counter()
    return {
        "files": files,
        "build_seconds": built - started,
        "render_seconds": rendered - built,
        # wall-clock span, so that finalize can time chunks that ran at once
        "began": began,
        "ended": time.time(),
    }


def finalize(
    url: str | None,
    *,
    run_id: int,
    year: int,
    as_of: date,
    partials: Sequence[dict[str, Any]],
    out_dir: str | None = None,
    html_only: bool = False,
) -> dict[str, Any]:
    """Render the reports, publish the run's files, drop stale ones, record the manifest."""
    started = time.perf_counter()
    folder = year_folder(out_dir, year)
    staging = staging_folder(folder, run_id)
    reports = build_reports(url, year=year, as_of=as_of)
    jobs = [
        RenderJob(ctx.TEMPLATE, ctx, report_path(staging, number, kind))
        for number, (kind, ctx) in enumerate(reports.items(), start=1)
    ]
    results = render_documents(jobs, html_only=html_only)
    report_files = [
        _file_row(r, kind=kind, org=None, org_name=None, state=ctx.meta.review_state)
        for (kind, ctx), r in zip(reports.items(), results, strict=True)
    ]
    chunk_files: list[DocumentFile] = sorted(
        (f for p in partials for f in p["files"]), key=lambda f: f.org or ""
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
    manifest = PacketsManifest(
        year=year,
        as_of=as_of,
        out_dir=str(folder.resolve()),
        packets=n,
        reports=len(report_files),
        pages=sum(f.pages or 0 for f in files),
        packet_pages=sum(pages),
        pages_per_packet=round(sum(pages) / len(pages), 1) if pages else None,
        draft=sum(f.state == "draft" for f in packet_files),
        approved=sum(f.state == "approved" for f in packet_files),
        # the stage's wall-clock time per packet, building and rendering
        seconds_per_packet=round(span / n, 3) if n else None,
        packets_seconds=round(span, 3),
        # one packet's own layout time, whatever ran beside it
        document_seconds_per_packet=(
            round(sum(f.seconds for f in packet_files) / n, 3) if n else None
        ),
        # the CPU one packet's layout takes: comparable across loaded and idle machines
        cpu_seconds_per_packet=(
            round(sum(f.cpu_seconds for f in packet_files) / n, 3) if n else None
        ),
        build_seconds=round(sum(p["build_seconds"] for p in partials), 3),
        reports_seconds=round(time.perf_counter() - started, 3),
        render_workers=render_workers(),
        removed=removed,
        files=tuple(files),
    )
    with session_scope(url) as s:
        replace_outputs(s, run_id=run_id, kinds=(KIND,), org_codes=None, rows=[(None, manifest)])
    # the stage summary is the manifest without the cycle it belongs to
    return {k: v for k, v in manifest.to_json().items() if k not in ("year", "as_of")}


def _file_row(
    result: RenderResult, *, kind: str, org: str | None, org_name: str | None, state: str
) -> DocumentFile:
    return DocumentFile(
        path=str(result.path),
        kind=kind,
        org=org,
        org_name=org_name,
        pages=result.pages,
        state=state,
        seconds=round(result.seconds, 3),
        cpu_seconds=round(result.cpu_seconds, 3),
    )


def _publish(staging: Path, folder: Path, files: Sequence[DocumentFile]) -> list[DocumentFile]:
    """Move the run's documents from its staging folder into place; the files as published.

    Each move is one rename, so every file is at any moment the old document
    or the new one, whole. Staging folders of earlier runs (killed, failed)
    are removed: the stage's lock says no other run of it is going on.
    """
    published = []
    for f in files:
        staged = Path(f.path)
        final = folder / staged.relative_to(staging)
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged, final)
        published.append(replace(f, path=str(final)))
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
