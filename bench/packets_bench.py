"""How long the packets stage takes: CPU per packet, pages, and the pool's speed-up.

    uv run python bench/packets_bench.py                     # the demo (12 schools, 17 orgs)
    uv run python bench/packets_bench.py --schools 100 --workers 1,2
    uv run python bench/packets_bench.py --schools 100 --db /tmp/r100.db   # keep the cycle
    uv run python bench/packets_bench.py --workers 1 --fonts harfbuzz,whole  # both font paths

Generates the demo region (`metodist.demo.generate`), imports it and runs
every stage before packets, once (with `--db` the database is kept and
reused). Then runs the packets stage (`metodist.stages.execute.run_in_process`)
with each worker count of `--workers` (`METODIST_RENDER_WORKERS`), `--repeat`
times, and prints per run: the stage's wall time, CPU seconds per packet
(each document's own CPU, measured in the process that laid it out), pages
per packet, CPU seconds per page, the CPU of the whole stage (this process's
plus every document's in the workers), the speed-up of the wall time against
one worker, the size of a packet's file, and the load average before and after.
The machine may be shared: compare CPU, not wall. `--fonts whole` embeds the
fonts whole as where HarfBuzz's subsetter is missing (`render.harfbuzz_subsetting`
made false; in this process, so with one worker only).
A closing line extrapolates the packets to a region of 1,416 organizations.
"""

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from metodist.documents import render
from models.enums import Stage

YEAR, AS_OF = 2026, date(2026, 11, 15)
BEFORE_PACKETS = tuple(s.value for s in Stage if s != Stage.packets)
#: organizations of a region of 1,000 schools (`metodist.demo.generate`)
REGION_ORGS = 1416
HARFBUZZ = render.harfbuzz_subsetting


def prepare(url: str, schools: int, folder: Path) -> None:
    """A database with the region imported and every stage before packets run."""
    from metodist.db import init_db
    from metodist.demo import generate, write_csv
    from metodist.importing import import_path
    from metodist.stages.execute import run_in_process as run_stage

    started = time.perf_counter()
    init_db(url)
    write_csv(generate(seed=1, schools=schools), folder / "csv")
    import_path(folder / "csv", url=url)
    for stage in BEFORE_PACKETS:
        run_stage(url, stage=stage, year=YEAR, as_of=AS_OF)
    print(f"prepared {schools} schools in {time.perf_counter() - started:.0f}s")


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def packets_run(url: str, workers: int) -> dict[str, float]:
    """Run the packets stage with `workers` processes; its figures."""
    from metodist.db import session_scope
    from metodist.stages.execute import run_in_process as run_stage
    from models import CycleRun

    os.environ["METODIST_RENDER_WORKERS"] = str(workers)
    started, cpu = time.perf_counter(), time.process_time()
    # force: every run renders all, not only what changed since the one before
    run_id = run_stage(url, stage="packets", year=YEAR, as_of=AS_OF, force=True)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    with session_scope(url) as s:
        run = s.get(CycleRun, run_id)
        assert run is not None and run.summary is not None
        summary = dict(run.summary)
    files = summary["files"]
    packets = [f for f in files if f["kind"] == "packet"]
    packet_cpu = sum(f["cpu_seconds"] for f in packets)
    size = sum(Path(f["path"]).stat().st_size for f in packets)
    pages = sum(f["pages"] for f in packets)
    return {
        "wall": wall,
        "packets": len(packets),
        "packets_wall": summary["packets_seconds"],
        "cpu_per_packet": packet_cpu / len(packets),
        "pages_per_packet": pages / len(packets),
        "cpu_per_page": packet_cpu / pages,
        # with one worker the documents are laid out in this process, already in `cpu`
        "cpu_total": cpu + (sum(f["cpu_seconds"] for f in files) if workers > 1 else 0.0),
        "reports_wall": summary["reports_seconds"],
        "kib_per_packet": size / len(packets) / 1024,
    }


def use_fonts(kind: str) -> None:
    """Subset with HarfBuzz where WeasyPrint finds it (`harfbuzz`), or embed whole (`whole`)."""
    whole: Callable[[], bool] = lambda: False  # noqa: E731
    render.harfbuzz_subsetting = HARFBUZZ if kind == "harfbuzz" else whole  # type: ignore[assignment]


def main() -> None:
    parser = argparse.ArgumentParser(description="Time the packets stage.")
    parser.add_argument("--schools", type=int, default=12, help="12: the demo (17 orgs)")
    parser.add_argument("--workers", default=f"1,{os.cpu_count() or 1}")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--db", type=Path, help="a database to keep (prepared if missing)")
    parser.add_argument("--fonts", default="harfbuzz", help="harfbuzz (where present), whole")
    args = parser.parse_args()
    workers = [int(w) for w in args.workers.split(",")]
    fonts = args.fonts.split(",")
    if "whole" in fonts and workers != [1]:
        parser.error("--fonts whole renders in this process: use --workers 1")
    with tempfile.TemporaryDirectory(prefix="metodist-packets-") as tmp:
        os.environ["METODIST_OUT_DIR"] = str(Path(tmp) / "out")
        db = args.db or Path(tmp) / "bench.db"
        url = f"sqlite:///{db}"
        if not db.exists():
            prepare(url, args.schools, Path(tmp))
        single: float | None = None
        for _ in range(args.repeat):
            for n, font in ((n, font) for font in fonts for n in workers):
                before = load()
                use_fonts(font)
                r = packets_run(url, n)
                if n == 1:
                    single = r["packets_wall"]
                speedup = f"{single / r['packets_wall']:.2f}x" if single else "-"
                print(
                    f"fonts {font}  workers {n}  packets {r['packets']:4.0f}  "
                    f"stage wall {r['wall']:6.1f}s "
                    f"(packets {r['packets_wall']:6.1f}s, reports {r['reports_wall']:4.1f}s)  "
                    f"cpu/packet {r['cpu_per_packet']:.3f}s  pages/packet "
                    f"{r['pages_per_packet']:.1f}  cpu/page {r['cpu_per_page']:.3f}s  "
                    f"cpu total {r['cpu_total']:6.1f}s  speed-up {speedup}  "
                    f"{r['kib_per_packet']:.0f} KiB/packet  "
                    f"load {before} -> {load()}"
                )
                region = REGION_ORGS * r["cpu_per_packet"]
                print(
                    f"  region ({REGION_ORGS} packets): {region / 60:.1f} CPU min, "
                    f"{region / 60 / (os.cpu_count() or 1):.1f} min on {os.cpu_count()} cores"
                )


if __name__ == "__main__":
    main()
