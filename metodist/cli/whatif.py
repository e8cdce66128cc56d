"""`metodist whatif`: what the changed thresholds would change in the latest recommendations."""

import json
from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table

from metodist.cli.console import console, fail


class WhatifFormat(StrEnum):
    table = "table"
    json = "json"


def register(app: typer.Typer) -> None:
    app.command("whatif")(whatif_command)


def whatif_command(
    changes: Annotated[
        list[str],
        typer.Option(
            "--set",
            help="KEY=VALUE of rules/thresholds.toml, e.g. "
            "deficits.critical_below=45; repeat for several.",
        ),
    ],
    org: Annotated[
        str | None, typer.Option("--org", help="Only this organization's recommendations.")
    ] = None,
    fmt: Annotated[WhatifFormat, typer.Option("--format", help="table or json.")] = (
        WhatifFormat.table
    ),
) -> None:
    """Re-run the cycle in a throw-away copy with changed thresholds and show what the
    recommendations would gain, lose or word differently. Writes nothing."""
    from metodist.stages.errors import PrerequisiteMissing
    from metodist.whatif import BadChange, NoBaseline, parse_changes, whatif

    try:
        with console.status("Re-running the cycle on a copy with the changed thresholds…"):
            diff = whatif(None, parse_changes(changes), org=org)
    except (BadChange, NoBaseline, PrerequisiteMissing) as exc:
        fail(str(exc))
    if fmt is WhatifFormat.json:
        typer.echo(json.dumps(diff.to_json(), ensure_ascii=False, indent=2))
        return
    counts = diff.by_rule()
    if not counts:
        console.print("The recommendations would stay as they are.")
        return
    table = Table(title="What would change, by rule")
    for name in ("rule", "added", "removed", "changed"):
        table.add_column(name, justify="left" if name == "rule" else "right")
    for rule_id, n in counts.items():
        table.add_row(rule_id, str(n["added"]), str(n["removed"]), str(n["changed"]))
    console.print(table)
    entries = Table(show_lines=False)
    for name in ("", "rule", "addressee", "organization", "title"):
        entries.add_column(name)
    for sign, kind in (("+", "added"), ("−", "removed"), ("~", "changed")):
        for e in getattr(diff, kind):
            entries.add_row(sign, e["rule_id"], f"{e['addressee_type']} {e['addressee_code']}",
                            e["org_code"] or "", e["title"])  # fmt: skip
    console.print(entries)
    console.print("Texts before and after: `--format json`. Nothing was written.")
