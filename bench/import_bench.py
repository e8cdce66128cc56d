"""How long a whole region takes to import, on SQLite and on PostgreSQL.

    uv run python bench/import_bench.py                 # 1,000 schools, ~40k teachers
    uv run python bench/import_bench.py --schools 100 --backend sqlite

Writes the demo region (`metodist.demo.generate`: 1,000 schools come with
kindergartens and centres, about 1,400 organizations and 40,000 teachers) as
CSV files, imports them into a fresh database, then imports them again (the
re-import must write nothing). Prints read, validate and load seconds, rows
per second, and the importing process's CPU seconds, which say more than wall
time on a shared machine. PostgreSQL is a throwaway server
(`tests/pg_server.TempPostgres`) unless `--postgres-url` names one.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from metodist.demo import generate, write_csv
from metodist.importing import import_path


def region(schools: int, folder: Path) -> dict[str, int]:
    """Write the demo region's CSV files; returns rows per table."""
    data = generate(seed=1, schools=schools)
    write_csv(data, folder)
    return {name: len(rows) for name, rows in data.items()}


def run(label: str, folder: Path, url: str) -> None:
    """Import twice and print the figures of each."""
    for attempt in ("first import", "re-import"):
        started, cpu = time.perf_counter(), time.process_time()
        report = import_path(folder, url=url)
        total, cpu = time.perf_counter() - started, time.process_time() - cpu
        s, rows = report.seconds, report.rows_read
        written = sum(c.written for c in report.tables.values())
        print(
            f"{label:10} {attempt:12} rows {rows:7d}  read {s['read']:5.2f}s  "
            f"validate {s['validate']:5.2f}s  load {s['load']:5.2f}s  total {total:5.2f}s  "
            f"{rows / total:7.0f} rows/s  cpu {cpu:5.2f}s  written {written}"
        )


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
            conn.execute(text("DROP DATABASE IF EXISTS metodist_bench"))
            conn.execute(text("CREATE DATABASE metodist_bench"))
        admin.dispose()
        url = make_url(admin_url).set(database="metodist_bench")
        run("postgresql", folder, url.render_as_string(hide_password=False))
    finally:
        if server:
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description="Time the import of a whole region.")
    parser.add_argument("--schools", type=int, default=1000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--postgres-url", help="an admin URL of an existing server")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="metodist-bench-") as tmp:
        folder = Path(tmp) / "region"
        started = time.perf_counter()
        sizes = region(args.schools, folder)
        print(f"generated in {time.perf_counter() - started:.1f}s: {sizes}")
        if args.backend in ("sqlite", "both"):
            run("sqlite", folder, f"sqlite:///{Path(tmp) / 'bench.db'}")
        if args.backend in ("postgresql", "both"):
            run_postgres(folder, args.postgres_url)


if __name__ == "__main__":
    main()
