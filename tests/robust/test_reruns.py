"""Re-runs and concurrent runs keep the reviewers' work, on SQLite and PostgreSQL.

Probes 3, 4 and 13 of issue 14: a re-run of recommendations brought 118
approvals back as proposed and cascaded their review events away; a second
run at once met a raw IntegrityError and deleted the other's running run;
`review approve --all` went through with no reviewer and no comment.
"""

import subprocess
import sys
from datetime import date

import pytest
from sqlmodel import col, select

from metodist.audit import NoRecommendations, explain
from metodist.db import session_scope
from metodist.review import ReviewError, review
from metodist.stages import runs
from models import CycleRun, Recommendation, ReviewEvent, StageOutput
from tests import test_review

YEAR, AS_OF = 2026, date(2026, 11, 15)
town = test_review.town  # two schools, as a fixture
#: rule, addressee, school, text
RECS = [
    ("T03", "t1", "o1", "Пройти курс «Цифровая школа»."),
    ("T09", "t2", "o1", "Подать заявление на аттестацию."),
    ("T03", "t3", "o2", "Пройти курс «Функциональная грамотность»."),
]


def _recommendations_run(url: str, recs=RECS) -> dict[tuple[str, str], int]:
    run_id = runs.start_run(url, year=YEAR, as_of=AS_OF, stage="recommendations")
    with session_scope(url) as s:
        rows = [
            Recommendation(
                run_id=run_id, year=YEAR, rule_id=rule, addressee_type="teacher",
                addressee_code=who, org_code=org, title=rule, text=text,
            )
            for rule, who, org, text in recs
        ]  # fmt: skip
        s.add_all(rows)
        s.flush()
        ids = {(r.rule_id, r.addressee_code): r.id for r in rows}
    runs.complete_run(url, run_id, summary={})
    return ids  # type: ignore[return-value]


def _state(url: str) -> dict[tuple[str, str], tuple[str, int]]:
    """Each current recommendation's status and how many history events it has."""
    with session_scope(url) as s:
        recs = s.exec(select(Recommendation)).all()
        return {
            (r.rule_id, r.addressee_code): (
                r.status,
                len(s.exec(select(ReviewEvent).where(ReviewEvent.recommendation_id == r.id)).all()),
            )
            for r in recs
        }


def test_every_decision_names_its_reviewer_and_all_at_once_needs_a_comment(town):
    _recommendations_run(town)
    with pytest.raises(ReviewError, match="say who decides: --reviewer"):
        review(town, decision="approved", org="o1")
    with pytest.raises(ReviewError, match="needs a comment"):
        review(town, decision="approved", all_=True, reviewer="Петрова")
    assert {status for status, _ in _state(town).values()} == {"proposed"}
    assert (
        review(town, decision="approved", all_=True, reviewer="Петрова", comment="всё проверено")
        == 3
    )


def test_an_unchanged_rerun_keeps_every_decision_and_its_history(town):
    first = _recommendations_run(town)
    review(town, decision="approved", org="o1", reviewer="Петрова", comment="согласовано")
    review(town, decision="rejected", rec_id=first[("T03", "t3")], reviewer="Иванова")
    before = _state(town)
    second = _recommendations_run(town)
    assert set(second.values()).isdisjoint(first.values())  # new rows, same decisions
    after = _state(town)
    lost = sum(after[k] != before[k] for k in before)
    assert lost == 0, f"decisions lost on an unchanged re-run: {lost}"
    history = explain(town, second[("T03", "t1")])["reviews"]
    assert [(e["status"], e["reviewer"], e["comment"]) for e in history] == [
        ("approved", "Петрова", "согласовано")
    ]


def test_a_changed_recommendation_comes_back_proposed_with_what_changed(town):
    first = _recommendations_run(town)
    review(town, decision="approved", rec_id=first[("T03", "t1")], reviewer="Петрова")
    changed = [
        (r, w, o, "Пройти курс «Наставничество».") if w == "t1" else (r, w, o, t)
        for r, w, o, t in RECS
    ]
    second = _recommendations_run(town, changed)
    assert _state(town)[("T03", "t1")] == ("proposed", 2)
    history = explain(town, second[("T03", "t1")])["reviews"]
    assert [e["status"] for e in history] == ["approved", "proposed"]
    note = history[-1]["comment"]
    assert "была «одобрена»" in note and "«Пройти курс «Цифровая школа».»" in note
    assert "Наставничество" in note and history[-1]["run"] != history[0]["run"]


def test_a_dropped_recommendation_keeps_its_history_with_the_run_that_dropped_it(town):
    first = _recommendations_run(town)
    review(
        town, decision="rejected", rec_id=first[("T09", "t2")], reviewer="Петрова", comment="нет"
    )
    _recommendations_run(town, [r for r in RECS if r[1] != "t2"])
    with session_scope(town) as s:
        dropping = runs.latest_run(s, year=YEAR, stage="recommendations").id
    gone = explain(town, first[("T09", "t2")])
    assert gone["recommendation"] is None and gone["dropped_by_run"] == dropping
    assert [(e["status"], e["reviewer"]) for e in gone["reviews"]] == [
        ("rejected", "Петрова"),
        ("dropped", "metodist"),
    ]
    with pytest.raises(NoRecommendations):
        explain(town, 99_999)


def test_a_second_run_at_once_meets_one_clear_line_and_deletes_nothing(town):
    running = runs.start_run(town, year=YEAR, as_of=AS_OF, stage="needs")
    with pytest.raises(runs.StageBusy) as busy:
        runs.start_run(town, year=YEAR, as_of=AS_OF, stage="needs")
    message = str(busy.value)
    assert message.startswith(f"stage needs {YEAR} is already running (run {running}, process ")
    assert "\n" not in message and "Integrity" not in message
    other = runs.start_run(town, year=YEAR, as_of=AS_OF, stage="monitoring")  # another stage
    runs.complete_run(town, other, summary={})
    with session_scope(town) as s:
        s.add(StageOutput(run_id=running, kind="summary", payload={}))
    runs.complete_run(town, running, summary={})
    with session_scope(town) as s:
        assert s.get(CycleRun, running).status == "completed"
        assert s.exec(select(StageOutput)).one().run_id == running


def test_a_completed_run_never_deletes_a_running_one(town):
    done = runs.start_run(town, year=YEAR, as_of=AS_OF, stage="needs")
    runs.complete_run(town, done, summary={})
    with session_scope(town) as s:  # as a process without the lock (an older version) would
        s.add(CycleRun(year=YEAR, as_of=AS_OF, stage="needs", status="paused"))
    again = runs.start_run(town, year=YEAR, as_of=AS_OF, stage="needs")
    runs.complete_run(town, again, summary={})
    with session_scope(town) as s:
        statuses = sorted(r.status for r in s.exec(select(CycleRun)).all())
    assert statuses == ["completed", "paused"]


def test_the_lock_of_a_killed_process_does_not_block(town):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    with session_scope(town) as s:
        stale = CycleRun(year=YEAR, as_of=AS_OF, stage="needs", pid=dead.pid, host=runs.HOST)
        s.add(stale)
        s.flush()
        stale_id = stale.id
        s.add(StageOutput(run_id=stale_id, kind="half", payload={}))
    fresh = runs.start_run(town, year=YEAR, as_of=AS_OF, stage="needs")
    with session_scope(town) as s:
        old = s.get(CycleRun, stale_id)
        assert old.status == "failed" and f"process {dead.pid}" in old.error
        assert not s.exec(select(StageOutput).where(col(StageOutput.run_id) == stale_id)).all()
    assert fresh != stale_id
