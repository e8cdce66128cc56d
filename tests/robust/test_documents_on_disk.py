"""Documents on disk: written whole or not at all, and one file per organization code.

Probes 1 and 2 of issue 14: a killed or disk-full packets run left a broken
PDF under the school's own name; `S:1`, `S/1` and `S\\1` wrote one file; a
right-to-left override reached a file name.
"""

import errno
import types
from pathlib import Path

import pytest

from metodist import atomic
from metodist.documents import render
from metodist.stages import packets


def _disk_full_after(written: bytes):
    def write_pdf(self, target, **_kwargs):
        Path(target).write_bytes(written)
        raise OSError(errno.ENOSPC, "No space left on device")

    return write_pdf


def test_a_full_disk_while_writing_a_packet_keeps_the_previous_one(tmp_path, monkeypatch):
    from weasyprint import Document

    packet = tmp_path / "M01-S01 Школа.pdf"
    packet.write_bytes(b"%PDF-1.7 the previous, whole packet")
    monkeypatch.setattr(Document, "write_pdf", _disk_full_after(b"%PDF-1.7 half"))
    monkeypatch.setattr(render, "render_html", lambda *a, **k: "<p>Пакет</p>")
    with pytest.raises(OSError, match="No space"):
        render.render_pdf("packet.html", {}, packet)
    assert packet.read_bytes() == b"%PDF-1.7 the previous, whole packet"
    assert sorted(p.name for p in tmp_path.iterdir()) == [packet.name]  # no temporary file left


def test_an_atomic_write_replaces_whole_and_keeps_the_mode(tmp_path):
    target = tmp_path / "export.csv"
    atomic.write_text(target, "a,b\n")
    assert target.read_text() == "a,b\n" and target.stat().st_mode & 0o777 == 0o644
    with pytest.raises(RuntimeError), atomic.replacing(target) as temp:
        temp.write_text("half")
        raise RuntimeError("killed")
    assert target.read_text() == "a,b\n" and list(tmp_path.iterdir()) == [target]


def test_codes_that_read_alike_get_files_of_their_own():
    names = {
        code: packets.packet_path(Path("out"), code, "Школа").name
        for code in ("S:1", "S/1", "S\\1", "S 1", "s01", "S01")
    }
    assert len(set(names.values())) == len(names)
    assert len({n.casefold() for n in names.values()}) == len(names)  # also on Windows, macOS
    assert names["S01"] == "S01 Школа.pdf"  # a plain code stays as it is
    assert all(Path(n).parent == Path(".") for n in names.values())  # never a sub-folder


def test_bidi_and_zero_width_characters_never_reach_a_file_name():
    name = packets.packet_path(Path("out"), "M01-S01", "Школа\u202eevil\u202c fdp.exe\u200b").name
    assert name == "M01-S01 Школаevil fdp.exe.pdf"
    assert packets.safe_file_name("Школа\nимени\tГерцена") == "Школа имени Герцена"


def test_a_chunk_renders_into_the_runs_own_folder_until_finalize(tmp_path, monkeypatch):
    org = types.SimpleNamespace(code="M01-S01", name="Школа")
    context = types.SimpleNamespace(
        TEMPLATE="packet.html.j2",
        org=org,
        meta=types.SimpleNamespace(review_state="draft"),
        teachers=(),
    )
    monkeypatch.setattr(packets, "build_packets", lambda *a, **k: [context])
    seen = []

    def fake_render(jobs, html_only=False):
        seen.extend(Path(j.out_path) for j in jobs)
        return [render.RenderResult(Path(j.out_path), 1, 0.0) for j in jobs]

    monkeypatch.setattr(packets, "render_documents", fake_render)
    packets.compute(
        None,
        run_id=7,
        year=2026,
        as_of=None,  # type: ignore[arg-type]
        org_codes=["M01-S01"],
        out_dir=str(tmp_path),
        routes=False,
    )
    assert seen == [tmp_path / "2026" / ".run-7" / "packets" / "M01-S01 Школа.pdf"]
