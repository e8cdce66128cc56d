"""Sign-in and its guards: hashed passwords and tokens, signed cookies, the throttle."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from metodist.db import session_scope
from metodist.web.security import (
    COOKIE,
    MAX_FAILURES,
    LoginThrottle,
    SessionSigner,
    hash_password,
    verify_password,
)
from models import ApiToken, DeskUser
from tests.web.conftest import PASSWORDS, csrf_of


def test_passwords_and_tokens_are_stored_hashed(app, desk_url):
    client = TestClient(app)
    token = client.post("/api/login", json={"login": "rev", "password": PASSWORDS["rev"]})
    with session_scope(desk_url) as s:
        user = s.get(DeskUser, "rev")
        digests = s.exec(select(ApiToken.digest)).all()
    assert user is not None and PASSWORDS["rev"] not in user.password_hash
    assert user.password_hash.startswith("$argon2")
    assert token.json()["token"] not in digests and len(digests) == 1
    assert verify_password(user.password_hash, PASSWORDS["rev"])
    assert not verify_password(user.password_hash, "другой пароль")
    assert not verify_password("not a hash", "x")
    assert hash_password("x") != hash_password("x")  # salted


def test_the_session_cookie_is_httponly_and_samesite(app):
    client = TestClient(app, follow_redirects=False)
    form = client.get("/login")
    answer = client.post(
        "/login",
        data={"login": "coord", "password": PASSWORDS["coord"], "csrf": csrf_of(form.text)},
    )
    cookie = next(v for k, v in answer.headers.multi_items() if k == "set-cookie" and COOKIE in v)
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie  # METODIST_WEB_SECURE_COOKIES is off by default


def test_signed_session_expires_and_rejects_tampering():
    signer = SessionSigner("key", max_age_s=60)
    cookie, data = signer.dump("rev")
    assert signer.load(cookie) == data
    assert signer.load(cookie[:-2] + "xx") is None
    assert SessionSigner("key", max_age_s=-1).load(cookie) is None
    assert signer.load(None) is None


def test_the_throttle_locks_a_login_for_the_rest_of_the_minute():
    throttle = LoginThrottle()
    for i in range(MAX_FAILURES):
        assert not throttle.locked("Rev", now=100.0 + i)
        throttle.fail("Rev", now=100.0 + i)
    assert throttle.locked("rev", now=110.0)
    assert not throttle.locked("coord", now=110.0)
    assert throttle.locked("rev", now=159.9)
    assert not throttle.locked("rev", now=160.5)  # the first failure is a minute old


@pytest.mark.parametrize("where", ["api", "page"])
def test_ten_failed_logins_then_429_even_with_the_right_password(app, where):
    client = TestClient(app, follow_redirects=False)

    def attempt(password: str) -> int:
        if where == "api":
            return client.post(
                "/api/login", json={"login": "rev", "password": password}
            ).status_code
        token = csrf_of(client.get("/login").text)
        return client.post(
            "/login", data={"login": "rev", "password": password, "csrf": token}
        ).status_code

    assert [attempt("неверный") for _ in range(MAX_FAILURES)] == [401] * MAX_FAILURES
    assert attempt(PASSWORDS["rev"]) == 429
    other = client.post("/api/login", json={"login": "coord", "password": PASSWORDS["coord"]})
    assert other.status_code == 200


def test_login_never_redirects_off_site(app):
    client = TestClient(app, follow_redirects=False)
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        form = client.get(f"/login?next={target}")
        answer = client.post(
            "/login",
            data={
                "login": "rev",
                "password": PASSWORDS["rev"],
                "csrf": csrf_of(form.text),
                "next": target,
            },
        )
        assert answer.headers["location"] == "/"
        client.cookies.clear()


def test_logout_ends_the_session(as_user):
    rev = as_user("rev")
    assert rev.post("/logout", data={"csrf": rev.csrf}).status_code == 303
    assert rev.get("/queue").status_code == 303


def test_pages_send_security_headers(as_user):
    headers = as_user("rev").get("/queue").headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
