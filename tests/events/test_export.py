"""`metodist export events`: seed 001's month given back count for count, periods, CSV, errors."""

import csv
import io
import json
from datetime import date, timedelta

from typer.testing import CliRunner

from metodist.analysis.events import events_summary
from metodist.cli import app
from metodist.db import session_scope
from models import MethodEvent
from tests.events import seed001

runner = CliRunner()


def _month(url: str) -> None:
    with session_scope(url) as s:
        seed001.build_month(s)


def _export(*args: str) -> dict:
    result = runner.invoke(
        app, ["export", "events", "--from", "2017-01-10", "--to", "2017-01-31", *args]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_export_reproduces_every_count_of_seed_001(db_url):
    _month(db_url)
    out = _export("--format", "json")
    assert out["from"] == "2017-01-10" and out["to"] == "2017-01-31"
    by_form = {(f["level"], f["form"], f["mode"]): f for f in out["by_form"]}
    assert {k: f["events"] for k, f in by_form.items()} == seed001.COUNTS
    municipal = [f for f in out["by_form"] if f["level"] == "municipal"]
    school = [f for f in out["by_form"] if f["level"] == "school"]
    assert sum(f["participants"] for f in municipal) == seed001.MUNICIPAL_PARTICIPANTS
    assert sum(f["events"] for f in school) == 117
    assert sum(f["participants"] for f in school) == seed001.SCHOOL_VISITS
    assert out["totals"] == {
        "events": sum(seed001.COUNTS.values()),
        "participants": seed001.MUNICIPAL_PARTICIPANTS + seed001.SCHOOL_VISITS,
        "presenters": seed001.PRESENTERS,
    }
    # a mode only on consultations
    assert {f["form"] for f in out["by_form"] if f["mode"]} == {"consultation"}
    orgs = {o["org_code"]: o for o in out["by_org"]}
    assert out["by_org"][0]["org_code"] is None  # the municipality's own first
    # one city event was hosted by a school: it counts with that school
    assert orgs[None]["events"] == 103 and orgs[None]["presenters"] == 52
    assert sum(o["events"] for o in out["by_org"]) == out["totals"]["events"]
    assert sum(o["participants"] for o in out["by_org"]) == out["totals"]["participants"]


def test_events_outside_the_period_are_left_out(db_url):
    _month(db_url)
    with session_scope(db_url) as s:
        for day, n in ((date(2017, 1, 9), 500), (date(2017, 2, 1), 700)):
            s.add(
                MethodEvent(
                    key=f"out|{day}", org_code=None, date=day, form="webinar",
                    title="outside", participants=n, presenter_codes=["T-999"],
                    level="municipal", mode=None,
                )
            )  # fmt: skip
    out = _export()
    assert out["totals"]["events"] == sum(seed001.COUNTS.values())
    assert out["totals"]["presenters"] == seed001.PRESENTERS
    webinar = [f for f in out["by_form"] if f["form"] == "webinar"]
    assert [w["events"] for w in webinar] == [1]
    # a wider period takes them in
    with session_scope(db_url) as s:
        wide = events_summary(s, date(2017, 1, 1), date(2017, 2, 28))
        one_day = events_summary(s, date(2017, 1, 9), date(2017, 1, 9))
    assert wide.events == out["totals"]["events"] + 2
    assert wide.presenters == seed001.PRESENTERS + 1
    assert (one_day.events, one_day.participants) == (1, 500)


def test_csv_has_a_total_line_then_forms_then_organizations(db_url, tmp_path):
    _month(db_url)
    target = tmp_path / "events.csv"
    result = runner.invoke(
        app,
        ["export", "events", "--from", "10.01.2017", "--to", "31.01.2017",
         "--format", "csv", "--out", str(target)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "written to" in result.stdout
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [r["section"] for r in rows[:2]] == ["total", "by_form"]
    total = rows[0]
    assert (total["events"], total["participants"], total["presenters"]) == ("221", "2533", "52")
    forms = {(r["level"], r["form"], r["mode"] or None): int(r["events"])
             for r in rows if r["section"] == "by_form"}  # fmt: skip
    assert forms == seed001.COUNTS
    orgs = [r for r in rows if r["section"] == "by_org"]
    assert orgs[0]["org_code"] == "" and len(orgs) == 1 + len(seed001.SCHOOLS)
    assert all(r["from"] == "2017-01-10" and r["to"] == "2017-01-31" for r in rows)


def test_an_empty_period_exports_zeros(db_url):
    out = _export()
    assert out["totals"] == {"events": 0, "participants": 0, "presenters": 0}
    assert out["by_form"] == [] and out["by_org"] == []


def test_bad_dates_give_one_clear_error_line(db_url):
    cases = {
        ("--from", "2017-13-01", "--to", "2017-01-31"): "--from: '2017-13-01' is not a date",
        ("--from", "2017-01-10", "--to", "31/01/2017"): "--to: '31/01/2017' is not a date",
        ("--from", "2017-02-01", "--to", "2017-01-31"): "--from 2017-02-01 is after --to",
        ("--from", "2017-01-10"): "needs --from DATE and --to DATE",
    }
    for args, message in cases.items():
        result = runner.invoke(app, ["export", "events", *args])
        assert result.exit_code == 1, (args, result.output)
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and message in lines[0], (args, result.stderr)
        assert "Traceback" not in result.output


def test_summary_orders_lines_and_counts_a_consultation_without_mode_as_group():
    from metodist.analysis.events import summarize
    from models.profile import EventRecord

    day = date(2026, 1, 15)
    events = [
        EventRecord("S-1", day, "open_lesson", "a", 12, ("T-1",), "school"),
        EventRecord(None, day, "consultation", "b", 3, ("T-1", "T-2"), "municipal", None),
        EventRecord(None, day + timedelta(days=400), "seminar", "c", 9, (), "municipal"),
    ]
    s = summarize(events, date(2026, 1, 1), date(2026, 12, 31))
    assert [(f.level, f.form, f.mode) for f in s.by_form] == [
        ("municipal", "consultation", "group"),
        ("school", "open_lesson", None),
    ]
    assert (s.events, s.participants, s.presenters) == (2, 15, 2)
