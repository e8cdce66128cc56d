"""Realistic sample view models of a made-up municipality, for tests and layout previews.

    uv run python -m metodist.documents.sample OUTDIR [--html] [--teachers 35] [--workers 2]

`municipality()` builds the town (`town.py`); the functions here turn it into
the contexts of every document, as the database adapter will from real data.
"""

import random
from collections import Counter
from datetime import date

from metodist.documents import context as c
from metodist.documents.filters import area as area_name
from metodist.documents.labels import AREAS, INDICATOR, SENSITIVE_INDICATORS
from metodist.documents.sample.data import (
    AS_OF,
    CATALOGUE,
    CONDITIONS,
    CYCLE_YEAR,
    DOCUMENT_DATE,
    ISSUER,
    MUNICIPALITY,
    PLAN_YEAR,
    REFORM_DATE,
    RULE_TITLES,
    THRESHOLDS,
)
from metodist.documents.sample.town import SampleMunicipality, _School, municipality
from models.labels import CATEGORY

__all__ = [
    "SampleMunicipality",
    "all_reports",
    "attestation_report",
    "catalogue_report",
    "centre_report",
    "deficits_report",
    "meta",
    "monitoring_report",
    "municipality",
    "packet",
    "plan_report",
    "requests_report",
]


def meta(approved: bool = False) -> c.DocumentMeta:
    return c.DocumentMeta(
        MUNICIPALITY, ISSUER, CYCLE_YEAR, DOCUMENT_DATE, "approved" if approved else "draft"
    )


def _indicators(school: _School) -> dict[str, float]:
    staff = school.teachers
    n = len(staff)
    young = [t for t in staff if t.experience < 3]
    critical = [
        t for t in staff if any(THRESHOLDS.level(s) == "critical" for s in t.scores.values())
    ]
    return {
        "pd_coverage": sum(t.pd_done for t in staff) / n,
        "category_share": sum(
            t.category in ("first", "highest", "methodist", "mentor") for t in staff
        )
        / n,
        "no_critical_share": 1 - len(critical) / n,
        "mentored_young_share": (
            sum(t.mentor is not None for t in young) / len(young) if young else 1.0
        ),
        "presented_share": sum(t.presented for t in staff) / n,
        "staffing": 1 - school.vacancies / (n + school.vacancies),
        "no_burnout_share": 1 - sum(t.burnout_risk for t in staff) / n,
        "competition_share": sum(t.competed for t in staff) / n,
    }


def _group(composite: float) -> str:
    return "high" if composite >= 0.75 else "medium" if composite >= 0.5 else "low"


def _averages(m: SampleMunicipality) -> dict[str, float]:
    rows = [_indicators(s) for s in m.schools]
    return {k: sum(r[k] for r in rows) / len(rows) for k in INDICATOR}


def _rec(
    rule_id: str,
    text: str,
    priority: str = "normal",
    quarter: int | None = None,
    concerns: str = "",
) -> c.Recommendation:
    title, source = RULE_TITLES[rule_id]
    return c.Recommendation(
        rule_id, title, text, priority, quarter, PLAN_YEAR if quarter else None, source, concerns
    )


def packet(
    *,
    teachers: int = 35,
    seed: int = 7,
    approved: bool = False,
    school: int = 0,
    org_name: str | None = None,
    m: SampleMunicipality | None = None,
) -> c.PacketContext:
    """The packet of one school of the sample municipality (the first has `teachers` teachers)."""
    m = m or municipality(teachers=teachers, seed=seed)
    s = m.schools[school]
    values = _indicators(s)
    averages = _averages(m)
    composite = sum(values.values()) / len(values)
    group = _group(composite)
    staff = s.teachers
    head = [
        _rec(
            "O04",
            "Проанализировать результаты мониторинга, разработать и реализовать план "
            "мероприятий по устранению выявленных недостатков; проинформировать участников "
            "образовательных отношений о результатах мониторинга.",
            "normal",
            1,
        ),
        _rec(
            {"high": "O01", "medium": "O02", "low": "O03"}[group],
            "Создавать условия для построения индивидуальных маршрутов непрерывного развития "
            "профессионального мастерства педагогов; вовлекать педагогов в конференции, "
            "семинары, конкурсы профессионального мастерства и сетевые формы взаимодействия.",
            "high" if group == "low" else "normal",
            2,
        ),
    ]
    if s.vacancies:
        head.append(
            _rec(
                "O05",
                f"Открытых педагогических ставок: {s.vacancies}. Своевременно "
                "выявлять кадровые потребности, вести адресный подбор и закрепление "
                "молодых специалистов.",
                "high",
                1,
            )
        )
    if values["pd_coverage"] < 1:
        head.append(
            _rec(
                "O09",
                "Обеспечить повышение квалификации педагогов, не проходивших "
                "курсы в течение трёх лет (273-ФЗ, ст. 47), по плану на "
                f"{PLAN_YEAR} г.",
                "high",
                1,
            )
        )
    if values["presented_share"] < 0.3:
        head.append(
            _rec(
                "O08",
                "Преодолеть формальный характер методической работы: "
                "представление опыта каждым педагогом раз в три года на муниципальных "
                "площадках.",
                "normal",
                3,
            )
        )
    if any(t.burnout_risk for t in staff):
        head.append(
            _rec(
                "T09",
                "Для части коллектива рекомендованы консультации педагога-"
                "психолога и анализ учебной нагрузки. Список педагогов передаётся "
                "руководителю лично и в пакет не включается.",
                "high",
                1,
            )
        )
    sections = tuple(
        c.TeacherSection(
            code=t.code,
            full_name=t.full_name,
            position=t.position,
            subjects=t.subjects,
            category=t.category,
            experience_years=t.experience,
            deficits=c.deficit_map(t.scores, THRESHOLDS),
            route=tuple(t.route),
            mentor_name=t.mentor.full_name if t.mentor else None,
        )
        for t in staff
    )
    fired: Counter[str] = Counter(i.rule_id for t in staff for i in t.route if i.rule_id)
    fired.update(r.rule_id for r in head)
    fired_rules = tuple(
        c.FiredRule(
            rid,
            RULE_TITLES[rid][0],
            RULE_TITLES[rid][1],
            "teacher" if rid.startswith("T") and rid != "T09" else "organization",
            n,
        )
        for rid, n in sorted(fired.items())
    )
    return c.PacketContext(
        meta=meta(approved),
        org=c.OrgHeader(s.code, org_name or s.name, s.kind, MUNICIPALITY),
        plan_year=PLAN_YEAR,
        group=group,
        composite=composite,
        indicators=tuple(
            c.Indicator(k, values[k], averages[k])
            for k in INDICATOR
            if k not in SENSITIVE_INDICATORS
        ),
        head_recommendations=tuple(head),
        teachers=sections,
        fired_rules=fired_rules,
        thresholds=THRESHOLDS,
    )


def requests_report(m: SampleMunicipality | None = None, *, seed: int = 7) -> c.RequestsContext:
    m = m or municipality(seed=seed)
    rng = random.Random(seed + 1)
    by_school: list[c.SchoolRequests] = []
    area_requests: Counter[str] = Counter()
    area_teachers: Counter[str] = Counter()
    area_hours: Counter[str] = Counter()
    formats: Counter[str | None] = Counter()
    for s in m.schools:
        counts: Counter[str] = Counter()
        requesting = 0
        for t in s.teachers:
            wanted = [a for a, sc in t.scores.items() if sc is not None and sc < 75]
            if not wanted or rng.random() < 0.3:
                continue
            requesting += 1
            for a in wanted[:2]:
                counts[a] += 1
                area_requests[a] += 1
                area_teachers[a] += 1
                area_hours[a] += rng.choice([16, 24, 36, 72])
                formats[rng.choice(["in_person", "remote", "blended", None])] += 1
        by_school.append(
            c.SchoolRequests(
                s.code, s.name, len(s.teachers), requesting, {a: counts[a] for a in AREAS}
            )
        )
    return c.RequestsContext(
        meta=meta(True),
        by_area=tuple(
            c.AreaRequests(a, area_requests[a], area_teachers[a], area_hours[a]) for a in AREAS
        ),
        by_school=tuple(by_school),
        by_format=tuple(c.FormatRequests(f, n) for f, n in formats.most_common()),
        period_start=date(CYCLE_YEAR, 1, 10),
        period_end=date(CYCLE_YEAR, 6, 30),
    )


def deficits_report(
    m: SampleMunicipality | None = None, *, seed: int = 7
) -> c.DeficitProfileContext:
    m = m or municipality(seed=seed)
    everyone = [t for s in m.schools for t in s.teachers]
    areas = []
    for a in AREAS:
        scores = [x for t in everyone if (x := t.scores[a]) is not None]
        levels = Counter(THRESHOLDS.level(x) for x in scores)
        n = len(scores)
        areas.append(
            c.AreaProfile(a, n, levels["critical"] / n, levels["moderate"] / n, sum(scores) / n)
        )
    schools = []
    for s in m.schools:
        diagnosed = [t for t in s.teachers if any(v is not None for v in t.scores.values())]
        crit = [
            t
            for t in diagnosed
            if any(THRESHOLDS.level(v) == "critical" for v in t.scores.values())
        ]
        means: dict[str, float | None] = {}
        for a in AREAS:
            vals = [x for t in diagnosed if (x := t.scores[a]) is not None]
            means[a] = sum(vals) / len(vals) if vals else None
        schools.append(
            c.SchoolDeficits(s.code, s.name, len(diagnosed), len(crit) / len(diagnosed), means)
        )
    return c.DeficitProfileContext(
        meta=meta(True),
        teachers_total=len(everyone),
        teachers_diagnosed=sum(s.diagnosed for s in schools),
        areas=tuple(areas),
        schools=tuple(schools),
        thresholds=THRESHOLDS,
    )


def attestation_report(
    m: SampleMunicipality | None = None, *, seed: int = 7
) -> c.AttestationContext:
    m = m or municipality(seed=seed)
    rng = random.Random(seed + 2)
    schools, expiring, szd_due = [], [], []
    for s in m.schools:
        cats = Counter(t.category for t in s.teachers)
        n_exp = n_szd = 0
        for t in s.teachers:
            if t.category_date:
                until = c.category_expiry(t.category_date, reform_date=REFORM_DATE, term_years=5)
                if until and until.year == PLAN_YEAR:
                    n_exp += 1
                    expiring.append(
                        c.ExpiringCategory(t.full_name, s.name, t.category, t.category_date, until)
                    )
            if t.category == "none" and t.years_in_org >= 2:
                n_szd += 1
                szd_due.append(c.SzdDue(t.full_name, s.name, t.position, t.years_in_org, None))
        schools.append(
            c.SchoolCategories(s.code, s.name, {k: cats[k] for k in CATEGORY}, n_exp, n_szd)
        )
    results = tuple(
        c.AttestationResults(k, rng.randint(3, 25), rng.randint(0, 3))
        for k in ("szd", "first", "highest", "methodist", "mentor")
    )
    standard = tuple(
        c.StandardArea(a, n := rng.randint(40, 60), int(n * rng.uniform(0.6, 0.95))) for a in AREAS
    )
    return c.AttestationContext(
        meta=meta(False),
        as_of=AS_OF,
        next_year=PLAN_YEAR,
        schools=tuple(schools),
        results=results,
        expiring=tuple(sorted(expiring, key=lambda e: e.expires)),
        szd_due=tuple(szd_due),
        standard=standard,
        reform_date=REFORM_DATE,
    )


def monitoring_report(m: SampleMunicipality | None = None, *, seed: int = 7) -> c.MonitoringContext:
    m = m or municipality(seed=seed)
    rows = []
    for s in m.schools:
        values = _indicators(s)
        composite = sum(values.values()) / len(values)
        rows.append(
            c.SchoolMonitoring(
                s.code, s.name, values, composite, _group(composite), len(s.teachers)
            )
        )
    return c.MonitoringContext(
        meta=meta(True),
        method=c.MonitoringMethod({k: 1.0 for k in INDICATOR}),
        schools=tuple(rows),
        municipal_average=_averages(m),
    )


def plan_report(m: SampleMunicipality | None = None, *, seed: int = 7) -> c.PlanContext:
    m = m or municipality(seed=seed)
    participants: dict[str, list[c.Participant]] = {k[0]: [] for k in CATALOGUE}
    unmet: Counter[str] = Counter()
    for s in m.schools:
        for t in s.teachers:
            for item in t.route:
                if item.kind == "course":
                    code = next(k[0] for k in CATALOGUE if k[1] == item.title)
                    participants[code].append(c.Participant(t.full_name, s.name))
                elif item.kind == "unmet" and item.area:
                    unmet[item.area] += 1
    groups = tuple(
        c.CourseGroup(code, title, areas, hours, provider, fmt, q, cap, tuple(participants[code]))
        for code, title, areas, hours, provider, fmt, cap, q in CATALOGUE
    )
    return c.PlanContext(
        meta=meta(False),
        plan_year=PLAN_YEAR,
        groups=groups,
        unmet=tuple(c.UnmetDemand(a, n) for a, n in unmet.most_common()),
    )


def centre_report(m: SampleMunicipality | None = None, *, seed: int = 7) -> c.CentreContext:
    m = m or municipality(seed=seed)
    mon = monitoring_report(m)
    prof = deficits_report(m)
    recs = [
        _rec(
            "M01",
            "Оказать адресную методическую поддержку: выездные консультации, анализ "
            "планов методической работы, сопровождение ИОМ.",
            "high",
            1,
            concerns=s.org_name,
        )
        for s in mon.in_group("low")
    ]
    recs += [
        _rec(
            "M02",
            f"Организовать цикл муниципальных семинаров и дополнительную курсовую "
            f"группу: критический дефицит у {a.critical_share:.0%} педагогов.".replace("%", " %"),
            "high",
            2,
            concerns=f"область: {area_name(a.area)}",
        )
        for a in prof.alert_areas
    ]
    recs.append(
        _rec(
            "M03",
            "Сформировать электронный банк педагогического опыта и выпустить "
            "сборник лучших практик по итогам представлений опыта.",
            "normal",
            4,
        )
    )
    if mon.in_group("low") and mon.in_group("high"):
        recs.append(
            _rec(
                "M04",
                "Организовать сетевые пары школ: "
                + "; ".join(
                    f"{lo.org_name} — {hi.org_name}"
                    for lo, hi in zip(mon.in_group("low"), mon.in_group("high"), strict=False)
                ),
                "normal",
                1,
            )
        )
    recs.append(
        _rec(
            "M05",
            "Продолжить работу школы молодого педагога; организовать "
            "методическую поддержку наставников.",
            "normal",
        )
    )
    return c.CentreContext(meta=meta(False), recommendations=tuple(recs))


def catalogue_report() -> c.CatalogueContext:
    addressee = {"T": "teacher", "O": "organization", "M": "centre"}
    rules = tuple(
        c.RuleEntry(rid, title, addressee[rid[0]], source, CONDITIONS[rid])
        for rid, (title, source) in RULE_TITLES.items()
    )
    return c.CatalogueContext(meta=meta(True), rules=rules, rulebase_version="sample-1")


def all_reports(m: SampleMunicipality) -> dict[str, c.ReportContext]:
    """Every centre and coordinator report of the sample municipality, by file stem."""
    return {
        "requests": requests_report(m),
        "deficits": deficits_report(m),
        "attestation": attestation_report(m),
        "monitoring": monitoring_report(m),
        "plan": plan_report(m),
        "centre": centre_report(m),
        "catalogue": catalogue_report(),
    }
