"""The attestation stage's analytic note (seed 003, Q4; orders 276 and 196), by school and total.

Categories held on the cycle date, categories expiring and СЗД due are decided
here once, by `rules.status`, and stored; the documents print them as stored.
`attestation_calendar` lays the year out by month for the note: by when each
holder must apply, the categories already expired, and from when a teacher
absent or back from an absence may be attested for СЗД.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from metodist.analysis.summaries import merge_counts, ordered, share
from models.enums import Category, Exempt
from models.payloads import (
    AttestationNote,
    AttestationTally,
    ExpiringCategory,
    MunicipalAttestationNote,
    NoteFigures,
    SchoolAttestation,
    SzdDue,
)
from models.profile import OrgProfile, TeacherProfile
from models.russian import percent_tenths as percent
from models.russian import years_genitive
from rules import status
from rules.thresholds import Thresholds

CATEGORIES: tuple[str, ...] = tuple(c.value for c in Category)
EXEMPTIONS: tuple[str, ...] = tuple(e.value for e in Exempt)


def attestation_counts(org: OrgProfile, *, as_of: date, th: Thresholds) -> dict[str, Any]:
    """Additive counts of the attestation note for one school (merge with `merge_counts`)."""
    categories: Counter[str] = Counter()
    exempt: Counter[str] = Counter()
    in_year: dict[str, dict[str, int]] = {}
    c: Counter[str] = Counter()
    next_year = as_of.year + 1
    for t in org.teachers:
        held = status.effective_category(t, as_of, th)
        categories[held] += 1
        first_plus = held in status.CATEGORIES_FIRST_OR_HIGHER
        c["first_or_higher"] += first_plus
        c["first_or_higher_with_critical"] += first_plus and status.has_critical_deficit(t, th)
        expiry = status.category_expiry(t, th)
        c["expired"] += expiry is not None and expiry <= as_of
        c["expiring_next_year"] += (
            expiry is not None and expiry > as_of and expiry.year == next_year
        )
        c["expiring_within_window"] += status.category_expires_soon(t, as_of, th)
        c["szd_due"] += status.szd_due(t, as_of, th)
        if t.exempt:
            exempt[t.exempt] += 1
        for a in t.attestations:
            if a.date.year == as_of.year:
                row = in_year.setdefault(a.kind, {"assigned": 0, "refused": 0})
                row[a.result] = row.get(a.result, 0) + 1
    return {
        "teachers": len(org.teachers),
        "categories": ordered(categories, CATEGORIES),
        **{k: c[k] for k in _NOTE_COUNTS},
        "exempt": ordered(exempt, EXEMPTIONS),
        "attestations_in_year": in_year,
    }


_NOTE_COUNTS = (
    "first_or_higher",
    "first_or_higher_with_critical",
    "expired",
    "expiring_next_year",
    "expiring_within_window",
    "szd_due",
)


def attestation_lists(
    org: OrgProfile, *, as_of: date, th: Thresholds
) -> tuple[tuple[ExpiringCategory, ...], tuple[SzdDue, ...]]:
    """Who the counts are about: expiring categories (by date) and СЗД due, by teacher."""
    expiring, szd = [], []
    window_end = status.months_after(as_of, th.attestation.expiry_window_months)
    for t in org.teachers:
        expiry = status.category_expiry(t, th)
        if (
            expiry is not None
            and expiry > as_of
            and (expiry.year == as_of.year + 1 or expiry <= window_end)
        ):
            expiring.append(
                ExpiringCategory(
                    teacher_code=t.code,
                    teacher_name=t.full_name,
                    category=t.category,
                    category_date=t.category_date,
                    expires=expiry,
                    next_year=expiry.year == as_of.year + 1,
                    within_window=expiry <= window_end,
                )
            )
        if status.szd_due(t, as_of, th):
            szd.append(SzdDue(t.code, t.full_name, status.last_szd(t), t.years_in_org))
    expiring.sort(key=lambda e: (e.expires, e.teacher_code))
    return tuple(expiring), tuple(szd)


def attestation_note(counts: Mapping[str, Any], *, as_of: date, th: Thresholds) -> NoteFigures:
    """The note's figures from `attestation_counts` (one school or merged), with findings."""
    n = counts.get("teachers", 0)
    figures = NoteFigures(
        teachers=n,
        categories=dict(counts.get("categories", {})),
        first_or_higher=counts.get("first_or_higher", 0),
        first_or_higher_with_critical=counts.get("first_or_higher_with_critical", 0),
        expired=counts.get("expired", 0),
        expiring_next_year=counts.get("expiring_next_year", 0),
        expiring_within_window=counts.get("expiring_within_window", 0),
        szd_due=counts.get("szd_due", 0),
        exempt=dict(counts.get("exempt", {})),
        attestations_in_year={
            kind: AttestationTally(**row)
            for kind, row in counts.get("attestations_in_year", {}).items()
        },
        first_or_higher_share=share(counts.get("first_or_higher", 0), n),
        # O10 speaks of categories: the share is of the categories held, not of all teachers
        expiring_share=share(
            counts.get("expiring_within_window", 0), counts.get("first_or_higher", 0)
        ),
        next_year=as_of.year + 1,
        window_months=th.attestation.expiry_window_months,
    )
    return replace(figures, findings=tuple(attestation_findings(figures, th)))


def attestation_findings(note: NoteFigures, th: Thresholds) -> list[str]:
    """Short Russian findings of the analytic note (seed 003: «аналитическая справка»)."""
    n = note.teachers
    if not n:
        return ["Сведения о педагогах не представлены."]
    reform = th.attestation.reform_date.strftime("%d.%m.%Y")
    found = [
        f"Квалификационную категорию не ниже первой имеют {note.first_or_higher} чел. "
        f"из {n} ({percent(note.first_or_higher_share)})."
    ]
    if note.first_or_higher_with_critical:
        found.append(
            f"У {note.first_or_higher_with_critical} чел. с категорией не ниже первой "
            "диагностика выявила критический профессиональный дефицит: нужна адресная "
            "поддержка с учётом профессионального стандарта «Педагог» (приказ Минтруда "
            "России № 544н)."
        )
    if note.expired:
        found.append(
            f"Истёк срок категории, установленной до {reform}, у {note.expired} чел.; "
            "они учтены как не имеющие категории (приказы № 276 и № 196)."
        )
    if note.expiring_next_year:
        found.append(
            f"В {note.next_year} году истекает срок категории у "
            f"{note.expiring_next_year} чел.: необходимо сопровождение подготовки к "
            "аттестации (категории, установленные с 01.09.2023, бессрочны)."
        )
    if note.expiring_within_window:
        found.append(
            f"В ближайшие {note.window_months} мес. истекает срок категории у "
            f"{note.expiring_within_window} чел. ({percent(note.expiring_share)} "
            "действующих категорий)."
        )
    if note.szd_due:
        found.append(
            f"Подлежат аттестации на соответствие занимаемой должности {note.szd_due} чел. "
            "без категории, работающих в организации не менее "
            f"{years_genitive(th.attestation.szd_min_years_in_org)} (приказ № 196)."
        )
    exempt = sum(note.exempt.values())
    if exempt:
        found.append(
            f"Не подлежат аттестации (отпуск по уходу за ребёнком, длительная болезнь): "
            f"{exempt} чел."
        )
    return found


def attestation_school(
    org: OrgProfile, counts: Mapping[str, Any], *, as_of: date, th: Thresholds
) -> AttestationNote:
    """A school's `attestation_note` from its `attestation_counts`, with who they are about."""
    expiring, szd = attestation_lists(org, as_of=as_of, th=th)
    return AttestationNote(
        figures=attestation_note(counts, as_of=as_of, th=th),
        org_code=org.code,
        org_name=org.name,
        expiring=expiring,
        szd_due_list=szd,
    )


def attestation_municipal(
    per_org: Iterable[tuple[str, str, Mapping[str, Any]]],
    *,
    year: int,
    as_of: date,
    th: Thresholds,
) -> MunicipalAttestationNote:
    """The municipal note from the schools' (code, name, `attestation_counts`)."""
    rows = sorted(per_org, key=lambda r: r[0])
    zero = attestation_counts(OrgProfile("", "", ""), as_of=as_of, th=th)  # every key, at 0
    figures = attestation_note(merge_counts([zero, *(c for _, _, c in rows)]), as_of=as_of, th=th)
    by_org = {
        code: SchoolAttestation(
            org_name=name,
            teachers=c["teachers"],
            categories=c["categories"],
            first_or_higher=c["first_or_higher"],
            first_or_higher_share=share(c["first_or_higher"], c["teachers"]),
            expiring_next_year=c["expiring_next_year"],
            expiring_within_window=c["expiring_within_window"],
            szd_due=c["szd_due"],
            exempt=sum(c["exempt"].values()),
        )
        for code, name, c in rows
    }
    findings = list(figures.findings)
    staffed = [(code, r) for code, r in by_org.items() if r.teachers]
    lowest = sorted(staffed, key=lambda cr: (cr[1].first_or_higher_share, cr[0]))[:3]
    if len(staffed) > 1 and lowest:
        names = ", ".join(f"{r.org_name} ({percent(r.first_or_higher_share)})" for _, r in lowest)
        findings.append(f"Наименьшая доля педагогов с категорией не ниже первой: {names}.")
    expiring = [r for _, r in staffed if r.expiring_next_year]
    if expiring:
        findings.append(
            f"Категории истекают в {figures.next_year} году в {len(expiring)} ОО из {len(rows)}."
        )
    return MunicipalAttestationNote(
        year=year,
        as_of=as_of,
        figures=replace(figures, findings=tuple(findings)),
        orgs=len(rows),
        by_org=by_org,
    )


@dataclass(frozen=True)
class CalendarEntry:
    """A category that expires, and by when its holder must apply (`status.apply_by`:
    `attestation.apply_days_before_expiry` before, as T05 counts)."""

    teacher_code: str
    full_name: str
    org_code: str
    category: str
    expires: date
    apply_by: date
    org_name: str = ""


@dataclass(frozen=True)
class SzdWait:
    """A teacher without a category, absent or back from an absence, and when СЗД is possible."""

    teacher_code: str
    full_name: str
    org_code: str
    exempt: str
    exempt_until: date | None  # None: absent, the end not known
    eligible_from: date | None  # None: not known until the absence ends
    org_name: str = ""


@dataclass(frozen=True)
class AttestationCalendar:
    start: date  # the day after the cycle date
    end: date  # the end of the plan year
    expiring: tuple[CalendarEntry, ...]  # from `start` to `end`, by date
    expired: tuple[CalendarEntry, ...]  # expired on or before the cycle date
    szd_waiting: tuple[SzdWait, ...]

    def months(self) -> list[tuple[date, tuple[CalendarEntry, ...]]]:
        """(first day of a month, its expiries) for every month from `start` to `end`."""
        out = []
        month = self.start.replace(day=1)
        while month <= self.end:
            out.append(
                (month, tuple(e for e in self.expiring if (e.expires.year, e.expires.month)
                              == (month.year, month.month)))
            )  # fmt: skip
            month = status.months_after(month, 1)
        return out


def attestation_calendar(
    teachers: Iterable[TeacherProfile],
    *,
    as_of: date,
    th: Thresholds,
    org_names: Mapping[str, str] | None = None,
) -> AttestationCalendar:
    """Expiries up to the end of the plan year, expired categories, absent teachers' СЗД."""
    names = org_names or {}
    end = date(as_of.year + 1, 12, 31)
    expiring, expired, waiting = [], [], []
    for t in teachers:
        expiry, apply_by = status.category_expiry(t, th), status.apply_by(t, th)
        if expiry is not None and apply_by is not None:
            org = names.get(t.org_code, t.org_code)
            entry = CalendarEntry(
                t.code, t.full_name, t.org_code, t.category, expiry, apply_by, org
            )
            if expiry <= as_of:
                expired.append(entry)
            elif expiry <= end:
                expiring.append(entry)
        held = status.effective_category(t, as_of, th)
        if t.exempt and held in status.WITHOUT_CATEGORY:
            waiting.append(
                SzdWait(
                    t.code, t.full_name, t.org_code, t.exempt, t.exempt_until,
                    status.szd_eligible_from(t, th), names.get(t.org_code, t.org_code),
                )
            )  # fmt: skip
    return AttestationCalendar(
        start=as_of + timedelta(days=1),
        end=end,
        expiring=tuple(sorted(expiring, key=lambda e: (e.expires, e.full_name))),
        expired=tuple(sorted(expired, key=lambda e: (e.expires, e.full_name))),
        szd_waiting=tuple(
            sorted(waiting, key=lambda w: (w.eligible_from or date.max, w.full_name))
        ),
    )
