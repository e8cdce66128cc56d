"""Every document of a small demo municipality, written to a folder to look at the layout.

    uv run python -m metodist.documents.preview OUTDIR [--html] [--schools 1] [--workers 2]

The data are `metodist.demo`'s (a fixed seed), imported into a temporary SQLite
file and taken through the stages before packets in this process; the view
models come from the real adapters (`documents.views`), so the preview shows
what the cycle prints. The document tests build their samples the same way.
"""

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from metodist.db import get_engine, session_scope
from metodist.demo import generate, write_csv
from metodist.documents import context as c
from metodist.documents.render import render_many
from metodist.documents.views import build_packets, build_reports
from metodist.documents.views.reports import Report
from metodist.importing import import_path
from metodist.review import review
from metodist.snapshot import org_codes
from metodist.stages.execute import run_in_process as run_stage
from models.enums import Stage

YEAR = 2026
AS_OF = date(2026, 11, 15)
BEFORE_PACKETS = tuple(stage for stage in Stage if stage is not Stage.packets)


def demo_database(
    folder: Path,
    *,
    url: str | None = None,
    schools: int = 1,
    seed: int = 2026,
    year: int = YEAR,
    as_of: date = AS_OF,
) -> str:
    """The demo municipality after every stage before packets; its database URL.

    The database is `url`, else a new SQLite file in `folder`; the demo's CSV
    files are written to `folder/demo-data` and imported from there.
    """
    data_dir = folder / "demo-data"
    write_csv(generate(seed=seed, schools=schools, year=year, as_of=as_of), data_dir)
    url = url or f"sqlite:///{folder / 'metodist.db'}"
    import_path(data_dir, url=url)
    for stage in BEFORE_PACKETS:
        run_stage(url, stage=stage, year=year, as_of=as_of)
    return url


def approve(url: str, org_code: str) -> None:
    """Approve every recommendation of one organization: its packet loses «ПРОЕКТ»."""
    review(url, decision="approved", org=org_code, reviewer="предпросмотр макета")


def documents(
    url: str, *, year: int = YEAR, as_of: date = AS_OF
) -> tuple[list[c.PacketContext], dict[str, Report]]:
    """The packet of every organization (by code) and every report (by kind)."""
    with session_scope(url) as s:
        codes = org_codes(s)
    packets = build_packets(url, org_codes=codes, year=year, as_of=as_of)
    return packets, build_reports(url, year=year, as_of=as_of)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m metodist.documents.preview", description=__doc__.splitlines()[0]
    )
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--html", action="store_true", help="write HTML instead of PDF")
    parser.add_argument("--schools", type=int, default=1, help="schools of the demo (min. 1)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="metodist-preview-") as work:
        url = demo_database(Path(work), schools=args.schools, seed=args.seed)
        with session_scope(url) as s:
            codes = org_codes(s)
        for code in codes[1::2]:  # both layouts: drafts with the watermark, approved without
            approve(url, code)
        packets, reports = documents(url)
        get_engine(url).dispose()
    jobs: list[tuple[str, object, Path]] = [
        (p.TEMPLATE, p, args.outdir / f"packet-{p.org.code}.pdf") for p in packets
    ]
    jobs += [(r.TEMPLATE, r, args.outdir / f"{kind}.pdf") for kind, r in reports.items()]
    started = time.perf_counter()
    results = render_many(jobs, workers=args.workers, html_only=args.html)
    for r in results:
        print(f"{r.path}\t{r.pages or '-'} pp.\t{r.seconds:.2f} s\t(CPU {r.cpu_seconds:.2f} s)")
    print(f"{len(results)} documents in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
