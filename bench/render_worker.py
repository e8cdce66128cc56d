"""A render worker's memory over many packets, and what replacing a worker costs.

    uv run python bench/render_worker.py                      # 200 renders, 1 worker
    uv run python bench/render_worker.py --renders 400 --max-tasks 100

Renders the packets of the smallest demo municipality (`metodist.documents.
preview`) over and over in one worker of `metodist.process_pool.SharedPool`,
as the packets stage does, and prints the worker's RSS and PSS (from
/proc/self/smaps_rollup) every `--every` renders, then the growth per render
after the first 20. With `--max-tasks` the worker is replaced after that many
renders: the lines show each new worker, and a closing line the cost of a
replacement (the fork from the preloaded server, `warm_up`, the first render's
extra CPU against the median).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from metodist.documents import preview
from metodist.documents.render import PRELOAD, render_pdf, warm_up
from metodist.process_pool import SharedPool

_started: dict[str, float] = {}


def _memory_kib() -> tuple[int, int]:
    fields = {}
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines()[1:]:
        key, value, *_ = line.split()
        fields[key.rstrip(":")] = int(value)
    return fields["Rss"], fields["Pss"]


def timed_warm_up() -> None:
    cpu = time.process_time()
    warm_up()
    _started["warm_up_cpu"] = time.process_time() - cpu


def render_and_measure(template: str, context: object, out: Path) -> dict[str, float]:
    """Render one document in the worker; the worker's pid, memory and this render's CPU."""
    first = "renders" not in _started
    _started["renders"] = _started.get("renders", 0) + 1
    result = render_pdf(template, context, out)
    rss, pss = _memory_kib()
    return {
        "pid": os.getpid(),
        "rss": rss / 1024,
        "pss": pss / 1024,
        "cpu": result.cpu_seconds,
        "first": first,
        "warm_up_cpu": _started.get("warm_up_cpu", 0.0) if first else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="A render worker's memory over many renders.")
    parser.add_argument("--renders", type=int, default=200)
    parser.add_argument("--max-tasks", type=int, default=None, help="replace a worker after N")
    parser.add_argument("--every", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="metodist-worker-") as tmp:
        url = preview.demo_database(Path(tmp))
        packets, _ = preview.documents(url)
        pool = SharedPool(PRELOAD, timed_warm_up, max_tasks_per_child=args.max_tasks)
        rows = []
        started = time.perf_counter()
        with pool.use(1) as executor:
            for i in range(args.renders):
                packet = packets[i % len(packets)]
                out = Path(tmp) / f"{i % len(packets)}.pdf"
                row = executor.submit(render_and_measure, packet.TEMPLATE, packet, out).result()
                rows.append(row)
                if row["first"] or (i + 1) % args.every == 0:
                    note = "  (new worker)" if row["first"] else ""
                    print(
                        f"render {i + 1:4d}  pid {row['pid']}  RSS {row['rss']:6.1f} MiB  "
                        f"PSS {row['pss']:6.1f} MiB  cpu {row['cpu']:.2f}s{note}"
                    )
        wall = time.perf_counter() - started
    steady = [r for r in rows[20:] if not r["first"]] or rows
    growth = (steady[-1]["pss"] - steady[0]["pss"]) / max(1, len(steady) - 1)
    median = statistics.median(r["cpu"] for r in rows if not r["first"])
    firsts = [r for r in rows if r["first"]]
    extra = statistics.mean(r["cpu"] - median + r["warm_up_cpu"] for r in firsts)
    print(
        f"{len(rows)} renders in {wall:.0f}s; PSS {steady[0]['pss']:.0f} -> "
        f"{steady[-1]['pss']:.0f} MiB after render 20 ({growth * 1024:+.0f} KiB a render); "
        f"peak RSS "
        f"{max(r['rss'] for r in rows):.0f} MiB; median cpu/render {median:.2f}s"
    )
    print(
        f"workers started: {len(firsts)}; a new worker's extra CPU (warm_up + first render "
        f"over the median): {extra:.2f}s"
    )


if __name__ == "__main__":
    main()
