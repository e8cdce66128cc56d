import pickle
from dataclasses import replace

import pytest

from metodist.documents import context as c

T = c.DeficitThresholds(critical_below=50, moderate_below=70)


def test_deficit_levels_follow_the_thresholds():
    assert [T.level(s) for s in (0, 49, 50, 69, 70, 100, None)] == [
        "critical", "critical", "moderate", "moderate", "none", "none", "unknown",
    ]  # fmt: skip


def test_recommendations_are_ordered_by_priority(town):
    recs = [
        c.Recommendation("O08", "b", "", "low"),
        c.Recommendation("O05", "a", "", "normal"),
        c.Recommendation("O09", "c", "", "high"),
        c.Recommendation("O04", "d", "", "normal"),
    ]
    packet = replace(town.schools[0], head_recommendations=tuple(recs))
    assert [r.rule_id for r in packet.head_recommendations] == ["O09", "O04", "O05", "O08"]
    centre = c.CentreContext(packet.meta, tuple(recs))
    assert [r.rule_id for r in centre.recommendations] == ["O09", "O04", "O05", "O08"]


def test_no_view_model_carries_burnout_or_evidence(town):
    contexts = [*town.schools, *town.reports.values()]
    for ctx in contexts:
        names = c.field_names(ctx)
        assert not {n for n in names if "burnout" in n or "evidence" in n} - {
            # the monitoring report (for the department) shows the school-level share
            "no_burnout_share"
        }
    packet_names = c.field_names(contexts[0])
    assert not {n for n in packet_names if "burnout" in n or "evidence" in n}


def test_a_packet_refuses_burnout_indicators(town):
    packet = town.schools[0]
    hostile = (*packet.indicators, c.Indicator("no_burnout_share", 0.8, 0.9))
    with pytest.raises(ValueError, match="burnout"):
        replace(packet, indicators=hostile)


def test_contexts_survive_pickling_for_worker_processes(town):
    for ctx in [*town.schools, *town.reports.values()]:
        assert pickle.loads(pickle.dumps(ctx)) == ctx


def test_packet_counts(town):
    packet = town.schools[-1]
    assert packet.teachers_with_critical == sum(1 for t in packet.teachers if t.critical_areas)
    assert packet.course_places == sum(
        1 for t in packet.teachers for i in t.route if i.kind == "course"
    )
