"""`metodist users add|list|remove` (docs/contract.md), on SQLite and PostgreSQL."""

import pytest
from typer.testing import CliRunner

from metodist.cli import app as cli
from metodist.db import session_scope
from metodist.web import accounts
from models import Organization


@pytest.fixture
def town(db_url: str) -> str:
    with session_scope(db_url) as s:
        s.add(Organization(code="o1", name="МБОУ СОШ № 1", kind="school"))
    return db_url


def _users(*args: str, password: str = "") -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["users", *args], input=password + "\n")
    return result.exit_code, result.output


def test_add_list_remove(town):
    assert (
        _users(
            "add", "Ivanova", "--role", "reviewer", "--password-stdin", password="длинный пароль"
        )[0]
        == 0
    )
    code, out = _users(
        "add", "head1", "--role", "school", "--org", "o1", "--password-stdin", password="ещё пароль"
    )
    assert code == 0 and "school of o1" in out
    code, out = _users("list")
    assert "ivanova" in out and "reviewer" in out and "o1" in out
    assert accounts.authenticate(town, login="IVANOVA", password="длинный пароль") is not None
    token = accounts.issue_token(town, "ivanova")
    assert _users("remove", "ivanova")[0] == 0
    assert accounts.user_by_token(town, token) is None
    assert "ivanova" not in _users("list")[1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "x1", "--role", "admin"), "role must be"),
        (("add", "head2", "--role", "school"), "needs --org"),
        (("add", "head2", "--role", "school", "--org", "nope"), "no organization 'nope'"),
        (("add", "rev2", "--role", "reviewer", "--org", "o1"), "only to a school user"),
        (("add", "а-б", "--role", "reviewer"), "Latin letters"),
        (("remove", "nobody"), "no user 'nobody'"),
    ],
)
def test_mistakes_are_refused_in_words(town, args, message):
    code, out = (
        _users(*args, "--password-stdin", password="достаточно длинный")
        if args[0] == "add"
        else _users(*args)
    )
    assert code != 0 and message in out
    assert accounts.list_users(town) == []  # nothing was added


def test_short_password_and_duplicate(town):
    assert (
        "at least 8"
        in _users("add", "rev", "--role", "reviewer", "--password-stdin", password="short")[1]
    )
    _users("add", "rev", "--role", "reviewer", "--password-stdin", password="длинный пароль")
    code, out = _users(
        "add", "REV", "--role", "coordinator", "--password-stdin", password="длинный пароль"
    )
    assert code != 0 and "already a user 'rev'" in out
