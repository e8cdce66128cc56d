"""The rule catalogue's conditions in plain Python, straight from docs/domain.md.

Independent of the rule engine on purpose: it checks that the demo data
contain each situation, whatever the engine does with it. Thresholds are the
defaults of docs/domain.md.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
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
    presentations: Counter[str] = field(init=False)
    last_pd: dict[str, date] = field(init=False)

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
        # a presentation: a presenter at a municipal-level event (no level: municipal when
        # no organization hosts it, CONTRACT v2)
        recent_events = [
            e
            for e in d["events"]
            if since <= e["date"] <= as_of
            and (e.get("level") or ("school" if e["org_code"] else "municipal")) == "municipal"
        ]
        self.presented = {code for e in recent_events for code in e["presenter_codes"]}
        self.presentations = Counter(code for e in recent_events for code in e["presenter_codes"])
        self.last_pd: dict[str, date] = {}
        for c in d["pd_courses_done"]:
            if c["hours"] >= 16 and c["completed"] <= as_of:
                prev = self.last_pd.get(c["teacher_code"])
                self.last_pd[c["teacher_code"]] = max(c["completed"], prev or c["completed"])
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

    def absent(self, t: dict[str, Any]) -> bool:
        until = t.get("exempt_until")
        return bool(t["exempt"]) and (until is None or until > self.as_of)

    def szd_exempt(self, t: dict[str, Any]) -> bool:
        """Order 196: absent (pregnancy included); under 2 years after maternity or childcare
        leave; under a year after an illness absence."""
        if self.absent(t):
            return True
        wait = {"maternity": 2, "childcare": 2, "illness": 1}.get(t["exempt"] or "")
        until = t.get("exempt_until")
        return wait is not None and until is not None and self.as_of < years_before(until, -wait)

    def expiry(self, t: dict[str, Any]) -> date | None:
        cd = t["category_date"]
        if t["category"] not in FIRST_PLUS or cd is None or cd >= REFORM:
            return None
        return years_before(cd, -5)

    def category(self, t: dict[str, Any]) -> str:
        expiry = self.expiry(t)
        return "none" if expiry is not None and expiry <= self.as_of else t["category"]

    def expires_soon(self, t: dict[str, Any]) -> bool:
        expiry = self.expiry(t)
        return expiry is not None and self.as_of < expiry <= years_before(self.as_of, -1)

    def szd_due(self, t: dict[str, Any]) -> bool:
        if self.category(t) not in ("none", "szd") or self.szd_exempt(t):
            return False
        if t["years_in_org"] < 2:
            return False
        last = self.last_szd.get(t["code"])
        return last is None or last <= years_before(self.as_of, 5)

    def pd_due(self, t: dict[str, Any]) -> bool:
        """T03: not a newcomer (3 years), and no ≥16 h course in 3 years or the last one's
        3 years end before the plan year does."""
        if t["experience_years"] < 3 or self.absent(t):
            return False
        last = self.last_pd.get(t["code"])
        return last is None or years_before(last, -3) <= date(self.as_of.year + 1, 12, 31)

    def mentor_candidate(self, t: dict[str, Any]) -> bool:
        return (
            self.category(t) in FIRST_PLUS
            and t["experience_years"] >= 5
            and not self.absent(t)
            and (t["burnout_score"] or 0) < 70
            and self.mentees[t["code"]] < 2
        )

    def mentors_young(self, t: dict[str, Any]) -> bool:
        return any(m["mentor_code"] == t["code"] and self.young(m) for m in self.data["teachers"])

    def teacher_rules(self, t: dict[str, Any]) -> set[str]:
        """Ids of the teacher rules whose condition holds for `t` (T13 is per request; T12's
        per-organization cap aside: whoever qualifies)."""
        c = t["code"]
        crit = self.critical(c)
        away = self.absent(t)
        category = self.category(t)
        fired = set()
        if (t["burnout_score"] or 0) >= 70:
            fired.add("T09")
        if self.pd_due(t):
            fired.add("T03")
        if away:
            return fired
        if crit:
            fired.add("T01")
        if self.moderate_areas(c):
            fired.add("T02")
        if self.young(t) and not t["mentor_code"]:
            fired.add("T04")
        if self.expires_soon(t):
            fired.add("T05")
        if self.szd_due(t):
            fired.add("T06")
        if category == "first" and not crit and c in self.presented and not self.expires_soon(t):
            fired.add("T07")
        if category in FIRST_PLUS and self.no_deficit(c) and c not in self.presented:
            fired.add("T08")
        if t["experience_years"] < 5 and c in self.scores and not crit:
            fired.add("T10")
        competition = {"учитель", "воспитатель", "педагог дополнительного образования",
                       "педагог-психолог"}  # fmt: skip
        if (
            category in HIGHEST_PLUS
            and self.no_deficit(c)
            and c not in self.competed
            and (t.get("position") or "").strip().lower().replace("ё", "е") in competition
        ):
            fired.add("T11")
        if (
            category in HIGHEST_PLUS
            and t["experience_years"] >= 10
            and not crit
            and c in self.pd_current
            and (t["burnout_score"] or 0) < 70
        ):
            fired.add("T12")
        if self.expiry(t) is not None and category == "none":
            fired.add("T14")
        if (
            category == "highest"
            and self.no_deficit(c)
            and (self.presentations[c] >= 2 or self.mentors_young(t))
        ):
            fired.add("T15")
        return fired

    # organizations
    def staff(self) -> dict[str, list[dict[str, Any]]]:
        by_org: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for t in self.data["teachers"]:
            by_org[t["org_code"]].append(t)
        return by_org

    def held(self, t: dict[str, Any]) -> bool:
        """«первая» or higher on the cycle date: a pre-reform one lasts 5 years."""
        cd = t["category_date"]
        if t["category"] not in FIRST_PLUS or cd is None:
            return False
        return cd >= REFORM or years_before(cd, -5) > self.as_of

    def indicators(self, org: dict[str, Any], staff: list[dict[str, Any]]) -> dict[str, float]:
        """docs/domain.md's indicators; `no_burnout_share` is absent with no survey answer."""
        n = len(staff)
        young = [t for t in staff if self.young(t)]
        settled = [t for t in staff if t["years_in_org"] is None or t["years_in_org"] >= 2]

        def share(pred: Any) -> float:
            return sum(1 for t in staff if pred(t)) / n

        values = {
            "pd_coverage": share(lambda t: t["code"] in self.pd_current),
            "category_share": (
                sum(1 for t in settled if self.held(t)) / len(settled) if settled else 1.0
            ),
            "no_critical_share": share(lambda t: not self.critical(t["code"])),
            "mentored_young_share": (
                sum(1 for t in young if t["mentor_code"]) / len(young) if young else 1.0
            ),
            "presented_share": share(lambda t: t["code"] in self.presented),
            "staffing": 1 - org["vacancies"] / (n + org["vacancies"]),
            "no_burnout_share": share(lambda t: (t["burnout_score"] or 0) < 70),
            "competition_share": share(lambda t: t["code"] in self.competed),
        }
        if all(t["burnout_score"] is None for t in staff):
            del values["no_burnout_share"]  # no survey: left out, not counted as «no risk»
        return values

    def composite(self, org: dict[str, Any], staff: list[dict[str, Any]]) -> float:
        """The mean of the indicators it has, half up to two digits as printed."""
        values = self.indicators(org, staff).values()
        mean = Decimal(repr(round(sum(values) / len(values), 9)))
        return float(mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))

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
        if "no_burnout_share" in ind and 1 - ind["no_burnout_share"] >= 0.2:
            fired.add("O07")
        if ind["presented_share"] < 0.3:
            fired.add("O08")
        if ind["pd_coverage"] < 1:
            fired.add("O09")
        holders = [t for t in staff if self.held(t)]
        expiring = [t for t in holders if self.expires_soon(t)]
        if holders and len(expiring) / len(holders) >= 0.2:
            fired.add("O10")
        hosted = self.school_events(org)
        if hosted and sum(hosted) / len(hosted) < 8:
            fired.add("O11")
        older = [t for t in staff if self.as_of.year - t["birth_year"] >= 60]
        if older and len(older) / len(staff) >= 0.25:
            fired.add("O12")
        return fired

    def school_events(self, org: dict[str, Any]) -> list[int]:
        """Participants of the organization's own events of the cycle year (an empty
        `level` with an `org_code` is `school`, docs/contract.md)."""
        return [
            e["participants"]
            for e in self.data["events"]
            if e["org_code"] == org["code"]
            and (e.get("level") or "school") == "school"
            and e["date"].year == self.as_of.year
        ]

    def demand_over_capacity(self) -> dict[str, tuple[int, int]]:
        """Areas whose requests alone exceed the catalogue's seats: area -> (requests, seats)."""
        asked = Counter(r["area"] for r in self.data["requests"])
        seats: Counter[str] = Counter()
        for c in self.data["courses"]:
            for a in c["areas"]:
                seats[a] += c["capacity"]
        return {a: (asked[a], seats[a]) for a in AREAS if asked[a] > seats[a]}

    def short_of_suitable_seats(self) -> dict[tuple[str, str], tuple[int, int]]:
        """(area, kind) whose critical deficits and requests alone exceed the seats of the
        courses open to that kind: -> (demand, seats). A rough M06: the plan also rations
        by position and by the per-teacher limit."""
        kind = {o["code"]: o["kind"] for o in self.data["organizations"]}
        wanted: dict[tuple[str, str], set[str]] = defaultdict(set)
        for t in self.data["teachers"]:
            for area, score in self.scores.get(t["code"], {}).items():
                if score < CRITICAL:
                    wanted[(area, kind[t["org_code"]])].add(t["code"])
        by_code = self.teachers
        for r in self.data["requests"]:
            wanted[(r["area"], kind[by_code[r["teacher_code"]]["org_code"]])].add(r["teacher_code"])
        seats: Counter[tuple[str, str]] = Counter()
        for c in self.data["courses"]:
            for k in c.get("levels") or {o["kind"] for o in self.data["organizations"]}:
                for a in c["areas"]:
                    seats[(a, k)] += c["capacity"]
        return {
            key: (len(codes), seats[key])
            for key, codes in wanted.items()
            if len(codes) > seats[key]
        }

    def centre_lists(self, orgs: list[dict[str, Any]]) -> bool:
        """M07: a young teacher at work with no mentor and no candidate in the organization,
        or a T11 / T12 candidate."""
        by_org = self.staff()
        for o in orgs:
            staff = by_org[o["code"]]
            alone = [t for t in staff if self.young(t) and not t["mentor_code"]]
            if alone and not any(self.mentor_candidate(m) for m in staff):
                return True
            if any(self.teacher_rules(t) & {"T11", "T12"} for t in staff):
                return True
        return False

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
        if self.short_of_suitable_seats():
            fired.add("M06")
        if self.centre_lists(orgs):
            fired.add("M07")
        return fired
