"""The desk's users and API tokens as typed functions (`metodist users`, the login routes).

A `school` user must name an existing organization; other roles name none.
Logins are kept lower-case, so «Ivanova» and «ivanova» are one person.
"""

import re
import secrets
from dataclasses import dataclass

from sqlmodel import col, delete, select

from metodist.config import get_settings
from metodist.db import session_scope
from metodist.web.security import (
    DUMMY_HASH,
    hash_password,
    new_token,
    token_digest,
    verify_password,
)
from models import ApiToken, DeskSecret, DeskUser, Organization
from models.enums import Role

LOGIN_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")
MIN_PASSWORD = 8


class AccountError(ValueError):
    """A user cannot be added or removed as asked."""


@dataclass(frozen=True)
class User:
    """Who is signed in: the desk's view of a `DeskUser`, without the hash."""

    login: str
    role: Role
    org_code: str | None = None


def _user(row: DeskUser) -> User:
    return User(login=row.login, role=Role(row.role), org_code=row.org_code)


def add_user(
    url: str | None, *, login: str, role: str, password: str, org_code: str | None = None
) -> User:
    login = login.strip().lower()
    if not LOGIN_PATTERN.match(login):
        raise AccountError(
            f"login {login!r}: 2–64 Latin letters, digits or . _ @ -, a letter or digit first"
        )
    if role not in Role.__members__:
        raise AccountError(f"role must be coordinator, reviewer or school, not {role!r}")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password must have at least {MIN_PASSWORD} characters")
    if role == Role.school and not org_code:
        raise AccountError("a school user needs --org CODE: the organization it belongs to")
    if role != Role.school and org_code:
        raise AccountError(f"a {role} sees every organization: give --org only to a school user")
    with session_scope(url) as s:
        if s.get(DeskUser, login) is not None:
            raise AccountError(f"there is already a user {login!r}")
        if org_code and s.get(Organization, org_code) is None:
            raise AccountError(f"there is no organization {org_code!r}: import it first")
        row = DeskUser(
            login=login, role=role, org_code=org_code, password_hash=hash_password(password)
        )
        s.add(row)
        return _user(row)


def list_users(url: str | None) -> list[User]:
    with session_scope(url) as s:
        return [_user(u) for u in s.exec(select(DeskUser).order_by(col(DeskUser.login))).all()]


def remove_user(url: str | None, login: str) -> None:
    """Remove the user and every API token of theirs."""
    with session_scope(url) as s:
        row = s.get(DeskUser, login.strip().lower())
        if row is None:
            raise AccountError(f"there is no user {login!r}")
        s.exec(delete(ApiToken).where(col(ApiToken.login) == row.login))  # type: ignore[call-overload]
        s.delete(row)


def get_user(url: str | None, login: str) -> User | None:
    with session_scope(url) as s:
        row = s.get(DeskUser, login)
        return _user(row) if row else None


def authenticate(url: str | None, *, login: str, password: str) -> User | None:
    """The user if the password is theirs, else None (an unknown login costs the same time)."""
    with session_scope(url) as s:
        row = s.get(DeskUser, login.strip().lower())
        if row is None:
            verify_password(DUMMY_HASH, password)
            return None
        return _user(row) if verify_password(row.password_hash, password) else None


def issue_token(url: str | None, login: str) -> str:
    """A new bearer token for `login`; only its digest is stored."""
    token = new_token()
    with session_scope(url) as s:
        s.add(ApiToken(digest=token_digest(token), login=login))
    return token


def user_by_token(url: str | None, token: str) -> User | None:
    with session_scope(url) as s:
        found = s.get(ApiToken, token_digest(token))
        if found is None:
            return None
        row = s.get(DeskUser, found.login)
        return _user(row) if row else None


def session_secret(url: str | None) -> str:
    """`METODIST_WEB_SECRET`, else the one kept in the database (made on the first call)."""
    configured = get_settings().web_secret
    if configured:
        return configured
    with session_scope(url) as s:
        row = s.get(DeskSecret, 1)
        if row is None:
            row = DeskSecret(id=1, secret=secrets.token_urlsafe(48))
            s.add(row)
        return row.secret
