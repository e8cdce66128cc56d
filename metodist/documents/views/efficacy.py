"""The efficacy of courses report (seeds 003 and 004): `EfficacyContext`.

From the latest monitoring run's `efficacy_summary`: per area, the whole
area's change against the comparison group, a chart of each course's
difference with its interval, and a table per course and provider. The
method's settings are the run's, as it applied them.
"""

from collections.abc import Sequence
from datetime import date

from markupsafe import Markup, escape

from metodist.documents import context as c
from metodist.documents.charts import MUTED, Bar, _chart, _legend
from metodist.documents.views.common import (
    SessionOrUrl,
    municipal_meta,
    municipal_output,
    organizations,
    reading,
    require_run,
)
from models.labels import AREA_COMPETENCE, EFFICACY_VERDICT
from models.payloads_efficacy import Comparison, EfficacySummary
from models.russian import DASH, number

VERDICT_COLOUR = {"helps": "#2e7d32", "no_effect": "#b3261e", "unclear": "#8a97a6"}
#: the chart's half-width in points of score at least (±5), widened to the largest bound
MIN_SCALE = 5
#: a chart label's length at most: two lines of the label column
LABEL_CHARS = 48


def build_efficacy(session_or_url: SessionOrUrl, *, year: int, as_of: date) -> c.EfficacyContext:
    with reading(session_or_url) as s:
        run = require_run(s, year=year, stage="monitoring", document="the efficacy report")
        summary = municipal_output(s, run, EfficacySummary)
        orgs = organizations(s)
    method = summary.method
    areas = []
    for area, overall in summary.by_area.items():
        courses = [x for x in summary.courses if x.area == area]
        rows = tuple(_row(x.title, x.code, x.provider, x.result) for x in courses)
        name = AREA_COMPETENCE.get(area, area)
        areas.append(
            c.EfficacyArea(
                area=area,
                overall=_row(name, None, None, overall),
                courses=rows,
                chart=efficacy_chart([(x.title, x.result) for x in courses], area=name),
            )
        )
    return c.EfficacyContext(
        meta=municipal_meta(orgs, year=year, as_of=as_of),
        min_days_after=method.min_days_after,
        max_span_days=method.max_span_days,
        min_group=method.min_group,
        interval_percent=number(method.interval * 100),
        tail_percent=number((1 - method.interval) * 50, 1).removesuffix(",0"),
        draws=method.bootstrap_draws,
        treated=summary.treated,
        comparison=summary.comparison,
        areas=tuple(areas),
    )


def _row(title: str, code: str | None, provider: str | None, r: Comparison) -> c.EfficacyRow:
    return c.EfficacyRow(
        title=title,
        code=code,
        provider=provider,
        treated=r.treated,
        treated_change=signed(r.treated_change),
        comparison=r.comparison,
        comparison_change=signed(r.comparison_change),
        difference=signed(r.difference),
        interval=DASH if r.low is None else f"{signed(r.low)} … {signed(r.high)}",
        verdict=r.verdict,
        verdict_label=EFFICACY_VERDICT[r.verdict],
    )


def signed(value: float | None) -> str:
    """A change of score with its sign: «+9,6», «−2,4», «0,0»; a dash when unknown."""
    if value is None:
        return DASH
    text = number(abs(value), 1)
    if text == number(0, 1):
        return text
    return ("+" if value > 0 else "\u2212") + text


def efficacy_chart(rows: Sequence[tuple[str, Comparison]], *, area: str) -> str:
    """Per course, its difference's interval as a bar on a scale around zero (dashed)."""
    bounds = [abs(v) for _, r in rows for v in (r.low, r.high) if v is not None]
    half = max([MIN_SCALE, *bounds])
    half = MIN_SCALE * -(-half // MIN_SCALE)  # up to a multiple of 5 points

    def at(v: float) -> float:
        return 0.5 + v / (2 * half)

    out: list[tuple[str, list[Bar], str]] = []
    for full, r in rows:
        title = full if len(full) <= LABEL_CHARS else full[: LABEL_CHARS - 1].rstrip() + "…"
        if r.low is None or r.high is None or r.difference is None:
            out.append((title, [], '<span class="muted">мало данных</span>'))
            continue
        colour = VERDICT_COLOUR.get(r.verdict, MUTED)
        bars = [(0, at(r.low), max(at(r.high) - at(r.low), 0.004), colour)]
        out.append((title, bars, f"<span>{escape(signed(r.difference))}</span>"))
    if not out:
        return ""
    legend = _legend(
        [(VERDICT_COLOUR[k], EFFICACY_VERDICT[k]) for k in ("helps", "unclear", "no_effect")]
    ) + _legend([], f"полоса — интервал разницы, пунктир — ноль, шкала ±{half:g} баллов")
    return str(
        Markup(
            _chart(
                out,
                kind="efficacy",
                caption=f"Результативность курсов: {area}",
                legend=legend,
                row_mm=8,
                marks=(0.5,),
                grid=(at(-half / 2), at(half / 2)),
            )
        )
    )
