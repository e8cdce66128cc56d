"""`metodist report events --from --to [--out]`: a report rendered on demand for a period."""

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from metodist.cli.console import console, fail


class ReportWhat(StrEnum):
    events = "events"


def register(app: typer.Typer) -> None:
    app.command("report")(report_command)


def report_command(
    what: Annotated[ReportWhat, typer.Argument(help="Which report: events.")],
    start: Annotated[str, typer.Option("--from", help="The first day (YYYY-MM-DD).")],
    end: Annotated[str, typer.Option("--to", help="The last day (YYYY-MM-DD).")],
    out: Annotated[
        Path | None,
        typer.Option("--out", help="The PDF (default: <out_dir>/reports/events <from>–<to>.pdf)."),
    ] = None,
) -> None:
    """«Методическая работа» for any period: forms, levels, hosts, presenters (seed 001)."""
    from metodist.analysis.events import PeriodError, parse_period

    try:
        first, last = parse_period(start, end)
    except PeriodError as exc:
        fail(str(exc))
        return
    from metodist.config import get_settings
    from metodist.documents.render import render_pdf
    from metodist.documents.views.events import build_events

    target = out or get_settings().out_dir / "reports" / f"events {first}–{last}.pdf"
    # the document is dated on its last day, as a cycle's documents are on the cycle date
    ctx = build_events(None, year=last.year, as_of=min(last, date.today()), start=first, end=last)
    target.parent.mkdir(parents=True, exist_ok=True)
    result = render_pdf(ctx.TEMPLATE, ctx, target)
    console.print(
        f"{ctx.events} event(s), {ctx.participants} visit(s) from {first} to {last}: "
        f"[bold]{result.path}[/] ({result.pages} p.)"
    )
