"""The rule catalogue in plain Python, for the benchmark only: the lower limit of the rules stage.

`bench/rules_bench.py` compares the product's rules stage (experta, one
engine run per organization) with this: the same rules of
`rules/catalogue.py`, over the same inputs `rules.adapter.evaluate_org` and
`evaluate_centre` get, with the same thresholds and the same shared
definitions (`rules.status`), written as straight `if`s. It
yields what fired and for whom — (rule id, rule method, addressee, org, key),
the identity of a `rules.base.Firing` — but no texts and no evidence: those
are the product's output, not its matching, and cost the same either way.

A test (`tests/bench/test_plain_rules.py`) holds it to the product's firings
on a generated region, which is what makes it an honest lower limit. It is not
a second rule base: the product never calls it.
"""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from models.payloads_efficacy import CourseEfficacy
from models.profile import OrgProfile
from rules import status
from rules.thresholds import Thresholds

#: shares are rounded as the adapter rounds them before comparing (rules.adapter.SHARE_DIGITS)
SHARE_DIGITS = 6
FIRST_OR_HIGHER = status.CATEGORIES_FIRST_OR_HIGHER
HIGHEST_OR_HIGHER = status.CATEGORIES_HIGHEST_OR_HIGHER


class PlainFiring(NamedTuple):
    """What fired, in the shape of `Firing`'s identity."""

    rule_id: str
    rule_name: str
    addressee_type: str
    addressee_code: str
    org_code: str | None
    key: str = ""


@dataclass
class PlainSummary:
    """What the municipal pass needs of one organization (as `rules.adapter.OrgSummary`)."""

    org_code: str
    group: str
    teachers: int
    young: int
    experience_candidates: int
    diagnosed_by_area: Counter[str] = field(default_factory=Counter)
    critical_by_area: Counter[str] = field(default_factory=Counter)
    kind: str = ""
    #: (area, cause) -> unplaced needs that are a shortfall of suitable seats (M06)
    shortfall: Counter[tuple[str, str]] = field(default_factory=Counter)
    #: M07: T04 found no mentor inside, T11 nominees, T12's reserve
    lists: int = 0


def _round(value: float | None, digits: int = 2) -> float | None:
    # The adapter rounds experience and years to 2 places before the rules compare them.
    return None if value is None else round(float(value), digits)


def _share(value: float) -> float:
    return round(float(value), SHARE_DIGITS)


def _placement_areas(p: Any, course_areas: Mapping[str, Sequence[str]]) -> list[str]:
    areas = list(dict.fromkeys([p.area or "", *course_areas.get(p.course_code, ())]))
    if len(areas) > 1 and "" in areas:
        areas.remove("")
    return areas


def plain_org(
    org: OrgProfile,
    *,
    indicators: Any,
    placements: Iterable[Any] = (),
    unplaced: Iterable[Any] = (),
    mentors: Mapping[str, Any] | None = None,
    as_of: date,
    th: Thresholds,
    course_areas: Mapping[str, Sequence[str]] | None = None,
) -> tuple[list[PlainFiring], PlainSummary]:
    """T01–T15 and O01–O12 for one organization, and its summary for the centre."""
    code = org.code
    areas_of = course_areas or {}
    min_hours = th.pd.min_course_hours
    # (teacher, area) covered by a placed course; teachers with a PD-counting placement
    covered: set[tuple[str, str]] = set()
    pd_placed: set[str] = set()
    for p in placements:
        areas = _placement_areas(p, areas_of)
        for area in areas:
            covered.add((p.teacher_code, area))
        if p.hours is None or p.hours >= min_hours:
            pd_placed.add(p.teacher_code)
    requests: dict[str, list[tuple[str, str]]] = {}
    shortfall: Counter[tuple[str, str]] = Counter()
    unplaced_critical: set[tuple[str, str]] = set()
    for u in unplaced:
        if (getattr(u, "cause", "") or "") in ("no_course", "no_seats"):
            shortfall[(u.area or "", u.cause)] += 1
        if u.reason == "request":
            requests.setdefault(u.teacher_code, []).append((u.area or "", u.topic or ""))
        elif u.reason == "critical_deficit":
            unplaced_critical.add((u.teacher_code, u.area or ""))
    mentors = mentors or {}

    debut_max = float(th.activity.debut_max_experience)
    leader_min = float(th.activity.leader_min_experience)
    min_years = float(th.attestation.first_to_highest_min_years)
    presentation_years = th.activity.presentation_period_years
    competition_years = th.activity.competition_period_years
    reserve = status.reserve_ranks(org.teachers, as_of, th)

    out: list[PlainFiring] = []
    summary = PlainSummary(
        code, indicators.group, len(org.teachers), 0, 0, kind=org.kind, shortfall=shortfall
    )
    holders = expiring = 0
    young_without_mentor = False

    def fire(rule_id: str, name: str, teacher: str, key: str = "") -> None:
        out.append(PlainFiring(rule_id, name, "teacher", teacher, code, key))

    for t in org.teachers:
        tc = t.code
        levels = status.deficits(t, th)
        has_critical = "critical" in levels.values()
        has_any = not t.scores or bool(levels)
        away = status.is_absent(t, as_of)
        summary.diagnosed_by_area.update(t.scores.keys())
        for area, level in levels.items():
            if level == "critical":
                summary.critical_by_area[area] += 1
                if away:
                    continue
                if (tc, area) in covered:
                    name = "place_on_course_for_critical_deficit"
                elif (tc, area) in unplaced_critical:
                    name = "report_unplaced_critical_deficit"
                else:
                    name = "seek_course_for_critical_deficit"
                fire("T01", name, tc, area)
        if not away and "moderate" in levels.values():
            fire("T02", "support_moderate_deficit_in_school", tc)
        if status.pd_due(t, as_of, th):
            if tc in pd_placed:
                fire("T03", "schedule_course_for_overdue_pd", tc)
            else:
                fire("T03", "flag_overdue_pd_without_seat", tc)
        for area, topic in requests.get(tc, ()) if not away else ():
            fire("T13", "flag_unmet_request", tc, f"{area}|{topic}")
        young = status.is_young(t, th)
        if young:
            summary.young += 1
            if not t.mentor_code:
                young_without_mentor = True
                match = mentors.get(tc)
                if away:
                    pass
                elif match is None:
                    fire("T04", "choose_mentor_by_criteria", tc)
                elif match.mentor_code is not None:
                    fire("T04", "assign_mentor", tc)
                else:
                    fire("T04", "refer_mentor_search_to_centre", tc)
        if status.at_burnout_risk(t, th):
            out.append(
                PlainFiring("T09", "alert_head_to_burnout_risk", "organization", code, code, tc)
            )
        category = status.effective_category(t, as_of, th)
        held = category in FIRST_OR_HIGHER
        soon = status.category_expires_soon(t, as_of, th)
        if held:
            holders += 1
            expiring += soon
        presented = status.presented_within(t, as_of, presentation_years)
        experience = _round(t.experience_years)
        years = _round(status.years_in_category(t, as_of)) if held else None
        highest_ready = (
            category == "first"
            and not has_critical
            and presented
            and (min_years <= 0 or (years is not None and years >= min_years))
        )
        if soon and not away:
            name = (
                "apply_for_highest_before_category_expires"
                if highest_ready
                else ("support_attestation_before_category_expires")
            )
            fire("T05", name, tc)
        if not away and status.szd_due(t, as_of, th):
            fire("T06", "flag_szd_due", tc)
        if highest_ready and not soon and not away:
            fire("T07", "propose_highest_category", tc)
        if held and not has_critical and not has_any and not presented and not away:
            fire("T08", "invite_to_present_experience", tc)
            summary.experience_candidates += 1
        if not has_critical and not away and experience is not None and experience < debut_max:
            fire("T10", "invite_to_debut_competition", tc)
        if category in HIGHEST_OR_HIGHER and not has_critical and not away:
            if (
                not has_any
                and not status.competed_within(t, as_of, competition_years)
                and status.competition_for(t, org.kind, th)
            ):
                fire("T11", "nominate_for_teacher_of_the_year", tc)
            rank = reserve.get(tc)
            if (
                experience is not None
                and experience >= leader_min
                and rank is not None
                and rank < th.activity.reserve_per_org
            ):
                fire("T12", "add_to_leadership_reserve", tc)
        if not away and status.category_expired(t, as_of, th):
            fire("T14", "seek_category_again", tc)
        if category == "highest" and not has_any and not away:
            twice = (
                status.presentations_within(t, as_of, presentation_years)
                >= th.activity.methodist_min_presentations
            )
            if twice or status.mentors_young(t, org.teachers, th):
                fire("T15", "propose_mentor_or_methodist_category", tc)

    values = indicators.values
    surveyed = values.get("no_burnout_share") is not None
    year = as_of.year
    hosted = [e.participants for e in org.events if e.level == "school" and e.date.year == year]
    older = sum(
        1 for t in org.teachers if t.birth_year and year - t.birth_year >= th.school.older_age
    )
    summary.lists = sum(
        1
        for f in out
        if f.rule_id in ("T11", "T12") or f.rule_name == "refer_mentor_search_to_centre"
    )
    school = [
        ("O01", "apply_high_group_set", indicators.group == "high"),
        ("O02", "apply_medium_group_set", indicators.group == "medium"),
        ("O03", "apply_low_group_set", indicators.group == "low"),
        ("O04", "apply_heads_set", True),
        ("O05", "plan_recruitment_for_vacancies", int(org.vacancies) > 0),
        ("O06", "set_up_mentoring", young_without_mentor),
        (
            "O07",
            "build_burnout_prevention",
            surveyed and _share(1 - values["no_burnout_share"]) >= th.school.burnout_share,
        ),
        (
            "O08",
            "revive_methodological_work",
            _share(values["presented_share"]) < th.school.presented_share_min,
        ),
        ("O09", "ensure_pd_for_every_teacher", _share(values["pd_coverage"]) < 1),
        (
            "O10",
            "plan_attestation_support",
            expiring > 0 and _share(expiring / holders) >= th.school.expiring_share,
        ),
        (
            "O11",
            "revive_attendance_of_school_events",
            bool(hosted) and _share(sum(hosted) / len(hosted)) < th.school.event_min_participants,
        ),
        (
            "O12",
            "plan_staff_succession",
            older > 0 and _share(older / len(org.teachers)) >= th.school.older_share,
        ),
    ]
    out.extend(
        PlainFiring(rule_id, name, "organization", code, code)
        for rule_id, name, fires in school
        if fires
    )
    return out, summary


def plain_centre(
    summaries: Sequence[PlainSummary],
    plan_summary: Any,
    *,
    th: Thresholds,
    efficacy: Sequence[CourseEfficacy] = (),
) -> list[PlainFiring]:
    """M01–M08 over the organizations' summaries, the plan's unplaced needs and the courses'
    efficacy."""

    def fire(rule_id: str, name: str, key: str = "") -> PlainFiring:
        return PlainFiring(rule_id, name, "centre", "centre", None, key)

    out = [
        fire("M01", "support_low_group_school", s.org_code) for s in summaries if s.group == "low"
    ]
    diagnosed: Counter[str] = Counter()
    critical: Counter[str] = Counter()
    for s in summaries:
        diagnosed.update(s.diagnosed_by_area)
        critical.update(s.critical_by_area)
    limit = th.centre.area_critical_share
    out.extend(
        fire("M02", "organise_area_seminars", area)
        for area, n in diagnosed.items()
        if n and critical[area] > 0 and _share(critical[area] / n) >= limit
    )
    if any(s.experience_candidates for s in summaries):
        out.append(fire("M03", "compile_experience_bank"))
    if any(s.group == "low" for s in summaries):
        out.append(fire("M04", "pair_low_with_high_group_schools"))
    teachers = sum(s.teachers for s in summaries)
    young = sum(s.young for s in summaries)
    if (_share(young / teachers) if teachers else 0.0) >= th.centre.young_share:
        out.append(fire("M05", "run_young_teachers_school"))
    short = {area for s in summaries for (area, _), n in s.shortfall.items() if n}
    out.extend(fire("M06", "open_extra_course_groups", area) for area in short)
    if any(s.lists for s in summaries):
        out.append(fire("M07", "act_on_centre_lists"))
    out.extend(
        fire("M08", "judge_course_by_its_efficacy", f"{c.key}|{c.area}|{c.provider or ''}")
        for c in efficacy
        if c.result.verdict in ("helps", "no_effect")
    )
    return out
