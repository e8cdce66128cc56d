from datetime import date

from metodist.analysis import attestation, summaries
from models.payloads import AttestationTally, DeficitCell, RequestsSummary, TopTopic
from models.profile import AttestationRecord, OrgProfile, Request, TeacherProfile
from models.russian import percent_tenths as percent
from models.russian import years_genitive, years_nominative
from rules.thresholds import Thresholds

TH = Thresholds()
REFUSED = AttestationRecord(date(2026, 2, 1), "szd", "refused")
AS_OF = date(2026, 11, 15)


def teacher(code: str, org: str = "o1", **kw) -> TeacherProfile:
    return TeacherProfile(code=code, org_code=org, full_name=f"Педагог {code}", **kw)


def test_request_summaries_add_up_across_schools():
    a = OrgProfile(
        "o1",
        "СОШ № 1",
        "school",
        teachers=(
            teacher("t1", requests=(Request("digital", " ИКТ ", "remote", 36, None),)),
            teacher("t2", requests=(Request("digital", "ИКТ", None, None, date(2026, 1, 9)),)),
        ),
    )
    b = OrgProfile(
        "o2",
        "СОШ № 2",
        "school",
        teachers=(teacher("u1", "o2", requests=(Request("legal", "Право", "blended", 16, None),)),),
    )
    per_org = [summaries.requests_by_org(o, as_of=AS_OF) for o in (b, a)]
    total = summaries.requests_summary(per_org, year=2026, as_of=AS_OF)
    assert (total.orgs, total.teachers, total.requests, total.hours) == (2, 3, 3, 52)
    assert total.by_area["digital"] == 2 and total.by_area["legal"] == 1
    assert total.by_format == {"in_person": 0, "remote": 1, "blended": 1, "unspecified": 1}
    assert total.top_topics[0] == TopTopic(area="digital", topic="ИКТ", requests=2)
    assert list(total.by_org) == ["o1", "o2"]
    stored = total.to_json()
    assert stored["top_topics"][0] == {"area": "digital", "topic": "ИКТ", "requests": 2}
    assert stored["as_of"] == "2026-11-15" and RequestsSummary.from_json(stored) == total
    empty = summaries.requests_summary([], year=2026, as_of=AS_OF)
    assert (empty.requests, empty.by_area["digital"]) == (0, 0)


def test_deficit_profile_shares_are_of_the_diagnosed():
    org = OrgProfile(
        "o1",
        "СОШ № 1",
        "school",
        teachers=(
            teacher("t1", scores={"digital": 49, "legal": 70}),
            teacher("t2", scores={"digital": 50}),
            teacher("t3"),
            teacher("t4", scores={"digital": 90, "ethics": 10}),
        ),
    )
    counts = summaries.deficit_counts(org, TH)
    profile = summaries.deficit_profile(summaries.merge_counts([counts, counts]))
    digital = profile.areas["digital"]
    assert (digital.diagnosed, digital.critical, digital.moderate) == (6, 2, 2)
    assert digital.critical_share == round(2 / 6, 4)
    assert digital.mean_score == round((49 + 50 + 90) / 3, 1)
    assert list(profile.areas)[-1] == "ethics"  # an area outside the contract is kept
    assert (profile.teachers, profile.diagnosed, profile.with_critical) == (8, 6, 4)
    assert profile.with_deficit == 6
    # the levels are decided once, in the map the documents print
    cells = summaries.deficit_map(org, TH).by_code
    assert cells["t1"] == {"digital": DeficitCell(49, "critical"), "legal": DeficitCell(70, None)}
    assert cells["t2"]["digital"].level == "moderate" and cells["t3"] == {}


def test_attestation_counts_and_findings():
    org = OrgProfile(
        "o1",
        "СОШ № 1",
        "school",
        teachers=(
            teacher("a", category="first", category_date=date(2022, 6, 1)),
            teacher("b", category="highest", category_date=date(2021, 12, 20)),
            # expired on 2026-01-01: no category now, so СЗД is due
            teacher("c", category="first", category_date=date(2021, 1, 1), years_in_org=10),
            teacher("d", years_in_org=3, attestations=(REFUSED,)),
            teacher("e", exempt="illness", years_in_org=10),  # exempt: not due
        ),
    )
    counts = attestation.attestation_counts(org, as_of=AS_OF, th=TH)
    assert counts["categories"]["first"] == 1 and counts["categories"]["none"] == 3
    # a expires 2027-06-01 (next year); b 2026-12-20 (this year): both within 12 months
    expiring = (counts["expiring_next_year"], counts["expiring_within_window"])
    assert (counts["expired"], *expiring) == (1, 1, 2)
    assert counts["szd_due"] == 2  # c and d
    assert counts["exempt"] == {
        "pregnancy": 0,
        "maternity": 0,
        "childcare": 0,
        "illness": 1,
        "leave": 0,
    }
    note = attestation.attestation_note(counts, as_of=AS_OF, th=TH)
    assert note.first_or_higher_share == 0.4
    assert note.expiring_share == 1.0  # both held categories expire within 12 months
    assert note.attestations_in_year == {"szd": AttestationTally(assigned=0, refused=1)}
    text = " ".join(note.findings)
    assert "имеют 2 чел. из 5 (40,0 %)" in text
    assert "В 2027 году истекает срок категории у 1 чел." in text
    assert "не менее 2 лет" in text
    expiring, szd = attestation.attestation_lists(org, as_of=AS_OF, th=TH)
    assert [(e.teacher_code, e.expires) for e in expiring] == [
        ("b", date(2026, 12, 20)),
        ("a", date(2027, 6, 1)),
    ]
    assert [(e.next_year, e.within_window) for e in expiring] == [(False, True), (True, True)]
    assert [d.teacher_code for d in szd] == ["c", "d"]


def test_wording():
    assert [years_genitive(n) for n in (1, 2, 5, 11, 21, 2.5)] == [
        "1 года", "2 лет", "5 лет", "11 лет", "21 года", "2,5 года",
    ]  # fmt: skip
    assert [years_nominative(n) for n in (1, 3, 12, 22, 25)] == [
        "1 год", "3 года", "12 лет", "22 года", "25 лет",
    ]  # fmt: skip
    assert percent(0.305) == "30,5 %"
