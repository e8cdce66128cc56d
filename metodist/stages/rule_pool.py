"""The recommendations stage's rules on both cores: a pool of rule processes.

A chunk's organizations, loaded from the database, are evaluated (mentor
matches, rules, summary: `evaluate_orgs`) in `rule_workers()` processes of a
`SharedPool`, in as many parts, and come back in their order; with one worker,
or on a Dask worker, in the chunk's own process. Inputs and results pickle.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from metodist.analysis.mentors import match_mentors
from metodist.config import Settings
from metodist.documents.render import PRELOAD as RENDER_PRELOAD
from metodist.process_pool import SharedPool, pool_size
from models.profile import OrgProfile
from rules.adapter import evaluate_org, summarize_org
from rules.base import Firing
from rules.engine import org_engine
from rules.thresholds import Thresholds

if TYPE_CHECKING:  # the stage imports this module; its row shapes are only annotations here
    from metodist.stages.recommendations import (
        StoredIndicators,
        StoredPlacement,
        StoredUnplaced,
    )


@dataclass(frozen=True)
class OrgInputs:
    """What the rules read of one organization, as loaded (crosses to a rule process)."""

    org: OrgProfile
    indicators: StoredIndicators
    placements: tuple[StoredPlacement, ...]
    unplaced: tuple[StoredUnplaced, ...]


@dataclass(frozen=True)
class Evaluated:
    """One organization's firings and its summary for the municipal pass."""

    firings: list[Firing]
    summary: dict[str, Any]


@dataclass(frozen=True)
class Cycle:
    """What the rules of every organization share: the cycle, thresholds, course areas."""

    as_of: date
    year: int
    th: Thresholds
    course_areas: dict[str, tuple[str, ...]]


def evaluate_orgs(orgs: Sequence[OrgInputs], cycle: Cycle) -> list[Evaluated]:
    """The pure part of `compute`: mentor matches, rules and summary per organization."""
    as_of, year, th = cycle.as_of, cycle.year, cycle.th
    found: list[Evaluated] = []
    for o in orgs:
        firings = evaluate_org(
            o.org,
            indicators=o.indicators,
            placements=o.placements,
            unplaced=o.unplaced,
            mentors=match_mentors(o.org, as_of=as_of, th=th),
            as_of=as_of,
            th=th,
            year=year,
            course_areas=cycle.course_areas,
        )
        summary = summarize_org(
            o.org, o.indicators, firings, as_of=as_of, th=th, year=year, unplaced=o.unplaced
        )
        found.append(Evaluated(firings, summary.to_json()))
    return found


def rule_workers() -> int:
    """Processes to evaluate rules with: 1 on a Dask worker, else every CPU (or the setting)."""
    # not the cached settings: a bench varies it per run
    return pool_size(Settings().rule_workers)


def _warm_up() -> None:
    # the engine's network is built once per worker, before its first organization
    org_engine()


#: what the fork server imports before it forks a rule process: the engines, experta, and
#: the renderers' own list, because the fork server is one per process and reads the list
#: of the first pool that starts it, which in a whole cycle is this one, before the packets'
PRELOAD = ("metodist.stages.recommendations", "experta", "jinja2", *RENDER_PRELOAD)
#: seconds the rule processes wait for the stage's next chunk before they stop: a chunk
#: is a few seconds of rules, and starting the processes (imports, engines, templates)
#: costs about as much, so a stage's chunks share them
LINGER = 5.0
_shared_pool = SharedPool(PRELOAD, _warm_up, linger=LINGER)


def release_pool() -> None:
    """Let the rule processes stop now (the last chunk is done)."""
    _shared_pool.release()


def evaluate_on_pool(orgs: Sequence[OrgInputs], cycle: Cycle) -> list[Evaluated]:
    """`evaluate_orgs` on the shared rule processes, in `rule_workers()` parts of the chunk
    (here, with one worker); results in the organizations' order."""
    workers = rule_workers()
    if workers == 1 or len(orgs) < 2:
        return evaluate_orgs(orgs, cycle)
    size = -(-len(orgs) // workers)
    parts = [list(orgs[i : i + size]) for i in range(0, len(orgs), size)]
    with _shared_pool.use(workers) as pool:
        futures = [pool.submit(evaluate_orgs, part, cycle) for part in parts]
        try:
            found = [e for future in futures for e in future.result()]
        except BaseException:
            for pending in futures:
                pending.cancel()
            raise
        return found
