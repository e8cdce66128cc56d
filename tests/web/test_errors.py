"""Errors are pages (or JSON under /api) in the user's words, never a traceback."""

import pytest
from fastapi.testclient import TestClient

from metodist.web import queue
from tests.web.conftest import bearer


def test_a_crash_is_a_page_without_the_traceback(app, as_user, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internals /etc/metodist")

    monkeypatch.setattr(queue, "dashboard_orgs", broken)
    page = as_user("rev").get("/queue")
    assert page.status_code == 500
    assert "Внутренняя ошибка" in page.text
    assert "Traceback" not in page.text and "secret internals" not in page.text


def test_api_errors_are_json(app):
    client = TestClient(app, raise_server_exceptions=False)
    headers = bearer(app, "rev")
    for method, path, body, status in [
        ("GET", "/api/nothing-here", None, 404),
        ("POST", "/api/recommendations/999999/decision", {"decision": "approve"}, 422),
        ("POST", "/api/recommendations/1/decision", {"decision": "maybe"}, 422),
        ("POST", "/api/login", {"login": "rev"}, 422),
        ("POST", "/api/packets/nope/render", None, 404),
    ]:
        answer = client.request(method, path, json=body, headers=headers)
        assert answer.status_code == status, (path, answer.text)
        assert answer.headers["content-type"] == "application/json"
        assert answer.json()["detail"]


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/nothing-here", 404, "Не найдено"),
        ("/queue/nope", 404, "Не найдено"),
        ("/recommendations/999999", 404, "Не найдено"),
        ("/recommendations/abc", 422, "Неверный запрос"),
        ("/queue/M01-S01?after=-5", 422, "Неверный запрос"),
    ],
)
def test_page_errors_are_pages(as_user, path, status, words):
    page = as_user("rev").get(path)
    assert page.status_code == status
    assert page.headers["content-type"].startswith("text/html")
    assert words in page.text and "Traceback" not in page.text


def test_no_recommendations_yet(sqlite_url, monkeypatch):
    """A fresh database: the dashboard says what to run, the API answers 404."""
    from metodist.web import accounts
    from metodist.web.app import create_app
    from tests.web.conftest import sign_in

    accounts.add_user(sqlite_url, login="rev", role="reviewer", password="пароль-методиста")
    app = create_app(sqlite_url)
    rev = sign_in(app, "rev")
    assert "ещё не запускались" in rev.get("/").text
    assert rev.get("/queue").status_code == 404
    answer = TestClient(app).get("/api/recommendations", headers=bearer(app, "rev"))
    assert answer.status_code == 404 and "run" in answer.json()["detail"]
