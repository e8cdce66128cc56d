"""A re-run of the packets stage renders only the documents whose content changed (issue 17).

The municipality of `test_packets` (two small organizations) with routes:
one full run, then re-runs after no change, after a reviewer's decision in
one organization, after a file was deleted, and with `force`; each file's
bytes and modification time (ns) are recorded after every run. Rendering is
the slow part, so the runs happen once per module (`history`).
"""

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update
from sqlmodel import col, select

from metodist import db
from metodist.config import get_settings, thresholds
from metodist.db import session_scope
from metodist.documents.digest import document_digest, renderer_digest
from metodist.documents.render import RenderJob
from metodist.documents.views import build_packets, build_reports
from metodist.documents.views.routes import routes_jobs
from metodist.review import review
from metodist.stages.execute import run_in_process as run_stage
from models import CycleRun, Organization, Recommendation, Teacher
from models.enums import AddresseeType, ReviewStatus
from tests.documents.test_build import AS_OF, YEAR, cycle_database, migrated_copy
from tests.stages.test_packets import ORGS

#: the organization a reviewer decides in; the other one must not be touched
DECIDED = "M01-D01"
UNTOUCHED = next(o for o in ORGS if o != DECIDED)

Files = dict[str, tuple[bytes, int]]  # path -> (bytes, mtime_ns)


@dataclass
class Run:
    summary: dict[str, Any]
    files: Files  # every file under the year's folder after the run

    def row(self, path: str) -> dict[str, Any]:
        return next(f for f in self.summary["files"] if f["path"] == path)

    def rendered(self) -> set[str]:
        return {f["path"] for f in self.summary["files"] if not f["kept"]}


@dataclass
class History:
    url: str
    out: Path
    first: Run
    unchanged: Run
    decided: Run
    #: the reports' view models (their repr) before and after the decision, by file name
    reports_before: dict[str, Any]
    reports_after: dict[str, Any]
    deleted_path: str
    after_delete: Run
    forced: Run


def _snapshot(folder: Path) -> Files:
    return {
        str(p): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _run(url: str, out: Path, **options: Any) -> Run:
    run_id = run_stage(url, stage="packets", year=YEAR, as_of=AS_OF, routes=True, **options)
    with session_scope(url) as s:
        run = s.get(CycleRun, run_id)
        assert run is not None and run.status == "completed"
        summary = dict(run.summary)
    return Run(summary, _snapshot(out))


def _reports(url: str) -> dict[str, Any]:
    reports = build_reports(url, year=YEAR, as_of=AS_OF)
    return {f"{n:02d}_{kind}.pdf": repr(ctx) for n, (kind, ctx) in enumerate(reports.items(), 1)}


def _reject_one(url: str) -> None:
    """A reviewer rejects one recommendation to a teacher of `DECIDED`."""
    with session_scope(url) as s:
        rec_id = s.exec(
            select(Recommendation.id)
            .where(
                col(Recommendation.org_code) == DECIDED,
                col(Recommendation.addressee_type) == AddresseeType.teacher,
                col(Recommendation.status) == ReviewStatus.proposed,
            )
            .order_by(col(Recommendation.id))
        ).first()
    assert rec_id is not None
    assert review(url, decision="rejected", rec_id=rec_id, comment="не к месту", reviewer="Петрова")


@pytest.fixture(scope="module")
def history(sqlite_template: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[History]:
    folder = tmp_path_factory.mktemp("incremental")
    url = migrated_copy(sqlite_template, folder)
    cycle_database(url, folder / "csv", orgs=set(ORGS))
    out = folder / "out" / str(YEAR)
    os.environ["METODIST_OUT_DIR"] = str(folder / "out")
    get_settings.cache_clear()
    try:
        first = _run(url, out)
        unchanged = _run(url, out)
        before = _reports(url)
        _reject_one(url)
        after = _reports(url)
        decided = _run(url, out)
        deleted = next(f["path"] for f in decided.summary["files"] if f["kind"] == "routes")
        Path(deleted).unlink()
        after_delete = _run(url, out)
        forced = _run(url, out, force=True)
    finally:
        del os.environ["METODIST_OUT_DIR"]
        get_settings.cache_clear()
    yield History(url, out, first, unchanged, decided, before, after, deleted, after_delete, forced)
    db.get_engine(url).dispose()


def _same(a: Run, b: Run, path: str) -> bool:
    return a.files[path] == b.files[path]


@pytest.mark.slow
def test_the_first_run_renders_every_document_with_its_digest_and_file(history):
    summary = history.first.summary
    files = summary["files"]
    assert {f["kind"] for f in files} >= {"packet", "routes", "catalogue"}
    assert summary["rendered"] == len(files) and summary["kept"] == 0
    for f in files:
        assert len(f["digest"]) == 64 and not f["kept"]
        content, mtime_ns = history.first.files[f["path"]]
        assert (f["size"], f["mtime_ns"]) == (len(content), mtime_ns) and content


@pytest.mark.slow
def test_a_rerun_with_no_change_keeps_every_file_as_it_was(history):
    first, again = history.first, history.unchanged
    assert again.summary["rendered"] == 0
    assert again.summary["kept"] == len(again.summary["files"]) == len(first.summary["files"])
    # same bytes and the same modification time: not rewritten, not moved
    assert again.files == first.files
    for f in again.summary["files"]:
        before = first.row(f["path"])
        assert f["kept"] and (f["digest"], f["pages"]) == (before["digest"], before["pages"])
    # the manifest still counts the pages of what it kept
    assert again.summary["pages"] == first.summary["pages"]
    assert again.summary["packets"] == first.summary["packets"]


@pytest.mark.slow
def test_a_decision_in_one_organization_re_renders_its_packet_and_the_reports_it_changes(
    history,
):
    before, after = history.unchanged, history.decided
    by_org = {(f["kind"], f["org"]): f["path"] for f in after.summary["files"]}
    rendered = after.rendered()
    assert by_org["packet", DECIDED] in rendered
    assert not _same(before, after, by_org["packet", DECIDED])
    # the other organization's packet and routes: the very same files
    for kind in ("packet", "routes"):
        path = by_org[kind, UNTOUCHED]
        assert path not in rendered and _same(before, after, path)
    # a report is rendered again exactly when what it shows changed
    changed = {
        name for name in history.reports_after
        if history.reports_after[name] != history.reports_before[name]
    }  # fmt: skip
    reports = {Path(f["path"]).name: f["path"] for f in after.summary["files"] if not f["org"]}
    assert "07_catalogue.pdf" not in changed  # the rules did not change: a kept report exists
    assert {name for name, path in reports.items() if path in rendered} == changed
    for path in set(after.files) - rendered:
        assert _same(before, after, path), path
    assert after.summary["rendered"] == len(rendered) and after.summary["kept"] == (
        len(after.summary["files"]) - len(rendered)
    )


@pytest.mark.slow
def test_a_deleted_file_is_rendered_again_and_nothing_else(history):
    before, after = history.decided, history.after_delete
    assert after.rendered() == {history.deleted_path}
    assert Path(history.deleted_path).is_file()
    for path in set(after.files) - {history.deleted_path}:
        assert _same(before, after, path), path


@pytest.mark.slow
def test_force_renders_every_document(history):
    before, after = history.after_delete, history.forced
    assert after.summary["kept"] == 0
    assert after.rendered() == {f["path"] for f in after.summary["files"]}
    assert set(after.files) == set(before.files)
    for path in after.files:
        # rewritten: a new modification time (the bytes may well be the same)
        assert after.files[path][1] != before.files[path][1], path
    # the same content gives the same digest whether rendered or kept
    assert {f["path"]: f["digest"] for f in after.summary["files"]} == {
        f["path"]: f["digest"] for f in before.summary["files"]
    }


# ------------------------------------------------------------ the digest itself (no rendering)


@pytest.fixture(scope="module")
def built_url(sqlite_template: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("digest")
    url = migrated_copy(sqlite_template, folder)
    cycle_database(url, folder / "csv", orgs=set(ORGS))
    yield url
    db.get_engine(url).dispose()


def _packet_digests(url: str) -> dict[str, str]:
    renderer = renderer_digest()
    return {
        p.org.code: document_digest(p.TEMPLATE, p, renderer=renderer)
        for p in build_packets(url, org_codes=list(ORGS), year=YEAR, as_of=AS_OF)
    }


def _every_digest(url: str) -> dict[str, str]:
    """The digest of every kind of document: packets, routes, reports."""
    renderer = renderer_digest()
    packets = build_packets(url, org_codes=list(ORGS), year=YEAR, as_of=AS_OF)
    jobs = [
        *(RenderJob(p.TEMPLATE, p, f"packets/{p.org.code}") for p in packets),
        *routes_jobs(packets, [Path(f"packets/{p.org.code}") for p in packets]),
        *(
            RenderJob(ctx.TEMPLATE, ctx, kind)
            for kind, ctx in build_reports(url, year=YEAR, as_of=AS_OF).items()
        ),
    ]
    return {
        str(j.out_path): document_digest(j.template, j.context, renderer=renderer) for j in jobs
    }


def test_every_document_built_again_has_the_same_digest_in_another_process(built_url):
    """Built twice here and once in a process with another hash seed (a set of names
    would print in another order there): one digest per document, each its own."""
    import json
    import subprocess
    import sys

    here = _every_digest(built_url)
    assert {Path(p).parent.name for p in here} >= {"packets", "routes"} and len(here) > 10
    assert here == _every_digest(built_url) and len(set(here.values())) == len(here)
    script = (
        "import json, sys; from tests.stages.test_packets_incremental import _every_digest; "
        "print(json.dumps(_every_digest(sys.argv[1])))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    done = subprocess.run(
        [sys.executable, "-c", script, built_url], capture_output=True, text=True, env=env,
        check=True, cwd=Path(__file__).parents[2],
    )  # fmt: skip
    assert json.loads(done.stdout.strip().splitlines()[-1]) == here


def test_a_changed_template_threshold_or_issuer_changes_every_digest(
    built_url, tmp_path, monkeypatch
):
    import shutil

    from metodist.documents import digest

    before = _packet_digests(built_url)
    copy = tmp_path / "templates"
    shutil.copytree(digest.TEMPLATES_DIR, copy)
    monkeypatch.setattr(digest, "TEMPLATES_DIR", copy)
    assert _packet_digests(built_url) == before  # the same files elsewhere: the same digests
    (copy / "assets" / "print.css").write_text(
        (copy / "assets" / "print.css").read_text(encoding="utf-8") + "\nh1 { color: red }\n",
        encoding="utf-8",
    )
    styled = _packet_digests(built_url)
    assert styled.keys() == before.keys() and not set(styled.values()) & set(before.values())
    monkeypatch.undo()

    rules = tmp_path / "rules.toml"
    rules.write_text("[deficits]\ncritical_below = 41\n", encoding="utf-8")
    for name, value in (
        ("METODIST_RULES_CONFIG", str(rules)),
        ("METODIST_ISSUER", "МКУ «Информационно-методический центр»"),
    ):
        with monkeypatch.context() as env:
            env.setenv(name, value)
            _fresh_settings()
            changed = _packet_digests(built_url)
        _fresh_settings()
        assert not set(changed.values()) & set(before.values()), name
    assert _packet_digests(built_url) == before


def _fresh_settings() -> None:
    get_settings.cache_clear()
    thresholds.cache_clear()


def test_html_only_is_part_of_the_digest():
    assert renderer_digest(html_only=True) != renderer_digest(html_only=False)


def test_the_cli_asks_for_force_and_says_how_many_documents_it_kept(sqlite_url, monkeypatch):
    """`run packets --force` reaches the flow runner; a run that kept files says so."""
    from typer.testing import CliRunner

    from flows import runner
    from metodist.cli import app

    asked: list[dict[str, Any]] = []

    def run_stage_here(stage: str, **kwargs: Any) -> runner.StageOutcome:
        asked.append({"stage": stage, **kwargs})
        summary = {"packets": 1416, "reports": 9, "rendered": 2, "kept": 1421}
        return runner.StageOutcome("packets", 7, "completed", 12.0, summary)

    monkeypatch.setattr(runner, "run_stage", run_stage_here)
    cli = CliRunner()
    done = cli.invoke(app, ["run", "packets", "--year", "2026", "--force"])
    assert done.exit_code == 0, done.output
    assert asked[-1]["stage"] == "packets" and asked[-1]["force"] is True
    said = " ".join(done.output.split())
    assert "packets: 2 documents rendered, 1,421 kept as they were" in said
    assert cli.invoke(app, ["run", "packets", "--year", "2026"]).exit_code == 0
    assert asked[-1]["force"] is False


# ------------------------------------------- the inputs key: kept without building a view model


@dataclass
class Step:
    """One packets run of `keyed`: the organizations whose view model it built, what it wrote."""

    built: list[str]
    run: Run


def _first_teacher(url: str, org: str) -> str:
    with session_scope(url) as s:
        code = s.exec(
            select(Teacher.code).where(col(Teacher.org_code) == org).order_by(col(Teacher.code))
        ).first()
    assert code is not None
    return code


def _change(url: str, table: Any, code: str, **values: Any) -> None:
    with session_scope(url) as s:
        s.exec(update(table).where(col(table.code) == code).values(**values))  # type: ignore[call-overload]


def _keyed_steps(url: str, out: Path, tmp: Path) -> dict[str, Step]:
    """The runs of `keyed`, each after one change of what a packet reads (or none)."""
    from metodist.documents import inputs_key
    from metodist.stages import packets

    built: list[str] = []
    real = packets.build_packets

    def spy(*args: Any, **kwargs: Any) -> Any:
        built.extend(kwargs["org_codes"])
        return real(*args, **kwargs)

    steps: dict[str, Step] = {}

    def run(name: str, **options: Any) -> None:
        built.clear()
        steps[name] = Step(list(built), _run(url, out, html_only=True, **options))
        steps[name].built.extend(built)

    decided, other = _first_teacher(url, DECIDED), _first_teacher(url, UNTOUCHED)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(packets, "build_packets", spy)
        run("first")
        run("nothing")
        # a new run with the same results (its inputs did not change)
        run_stage(url, stage="monitoring", year=YEAR, as_of=AS_OF)
        run("monitoring run")
        _reject_one(url)
        run("decision")
        _change(url, Teacher, other, burnout_score=99)  # never printed, never read
        run("burnout score")
        _change(url, Organization, UNTOUCHED, vacancies=7)
        run("vacancies")
        run("after vacancies")
        _change(url, Teacher, other, full_name="Ёлкина Анна Петровна")
        run("teacher")
        _change(url, Teacher, decided, mentor_code=other)
        run("mentor")
        _change(url, Teacher, other, full_name="Ёлкина Анна Павловна")
        run("mentor renamed")
        packet = next(
            f["path"]
            for f in steps["mentor renamed"].run.summary["files"]
            if (f["kind"], f["org"]) == ("packet", UNTOUCHED)
        )
        Path(packet).unlink()
        run("deleted")
        extra = tmp / "extra"
        extra.mkdir()
        (extra / "adapter.py").write_text("WORD = 'до'\n", encoding="utf-8")
        mp.setattr(inputs_key, "_SOURCE_ROOTS", (*inputs_key._SOURCE_ROOTS, extra))
        run("code as it was")
        (extra / "adapter.py").write_text("WORD = 'после'\n", encoding="utf-8")
        run("code")
        mp.setenv("METODIST_ISSUER", "МКУ «Информационно-методический центр»")
        get_settings.cache_clear()
        run("issuer")
        run("forced", force=True)
        run("after forced")
        get_settings.cache_clear()
    return steps


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def keyed(
    request: pytest.FixtureRequest, sqlite_template: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Step]]:
    from tests.conftest import _pg_database

    folder = tmp_path_factory.mktemp(f"keyed-{request.param}")
    gen = None
    if request.param == "sqlite":
        url = migrated_copy(sqlite_template, folder)
    else:
        gen = _pg_database(request.getfixturevalue("pg_admin_url"))
        url = next(gen)
        db._migrated.add(url)
    cycle_database(url, folder / "csv", orgs=set(ORGS))
    os.environ["METODIST_OUT_DIR"] = str(folder / "out")
    get_settings.cache_clear()
    try:
        yield _keyed_steps(url, folder / "out" / str(YEAR), folder)
    finally:
        del os.environ["METODIST_OUT_DIR"]
        get_settings.cache_clear()
        db.get_engine(url).dispose()
        if gen is not None:
            next(gen, None)


def _packets_rendered(step: Step) -> set[str]:
    return {f["org"] for f in step.run.summary["files"] if f["kind"] == "packet" and not f["kept"]}


def _packet_files_untouched(before: Step, after: Step, org: str) -> bool:
    rows = [f["path"] for f in after.run.summary["files"] if f["org"] == org]
    return bool(rows) and all(_same(before.run, after.run, p) for p in rows)


@pytest.mark.slow
def test_an_unchanged_packet_is_kept_without_building_its_view_model(keyed):
    assert sorted(keyed["first"].built) == sorted(ORGS)
    nothing = keyed["nothing"]
    assert nothing.built == [] and _packets_rendered(nothing) == set()
    assert all(f["inputs"] for f in nothing.run.summary["files"] if f["org"])
    assert nothing.run.files == keyed["first"].run.files


@pytest.mark.slow
def test_a_decision_builds_only_its_organizations_packet(keyed):
    step = keyed["decision"]
    assert step.built == [DECIDED] and _packets_rendered(step) == {DECIDED}
    assert _packet_files_untouched(keyed["monitoring run"], step, UNTOUCHED)


@pytest.mark.slow
def test_a_column_no_packet_reads_changes_no_key(keyed):
    step = keyed["burnout score"]
    assert step.built == [] and step.run.summary["kept"] == len(step.run.summary["files"])


@pytest.mark.slow
def test_a_changed_row_builds_its_packet_and_the_digest_judges_whether_to_render(keyed):
    # the organization's row changed in a column the packet does not print: built, kept
    vacancies = keyed["vacancies"]
    assert vacancies.built == [UNTOUCHED] and _packets_rendered(vacancies) == set()
    assert _packet_files_untouched(keyed["burnout score"], vacancies, UNTOUCHED)
    # ...and the kept row carries the new key: the next run builds nothing
    assert keyed["after vacancies"].built == []
    teacher = keyed["teacher"]
    assert teacher.built == [UNTOUCHED] and _packets_rendered(teacher) == {UNTOUCHED}
    assert _packet_files_untouched(keyed["after vacancies"], teacher, DECIDED)


@pytest.mark.slow
def test_a_mentors_name_in_another_organization_is_part_of_the_key(keyed):
    assert keyed["mentor"].built == [DECIDED] and _packets_rendered(keyed["mentor"]) == {DECIDED}
    renamed = keyed["mentor renamed"]
    assert sorted(renamed.built) == sorted(ORGS) and _packets_rendered(renamed) == set(ORGS)


@pytest.mark.slow
def test_a_deleted_packet_is_built_and_rendered_again(keyed):
    step = keyed["deleted"]
    assert step.built == [UNTOUCHED] and _packets_rendered(step) == {UNTOUCHED}


@pytest.mark.slow
def test_a_new_run_code_or_issuer_builds_every_packet(keyed):
    # a new monitoring run with the same results: every packet built, none rendered
    for name in ("monitoring run", "code"):
        step = keyed[name]
        assert sorted(step.built) == sorted(ORGS) and _packets_rendered(step) == set(), name
    assert keyed["code as it was"].built == sorted(ORGS)  # a new source file is new code
    issuer = keyed["issuer"]
    assert sorted(issuer.built) == sorted(ORGS) and _packets_rendered(issuer) == set(ORGS)


@pytest.mark.slow
def test_a_forced_run_records_the_keys_the_next_run_keeps_by(keyed):
    forced = keyed["forced"]
    assert sorted(forced.built) == sorted(ORGS) and forced.run.summary["kept"] == 0
    after = keyed["after forced"]
    assert after.built == [] and after.run.summary["rendered"] == 0
