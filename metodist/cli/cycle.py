"""Commands that run the cycle: `run`, `cycle`, `review`."""

import os
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.table import Table

from metodist.cli.console import check_configuration, console, fail, parse_date, progress_bar
from models.enums import Stage


class Decision(StrEnum):
    approve = "approve"
    reject = "reject"


def register(app: typer.Typer) -> None:
    app.command("run")(run_command)
    app.command("cycle")(cycle_command)
    app.command("review")(review_command)
    app.command("schedule")(schedule_command)


YearOption = Annotated[int, typer.Option("--year", help="The cycle year.")]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help="The cycle date (YYYY-MM-DD); default today. Fixes results."),
]
DaskOption = Annotated[
    str | None,
    typer.Option(
        "--dask",
        help="Run tasks on a Dask cluster: a scheduler address, or "
        "'local:N' for a local cluster of N worker processes.",
    ),
]


def run_command(
    stage: Annotated[Stage, typer.Argument(help="The stage to run.")],
    year: YearOption,
    as_of: AsOfOption = None,
    dask: DaskOption = None,
    routes: Annotated[
        bool, typer.Option("--routes", help="packets: also write each teacher's route.")
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="packets: render every document again, also those unchanged since the last run.",
        ),
    ] = False,
) -> None:
    """Run one stage of the cycle for a year (a re-run replaces that stage's results)."""
    check_configuration()
    start_prefect_api()
    from flows.runner import StageFailed, run_stage

    if routes:  # the `routes` setting: it reaches the flow and every chunk's process
        os.environ["METODIST_ROUTES"] = "true"

    address, workers = _dask(dask)
    try:
        with progress_bar() as update:
            outcome = run_stage(
                stage.value,
                year=year,
                as_of=parse_date(as_of),
                dask_address=address,
                local_dask_workers=workers,
                on_progress=update,
                force=force,
            )
    except StageFailed as exc:
        fail(str(exc))
    _print_outcomes([outcome])


def cycle_command(
    year: YearOption,
    as_of: AsOfOption = None,
    dask: DaskOption = None,
    out: Annotated[Path | None, typer.Option(help="Where the packets go (default ./out).")] = None,
) -> None:
    """Run every stage of the cycle in order."""
    run_cycle_and_report(year=year, as_of=parse_date(as_of), out=out, dask=dask)


def run_cycle_and_report(
    *,
    year: int,
    as_of: date,
    out: Path | None = None,
    approve_all: bool = False,
    dask: str | None = None,
) -> None:
    check_configuration()
    start_prefect_api()
    from flows.runner import StageFailed, run_cycle

    address, workers = _dask(dask)
    try:
        with progress_bar() as update:
            outcomes = run_cycle(
                year=year,
                as_of=as_of,
                out_dir=out,
                approve_all=approve_all,
                dask_address=address,
                local_dask_workers=workers,
                on_progress=update,
            )
    except StageFailed as exc:
        fail(str(exc))
    _print_outcomes(outcomes)
    if approve_all:
        console.print(
            "[yellow]Demo:[/] every recommendation was approved automatically, "
            "so the packets carry no «ПРОЕКТ» watermark."
        )


def review_command(
    decision: Annotated[Decision, typer.Argument(help="approve or reject")],
    rec_id: Annotated[int | None, typer.Option("--id", help="One recommendation.")] = None,
    org: Annotated[
        str | None,
        typer.Option("--org", help="Every recommendation of one organization (by code)."),
    ] = None,
    rule: Annotated[str | None, typer.Option("--rule", help="Every firing of a rule.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every recommendation.")] = False,
    year: Annotated[
        int | None, typer.Option("--year", help="Cycle year (default: the latest).")
    ] = None,
    comment: Annotated[str, typer.Option(help="Kept in the audit trail.")] = "",
    reviewer: Annotated[str, typer.Option(help="Who decides (default: METODIST_REVIEWER).")] = "",
) -> None:
    """Approve or reject recommendations (one, by school, by rule, or all)."""
    from metodist.config import get_settings
    from metodist.review import ReviewError, review

    if not (rec_id or org or rule or all_):
        fail("say what to review: --id N, --org CODE, --rule ID or --all")
    status: Literal["approved", "rejected"] = (
        "approved" if decision is Decision.approve else "rejected"
    )
    try:
        changed = review(
            None,
            decision=status,
            rec_id=rec_id,
            org=org,
            rule=rule,
            all_=all_,
            year=year,
            comment=comment,
            reviewer=reviewer or get_settings().reviewer,
        )
    except ReviewError as exc:
        fail(str(exc))
    console.print(f"{changed} recommendation(s) {status}.")


def start_prefect_api() -> None:
    """Launch the embedded Prefect API now, to start while the command loads its code and data.

    It takes seconds of CPU on another core; the run adopts it (`flows.environment`).
    Nothing starts when `PREFECT_API_URL` names a server.
    """
    from flows.api_process import start_early

    start_early()


def schedule_command() -> None:
    """Name the upcoming runs of the deployments on the Prefect server (after `prefect deploy`).

    The UI then lists «packets 2026 (10.12.2026)» instead of a random name.
    """
    from flows.upcoming import NoServer, name_scheduled_runs

    try:
        named = name_scheduled_runs()
    except NoServer as exc:
        fail(str(exc))
    except Exception as exc:  # the server is down or refuses: one line, no traceback
        fail(f"the Prefect server did not answer: {type(exc).__name__}: {exc}")
    if not named:
        console.print("Every scheduled run already has its name (or nothing is scheduled).")
        return
    table = Table(title=f"Upcoming runs named: {len(named)}")
    for column in ("deployment", "name", "due"):
        table.add_column(column)
    for n in named:
        table.add_row(n.deployment, n.name, n.expected)
    console.print(table)


def _dask(value: str | None) -> tuple[str | None, int | None]:
    """`--dask ADDRESS` or `--dask local:N` as (scheduler address, local workers)."""
    if not value:
        return None, None
    if value.startswith("local:"):
        try:
            return None, int(value.removeprefix("local:"))
        except ValueError:
            fail(f"--dask {value!r}: expected local:N with N a number of workers")
    return value, None


def _print_outcomes(outcomes: list) -> None:  # type: ignore[type-arg]
    table = Table(title="Cycle stages")
    for column in ("stage", "run", "status", "seconds", "summary"):
        table.add_column(column)
    for o in outcomes:
        summary = ", ".join(
            f"{k}: {v}" for k, v in list(o.summary.items())[:6] if not isinstance(v, dict | list)
        )
        table.add_row(o.stage, str(o.run_id), o.status, f"{o.duration_s:.1f}", summary)
    console.print(table)
    for o in outcomes:
        if o.stage == Stage.packets.value and o.summary.get("kept"):
            console.print(kept_line(o.summary))


def kept_line(summary: dict) -> str:  # type: ignore[type-arg]
    """«2 documents rendered, 1,421 kept as they were»: what a packets re-run did."""
    rendered, kept = summary.get("rendered", 0), summary["kept"]
    return (
        f"packets: {rendered:,} document{'' if rendered == 1 else 's'} rendered, "
        f"{kept:,} kept as {'it was' if kept == 1 else 'they were'} (unchanged since the "
        "last run; --force renders every one)."
    )
