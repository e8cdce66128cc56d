"""What the region benchmark prints and judges: the table, the targets, the scaling fit."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.region_probe import ROLES

#: issue 17's targets for the 40,000-teacher region on a 2-core machine, every PDF included
TARGET_TOTAL_S = 900.0
TARGET_PEAK_MB = 2048.0
TARGET_RULES_VS_PLAIN = 20.0
#: Prefect's share of the total without the PDFs
TARGET_PREFECT_SHARE = 0.05
TARGET_RERUN_S = 30.0


def fit_exponent(sizes: Sequence[float], seconds: Sequence[float]) -> tuple[float, float]:
    """Least squares of log(seconds) = k·log(size) + c; returns (k, e^c).

    k = 1 is linear growth. Needs two distinct sizes and positive values.
    """
    points = [(math.log(x), math.log(y)) for x, y in zip(sizes, seconds, strict=True)]
    if len({x for x, _ in points}) < 2:
        raise ValueError("an exponent needs at least two different sizes")
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    k = sum((x - mx) * (y - my) for x, y in points) / sum((x - mx) ** 2 for x, _ in points)
    return k, math.exp(my - k * mx)


def packet_figures(step: dict[str, Any], summary: dict[str, Any]) -> dict[str, Any]:
    """CPU per packet and per page of the packets step, pages per packet, rendered and kept."""
    packets, pages = summary.get("packets") or 0, summary.get("pages") or 0
    cpu = step["cpu_s"]
    return {
        "packets": packets,
        "reports": summary.get("reports"),
        "pages": pages,
        "pages_per_packet": summary.get("pages_per_packet"),
        "cpu_per_packet_s": round(cpu / packets, 3) if packets else None,
        "cpu_per_page_s": round(cpu / pages, 4) if pages else None,
        "render_cpu_per_packet_s": summary.get("cpu_seconds_per_packet"),
        "rendered": summary.get("rendered"),  # None before the packets keep unchanged documents
        "kept": summary.get("kept"),
        "render_workers": summary.get("render_workers"),
    }


def peak(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(max(known), 1) if known else None


def targets(run: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Issue 17's targets against this run (they are meant for 1,000 schools)."""
    total = run["totals"]
    rerun = run["steps"].get("re-run after a decision")
    out: dict[str, dict[str, Any]] = {
        "total_s": _target(total["wall_s"], "<", TARGET_TOTAL_S),
        "peak_pss_mb": _target(total.get("peak_pss_mb"), "<", TARGET_PEAK_MB),
        "prefect_share_non_pdf": _target(
            total.get("prefect_share_non_pdf"), "<", TARGET_PREFECT_SHARE
        ),
        "rerun_s": _target(rerun["wall_s"] if rerun else None, "<", TARGET_RERUN_S),
    }
    if rerun:
        out["rerun_s"]["note"] = f"{rerun.get('unexpected', 0)} other files changed"
    ratio = (run.get("side_by_side") or {}).get("product_vs_plain")
    out["rules_vs_plain"] = _target(ratio, "<", TARGET_RULES_VS_PLAIN)
    if not run["config"]["packets"]:
        out["total_s"]["note"] = "packets not run: the total leaves out every PDF"
    return out


def _target(value: float | None, op: str, limit: float) -> dict[str, Any]:
    if value is None:
        return {"value": None, "op": op, "limit": limit, "met": None}
    met = value < limit if op == "<" else value <= limit
    return {"value": round(value, 3), "op": op, "limit": limit, "met": met}


def print_run(run: dict[str, Any], console: Console) -> None:
    cfg, region = run["config"], run["region"]
    machine = run["machine"]
    title = (
        f"Region of {cfg['schools']} schools: {region['organizations']} organizations, "
        f"{region['teachers']} teachers — {cfg['backend']}, "
        f"{machine['cpu_count']} CPUs, load {machine['load_start'][0]:.2f}→"
        f"{machine['load_end'][0]:.2f}"
    )
    table = Table(title=title)
    for column in (
        "step",
        "wall s",
        "CPU s",
        "CPU main/api/work/dask/db",
        "PSS MB",
        "RSS MB",
        "rate",
        "Prefect s",
    ):
        table.add_column(column, justify="left" if column == "step" else "right", no_wrap=True)
    for name, step in run["steps"].items():
        roles = step["cpu_by_role_s"]
        cpu_roles = "/".join(f"{roles.get(r, 0.0):.1f}" for r in ROLES)
        rate = step.get("throughput")
        table.add_row(
            name + ("" if step.get("in_total", True) else " *"),
            f"{step['wall_s']:.2f}",
            f"{step['cpu_s']:.2f}",
            cpu_roles,
            _mb(step.get("peak_pss_mb")),
            f"{step['peak_rss_mb']:.0f}",
            f"{rate['value']:.1f} {rate['unit']}" if rate else "",
            f"{step['prefect_overhead_s']:.2f}" if "prefect_overhead_s" in step else "",
        )
    t = run["totals"]
    table.add_section()
    table.add_row(
        "total",
        f"{t['wall_s']:.2f}",
        f"{t['cpu_s']:.2f}",
        "",
        _mb(t.get("peak_pss_mb")),
        f"{t['peak_rss_mb']:.0f}",
        f"{t['teachers_per_s']:.1f} teachers/s",
        f"{t['prefect_overhead_s']:.2f} ({100 * t['prefect_overhead_share']:.1f}%)",
    )
    console.print(table)
    console.print(
        "  * not in the total (the benchmark's own data preparation or comparison). "
        f"Prefect's API used {t['api_cpu_s']:.1f} CPU s; Prefect at least "
        f"{t['prefect_cpu_s']:.1f} CPU s ({100 * t['prefect_cpu_share']:.0f}% of the CPU)."
    )
    print_headlines(run, console)
    sbs = run.get("side_by_side")
    if sbs is not None:
        if "error" in sbs:
            console.print(f"  rules side by side: [red]{sbs['error']}[/]")
        else:
            ratio, stage = sbs.get("product_vs_plain"), sbs.get("stage_vs_plain")
            console.print(
                "  rules side by side, CPU: (a) product's rule matching / (c) plain Python = "
                + (f"{ratio:.1f}×" if ratio is not None else "not reported")
                + (
                    f"; the cycle's whole recommendations stage / (c) = {stage:.0f}×"
                    if stage
                    else ""
                )
            )
    for name, target in run["targets"].items():
        met = {True: "[green]met[/]", False: "[red]not met[/]", None: "n/a"}[target["met"]]
        value = target["value"]
        shown = "—" if value is None else f"{value:g}"
        note = f" ({target['note']})" if "note" in target else ""
        console.print(
            f"  target {name}: {shown} {target.get('op', '')} {target['limit']:g}: {met}{note}"
        )


def _mb(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def _num(value: float | None, fmt: str = ".2f", unit: str = "") -> str:
    return "—" if value is None else f"{value:{fmt}}{unit}"


def print_headlines(run: dict[str, Any], console: Console) -> None:
    """The figures issue 17 asks for, one line each: packets, memory, Prefect, re-run, cores."""
    steps, t = run["steps"], run["totals"]
    p = steps.get("packets")
    if p:
        console.print(
            f"  packets: {_num(p.get('cpu_per_packet_s'))} CPU s a packet, "
            f"{_num(p.get('cpu_per_page_s'), '.3f')} a page, "
            f"{_num(p.get('pages_per_packet'), '.1f')} pages a packet; "
            f"rendered {_num(p.get('rendered'), 'd')}, kept {_num(p.get('kept'), 'd')}"
        )
    console.print(
        f"  peak memory of the process tree: PSS {_mb(t.get('peak_pss_mb'))} MB "
        f"(RSS summed {t['peak_rss_mb']:.0f} MB); Prefect's share of the non-PDF total "
        f"{_num(_pct(t.get('prefect_share_non_pdf')), '.1f', '%')}"
    )
    r = steps.get("re-run after a decision")
    if r:
        console.print(
            f"  re-run packets after one decision (org {r.get('org')}): {r['wall_s']:.2f} s, "
            f"rendered {_num(r.get('rendered'), 'd')}, kept {_num(r.get('kept'), 'd')}; "
            f"{r.get('untouched')} of {r.get('files')} files untouched, "
            f"{r.get('unexpected')} others changed; its packet rewritten: "
            f"{'yes' if r.get('org_packet_rewritten') else 'NO'}"
        )
    one = steps.get("recommendations on 1 core")
    if one:
        console.print(
            f"  recommendations: {_num(one.get('cycle_wall_s'))} s in the cycle, "
            f"{one['wall_s']:.2f} s on 1 core ({_num(one.get('one_core_over_cycle'), '.2f', '×')})"
            f"; undecided after it: {one.get('undecided_after')}"
        )
    cfg = run["config"]
    if cfg.get("dask_workers"):
        procs = dask_processes(run)
        extra = {n: c - cfg["dask_workers"] for n, c in procs.items() if c > cfg["dask_workers"]}
        console.print(
            f"  Dask: {cfg['dask_workers']} workers; their Python processes at most "
            + ", ".join(f"{n} {c}" for n, c in procs.items())
            + (
                f" — {extra}: processes started inside a worker (a pool?)"
                if extra
                else ": no pool inside a worker"
            )
        )


def dask_processes(run: dict[str, Any]) -> dict[str, int]:
    """Per Dask stage, the most Python processes seen under Dask (a pool inside a worker adds)."""
    return {
        name: run["steps"][name].get("peak_python_processes", {}).get("dask", 0)
        for name in ("recommendations", "packets", "re-run after a decision")
        if name in run["steps"]
    }


def _pct(share: float | None) -> float | None:
    return None if share is None else 100 * share


def scaling(runs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Exponents of wall and CPU time in the number of teachers, per step and for the total."""
    teachers = [r["region"]["teachers"] for r in runs]
    out: dict[str, Any] = {"teachers": teachers, "wall": {}, "cpu": {}}
    names = [n for n in runs[0]["steps"] if all(n in r["steps"] for r in runs)]
    series: dict[str, list[tuple[float, float]]] = {
        n: [(r["steps"][n]["wall_s"], r["steps"][n]["cpu_s"]) for r in runs] for n in names
    }
    series["total"] = [(r["totals"]["wall_s"], r["totals"]["cpu_s"]) for r in runs]
    series["total without start-up"] = [
        (r["totals"]["without_startup"]["wall_s"], r["totals"]["without_startup"]["cpu_s"])
        for r in runs
    ]
    for name, values in series.items():
        for i, kind in enumerate(("wall", "cpu")):
            ys = [v[i] for v in values]
            if min(ys) > 0 and len(set(teachers)) > 1:
                out[kind][name] = round(fit_exponent(teachers, ys)[0], 3)
    return out


def print_scaling(fit: dict[str, Any], console: Console) -> None:
    table = Table(title=f"Scaling over {fit['teachers']} teachers: time ∝ teachers^k")
    table.add_column("step")
    table.add_column("k (wall)", justify="right")
    table.add_column("k (CPU)", justify="right")
    for name, k in fit["wall"].items():
        cpu = fit["cpu"].get(name)
        table.add_row(name, f"{k:.2f}", "" if cpu is None else f"{cpu:.2f}")
    console.print(table)
