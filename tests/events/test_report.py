"""The report «Методическая работа»: seed 001's month in its view model, O11, the bank, the CLI."""

from datetime import date

from pypdf import PdfReader
from typer.testing import CliRunner

from metodist.cli import app
from metodist.db import session_scope
from metodist.documents.render import render_html
from metodist.documents.views.events import build_events, cycle_period
from models import MethodEvent, Organization, Teacher
from tests.events import seed001

runner = CliRunner()


def _month(url: str) -> None:
    with session_scope(url) as s:
        seed001.build_month(s)
        # a teacher per presenter, and a school whose own events are thinly attended
        for i in range(seed001.PRESENTERS + 8):
            org = seed001.SCHOOLS[i % len(seed001.SCHOOLS)]
            s.add(Teacher(code=f"T-{i:03d}", org_code=org, full_name=f"Педагог {i:03d}"))
        s.add(Organization(code="S-06", name="МБОУ ООШ S-06", kind="school"))
        s.flush()
        for n, visits in enumerate((5, 6)):
            s.add(MethodEvent(key=f"low{n}", org_code="S-06", date=date(2017, 1, 20 + n),
                              form="mo_meeting", title="low", participants=visits,
                              presenter_codes=["T-055"], level="school"))  # fmt: skip


def test_the_month_in_the_report_beside_the_municipal_figures(sqlite_url):
    _month(sqlite_url)
    ctx = build_events(
        sqlite_url, year=2017, as_of=seed001.END, start=seed001.START, end=seed001.END
    )
    municipal, school = ctx.level("municipal"), ctx.level("school")
    assert (municipal.events, municipal.participants) == (104, seed001.MUNICIPAL_PARTICIPANTS)
    assert (school.events, school.participants) == (119, seed001.SCHOOL_VISITS + 11)
    consultation = next(f for f in ctx.forms if f.form == "consultation")
    assert consultation.municipal_events == 59 and consultation.modes == (
        ("group", 5), ("individual", 54),
    )  # fmt: skip
    master = next(f for f in ctx.forms if f.form == "master_class")
    assert (master.municipal_events, master.school_events) == (13, 19)
    assert ctx.presenters == seed001.PRESENTERS + 1 and ctx.teachers == seed001.PRESENTERS + 8
    assert ctx.presenter_share == (seed001.PRESENTERS + 1) / (seed001.PRESENTERS + 8)
    # every city presenter is in the bank; the one who spoke only at a school is not
    assert [p.full_name for p in ctx.outside_bank] == ["Педагог 055"]


def test_o11_names_the_organization_under_the_threshold(sqlite_url):
    _month(sqlite_url)
    ctx = build_events(sqlite_url, year=2017, as_of=seed001.END, start=seed001.START,
                       end=seed001.END)  # fmt: skip
    assert ctx.min_mean_participants == 8
    means = {h.org_code: h.mean for h in ctx.hosts}
    assert all(m is not None and m >= 8 for code, m in means.items() if code != "S-06")
    assert [h.org_code for h in ctx.low_attendance] == ["S-06"]
    assert means["S-06"] == 5.5
    html = render_html(ctx.TEMPLATE, ctx)
    assert "правило O11" in html and "МБОУ ООШ S-06" in html


def test_the_report_is_silent_on_o11_when_attendance_is_fine(sqlite_url):
    with session_scope(sqlite_url) as s:
        seed001.build_month(s)
    ctx = build_events(sqlite_url, year=2017, as_of=seed001.END, start=seed001.START,
                       end=seed001.END)  # fmt: skip
    assert ctx.low_attendance == ()
    assert "правило O11" not in render_html(ctx.TEMPLATE, ctx)


def test_the_cycle_year_ends_on_the_cycle_date():
    assert cycle_period(2026, date(2026, 11, 15)) == (date(2026, 1, 1), date(2026, 11, 15))
    assert cycle_period(2026, date(2027, 2, 1)) == (date(2026, 1, 1), date(2026, 12, 31))


def test_report_events_writes_the_pdf_for_the_period(db_url, tmp_path):
    _month(db_url)
    target = tmp_path / "month.pdf"
    result = runner.invoke(app, ["report", "events", "--from", "2017-01-10", "--to",
                                 "2017-01-31", "--out", str(target)])  # fmt: skip
    assert result.exit_code == 0, result.output
    text = " ".join((p.extract_text() or "") for p in PdfReader(target).pages)
    text = " ".join(text.split())
    assert "Методическая работа" in text and "с 10 января 2017 г. по 31 января 2017 г." in text
    assert "223 мероприятия" in text
    bad = runner.invoke(app, ["report", "events", "--from", "2017-02-30", "--to", "2017-03-01"])
    assert bad.exit_code == 1 and "--from: '2017-02-30' is not a date" in bad.stderr
