"""The audit trail: catalogue rows, fired and silent rules, one explanation, the export."""

import csv
import io
import json

import pytest
from rich.console import Console

from metodist import audit, audit_view
from metodist.review import review
from rules.catalogue import CATALOGUE
from rules.thresholds import Thresholds
from tests.stages.test_recommendations import fill, prerequisites, run_recommendations


@pytest.fixture
def trail(db_url: str) -> tuple[str, int]:
    fill(db_url)
    prerequisites(db_url)
    return db_url, run_recommendations(db_url)


def rendered(renderable) -> str:  # type: ignore[no-untyped-def]
    console = Console(width=160, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def test_catalogue_rows_carry_everything_the_rules_command_shows():
    rows = audit.catalogue_rows()
    assert [r["id"] for r in rows] == list(CATALOGUE)
    t09 = next(r for r in rows if r["id"] == "T09")
    assert t09["addressee"] == "organization" and t09["family"] == "teacher"
    assert t09["thresholds"] == {"burnout.risk_score": 70}
    assert "002_fa86f36a544a7863.txt" in t09["seeds"]
    assert "T04" in rendered(audit_view.catalogue_table())


def test_no_run_is_a_clear_error(db_url):
    with pytest.raises(audit.NoRecommendations, match="metodist run recommendations"):
        audit.firings(db_url)
    with pytest.raises(audit.NoRecommendations):
        audit.export_recommendations(db_url, fmt="json")


def test_firings_filter_by_school_rule_and_teacher(trail):
    url, run_id = trail
    everything = audit.firings(url)
    # the recommendations fixture: 21 firings (its newcomer s1-t2 owes no PD course yet)
    assert len(everything) == 21 and {r["run_id"] for r in everything} == {run_id}
    assert {r["org_code"] for r in audit.firings(url, org="s2")} == {"s2"}
    assert {r["rule_id"] for r in audit.firings(url, rule="t01")} == {"T01"}
    mine = audit.firings(url, teacher="s1-t3")
    assert [r["rule_id"] for r in mine] == ["T09"]  # addressed to the head, about s1-t3
    row = audit.firings(url, rule="T04")[0]
    assert row["rule_name"] == "choose_mentor_by_criteria" or row["rule_name"] == "assign_mentor"
    assert row["facts"]["teacher"]["young"] is True
    assert "T04" in rendered(audit_view.firings_table(url, rule="T04"))


def test_silent_rules_say_why(trail):
    url, _ = trail
    silent = {r["rule_id"]: r["why"] for r in audit.silent_rules(url, org="s2")}
    assert "T01" in silent and "O01" not in silent and "O04" not in silent
    # the why is the first catalogue condition no fact meets, worded as the catalogue words it
    vacancies = CATALOGUE["O05"].when[0].text(Thresholds())
    assert silent["O05"] == f"не выполнено: {vacancies} (у организации: 0)"
    assert silent["M01"].startswith("не выполнено: по итогам мониторинга")
    assert silent["M01"].endswith("(у организации: высокая)")
    assert "T09" in silent and "выгорания" in silent["T09"]
    assert silent["T09"].startswith("ни для одного педагога не выполнено:")
    s1 = {r["rule_id"] for r in audit.silent_rules(url, org="s1")}
    assert "M01" not in s1 and "T01" not in s1 and "O02" in s1
    assert "O05" in rendered(audit_view.silent_table(url, org="s2"))


def test_explain_gives_the_rule_the_facts_and_the_review_history(trail):
    url, _ = trail
    rec_id = next(r["recommendation_id"] for r in audit.firings(url, rule="T01"))
    review(url, decision="approved", rec_id=rec_id, reviewer="методист", comment="согласовано")
    data = audit.explain(url, rec_id)
    assert data["rule"]["id"] == "T01" and "критического дефицита" in data["rule"]["conditions"]
    assert "seed 004" in data["rule"]["source"]
    assert data["firing"]["facts"]["deficit"]["level"] == "critical"
    assert data["firing"]["rule_name"] == "place_on_course_for_critical_deficit"
    assert data["recommendation"]["status"] == "approved"
    assert [e["status"] for e in data["reviews"]] == ["approved"]
    assert data["reviews"][0]["comment"] == "согласовано"
    text = rendered(audit_view.explanation(url, rec_id))
    assert "Почему" in text and "согласовано" in text
    with pytest.raises(audit.NoRecommendations):
        audit.explain(url, 10**6)


def test_export_json_follows_the_contract(trail, tmp_path):
    url, run_id = trail
    out = tmp_path / "recs.json"
    assert audit.export_recommendations(url, fmt="json", out=out) == 21
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert list(rows[0]) == list(audit.EXPORT_COLUMNS)
    assert {r["run_id"] for r in rows} == {run_id}
    centre = [r for r in rows if r["addressee_type"] == "centre"]
    assert centre and all(r["org_code"] is None and r["addressee_code"] == "centre" for r in centre)
    assert all(isinstance(r["evidence"], dict) and r["status"] == "proposed" for r in rows)
    assert [r["id"] for r in rows] == sorted(r["id"] for r in rows)


def test_export_csv_has_the_same_columns_with_evidence_as_json_text(trail, capsys):
    url, _ = trail
    assert audit.export_recommendations(url, fmt="csv") == 21
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert tuple(rows[0]) == audit.EXPORT_COLUMNS and len(rows) == 21
    centre = [r for r in rows if r["addressee_type"] == "centre"]
    assert all(r["org_code"] == "" for r in centre)
    assert json.loads(rows[0]["evidence"])["teacher"]["code"] == rows[0]["addressee_code"]
