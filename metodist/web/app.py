"""The desk's FastAPI application: routers, static files, security headers, and errors
that are always a page (or, under `/api`, JSON) in the user's terms, never a traceback."""

import logging
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from starlette.exceptions import HTTPException

from metodist.audit import NoRecommendations
from metodist.config import get_settings
from metodist.db import init_db
from metodist.documents.environment import ASSETS_DIR
from metodist.review import ReviewError
from metodist.stages.errors import PrerequisiteMissing
from metodist.web import accounts
from metodist.web.deps import BadCsrf, Desk, Forbidden, LoginRequired
from metodist.web.pages import page
from metodist.web.releases import ReleaseError, StillDraft
from metodist.web.routes import api, auth, overview, packets, review, whatif
from metodist.web.security import LoginThrottle, SessionSigner

STATIC = Path(__file__).parent / "static"
log = logging.getLogger("metodist.web")

#: what the desk says for each refusal: status, the page's title, its message
_MESSAGES = {
    401: ("Нужно войти", "Войдите, чтобы продолжить."),
    403: ("Нет доступа", "Эта страница не для вашей учётной записи."),
    404: ("Не найдено", "Такой страницы или записи нет."),
    405: ("Не найдено", "Такой страницы нет."),
    409: ("Пока нельзя", "Действие сейчас невозможно."),
    422: ("Неверный запрос", "В запросе не хватает данных или они неверны."),
    429: ("Слишком много попыток", "Слишком много неудачных входов. Подождите минуту."),
    500: ("Внутренняя ошибка", "Что-то пошло не так. Ошибка записана в журнал сервера."),
}
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)


def create_app(url: str | None = None) -> FastAPI:
    """The desk on the database at `url` (default: the configured one), migrated first."""
    _plan_queries(init_db(url))
    settings = get_settings()
    app = FastAPI(title="Metodist", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.desk = Desk(
        url=url,
        signer=SessionSigner(
            accounts.session_secret(url), max_age_s=settings.web_session_hours * 3600
        ),
        throttle=LoginThrottle(),
        secure_cookies=settings.web_secure_cookies,
    )
    # the documents' bundled fonts, so that the desk looks like the packets it prints
    app.mount("/static/fonts", StaticFiles(directory=ASSETS_DIR / "fonts"), name="fonts")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (auth, overview, review, packets, whatif, api):
        app.include_router(module.router)
    _handle_errors(app)

    @app.middleware("http")
    async def _headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", _CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if not request.url.path.startswith("/static"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    return app


def _plan_queries(engine: Engine) -> None:
    """Give SQLite the recommendations' statistics, once per start.

    Without them it reads one organization's page through the run's index (every
    recommendation of the run: 0.1–0.4 s at a region's 158,000) instead of the
    organization's (under a millisecond). PostgreSQL's autovacuum keeps its own.
    """
    if engine.dialect.name == "sqlite":
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE recommendation")


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def refusal(
    request: Request, status: int, detail: str | None = None, *, api_detail: str | None = None
) -> Response:
    """The refusal as JSON under `/api`, else as a page; `api_detail` (the domain's own,
    English message) goes to API clients only, `detail` (Russian) to both."""
    title, message = _MESSAGES.get(status, _MESSAGES[500])
    headers = {"Retry-After": "60"} if status == 429 else None
    if _is_api(request):
        body = {"detail": api_detail or detail or message}
        return JSONResponse(body, status_code=status, headers=headers)
    response = page(
        request, "error.html", status_code=status, title=title, message=message, detail=detail
    )
    if headers:
        response.headers.update(headers)
    return response


def _handle_errors(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Response:
        if _is_api(request):
            return JSONResponse(
                {"detail": "нужен действующий токен: POST /api/login"},
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        return refusal(request, 403)

    @app.exception_handler(BadCsrf)
    async def _csrf(request: Request, exc: BadCsrf) -> Response:
        return refusal(
            request,
            403,
            "Форма устарела или отправлена не со страницы Методиста. "
            "Обновите страницу и повторите.",
        )

    @app.exception_handler(StillDraft)
    async def _draft(request: Request, exc: StillDraft) -> Response:
        return refusal(
            request,
            409,
            "Последний пакет — проект: не все рекомендации одобрены. "
            "Одобрите их, сформируйте пакет заново и опубликуйте.",
            api_detail=str(exc),
        )

    @app.exception_handler(NoRecommendations)
    @app.exception_handler(ReleaseError)
    @app.exception_handler(PrerequisiteMissing)
    async def _missing(request: Request, exc: Exception) -> Response:
        return refusal(request, 404, api_detail=str(exc))

    @app.exception_handler(ReviewError)
    async def _review(request: Request, exc: ReviewError) -> Response:
        return refusal(request, 422, api_detail=str(exc))

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) and exc.status_code != 404 else None
        return refusal(request, exc.status_code, detail)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        fields = ", ".join(".".join(str(p) for p in e.get("loc", ())) for e in exc.errors())
        return refusal(request, 422, f"проверьте поля: {fields}" if fields else None)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        log.exception("the desk failed on %s %s", request.method, request.url.path)
        return refusal(request, 500)
