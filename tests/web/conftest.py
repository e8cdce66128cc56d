"""Fixtures of the desk's tests: the smallest demo municipality after every stage before
packets (built once per session), copied for each test that changes it, with one user
of each role and clients signed in as them."""

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from metodist import db
from metodist.config import get_settings
from metodist.documents.preview import demo_database
from metodist.web import accounts
from metodist.web.app import create_app

PASSWORDS = {"rev": "пароль-методиста", "coord": "пароль-координатора", "head": "пароль-директора"}
SCHOOL, OTHER = "M01-S01", "M01-D01"


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("desk-demo")
    url = demo_database(folder, schools=1)
    accounts.add_user(url, login="rev", role="reviewer", password=PASSWORDS["rev"])
    accounts.add_user(url, login="coord", role="coordinator", password=PASSWORDS["coord"])
    accounts.add_user(url, login="head", role="school", password=PASSWORDS["head"], org_code=SCHOOL)
    db.get_engine(url).dispose()
    return folder / "metodist.db"


@pytest.fixture
def desk_url(demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A private copy of the demo database; packets go to the test's own folder."""
    copy = tmp_path / "metodist.db"
    shutil.copy(demo_template, copy)
    url = f"sqlite:///{copy}"
    monkeypatch.setenv("METODIST_DATABASE_URL", url)
    monkeypatch.setenv("METODIST_OUT_DIR", str(tmp_path / "out"))
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()
    db.get_engine(url).dispose()


@pytest.fixture
def app(desk_url: str) -> FastAPI:
    return create_app(desk_url)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def sign_in(app: FastAPI, login: str | None) -> TestClient:
    """A client signed in as `login` (None: anonymous); its `csrf` attribute is the session's."""
    client = TestClient(app, raise_server_exceptions=False, follow_redirects=False)
    if login is not None:
        form = client.get("/login")
        answer = client.post(
            "/login",
            data={"login": login, "password": PASSWORDS[login], "csrf": csrf_of(form.text)},
        )
        assert answer.status_code == 303, answer.text
        client.csrf = csrf_of(client.get("/catalogue").text)  # type: ignore[attr-defined]
    return client


@pytest.fixture
def as_user(app: FastAPI) -> Callable[[str | None], TestClient]:
    return lambda login: sign_in(app, login)


def bearer(app: FastAPI, login: str) -> dict[str, str]:
    client = TestClient(app)
    token = client.post("/api/login", json={"login": login, "password": PASSWORDS[login]})
    assert token.status_code == 200, token.text
    return {"Authorization": f"Bearer {token.json()['token']}"}
