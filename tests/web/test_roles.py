"""Every route of the desk for every role: who gets the page, who is sent to sign in,
who is refused; the API's answers by token, as docs/contract.md "Web API" says."""

import pytest
from sqlmodel import col, select

from metodist.db import session_scope
from models import Recommendation
from tests.web.conftest import OTHER, SCHOOL, bearer

ROLES = (None, "rev", "coord", "head")
LOGIN = "login"  # anonymous pages: a redirect to the login form


def _rec_id(url: str, org: str) -> int:
    with session_scope(url) as s:
        found = s.exec(select(Recommendation.id).where(col(Recommendation.org_code) == org)).first()
    assert found is not None
    return found


#: path -> the answer for (anonymous, reviewer, coordinator, head of SCHOOL)
PAGES = {
    "/": (LOGIN, 200, 200, 303),
    "/queue": (LOGIN, 200, 200, 403),
    f"/queue/{SCHOOL}": (LOGIN, 200, 200, 403),
    f"/queue/{SCHOOL}/silent": (LOGIN, 200, 200, 403),
    "/queue/centre": (LOGIN, 200, 200, 403),
    "/recommendations/{rec}": (LOGIN, 200, 200, 403),
    "/recommendations/{other_rec}": (LOGIN, 200, 200, 403),
    "/catalogue": (LOGIN, 200, 200, 200),
    "/packets": (LOGIN, 200, 200, 303),
    f"/packets/{SCHOOL}": (LOGIN, 200, 200, 200),
    f"/packets/{OTHER}": (LOGIN, 200, 200, 403),
    # nothing rendered or published yet
    f"/packets/{SCHOOL}/packet.pdf": (LOGIN, 404, 404, 404),
    f"/packets/{OTHER}/packet.pdf": (LOGIN, 404, 404, 403),
    f"/packets/{OTHER}/routes.pdf": (LOGIN, 404, 404, 403),
}


@pytest.mark.parametrize("path", PAGES)
def test_pages_by_role(path, desk_url, as_user):
    url = path.format(rec=_rec_id(desk_url, SCHOOL), other_rec=_rec_id(desk_url, OTHER))
    for role, expected in zip(ROLES, PAGES[path], strict=True):
        answer = as_user(role).get(url)
        if expected == LOGIN:
            assert answer.status_code == 303
            assert answer.headers["location"].startswith("/login?next=")
        else:
            assert answer.status_code == expected, (role, url, answer.text[:300])
        assert "Traceback" not in answer.text


def test_a_head_lands_on_the_own_packet(as_user):
    answer = as_user("head").get("/")
    assert answer.headers["location"] == f"/packets/{SCHOOL}"


#: (path, decision) -> the answer for (anonymous, reviewer, coordinator, head), CSRF token sent
POSTS = {
    ("/recommendations/{rec}/decision", "approve"): (403, 303, 403, 403),
    (f"/queue/{SCHOOL}/approve", None): (403, 303, 403, 403),
    (f"/packets/{SCHOOL}/publish", None): (403, 404, 404, 403),
    (f"/packets/{OTHER}/render", None): (403, None, None, 403),
}


@pytest.mark.parametrize("key", POSTS)
def test_posts_by_role(key, desk_url, as_user):
    path, decision = key
    path = path.format(rec=_rec_id(desk_url, SCHOOL))
    for role, expected in zip(ROLES, POSTS[key], strict=True):
        if expected is None:
            continue  # rendering is slow: tests/web/test_packets.py renders
        client = as_user(role)
        form = {"csrf": getattr(client, "csrf", "none"), "read": "yes"}
        if decision:
            form["decision"] = decision
        answer = client.post(path, data=form)
        assert answer.status_code == expected, (role, path, answer.text[:300])


def test_form_posts_without_the_csrf_token_are_refused(desk_url, as_user):
    rev = as_user("rev")
    rec = _rec_id(desk_url, SCHOOL)
    for path, form in [
        (f"/recommendations/{rec}/decision", {"decision": "approve"}),
        (f"/recommendations/{rec}/decision", {"decision": "approve", "csrf": "forged"}),
        (f"/queue/{SCHOOL}/approve", {"read": "yes"}),
        (f"/packets/{SCHOOL}/render", {}),
        ("/logout", {}),
    ]:
        answer = rev.post(path, data=form)
        assert answer.status_code == 403, path
        assert "Форма устарела" in answer.text
    with session_scope(desk_url) as s:
        statuses = set(s.exec(select(Recommendation.status)).all())
    assert statuses == {"proposed"}  # nothing was decided


def test_a_session_cookie_signed_with_another_key_is_no_session(app, as_user):
    from fastapi.testclient import TestClient

    from metodist.web.security import COOKIE, SessionSigner

    forged, _ = SessionSigner("another key", max_age_s=3600).dump("rev")
    client = TestClient(app, follow_redirects=False, cookies={COOKIE: forged})
    assert client.get("/queue").status_code == 303


# ---- the API ----

API = {
    ("GET", "/api/recommendations"): (401, 200, 200, 200),
    ("GET", f"/api/recommendations?org={SCHOOL}"): (401, 200, 200, 200),
    ("GET", f"/api/recommendations?org={OTHER}"): (401, 200, 200, 403),
    ("POST", "/api/recommendations/{rec}/decision"): (401, 200, 403, 403),
    ("POST", f"/api/packets/{OTHER}/render"): (401, None, None, 403),
    ("POST", f"/api/packets/{SCHOOL}/publish"): (401, 404, 404, 403),
    ("GET", f"/api/packets/{SCHOOL}"): (401, 404, 404, 404),
    ("GET", f"/api/packets/{OTHER}"): (401, 404, 404, 403),
}


@pytest.mark.parametrize("key", API)
def test_api_by_role(key, app, desk_url):
    from fastapi.testclient import TestClient

    method, path = key
    path = path.format(rec=_rec_id(desk_url, SCHOOL))
    client = TestClient(app, raise_server_exceptions=False)
    for role, expected in zip(ROLES, API[key], strict=True):
        if expected is None:
            continue
        headers = bearer(app, role) if role else {}
        body = {"decision": "approve", "comment": "проверено"} if "decision" in path else None
        answer = client.request(method, path, headers=headers, json=body)
        assert answer.status_code == expected, (role, path, answer.text[:300])
        assert answer.headers["content-type"].startswith("application/json")


def test_a_bad_token_is_401(app):
    from fastapi.testclient import TestClient

    client = TestClient(app)
    for headers in ({"Authorization": "Bearer nonsense"}, {"Authorization": "Basic cmV2OnB3"}):
        answer = client.get("/api/recommendations", headers=headers)
        assert answer.status_code == 401
        assert answer.json()["detail"]
