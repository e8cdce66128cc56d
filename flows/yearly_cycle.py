"""The yearly cycle: every stage in order, each as a subflow, for one year and cycle date.

The stages (docs/domain.md): needs, diagnostics, attestation, monitoring, planning,
recommendations, packets. A stage that fails stops the cycle; the stages
before it keep their new results, the failed one its previous results.
"""

from contextlib import ExitStack
from datetime import date
from typing import Any

from prefect import Flow, flow

from flows.artifacts import publish_summary
from flows.attestation import attestation
from flows.diagnostics import diagnostics
from flows.executors import scheduler_for, with_task_runner
from flows.factory import check_before_running
from flows.monitoring import monitoring
from flows.naming import label_current_run, labelled, resolve_dates, run_name, triggered_by
from flows.needs import needs
from flows.packets import packets
from flows.planning import planning
from flows.recommendations import recommendations
from flows.review_step import approve_all as approve_all_recommendations
from flows.run_artifacts import publish_cycle_stages
from metodist.stages.errors import as_stage_failed
from metodist.stages.registry import STAGES, stage_of

STAGE_FLOWS: dict[str, Flow[..., dict[str, Any]]] = {
    "needs": needs,
    "diagnostics": diagnostics,
    "attestation": attestation,
    "monitoring": monitoring,
    "planning": planning,
    "recommendations": recommendations,
    "packets": packets,
}


@flow(name="metodist-cycle", flow_run_name=run_name("cycle"))
def yearly_cycle(
    year: int | None = None,
    as_of: date | None = None,
    chunk_size: int | None = None,
    database_url: str | None = None,
    stages: list[str] | None = None,
    out_dir: str | None = None,
    approve_all: bool = False,
    dask_address: str | None = None,
) -> list[dict[str, Any]]:
    """Run `stages` (default: all) in the cycle's order; `approve_all` signs off before packets.

    `dask_address` puts every stage's chunk tasks on that Dask scheduler, or
    on a local cluster of N processes for «local:N». The run publishes a
    table of its stages, also when one fails.
    """
    year, as_of = resolve_dates(year, as_of)
    check_before_running("cycle")
    for name in sorted(set(stages or ())):
        stage_of(name)  # an unknown stage fails before any runs
    trigger = label_current_run("cycle", year)
    outcomes: list[dict[str, Any]] = []
    with ExitStack() as stack:
        address = stack.enter_context(scheduler_for(dask_address))
        if trigger:  # the stages' subflows say how the cycle was started
            stack.enter_context(triggered_by(trigger))
        for stage in [s for s in STAGES if stages is None or s in stages]:
            extra = {"out_dir": out_dir} if stage == "packets" else {}
            stage_flow = with_task_runner(STAGE_FLOWS[stage], address)
            try:
                with labelled(stage, year):
                    outcome = stage_flow(
                        year=year, as_of=as_of, chunk_size=chunk_size, database_url=database_url,
                        **extra,
                    )  # fmt: skip
            except Exception as exc:
                failed = {"stage": stage, "status": "failed", "error": as_stage_failed(stage, exc)}
                publish_cycle_stages([*outcomes, failed], year=year, as_of=as_of.isoformat())
                raise
            outcomes.append(outcome)
            if stage == "recommendations" and approve_all:
                approve_all_recommendations(database_url, year=year)
                # the summary says where the review stands: all approved now
                publish_summary(database_url, run_id=outcome["run_id"], year=year)
    publish_cycle_stages(outcomes, year=year, as_of=as_of.isoformat())
    return outcomes
