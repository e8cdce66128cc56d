"""What a head and a teacher read: Russian agreement, the kind's own words, one basis,
no seed municipality, no Latin word, and a route page naming one teacher.

The documents are the demo town's (a school, a kindergarten, a centre of
additional education: `conftest.town`), rendered to HTML here (text checks) and
to PDF for the routes (one page per teacher).
"""

import re
from html import unescape

import pytest

from metodist.documents import context as c
from metodist.documents.basis import packet_basis
from metodist.documents.render import render_html, render_pdf
from metodist.documents.steps import STEP_KINDS, step_kind, words
from metodist.documents.views.route import TeacherRec, build_route
from metodist.documents.views.routes import build_routes
from models.russian import count_phrase, experience_phrase, of_total
from models.vocabulary import SCHOOL_WORDS, agree, vocabulary
from rules.catalogue import CATALOGUE
from rules.sources import SEEDS
from rules.status import absent_on as is_absent
from rules.thresholds import load_thresholds
from tests.documents.conftest import normalize, read_pages

#: the other municipalities the seed documents come from: never in a packet
SEED_PLACES = ("Петрозаводск", "Белово", "Енисейск", "Тунгиро", "Олёкмин")
#: Latin a Russian document may print: rule ids, organization and course codes (the
#: department's own), quarters in Roman numerals
ALLOWED_LATIN = re.compile(r"^(?:[TOM]\d{2}|M\d{2}-[SDA]\d{2}|[A-Z]{2,}-\d+|I|II|III|IV)$")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9-]*")
_TAG = re.compile(r"<(style|title)[^>]*>.*?</\1>|<[^>]+>", re.S)


def text_of(html: str) -> str:
    """The words a reader sees: no tags, styles or attributes."""
    body = html.split("<body>", 1)[-1]
    return normalize(unescape(_TAG.sub(" ", body)))


def latin_words(text: str) -> set[str]:
    return {w for w in _LATIN_WORD.findall(text) if not ALLOWED_LATIN.match(w)}


def by_kind(town, kind: str) -> c.PacketContext:
    return next(p for p in town.schools if p.org.kind == kind)


# ---------------------------------------------------------------- the helpers


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "включена 1 курсовая группа"),
        (2, "включены 2 курсовые группы"),
        (5, "включено 5 курсовых групп"),
        (11, "включено 11 курсовых групп"),
        (21, "включена 21 курсовая группа"),
        (22, "включены 22 курсовые группы"),
        (25, "включено 25 курсовых групп"),
    ],
)
def test_a_count_agrees_with_its_noun_and_verb(n, expected):
    noun = ("курсовая группа", "курсовые группы", "курсовых групп")
    assert count_phrase(n, noun, ("включена", "включены", "включено")) == expected


@pytest.mark.parametrize(
    ("total", "expected"),
    [(1, "1 из 1 действующей категории"), (21, "1 из 21 действующей категории"),
     (2, "1 из 2 действующих категорий"), (11, "1 из 11 действующих категорий")],
)  # fmt: skip
def test_of_total_takes_the_genitive(total, expected):
    assert of_total(1, total, ("действующей категории", "действующих категорий")) == expected


def test_experience_under_a_year_is_never_zero_years():
    assert experience_phrase(0.4) == "стаж менее 1 года"
    assert experience_phrase(1.7) == "стаж 1 год"
    assert experience_phrase(22) == "стаж 22 года"
    assert experience_phrase(25.5) == "стаж 25 лет"


def test_the_vocabulary_speaks_to_a_kindergarten_as_one():
    kindergarten = vocabulary("preschool")
    assert kindergarten.inside == "внутри детского сада"
    assert kindergarten.learners == "воспитанники"
    assert agree(kindergarten.gender, "отнесён", "отнесена", "отнесено", "отнесены") == "отнесён"
    assert vocabulary("school").inside == "внутри школы"
    assert vocabulary(None).organization == "организация"
    for word in ("школ", "учебн"):
        assert not any(word in str(v) for v in vars(kindergarten).values())


def test_the_basis_names_federal_acts_and_the_municipal_programme_only():
    order = "программа «Развитие образования», постановление от 15.01.2025 № 12"
    attestation = packet_basis(CATALOGUE["T06"], order)
    assert "№ 196" in attestation and attestation.endswith(order)
    assert packet_basis(CATALOGUE["T04"], order) == order  # seeds 002 and 004 only
    for meta in CATALOGUE.values():
        basis = packet_basis(meta, order)
        assert not any(place in basis for place in SEED_PLACES), meta.id
        assert not any(seed.title in basis for seed in SEEDS.values()), meta.id


def test_an_absent_teacher_is_one_whose_absence_has_not_ended(town):
    as_of = town.schools[0].meta.document_date
    assert is_absent("leave", None, as_of)
    assert is_absent("illness", as_of.replace(year=as_of.year + 1), as_of)
    assert not is_absent("leave", as_of, as_of)
    assert not is_absent(None, None, as_of)


def test_several_support_items_make_one_step_naming_every_area():
    def support(area: str) -> TeacherRec:
        return TeacherRec("T02", "x", "x", "normal", {"deficit": {"area": area}})

    route = build_route(
        full_name="Иванова Анна Петровна",
        placements=(),
        recs=[support("digital"), support("legal")],
        plan_year=2027,
        vocab=vocabulary("preschool"),
    )
    assert len(route) == 1
    assert route[0].title == "Поддержка внутри детского сада"
    assert route[0].detail == "цифровая, правовая"


# ---------------------------------------------------------------- the documents


def test_no_seed_municipality_is_named_in_any_packet_or_route(town):
    for packet in town.schools:
        for doc in (packet, build_routes(packet)):
            text = text_of(render_html(doc.TEMPLATE, doc))
            named = [p for p in SEED_PLACES if p in text]
            assert not named, (packet.org.code, doc.TEMPLATE, named)


def test_each_head_recommendation_prints_one_basis(town):
    packet = max(town.schools, key=lambda p: len(p.head_recommendations))
    html = render_html(packet.TEMPLATE, packet)
    section = html.split('id="head"', 1)[1].split("</section>", 1)[0]
    items = section.count('<article class="rec')
    assert items == len(packet.head_recommendations) > 0
    assert text_of(section).count("Основание:") == items


def own_words(packet: c.PacketContext, html: str) -> str:
    """The document's own words: without the organization's data (names, positions,
    subjects), the catalogue's course titles and the topics teachers asked for
    («ФГИС «Моя школа» …», «3D-моделирование»)."""
    data = {packet.org.name, *(t.full_name for t in packet.teachers)}
    data |= {t.position for t in packet.teachers} | {s for t in packet.teachers for s in t.subjects}
    data |= {i.title for t in packet.teachers for i in t.route if i.kind == "course"}
    data |= {i.detail for t in packet.teachers for i in t.route if i.kind == "unmet"}
    text = text_of(html)
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(normalize(value), " ")
    return text


def test_no_school_word_in_a_kindergartens_packet_or_routes(town):
    packet = by_kind(town, "preschool")
    for doc in (packet, build_routes(packet)):
        text = own_words(packet, render_html(doc.TEMPLATE, doc))
        found = {w for w in SCHOOL_WORDS if w in text.casefold()}
        assert not found, (doc.TEMPLATE, found)
    assert "внутри детского сада" in text_of(render_html(packet.TEMPLATE, packet))


@pytest.mark.parametrize("kind", ["school", "preschool", "additional"])
def test_no_latin_word_in_a_packet_or_its_routes(town, kind):
    packet = by_kind(town, kind)
    for doc in (packet, build_routes(packet)):
        found = latin_words(own_words(packet, render_html(doc.TEMPLATE, doc)))
        assert not found, (kind, doc.TEMPLATE, sorted(found))


#: a threshold's configuration key, as the catalogue names it beside its value for reviewers
#: («(deficits.critical_below, по умолчанию 50)»): an identifier, like a rule id
CONFIG_KEY = re.compile(r"\b[a-z]+(?:_[a-z]+)*\.[a-z_*]+(?:\.[a-z_*\"]+)*")


@pytest.mark.parametrize(
    "report",
    ["requests", "deficits", "attestation", "monitoring", "plan", "centre", "catalogue",
     "events", "efficacy"],
)  # fmt: skip
def test_no_latin_word_in_any_report(town, report):
    doc = town.reports[report]
    text = CONFIG_KEY.sub(" ", text_of(render_html(doc.TEMPLATE, doc)))
    text = text.replace(getattr(doc, "rulebase_version", None) or "\0", " ")  # a digest
    assert not latin_words(text), (report, sorted(latin_words(text)))


def test_a_routes_page_names_exactly_one_teacher(town, tmp_path):
    packet = by_kind(town, "school")
    routes = build_routes(packet)
    pages = read_pages(render_pdf(routes.TEMPLATE, routes, tmp_path / "routes.pdf").path)
    assert len(pages) == len(routes.teachers) > 0
    everyone = {t.full_name for t in packet.teachers}
    for page, teacher in zip(pages, routes.teachers, strict=True):
        named = {name for name in everyone if name in page or _short(name) in page}
        assert teacher.full_name in named
        assert named - {teacher.full_name} <= {teacher.mentor_name}, named
        assert "группе риска" not in page  # T09 and the burnout score stay with the head
        assert "Конфиденциально" not in page
        assert "С маршрутом ознакомлен(а)" in page and "Руководитель организации" in page


def test_absent_teachers_get_no_route_page(town):
    from dataclasses import replace

    packet = by_kind(town, "school")
    absent = {t.code for t in packet.teachers if not t.present}
    assert absent  # the demo school has teachers on leave until after the cycle date
    assert not absent & {t.code for t in build_routes(packet).teachers}
    first = next(t for t in packet.teachers if t.present)
    away = replace(first, present=False)
    teachers = tuple(away if t is first else t for t in packet.teachers)
    routes = build_routes(replace(packet, teachers=teachers))
    assert {t.code for t in routes.teachers} == {t.code for t in teachers if t.present}


def _short(full_name: str) -> str:
    surname, *rest = full_name.split()
    return normalize(" ".join([surname, *(f"{p[0]}." for p in rest)]))


def test_a_steps_meaning_prints_the_terms_in_force():
    school = vocabulary("school")
    default = step_kind("T03", school, "").meaning
    assert "от 16 ч не реже одного раза в 3 года" in default
    t = load_thresholds()
    terms = t.model_copy(update={
        "pd": t.pd.model_copy(update={"min_course_hours": 36, "period_years": 5}),
        "attestation": t.attestation.model_copy(update={"apply_days_before_expiry": 61}),
    })  # fmt: skip
    assert "от 36 ч не реже одного раза в 5 лет" in STEP_KINDS["T03"].meaning.format(
        **words(school, terms)
    )
    assert "не позднее чем за 61 день до" in STEP_KINDS["T05"].meaning.format(
        **words(school, terms)
    )
    # no placeholder is left unfilled in any kind's wording
    assert not any("{" in step_kind(r, school, "").meaning for r in STEP_KINDS)
