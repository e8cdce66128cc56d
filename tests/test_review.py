"""Reviewer sign-off on the latest recommendations run, on SQLite and PostgreSQL."""

from datetime import date

import pytest
from sqlmodel import col, select

from metodist.db import session_scope
from metodist.review import ReviewError, review, review_state
from metodist.stages import runs
from models import Organization, Recommendation, ReviewEvent

#: (rule, addressee type, addressee, school) of the recommendations each run writes
RECS = [
    ("T03", "teacher", "t1", "o1"),
    ("T09", "teacher", "t2", "o1"),
    ("O04", "organization", "o1", "o1"),
    ("T03", "teacher", "t3", "o2"),
    ("O04", "organization", "o2", "o2"),
    ("M04", "centre", "centre", None),
]


def _run(url: str, year: int, *, complete: bool = True) -> tuple[int, list[int]]:
    run_id = runs.start_run(url, year=year, as_of=date(year, 11, 15), stage="recommendations")
    with session_scope(url) as s:
        recs = [
            Recommendation(
                run_id=run_id,
                year=year,
                rule_id=rule,
                addressee_type=kind,
                addressee_code=addressee,
                org_code=org,
                title=rule,
                text=f"{rule}: {addressee}",
            )
            for rule, kind, addressee, org in RECS
        ]
        s.add_all(recs)
        s.flush()
        ids = [r.id for r in recs]
    if complete:
        runs.complete_run(url, run_id, summary={})
    return run_id, ids  # type: ignore[return-value]


def _statuses(url: str, run_id: int) -> dict[tuple[str, str], str]:
    with session_scope(url) as s:
        rows = s.exec(select(Recommendation).where(col(Recommendation.run_id) == run_id)).all()
        return {(r.rule_id, r.addressee_code): r.status for r in rows}


@pytest.fixture
def town(db_url: str) -> str:
    with session_scope(db_url) as s:
        s.add_all(Organization(code=c, name=f"МБОУ СОШ {c}", kind="school") for c in ("o1", "o2"))
    return db_url


def test_one_recommendation_is_approved_with_an_audit_event(town):
    run_id, ids = _run(town, 2026)
    assert review(town, decision="approved", rec_id=ids[0], comment="ок", reviewer="Петрова") == 1
    assert _statuses(town, run_id)[("T03", "t1")] == "approved"
    with session_scope(town) as s:
        [event] = s.exec(select(ReviewEvent)).all()
    assert (event.recommendation_id, event.status, event.comment, event.reviewer) == (
        ids[0],
        "approved",
        "ок",
        "Петрова",
    )
    # asking again changes nothing and writes nothing
    assert review(town, decision="approved", rec_id=ids[0], reviewer="Петрова") == 0
    with session_scope(town) as s:
        assert len(s.exec(select(ReviewEvent)).all()) == 1


def test_selectors_by_school_by_rule_combined_and_all(town):
    run_id, _ = _run(town, 2026)
    assert review(town, decision="rejected", rule="t03", org="o2", reviewer="Петрова") == 1
    assert review(town, decision="approved", org="o1", reviewer="Петрова") == 3
    assert (
        review(town, decision="approved", rule="O04", reviewer="Петрова") == 1
    )  # o1's O04 is approved already
    statuses = _statuses(town, run_id)
    assert statuses[("T03", "t3")] == "rejected" and statuses[("M04", "centre")] == "proposed"
    assert (
        review(town, decision="approved", all_=True, reviewer="Петрова", comment="проверено") == 2
    )  # t3 and the centre's M04
    assert set(_statuses(town, run_id).values()) == {"approved"}


def test_only_the_latest_completed_run_is_reviewed(town):
    old_run, _ = _run(town, 2025)
    latest, _ = _run(town, 2026)
    running, running_ids = _run(town, 2026, complete=False)  # a re-run still in progress
    assert review(
        town, decision="approved", all_=True, reviewer="Петрова", comment="проверено"
    ) == len(RECS)  # the newest year: 2026
    assert set(_statuses(town, latest).values()) == {"approved"}
    assert set(_statuses(town, running).values()) == {"proposed"}
    assert set(_statuses(town, old_run).values()) == {"proposed"}
    assert review(town, decision="rejected", org="o1", year=2025, reviewer="Петрова") == 3
    with pytest.raises(ReviewError, match="not in the latest recommendations run of 2026"):
        review(town, decision="approved", rec_id=running_ids[0], reviewer="Петрова")


def test_a_review_needs_a_selector_a_decision_and_a_run(town):
    with pytest.raises(ReviewError, match="say what to review"):
        review(town, decision="approved", reviewer="Петрова")
    with pytest.raises(ReviewError, match="decision must be"):
        review(town, decision="maybe", all_=True, reviewer="Петрова", comment="проверено")  # type: ignore[arg-type]
    with pytest.raises(ReviewError, match="no completed recommendations run"):
        review(town, decision="approved", all_=True, reviewer="Петрова", comment="проверено")
    with pytest.raises(ReviewError, match="there is no recommendation 999"):
        review(town, decision="approved", rec_id=999, reviewer="Петрова")


def test_a_packet_is_a_draft_while_any_recommendation_is_proposed(town):
    assert review_state(town, org="o1", year=2026) == "draft"  # nothing to sign off yet
    _run(town, 2026)
    assert review_state(town, org="o1", year=2026) == "draft"
    review(town, decision="approved", org="o1", rule="T03", reviewer="Петрова")
    review(
        town, decision="rejected", org="o1", rule="T09", reviewer="Петрова"
    )  # rejected: decided, not pending
    assert review_state(town, org="o1", year=2026) == "draft"  # O04 still proposed
    review(town, decision="approved", org="o1", reviewer="Петрова")
    assert review_state(town, org="o1", year=2026) == "approved"
    assert review_state(town, org="o2", year=2026) == "draft"
    assert review_state(town, org="o3", year=2026) == "approved"  # no recommendations at all


def test_a_selection_larger_than_one_batch_is_written_whole(town, monkeypatch):
    # A region's "approve all" goes in batches of ids; each batch gets its events.
    monkeypatch.setattr("metodist.review.BATCH", 4)
    run_id, ids = _run(town, 2026)
    assert review(
        town, decision="approved", all_=True, reviewer="Петрова", comment="проверено"
    ) == len(RECS)
    assert set(_statuses(town, run_id).values()) == {"approved"}
    with session_scope(town) as s:
        events = s.exec(select(ReviewEvent)).all()
    assert sorted(e.recommendation_id for e in events) == sorted(ids)
    assert {(e.status, e.reviewer) for e in events} == {("approved", "Петрова")}
    assert all(e.at is not None for e in events)
