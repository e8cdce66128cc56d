"""Commands of the web desk: `users add|list|remove` and `serve`."""

import sys
from typing import Annotated

import typer

from metodist.cli.console import console, fail

users = typer.Typer(help="Users of the web desk (coordinators, reviewers, schools' heads).")


def register(app: typer.Typer) -> None:
    app.add_typer(users, name="users")
    app.command("serve")(serve_command)


@users.command("add")
def users_add(
    login: Annotated[str, typer.Argument(help="The login, e.g. ivanova.")],
    role: Annotated[str, typer.Option("--role", help="coordinator, reviewer or school.")],
    org: Annotated[
        str | None, typer.Option("--org", help="A school user's organization code.")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Add a user; the password is read from standard input (never from the command line)."""
    from metodist.web.accounts import AccountError, add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        fail("give the password on standard input with --password-stdin")
    try:
        user = add_user(None, login=login, role=role, password=password, org_code=org)
    except AccountError as exc:
        fail(str(exc))
    where = f" of {user.org_code}" if user.org_code else ""
    console.print(f"added {user.login}: {user.role.value}{where}")


@users.command("list")
def users_list() -> None:
    """Every user of the desk: login, role, organization."""
    from rich.table import Table

    from metodist.web.accounts import list_users

    table = Table("login", "role", "organization")
    for u in list_users(None):
        table.add_row(u.login, u.role.value, u.org_code or "")
    console.print(table)


@users.command("remove")
def users_remove(login: Annotated[str, typer.Argument(help="The login to remove.")]) -> None:
    """Remove a user and their API tokens."""
    from metodist.web.accounts import AccountError, remove_user

    try:
        remove_user(None, login)
    except AccountError as exc:
        fail(str(exc))
    console.print(f"removed {login}")


def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    forwarded_allow_ips: Annotated[
        str,
        typer.Option(
            help="Reverse proxies whose X-Forwarded-* headers are trusted (comma-separated)."
        ),
    ] = "127.0.0.1",
) -> None:
    """The web desk for reviewers, coordinators and heads, and its JSON API."""
    import uvicorn

    from metodist.web.app import create_app

    app = create_app()
    console.print(f"Методист: рабочее место на http://{host}:{port}/ (Ctrl+C — остановить)")
    uvicorn.run(
        app,
        host=host,
        port=port,
        proxy_headers=True,
        forwarded_allow_ips=forwarded_allow_ips,
        log_level="info",
    )
