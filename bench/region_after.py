"""The region benchmark's steps after the cycle, and its Dask cluster.

- «re-run packets after one organization's decision»: one recommendation of
  one organization rejected (`metodist.review.review`, as `metodist review
  reject ID` does), the packets stage run again as the cycle ran it; every
  file of the output folder is fingerprinted before and after (bytes and
  st_mtime_ns), so the step shows which files the re-run rewrote: that
  organization's packet and route, the centre's reports it feeds, nothing else.
- «recommendations on 1 core»: the stage again with METODIST_RULE_WORKERS=1,
  beside the cycle's run on every core. It writes a new recommendations
  run; the reviewers' decisions carry over to it (`stages/decisions.py`),
  and the step records how many are left undecided, so the packets on disk
  stay true to the database. It runs last, and nothing is rendered after it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.region_probe import TreeSampler

#: the setting the recommendations stage reads for its process count (`Settings.rule_workers`)
RULE_WORKERS_ENV = "METODIST_RULE_WORKERS"
REVIEWER = "region benchmark"

Fingerprint = tuple[str, int]  # sha256 of the bytes, st_mtime_ns


def fingerprints(folder: Path) -> dict[str, Fingerprint]:
    """Every file under `folder` (relative path → its content hash and modification time)."""
    out: dict[str, Fingerprint] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            out[str(path.relative_to(folder))] = (digest, path.stat().st_mtime_ns)
    return out


def compare_files(
    before: dict[str, Fingerprint], after: dict[str, Fingerprint], *, expected: set[str]
) -> dict[str, Any]:
    """What a re-run did to the files: untouched, rewritten, new, gone; and the unexpected ones.

    `expected` are the files the re-run may rewrite (the organization's own
    and the reports); any other file rewritten, added or removed is listed
    under "unexpected", and `org_rewritten` says whether the organization's
    packet was written again.
    """
    changed = sorted(p for p in before.keys() & after.keys() if before[p] != after[p])
    same_bytes_new_time = [p for p in changed if before[p][0] == after[p][0]]
    new, gone = sorted(after.keys() - before.keys()), sorted(before.keys() - after.keys())
    return {
        "files": len(after),
        "untouched": len(before.keys() & after.keys()) - len(changed),
        "rewritten": changed,
        "rewritten_same_bytes": same_bytes_new_time,
        "new": new,
        "gone": gone,
        "unexpected": sorted(p for p in (*changed, *new, *gone) if p not in expected),
    }


def pick_decision(url: str, year: int) -> tuple[str, int]:
    """An organization with recommendations in the latest run, and one of them (fixed choice)."""
    from sqlmodel import col, select

    from metodist.db import session_scope
    from metodist.stages.runs import latest_run
    from models import Recommendation

    with session_scope(url) as s:
        run = latest_run(s, year=year, stage="recommendations")
        if run is None:
            raise RuntimeError("no recommendations run to decide on")
        row = s.exec(
            select(Recommendation.org_code, Recommendation.id)
            .where(col(Recommendation.run_id) == run.id, col(Recommendation.org_code).is_not(None))
            .order_by(col(Recommendation.org_code), col(Recommendation.id))
        ).first()
    if row is None:
        raise RuntimeError("the latest recommendations run has no recommendation to reject")
    return str(row[0]), int(row[1])


def files_of(summary: dict[str, Any], folder: Path, org: str | None) -> set[str]:
    """The files of `org` in a packets summary (None: the reports), relative to `folder`."""
    out = set()
    for f in summary.get("files") or ():
        row = f if isinstance(f, dict) else vars(f)
        if row.get("org") == org:
            out.add(str(Path(row["path"]).resolve().relative_to(folder.resolve())))
    return out


def undecided(url: str, year: int) -> int:
    """Recommendations of the latest run still waiting for a decision."""
    from sqlmodel import col, func, select

    from metodist.db import session_scope
    from metodist.stages.runs import latest_run
    from models import Recommendation
    from models.enums import ReviewStatus

    with session_scope(url) as s:
        run = latest_run(s, year=year, stage="recommendations")
        if run is None:
            return 0
        return int(
            s.exec(
                select(func.count())
                .select_from(Recommendation)
                .where(
                    col(Recommendation.run_id) == run.id,
                    col(Recommendation.status) == ReviewStatus.proposed,
                )
            ).one()
        )


@contextmanager
def rule_workers(n: int) -> Iterator[None]:
    """METODIST_RULE_WORKERS=n for the block (Settings() reads it afresh; the cache is cleared)."""
    from metodist import config

    old = os.environ.get(RULE_WORKERS_ENV)
    os.environ[RULE_WORKERS_ENV] = str(n)
    config.get_settings.cache_clear()
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(RULE_WORKERS_ENV, None)
        else:
            os.environ[RULE_WORKERS_ENV] = old
        config.get_settings.cache_clear()


@contextmanager
def local_dask(workers: int, sampler: TreeSampler, quiet: bool = True) -> Iterator[str]:
    """A local cluster of `workers` single-threaded processes, as `--dask local:N` starts it.

    Its worker processes are children of this one (the nannies run in it);
    the sampler counts them, and whatever they start, as "dask".
    """
    from distributed import Client

    from flows.executors import dask_scheduler

    with dask_scheduler(address=None, local_workers=workers, quiet=quiet) as address:
        assert address is not None
        with Client(address) as client:
            pids = list(client.run(os.getpid).values())
        sampler.pin_role([int(pid) for pid in pids], "dask")
        yield address


def rerun_after_decision(
    bench: Any, *, url: str, year: int, out_dir: Path, packets: Any, run: Any
) -> None:
    """Reject one recommendation of one organization, re-run packets, see which files changed.

    `packets` is the cycle's packets outcome (its summary lists the files);
    `run()` runs the packets stage exactly as the cycle did and returns its outcome.
    """
    from metodist.review import review
    from metodist.stages.packets import year_folder

    folder = year_folder(out_dir, year)
    org, rec_id = pick_decision(url, year)
    before = fingerprints(folder)
    with bench.step("re-run after a decision", in_total=False) as fig:
        fig["org"], fig["rejected_id"] = org, rec_id
        fig["rejected"] = review(
            url,
            decision="rejected",
            rec_id=rec_id,
            year=year,
            reviewer=REVIEWER,
            comment="one decision, to time the re-run of packets",
        )
        outcome = run()
        fig["packets_wall_s"] = outcome.duration_s
        fig["rendered"] = outcome.summary.get("rendered")
        fig["kept"] = outcome.summary.get("kept")
    after = fingerprints(folder)
    own = files_of(packets.summary, folder, org)
    expected = own | files_of(packets.summary, folder, None)
    result = compare_files(before, after, expected=expected)
    packet = [p for p in own if p.startswith("packets")]
    fig.update(
        files=result["files"],
        untouched=result["untouched"],
        rewritten=len(result["rewritten"]),
        rewritten_files=result["rewritten"][:20],
        rewritten_same_bytes=len(result["rewritten_same_bytes"]),
        unexpected=len(result["unexpected"]),
        unexpected_files=result["unexpected"][:20],
        org_packet_rewritten=bool(packet) and all(p in result["rewritten"] for p in packet),
    )
    bench.log(
        f"re-run: {fig['rendered']} rendered, {fig['kept']} kept; {result['untouched']} of "
        f"{result['files']} files untouched, {len(result['unexpected'])} changed unexpectedly"
    )


def recommendations_on_one_core(bench: Any, *, url: str, year: int, run: Any) -> None:
    """The recommendations stage again with one rule worker; `run()` runs it as the cycle did."""
    with bench.step("recommendations on 1 core", in_total=False) as fig:
        with rule_workers(1):
            outcome = run()
        fig["flow_s"], fig["work_s"] = outcome.duration_s, outcome.work_s
        fig["run_id"] = outcome.run_id
    fig["undecided_after"] = undecided(url, year)
    cycle = bench.steps.get("recommendations", {}).get("wall_s")
    one = bench.steps["recommendations on 1 core"]["wall_s"]
    fig["cycle_wall_s"] = cycle
    fig["one_core_over_cycle"] = round(one / cycle, 2) if cycle else None
    bench.steps["recommendations on 1 core"].update(fig)
