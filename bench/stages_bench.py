"""Import and the analytic stages of a region, one stage per process: wall, CPU, peak memory.

    uv run python bench/stages_bench.py                      # 1,000 schools on SQLite
    uv run python bench/stages_bench.py --schools 100 --backend postgresql
    uv run python bench/stages_bench.py --keep out/bench/region.db   # reuse an imported DB

Writes the demo region (`metodist.demo.generate`, seed 1) as CSV, imports it
(`import_path`) in a child process, then runs needs, diagnostics,
attestation, monitoring and planning in order, each in a fresh child process
through `metodist.stages.execute.run_in_process` (compute per chunk of 50
organizations, then finalize; no Prefect), so each figure is that stage's
own: wall seconds, the process's CPU seconds (user + system), its peak RSS
(VmHWM, interpreter and imports included) and the SQL statements it sent.
Recommendations and packets are other benchmarks' business.

Wall time on a shared machine is noisy: read CPU seconds, and the load
average printed with every run. PostgreSQL is a throwaway server
(`tests/pg_server.TempPostgres`) unless `--postgres-url` names one.
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

YEAR = 2026
AS_OF = date(2026, 9, 1)
STAGES = ("needs", "diagnostics", "attestation", "monitoring", "planning")


def _measure(work: str, url: str, folder: str) -> dict[str, float]:
    """Run one step in this (child) process and return its figures."""
    from sqlalchemy import event

    from metodist.db import get_engine, init_db

    init_db(url)
    statements = 0

    def count(*_args: object) -> None:
        nonlocal statements
        statements += 1

    event.listen(get_engine(url), "before_cursor_execute", count)
    wall, cpu = time.perf_counter(), time.process_time()
    if work == "import":
        from metodist.importing import import_path

        import_path(Path(folder), url=url)
    else:
        from metodist.stages.execute import run_in_process as run_stage

        run_stage(url, stage=work, year=YEAR, as_of=AS_OF)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"wall_s": wall, "cpu_s": cpu, "peak_mib": _peak_mib(), "statements": statements}


def _peak_mib() -> float:
    """This process's peak RSS. Linux keeps `ru_maxrss` across fork and exec, so a child
    would report its parent's peak (the generated region) when larger: VmHWM is the
    peak of this program's own memory."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(work: str, url: str, folder: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", work, "--url", url, "--folder", folder],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(label: str, url: str, folder: Path, *, import_first: bool) -> None:
    print(f"{label}: load {os.getloadavg()[0]:.2f}, {os.cpu_count()} CPUs")
    steps = (["import"] if import_first else []) + list(STAGES)
    total_wall = total_cpu = 0.0
    for work in steps:
        r = _child(work, url, str(folder))
        total_wall += r["wall_s"]
        total_cpu += r["cpu_s"]
        print(
            f"  {work:12} wall {r['wall_s']:6.2f}s  cpu {r['cpu_s']:6.2f}s  "
            f"peak {r['peak_mib']:6.0f} MiB  statements {r['statements']:6d}  "
            f"(load {os.getloadavg()[0]:.2f})",
            flush=True,
        )
    print(f"  {'total':12} wall {total_wall:6.2f}s  cpu {total_cpu:6.2f}s")


def run_postgres(folder: Path, admin_url: str | None) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from tests.pg_server import TempPostgres

    server = None
    if admin_url is None:
        server = TempPostgres()
        admin_url = server.start()
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("DROP DATABASE IF EXISTS metodist_stages_bench"))
            conn.execute(text("CREATE DATABASE metodist_stages_bench"))
        admin.dispose()
        url = make_url(admin_url).set(database="metodist_stages_bench")
        run("postgresql", url.render_as_string(hide_password=False), folder, import_first=True)
    finally:
        if server:
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description="Time import and the analytic stages.")
    parser.add_argument("--schools", type=int, default=1000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="sqlite")
    parser.add_argument("--postgres-url", help="an admin URL of an existing server")
    parser.add_argument("--keep", type=Path, help="SQLite file: import once, reuse a copy after")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_measure(args.child, args.url, args.folder)))
        return
    with tempfile.TemporaryDirectory(prefix="metodist-stages-") as tmp:
        folder = Path(tmp) / "region"
        db = Path(tmp) / "bench.db"
        if not (args.keep and args.keep.exists()):
            from metodist.demo import generate, write_csv

            started = time.perf_counter()
            write_csv(generate(seed=1, schools=args.schools), folder)
            print(f"generated {args.schools} schools in {time.perf_counter() - started:.1f}s")
        if args.backend in ("sqlite", "both"):
            if args.keep and args.keep.exists():
                shutil.copy(args.keep, db)
                run("sqlite", f"sqlite:///{db}", folder, import_first=False)
            else:
                run("sqlite", f"sqlite:///{db}", folder, import_first=True)
                if args.keep:
                    # only the imported inputs: drop the stages' runs so a reuse starts clean
                    import sqlite3

                    args.keep.parent.mkdir(parents=True, exist_ok=True)
                    con = sqlite3.connect(db)
                    con.execute("PRAGMA foreign_keys=ON")
                    con.execute("DELETE FROM cycle_run")
                    con.commit()
                    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                    con.close()
                    shutil.copy(db, args.keep)
        if args.backend in ("postgresql", "both"):
            run_postgres(folder, args.postgres_url)


if __name__ == "__main__":
    main()
