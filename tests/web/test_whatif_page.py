"""The desk's what-if page: the same difference as `metodist whatif`, by organization,
for reviewers and coordinators only, and nothing stored changes."""

import hashlib
from pathlib import Path

from metodist.db import get_engine
from metodist.whatif import whatif
from tests.web.conftest import SCHOOL


def _digest(url: str) -> str:
    get_engine(url).dispose()
    return hashlib.sha256(Path(url.removeprefix("sqlite:///")).read_bytes()).hexdigest()


def test_the_page_shows_the_difference_of_the_command_by_organization(desk_url, as_user):
    rev = as_user("rev")
    assert "deficits.critical_below=45" in rev.get("/whatif").text
    before = _digest(desk_url)
    page = rev.post(
        "/whatif",
        data={"csrf": rev.csrf, "changes": "deficits.critical_below=45", "org": SCHOOL},
    )
    assert page.status_code == 200, page.text
    assert _digest(desk_url) == before  # the database as it was
    expected = whatif(desk_url, {"deficits.critical_below": "45"}, org=SCHOOL).to_json()
    shown = sum(len(v) for v in expected.values())
    assert shown > 0
    assert f"<h2>{SCHOOL} — " in page.text and page.text.count('<td class="rule">') == shown


def test_a_bad_key_is_one_line_and_a_school_user_cannot_ask(desk_url, as_user):
    rev = as_user("rev")
    bad = rev.post("/whatif", data={"csrf": rev.csrf, "changes": "deficits.critical=45"})
    assert bad.status_code == 200 and "Не удалось: " in bad.text and "Traceback" not in bad.text
    head = as_user("head")
    assert head.get("/whatif").status_code == 403
    assert head.post("/whatif", data={"csrf": head.csrf, "changes": "x=1"}).status_code == 403
    assert rev.post("/whatif", data={"changes": "deficits.critical_below=45"}).status_code in (
        400,
        403,
    )  # no CSRF token
