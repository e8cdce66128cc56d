"""Per-school summaries of the needs, diagnostics and attestation stages, as JSON-able dicts.

Pure functions over `OrgProfile`: the stage services store what they return
as `StageOutput` payloads, and merge the per-school counts into the
municipality's. Counts are kept apart from shares so that the municipal
figure is a true total, not a mean of school shares.

Sources: seed 003 (the requests database in Q1–Q2; the analytic note on
attestation against the professional standard in Q4), seed 004 (the
individual map of professional deficits), DOMAIN.md (areas and cut-offs).
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from metodist.analysis.placement import is_cycle_request
from models.enums import Area, Category, CourseFormat, Exempt
from models.profile import OrgProfile
from models.russian import percent_tenths as percent
from models.russian import years_genitive
from rules import status
from rules.thresholds import Thresholds

AREAS: tuple[str, ...] = tuple(a.value for a in Area)
CATEGORIES: tuple[str, ...] = tuple(c.value for c in Category)
FORMATS: tuple[str, ...] = (*(f.value for f in CourseFormat), "unspecified")
EXEMPTIONS: tuple[str, ...] = tuple(e.value for e in Exempt)


def share(part: int, whole: int) -> float:
    """part / whole rounded to 4 places; 0 when there is no whole."""
    return round(part / whole, 4) if whole else 0.0


def _ordered(counts: Mapping[str, int], keys: Iterable[str]) -> dict[str, int]:
    """Every key of `keys` (zeros included), then any other key seen, sorted."""
    known = list(keys)
    return {k: counts.get(k, 0) for k in [*known, *sorted(set(counts) - set(known))]}


def _add(into: dict[str, Any], more: Mapping[str, Any]) -> None:
    """Add nested counters `more` into `into` (ints add, dicts recurse)."""
    for key, value in more.items():
        if isinstance(value, Mapping):
            _add(into.setdefault(key, {}), value)
        else:
            into[key] = into.get(key, 0) + value


# --- needs: the requests database (seed 003, Q1–Q2) ---------------------------------------


def requests_by_org(org: OrgProfile, *, as_of: date) -> dict[str, Any]:
    """Payload of `requests_by_org`: the school's requests of the cycle, counted and listed."""
    items: list[dict[str, Any]] = []
    by_area: Counter[str] = Counter()
    by_format: Counter[str] = Counter()
    topics: Counter[tuple[str, str]] = Counter()
    teachers_with = 0
    for t in org.teachers:
        mine = [r for r in t.requests if is_cycle_request(r, as_of)]
        teachers_with += bool(mine)
        for r in mine:
            by_area[r.area] += 1
            by_format[r.format or "unspecified"] += 1
            topics[(r.area, r.topic.strip())] += 1
            items.append(
                {
                    "teacher_code": t.code,
                    "teacher_name": t.full_name,
                    "area": r.area,
                    "topic": r.topic,
                    "format": r.format,
                    "hours": r.hours,
                    "submitted": r.submitted.isoformat() if r.submitted else None,
                }
            )
    return {
        "org_code": org.code,
        "org_name": org.name,
        "teachers": len(org.teachers),
        "teachers_with_requests": teachers_with,
        "requests": len(items),
        "hours": sum(i["hours"] or 0 for i in items),
        "by_area": _ordered(by_area, AREAS),
        "by_format": _ordered(by_format, FORMATS),
        "topics": [[a, tp, n] for (a, tp), n in sorted(topics.items())],
        "items": items,
    }


def requests_summary(per_org: Iterable[Mapping[str, Any]], *, top: int = 20) -> dict[str, Any]:
    """Payload of the municipal `requests_summary`, from the schools' `requests_by_org`."""
    totals: dict[str, Any] = {}
    topics: Counter[tuple[str, str]] = Counter()
    by_org: dict[str, Any] = {}
    orgs = with_requests = 0
    for p in sorted(per_org, key=lambda p: p["org_code"]):
        orgs += 1
        with_requests += p["requests"] > 0
        _add(totals, {k: p[k] for k in ("teachers", "teachers_with_requests", "requests", "hours")})
        _add(totals, {"by_area": p["by_area"], "by_format": p["by_format"]})
        topics.update({(a, tp): n for a, tp, n in p["topics"]})
        by_org[p["org_code"]] = {
            k: p[k] for k in ("org_name", "teachers", "teachers_with_requests", "requests")
        } | {"by_area": p["by_area"]}
    ranked = sorted(topics.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return {
        "orgs": orgs,
        "orgs_with_requests": with_requests,
        "teachers": totals.get("teachers", 0),
        "teachers_with_requests": totals.get("teachers_with_requests", 0),
        "requests": totals.get("requests", 0),
        "hours": totals.get("hours", 0),
        "by_area": _ordered(totals.get("by_area", {}), AREAS),
        "by_format": _ordered(totals.get("by_format", {}), FORMATS),
        "top_topics": [{"area": a, "topic": tp, "requests": n} for (a, tp), n in ranked],
        "by_org": by_org,
    }


# --- diagnostics: deficit maps and the deficit profile (seed 004) --------------------------


def deficit_map(org: OrgProfile, th: Thresholds) -> dict[str, dict[str, dict[str, Any]]]:
    """Payload of `deficit_map`: teacher code → area → {score, level}; every teacher listed,
    one never diagnosed with an empty map; level is critical, moderate or None."""
    result: dict[str, dict[str, dict[str, Any]]] = {}
    for t in org.teachers:
        areas = [a for a in AREAS if a in t.scores] + sorted(set(t.scores) - set(AREAS))
        result[t.code] = {
            a: {"score": t.scores[a], "level": status.deficit_level(t.scores[a], th)} for a in areas
        }
    return result


def deficit_counts(org: OrgProfile, th: Thresholds) -> dict[str, Any]:
    """Additive counts behind a deficit profile (merge schools with `merge_counts`)."""
    areas: dict[str, dict[str, int]] = {
        a: {"diagnosed": 0, "critical": 0, "moderate": 0, "score_sum": 0} for a in AREAS
    }
    counts = {"teachers": len(org.teachers), "diagnosed": 0, "with_critical": 0, "with_deficit": 0}
    for t in org.teachers:
        if not t.scores:
            continue
        counts["diagnosed"] += 1
        levels = set()
        for area, score in t.scores.items():
            level = status.deficit_level(score, th)
            row = areas.setdefault(
                area, {"diagnosed": 0, "critical": 0, "moderate": 0, "score_sum": 0}
            )
            row["diagnosed"] += 1
            row["score_sum"] += score
            if level:
                row[level] += 1
                levels.add(level)
        counts["with_critical"] += "critical" in levels
        counts["with_deficit"] += bool(levels)
    return counts | {"areas": areas}


def merge_counts(items: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    total: dict[str, Any] = {}
    for item in items:
        _add(total, item)
    return total


def deficit_profile(counts: Mapping[str, Any]) -> dict[str, Any]:
    """Payload of `deficit_profile` from `deficit_counts` (one school or merged).

    Per area, shares are of the teachers diagnosed in that area (a teacher not
    diagnosed there is not known to lack the competence); `mean_score` is None
    when nobody was diagnosed in the area.
    """
    areas = {}
    raw = counts.get("areas", {})
    for area in [*AREAS, *sorted(set(raw) - set(AREAS))]:
        row = raw.get(area, {"diagnosed": 0, "critical": 0, "moderate": 0, "score_sum": 0})
        n = row["diagnosed"]
        areas[area] = {
            "diagnosed": n,
            "critical": row["critical"],
            "moderate": row["moderate"],
            "critical_share": share(row["critical"], n),
            "moderate_share": share(row["moderate"], n),
            "mean_score": round(row["score_sum"] / n, 1) if n else None,
        }
    return {
        "teachers": counts.get("teachers", 0),
        "diagnosed": counts.get("diagnosed", 0),
        "with_critical": counts.get("with_critical", 0),
        "with_deficit": counts.get("with_deficit", 0),
        "areas": areas,
    }


# --- attestation: the analytic note (seed 003, Q4; orders 276 and 196) ---------------------


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
        "categories": _ordered(categories, CATEGORIES),
        **{k: c[k] for k in _NOTE_COUNTS},
        "exempt": _ordered(exempt, EXEMPTIONS),
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


def attestation_lists(org: OrgProfile, *, as_of: date, th: Thresholds) -> dict[str, Any]:
    """Who the counts are about: expiring categories and СЗД due, by teacher code."""
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
                {
                    "teacher_code": t.code,
                    "teacher_name": t.full_name,
                    "category": t.category,
                    "category_date": t.category_date.isoformat() if t.category_date else None,
                    "expires": expiry.isoformat(),
                    "next_year": expiry.year == as_of.year + 1,
                    "within_window": expiry <= window_end,
                }
            )
        if status.szd_due(t, as_of, th):
            last = status.last_szd(t)
            szd.append(
                {
                    "teacher_code": t.code,
                    "teacher_name": t.full_name,
                    "last_szd": last.isoformat() if last else None,
                    "years_in_org": t.years_in_org,
                }
            )
    expiring.sort(key=lambda e: (e["expires"], e["teacher_code"]))
    return {"expiring": expiring, "szd_due_list": szd}


def attestation_note(counts: Mapping[str, Any], *, as_of: date, th: Thresholds) -> dict[str, Any]:
    """The note's figures from `attestation_counts` (one school or merged), with findings."""
    n = counts.get("teachers", 0)
    note = dict(counts)
    note["first_or_higher_share"] = share(counts.get("first_or_higher", 0), n)
    # O10 speaks of categories: the share is of the categories held, not of all teachers
    note["expiring_share"] = share(
        counts.get("expiring_within_window", 0), counts.get("first_or_higher", 0)
    )
    note["next_year"] = as_of.year + 1
    note["window_months"] = th.attestation.expiry_window_months
    note["findings"] = attestation_findings(note, th)
    return note


def attestation_findings(note: Mapping[str, Any], th: Thresholds) -> list[str]:
    """Short Russian findings of the analytic note (seed 003: «аналитическая справка»)."""
    n = note.get("teachers", 0)
    if not n:
        return ["Сведения о педагогах не представлены."]
    reform = th.attestation.reform_date.strftime("%d.%m.%Y")
    found = [
        f"Квалификационную категорию не ниже первой имеют {note['first_or_higher']} чел. "
        f"из {n} ({percent(note['first_or_higher_share'])})."
    ]
    if note.get("first_or_higher_with_critical"):
        found.append(
            f"У {note['first_or_higher_with_critical']} чел. с категорией не ниже первой "
            "диагностика выявила критический профессиональный дефицит: нужна адресная "
            "поддержка с учётом профессионального стандарта «Педагог» (приказ Минтруда "
            "России № 544н)."
        )
    if note.get("expired"):
        found.append(
            f"Истёк срок категории, установленной до {reform}, у {note['expired']} чел.; "
            "они учтены как не имеющие категории (приказы № 276 и № 196)."
        )
    if note.get("expiring_next_year"):
        found.append(
            f"В {note['next_year']} году истекает срок категории у "
            f"{note['expiring_next_year']} чел.: необходимо сопровождение подготовки к "
            "аттестации (категории, установленные с 01.09.2023, бессрочны)."
        )
    if note.get("expiring_within_window"):
        found.append(
            f"В ближайшие {note['window_months']} мес. истекает срок категории у "
            f"{note['expiring_within_window']} чел. ({percent(note['expiring_share'])} "
            "действующих категорий)."
        )
    if note.get("szd_due"):
        found.append(
            f"Подлежат аттестации на соответствие занимаемой должности {note['szd_due']} чел. "
            "без категории, работающих в организации не менее "
            f"{years_genitive(th.attestation.szd_min_years_in_org)} (приказ № 196)."
        )
    exempt = sum(note.get("exempt", {}).values())
    if exempt:
        found.append(
            f"Не подлежат аттестации (отпуск по уходу за ребёнком, длительная болезнь): "
            f"{exempt} чел."
        )
    return found


def attestation_municipal(
    per_org: Iterable[tuple[str, str, Mapping[str, Any]]], *, as_of: date, th: Thresholds
) -> dict[str, Any]:
    """The municipal note from the schools' (code, name, `attestation_counts`)."""
    rows = sorted(per_org, key=lambda r: r[0])
    zero = attestation_counts(OrgProfile("", "", ""), as_of=as_of, th=th)  # every key, at 0
    note = attestation_note(merge_counts([zero, *(c for _, _, c in rows)]), as_of=as_of, th=th)
    note["orgs"] = len(rows)
    note["by_org"] = {
        code: {
            "org_name": name,
            "teachers": c["teachers"],
            "categories": c["categories"],
            "first_or_higher": c["first_or_higher"],
            "first_or_higher_share": share(c["first_or_higher"], c["teachers"]),
            "expiring_next_year": c["expiring_next_year"],
            "expiring_within_window": c["expiring_within_window"],
            "szd_due": c["szd_due"],
            "exempt": sum(c["exempt"].values()),
        }
        for code, name, c in rows
    }
    staffed = [(code, r) for code, r in note["by_org"].items() if r["teachers"]]
    lowest = sorted(staffed, key=lambda cr: (cr[1]["first_or_higher_share"], cr[0]))[:3]
    if len(staffed) > 1 and lowest:
        names = ", ".join(
            f"{r['org_name']} ({percent(r['first_or_higher_share'])})" for _, r in lowest
        )
        note["findings"].append(f"Наименьшая доля педагогов с категорией не ниже первой: {names}.")
    expiring = [r for _, r in staffed if r["expiring_next_year"]]
    if expiring:
        note["findings"].append(
            f"Категории истекают в {note['next_year']} году в {len(expiring)} ОО из {len(rows)}."
        )
    return note
