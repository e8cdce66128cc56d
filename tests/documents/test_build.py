"""The adapters from the database to the view models, on a small generated municipality.

The municipality (`metodist.demo.generate(schools=2)`: two schools, a
kindergarten and a centre, 80 teachers) is imported and taken through every
stage before packets once per module on SQLite; a test that changes the
database works on a copy of that file. One test builds it on both backends.
Nothing here renders: the adapters are plain functions.
"""

import shutil
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import fields, is_dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, select

from metodist import db
from metodist.db import session_scope
from metodist.demo import generate, write_csv
from metodist.documents import context as c
from metodist.documents.basis import without_basis
from metodist.documents.labels import SENSITIVE_INDICATORS
from metodist.documents.views import (
    PrerequisiteMissing,
    build_packet,
    build_packets,
    build_reports,
)
from metodist.documents.views.common import short_source
from metodist.documents.views.reports import REPORTS
from metodist.documents.views.route import COURSE_RULES
from metodist.importing import import_path
from metodist.review import review, review_state
from metodist.stages.execute import run_in_process as run_stage
from models import CycleRun, Organization, PlanEntry, Recommendation, Teacher
from models.enums import AddresseeType, ReviewStatus
from rules.catalogue import CATALOGUE

YEAR = 2026
AS_OF = date(2026, 11, 15)
STAGES_BEFORE_PACKETS = (
    "needs",
    "diagnostics",
    "attestation",
    "monitoring",
    "planning",
    "recommendations",
)


def _only(data: dict[str, list[dict[str, Any]]], orgs: set[str]) -> dict[str, list[dict]]:
    """The demo data of the organizations `orgs` alone (and the municipal events)."""
    teachers = {t["code"] for t in data["teachers"] if t["org_code"] in orgs}
    kept: dict[str, list[dict]] = {}
    for table, rows in data.items():
        if table == "organizations":
            kept[table] = [r for r in rows if r["code"] in orgs]
        elif table == "teachers":
            kept[table] = [r for r in rows if r["code"] in teachers]
        elif table == "events":
            kept[table] = [
                {**r, "presenter_codes": [p for p in r["presenter_codes"] if p in teachers]}
                for r in rows
                if not r["org_code"] or r["org_code"] in orgs
            ]
        elif rows and "teacher_code" in rows[0]:
            kept[table] = [r for r in rows if r["teacher_code"] in teachers]
        else:
            kept[table] = rows
    return kept


def cycle_database(url: str, folder: Path, *, orgs: set[str] | None = None) -> None:
    """Import the demo municipality into `url` and run every stage before packets."""
    data = generate(schools=2, year=YEAR, as_of=AS_OF)
    write_csv(_only(data, orgs) if orgs else data, folder)
    import_path(folder, url=url)
    for stage in STAGES_BEFORE_PACKETS:
        run_stage(url, stage=stage, year=YEAR, as_of=AS_OF)


def migrated_copy(template: str, folder: Path) -> str:
    path = folder / "metodist.db"
    shutil.copyfile(template, path)
    url = f"sqlite:///{path}"
    db._migrated.add(url)
    return url


@pytest.fixture(scope="module")
def built(sqlite_template: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A SQLite file with the municipality after the recommendations stage (never changed)."""
    folder = tmp_path_factory.mktemp("cycle")
    url = migrated_copy(sqlite_template, folder)
    cycle_database(url, folder / "csv")
    db.get_engine(url).dispose()  # checkpoints the WAL, so the file copies whole
    yield folder / "metodist.db"


@pytest.fixture(scope="module")
def url(built: Path) -> str:
    """The built municipality, for tests that only read."""
    return f"sqlite:///{built}"


@pytest.fixture
def own_url(built: Path, tmp_path: Path) -> Iterator[str]:
    """A private copy of the built municipality, for tests that review or change data."""
    url = migrated_copy(str(built), tmp_path)
    yield url
    db.get_engine(url).dispose()


def _orgs(url: str) -> list[str]:
    with session_scope(url) as s:
        return list(s.exec(select(Organization.code).order_by(Organization.code)).all())


def _teachers(url: str) -> dict[str, set[str]]:
    with session_scope(url) as s:
        rows = s.exec(select(Teacher.code, Teacher.org_code)).all()
    result: dict[str, set[str]] = {}
    for code, org in rows:
        result.setdefault(org, set()).add(code)
    return result


def _recs(url: str, org: str) -> list[Recommendation]:
    with session_scope(url) as s:
        run = s.exec(
            select(CycleRun).where(
                CycleRun.stage == "recommendations", CycleRun.status == "completed"
            )
        ).one()
        return list(
            s.exec(
                select(Recommendation).where(
                    Recommendation.run_id == run.id, Recommendation.org_code == org
                )
            ).all()
        )


# ---------------------------------------------------------------- the school packet


def test_a_packet_holds_every_teacher_of_its_school_and_no_other(url):
    staff = _teachers(url)
    packets = build_packets(url, org_codes=_orgs(url), year=YEAR, as_of=AS_OF)
    assert [p.org.code for p in packets] == _orgs(url)
    for packet in packets:
        codes = [t.code for t in packet.teachers]
        assert len(codes) == len(set(codes))
        assert set(codes) == staff[packet.org.code]


def test_every_recommendation_not_rejected_reaches_the_packet(own_url):
    org = "M01-S01"
    recs = _recs(own_url, org)
    head = next(r for r in recs if r.rule_id == "O04")
    support = next(r for r in recs if r.rule_id == "T02")
    review(own_url, decision="rejected", rec_id=head.id, reviewer="Иванова")
    review(own_url, decision="rejected", rec_id=support.id, reviewer="Иванова")
    shown = [r for r in _recs(own_url, org) if r.status != ReviewStatus.rejected]

    packet = build_packet(own_url, org_code=org, year=YEAR, as_of=AS_OF)

    to_head = [r for r in shown if r.addressee_type == AddresseeType.organization]
    # the rule text's own «Основание» is cut off (the packet prints one); T09 is one item
    expected_head = Counter(
        (r.rule_id, without_basis(r.text)) for r in to_head if r.rule_id != "T09"
    )
    printed = [r for r in packet.head_recommendations if r.rule_id != "T09"]
    assert Counter((r.rule_id, r.text) for r in printed) == expected_head
    assert ("O04", without_basis(head.text)) not in expected_head
    burnout = [r for r in packet.head_recommendations if r.rule_id == "T09"]
    assert len(burnout) == (1 if any(r.rule_id == "T09" for r in to_head) else 0)
    for teacher in packet.teachers:
        mine = [r for r in shown if r.addressee_code == teacher.code]
        lines = Counter(
            rule for item in teacher.route if item.rule_id for rule in item.rule_id.split(", ")
        )
        for rule, n in Counter(r.rule_id for r in mine).items():
            if rule in COURSE_RULES:
                assert lines[rule] >= 1, (teacher.code, rule)
            elif rule == "T02":  # one step naming every area
                assert lines[rule] == 1, (teacher.code, rule)
            else:
                assert lines[rule] == n, (teacher.code, rule)
        assert set(lines) <= {r.rule_id for r in mine}
    assert Counter(f.rule_id for f in packet.fired_rules for _ in range(f.count)) == Counter(
        r.rule_id for r in shown
    )


def test_a_route_names_the_plans_courses_with_quarter_and_hours(url):
    org = "M01-S01"
    packet = build_packet(url, org_code=org, year=YEAR, as_of=AS_OF)
    with session_scope(url) as s:
        seats = s.exec(
            select(PlanEntry).where(PlanEntry.org_code == org, col(PlanEntry.placed).is_(True))
        ).all()
    courses = [(t.code, i) for t in packet.teachers for i in t.route if i.kind == "course"]
    assert len(courses) == len(seats) == packet.course_places
    assert all(i.quarter in (1, 2, 3, 4) and i.hours and i.year == YEAR + 1 for _, i in courses)
    assert Counter(code for code, _ in courses) == Counter(e.teacher_code for e in seats)


def test_a_young_teacher_gets_the_matched_mentor(url):
    with session_scope(url) as s:
        t04 = s.exec(select(Recommendation).where(Recommendation.rule_id == "T04")).all()
    matched = [r for r in t04 if (r.evidence.get("mentor") or {}).get("mentor_name")]
    assert matched, "the demo municipality has young teachers a mentor was found for"
    rec = matched[0]
    mentor = rec.evidence["mentor"]["mentor_name"]
    packet = build_packet(url, org_code=rec.org_code, year=YEAR, as_of=AS_OF)
    teacher = next(t for t in packet.teachers if t.code == rec.addressee_code)
    assert teacher.mentor_name == mentor
    assert any(i.kind == "mentoring" and mentor in i.partner for i in teacher.route)


def _walk(value: Any, path: str = "packet") -> Iterator[tuple[str, Any]]:
    """Every (path, value) reachable from a view model, mapping keys included."""
    yield path, value
    if is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            yield from _walk(getattr(value, f.name), f"{path}.{f.name}")
    elif isinstance(value, Mapping):
        for k, v in value.items():
            yield f"{path}[{k!r}]", k
            yield from _walk(v, f"{path}[{k!r}]")
    elif isinstance(value, tuple | list):
        for i, v in enumerate(value):
            yield from _walk(v, f"{path}[{i}]")


def test_no_burnout_value_anywhere_in_a_packet(own_url):
    org = "M01-S01"
    before = build_packet(own_url, org_code=org, year=YEAR, as_of=AS_OF)
    for path, value in _walk(before):
        assert "burnout" not in path.lower(), path
        assert not (isinstance(value, str) and "burnout" in value.lower()), path
    assert not {i.key for i in before.indicators} & SENSITIVE_INDICATORS
    assert all(i.rule_id != "T09" for t in before.teachers for i in t.route)
    # the packet does not depend on the scores at all: change every one, nothing moves
    with session_scope(own_url) as s:
        for t in s.exec(select(Teacher)).all():
            t.burnout_score = 100 - (t.burnout_score or 0)
            s.add(t)
    assert build_packet(own_url, org_code=org, year=YEAR, as_of=AS_OF) == before


def test_t09_reaches_only_the_head(url):
    with session_scope(url) as s:
        t09 = s.exec(select(Recommendation).where(Recommendation.rule_id == "T09")).first()
    assert t09 is not None, "the demo municipality has teachers at burnout risk"
    packet = build_packet(url, org_code=t09.org_code, year=YEAR, as_of=AS_OF)
    burnout = [r for r in packet.head_recommendations if r.rule_id == "T09"]
    assert len(burnout) == 1  # one item, naming every teacher at risk
    assert t09.evidence["teacher"]["full_name"] in burnout[0].text
    steps = [f"{i.title} {i.detail} {i.partner}" for t in packet.teachers for i in t.route]
    assert not any("группе риска" in d for d in steps)


def test_a_packet_is_a_draft_until_every_recommendation_is_reviewed(own_url):
    orgs = _orgs(own_url)
    packets = build_packets(own_url, org_codes=orgs, year=YEAR, as_of=AS_OF)
    assert {p.meta.review_state for p in packets} == {"draft"}
    review(own_url, decision="approved", org=orgs[0], reviewer="Иванова")
    review(own_url, decision="rejected", org=orgs[1], reviewer="Иванова")
    for packet in build_packets(own_url, org_codes=orgs, year=YEAR, as_of=AS_OF):
        assert packet.meta.review_state == review_state(own_url, org=packet.org.code, year=YEAR)
        assert packet.meta.draft is (packet.org.code not in orgs[:2])
    rejected = build_packet(own_url, org_code=orgs[1], year=YEAR, as_of=AS_OF)
    assert rejected.head_recommendations == ()
    assert all(not t.route or all(i.kind == "course" for i in t.route) for t in rejected.teachers)


def test_a_packet_on_both_backends(db_url, tmp_path):
    cycle_database(db_url, tmp_path / "csv", orgs={"M01-D01", "M01-A01"})
    staff = _teachers(db_url)
    review(db_url, decision="approved", org="M01-A01", reviewer="Иванова")
    packets = build_packets(db_url, org_codes=["M01-A01", "M01-D01"], year=YEAR, as_of=AS_OF)
    assert {p.org.code: {t.code for t in p.teachers} for p in packets} == staff
    assert [p.meta.review_state for p in packets] == ["approved", "draft"]
    assert len(build_reports(db_url, year=YEAR, as_of=AS_OF)) == len(REPORTS)


def test_a_missing_stage_is_named(sqlite_url):
    with pytest.raises(PrerequisiteMissing, match="monitoring"):
        build_packet(sqlite_url, org_code="o1", year=YEAR, as_of=AS_OF)
    with pytest.raises(PrerequisiteMissing, match="metodist run needs --year 2026"):
        build_reports(sqlite_url, year=YEAR, as_of=AS_OF)


def test_an_unknown_school_is_an_error(url):
    with pytest.raises(LookupError, match="no organization"):
        build_packet(url, org_code="nope", year=YEAR, as_of=AS_OF)


def test_the_issuer_is_a_setting(url, monkeypatch):
    from metodist.config import get_settings

    default = build_packet(url, org_code="M01-S01", year=YEAR, as_of=AS_OF)
    assert default.meta.issuer == "Муниципальный методический центр"
    monkeypatch.setenv("METODIST_ISSUER", "МКУ «ИМЦ» г. Северогорска")
    get_settings.cache_clear()
    try:
        packet = build_packet(url, org_code="M01-S01", year=YEAR, as_of=AS_OF)
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    assert packet.meta.issuer == "МКУ «ИМЦ» г. Северогорска"


# ---------------------------------------------------------------- centre and coordinator reports


def test_the_reports_agree_with_the_stages(url):
    reports = build_reports(url, year=YEAR, as_of=AS_OF)
    assert list(reports) == [
        "requests",
        "deficits",
        "attestation",
        "monitoring",
        "plan",
        "centre",
        "catalogue",
        "events",
        "efficacy",
    ]
    with session_scope(url) as s:
        runs = {r.stage: r for r in s.exec(select(CycleRun)).all()}
        placed = len(s.exec(select(PlanEntry).where(col(PlanEntry.placed).is_(True))).all())
        centre = s.exec(
            select(Recommendation).where(Recommendation.addressee_type == "centre")
        ).all()
        teachers = len(s.exec(select(Teacher.code)).all())
        t11 = [
            r.evidence["teacher"]
            for r in s.exec(select(Recommendation).where(Recommendation.rule_id == "T11")).all()
        ]
    orgs = len(_orgs(url))

    requests = reports["requests"]
    assert isinstance(requests, c.RequestsContext)
    assert requests.total_requests == runs["needs"].summary["requests"]
    assert requests.total_teachers == teachers
    deficits = reports["deficits"]
    assert isinstance(deficits, c.DeficitProfileContext)
    assert deficits.teachers_diagnosed == runs["diagnostics"].summary["diagnosed"]
    assert len(deficits.schools) == orgs
    attestation = reports["attestation"]
    assert isinstance(attestation, c.AttestationContext)
    assert attestation.teachers == teachers
    assert len(attestation.szd_due) == runs["attestation"].summary["szd_due"]
    monitoring = reports["monitoring"]
    assert isinstance(monitoring, c.MonitoringContext)
    assert len(monitoring.schools) == orgs
    assert monitoring.method.weights and monitoring.method.high > monitoring.method.medium
    plan = reports["plan"]
    assert isinstance(plan, c.PlanContext)
    assert plan.participants == placed
    assert all(g.seats_used <= g.capacity for g in plan.groups)
    assert plan.plan_year == YEAR + 1
    centre_report = reports["centre"]
    assert isinstance(centre_report, c.CentreContext)
    assert sorted(r.rule_id for r in centre_report.recommendations) == sorted(
        r.rule_id for r in centre
    )
    nominated = {t["full_name"]: t["competition"] for t in t11}
    assert nominated  # the competition of the teacher's position, as T11 names it
    listed = {p.full_name: p.note for p in centre_report.nominees if p.full_name in nominated}
    assert listed == {name: f"«{c}»" for name, c in nominated.items()}
    catalogue = reports["catalogue"]
    assert isinstance(catalogue, c.CatalogueContext)
    assert [r.rule_id for r in catalogue.rules] == list(CATALOGUE)
    assert catalogue.rulebase_version == runs["recommendations"].rulebase_version


def test_the_centre_report_leaves_out_rejected_and_is_a_draft_until_reviewed(own_url):
    before = build_reports(own_url, year=YEAR, as_of=AS_OF)["centre"]
    assert before.meta.draft
    review(own_url, decision="approved", all_=True, reviewer="Иванова", comment="проверено")
    review(own_url, decision="rejected", rule=before.recommendations[0].rule_id, reviewer="Иванова")
    after = build_reports(own_url, year=YEAR, as_of=AS_OF)["centre"]
    assert not after.meta.draft
    assert before.recommendations[0].rule_id not in {r.rule_id for r in after.recommendations}


# ---------------------------------------------------------------- small pieces


def test_a_rule_text_loses_its_own_basis_in_a_document():
    assert without_basis("Пройти курс. Основание: приказ № 196.") == "Пройти курс."
    assert without_basis("Другой текст.") == "Другой текст."


def test_sources_are_cited_by_document_without_glosses():
    assert short_source(CATALOGUE["T01"]) == "004, 000, приказ Минобрнауки № 266 (2025)"
    assert short_source(CATALOGUE["O10"]) == "003, приказы № 276 и № 196"
    for meta in CATALOGUE.values():
        cited = short_source(meta)
        assert cited and "(" not in cited.replace("(2025)", ""), meta.id
