import re

from markupsafe import Markup

from metodist.documents import charts
from metodist.documents.context import AreaScore, DeficitThresholds
from metodist.documents.labels import AREAS


def deficit_map(scores, t):
    return tuple(AreaScore(a, scores.get(a), t.level(scores.get(a))) for a in AREAS)


def test_labels_are_escaped():
    chart = charts.indicator_chart([("<script>alert(1)</script>", 0.5, 0.25)])
    assert isinstance(chart, Markup)
    assert "<script>" not in chart
    assert "&lt;script&gt;" in chart


def test_deficit_map_draws_one_bar_per_scored_area_and_both_thresholds():
    scores = deficit_map({"subject": 45, "digital": 65, "legal": 90}, DeficitThresholds())
    chart = str(charts.teacher_deficits(scores, DeficitThresholds()))
    assert chart.count("<svg") == 1  # one drawing, no images
    assert "<img" not in chart and "href" not in chart
    bars = re.findall(r'<rect x="0" y="(?!0")[\d.]+" width="([\d.]+)"', chart)
    assert sorted(float(w) for w in bars) == [450, 650, 900]  # scale 0–100 → 0–1000
    dashed = re.findall(r'<line x1="(\d+)"[^>]*stroke-dasharray', chart)
    assert dashed == ["500", "700"]
    assert chart.count("нет данных") == 3  # the three areas without a score
    assert "критический дефицит (&lt;\u202f50)" in chart  # escaped


def test_thresholds_are_configurable():
    t = DeficitThresholds(critical_below=40, moderate_below=60)
    chart = str(charts.teacher_deficits(deficit_map({"subject": 55}, t), t))
    assert re.findall(r'<line x1="(\d+)"[^>]*stroke-dasharray', chart) == ["400", "600"]
    assert 'class="lvl-moderate">55<' in chart


def test_indicator_bars_are_clipped_to_the_scale():
    chart = str(charts.indicator_chart([("a", 1.7, -0.2), ("b", None, 0.5)]))
    widths = re.findall(r'<rect x="0" y="(?!0")[\d.]+" width="([\d.]+)"', chart)
    assert widths == ["1000", "0", "0", "500"]
    assert "—" in chart  # no value prints as a dash
