"""The reviewer's path in the pages: the queue by organization with its filters and pages,
a recommendation explained, a decision in place (HTMX) recorded with the login, bulk
approval that leaves a colleague's rejection standing."""

import json
import re

from sqlmodel import col, func, select
from typer.testing import CliRunner

from metodist.cli import app as cli
from metodist.db import session_scope
from metodist.web.queue import PAGE
from models import Recommendation
from tests.web.conftest import SCHOOL


def _ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<td class="num"><a href="/recommendations/(\d+)">', html)]


def _recs(url: str, **where: str) -> list[Recommendation]:
    with session_scope(url) as s:
        query = select(Recommendation).where(col(Recommendation.org_code) == SCHOOL)
        for name, value in where.items():
            query = query.where(getattr(Recommendation, name) == value)
        return list(s.exec(query.order_by(col(Recommendation.id))).all())


def test_the_queue_lists_every_organization_with_its_counts(desk_url, as_user):
    page = as_user("rev").get("/queue").text
    with session_scope(desk_url) as s:
        n = s.exec(select(func.count()).where(col(Recommendation.org_code) == SCHOOL)).one()
    row = re.search(rf'href="/queue/{SCHOOL}">.*?</tr>', page, re.S)
    assert row and f'<td class="num">{n}</td>' in row.group(0)
    assert 'href="/queue/centre"' in page


def test_filters_and_pages_follow_the_url(desk_url, as_user):
    rev = as_user("rev")
    high = [r.id for r in _recs(desk_url, priority="high")]
    assert len(high) > 0
    page = rev.get(f"/queue/{SCHOOL}?priority=high").text
    assert _ids(page) == high[:PAGE]
    rule = _recs(desk_url)[0].rule_id
    assert set(_ids(rev.get(f"/queue/{SCHOOL}?rule={rule.lower()}").text)) == {
        r.id for r in _recs(desk_url, rule_id=rule)
    }
    every = [r.id for r in _recs(desk_url)]
    assert len(every) > PAGE  # the demo school has more than one page
    first = rev.get(f"/queue/{SCHOOL}").text
    assert _ids(first) == every[:PAGE]
    link = re.search(r'href="(/queue/[^"]+after=\d+)">следующие', first)
    assert link
    second = rev.get(link.group(1).replace("&amp;", "&")).text
    assert _ids(second) == every[PAGE : 2 * PAGE]
    # an unknown filter value is ignored, not an error
    assert _ids(rev.get(f"/queue/{SCHOOL}?priority=urgent").text) == every[:PAGE]


def test_the_recommendation_page_explains_it(desk_url, as_user):
    rec = _recs(desk_url, rule_id="T01")[0]
    page = as_user("coord").get(f"/recommendations/{rec.id}").text
    assert rec.text[:60] in page.replace("&#34;", '"').replace("&#39;", "'") or rec.title in page
    assert "Срабатывает, если" in page  # the catalogue's conditions in Russian
    assert "deficits.critical_below" in page  # its threshold
    assert "версия базы правил" in page
    assert "Результат диагностики" in page  # the matched facts, named in Russian
    assert "critical" not in re.sub(r"<code>.*?</code>|deficits\.critical_below", "", page)
    assert "Одобрить" not in page  # a coordinator does not decide


def test_a_decision_is_recorded_with_the_login_and_shows_in_export(desk_url, as_user, tmp_path):
    rev = as_user("rev")
    rec = _recs(desk_url)[0]
    answer = rev.post(
        f"/recommendations/{rec.id}/decision",
        data={"decision": "reject", "comment": "уже на курсах", "csrf": rev.csrf},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 200
    assert answer.text.lstrip().startswith('<section class="card" id="decision">')
    assert "отклонена" in answer.text and "rev" in answer.text and "уже на курсах" in answer.text
    out = tmp_path / "recs.json"
    result = CliRunner().invoke(
        cli, ["export", "recommendations", "--format", "json", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    exported = {r["id"]: r for r in json.loads(out.read_text(encoding="utf-8"))}
    assert exported[rec.id]["status"] == "rejected"
    explained = CliRunner().invoke(cli, ["explain", str(rec.id)], terminal_width=200)
    assert "rev" in explained.output and "уже на курсах" in explained.output


def test_bulk_approval_approves_the_proposed_and_keeps_a_rejection(desk_url, as_user):
    rev = as_user("rev")
    rejected = _recs(desk_url)[1]
    rev.post(
        f"/recommendations/{rejected.id}/decision",
        data={"decision": "reject", "comment": "нет", "csrf": rev.csrf},
    )
    refused = rev.post(f"/queue/{SCHOOL}/approve", data={"csrf": rev.csrf})
    assert refused.status_code == 422  # «прочитал(а)» not ticked
    assert _recs(desk_url, status="approved") == []
    answer = rev.post(f"/queue/{SCHOOL}/approve", data={"csrf": rev.csrf, "read": "yes"})
    assert answer.status_code == 303
    total = len(_recs(desk_url))
    assert answer.headers["location"] == f"/queue/{SCHOOL}?done={total - 1}"
    assert {r.id for r in _recs(desk_url, status="rejected")} == {rejected.id}
    assert len(_recs(desk_url, status="approved")) == total - 1
    done = rev.get(answer.headers["location"]).text
    assert f"Одобрено рекомендаций: {total - 1}" in done


def test_silent_rules_say_why(as_user):
    page = as_user("rev").get(f"/queue/{SCHOOL}/silent").text
    assert "не выполнено" in page
