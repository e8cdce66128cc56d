"""The packets stage: one PDF per organization and the reports, on disk and in the manifest.

Rendering is the slow part (WeasyPrint lays out every page), so the
municipality is the demo's two smallest organizations (a kindergarten and
a centre of additional education, 28 teachers), the stage runs once per
module and the rerun test reuses its output.
"""

import json
import os
import pickle
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlmodel import select

from metodist import db
from metodist.config import get_settings
from metodist.db import session_scope
from metodist.review import review
from metodist.stages import packets, registry, runs
from metodist.stages.execute import run_in_process as run_stage
from models import CycleRun, Organization, StageOutput, Teacher
from tests.documents.test_build import AS_OF, YEAR, cycle_database, migrated_copy

ORGS = ("M01-A01", "M01-D01")
APPROVED = "M01-A01"
REPORTS = [
    "01_requests.pdf",
    "02_deficits.pdf",
    "03_attestation.pdf",
    "04_monitoring.pdf",
    "05_plan.pdf",
    "06_centre.pdf",
    "07_catalogue.pdf",
    "08_events.pdf",
    "09_efficacy.pdf",
]


def _text(path: Path) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages)


@dataclass
class Written:
    url: str
    out: Path  # <out_dir>/<year>
    run_id: int
    summary: dict[str, Any]


@pytest.fixture(scope="module")
def written(sqlite_template: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Written]:
    """The municipality through every stage, one school approved, then the packets stage."""
    folder = tmp_path_factory.mktemp("packets")
    url = migrated_copy(sqlite_template, folder)
    cycle_database(url, folder / "csv", orgs=set(ORGS))
    review(url, decision="approved", org=APPROVED, reviewer="Петрова")
    os.environ["METODIST_OUT_DIR"] = str(folder / "out")
    get_settings.cache_clear()
    try:
        run_id = run_stage(url, stage="packets", year=YEAR, as_of=AS_OF)
    finally:
        del os.environ["METODIST_OUT_DIR"]
        get_settings.cache_clear()
    with session_scope(url) as s:
        run = s.get(CycleRun, run_id)
        assert run is not None
        summary = dict(run.summary)
    yield Written(url, folder / "out" / str(YEAR), run_id, summary)
    db.get_engine(url).dispose()


@pytest.fixture(scope="module")
def texts(written: Written) -> dict[str, str]:
    """Each packet's text by organization code, extracted once (pypdf takes seconds)."""
    return {
        f["org"]: _text(Path(f["path"])) for f in written.summary["files"] if f["kind"] == "packet"
    }


def test_the_stage_service_takes_the_output_folder_and_html_only():
    assert registry.service("packets").options == {
        "out_dir": None,
        "html_only": False,
        "routes": None,  # None: the `routes` setting (METODIST_ROUTES)
        "force": False,  # True: render every document, also those unchanged
    }


def test_routes_are_written_beside_the_packets_when_asked(written, tmp_path):
    """A chunk asked for routes writes one routes file per organization, named as its packet,
    a page per teacher present; without being asked it writes none (compute writes no rows)."""
    chunk = packets.compute(
        written.url, run_id=written.run_id, year=YEAR, as_of=AS_OF, org_codes=list(ORGS),
        out_dir=str(tmp_path), routes=True,
    )  # fmt: skip
    by_kind: dict[str, dict[str, Path]] = {}
    for f in chunk["files"]:
        by_kind.setdefault(f.kind, {})[f.org] = Path(f.path)
    assert set(by_kind["routes"]) == set(by_kind["packet"]) == set(ORGS)
    for org, path in by_kind["routes"].items():
        # a chunk writes into its run's own folder; finalize moves it into place
        assert path.parent.name == "routes" and path.parent.parent.parent == tmp_path / str(YEAR)
        assert path.name == by_kind["packet"][org].name
        assert len(PdfReader(path).pages) > 0
    plain = packets.compute(
        written.url, run_id=written.run_id, year=YEAR, as_of=AS_OF, org_codes=list(ORGS),
        out_dir=str(tmp_path / "plain"), routes=False,
    )  # fmt: skip
    assert {f.kind for f in plain["files"]} == {"packet"}


@pytest.mark.slow
def test_one_pdf_per_organization_and_the_reports(written):
    files = sorted(p.name for p in (written.out / "packets").iterdir())
    assert files == [
        "M01-A01 МБУ ДО «Дом детского творчества».pdf",
        "M01-D01 МБДОУ детский сад № 1 «Звёздочка».pdf",
    ]
    assert sorted(p.name for p in (written.out / "reports").iterdir()) == REPORTS
    for path in [*(written.out / "packets").iterdir(), *(written.out / "reports").iterdir()]:
        assert len(PdfReader(path).pages) >= 1, path


@pytest.mark.slow
def test_a_packet_names_its_teachers_and_no_others(written, texts):
    with session_scope(written.url) as s:
        staff = {org: set(s.exec(select(Teacher.full_name).where(Teacher.org_code == org)).all())
                 for org in ORGS}  # fmt: skip
    assert set(texts) == set(ORGS)
    for org, text in texts.items():
        squeezed = "".join(text.split())
        for name in staff[org]:
            assert "".join(name.split()) in squeezed, (org, name)
        others = {n for o, names in staff.items() if o != org for n in names}
        assert not any("".join(n.split()) in squeezed for n in others), org


@pytest.mark.slow
def test_a_packet_is_a_draft_until_reviewed(written, texts):
    for f in written.summary["files"]:
        if f["kind"] != "packet":
            continue
        text = texts[f["org"]]
        if f["org"] == APPROVED:
            assert f["state"] == "approved"
            assert "Утверждено" in text and "ПРОЕКТ" not in text
        else:
            assert f["state"] == "draft"
            assert "ПРОЕКТ" in text


@pytest.mark.slow
def test_the_summary_and_the_manifest_list_every_file(written):
    summary = written.summary
    assert json.loads(json.dumps(summary)) == summary
    assert summary["packets"] == 2 and summary["reports"] == len(REPORTS)
    assert (summary["approved"], summary["draft"]) == (1, 1)
    assert summary["out_dir"] == str(written.out.resolve())
    assert summary["pages"] == sum(f["pages"] for f in summary["files"])
    assert summary["seconds_per_packet"] > 0 and summary["pages_per_packet"] > 2
    with session_scope(written.url) as s:
        manifest = s.exec(
            select(StageOutput).where(
                StageOutput.run_id == written.run_id, StageOutput.kind == packets.KIND
            )
        ).one()
    rows = manifest.payload["files"]
    assert {Path(r["path"]).name for r in rows} == {
        *(p.name for p in (written.out / "packets").iterdir()),
        *REPORTS,
    }
    for row in rows:
        assert {"path", "org", "pages", "state"} <= set(row)
        assert row["pages"] == len(PdfReader(row["path"]).pages)


@pytest.mark.slow
def test_a_rerun_replaces_the_files_and_the_run(written, tmp_path):
    out_dir = written.out.parent
    packet = next((written.out / "packets").iterdir())
    packet.write_bytes(b"")  # damaged: the rerun must write it again
    stale = written.out / "packets" / "M01-Z99 Закрытая школа.pdf"
    stale.write_bytes(b"%PDF-1.4 old")
    notes = written.out / "packets" / "заметки.txt"
    notes.write_text("not ours", encoding="utf-8")

    run_id = runs.start_run(written.url, year=YEAR, as_of=AS_OF, stage="packets")
    partial = packets.compute(
        written.url, run_id=run_id, year=YEAR, as_of=AS_OF, org_codes=list(ORGS),
        out_dir=str(out_dir),
    )  # fmt: skip
    partial = pickle.loads(pickle.dumps(partial))
    summary = packets.finalize(
        written.url, run_id=run_id, year=YEAR, as_of=AS_OF, partials=[partial],
        out_dir=str(out_dir),
    )  # fmt: skip
    runs.complete_run(written.url, run_id, summary=summary)

    assert len(PdfReader(packet).pages) > 1
    assert not stale.exists() and notes.exists()
    assert summary["removed"] == 1
    assert sorted(p.name for p in (written.out / "reports").iterdir()) == REPORTS
    with session_scope(written.url) as s:
        done = s.exec(select(CycleRun).where(CycleRun.stage == "packets")).all()
        manifests = s.exec(select(StageOutput).where(StageOutput.kind == packets.KIND)).all()
    assert [r.id for r in done] == [run_id]
    assert [m.run_id for m in manifests] == [run_id]


def test_a_missing_stage_fails_the_run_with_its_name(sqlite_url, tmp_path, monkeypatch):
    monkeypatch.setenv("METODIST_OUT_DIR", str(tmp_path))
    get_settings.cache_clear()
    with session_scope(sqlite_url) as s:
        s.add(Organization(code="o1", name="МБОУ СОШ № 1", kind="school"))
    # the centre's chunk misses the needs run, the school's the monitoring run: either first
    with pytest.raises(RuntimeError, match=r"metodist run (needs|monitoring) --year 2026") as e:
        run_stage(sqlite_url, stage="packets", year=YEAR, as_of=AS_OF)
    missing = "needs" if "run needs" in str(e.value) else "monitoring"
    with session_scope(sqlite_url) as s:
        run = s.exec(select(CycleRun).where(CycleRun.stage == "packets")).one()
    assert run.status == "failed" and f"metodist run {missing}" in (run.error or "")
    assert not any(tmp_path.rglob("*.pdf"))
    get_settings.cache_clear()


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("МБОУ СОШ № 1", "МБОУ СОШ № 1"),
        ('ЦДО "Радуга": филиал/2', "ЦДО Радуга филиал 2"),
        ("Школа.  ", "Школа"),
        ("?", "_"),
        (
            "МБОУ «Средняя общеобразовательная школа № 3 с углублённым изучением отдельных "
            "предметов имени героя»",
            "МБОУ «Средняя общеобразовательная школа № 3 с углублённым",
        ),
    ],
)
def test_file_names_are_safe_on_windows(name, safe):
    assert packets.safe_file_name(name) == safe


def test_render_workers_follow_the_environment(monkeypatch):
    monkeypatch.setenv(packets.RENDER_WORKERS_ENV, "1")
    assert packets.render_workers() == 1
    monkeypatch.delenv(packets.RENDER_WORKERS_ENV)
    assert packets.render_workers() == (os.cpu_count() or 1)


def test_the_output_folder_defaults_to_the_settings(monkeypatch, tmp_path):
    monkeypatch.setenv("METODIST_OUT_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        assert packets.year_folder(None, YEAR) == tmp_path / str(YEAR)
        assert packets.year_folder("elsewhere", YEAR) == Path("elsewhere") / str(YEAR)
    finally:
        get_settings.cache_clear()
