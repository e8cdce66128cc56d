"""Commands that bring data in: `import`, `forms`, `demo`."""

import os
import time
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from metodist.cli.console import (
    check_configuration,
    console,
    err_console,
    fail,
    parse_date,
    progress_bar,
)

MAX_ERRORS_SHOWN = 200


def register(app: typer.Typer) -> None:
    app.command("import")(import_command)
    app.command("forms")(forms_command)
    app.command("demo")(demo_command)


def import_command(
    path: Annotated[Path, typer.Argument(help="A folder of CSV files or one .xlsx workbook.")],
) -> None:
    """Load a CSV folder or an XLSX workbook (validated; all-or-nothing)."""
    load_data(path)


def load_data(path: Path) -> None:
    from metodist.importing import ImportFailed, import_path

    if not path.exists():
        fail(f"{path}: no such file or folder")
    started = time.perf_counter()
    try:
        with progress_bar() as update:
            report = import_path(path, progress=update)
    except ImportFailed as exc:
        issues = exc.issues
        err_console.print(
            f"[bold red]Import refused:[/] {len(issues)} problem(s) in {path}. "
            "Nothing was written; fix them and import again."
        )
        for issue in issues[:MAX_ERRORS_SHOWN]:
            err_console.print(f"  • {issue}", highlight=False, markup=False, soft_wrap=True)
        if len(issues) > MAX_ERRORS_SHOWN:
            err_console.print(f"  … and {len(issues) - MAX_ERRORS_SHOWN} more")
        raise typer.Exit(1) from None
    table = Table(title=f"Imported {path} in {time.perf_counter() - started:.1f} s")
    table.add_column("table")
    table.add_column("rows read", justify="right")
    table.add_column("new", justify="right")
    table.add_column("updated", justify="right")
    table.add_column("unchanged", justify="right")
    for name, c in report.tables.items():
        table.add_row(name, str(c.read), str(c.inserted), str(c.updated), str(c.unchanged))
    console.print(table)
    for warning in report.warnings:
        console.print(f"[yellow]Warning:[/] {warning}", highlight=False)
    for name in report.ignored:
        console.print(f"[yellow]Ignored:[/] {name} is not an input table", highlight=False)


def forms_command(
    out: Annotated[Path, typer.Argument(help="Where to write the blank workbook (.xlsx).")],
) -> None:
    """Write the blank input workbook: Russian headers, drop-down lists, a notes sheet."""
    from metodist.forms import write_forms

    if out.suffix.lower() != ".xlsx":
        fail(f"{out}: the blank forms are an Excel workbook; give a name ending in .xlsx")
    out.parent.mkdir(parents=True, exist_ok=True)
    write_forms(out)
    console.print(
        f"Blank forms written to [bold]{out}[/]. Fill them in and run "
        f"[bold]metodist import {out}[/]."
    )


def demo_command(
    out: Annotated[
        Path | None,
        typer.Option(help="Where packets, reports and demo data go (default METODIST_OUT_DIR)."),
    ] = None,
    schools: Annotated[int, typer.Option(min=1, help="Schools in the demo municipality.")] = 12,
    seed: Annotated[int, typer.Option(help="Seed: the same seed gives the same data.")] = 2026,
    year: Annotated[int | None, typer.Option(help="Cycle year (default: this year).")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Cycle date.")] = None,
) -> None:
    """Build a demo municipality, run the whole cycle, write the packets to ./out."""
    from metodist.cli.cycle import run_cycle_and_report, start_prefect_api
    from metodist.config import Settings
    from metodist.demo import generate, write_csv

    check_configuration()
    start_prefect_api()  # it starts while the demo's data are made and imported
    out = out or Settings().out_dir
    os.environ.setdefault("METODIST_ROUTES", "true")  # the demo writes the teachers' routes
    cycle_date = parse_date(as_of) if as_of else None
    year = year or (cycle_date.year if cycle_date else date.today().year)
    cycle_date = cycle_date or date(year, 11, 15)
    data_dir = out / "demo-data"
    with console.status(f"Generating a demo municipality of {schools} schools…"):
        data = generate(seed=seed, schools=schools, year=year, as_of=cycle_date)
        write_csv(data, data_dir)
    teachers, orgs = len(data["teachers"]), len(data["organizations"])
    console.print(
        f"Demo municipality: {orgs} organizations, {teachers} teachers "
        f"(CSV in [bold]{data_dir}[/])."
    )
    load_data(data_dir)
    run_cycle_and_report(year=year, as_of=cycle_date, out=out, approve_all=True)
