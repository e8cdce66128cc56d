"""The whole yearly cycle of a region on this machine: time, CPU, memory, Prefect's share.

    uv run python bench/region.py                         # 1,000 schools, ~40,000 teachers
    uv run python bench/region.py --schools 100 --no-side-by-side
    uv run python bench/region.py --scaling 10,100,1000 --no-packets
    uv run python bench/region.py --schools 100 --backend postgresql
    uv run python bench/region.py --schools 100 --dask 2        # rules and PDFs on Dask
    uv run python bench/region_compare.py before.json after.json

Steps, in order (the demo's, `metodist demo`):

- generate, write CSV: the demo region (`metodist.demo.generate`, seed 2026,
  cycle date 2026-11-15); the benchmark's own preparation, not in the total;
- import: `init_db` and `import_path` of the CSV folder (teachers/s);
- prefect import, code: importing Prefect, then the flows and stage
  services, once per process;
- prefect API start: the wait for the embedded API as the CLI starts it
  (`flows.environment.prefect_api`, on `PREFECT_HOME`: a fresh one
  migrates Prefect's database first; none when `PREFECT_API_URL` is set),
  launched before the import step as `metodist demo` does
  (`flows.api_process.start_early`), so part of its start overlaps the import;
- each stage through `flows.runner.run_stage`, the path of
  `metodist run <stage>`: a Prefect flow with a task per chunk of
  organizations on threads, all in the one API session (teachers/s; the
  packets stage in packets/s). `metodist cycle` runs the same flows as
  subflows of one cycle flow; separate flow runs give each stage its own
  window of CPU and memory, at the price of nothing but the parent run;
- approve: every recommendation approved after the recommendations stage
  (`metodist.review.review`, what the cycle's `approve_all` and `metodist
  review approve --all` call), as `metodist demo` does, so the packets are
  final (no «ПРОЕКТ»);
- dask start (with `--dask N`): a local cluster of N single-threaded worker
  processes, as `metodist cycle --dask local:N` starts it; the recommendations
  and packets stages run their chunks on it, the others on threads;
- rules side by side (not in the total): `bench.rules_bench.side_by_side`,
  after the cycle, when every stage's results exist; its error, if any, is
  recorded and the benchmark goes on; its ratio (the product's rule matching
  over plain Python) is a headline figure;
- re-run after a decision (not in the total, `--no-rerun` skips it): one
  recommendation of one organization rejected, the packets stage run again
  as the cycle ran it; every file of the output folder is compared before
  and after (bytes, st_mtime_ns): the figures are the wall time, rendered /
  kept (the manifest's), the files untouched and any other than that
  organization's or the centre's reports that changed (`bench.region_after`);
- recommendations on 1 core (not in the total, `--no-one-core` skips it):
  the stage again with METODIST_RULE_WORKERS=1, against the cycle's run. It
  writes a new recommendations run, so it comes last; the decisions carry
  over to it and nothing is rendered after it (the step records that no
  recommendation is left undecided);
- prefect API stop: draining Prefect's log and event workers, stopping the API.

The total is import through API stop, side by side excepted.

CPU and memory (`bench.region_probe`): /proc is read for the whole process
tree every 0.5 s from a thread: this process, Prefect's API subprocess, the
packets' rendering workers (grandchildren in a forkserver pool), and on the
throwaway PostgreSQL (`tests/pg_server.TempPostgres`, fsync off) the
server's processes; a server given by `--database-url` is not seen. CPU is,
per process, the last user + system seconds seen, summed; split into main /
api / workers / db.
Dask's worker processes (children of this one) count as "dask", with
whatever they start: with `--dask 2` the packets step should see two
processes there, no render pool inside a worker (`peak_python_processes`).
Peak memory is the largest sum of the tree's PSS in a sample (a shared page
counts once over the tree), read every `--pss-interval` seconds (5 s:
reading smaps_rollup walks a process's page tables) and at each step's ends, beside
the largest sum of RSS (an upper bound), read every `--interval`.

Prefect's own overhead: importing Prefect, the API's start and stop, plus
per stage the flow's wall time minus the time in which the stage's own code
ran (`work_s` of `StageOutcome`: the union of the chunks' `compute`, the
`finalize` and the bookkeeping steps' own database calls — opening, listing,
completing the run, where decisions are carried over —, recorded inside the
tasks). What remains is flow- and task-run bookkeeping with the API, task
submission, Prefect's run records and artifacts.
Bookkeeping on other threads while a chunk computes is not counted (it does
not lengthen the stage, though it takes CPU); the API's CPU is shown apart.
On a loaded machine wall time stretches while waiting for a CPU, so the
total also has Prefect's CPU share: the API process's CPU plus this
process's CPU in the Prefect-only steps (a lower bound: the client's
bookkeeping inside a stage's flow is not separable from the stage's CPU).

Scaling (`--scaling 10,100,1000`): the whole benchmark per size, each in a
fresh process (its imports, API start and memory its own), then a least
squares fit of log(time) against log(teachers) per step, for the total and
for the total without the one-time start-up (imports, API start and stop):
time ∝ teachers^k, k = 1 is linear.

Per packets step: CPU (the whole tree's) per packet and per page, pages per
packet, documents rendered and kept. Prefect's share is also given of the
total without the packets step (issue 17: under 5%).

Output: a table per run, the targets of issue 17 (meant for 1,000 schools),
and a JSON file (default `out/bench/region-<schools>-<YYYYmmdd-HHMMSS>.json`)
with every figure, the machine (CPUs, load at start and end, Python,
platform) and the backend, so runs can be compared.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402

from bench.region_after import (  # noqa: E402
    local_dask,
    recommendations_on_one_core,
    rerun_after_decision,
)
from bench.region_probe import TreeSampler  # noqa: E402
from bench.region_report import (  # noqa: E402
    packet_figures,
    peak,
    print_run,
    print_scaling,
    scaling,
    targets,
)
from bench.region_where import commit, database, machine  # noqa: E402

YEAR = 2026
AS_OF = date(2026, 11, 15)
from models.enums import Stage  # noqa: E402

SEED = 2026
STAGES = tuple(stage.value for stage in Stage)  # the cycle's order

Log = Callable[[str], None]
#: steps a command pays once whatever the region's size
ONE_TIME = ("prefect import", "code", "prefect api start", "dask start", "prefect api stop")
#: steps that are Prefect's alone
PREFECT_STEPS = ("prefect import", "prefect api start", "prefect api stop")
#: the stages `--dask N` puts on the cluster (the others are database work, on threads)
DASK_STAGES = ("recommendations", "packets")


def run_region(
    schools: int,
    *,
    work_dir: Path,
    backend: str = "sqlite",
    database_url: str | None = None,
    packets: bool = True,
    side_by_side: bool = True,
    engine_time_limit: float = 60.0,
    interval: float = 0.5,
    pss_interval: float = 5.0,
    dask: int | None = None,
    rerun: bool = True,
    one_core: bool = True,
    log: Log = print,
) -> dict[str, Any]:
    """Run the benchmark once in `work_dir`; return the run's figures (see the module docstring)."""
    load_start, code = os.getloadavg(), commit()
    with ExitStack() as stack:
        sampler = stack.enter_context(TreeSampler(interval, pss_interval))
        url = database_url or stack.enter_context(database(backend, work_dir, sampler))
        bench = _Steps(sampler, log)
        run = _cycle(
            bench,
            schools,
            url=url,
            work_dir=work_dir,
            packets=packets,
            side_by_side=side_by_side,
            engine_time_limit=engine_time_limit,
            dask=dask,
            rerun=rerun,
            one_core=one_core,
        )
        from metodist.db import get_engine

        get_engine(url).dispose()
    run["config"] = {
        "schools": schools,
        "backend": backend,
        "database_url_given": database_url is not None,
        "packets": packets,
        "side_by_side": side_by_side,
        "dask_workers": dask,
        "rerun": rerun and packets,
        "one_core": one_core,
        "seed": SEED,
        "year": YEAR,
        "as_of": AS_OF.isoformat(),
        "sample_interval_s": interval,
        "pss_interval_s": pss_interval,
    }
    run["machine"] = {**machine(load_start, os.getloadavg()), **code}
    run["probe"] = {
        "samples": sampler.samples_taken,
        "sampler_cpu_s": round(sampler.own_cpu_s, 3),
        "pss_samples": sampler.pss_samples,
        "pss_cpu_s": round(sampler.pss_cpu_s, 3),
        "commands": {role: sorted(seen) for role, seen in sampler.commands.items()},
        "method": (
            "/proc stat per process; CPU = last user+system per process; memory = summed PSS "
            "(smaps_rollup, every pss_interval_s and at each step's ends), summed RSS beside it"
        ),
    }
    if run["side_by_side"] is not None:
        run["side_by_side"]["stage_vs_plain"] = stage_vs_plain(run)
    run["targets"] = targets(run)
    return run


class _Steps:
    """Marks, windows and figures of each step."""

    def __init__(self, sampler: TreeSampler, log: Log) -> None:
        self.sampler = sampler
        self.log = log
        self.steps: dict[str, dict[str, Any]] = {}

    @contextmanager
    def step(self, name: str, *, in_total: bool = True) -> Iterator[dict[str, Any]]:
        """Measure the block as step `name`; the block fills in the yielded dict."""
        self.log(f"{name}…")
        figures: dict[str, Any] = {}
        start = self.sampler.mark()
        yield figures
        end = self.sampler.mark()
        window = self.sampler.window(start, end)
        # the yielded dict becomes the step's record: figures added after the block stay in it
        recorded = {"in_total": in_total, **window.as_dict(), **figures}
        figures.clear()
        figures.update(recorded)
        self.steps[name] = figures
        self.log(f"{name}: {window.wall_s:.2f} s wall, {window.cpu_s:.2f} s CPU")

    def rate(self, name: str, count: int, unit: str) -> None:
        step = self.steps[name]
        step["throughput"] = {"value": round(count / step["wall_s"], 2), "unit": unit}


def _cycle(
    bench: _Steps,
    schools: int,
    *,
    url: str,
    work_dir: Path,
    packets: bool,
    side_by_side: bool,
    engine_time_limit: float,
    dask: int | None = None,
    rerun: bool = True,
    one_core: bool = True,
) -> dict[str, Any]:
    from metodist.demo import generate, write_csv
    from metodist.memory import release_free_memory

    csv_dir, out_dir = work_dir / "region", work_dir / "out"
    with bench.step("generate", in_total=False):
        data = generate(seed=SEED, schools=schools, year=YEAR, as_of=AS_OF)
    region = {
        "schools": schools,
        "organizations": len(data["organizations"]),
        "teachers": len(data["teachers"]),
        "rows": sum(len(rows) for rows in data.values()),
    }
    teachers = region["teachers"]
    with bench.step("write csv", in_total=False):
        write_csv(data, csv_dir)
    del data
    release_free_memory()  # the generated region is not the product's memory: out of the peak

    from flows.api_process import start_early

    start_early()  # as `metodist demo` does: Prefect's API starts while the data are imported
    with bench.step("import") as fig:
        from metodist.db import init_db
        from metodist.importing import import_path

        init_db(url)
        report = import_path(csv_dir, url=url)
        fig["rows"] = report.rows_read
        fig["seconds"] = report.seconds
    bench.rate("import", teachers, "teachers/s")

    with bench.step("prefect import"):
        import prefect  # noqa: F401
    with bench.step("code"):
        import flows.yearly_cycle  # noqa: F401 - every flow and stage service
        from flows.environment import prefect_api, quiet_output
        from flows.review_step import AUTO_REVIEWER
        from flows.runner import run_stage
        from metodist.review import review

    overhead = 0.0
    sbs: dict[str, Any] | None = None
    with ExitStack() as session:
        with bench.step("prefect api start") as fig:
            session.enter_context(quiet_output(True))
            api = session.enter_context(prefect_api())
            fig.update(
                embedded=api.embedded,
                startup_s=round(api.startup_s, 3),
                ready_after_s=round(api.ready_after_s, 3),  # from its launch before import
                migrated=api.migrated,
            )
        address: str | None = None
        if dask:
            with bench.step("dask start") as fig:
                address = session.enter_context(local_dask(dask, bench.sampler))
                fig["workers"] = dask

        def run(stage: str, *, threads: bool = False) -> Any:
            on_dask = address if stage in DASK_STAGES and not threads else None
            return run_stage(
                stage,
                year=YEAR,
                as_of=AS_OF,
                database_url=url,
                out_dir=out_dir,
                quiet=True,
                dask_address=on_dask,
            )

        packets_outcome = None
        for stage in STAGES:
            if stage == "packets" and not packets:
                continue
            with bench.step(stage) as fig:
                outcome = run(stage)
                fig.update(
                    run_id=outcome.run_id,
                    chunks=outcome.chunks,
                    flow_s=outcome.duration_s,
                    work_s=outcome.work_s,
                    summary=_scalars(outcome.summary),
                )
            if stage == "packets":
                packets_outcome = outcome
                bench.rate(stage, int(outcome.summary.get("packets", 0)), "packets/s")
                fig.update(packet_figures(fig, outcome.summary))
            else:
                bench.rate(stage, teachers, "teachers/s")
            if stage == "recommendations":
                with bench.step("approve") as fig:
                    fig["approved"] = review(
                        url,
                        decision="approved",
                        all_=True,
                        year=YEAR,
                        reviewer=AUTO_REVIEWER,
                        comment="approved without review: the region benchmark",
                    )
                bench.rate("approve", fig["approved"], "recs/s")
        if side_by_side:
            with bench.step("rules side by side", in_total=False) as fig:
                sbs = _side_by_side(url, engine_time_limit)
        if rerun and packets_outcome is not None:
            rerun_after_decision(
                bench,
                url=url,
                year=YEAR,
                out_dir=out_dir,
                packets=packets_outcome,
                run=lambda: run("packets"),
            )
        # last: a new recommendations run, nothing rendered after it; in this process
        # (a Dask worker would not see METODIST_RULE_WORKERS, and works on one core anyway)
        if one_core:
            recommendations_on_one_core(
                bench, url=url, year=YEAR, run=lambda: run("recommendations", threads=True)
            )
        stop_start = bench.sampler.mark()
        session.close()  # drain Prefect's workers, stop the API
        stop = bench.sampler.window(stop_start, bench.sampler.mark())
    bench.log(f"prefect api stop: {stop.wall_s:.2f} s")
    bench.steps["prefect api stop"] = {"in_total": True, **stop.as_dict()}

    for name, step in bench.steps.items():
        if name in PREFECT_STEPS:
            step["prefect_overhead_s"] = step["wall_s"]
        elif step.get("work_s") is not None:
            step["prefect_overhead_s"] = round(max(0.0, step["wall_s"] - step["work_s"]), 3)
        if step["in_total"]:
            overhead += step.get("prefect_overhead_s", 0.0)

    in_total = [s for s in bench.steps.values() if s["in_total"]]
    totals = {
        "wall_s": round(sum(s["wall_s"] for s in in_total), 3),
        "cpu_s": round(sum(s["cpu_s"] for s in in_total), 3),
        "peak_rss_mb": round(max(s["peak_rss_mb"] for s in in_total), 1),
        "peak_pss_mb": peak(s.get("peak_pss_mb") for s in in_total),
        "prefect_overhead_s": round(overhead, 3),
        "api_cpu_s": round(sum(s["cpu_by_role_s"]["api"] for s in in_total), 3),
    }
    startup = [s for n, s in bench.steps.items() if n in ONE_TIME]
    totals["without_startup"] = {
        "wall_s": round(totals["wall_s"] - sum(s["wall_s"] for s in startup), 3),
        "cpu_s": round(totals["cpu_s"] - sum(s["cpu_s"] for s in startup), 3),
    }
    totals["api_cpu_share"] = round(totals["api_cpu_s"] / totals["cpu_s"], 4)
    own = sum(bench.steps[n]["cpu_by_role_s"]["main"] for n in PREFECT_STEPS if n in bench.steps)
    totals["prefect_cpu_s"] = round(totals["api_cpu_s"] + own, 3)
    totals["prefect_cpu_share"] = round(totals["prefect_cpu_s"] / totals["cpu_s"], 4)
    totals["prefect_overhead_share"] = round(overhead / totals["wall_s"], 4)
    totals["teachers_per_s"] = round(teachers / totals["wall_s"], 2)
    # issue 17: Prefect's share of everything but the PDFs
    pdf = bench.steps.get("packets")
    non_pdf_wall = totals["wall_s"] - (pdf["wall_s"] if pdf else 0.0)
    non_pdf_overhead = overhead - (pdf.get("prefect_overhead_s", 0.0) if pdf else 0.0)
    totals["non_pdf_wall_s"] = round(non_pdf_wall, 3)
    totals["prefect_share_non_pdf"] = (
        round(non_pdf_overhead / non_pdf_wall, 4) if non_pdf_wall > 0 else None
    )
    return {"region": region, "steps": bench.steps, "totals": totals, "side_by_side": sbs}


def _side_by_side(url: str, engine_time_limit: float) -> dict[str, Any]:
    """bench.rules_bench's comparison, or the error it gave (the benchmark goes on)."""
    try:
        from bench.rules_bench import side_by_side

        result = dict(
            side_by_side(url, year=YEAR, as_of=AS_OF, engine_time_limit=engine_time_limit)
        )
    except Exception as exc:
        return {"error": f"{type(exc).__name__}: {exc}"}
    result.setdefault("product_vs_plain", product_vs_plain(result))
    return result


def stage_vs_plain(run: dict[str, Any]) -> float | None:
    """The cycle's whole recommendations stage (database, Prefect) over plain Python, in CPU."""
    plain = ((run.get("side_by_side") or {}).get("plain") or {}).get("cpu_s")
    stage = run["steps"].get("recommendations", {}).get("cpu_s")
    return round(stage / plain, 1) if plain and stage else None


def product_vs_plain(result: dict[str, Any]) -> float | None:
    """(a)/(c): the product's rules stage over plain Python, as the comparison reports it."""
    for key in ("ratio_a_c", "a_over_c", "product_over_plain", "ratio"):
        value = result.get(key)
        if isinstance(value, int | float):
            return float(value)
    return None


def _scalars(summary: dict[str, Any]) -> dict[str, Any]:
    """A stage summary without its lists and tables (the JSON stays readable)."""
    return {k: v for k, v in summary.items() if isinstance(v, str | int | float | bool | None)}


def _parse_sizes(text: str) -> list[int]:
    sizes = [int(part) for part in text.split(",") if part.strip()]
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("expected school counts such as 10,100,1000")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--schools", type=int, default=1000, help="schools in the region")
    parser.add_argument(
        "--scaling", type=_parse_sizes, help="run at each size (e.g. 10,100,1000) and fit"
    )
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--database-url", help="an existing, empty database to use instead")
    parser.add_argument("--no-side-by-side", action="store_true", help="skip the rules comparison")
    parser.add_argument("--no-packets", action="store_true", help="skip the PDFs")
    parser.add_argument("--engine-time-limit", type=float, default=60.0)
    parser.add_argument("--json", type=Path, help="where the figures go")
    parser.add_argument("--work-dir", type=Path, help="keep the database, CSV and PDFs here")
    parser.add_argument("--interval", type=float, default=0.5, help="sampling period, seconds")
    parser.add_argument(
        "--pss-interval", type=float, default=5.0, help="PSS sampling period, seconds"
    )
    parser.add_argument(
        "--dask",
        type=int,
        metavar="N",
        help="recommendations and packets on a local Dask cluster of N single-threaded workers",
    )
    parser.add_argument(
        "--no-rerun", action="store_true", help="skip the re-run of packets after a decision"
    )
    parser.add_argument(
        "--no-one-core", action="store_true", help="skip the recommendations stage on one core"
    )
    args = parser.parse_args(argv)

    sizes = args.scaling or [args.schools]
    if len(sizes) > 1:
        return _scaling(sizes, args, argv if argv is not None else sys.argv[1:])
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    label = "-".join(map(str, sizes))
    path = args.json or ROOT / "out" / "bench" / f"region-{label}-{stamp}.json"
    console = Console(width=None if sys.stdout.isatty() else 160)
    schools = sizes[0]
    with ExitStack() as stack:
        if args.work_dir:
            work = args.work_dir / str(schools)
            work.mkdir(parents=True, exist_ok=True)
        else:
            work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="metodist-region-")))
        run = run_region(
            schools,
            work_dir=work,
            backend=args.backend,
            database_url=args.database_url,
            packets=not args.no_packets,
            side_by_side=not args.no_side_by_side,
            engine_time_limit=args.engine_time_limit,
            interval=args.interval,
            pss_interval=args.pss_interval,
            dask=args.dask,
            rerun=not args.no_rerun,
            one_core=not args.no_one_core,
            log=lambda line: console.print(
                f"[dim]{datetime.now():%H:%M:%S}[/] {line}", highlight=False
            ),
        )
    print_run(run, console)
    _write(path, [run], None)
    console.print(f"Figures in [bold]{path}[/]")
    return 0


def _scaling(sizes: list[int], args: argparse.Namespace, argv: list[str]) -> int:
    """Each size in a fresh process (imports, API start and memory its own), then the fit."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    label = "-".join(map(str, sizes))
    path = args.json or ROOT / "out" / "bench" / f"region-{label}-{stamp}.json"
    console = Console(width=None if sys.stdout.isatty() else 160)
    rest = _without(argv, "--scaling", "--schools", "--json")
    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="metodist-region-json-") as tmp:
        for schools in sizes:
            out = Path(tmp) / f"{schools}.json"
            cmd = [sys.executable, __file__, "--schools", str(schools), "--json", str(out), *rest]
            if subprocess.run(cmd, check=False).returncode != 0 or not out.exists():
                console.print(f"[red]the run of {schools} schools failed; the fit leaves it out[/]")
                continue
            runs += json.loads(out.read_text())["runs"]
            _write(path, runs, None)
    fit = scaling(runs) if len({r["region"]["teachers"] for r in runs}) > 1 else None
    if fit:
        print_scaling(fit, console)
    _write(path, runs, fit)
    console.print(f"Figures in [bold]{path}[/]")
    return 0 if len(runs) == len(sizes) else 1


def _without(argv: list[str], *options: str) -> list[str]:
    """`argv` without `options` and their values (either `--opt value` or `--opt=value`)."""
    out: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in options:
            skip = True
        elif not arg.startswith(tuple(f"{o}=" for o in options)):
            out.append(arg)
    return out


def _write(path: Path, runs: list[dict[str, Any]], fit: dict[str, Any] | None) -> None:
    """The JSON after every run, so a long scaling run leaves figures if stopped."""
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {"benchmark": "region", "runs": runs, "scaling": fit}
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False, default=str) + "\n")


if __name__ == "__main__":
    raise SystemExit(main())
