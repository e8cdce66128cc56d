"""Packets (Q4): a Russian PDF packet per organization and the centre's seven reports.

`compute` builds the chunk's packets from the latest completed runs
(`metodist.documents.build`) and renders them; `finalize` renders the
reports, removes files a previous run left that this one did not write (a
renamed school's old packet), writes the `packets_manifest` StageOutput and
returns the summary the Prefect artifact lists. Output, under `out_dir`
(default: the configured `out_dir`):

    <out_dir>/<year>/packets/<org code> <short name>.pdf
    <out_dir>/<year>/reports/01_requests.pdf … 07_catalogue.pdf

A re-run overwrites the files. A packet is a draft («ПРОЕКТ» on every page)
while any of the school's recommendations is still proposed.

Rendering is CPU-bound (WeasyPrint), so a chunk renders in a process pool
(`render_many`). Chunks may run at once on Prefect's threads; a lock lets
one chunk of a process render at a time, each with every CPU, so a machine
never runs more rendering processes than it has CPUs, and the next chunk
builds its contexts meanwhile. On a Dask worker the chunk renders in the
worker's own process: Dask already spreads chunks over processes.
`METODIST_RENDER_WORKERS` overrides the pool size (1: no pool).
"""

import os
import re
import sys
import threading
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from metodist.config import get_settings
from metodist.db import session_scope
from metodist.documents.build import build_packets, build_reports
from metodist.documents.render import RenderResult, render_many
from metodist.stages.outputs import replace_outputs

KIND = "packets_manifest"
RENDER_WORKERS_ENV = "METODIST_RENDER_WORKERS"
#: a school's name in its file name is cut to this many characters (at a word)
NAME_CHARS = 60
#: characters Windows forbids in file names, and control characters
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_render_lock = threading.Lock()


def year_folder(out_dir: str | Path | None, year: int) -> Path:
    """`<out_dir>/<year>`; `out_dir` defaults to the configured output folder."""
    return Path(out_dir if out_dir is not None else get_settings().out_dir) / str(year)


def safe_file_name(text: str, *, limit: int = NAME_CHARS) -> str:
    """A file name part safe on Windows, Linux and macOS, keeping the Russian.

    Forbidden characters become spaces, spaces collapse, and a name longer
    than `limit` is cut at a word; no trailing dot or space (Windows drops them).
    """
    name = " ".join(_UNSAFE.sub(" ", text).split())
    if len(name) > limit:
        cut = name[:limit]
        name = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return name.rstrip(" .") or "_"


def packet_path(folder: Path, org_code: str, org_name: str) -> Path:
    """`packets/M01-S01 МБОУ СОШ № 1.pdf`: the code first, so files sort and stay unique."""
    return folder / "packets" / f"{safe_file_name(org_code)} {safe_file_name(org_name)}.pdf"


def report_path(folder: Path, number: int, kind: str) -> Path:
    return folder / "reports" / f"{number:02d}_{kind}.pdf"


def render_workers() -> int:
    """Processes to render a chunk with: 1 on a Dask worker, else every CPU (or the env)."""
    configured = os.environ.get(RENDER_WORKERS_ENV)
    if configured:
        return max(1, int(configured))
    if _on_dask_worker():
        return 1
    return os.cpu_count() or 1


def _on_dask_worker() -> bool:
    if "distributed" not in sys.modules:
        return False
    from distributed import get_worker

    try:
        get_worker()
    except ValueError:
        return False
    return True


def compute(
    url: str | None,
    *,
    run_id: int,
    year: int,
    as_of: date,
    org_codes: Sequence[str],
    out_dir: str | None = None,
    html_only: bool = False,
) -> dict[str, Any]:
    """Build and render the chunk's packets; return their files and timings."""
    started = time.perf_counter()
    contexts = build_packets(url, org_codes=org_codes, year=year, as_of=as_of)
    built = time.perf_counter()
    folder = year_folder(out_dir, year)
    jobs = [(p.TEMPLATE, p, packet_path(folder, p.org.code, p.org.name)) for p in contexts]
    with _render_lock:
        waited = time.perf_counter()
        results = render_many(jobs, workers=render_workers(), html_only=html_only)
        rendered = time.perf_counter()
    files = [
        _file_row(r, kind="packet", org=p.org.code, org_name=p.org.name, state=p.meta.review_state)
        for p, r in zip(contexts, results, strict=True)
    ]
    return {
        "files": files,
        "build_seconds": built - started,
        "render_seconds": rendered - waited,
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
    """Render the reports, drop stale files, record the manifest; return the summary."""
    started = time.perf_counter()
    folder = year_folder(out_dir, year)
    reports = build_reports(url, year=year, as_of=as_of)
    jobs = [
        (ctx.TEMPLATE, ctx, report_path(folder, number, kind))
        for number, (kind, ctx) in enumerate(reports.items(), start=1)
    ]
    with _render_lock:
        results = render_many(jobs, workers=render_workers(), html_only=html_only)
    report_files = [
        _file_row(r, kind=kind, org=None, org_name=None, state=ctx.meta.review_state)
        for (kind, ctx), r in zip(reports.items(), results, strict=True)
    ]
    packet_files = sorted((f for p in partials for f in p["files"]), key=lambda f: f["org"])
    files = packet_files + report_files
    removed = _remove_stale(folder, {Path(f["path"]) for f in files})
    render_seconds = sum(p["render_seconds"] for p in partials)
    n = len(packet_files)
    pages = [f["pages"] for f in packet_files if f["pages"] is not None]
    summary = {
        "out_dir": str(folder.resolve()),
        "packets": n,
        "reports": len(report_files),
        "pages": sum(f["pages"] or 0 for f in files),
        "packet_pages": sum(pages),
        "pages_per_packet": round(sum(pages) / len(pages), 1) if pages else None,
        "draft": sum(f["state"] == "draft" for f in packet_files),
        "approved": sum(f["state"] == "approved" for f in packet_files),
        # the chunks' rendering time per packet: what a packet costs the stage
        "seconds_per_packet": round(render_seconds / n, 3) if n else None,
        # one packet's own layout time, whatever ran beside it
        "document_seconds_per_packet": (
            round(sum(f["seconds"] for f in packet_files) / n, 3) if n else None
        ),
        # the CPU one packet's layout takes: comparable across loaded and idle machines
        "cpu_seconds_per_packet": (
            round(sum(f["cpu_seconds"] for f in packet_files) / n, 3) if n else None
        ),
        "build_seconds": round(sum(p["build_seconds"] for p in partials), 3),
        "reports_seconds": round(time.perf_counter() - started, 3),
        "render_workers": render_workers(),
        "removed": removed,
        "files": files,
    }
    with session_scope(url) as s:
        replace_outputs(
            s,
            run_id=run_id,
            kinds=(KIND,),
            org_codes=None,
            rows=[(KIND, None, {"year": year, "as_of": as_of.isoformat(), **summary})],
        )
    return summary


def _file_row(
    result: RenderResult, *, kind: str, org: str | None, org_name: str | None, state: str
) -> dict[str, Any]:
    return {
        "path": str(result.path),
        "kind": kind,
        "org": org,
        "org_name": org_name,
        "pages": result.pages,
        "state": state,
        "seconds": round(result.seconds, 3),
        "cpu_seconds": round(result.cpu_seconds, 3),
    }


def _remove_stale(folder: Path, written: set[Path]) -> int:
    """Delete the documents of an earlier run this one did not write again; count them.

    Only `.pdf` and `.html` files in the stage's own `packets` and `reports`
    folders are touched, nothing else a coordinator may keep beside them.
    """
    removed = 0
    for sub in ("packets", "reports"):
        for path in (folder / sub).glob("*"):
            if path.suffix in (".pdf", ".html") and path.is_file() and path not in written:
                path.unlink()
                removed += 1
    return removed
