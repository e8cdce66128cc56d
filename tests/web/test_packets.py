"""Packets from the desk: rendered now from the latest runs, a draft until every
recommendation is reviewed, published for the school, downloaded by its head."""

import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from metodist.db import session_scope
from metodist.web import releases
from models import PacketRelease
from tests.web.conftest import OTHER, SCHOOL, bearer

pytestmark = pytest.mark.slow  # renders PDFs


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_render_publish_download(app, as_user):
    rev, head = as_user("rev"), as_user("head")
    assert rev.post(f"/packets/{SCHOOL}/render", data={"csrf": rev.csrf}).status_code == 303
    draft = rev.get(f"/packets/{SCHOOL}/packet.pdf")
    assert draft.status_code == 200 and draft.headers["content-type"] == "application/pdf"
    assert "ПРОЕКТ" in _text(draft.content)
    refused = rev.post(f"/packets/{SCHOOL}/publish", data={"csrf": rev.csrf})
    assert refused.status_code == 409 and "не все рекомендации одобрены" in refused.text
    assert head.get(f"/packets/{SCHOOL}/packet.pdf").status_code == 404  # nothing published
    assert "ещё не опубликован" in head.get(f"/packets/{SCHOOL}").text

    rev.post(f"/queue/{SCHOOL}/approve", data={"csrf": rev.csrf, "read": "yes"})
    rev.post(f"/packets/{SCHOOL}/render", data={"csrf": rev.csrf})
    assert rev.post(f"/packets/{SCHOOL}/publish", data={"csrf": rev.csrf}).status_code == 303

    page = head.get(f"/packets/{SCHOOL}").text
    assert "Скачать пакет (PDF)" in page and "Сформировать" not in page
    published = head.get(f"/packets/{SCHOOL}/packet.pdf")
    assert published.status_code == 200
    text = _text(published.content)
    assert "ПРОЕКТ" not in text
    routes = head.get(f"/packets/{SCHOOL}/routes.pdf")
    assert routes.status_code == 200 and routes.headers["content-type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(routes.content)).pages
    first = pages[0].extract_text()
    assert len(pages) > 1 and "Индивидуальный образовательный маршрут" in first
    assert "С маршрутом ознакомлен(а)" in first
    assert head.get(f"/packets/{OTHER}/packet.pdf").status_code == 403

    # a later rendering is a new file: the published one stays what the head downloads
    rev.post(f"/packets/{SCHOOL}/render", data={"csrf": rev.csrf})
    assert head.get(f"/packets/{SCHOOL}/packet.pdf").content == published.content


def test_the_api_renders_and_publishes(app, desk_url):
    from fastapi.testclient import TestClient

    client = TestClient(app)
    coord, rev = bearer(app, "coord"), bearer(app, "rev")
    rendered = client.post(f"/api/packets/{OTHER}/render", headers=coord)
    assert rendered.status_code == 200
    assert rendered.json()["draft"] is True and rendered.json()["file"].endswith(".pdf")
    assert client.post(f"/api/packets/{OTHER}/publish", headers=coord).status_code == 409
    recs = client.get(f"/api/recommendations?org={OTHER}&status=proposed", headers=rev).json()
    for rec in recs:
        answer = client.post(
            f"/api/recommendations/{rec['id']}/decision",
            json={"decision": "approve", "comment": ""},
            headers=rev,
        )
        assert answer.status_code == 200 and answer.json()["status"] == "approved"
    assert client.post(f"/api/packets/{OTHER}/render", headers=coord).json()["draft"] is False
    published = client.post(f"/api/packets/{OTHER}/publish", headers=coord)
    assert published.json() == {"file": published.json()["file"], "published": True}
    pdf = client.get(f"/api/packets/{OTHER}", headers=rev)
    assert pdf.headers["content-type"] == "application/pdf"
    assert "ПРОЕКТ" not in _text(pdf.content)


def test_the_packets_page_shows_each_organizations_latest_rendering(desk_url):
    def add(org: str, *, published: bool) -> int:
        with session_scope(desk_url) as s:
            row = PacketRelease(org_code=org, year=2026, path="p", routes_path="r", draft=False,
                                rendered_by="rev", published_by="rev" if published else None,
                                published_at=datetime.now(UTC) if published else None)  # fmt: skip
            s.add(row)
            s.flush()
            assert row.id is not None
            return row.id

    first, second = add(SCHOOL, published=True), add(SCHOOL, published=False)
    other = add(OTHER, published=False)
    rendered = releases.latest_by_org(desk_url, published=False)
    assert {code: r.id for code, r in rendered.items()} == {SCHOOL: second, OTHER: other}
    published = releases.latest_by_org(desk_url, published=True)
    assert {code: r.id for code, r in published.items()} == {SCHOOL: first}
    assert releases.latest(desk_url, org_code=SCHOOL, published=False).id == second


def test_the_packets_page_lists_organizations_never_rendered(as_user):
    rev = as_user("rev")
    assert rev.post(f"/packets/{SCHOOL}/render", data={"csrf": rev.csrf}).status_code == 303
    page = rev.get("/packets").text
    school_row = page.split(f'<span class="muted">{SCHOOL}</span>', 1)[1].split("</tr>", 1)[0]
    assert "не формировался" not in school_row
    assert "не формировался" in page.split(f'<span class="muted">{OTHER}</span>', 1)[1]
