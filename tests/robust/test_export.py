"""The CSV exports never hand a spreadsheet a formula, and `--out` is written whole.

Probe 7 of issue 14: names starting with `=`, `+`, `-`, `@` reached the `text`
and `addressee_code` cells as formulas.
"""

import csv
import errno
import io
import json
from datetime import date

import pytest

from metodist.analysis.events import export_events
from metodist.audit import export_recommendations
from metodist.db import session_scope
from metodist.efficacy_export import export_efficacy
from metodist.stages import runs
from models import MethodEvent, Organization, Recommendation, StageOutput
from models.payloads_efficacy import CourseEfficacy, EfficacySummary

HOSTILE = {
    "addressee_code": '=HYPERLINK("http://evil")',
    "org_code": "+o1",
    "title": "-2+3",
    "text": "@SUM(A1:A9)",
}


@pytest.fixture
def hostile(sqlite_url: str) -> str:
    with session_scope(sqlite_url) as s:
        s.add(Organization(code="+o1", name="Школа", kind="school"))
    run_id = runs.start_run(
        sqlite_url, year=2026, as_of=date(2026, 11, 15), stage="recommendations"
    )
    with session_scope(sqlite_url) as s:
        s.add(
            Recommendation(
                run_id=run_id, year=2026, rule_id="T03", addressee_type="teacher", **HOSTILE
            )
        )
        s.add(Recommendation(
            run_id=run_id, year=2026, rule_id="T04", addressee_type="teacher",
            addressee_code="t2", org_code="+o1", title="\tскрытая", text="\rвозврат",
        ))  # fmt: skip
    runs.complete_run(sqlite_url, run_id, summary={})
    return sqlite_url


def test_csv_cells_that_would_be_formulas_start_with_an_apostrophe(hostile, capsys):
    export_recommendations(hostile, fmt="csv")
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out, newline="")))
    for field, value in HOSTILE.items():
        assert rows[0][field] == "'" + value
    assert (rows[1]["title"], rows[1]["text"]) == ("'\tскрытая", "'\rвозврат")
    assert rows[1]["addressee_code"] == "t2"  # a plain cell stays as it is
    starts = {cell[:1] for row in rows for cell in row.values()}
    assert not starts & {"=", "+", "-", "@", "\t", "\r"}


def test_the_json_export_keeps_the_values_as_stored(hostile, capsys):
    export_recommendations(hostile, fmt="json")
    first = json.loads(capsys.readouterr().out)[0]
    assert {k: first[k] for k in HOSTILE} == HOSTILE


def test_an_export_interrupted_by_a_full_disk_leaves_the_previous_file(
    hostile, tmp_path, monkeypatch
):
    out = tmp_path / "recommendations.csv"
    out.write_text("the previous export\n", encoding="utf-8")

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("os.fsync", full)
    with pytest.raises(OSError, match="No space"):
        export_recommendations(hostile, fmt="csv", out=out)
    assert out.read_text(encoding="utf-8") == "the previous export\n"
    assert not list(tmp_path.glob(".metodist-tmp-*"))  # no temporary file left


def test_the_events_csv_guards_formulas_too(hostile, capsys):
    with session_scope(hostile) as s:
        s.add(MethodEvent(key="e1", org_code="+o1", date=date(2026, 3, 2), form="seminar",
                          title="=1+1", participants=3))  # fmt: skip
    export_events(hostile, start=date(2026, 1, 1), end=date(2026, 12, 31), fmt="csv")
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out, newline="")))
    assert "'+o1" in {r["org_code"] for r in rows if r["section"] == "by_org"}
    assert not {c[:1] for r in rows for c in r.values()} & {"=", "+", "-", "@", "\t", "\r"}


def _efficacy_with_a_hostile_course(url: str) -> None:
    summary = EfficacySummary(
        year=2026,
        courses=[CourseEfficacy(key="@course", title="=HYPERLINK(1)", area="digital",
                                provider="-провайдер")],
    )  # fmt: skip
    run_id = runs.start_run(url, year=2026, as_of=date(2026, 11, 15), stage="monitoring")
    with session_scope(url) as s:
        s.add(StageOutput(run_id=run_id, kind=EfficacySummary.KIND, payload=summary.to_json()))
    runs.complete_run(url, run_id, summary={})


def test_the_efficacy_csv_guards_formulas_and_is_written_whole(sqlite_url, tmp_path, monkeypatch):
    _efficacy_with_a_hostile_course(sqlite_url)
    out = tmp_path / "efficacy.csv"
    assert export_efficacy(sqlite_url, fmt="csv", out=out) == 1
    row = next(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert (row["key"], row["title"], row["provider"]) == (
        "'@course",
        "'=HYPERLINK(1)",
        "'-провайдер",
    )
    assert row["treated_change"] == ""  # unknown stays an empty cell

    monkeypatch.setattr("os.fsync", lambda *_: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full")))
    with pytest.raises(OSError):
        export_efficacy(sqlite_url, fmt="json", out=out)
    assert out.read_text(encoding="utf-8").startswith("level,")  # the CSV is still there
    assert not list(tmp_path.glob(".metodist-tmp-*"))
