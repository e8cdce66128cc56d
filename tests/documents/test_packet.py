"""The school packet, read back from the PDF."""

import re
from html import unescape

from metodist.documents.filters import rule_title
from metodist.documents.labels import INDICATOR, INDICATOR_SHORT
from metodist.documents.render import render_html

from .conftest import CYRILLIC_TEACHER, normalize, squeeze


def test_every_page_is_numbered_n_of_total(draft_packet):
    total = len(draft_packet.pages)
    assert draft_packet.result.pages == total
    for number, text in enumerate(draft_packet.pages, start=1):
        assert f"Стр. {number} из {total}" in text


def test_running_head_on_every_page_but_the_cover(draft_packet):
    org = normalize(draft_packet.context.org.name)
    assert org in draft_packet.pages[0]  # the cover's title
    for text in draft_packet.pages[1:]:
        assert f"{org} · Цикл {draft_packet.context.meta.cycle_year} г." in text


def _route_pages(rendered) -> list[str]:
    """The pages of teachers' blocks: their head reads «ИОМ: <the first starting there>»."""
    return [p for p in rendered.pages if " ИОМ: " in p]


def test_every_teacher_has_exactly_one_route_block(draft_packet):
    assert _route_pages(draft_packet), "no page of teachers' routes"
    text = draft_packet.text.partition("3. Карты дефицитов и маршруты (ИОМ) У каждого")[2]
    text = text.partition("4. Что означают шаги маршрутов")[0]  # the chapter after the routes
    assert text
    for number, teacher in enumerate(draft_packet.context.teachers, start=1):
        # a block opens with «N. Full Name»; the name may recur as someone's mentor
        headings = re.findall(r"\b(\d+)\. " + re.escape(teacher.full_name), text)
        assert headings == [str(number)], teacher.full_name


def test_teachers_share_pages_and_the_head_names_them(draft_packet, big_packet):
    for rendered in (draft_packet, big_packet):
        routes = _route_pages(rendered)
        teachers = rendered.context.teachers
        assert len(routes) * 2 <= len(teachers) + 2  # several teachers to a page
        shorts = [t.short_name for t in teachers]
        for page in routes:
            if not any(re.search(rf"\b\d+\. {re.escape(t.full_name)}", page) for t in teachers):
                continue  # a page no block starts on (the chapters after the routes)
            head = page[page.index(" ИОМ: ") : page.index(" ИОМ: ") + 60]
            first = next(s for s in shorts if s in head)
            assert any(f"{t.full_name}" in page for t in teachers if t.short_name == first)
        # the chapter runs on from the head's recommendations and ends with the last block
        assert teachers[-1].full_name in routes[-1]
        # one head's signature for the whole chapter, no per-teacher signature lines
        assert " ".join(routes).count("Руководитель организации:") == 1
        assert "С маршрутом ознакомлен" not in rendered.text


def test_no_teacher_of_another_school_appears(draft_packet, town):
    ours = {t.full_name for t in draft_packet.context.teachers}
    others = {t.full_name for s in town.schools for t in s.teachers} - ours
    assert others
    text = draft_packet.text
    assert not [name for name in others if name in text]


def test_each_recommendation_title_appears(draft_packet):
    for rec in draft_packet.context.head_recommendations:
        assert normalize(rec.title) in draft_packet.text


def test_recommendations_are_printed_by_priority(draft_packet):
    text = draft_packet.text
    positions = [text.index(normalize(r.title)) for r in draft_packet.context.head_recommendations]
    assert positions == sorted(positions)


def test_draft_carries_the_watermark_on_every_page(draft_packet):
    assert draft_packet.context.meta.draft
    assert all("ПРОЕКТ" in text for text in draft_packet.pages)


def test_approved_packet_has_no_watermark(hostile_packet):
    assert not hostile_packet.context.meta.draft
    assert not any("ПРОЕКТ" in text for text in hostile_packet.pages)


def test_cyrillic_is_extracted_intact(draft_packet):
    text = draft_packet.text
    assert CYRILLIC_TEACHER in text
    for phrase in ("Карты профессиональных дефицитов", "индивидуальный образовательный маршрут",
                   "психолого-педагогическая", "Приложение. Сработавшие правила"):  # fmt: skip
        assert phrase in text
    assert "\ufffd" not in text and "\x00" not in text


def test_every_fired_rule_is_in_the_appendix(draft_packet):
    # read from the HTML: the paragraph may run over a page, with page furniture between
    ctx = draft_packet.context
    html = render_html(ctx.TEMPLATE, ctx)
    appendix = normalize(unescape(re.sub(r"<[^>]+>", " ", html.split('id="rules"', 1)[1])))
    assert "Приложение. Сработавшие правила" in draft_packet.text
    for rule in ctx.fired_rules:
        # a teacher rule by its route step's name in the kind's words, others by title
        title = normalize(rule_title(rule.rule_id, ctx.org.kind, rule.title))
        assert f"{rule.rule_id} «{title}» — {rule.count}" in appendix


def test_no_burnout_figure_is_printed(draft_packet):
    text = draft_packet.text
    assert squeeze(INDICATOR["no_burnout_share"]) not in squeeze(text)
    assert INDICATOR_SHORT["no_burnout_share"] not in text
    for page in draft_packet.raw:
        for line in page.splitlines():
            if "выгоран" in line.lower():
                assert not re.search(r"%|балл", line), line


def test_indicators_are_shown_beside_the_municipal_average(draft_packet):
    page = next(p for p in draft_packet.pages if "1. Показатели организации" in p)
    for indicator in draft_packet.context.indicators:
        assert squeeze(INDICATOR[indicator.key]) in squeeze(page)
        assert INDICATOR_SHORT[indicator.key] in page  # the chart's label


def test_a_packet_says_when_the_burnout_survey_was_not_run(draft_packet, big_packet):
    flags = set()
    for rendered in (draft_packet, big_packet):
        text = normalize(rendered.text)
        run = rendered.context.staff_survey_run
        flags.add(run)
        assert ("в организации не проводился" in text) is not run
        assert ("по этическим соображениям не включается" in text) is run
        assert "организациям того же типа" in text
    assert flags == {True, False}  # the demo's school ran none, the smallest org did


def test_a_route_steps_quarter_is_never_split_over_two_lines(big_packet):
    # kept whole by no-break spaces (filter `nobreak`), not by a box of its own
    raw = "\n".join(big_packet.raw)
    quarters = re.findall(r"—\s(?:I|II|III|IV)(\s+)квартал(?!\w)", raw)  # a step's «— when»
    assert quarters, "no quarter in the routes"
    assert all(gap == "\u00a0" for gap in quarters), set(quarters)
