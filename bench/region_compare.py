"""Two region benchmark runs side by side: every figure before and after, and the change.

    uv run python bench/region_compare.py before.json after.json
    uv run python bench/region_compare.py before.json after.json --schools 1000

Each file is a `bench/region.py` JSON; of its runs the one of `--schools`
(default: the last) is taken. Figures an older benchmark did not record
(peak PSS, the re-run, the run on one core) show as «—»; those that can be
derived from what it did record (CPU per packet from the packets step and
its summary, Prefect's share without the PDFs from the steps) are derived
the same way for both files.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from bench.region_probe import ROLES  # noqa: E402

Run = dict[str, Any]
Figure = tuple[str, Callable[[Run], float | None], str]  # label, value, format
RERUN = "re-run after a decision"
ONE_CORE = "recommendations on 1 core"


def _get(run: Run, *keys: str) -> Any:
    value: Any = run
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _step(name: str, *keys: str) -> Callable[[Run], Any]:
    return lambda run: _get(run, "steps", name, *keys)


def packets_figure(run: Run, key: str) -> float | None:
    """CPU per packet / per page, pages per packet: recorded, else from the step's summary."""
    step = _get(run, "steps", "packets")
    if not step:
        return None
    if step.get(key) is not None:
        return float(step[key])
    summary = step.get("summary") or {}
    packets, pages = summary.get("packets"), summary.get("pages")
    if key == "cpu_per_packet_s" and packets:
        return float(step["cpu_s"]) / packets
    if key == "cpu_per_page_s" and pages:
        return float(step["cpu_s"]) / pages
    if key == "pages_per_packet":
        return summary.get("pages_per_packet")
    return None


def prefect_share_non_pdf(run: Run) -> float | None:
    """Prefect's overhead over the total's wall time, both without the packets step."""
    steps = [s for n, s in run["steps"].items() if s.get("in_total", True) and n != "packets"]
    wall = sum(s["wall_s"] for s in steps)
    overhead = sum(s.get("prefect_overhead_s", 0.0) for s in steps)
    return overhead / wall if wall else None


def rules_ratio(run: Run) -> float | None:
    return _get(run, "side_by_side", "product_vs_plain")


def figures() -> list[Figure]:
    """Every figure of issue 17, in the order of the table."""
    out: list[Figure] = [
        ("total wall s", lambda r: _get(r, "totals", "wall_s"), ".1f"),
        ("total CPU s", lambda r: _get(r, "totals", "cpu_s"), ".1f"),
        ("total wall s without PDFs", _non_pdf_wall, ".1f"),
        ("peak PSS MB", lambda r: _get(r, "totals", "peak_pss_mb"), ".0f"),
        ("peak RSS summed MB", lambda r: _get(r, "totals", "peak_rss_mb"), ".0f"),
        ("Prefect share of total", lambda r: _get(r, "totals", "prefect_overhead_share"), ".1%"),
        ("Prefect share without PDFs", prefect_share_non_pdf, ".1%"),
        ("Prefect CPU s", lambda r: _get(r, "totals", "prefect_cpu_s"), ".1f"),
        ("rules: product / plain Python", rules_ratio, ".1f"),
        ("packets: CPU s a packet", lambda r: packets_figure(r, "cpu_per_packet_s"), ".2f"),
        ("packets: CPU s a page", lambda r: packets_figure(r, "cpu_per_page_s"), ".3f"),
        ("packets: pages a packet", lambda r: packets_figure(r, "pages_per_packet"), ".1f"),
        ("packets: rendered", _step("packets", "rendered"), "d"),
        ("packets: kept", _step("packets", "kept"), "d"),
    ]
    out += [
        ("re-run after a decision: wall s", _step(RERUN, "wall_s"), ".2f"),
        ("re-run: rendered", _step(RERUN, "rendered"), "d"),
        ("re-run: kept", _step(RERUN, "kept"), "d"),
        ("re-run: files untouched", _step(RERUN, "untouched"), "d"),
        ("re-run: other files changed", _step(RERUN, "unexpected"), "d"),
        ("recommendations on 1 core: wall s", _step(ONE_CORE, "wall_s"), ".2f"),
        ("1 core / cycle's recommendations", _step(ONE_CORE, "one_core_over_cycle"), ".2f"),
    ]
    return out


def stage_names(a: Run, b: Run) -> list[str]:
    """The steps of the total (stages, import, approve, Prefect's) of either run, in run order."""
    names = [n for n in a["steps"] if n in b["steps"]]
    names += [n for n in b["steps"] if n not in names]
    names += [n for n in a["steps"] if n not in names]
    return [
        n for n in names if (a["steps"].get(n) or b["steps"].get(n) or {}).get("in_total", True)
    ]


def stage_table(a: Run, b: Run) -> Table:
    """Per step: wall and CPU of A and B, the CPU by part of the process tree, teachers/s."""
    t = Table(title="Per step (A → B)")
    t.add_column("step", no_wrap=True)
    for column in ("wall A", "wall B", "×", "CPU A", "CPU B", "×"):
        t.add_column(column, justify="right", no_wrap=True)
    t.add_column("CPU " + "/".join(ROLES) + " A → B", justify="right", no_wrap=True)
    t.add_column("teachers/s A → B", justify="right", no_wrap=True)
    for name in stage_names(a, b):
        wall = [_step(name, "wall_s")(r) for r in (a, b)]
        cpu = [_step(name, "cpu_s")(r) for r in (a, b)]
        roles = [_roles(r, name) for r in (a, b)]
        rate = [_throughput(name)(r) for r in (a, b)]
        t.add_row(
            name,
            show(wall[0], ".2f"),
            show(wall[1], ".2f"),
            change(wall[0], wall[1], ".2f"),
            show(cpu[0], ".2f"),
            show(cpu[1], ".2f"),
            change(cpu[0], cpu[1], ".2f"),
            f"{roles[0]} → {roles[1]}",
            f"{show(rate[0], '.0f')} → {show(rate[1], '.0f')}",
        )
    return t


def _roles(run: Run, name: str) -> str:
    by_role = _get(run, "steps", name, "cpu_by_role_s")
    if not by_role:
        return "—"
    return "/".join(show(by_role.get(role), ".1f") for role in ROLES)


def _non_pdf_wall(run: Run) -> float | None:
    total = _get(run, "totals", "wall_s")
    packets = _get(run, "steps", "packets", "wall_s") or 0.0
    return None if total is None else total - packets


def _throughput(name: str) -> Callable[[Run], float | None]:
    def value(run: Run) -> float | None:
        rate = _get(run, "steps", name, "throughput")
        return rate["value"] if rate and rate.get("unit") == "teachers/s" else None

    return value


def show(value: float | None, fmt: str) -> str:
    if value is None:
        return "—"
    if fmt == "d":
        return f"{int(value):,}".replace(",", " ")
    return f"{value:{fmt}}"


def change(a: float | None, b: float | None, fmt: str) -> str:
    """B against A: a ratio for amounts, a difference in points for shares."""
    if a is None or b is None:
        return "—"
    if fmt.endswith("%"):
        return f"{100 * (b - a):+.1f} pt"
    if a == 0:
        return "—" if b == 0 else "new"
    return f"{b / a:.2f}×"


def pick(doc: dict[str, Any], schools: int | None, path: Path) -> Run:
    runs = doc.get("runs") or []
    if schools is not None:
        runs = [r for r in runs if _get(r, "config", "schools") == schools]
    if not runs:
        raise SystemExit(f"{path}: no run" + (f" of {schools} schools" if schools else ""))
    return runs[-1]


def table(a: Run, b: Run, labels: tuple[str, str]) -> Table:
    t = Table(title=f"Region benchmark: {labels[0]} → {labels[1]}")
    for column in ("figure", "A", "B", "B / A"):
        t.add_column(column, justify="left" if column == "figure" else "right", no_wrap=True)
    for label, value, fmt in figures():
        va, vb = value(a), value(b)
        if va is None and vb is None:
            continue
        t.add_row(label, show(va, fmt), show(vb, fmt), change(va, vb, fmt))
    return t


def _describe(run: Run, path: Path) -> str:
    cfg, machine = run.get("config", {}), run.get("machine", {})
    return (
        f"{path.name} ({cfg.get('schools')} schools, {cfg.get('backend')}, "
        f"commit {machine.get('commit')}, load {(machine.get('load_start') or ['?'])[0]})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--schools", type=int, help="the run of this size in each file")
    args = parser.parse_args(argv)
    runs = []
    for path in (args.before, args.after):
        try:
            doc = json.loads(path.read_text())
        except (OSError, json.JSONDecodeError) as exc:
            raise SystemExit(f"{path}: not a benchmark JSON ({exc})") from None
        runs.append(pick(doc, args.schools, path))
    console = Console(width=None if sys.stdout.isatty() else 160)
    labels = (_describe(runs[0], args.before), _describe(runs[1], args.after))
    console.print(f"A = {labels[0]}\nB = {labels[1]}")
    sizes = {_get(run, "config", "schools") for run in runs}
    if len(sizes) > 1:
        console.print(f"[yellow]the runs are of different regions ({sorted(sizes)} schools)[/]")
    console.print(table(runs[0], runs[1], (args.before.name, args.after.name)))
    console.print(stage_table(runs[0], runs[1]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
