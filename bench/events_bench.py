"""How long the events export and the «Методическая работа» report take for a region's year.

    uv run python bench/events_bench.py                 # ~1,400 organizations, 40,000 teachers
    uv run python bench/events_bench.py --orgs 200 --no-pdf

Writes a synthetic region straight into a fresh SQLite file (not through the
demo or the importer): organizations, teachers, and three years of events at
seed 001's density (a January month, then the rest of the year at a third of
it), so that the bank-of-experience look-back has history. Then times, for
the last year: the summary, the JSON and CSV export, building the report's
view model, and rendering it to PDF. Prints seconds and the process's CPU.
"""

import argparse
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from random import Random

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert

from metodist.analysis.events import as_csv, as_json, events_summary
from metodist.db import get_engine, init_db, session_scope
from metodist.documents.render import render_pdf
from metodist.documents.views.events import build_events
from models import MethodEvent, Organization, Teacher

#: seed 001, Belovo's month: city events by form (consultations by mode) for about 60 organizations
MUNICIPAL = {("consultation", "group"): 5, ("consultation", "individual"): 54,
             ("presentation", None): 22, ("master_class", None): 13, ("training", None): 2,
             ("seminar", None): 2, ("round_table", None): 1, ("webinar", None): 1}  # fmt: skip
SCHOOL = {"open_lesson": 30, "master_class": 19, "marathon": 17, "mo_meeting": 13,
          "platform": 10, "laboratory": 3, "other": 25}  # fmt: skip
ORGS_PER_MUNICIPALITY = 60


def build(url: str, *, orgs: int, teachers_per_org: int, year: int, seed: int = 1) -> int:
    """The region in `url`; returns the number of events written."""
    rng = Random(seed)
    codes = [f"O{i:05d}" for i in range(orgs)]
    staff = {c: [f"{c}-T{j:03d}" for j in range(teachers_per_org)] for c in codes}
    engine = get_engine(url)
    with engine.begin() as conn:
        conn.execute(insert(Organization), [
            {"code": c, "name": f"МБОУ СОШ № {i}", "kind": "school",
             "municipality": f"Район {i // ORGS_PER_MUNICIPALITY}", "vacancies": 0}
            for i, c in enumerate(codes)
        ])  # fmt: skip
        conn.execute(insert(Teacher), [
            {"code": t, "org_code": c, "full_name": f"Педагог {t}", "subjects": []}
            for c in codes for t in staff[c]
        ])  # fmt: skip
    rows: list[dict[str, object]] = []
    municipalities = max(1, orgs // ORGS_PER_MUNICIPALITY)
    for y in (year - 2, year - 1, year):
        for month in range(1, 13):
            density = 1.0 if month == 1 else 1 / 3
            for m in range(municipalities):
                members = codes[m * ORGS_PER_MUNICIPALITY : (m + 1) * ORGS_PER_MUNICIPALITY]
                for (form, mode), n in MUNICIPAL.items():
                    for _ in range(round(n * density)):
                        host = rng.choice(members) if rng.random() < 0.2 else None
                        speaker = staff[rng.choice(members)][rng.randrange(teachers_per_org)]
                        rows.append(
                            _event(
                                rng,
                                host,
                                y,
                                month,
                                form,
                                mode,
                                "municipal",
                                [] if form == "consultation" else [speaker],
                            )
                        )
                for form, n in SCHOOL.items():
                    for _ in range(round(n * density)):
                        host = rng.choice(members)
                        speaker = staff[host][rng.randrange(teachers_per_org)]
                        rows.append(_event(rng, host, y, month, form, None, "school", [speaker]))
    with engine.begin() as conn:
        for i in range(0, len(rows), 20000):
            conn.execute(insert(MethodEvent), rows[i : i + 20000])
    return len(rows)


def _event(rng, host, y, month, form, mode, level, presenters):  # type: ignore[no-untyped-def]
    day = date(y, month, 1) + timedelta(days=rng.randrange(28))
    return {"key": f"{host}|{day}|{form}|{rng.random()}", "org_code": host, "date": day,
            "form": form, "title": form, "participants": rng.randint(4, 40),
            "presenter_codes": presenters, "level": level, "mode": mode}  # fmt: skip


def timed(label: str, fn):  # type: ignore[no-untyped-def]
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn()
    print(
        f"{label:<28} {time.perf_counter() - wall:7.2f} s   CPU {time.process_time() - cpu:6.2f} s"
    )
    return value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=1400)
    parser.add_argument("--teachers", type=int, default=29, help="per organization")
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--no-pdf", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="metodist-events-") as work:
        url = f"sqlite:///{Path(work) / 'events.db'}"
        init_db(url)
        n = timed("write the region", lambda: build(url, orgs=args.orgs,
                  teachers_per_org=args.teachers, year=args.year))  # fmt: skip
        start, end = date(args.year, 1, 1), date(args.year, 12, 31)
        with session_scope(url) as s:
            summary = timed("summary of the year", lambda: events_summary(s, start, end))
        timed("export JSON", lambda: as_json(summary))
        timed("export CSV", lambda: as_csv(summary))
        ctx = timed("report view model", lambda: build_events(url, year=args.year, as_of=end))
        print(
            f"{n} events in 3 years; the year: {summary.events} events, "
            f"{summary.participants} visits, {summary.presenters} presenters, "
            f"{len(ctx.hosts)} hosts, {len(ctx.outside_bank)} outside the bank"
        )
        if not args.no_pdf:
            result = timed(
                "report PDF", lambda: render_pdf(ctx.TEMPLATE, ctx, Path(work) / "e.pdf")
            )
            print(f"report: {result.pages} pages")
        get_engine(url).dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
