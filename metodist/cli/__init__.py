"""`metodist`: the coordinator's command line (docs/contract.md, "Commands")."""

import typer

from metodist.cli import audit, cycle, data, desk, report, whatif
from metodist.cli.errors import OneLineErrors

app = typer.Typer(
    name="metodist",
    help="Metodist: the yearly cycle of teachers' professional development, "
    "with addressed recommendations and PDF packets for schools.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=OneLineErrors,
)

data.register(app)
cycle.register(app)
audit.register(app)
report.register(app)
whatif.register(app)
desk.register(app)
