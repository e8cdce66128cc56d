"""A long report laid out whole against in parts: CPU, peak memory, pages, file size.

    uv run python bench/report_parts.py                          # 06_centre, lists ×16
    uv run python bench/report_parts.py --report attestation --times 8 --part-pages 30,60

Takes one report of the demo municipality (`metodist.documents.preview`, three
schools), repeats its long lists `--times` times to reach a region's length,
and renders it in a fresh process for each mode: whole (one WeasyPrint
document) and in parts of each `--part-pages`. A line per mode: pages, the
process's CPU seconds to render and per page, its peak RSS, the file's size.
"""

import argparse
import dataclasses
import json
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

WHOLE = 10**9  # a part size no report reaches: laid out whole


def longer(report: object, times: int) -> object:
    """The report with each of its lists of rows repeated `times` times."""
    changes = {
        f.name: value * times
        for f in dataclasses.fields(report)  # type: ignore[arg-type]
        if isinstance(value := getattr(report, f.name), tuple) and len(value) > 3
    }
    return dataclasses.replace(report, **changes)  # type: ignore[type-var]


def _render_one(source: Path, kind: str, times: int, part_pages: int, out: Path) -> None:
    from metodist.documents.render import render_pdf, warm_up

    warm_up()
    report = longer(pickle.loads(source.read_bytes())[kind], times)
    cpu = time.process_time()
    result = render_pdf(report.TEMPLATE, report, out, part_pages=part_pages)  # type: ignore[attr-defined]
    cpu = time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = out.stat().st_size / 1024
    print(json.dumps({"pages": result.pages, "cpu": cpu, "peak_mb": peak, "kb": size}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", default="centre", help="a report's kind (centre, attestation…)")
    parser.add_argument("--times", type=int, default=16, help="repeat its lists this many times")
    parser.add_argument("--part-pages", default="60", help="part sizes to compare, e.g. 30,60")
    parser.add_argument("--one", nargs=4, help=argparse.SUPPRESS)  # the child: source kind times pp
    args = parser.parse_args(argv)
    if args.one:
        source, kind, times, pp = args.one
        _render_one(Path(source), kind, int(times), int(pp), Path(source).with_suffix(f".{pp}.pdf"))
        return 0
    from metodist.documents import preview

    with tempfile.TemporaryDirectory(prefix="metodist-parts-") as work:
        url = preview.demo_database(Path(work), schools=3)
        _, reports = preview.documents(url)
        source = Path(work) / "reports.pickle"
        source.write_bytes(pickle.dumps(reports))
        sizes = [WHOLE, *(int(p) for p in args.part_pages.split(","))]
        print(f"{args.report} ×{args.times}: mode, pages, CPU s, CPU s a page, peak RSS MB, KB")
        for pp in sizes:
            one = [str(source), args.report, str(args.times), str(pp)]
            child = [sys.executable, __file__, "--one", *one]
            line = subprocess.run(child, check=True, capture_output=True, text=True).stdout
            f = json.loads(line.splitlines()[-1])
            mode = "whole" if pp == WHOLE else f"parts of {pp}"
            print(
                f"{mode:>14}  {f['pages']:5d}  {f['cpu']:7.1f}  {f['cpu'] / f['pages']:.3f}"
                f"  {f['peak_mb']:7.0f}  {f['kb']:7.0f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
