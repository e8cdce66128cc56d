"""The terminal side of the CLI: one Rich console, progress bars, one-line errors, dates."""

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

console = Console()
err_console = Console(stderr=True)


def fail(message: str, code: int = 1) -> None:
    """Print `message` as it is (no Rich markup: `[deficits]` or `[/tmp]` stay) and exit."""
    line = Text("Error: ", style="bold red").append(message)
    err_console.print(line, highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def check_configuration() -> None:
    """Settings and thresholds checked before a command does anything; one line if wrong."""
    from metodist.config import ConfigError
    from metodist.config import check_configuration as check

    try:
        check()
    except ConfigError as exc:
        fail(f"configuration: {exc}")


@contextmanager
def progress_bar() -> Iterator[Callable[[str, int, int], None]]:
    """A callback `update(label, done, total)` drawing one bar per label (quiet if not a tty)."""
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
        disable=not sys.stdout.isatty(),
    )
    tasks: dict[str, TaskID] = {}

    def update(label: str, done: int, total: int) -> None:
        if label not in tasks:
            tasks[label] = progress.add_task(label, total=total or None)
        progress.update(tasks[label], completed=done, total=total or None)

    with progress:
        yield update


def parse_date(value: str | None) -> date:
    """`--as-of`: ISO or ДД.ММ.ГГГГ; default today."""
    if not value:
        return date.today()
    try:
        if "." in value:
            d, m, y = value.split(".")
            return date(int(y), int(m), int(d))
        return date.fromisoformat(value)
    except ValueError:
        fail(f"--as-of: {value!r} is not a date (expected YYYY-MM-DD or ДД.ММ.ГГГГ)")
        raise  # unreachable: fail() exits
