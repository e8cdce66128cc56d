"""A route line never sets a later deadline than its recommendation's text (T05, T03)."""

from metodist.documents.views.route import TeacherRec, build_route


def line(rule_id: str, teacher: dict[str, str]) -> tuple[int | None, int | None]:
    rec = TeacherRec(rule_id, "Заголовок", "Текст.", "high", {"teacher": teacher})
    (item,) = build_route(full_name="", placements=(), recs=(rec,), plan_year=2027)
    return item.quarter, item.year


def test_t05_line_takes_the_quarter_of_its_deadline_not_the_plan_years():
    assert line("T05", {"apply_deadline": "2026-12-09"}) == (4, 2026)
    assert line("T05", {"apply_deadline": "2027-03-03"}) == (1, 2027)


def test_t03_line_takes_the_quarter_its_pd_period_runs_out_in():
    assert line("T03", {"pd_deadline": "2027-05-20"}) == (2, 2027)
    assert line("T03", {"pd_deadline": ""}) == (4, 2027)  # the catalogue's quarter


def test_other_lines_keep_the_catalogue_quarter_of_the_plan_year():
    assert line("T06", {}) == (2, 2027)
