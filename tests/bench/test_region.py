"""The region benchmark: its figures are complete and consistent, its fit and probe are right.

The end-to-end test runs one school through every stage but packets, on a
Prefect test API (the session's): rendering even two schools'
packets and the seven reports takes ~40 CPU seconds, too long for the suite.
The probe test checks what packets need from it, the CPU of a grandchild.
"""

import json
import math
import subprocess
import sys
import types

import pytest

from bench.region import ONE_TIME, STAGES, main
from bench.region_probe import TreeSampler
from bench.region_report import fit_exponent, scaling
from metodist.stages.execute import covered_seconds

BURN = """
import time
end = time.process_time() + 0.5
while time.process_time() < end:
    pass
time.sleep(0.6)  # the sampler sees the final CPU before the process exits
print(time.process_time())
"""


def test_fit_exponent_recovers_a_power_law():
    sizes = [400, 4_000, 40_000]
    k, c = fit_exponent(sizes, [0.02 * x**1.0 for x in sizes])
    assert k == pytest.approx(1.0) and c == pytest.approx(0.02)
    k, c = fit_exponent(sizes, [3 * x**1.3 for x in sizes])
    assert k == pytest.approx(1.3) and c == pytest.approx(3)
    # points off a line: logs (0, 0), (1, 2), (3, 3) have the least squares slope 13/14
    k, _ = fit_exponent([1, math.e, math.e**3], [1, math.e**2, math.e**3])
    assert k == pytest.approx(13 / 14)
    with pytest.raises(ValueError):
        fit_exponent([100, 100], [1.0, 2.0])


def test_scaling_fits_each_step_and_the_total():
    def run(teachers: int) -> dict:
        steps = {
            "import": {"wall_s": 0.001 * teachers, "cpu_s": 0.001 * teachers},
            "rules": {"wall_s": 1e-6 * teachers**2, "cpu_s": 1e-6 * teachers**2},
        }
        variable = sum(s["wall_s"] for s in steps.values())
        total = variable + 20.0  # the start-up, the same at every size
        return {
            "region": {"teachers": teachers},
            "steps": steps,
            "totals": {
                "wall_s": total,
                "cpu_s": total,
                "without_startup": {"wall_s": variable, "cpu_s": variable},
            },
        }

    fit = scaling([run(400), run(4_000), run(40_000)])
    assert fit["teachers"] == [400, 4_000, 40_000]
    assert fit["wall"]["import"] == pytest.approx(1.0) and fit["cpu"]["rules"] == pytest.approx(2.0)
    assert 1.0 < fit["wall"]["total without start-up"] < 2.0
    assert fit["wall"]["total"] < fit["wall"]["total without start-up"]


def test_work_time_counts_overlapping_chunks_once():
    """A stage's `work_s`, from which the benchmark takes Prefect's share."""
    assert covered_seconds([(5.0, 6.0), (0.0, 2.0), (1.0, 3.0), (1.5, 2.5)]) == 4.0
    assert covered_seconds([(0.0, 1.0), (1.0, 2.0)]) == 2.0
    assert covered_seconds([]) == 0.0


def test_probe_counts_the_cpu_of_grandchildren():
    """Packets render in a forkserver pool: workers are grandchildren of the benchmark."""
    nested = f"import subprocess, sys; sys.stdout.write(subprocess.run([sys.executable, '-c', {BURN!r}], capture_output=True, text=True).stdout)"  # noqa: E501
    with TreeSampler(interval=0.05) as sampler:
        start = sampler.mark()
        out = subprocess.run([sys.executable, "-c", nested], capture_output=True, text=True)
        window = sampler.window(start, sampler.mark())
    burned = float(out.stdout)
    assert burned >= 0.5
    # the grandchild's CPU (and both interpreters' start), not this process's
    assert window.cpu_by_role["workers"] >= burned - 0.02
    assert window.cpu_by_role["main"] < burned
    assert window.peak_rss_by_role_mb["workers"] > 0
    assert window.cpu_s == pytest.approx(sum(window.cpu_by_role.values()))


@pytest.fixture(scope="module")
def prefect_api(prefect_harness: str) -> None:
    """The session's Prefect test API (tests/conftest.py): one start fewer in the suite."""


@pytest.mark.slow
def test_one_school_region_has_every_figure(prefect_api, tmp_path, monkeypatch):
    rules_bench = types.ModuleType("bench.rules_bench")
    calls: list[dict] = []

    def side_by_side(url, *, year, as_of, engine_time_limit):
        calls.append({"url": url, "year": year, "engine_time_limit": engine_time_limit})
        return {"ratio_a_c": 2.5, "plain": {"cpu_s": 0.01}}

    rules_bench.side_by_side = side_by_side  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "bench.rules_bench", rules_bench)
    path = tmp_path / "region.json"
    args = ["--schools", "1", "--no-packets", "--json", str(path), "--work-dir", str(tmp_path)]
    assert main([*args, "--engine-time-limit", "5"]) == 0

    doc = json.loads(path.read_text())
    assert doc["benchmark"] == "region" and doc["scaling"] is None
    (run,) = doc["runs"]
    steps, totals, region = run["steps"], run["totals"], run["region"]
    stages = [s for s in STAGES if s != "packets"]
    assert list(steps) == [
        "generate",
        "write csv",
        "import",
        "prefect import",
        "code",
        "prefect api start",
        *stages[:6],
        "approve",
        "rules side by side",
        "recommendations on 1 core",  # no re-run of packets: there are none
        "prefect api stop",
    ]
    assert region["schools"] == 1 and region["teachers"] > 0
    for name in ("import", *stages):
        step = steps[name]
        assert step["wall_s"] > 0 and step["cpu_s"] > 0 and step["peak_rss_mb"] > 0, name
        assert step["throughput"]["unit"] == "teachers/s", name
        assert step["throughput"]["value"] == pytest.approx(
            region["teachers"] / step["wall_s"], rel=0.01
        )
    for name in stages:
        step = steps[name]
        assert 0 < step["work_s"] <= step["flow_s"] <= step["wall_s"] + 0.01, name
        assert step["prefect_overhead_s"] == pytest.approx(
            step["wall_s"] - step["work_s"], abs=2e-3
        )
    assert steps["approve"]["approved"] > 0  # the packets would be final
    one_core = steps["recommendations on 1 core"]
    assert not one_core["in_total"] and one_core["run_id"] > steps["recommendations"]["run_id"]
    assert one_core["cycle_wall_s"] == steps["recommendations"]["wall_s"]
    assert one_core["undecided_after"] == 0  # the approvals carried over to the new run

    in_total = [s for s in steps.values() if s["in_total"]]
    assert not steps["generate"]["in_total"] and not steps["rules side by side"]["in_total"]
    assert totals["wall_s"] == pytest.approx(sum(s["wall_s"] for s in in_total), abs=0.01)
    assert totals["cpu_s"] == pytest.approx(sum(s["cpu_s"] for s in in_total), abs=0.01)
    assert totals["peak_rss_mb"] == max(s["peak_rss_mb"] for s in in_total)
    assert 0 < totals["peak_pss_mb"] <= totals["peak_rss_mb"]
    assert totals["peak_pss_mb"] == max(s["peak_pss_mb"] for s in in_total)
    assert totals["prefect_share_non_pdf"] == pytest.approx(totals["prefect_overhead_share"])
    overhead = sum(s.get("prefect_overhead_s", 0) for s in in_total)
    assert totals["prefect_overhead_s"] == pytest.approx(overhead, abs=0.01)
    assert 0 < totals["prefect_overhead_share"] < 1
    startup = sum(steps[n]["wall_s"] for n in ONE_TIME if n in steps)  # no Dask here
    assert totals["without_startup"]["wall_s"] == pytest.approx(
        totals["wall_s"] - startup, abs=0.01
    )
    # the test API is Prefect's, a subprocess: its CPU is counted, and apart
    assert totals["api_cpu_s"] > 0
    assert totals["api_cpu_s"] <= totals["prefect_cpu_s"] <= totals["cpu_s"]

    assert run["side_by_side"]["product_vs_plain"] == 2.5
    stage_cpu = steps["recommendations"]["cpu_s"]
    assert run["side_by_side"]["stage_vs_plain"] == pytest.approx(stage_cpu / 0.01, abs=0.1)
    assert calls == [{"url": calls[0]["url"], "year": 2026, "engine_time_limit": 5.0}]
    assert run["targets"]["rules_vs_plain"]["met"] is True
    assert run["targets"]["total_s"]["note"].startswith("packets not run")
    machine = run["machine"]
    assert machine["cpu_count"] >= 1 and len(machine["load_start"]) == 3
    assert run["config"]["backend"] == "sqlite"


def test_a_failing_comparison_is_recorded_not_raised(monkeypatch):
    rules_bench = types.ModuleType("bench.rules_bench")

    def side_by_side(url, **kwargs):
        raise RuntimeError("no planning results")

    rules_bench.side_by_side = side_by_side  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "bench.rules_bench", rules_bench)
    from bench.region import _side_by_side

    assert _side_by_side("sqlite://", 1.0) == {"error": "RuntimeError: no planning results"}
