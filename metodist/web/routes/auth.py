"""Signing in and out of the pages; the API's own login is in `routes.api`.

The login form is protected by a double-submit token (a cookie and a hidden
field), since there is no session to hold one yet.
"""

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from metodist.web import accounts
from metodist.web.accounts import User
from metodist.web.deps import CsrfChecked, Desk, DeskDep, session_of
from metodist.web.pages import page
from metodist.web.security import COOKIE, csrf_matches
from models.enums import Role

router = APIRouter()
LOGIN_CSRF = "metodist_login"


def home_of(user: User) -> str:
    """A head lands on the organization's packets, everyone else on the dashboard."""
    return f"/packets/{user.org_code}" if user.role == Role.school else "/"


def _safe_next(target: str | None) -> str | None:
    # only a path of this site: never «//evil.example» or «https://…»
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return None


def _form(
    request: Request, desk: Desk, *, error: str = "", login: str = "", status: int = 200
) -> Response:
    token = secrets.token_urlsafe(24)
    response = page(
        request,
        "login.html",
        status_code=status,
        login_csrf=token,
        error=error,
        login=login,
        next=_safe_next(request.query_params.get("next")) or "",
    )
    response.set_cookie(
        LOGIN_CSRF, token, httponly=True, samesite="strict", secure=desk.secure_cookies
    )
    return response


@router.get("/login")
def login_form(request: Request, desk: DeskDep) -> Response:
    data = session_of(request)
    user = accounts.get_user(desk.url, data.login) if data else None
    if user is not None:
        return RedirectResponse(home_of(user), status_code=303)
    return _form(request, desk)


@router.post("/login")
def login(
    request: Request,
    desk: DeskDep,
    login: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    if not csrf_matches(request.cookies.get(LOGIN_CSRF, ""), csrf):
        return _form(request, desk, error="Форма устарела. Попробуйте ещё раз.", status=403)
    login = login.strip().lower()
    if desk.throttle.locked(login):
        return _form(
            request,
            desk,
            login=login,
            status=429,
            error="Слишком много неудачных попыток входа. Подождите минуту.",
        )
    user = accounts.authenticate(desk.url, login=login, password=password)
    if user is None:
        desk.throttle.fail(login)
        return _form(request, desk, login=login, status=401, error="Неверный логин или пароль.")
    cookie, _ = desk.signer.dump(user.login)
    response = RedirectResponse(_safe_next(next) or home_of(user), status_code=303)
    response.set_cookie(
        COOKIE,
        cookie,
        max_age=desk.signer.max_age_s,
        httponly=True,
        samesite="lax",
        secure=desk.secure_cookies,
    )
    response.delete_cookie(LOGIN_CSRF)
    return response


@router.post("/logout", dependencies=[CsrfChecked])
def logout() -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response
