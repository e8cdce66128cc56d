"""Planted teachers: the few situations a municipality must show, made certain.

The profiles make almost every rule's situation common, but three hinge on a
handful of people and could, for an unlucky seed or a small municipality, be
missing. Each check below looks for the situation and, only if it is absent,
changes one teacher — so most seeds plant nothing and the data stay drawn
from the distributions.

* T04 without a match: the ``no_mentor_pool`` school has a young teacher.
* T04 with a match (O06): some young teacher has no mentor although a free
  mentor candidate works in the same organization.
* Absences (`absences.PLANTED`): every kind of `exempt`, with end dates
  planned and past, on both sides of the СЗД exemption's edges — among them
  teachers who would otherwise be due СЗД, so that "exempt teachers get no
  attestation rule" and its end are tested by the data.
"""

from random import Random

from metodist.demo.absences import PLANTED, end_of, timing_of
from metodist.demo.dates import Windows
from metodist.demo.mentoring import is_mentor_candidate
from metodist.demo.organizations import Org
from metodist.demo.profiles import AVERAGE
from metodist.demo.teachers import Staff, set_absence, set_career


def plant_municipality(
    rng: Random, orgs: list[Org], staff_by_org: dict[str, list[Staff]], win: Windows, muni: str
) -> None:
    local = [o for o in orgs if o.municipality == muni]
    _young_without_pool(rng, local, staff_by_org, win)
    _young_without_mentor(rng, local, staff_by_org)
    _absences_of_every_kind(rng, [t for o in local for t in staff_by_org[o.code]], win)


def _young_without_pool(
    rng: Random, orgs: list[Org], staff_by_org: dict[str, list[Staff]], win: Windows
) -> None:
    for org in orgs:
        if not org.no_mentor_pool:
            continue
        staff = staff_by_org[org.code]
        if any(t.young and not t.absent for t in staff):
            continue
        t = min((t for t in staff if not t.absent), key=lambda t: t.experience, default=None)
        if t is None:
            continue
        set_career(rng, t, win, young=True)
        t.category, t.category_date, t.old_szd = "none", None, None


def _young_without_mentor(
    rng: Random, orgs: list[Org], staff_by_org: dict[str, list[Staff]]
) -> None:
    def unmatched(staff: list[Staff]) -> bool:
        free = any(is_mentor_candidate(m) for m in staff)
        return free and any(t.young and not t.absent and t.mentor is None for t in staff)

    if any(unmatched(staff_by_org[o.code]) for o in orgs):
        return
    ordered = sorted(orgs, key=lambda o: (o.profile is not AVERAGE, o.code))
    for org in ordered:
        mentored = [t for t in staff_by_org[org.code] if t.young and t.mentor is not None]
        if mentored:
            t = rng.choice(mentored)
            assert t.mentor is not None
            t.mentor.mentees -= 1
            t.mentor = None
            return


def _absences_of_every_kind(rng: Random, staff: list[Staff], win: Windows) -> None:
    def due(t: Staff) -> bool:  # СЗД due but for the absence
        return t.category == "none" and t.years_in_org >= 2.3 and t.old_szd is None

    def shows(t: Staff, kind: str, timing: str, needs_due: bool) -> bool:
        return (
            t.exempt == kind
            and timing_of(kind, t.exempt_until, win) == timing
            and (due(t) or not needs_due)
        )

    for kind, timing, needs_due in PLANTED:
        if any(shows(t, kind, timing, needs_due) for t in staff):
            continue
        family = kind != "illness"
        free = [
            t
            for t in staff
            if not t.exempt
            and not t.young
            and t.mentees == 0
            and (due(t) or not needs_due)
            and (not family or (t.female and win.as_of.year - t.birth_year < 40))
        ]
        if free:
            set_absence(rng.choice(free), kind, end_of(rng, win, kind, timing), win)
