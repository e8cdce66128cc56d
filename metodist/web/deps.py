"""Who is asking and what they may do: the desk's one place for authentication and permissions.

Pages read the signed session cookie, the API a bearer token (docs/contract.md).
A handler names what it needs (`PageUser`, `ApiUser`, `require(...)`), and
the refusals are exceptions the application turns into a page or JSON.
"""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from metodist.web import accounts
from metodist.web.accounts import User
from metodist.web.security import COOKIE, LoginThrottle, SessionData, SessionSigner, csrf_matches
from models.enums import Role

#: the recommendations' pseudo-organization of the centre's own (M) rules
CENTRE = "centre"


@dataclass
class Desk:
    """What every request shares: the database, the cookie signer, the login throttle."""

    url: str | None
    signer: SessionSigner
    throttle: LoginThrottle
    secure_cookies: bool


class LoginRequired(Exception):
    """No valid session (pages: to the login form) or token (API: 401)."""


class Forbidden(Exception):
    """Signed in, but this is not for this user (403)."""


class BadCsrf(Exception):
    """A form post without the session's CSRF token (403)."""


def desk(request: Request) -> Desk:
    return request.app.state.desk  # type: ignore[no-any-return]


DeskDep = Annotated[Desk, Depends(desk)]


def session_of(request: Request) -> SessionData | None:
    return desk(request).signer.load(request.cookies.get(COOKIE))


def page_user(request: Request) -> User:
    data = session_of(request)
    user = accounts.get_user(desk(request).url, data.login) if data else None
    if user is None:
        raise LoginRequired
    request.state.csrf = data.csrf if data else ""
    request.state.user = user
    return user


def api_user(request: Request) -> User:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    user = None
    if scheme.lower() == "bearer" and token.strip():
        user = accounts.user_by_token(desk(request).url, token.strip())
    if user is None:
        raise LoginRequired
    request.state.user = user
    return user


async def csrf_checked(request: Request) -> None:
    """Every state-changing form (and HTMX post) carries the session's CSRF token."""
    data = session_of(request)
    given = request.headers.get("x-csrf-token")
    if given is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get("csrf")
        given = value if isinstance(value, str) else None
    if data is None or not csrf_matches(data.csrf, given):
        raise BadCsrf


PageUser = Annotated[User, Depends(page_user)]
ApiUser = Annotated[User, Depends(api_user)]
CsrfChecked = Depends(csrf_checked)


# ---- permissions: every check of the desk is one of these ----


def can_decide(user: User) -> bool:
    """Only reviewers approve or reject recommendations."""
    return user.role == Role.reviewer


def can_release(user: User) -> bool:
    """Reviewers and coordinators render and publish packets."""
    return user.role in (Role.reviewer, Role.coordinator)


def can_audit(user: User) -> bool:
    """The trail (evidence, silent rules, the queue) is for reviewers and coordinators."""
    return user.role in (Role.reviewer, Role.coordinator)


def can_see_org(user: User, org_code: str | None) -> bool:
    """A school user sees its own organization only; the others see every one."""
    return user.role != Role.school or (org_code is not None and org_code == user.org_code)


def require(allowed: bool) -> None:
    if not allowed:
        raise Forbidden


def require_org(user: User, org_code: str | None) -> None:
    require(can_see_org(user, org_code))
