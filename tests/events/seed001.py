"""Seed 001's month of methodological work (Belovo, 10–31 January 2017) as data.

The resolution's figures: 913 participants and 52 presenters of the city's
events; their counts by form; 117 school events with 1,620 visits. A test
builds the month from these and checks that the export gives them back.
"""

from datetime import date, timedelta

from sqlmodel import Session

from models import MethodEvent, Organization

START, END = date(2017, 1, 10), date(2017, 1, 31)
MUNICIPAL_PARTICIPANTS = 913
SCHOOL_VISITS = 1620
PRESENTERS = 52
#: (level, form, mode) -> events, as the resolution lists them
COUNTS: dict[tuple[str, str, str | None], int] = {
    ("municipal", "consultation", "group"): 5,
    ("municipal", "consultation", "individual"): 54,
    ("municipal", "presentation", None): 22,
    ("municipal", "master_class", None): 13,
    ("municipal", "training", None): 2,
    ("municipal", "discussion", None): 1,
    ("municipal", "business_game", None): 1,
    ("municipal", "seminar", None): 2,  # an interactive seminar and a seminar
    ("municipal", "webinar", None): 1,
    ("municipal", "team_building", None): 1,
    ("municipal", "focus_group", None): 1,
    ("municipal", "round_table", None): 1,
    ("school", "open_lesson", None): 30,
    ("school", "master_class", None): 19,
    ("school", "marathon", None): 17,
    ("school", "mo_meeting", None): 13,
    ("school", "platform", None): 10,
    ("school", "laboratory", None): 3,
    ("school", "other", None): 25,  # «и др.»: 117 in all
}
SCHOOLS = ("S-01", "S-02", "S-03", "S-04", "S-05")


def _spread(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (i < extra) for i in range(parts)]


def build_month(session: Session) -> list[MethodEvent]:
    """Write the month: municipal events hosted by the centre (one by a school), school events
    spread over five schools; visits spread evenly so the sums are the seed's."""
    for code in SCHOOLS:
        session.add(Organization(code=code, name=f"МБОУ СОШ {code}", kind="school"))
    session.flush()
    presenters = [f"T-{i:03d}" for i in range(PRESENTERS)]
    rows: list[MethodEvent] = []
    municipal = [k for k in COUNTS if k[0] == "municipal"]
    school = [k for k in COUNTS if k[0] == "school"]
    n_municipal = sum(COUNTS[k] for k in municipal)
    n_school = sum(COUNTS[k] for k in school)
    visits = iter(_spread(MUNICIPAL_PARTICIPANTS, n_municipal) + _spread(SCHOOL_VISITS, n_school))
    speaker = iter(presenters * 3)
    i = 0
    for level, form, mode in [*municipal, *school]:
        for _ in range(COUNTS[(level, form, mode)]):
            day = START + timedelta(days=i % 22)
            host = SCHOOLS[i % len(SCHOOLS)] if level == "school" or i == 7 else None
            # every presenter speaks at the city's events; schools' events reuse them
            codes = [next(speaker)] if level == "municipal" else presenters[i % 10 : i % 10 + 1]
            rows.append(
                MethodEvent(
                    key=f"{host}|{day}|{form}|{i}",
                    org_code=host,
                    date=day,
                    form=form,
                    title=f"{form} {i}",
                    participants=next(visits),
                    presenter_codes=codes,
                    level=level,
                    mode=mode,
                )
            )
            i += 1
    session.add_all(rows)
    return rows
