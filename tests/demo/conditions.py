"""The rule catalogue's conditions in plain Python, straight from docs/domain.md.

Independent of the rule engine on purpose: it checks that the demo data
contain each situation, whatever the engine does with it. Thresholds are the
defaults of docs/domain.md.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

CRITICAL, MODERATE = 50, 70
FIRST_PLUS = {"first", "highest", "methodist", "mentor"}
HIGHEST_PLUS = {"highest", "methodist", "mentor"}
REFORM = date(2023, 9, 1)
AREAS = ("subject", "methodical", "psycho_pedagogical", "communicative", "digital", "legal")


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@dataclass
class Facts:
    """What each teacher and organization looks like on the cycle date."""

    data: dict[str, list[dict[str, Any]]]
    as_of: date
    teachers: dict[str, dict[str, Any]] = field(init=False)
    scores: dict[str, dict[str, int]] = field(init=False)
    pd_current: set[str] = field(init=False)
    presented: set[str] = field(init=False)
    competed: set[str] = field(init=False)
    last_szd: dict[str, date] = field(init=False)
    mentees: Counter[str] = field(init=False)

    def __post_init__(self) -> None:
        d, as_of = self.data, self.as_of
        since = years_before(as_of, 3)
        self.teachers = {t["code"]: t for t in d["teachers"]}
        self.scores = defaultdict(dict)
        latest: dict[tuple[str, str], date] = {}
        for r in d["diagnostics"]:
            key = (r["teacher_code"], r["area"])
            if key not in latest or r["date"] >= latest[key]:
                latest[key] = r["date"]
                self.scores[r["teacher_code"]][r["area"]] = r["score"]
        self.pd_current = {
            c["teacher_code"]
            for c in d["pd_courses_done"]
            if c["hours"] >= 16 and since <= c["completed"] <= as_of
        }
        recent_events = [e for e in d["events"] if since <= e["date"] <= as_of]
        self.presented = {code for e in recent_events for code in e["presenter_codes"]}
        self.competed = {
            c["teacher_code"] for c in d["competitions"] if as_of.year - 3 < c["year"] <= as_of.year
        }
        self.last_szd = {}
        for a in d["attestations"]:
            if a["kind"] == "szd" and a["result"] == "assigned":
                prev = self.last_szd.get(a["teacher_code"])
                self.last_szd[a["teacher_code"]] = max(a["date"], prev or a["date"])
        self.mentees = Counter(t["mentor_code"] for t in d["teachers"] if t["mentor_code"])

    # teacher facts
    def critical(self, code: str) -> bool:
        return any(s < CRITICAL for s in self.scores.get(code, {}).values())

    def moderate_areas(self, code: str) -> set[str]:
        return {a for a, s in self.scores.get(code, {}).items() if CRITICAL <= s < MODERATE}

    def no_deficit(self, code: str) -> bool:
        s = self.scores.get(code, {})
        return bool(s) and all(v >= MODERATE for v in s.values())

    def young(self, t: dict[str, Any]) -> bool:
        return t["experience_years"] < 3

    def expires_soon(self, t: dict[str, Any]) -> bool:
        cd = t["category_date"]
        if t["category"] not in FIRST_PLUS or cd is None or cd >= REFORM:
            return False
        expiry = years_before(cd, -5)
        return self.as_of < expiry <= years_before(self.as_of, -1)

    def szd_due(self, t: dict[str, Any]) -> bool:
        if t["category"] not in ("none", "szd") or t["exempt"] or t["years_in_org"] < 2:
            return False
        last = self.last_szd.get(t["code"])
        return last is None or last <= years_before(self.as_of, 5)

    def mentor_candidate(self, t: dict[str, Any]) -> bool:
        return (
            t["category"] in FIRST_PLUS
            and t["experience_years"] >= 5
            and not t["exempt"]
            and self.mentees[t["code"]] < 2
        )

    def teacher_rules(self, t: dict[str, Any]) -> set[str]:
        """Ids of the teacher rules whose condition holds for `t` (T13 is per request)."""
        c = t["code"]
        crit = self.critical(c)
        fired = set()
        if crit:
            fired.add("T01")
        if self.moderate_areas(c):
            fired.add("T02")
        if c not in self.pd_current:
            fired.add("T03")
        if self.young(t) and not t["mentor_code"]:
            fired.add("T04")
        if self.expires_soon(t) and not t["exempt"]:
            fired.add("T05")
        if self.szd_due(t):
            fired.add("T06")
        if t["category"] == "first" and not crit and c in self.presented:
            fired.add("T07")
        if t["category"] in FIRST_PLUS and self.no_deficit(c) and c not in self.presented:
            fired.add("T08")
        if (t["burnout_score"] or 0) >= 70:
            fired.add("T09")
        if t["experience_years"] < 5 and c in self.scores and not crit:
            fired.add("T10")
        if t["category"] in HIGHEST_PLUS and self.no_deficit(c) and c not in self.competed:
            fired.add("T11")
        if t["category"] in HIGHEST_PLUS and t["experience_years"] >= 10 and not crit:
            fired.add("T12")
        return fired

    # organizations
    def staff(self) -> dict[str, list[dict[str, Any]]]:
        by_org: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for t in self.data["teachers"]:
            by_org[t["org_code"]].append(t)
        return by_org

    def indicators(self, org: dict[str, Any], staff: list[dict[str, Any]]) -> dict[str, float]:
        n = len(staff)
        young = [t for t in staff if self.young(t)]

        def share(pred: Any) -> float:
            return sum(1 for t in staff if pred(t)) / n

        return {
            "pd_coverage": share(lambda t: t["code"] in self.pd_current),
            "category_share": share(lambda t: t["category"] in FIRST_PLUS),
            "no_critical_share": share(lambda t: not self.critical(t["code"])),
            "mentored_young_share": (
                sum(1 for t in young if t["mentor_code"]) / len(young) if young else 1.0
            ),
            "presented_share": share(lambda t: t["code"] in self.presented),
            "staffing": 1 - org["vacancies"] / (n + org["vacancies"]),
            "no_burnout_share": share(lambda t: (t["burnout_score"] or 0) < 70),
            "competition_share": share(lambda t: t["code"] in self.competed),
        }

    def composite(self, org: dict[str, Any], staff: list[dict[str, Any]]) -> float:
        values = self.indicators(org, staff).values()
        return sum(values) / len(values)

    @staticmethod
    def group(composite: float) -> str:
        return "high" if composite >= 0.75 else "medium" if composite >= 0.5 else "low"

    def org_rules(self, org: dict[str, Any], staff: list[dict[str, Any]]) -> set[str]:
        ind = self.indicators(org, staff)
        fired = {
            "O04",
            {"high": "O01", "medium": "O02", "low": "O03"}[self.group(self.composite(org, staff))],
        }
        if org["vacancies"] > 0:
            fired.add("O05")
        if any(self.young(t) and not t["mentor_code"] for t in staff):
            fired.add("O06")
        if 1 - ind["no_burnout_share"] >= 0.2:
            fired.add("O07")
        if ind["presented_share"] < 0.3:
            fired.add("O08")
        if ind["pd_coverage"] < 1:
            fired.add("O09")
        holders = [t for t in staff if t["category"] in FIRST_PLUS]
        expiring = [t for t in holders if self.expires_soon(t)]
        if holders and len(expiring) / len(holders) >= 0.2:
            fired.add("O10")
        return fired

    def demand_over_capacity(self) -> dict[str, tuple[int, int]]:
        """Areas whose requests alone exceed the catalogue's seats: area -> (requests, seats)."""
        asked = Counter(r["area"] for r in self.data["requests"])
        seats: Counter[str] = Counter()
        for c in self.data["courses"]:
            for a in c["areas"]:
                seats[a] += c["capacity"]
        return {a: (asked[a], seats[a]) for a in AREAS if asked[a] > seats[a]}

    def centre_rules(self, orgs: list[dict[str, Any]]) -> set[str]:
        """Centre rules over `orgs` (one municipality)."""
        by_org = self.staff()
        staff = [t for o in orgs for t in by_org[o["code"]]]
        groups = {self.group(self.composite(o, by_org[o["code"]])) for o in orgs}
        fired = set()
        if "low" in groups:
            fired.update({"M01", "M04"})
        for area in AREAS:
            crit = sum(1 for t in staff if self.scores.get(t["code"], {}).get(area, 100) < 50)
            if crit / len(staff) >= 0.25:
                fired.add("M02")
        if any("T08" in self.teacher_rules(t) for t in staff):
            fired.add("M03")
        if sum(1 for t in staff if self.young(t)) / len(staff) >= 0.10:
            fired.add("M05")
        if self.demand_over_capacity():
            fired.add("M06")
        return fired
