"""The region benchmark's re-run check, its one-core setting and its comparison of two runs."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.region_after import (
    RULE_WORKERS_ENV,
    compare_files,
    files_of,
    fingerprints,
    rule_workers,
)
from bench.region_compare import figures, main, packets_figure, prefect_share_non_pdf


def test_the_rerun_check_tells_untouched_rewritten_and_unexpected_files(tmp_path):
    (tmp_path / "packets").mkdir()
    for name in ("a", "b", "c", "d"):
        (tmp_path / "packets" / f"{name}.pdf").write_bytes(name.encode())
    before = fingerprints(tmp_path)
    time.sleep(0.01)
    (tmp_path / "packets" / "a.pdf").write_bytes(b"a, rejected")  # the organization's packet
    (tmp_path / "packets" / "b.pdf").write_bytes(b"b")  # same bytes, written again
    (tmp_path / "packets" / "d.pdf").unlink()
    (tmp_path / "packets" / "e.pdf").write_bytes(b"e")
    after = fingerprints(tmp_path)

    result = compare_files(before, after, expected={"packets/a.pdf"})
    assert result["files"] == 4 and result["untouched"] == 1  # c only
    assert result["rewritten"] == ["packets/a.pdf", "packets/b.pdf"]
    assert result["rewritten_same_bytes"] == ["packets/b.pdf"]
    assert result["new"] == ["packets/e.pdf"] and result["gone"] == ["packets/d.pdf"]
    assert result["unexpected"] == ["packets/b.pdf", "packets/d.pdf", "packets/e.pdf"]
    assert compare_files(before, before, expected=set())["unexpected"] == []


def test_the_files_an_organization_may_change_are_its_own_and_the_reports(tmp_path):
    summary = {
        "files": [
            {"path": str(tmp_path / "packets" / "A.pdf"), "org": "A"},
            {"path": str(tmp_path / "routes" / "A.pdf"), "org": "A"},
            {"path": str(tmp_path / "packets" / "B.pdf"), "org": "B"},
            {"path": str(tmp_path / "reports" / "01.pdf"), "org": None},
        ]
    }
    assert files_of(summary, tmp_path, "A") == {"packets/A.pdf", "routes/A.pdf"}
    assert files_of(summary, tmp_path, None) == {"reports/01.pdf"}
    assert files_of({}, tmp_path, "A") == set()


def test_one_core_sets_the_rule_workers_for_the_block_only(monkeypatch):
    from metodist import config

    monkeypatch.delenv(RULE_WORKERS_ENV, raising=False)
    with rule_workers(1):
        assert os.environ[RULE_WORKERS_ENV] == "1"
        if "rule_workers" in config.Settings.model_fields:  # the setting may land later
            assert config.get_settings().rule_workers == 1
    assert RULE_WORKERS_ENV not in os.environ


def _run(**changes) -> dict:
    steps = {
        "import": {"in_total": True, "wall_s": 10.0, "cpu_s": 8.0, "prefect_overhead_s": 0.0},
        "needs": {"in_total": True, "wall_s": 10.0, "cpu_s": 9.0, "prefect_overhead_s": 1.0},
        "packets": {
            "in_total": True,
            "wall_s": 100.0,
            "cpu_s": 180.0,
            "prefect_overhead_s": 5.0,
            "summary": {"packets": 60, "pages": 900, "pages_per_packet": 14.0},
        },
    }
    totals = {"wall_s": 120.0, "cpu_s": 197.0, "peak_rss_mb": 3000.0}
    run = {"config": {"schools": 10}, "machine": {}, "steps": steps, "totals": totals}
    run.update(changes)
    return run


def test_the_comparison_derives_what_an_older_run_did_not_record(tmp_path, capsys):
    old = _run()
    assert packets_figure(old, "cpu_per_packet_s") == 3.0
    assert packets_figure(old, "cpu_per_page_s") == pytest.approx(0.2)
    assert packets_figure(old, "pages_per_packet") == 14.0
    assert prefect_share_non_pdf(old) == pytest.approx(1.0 / 20.0)
    new = _run()
    new["steps"]["packets"]["cpu_per_packet_s"] = 1.5  # recorded: taken as it is
    new["totals"]["peak_pss_mb"] = 1200.0
    new["steps"]["re-run after a decision"] = {"in_total": False, "wall_s": 4.0, "kept": 59}
    values = {label: (value(old), value(new)) for label, value, _ in figures()}
    assert values["packets: CPU s a packet"] == (3.0, 1.5)
    assert values["peak PSS MB"] == (None, 1200.0)
    assert values["re-run: kept"] == (None, 59)

    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps({"benchmark": "region", "runs": [old]}))
    b.write_text(json.dumps({"benchmark": "region", "runs": [new]}))
    assert main([str(a), str(b)]) == 0
    out = capsys.readouterr().out
    peak = next(line for line in out.splitlines() if "peak PSS MB" in line)
    assert "—" in peak and "1200" in peak
    assert "0.50×" in next(line for line in out.splitlines() if "CPU s a packet" in line)
    with pytest.raises(SystemExit, match="no run of 99 schools"):
        main([str(a), str(b), "--schools", "99"])


#: a process that starts a child after a while (the benchmark pins a Dask worker once it runs)
CHILD = "import subprocess, sys, time; time.sleep(0.3); p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(3)']); time.sleep(3); p.wait()"  # noqa: E501


def test_probe_reads_pss_and_counts_a_pinned_process_and_its_children():
    """PSS beside RSS; a Dask worker's children count as Dask's (a pool inside a worker)."""
    # in a fresh process: pools an earlier test of this one left winding down count as workers
    script = f"""
import json, subprocess, sys, time
from bench.region_probe import TreeSampler
with TreeSampler(interval=0.05, pss_interval=0.1) as sampler:
    start = sampler.mark()
    proc = subprocess.Popen([sys.executable, "-c", {CHILD!r}])
    sampler.pin_role([proc.pid], "dask")
    time.sleep(1.0)
    window = sampler.window(start, sampler.mark())
    proc.wait()
print(json.dumps([window.peak_python_processes, window.peak_pss_mb, window.peak_rss_mb,
                  window.peak_pss_by_role_mb, sampler.pss_samples]))
"""
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=root
    )
    processes, pss, rss, pss_by_role, samples = json.loads(done.stdout.splitlines()[-1])
    assert processes["dask"] == 2 and processes["workers"] == 0
    assert pss is not None and 0 < pss <= rss
    assert pss_by_role is not None and pss_by_role["dask"] > 0
    assert samples >= 3
