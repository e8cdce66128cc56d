"""Write every sample document (a packet per school and the reports) to a folder.

uv run python -m metodist.documents.sample OUTDIR [--html] [--teachers 35] [--workers 2]
"""

import argparse
import sys
import time
from pathlib import Path

from metodist.documents import sample
from metodist.documents.render import render_many


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m metodist.documents.sample", description=__doc__.splitlines()[0]
    )
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--html", action="store_true", help="write HTML instead of PDF")
    parser.add_argument("--teachers", type=int, default=35)
    parser.add_argument("--schools", type=int, default=6)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args(argv)
    m = sample.municipality(schools=args.schools, teachers=args.teachers)
    jobs: list[tuple[str, object, Path]] = []
    for i, s in enumerate(m.schools):
        ctx = sample.packet(m=m, school=i, approved=i % 2 == 1)
        jobs.append((ctx.TEMPLATE, ctx, args.outdir / f"packet-{s.code}.pdf"))
    for stem, report in sample.all_reports(m).items():
        jobs.append((report.TEMPLATE, report, args.outdir / f"{stem}.pdf"))
    started = time.perf_counter()
    results = render_many(jobs, workers=args.workers, html_only=args.html)
    for r in results:
        print(f"{r.path}\t{r.pages or '-'} pp.\t{r.seconds:.2f} s\t(CPU {r.cpu_seconds:.2f} s)")
    print(f"{len(results)} documents in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
