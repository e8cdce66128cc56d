"""render_html / render_pdf / render_many, and every report renders."""

from pathlib import Path

import pytest
from jinja2 import UndefinedError

from metodist.documents import preview
from metodist.documents.render import render_html, render_many, render_pdf

from .conftest import read_pages


def test_templates_fail_loudly_on_a_missing_value():
    with pytest.raises(UndefinedError):
        render_html("packet.html", {})


def test_html_only_writes_the_html_for_layout_work(town, tmp_path):
    ctx = town.reports["catalogue"]
    result = render_pdf(ctx.TEMPLATE, ctx, tmp_path / "catalogue.pdf", html_only=True)
    assert result.path == tmp_path / "catalogue.html"
    assert result.pages is None
    assert not (tmp_path / "catalogue.pdf").exists()
    html = result.path.read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="print.css">' in html
    assert "Каталог правил экспертной системы" in html


REPORTS = {
    "requests": "Сводка заявок на повышение квалификации",
    "deficits": "Профиль профессиональных дефицитов педагогов",
    "attestation": "Аналитическая справка по итогам аттестации",
    "monitoring": "Аналитический отчёт по итогам мониторинга",
    "plan": "План повышения квалификации работников образования",
    "centre": "Рекомендации методическому центру",
    "catalogue": "Каталог правил экспертной системы",
    "events": "Методическая работа",
    "efficacy": "Результативность курсов повышения",
}


@pytest.fixture(scope="module")
def reports(town, tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    contexts = town.reports
    jobs = [(ctx.TEMPLATE, ctx, out / f"{name}.pdf") for name, ctx in contexts.items()]
    results = render_many(jobs, workers=1)
    return {name: (contexts[name], r) for name, r in zip(contexts, results, strict=True)}


@pytest.mark.parametrize("name", REPORTS)
def test_each_report_renders_with_title_and_numbering(reports, name):
    ctx, result = reports[name]
    pages = read_pages(result.path)
    assert result.pages == len(pages) >= 1
    assert REPORTS[name] in pages[0]
    for number, text in enumerate(pages, start=1):  # numbered on: a part knows no total
        assert text.endswith(f"Стр. {number}")
    assert ("ПРОЕКТ" in pages[0]) == ctx.meta.draft


def test_attestation_note_lists_only_pre_reform_expiries(reports):
    ctx, _ = reports["attestation"]
    assert all(e.assigned < ctx.reform_date for e in ctx.expiring)


@pytest.mark.slow  # starts a fork server and two workers
def test_parallel_rendering_gives_the_same_documents(town, tmp_path):
    docs = [town.reports["centre"], town.reports["catalogue"]]

    def jobs(folder: str) -> list[tuple[str, object, Path]]:
        return [(d.TEMPLATE, d, tmp_path / folder / f"{i}.pdf") for i, d in enumerate(docs)]

    seen: list[tuple[int, int]] = []
    parallel = render_many(jobs("p"), workers=2, progress=lambda d, n, r: seen.append((d, n)))
    sequential = render_many(jobs("s"), workers=1)
    assert [r.path.name for r in parallel] == ["0.pdf", "1.pdf"]
    assert [r.pages for r in parallel] == [r.pages for r in sequential]
    for p, s in zip(parallel, sequential, strict=True):
        assert read_pages(p.path) == read_pages(s.path)
        assert p.seconds > 0
    assert sorted(seen) == [(1, 2), (2, 2)]


def test_the_layout_preview_writes_every_document_of_the_demo(tmp_path, capsys):
    assert preview.main([str(tmp_path), "--html", "--workers", "1"]) == 0
    written = sorted(p.name for p in tmp_path.iterdir())
    packets = ["packet-M01-A01.html", "packet-M01-D01.html", "packet-M01-S01.html"]
    assert written == sorted([*packets, *(f"{kind}.html" for kind in REPORTS)])
    drafts = ["ПРОЕКТ" in (tmp_path / name).read_text(encoding="utf-8") for name in packets]
    assert drafts == [True, False, True]  # every second organization approved
    assert f"{len(packets) + len(REPORTS)} documents" in capsys.readouterr().err


def test_monitoring_report_compares_within_kind_and_names_what_is_left_out(reports):
    ctx, result = reports["monitoring"]
    text = " ".join(read_pages(result.path))
    assert set(ctx.kinds) == {s.kind for s in ctx.schools} and len(ctx.kinds) == 3
    for kind in ctx.kinds:
        assert kind in ctx.average_by_kind
    assert text.count("Среднее по типу организаций") == len(ctx.kinds)
    left_out = [s for s in ctx.schools if s.left_out]
    assert left_out  # the demo's one school ran no burnout survey
    assert "не учт.*" in text and "не учтён в интегральном показателе" in text
    assert all(s.org_name.split("«")[0].strip() in text for s in left_out)
