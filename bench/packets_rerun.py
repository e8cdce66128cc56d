"""A re-run of packets after one decision: its wall and this process's CPU, and where it goes.

    uv run python bench/packets_rerun.py --schools 100 --db /tmp/r100.db
    uv run --with pyinstrument python bench/packets_rerun.py --db /tmp/r100.db --profile /tmp/p.html

Prepares the region as `bench/packets_bench.py` does (kept with `--db`), runs
the packets stage once in this process (`--html-only` skips the PDFs' layout,
which the re-run does not do anyway), then `--repeat` times: rejects one
recommendation of the next organization and runs the stage again. Prints per
re-run the wall time, this process's CPU, documents rendered and kept, and
the packets' view models built; each line scales the CPU to 1,416 organizations.
`--profile` writes the last re-run's pyinstrument profile (HTML, and text beside it).
Chunks run one after the other (`run_in_process`): no Prefect, no threads.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.packets_bench import AS_OF, REGION_ORGS, YEAR, prepare


def _summary(url: str, run_id: int) -> dict[str, Any]:
    from metodist.db import session_scope
    from models import CycleRun

    with session_scope(url) as s:
        run = s.get(CycleRun, run_id)
        assert run is not None
        return dict(run.summary or {})


def _reject_one(url: str, nth: int) -> str:
    """Reject a proposed-or-approved recommendation of the `nth` organization; its code."""
    from sqlmodel import col, select

    from metodist.db import session_scope
    from metodist.review import review
    from metodist.stages.runs import latest_run
    from models import Recommendation

    with session_scope(url) as s:
        run = latest_run(s, year=YEAR, stage="recommendations")
        assert run is not None
        orgs = sorted(
            {
                o
                for o in s.exec(
                    select(Recommendation.org_code).where(col(Recommendation.run_id) == run.id)
                ).all()
                if o
            }
        )
        org = orgs[nth % len(orgs)]
        rec_id = s.exec(
            select(Recommendation.id).where(
                col(Recommendation.run_id) == run.id,
                col(Recommendation.org_code) == org,
                col(Recommendation.status) != "rejected",
            )
        ).first()
    review(url, decision="rejected", rec_id=rec_id, year=YEAR, reviewer="bench", comment="bench")
    return org


def _packets(url: str, html_only: bool, **options: Any) -> tuple[int, float, float]:
    from metodist.stages.execute import run_in_process

    started, cpu = time.perf_counter(), time.process_time()
    run_id = run_in_process(
        url, stage="packets", year=YEAR, as_of=AS_OF, chunk_size=50, html_only=html_only,
        **options,
    )  # fmt: skip
    return run_id, time.perf_counter() - started, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description="Time a re-run of packets after one decision.")
    parser.add_argument("--schools", type=int, default=100)
    parser.add_argument("--db", type=Path, help="a database to keep (prepared if missing)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--html-only", action="store_true", help="HTML, not PDF (faster setup)")
    parser.add_argument("--profile", type=Path, help="pyinstrument HTML of the last re-run")
    args = parser.parse_args()
    from metodist.documents.views import packet as packet_view

    built = {"n": 0}
    original = packet_view._Chunk.packet

    def counted(self: Any, code: str) -> Any:
        built["n"] += 1
        return original(self, code)

    packet_view._Chunk.packet = counted  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory(prefix="metodist-rerun-") as tmp:
        os.environ.setdefault("METODIST_OUT_DIR", str(Path(tmp) / "out"))
        db = args.db or Path(tmp) / "bench.db"
        url = f"sqlite:///{db}"
        if not db.exists():
            prepare(url, args.schools, Path(tmp))
        run_id, wall, cpu = _packets(url, args.html_only, force=True)
        s = _summary(url, run_id)
        print(f"first run: {s['rendered']} rendered in {wall:.1f}s wall, {cpu:.1f} CPU s here")
        for i in range(args.repeat):
            org = _reject_one(url, i)
            built["n"] = 0
            profiler = None
            if args.profile and i == args.repeat - 1:
                from pyinstrument import Profiler

                profiler = Profiler(interval=0.002)
                profiler.start()
            run_id, wall, cpu = _packets(url, args.html_only)
            if profiler is not None:
                profiler.stop()
                args.profile.write_text(profiler.output_html())
                args.profile.with_suffix(".txt").write_text(profiler.output_text(unicode=True))
            s = _summary(url, run_id)
            orgs = s["packets"]
            print(
                f"re-run {i + 1} after a decision in {org}: wall {wall:.2f}s, CPU here "
                f"{cpu:.2f}s; {s['rendered']} rendered, {s['kept']} kept; packet view models "
                f"built {built['n']} of {orgs}; region ({REGION_ORGS}) ≈ "
                f"{cpu / orgs * REGION_ORGS:.1f} CPU s if it scales with organizations"
            )


if __name__ == "__main__":
    main()
