"""Less layout work: WeasyPrint's user-agent rules that every element matched in vain are gone."""

import subprocess
import sys
from pathlib import Path

from jinja2 import ChoiceLoader, DictLoader
from pypdf import PdfReader
from weasyprint.html import UA, UA_STYLESHEET

from metodist.documents import render

from .conftest import normalize

PAGE = """<!DOCTYPE html><html lang="ru"><body>
<ul><li>первый пункт</li><li>второй пункт</li></ul>
<ol><li>нумерованный</li></ol>
</body></html>"""


def test_the_lean_sheet_drops_the_note_rules_and_keeps_markers_to_list_items():
    lean = render.lean_user_agent_css(UA)
    assert UA.count("::footnote-") == 2 and UA.count("::note-") == 3
    assert "::footnote" not in lean and "::note" not in lean
    assert "\nli::marker {" in lean and lean.count("::marker") == 1
    # every other rule is WeasyPrint's own
    assert len(UA) - len(lean) == sum(
        len(line) + 1 for line in UA.splitlines() if line.startswith(("::footnote", "::note"))
    ) - len("li")


def test_documents_are_laid_out_with_the_lean_sheet():
    (sheet,) = render._user_agent_sheets()
    assert sheet is not UA_STYLESHEET  # a WeasyPrint that words the rules otherwise fails here


def test_list_items_keep_their_markers(monkeypatch, tmp_path: Path):
    env = render.get_environment()
    sample = env.overlay(loader=ChoiceLoader([DictLoader({"list.html": PAGE}), env.loader]))
    monkeypatch.setattr(render, "get_environment", lambda: sample)
    out = render.render_pdf("list.html", {}, tmp_path / "list.pdf").path
    text = normalize(PdfReader(out).pages[0].extract_text())
    assert text.startswith("первый пункт второй пункт нумерованный")
    assert text.count("•") == 2 and "1." in text  # pypdf gives the markers after the items


def test_the_lean_sheet_is_parsed_without_a_warning(caplog):
    render._user_agent_sheets.cache_clear()
    with caplog.at_level("WARNING", logger="weasyprint"):
        render._user_agent_sheets()
    assert not caplog.records  # a warning per rendering process on every run's terminal


def test_a_warmed_up_worker_keeps_its_startup_objects_out_of_the_collector():
    # in a fresh process: freezing the test runner's own objects would outlive the test
    script = (
        "import gc; from metodist.documents import render; render.warm_up(); "
        "print(gc.get_freeze_count())"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert int(out.stdout) > 10_000  # the imports, the stylesheet and its fonts
