"""One line, exit 1: how any command ends on a database or file-system error.

A full disk, a damaged SQLite file, an unreachable server or a file that
cannot be read would otherwise reach the coordinator as a traceback. The
commands' group (`OneLineErrors`) catches them around every command; the
transaction in progress was rolled back, so the line can say nothing was
half-written.
"""

import errno
import sqlite3
from typing import Any

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from metodist.cli.console import fail

#: what to do about a file-system error, by errno
_OS_HINTS = {
    errno.ENOSPC: "the disk is full: free some space and run the command again",
    errno.EDQUOT: "the disk quota is used up: free some space and run the command again",
    errno.EACCES: "no permission: check who may read and write there",
    errno.EROFS: "the file system is read-only",
    errno.EEXIST: "a file of that name stands where a folder is needed",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EIO: "the disk could not be read or written: check it",
}


class OneLineErrors(TyperGroup):
    """The commands' group: a database or file-system error becomes one line and exit 1."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, TyperException):  # the commands' own endings
            raise
        except Exception as exc:
            line = one_line(exc)
            if line is None:
                raise
            fail(line)  # as the commands' own errors: the line printed as it is


def one_line(exc: BaseException) -> str | None:
    """The error in the coordinator's terms, or None if it is no setting, database or file one."""
    from pydantic import ValidationError
    from sqlalchemy.exc import SQLAlchemyError

    from metodist.config import ConfigError, Settings, settings_errors

    for cause in _chain(exc):
        if isinstance(cause, ConfigError):
            return str(cause)
        if isinstance(cause, ValidationError) and cause.title == Settings.__name__:
            return settings_errors(cause)
        if isinstance(cause, SQLAlchemyError | sqlite3.Error):
            return _database(cause)
        if isinstance(cause, OSError):
            return _file_system(cause)
    return None


def _database(exc: BaseException) -> str:
    from metodist.db import database_url, shown_url

    detail = str(getattr(exc, "orig", None) or exc).split("\n")[0].split(" [SQL: ")[0]
    where = shown_url(database_url())
    if "disk is full" in detail or "No space left" in detail:
        hint = "the disk is full: free some space and run the command again"
    elif "not a database" in detail or "malformed" in detail:
        hint = "the file is damaged: restore it from a backup, or set METODIST_DATABASE_URL"
    else:
        hint = "check that the database is there and reachable (METODIST_DATABASE_URL)"
    return f"the database {where} failed: {detail}; {hint}. Nothing was half-written."


def _file_system(exc: OSError) -> str:
    name = f"{exc.filename}: " if exc.filename else ""
    hint = _OS_HINTS.get(exc.errno or 0, "")
    what = exc.strerror or str(exc)
    return f"{name}{what}" + (f"; {hint}" if hint else "") + ". Nothing was half-written."


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen
