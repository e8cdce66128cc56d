"""The events report's and the staffing chapter's charts: scaled bars, escaped labels."""

import re

from metodist.documents.charts import count_pair_chart, share_bars


def _widths(markup: str) -> list[float]:
    return [float(w) for w in re.findall(r'<rect x="0" y="[\d.]+" width="([\d.]+)"', markup)]


def test_pairs_are_scaled_to_the_largest_count_and_labels_escaped():
    html = str(count_pair_chart([("<b>Консультация</b>", 62, 2), ("Семинар", 3, 0)],
                                first_label="муниципальный", second_label="ОО",
                                caption="c"))  # fmt: skip
    assert [round(w, 1) for w in _widths(html)] == [1000, 32.3, 48.4, 0]
    assert "&lt;b&gt;Консультация&lt;/b&gt;" in html and "<b>62</b> / 2" in html


def test_no_events_draw_empty_bars_not_a_division_by_zero():
    html = str(count_pair_chart([("Семинар", 0, 0)], first_label="a", second_label="b",
                                caption="c"))  # fmt: skip
    assert _widths(html) == [0, 0]


def test_share_bars_print_percentages():
    html = str(share_bars([("60 лет и старше", 0.25, "#b3261e")], caption="c", note="n"))
    assert _widths(html) == [250] and "25" in html and "%" in html
