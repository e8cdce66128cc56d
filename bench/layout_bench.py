"""Layout CPU per document and per page: the demo's packets and reports, in this process.

    uv run python bench/layout_bench.py                        # every document, 3 rounds
    uv run python bench/layout_bench.py --only packet --rounds 5
    uv run python bench/layout_bench.py --profile packet-M01-S05 --profile-out p.prof
    uv run python bench/layout_bench.py --out DIR               # keep the PDFs (to compare)

The view models are the preview's (`metodist.documents.preview`: the demo of 12
schools, half the packets approved), built once and cached with `--cache`. Each
round renders every document with `render_pdf` in this one process, warm, and
the figures are CPU seconds (`time.process_time`), the median over rounds:
per document, per packet, per report page. Interleave runs of two worktrees
to compare them; the machine's speed drifts.
"""

import argparse
import cProfile
import pickle
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from metodist.documents import preview
from metodist.documents.render import render_pdf, warm_up


def view_models(cache: Path | None) -> dict[str, Any]:
    """Document name -> view model: `packet-<code>` and each report's kind."""
    if cache and cache.exists():
        return pickle.loads(cache.read_bytes())  # type: ignore[no-any-return]
    with tempfile.TemporaryDirectory(prefix="metodist-layout-") as work:
        url = preview.demo_database(Path(work), schools=12)
        from metodist.db import get_engine, session_scope
        from metodist.snapshot import org_codes

        with session_scope(url) as s:
            codes = org_codes(s)
        for code in codes[1::2]:
            preview.approve(url, code)
        packets, reports = preview.documents(url)
        get_engine(url).dispose()
    docs: dict[str, Any] = {f"packet-{p.org.code}": p for p in packets}
    docs.update(reports)
    if cache:
        cache.write_bytes(pickle.dumps(docs))
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", default="", help="documents whose name starts so")
    parser.add_argument("--cache", type=Path, default=None, help="pickle of the view models")
    parser.add_argument("--out", type=Path, default=None, help="folder to keep the PDFs in")
    parser.add_argument("--profile", default=None, help="profile this document (cProfile)")
    parser.add_argument("--profile-out", type=Path, default=None)
    args = parser.parse_args()
    docs = {k: v for k, v in view_models(args.cache).items() if k.startswith(args.only)}
    warm_up()
    with tempfile.TemporaryDirectory(prefix="metodist-layout-out-") as tmp:
        out = args.out or Path(tmp)
        if args.profile:
            doc = docs[args.profile]
            render_pdf(doc.TEMPLATE, doc, out / f"{args.profile}.pdf")  # warm
            profiler = cProfile.Profile()
            profiler.enable()
            render_pdf(doc.TEMPLATE, doc, out / f"{args.profile}.pdf")
            profiler.disable()
            if args.profile_out:
                profiler.dump_stats(args.profile_out)
            profiler.print_stats("tottime")
            return
        cpu: dict[str, list[float]] = {name: [] for name in docs}
        pages: dict[str, int] = {}
        for _ in range(args.rounds):
            for name, doc in docs.items():
                started = time.process_time()
                result = render_pdf(doc.TEMPLATE, doc, out / f"{name}.pdf")
                cpu[name].append(time.process_time() - started)
                pages[name] = result.pages or 0
    median = {name: statistics.median(times) for name, times in cpu.items()}
    for name in docs:
        print(f"{name:28s} {pages[name]:4d} pp.  {median[name]:6.3f} s")
    for kind in ("packet", "report"):
        names = [n for n in docs if n.startswith("packet-") == (kind == "packet")]
        if names:
            total = sum(median[n] for n in names)
            print(
                f"{kind}s: {len(names)}, {sum(pages[n] for n in names)} pages, "
                f"CPU {total:.2f} s: {total / len(names):.3f} s a document, "
                f"{total / sum(pages[n] for n in names):.4f} s a page"
            )


if __name__ == "__main__":
    main()
