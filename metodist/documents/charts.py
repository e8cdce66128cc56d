"""Bar charts for the documents: inline SVG bars in an HTML frame, as escaped markup.

No plotting library and no image files: a document fetches nothing. Each chart
is a small table (label, an SVG strip of bars and zones, the value) and a
legend; labels and values are HTML text, not SVG `<text>`, which WeasyPrint
lays out slowly. Labels are escaped, numbers formatted by `models.russian`.
"""

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape

from metodist.documents.context import AreaScore, DeficitThresholds, Indicator
from metodist.documents.filters import area, area_short, capfirst, event_form, indicator_short
from metodist.documents.rows import AreaProfile
from models.russian import NNBSP, number, percent

#: Width of a bar strip in SVG units: one unit is 0.1 % of the scale.
SPAN = 1000
INK = "#1f2933"
MUTED = "#6b7785"
GRID = "#c9d1d9"
SCHOOL = "#1f4e79"
AVERAGE = "#a9b8c8"
LEVEL_COLOUR = {"critical": "#b3261e", "moderate": "#c77c02", "none": "#2e7d32"}
#: age bands: the young, the middle, those nearing and past retirement age
AGE_COLOUR = {"young": "#2e7d32", "middle": SCHOOL, "senior": "#c77c02", "retired": "#b3261e"}
ZONE_COLOUR = {"critical": "#fbe4e2", "moderate": "#fdf1d8", "none": "#e6f2e6"}

Zone = tuple[float, float, str]  # from, to (shares of the scale), colour
Bar = tuple[int, float, float, str]  # lane, start, length (shares of the scale), colour
#: SVG units per table row; the drawing stretches to the cell, so only proportions matter.
ROW = 10


def _clip(share: float) -> float:
    return min(max(share, 0.0), 1.0)


def _bars_svg(
    rows: Sequence[Sequence[Bar]],
    *,
    lanes: int,
    height_mm: float,
    zones: Sequence[Zone] = (),
    marks: Sequence[float] = (),
    grid: Sequence[float] = (),
) -> str:
    """One SVG for all the rows: background zones, grid, the bars, dashed marks.

    Row i occupies y in [i·ROW, (i+1)·ROW), split into `lanes` lanes. The
    drawing stretches to its cell (`preserveAspectRatio="none"`), so x is in
    shares of the scale and the table rows set the vertical rhythm.
    """
    height = ROW * len(rows)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SPAN} {height}" '
        f'preserveAspectRatio="none" style="height: {height_mm:g}mm" aria-hidden="true">'
    ]
    for lo, hi, colour in zones:
        parts.append(
            f'<rect x="{SPAN * lo:g}" y="0" width="{SPAN * (hi - lo):g}" height="{height}" '
            f'fill="{colour}"/>'
        )
    for g in grid:
        parts.append(
            f'<line x1="{SPAN * g:g}" y1="0" x2="{SPAN * g:g}" y2="{height}" stroke="{GRID}" '
            f'stroke-width="2"/>'
        )
    lane_h = ROW * 0.8 / lanes  # a fifth of each row stays empty between rows
    for i, bars in enumerate(rows):
        for lane, start, length, colour in bars:
            y = i * ROW + ROW * 0.1 + lane * lane_h
            parts.append(
                f'<rect x="{SPAN * _clip(start):g}" y="{y:g}" width="{SPAN * _clip(length):g}" '
                f'height="{lane_h * 0.85:g}" fill="{colour}"/>'
            )
    for mark in marks:
        parts.append(
            f'<line x1="{SPAN * mark:g}" y1="0" x2="{SPAN * mark:g}" y2="{height}" '
            f'stroke="{MUTED}" stroke-width="3" stroke-dasharray="2 1.5"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _legend(items: Sequence[tuple[str, str]], note: str = "", kind: str = "") -> str:
    spans = "".join(
        f'<span class="key"><span class="swatch" style="background: {colour}"></span>'
        f"{escape(label)}</span>"
        for colour, label in items
    )
    tail = f'<span class="key">{escape(note)}</span>' if note else ""
    extra = f" {kind}" if kind else ""
    return f'<p class="chart-legend{extra}">{spans}{tail}</p>'


def _chart(
    rows: Sequence[tuple[str, Sequence[Bar], str]],
    *,
    kind: str,
    caption: str,
    legend: str,
    row_mm: float,
    lanes: int = 1,
    zones: Sequence[Zone] = (),
    marks: Sequence[float] = (),
    grid: Sequence[float] = (),
) -> Markup:
    """rows: (label, bars, value html) -> a table of labels and values around one SVG."""
    svg = _bars_svg(
        [bars for _, bars, _ in rows],
        lanes=lanes,
        height_mm=row_mm * len(rows),
        zones=zones,
        marks=marks,
        grid=grid,
    )
    body = []
    for i, (label, _, value) in enumerate(rows):
        bar_cell = f'<td class="bar" rowspan="{len(rows)}">{svg}</td>' if i == 0 else ""
        # WeasyPrint sizes rows from their cells, not from `tr { height }`.
        height = f'style="height: {row_mm:g}mm"'
        body.append(
            f'<tr><th scope="row" {height}>{escape(label)}</th>'
            f'{bar_cell}<td class="value" {height}>{value}</td></tr>'
        )
    return Markup(
        f'<figure class="chart chart-{kind}" role="img" aria-label="{escape(caption)}">'
        f'<table class="chart-bars"><tbody>{"".join(body)}</tbody></table>{legend}</figure>'
    )


def indicator_chart(
    rows: Sequence[tuple[str, float | None, float | None]],
    *,
    school_label: str = "Образовательная организация",
    average_label: str = "Среднее по муниципалитету",
) -> Markup:
    """Paired bars per indicator: the school's share beside the municipal average (0–100 %)."""
    out = []
    for label, value, average in rows:
        bars = [(0, 0.0, value or 0.0, SCHOOL), (1, 0.0, average or 0.0, AVERAGE)]
        shown = (
            f'<span class="school">{escape(percent(value))}</span>'
            f'<span class="average">{escape(percent(average))}</span>'
        )
        out.append((label, bars, shown))
    legend = _legend([(SCHOOL, school_label), (AVERAGE, average_label)], "сетка — через 25 %")
    return _chart(
        out,
        kind="pair",
        caption="Показатели организации и средние по муниципалитету",
        legend=legend,
        row_mm=7.5,
        lanes=2,
        grid=(0.25, 0.5, 0.75),
    )


def deficit_chart(
    rows: Sequence[tuple[str, float | None, str]],
    *,
    critical_below: int,
    moderate_below: int,
    digits: int = 0,
) -> Markup:
    """Bars 0–100 per competence area, coloured by level, over shaded threshold zones.

    `rows` are (label, score or None, level), level one of critical / moderate /
    none / unknown; dashed lines mark the two thresholds.
    """
    lo, hi = critical_below / 100, moderate_below / 100
    out = []
    for label, score, level in rows:
        bars = [] if score is None else [(0, 0.0, score / 100, LEVEL_COLOUR.get(level, MUTED))]
        shown = (
            '<span class="muted">нет данных</span>'
            if score is None
            else f'<span class="lvl-{escape(level)}">{escape(number(score, digits))}</span>'
        )
        out.append((label, bars, shown))
    legend = _legend(
        [
            (LEVEL_COLOUR["critical"], f"критический дефицит (<{NNBSP}{critical_below})"),
            (LEVEL_COLOUR["moderate"], f"умеренный ({critical_below}–{moderate_below - 1})"),
            (LEVEL_COLOUR["none"], f"нет дефицита (≥{NNBSP}{moderate_below})"),
        ],
        "шкала 0–100, пунктир — пороги",
    )
    return _chart(
        out,
        kind="map",
        caption="Карта профессиональных дефицитов по областям компетенций",
        legend=legend,
        row_mm=5,
        zones=(
            (0.0, lo, ZONE_COLOUR["critical"]),
            (lo, hi, ZONE_COLOUR["moderate"]),
            (hi, 1.0, ZONE_COLOUR["none"]),
        ),
        marks=(lo, hi),
    )


def share_chart(rows: Sequence[tuple[str, float, float]]) -> Markup:
    """Stacked bars per area: share of teachers with a critical, then a moderate deficit."""
    out = []
    for label, critical, moderate in rows:
        bars = [
            (0, 0.0, critical, LEVEL_COLOUR["critical"]),
            (0, _clip(critical), moderate, LEVEL_COLOUR["moderate"]),
        ]
        shown = f"{escape(percent(critical))} + {escape(percent(moderate))}"
        out.append((label, bars, shown))
    legend = _legend(
        [(LEVEL_COLOUR["critical"], "критический дефицит"),
         (LEVEL_COLOUR["moderate"], "умеренный дефицит")],
        "доля продиагностированных педагогов",
    )  # fmt: skip
    return _chart(
        out,
        kind="share",
        caption="Доли педагогов с дефицитами по областям компетенций",
        legend=legend,
        row_mm=5,
        grid=(0.25, 0.5, 0.75),
    )


#: the letter a deficit cell carries, so that a grey-scale print reads the level too
LEVEL_LETTER = {"critical": "К", "moderate": "У"}


def level_line(
    rows: Sequence[tuple[str, str, float | None, str]],
    *,
    digits: int = 0,
) -> Markup:
    """A teacher's deficit map as a strip of the six areas: short name, score, level.

    `rows` are (short label, full label, score or None, level). A deficit cell
    is filled in its level's colour and carries its letter («К», «У»), and
    cells differ by fill and border too, so the strip reads in black and white.
    One line of six spans: WeasyPrint pays per box, and a packet prints one per teacher.
    """
    cells = []
    for short, full, score, level in rows:
        shown = "—" if score is None else number(score, digits)
        letter = LEVEL_LETTER.get(level, "") if score is not None else ""
        css = f"lvl-{level}" if score is not None else "lvl-unknown"
        mark = f"{NNBSP}{letter}" if letter else ""
        cells.append(
            f'<span class="cell {css}" title="{escape(full)}">{escape(short)} '
            f"<b>{escape(shown)}</b>{mark}</span>"
        )
    if not any(score is not None for *_, score, _ in rows):
        return Markup('<p class="strip">Диагностика не проводилась.</p>')
    return Markup(f'<p class="strip">{"".join(cells)}</p>')


def line_legend(*, critical_below: int, moderate_below: int) -> Markup:
    """The legend of `level_line`, printed once above many strips."""
    low, high = critical_below, moderate_below
    return Markup(
        '<p class="strip legend-strip">'
        f'<span class="cell lvl-critical">К</span> критический дефицит (балл ниже {low}) '
        f'<span class="cell lvl-moderate">У</span> умеренный ({low}–{high - 1}) '
        f'<span class="cell lvl-none">{high}</span> дефицита нет ({high} и выше); '
        "балл диагностики 0–100</p>"
    )


def count_pair_chart(
    rows: Sequence[tuple[str, int, int]],
    *,
    first_label: str,
    second_label: str,
    caption: str,
) -> Markup:
    """Paired bars of two counts per row (e.g. municipal and school events of a form),
    scaled to the largest count; the values are printed beside the bars."""
    top = max((max(a, b) for _, a, b in rows), default=0) or 1
    out = []
    for label, first, second in rows:
        bars = [(0, 0.0, first / top, SCHOOL), (1, 0.0, second / top, AVERAGE)]
        shown = f"<b>{escape(number(first))}</b> / {escape(number(second))}"
        out.append((label, bars, shown))
    legend = _legend(
        [(SCHOOL, first_label), (AVERAGE, second_label)], f"числа: {first_label} / {second_label}"
    )
    return _chart(out, kind="counts", caption=caption, legend=legend, row_mm=6.5, lanes=2)


def share_bars(rows: Sequence[tuple[str, float, str]], *, caption: str, note: str) -> Markup:
    """One bar per row: a share 0–1 (e.g. of teachers in an age band), in the row's colour."""
    out = [
        (label, [(0, 0.0, value, colour)], escape(percent(value))) for label, value, colour in rows
    ]
    legend = _legend([], note)
    return _chart(
        out, kind="share", caption=caption, legend=legend, row_mm=5, grid=(0.25, 0.5, 0.75)
    )


# ---------------------------------------------------------------- adapters for the view models


def school_indicators(indicators: Sequence[Indicator]) -> Markup:
    """The packet's chart: each indicator of the school beside the average of its kind."""
    return indicator_chart(
        [(indicator_short(i.key), i.value, i.municipal_average) for i in indicators],
        average_label="Среднее по организациям того же типа",
    )


def teacher_deficits(scores: Sequence[AreaScore], thresholds: DeficitThresholds) -> Markup:
    """A teacher's deficit map: one bar per competence area."""
    return deficit_chart(
        [(area(s.area), s.score, s.level) for s in scores],
        critical_below=thresholds.critical_below,
        moderate_below=thresholds.moderate_below,
    )


def teacher_line(scores: Sequence[AreaScore]) -> Markup:
    """A teacher's deficit map in one line: a score per competence area."""
    return level_line([(area_short(s.area), area(s.area), s.score, s.level) for s in scores])


def teacher_line_legend(thresholds: DeficitThresholds) -> Markup:
    return line_legend(
        critical_below=thresholds.critical_below, moderate_below=thresholds.moderate_below
    )


def area_means(profile: Sequence[AreaProfile], thresholds: DeficitThresholds) -> Markup:
    """The municipality's mean score per area, on the same scale as a teacher's map."""
    return deficit_chart(
        [(area(a.area), a.mean, thresholds.level(a.mean)) for a in profile],
        critical_below=thresholds.critical_below,
        moderate_below=thresholds.moderate_below,
        digits=1,
    )


def area_shares(profile: Sequence[AreaProfile]) -> Markup:
    """Shares of teachers with critical and moderate deficits per area."""
    return share_chart([(area(a.area), a.critical_share, a.moderate_share) for a in profile])


def events_by_form(forms: Sequence[Any]) -> Markup:
    """The events report's chart: municipal and school events of each form (`FormRow`s)."""
    return count_pair_chart(
        [(capfirst(event_form(f.form)), f.municipal_events, f.school_events) for f in forms],
        first_label="муниципальный уровень",
        second_label="уровень ОО",
        caption="Мероприятия по формам методической работы",
    )


def age_bands(bands: Sequence[Any]) -> Markup:
    """The staffing chart: the share of teachers in each age band (`AgeBand`s)."""
    return share_bars(
        [(b.label, b.share, AGE_COLOUR.get(b.tone, SCHOOL)) for b in bands],
        caption="Возрастная структура педагогических работников",
        note="доля педагогов с известным годом рождения",
    )


CHARTS = {
    "school_indicators_chart": school_indicators,
    "teacher_deficits_chart": teacher_deficits,
    "teacher_deficit_line": teacher_line,
    "deficit_line_legend": teacher_line_legend,
    "area_means_chart": area_means,
    "area_shares_chart": area_shares,
    "events_by_form_chart": events_by_form,
    "age_bands_chart": age_bands,
}
