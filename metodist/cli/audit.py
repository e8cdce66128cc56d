"""Commands for reviewers: `rules`, `audit`, `explain`, `export`."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from metodist.cli.console import console, fail


class ExportFormat(StrEnum):
    json = "json"
    csv = "csv"


class ExportWhat(StrEnum):
    recommendations = "recommendations"


def register(app: typer.Typer) -> None:
    app.command("rules")(rules_command)
    app.command("audit")(audit_command)
    app.command("explain")(explain_command)
    app.command("export")(export_command)


def rules_command() -> None:
    """The rule catalogue: id, title, addressee, source, conditions."""
    from metodist.audit_view import catalogue_table

    console.print(catalogue_table())


def audit_command(
    org: Annotated[str | None, typer.Option("--org", help="Organization code.")] = None,
    teacher: Annotated[str | None, typer.Option("--teacher", help="Teacher code.")] = None,
    rule: Annotated[str | None, typer.Option("--rule", help="Rule id, e.g. T04.")] = None,
    year: Annotated[
        int | None, typer.Option("--year", help="Cycle year (default: latest).")
    ] = None,
    silent: Annotated[
        bool,
        typer.Option(
            "--silent",
            help="With --org: the rules that did NOT fire for that organization, and why.",
        ),
    ] = False,
    limit: Annotated[int, typer.Option(help="At most this many rows.")] = 200,
) -> None:
    """The fired-rule trail, filtered by school, teacher or rule."""
    from metodist.audit import NoRecommendations
    from metodist.audit_view import firings_table, silent_table

    try:
        if silent:
            if not org:
                fail("--silent needs --org CODE")
            console.print(silent_table(None, org=org or "", year=year))
        else:
            console.print(
                firings_table(None, year=year, org=org, teacher=teacher, rule=rule, limit=limit)
            )
    except NoRecommendations as exc:
        fail(str(exc))


def explain_command(
    rec_id: Annotated[int, typer.Argument(help="The recommendation id (see export or audit).")],
) -> None:
    """Why one recommendation was made: the rule, its conditions, the facts, the source."""
    from metodist.audit import NoRecommendations
    from metodist.audit_view import explanation

    try:
        console.print(explanation(None, rec_id))
    except NoRecommendations as exc:
        fail(str(exc))


def export_command(
    what: Annotated[ExportWhat, typer.Argument(help="What to export.")],
    fmt: Annotated[ExportFormat, typer.Option("--format", help="json or csv.")] = (
        ExportFormat.json
    ),
    out: Annotated[
        Path | None, typer.Option("--out", help="File (default: standard output).")
    ] = None,
    year: Annotated[
        int | None, typer.Option("--year", help="Cycle year (default: latest).")
    ] = None,
) -> None:
    """The latest run's recommendations, as JSON or CSV (docs/contract.md)."""
    from metodist.audit import NoRecommendations, export_recommendations

    try:
        count = export_recommendations(None, fmt=fmt.value, out=out, year=year)
    except NoRecommendations as exc:
        fail(str(exc))
    if out:
        console.print(f"{count} recommendation(s) written to [bold]{out}[/].")
