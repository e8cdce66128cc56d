"""Naming a mentor for each young teacher who has none (rule T04).

Seeds 002 and 004 ask for a mentoring system for young teachers; the
catalogue's T04 names who may mentor: a teacher of the same organization,
holding «первая» or higher, with at least 5 years of experience, not at
burnout risk (T09 asks the head to lighten that teacher's load) and not
absent, with at most 2 mentees. Holders of «педагог-наставник» come first,
then the same position, then a shared subject, then fewer mentees. The
figures are configurable (`[mentoring]` in `rules/thresholds.toml`).
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from models.labels import CATEGORY
from models.positions import canonical_position, fold_position
from models.profile import OrgProfile, TeacherProfile
from models.russian import years_genitive, years_nominative
from rules import status
from rules.thresholds import Thresholds


@dataclass(frozen=True)
class MentorMatch:
    """The mentor proposed for one young teacher, or None with the reason in Russian."""

    mentee_code: str
    mentor_code: str | None
    mentor_name: str | None
    shared_subjects: tuple[str, ...]
    reason: str


def _subject_key(subject: str) -> str:
    return " ".join(subject.split()).casefold()


def _position_key(t: TeacherProfile) -> str:
    return fold_position(canonical_position(t.position) or t.position or "")


def _is_candidate(t: TeacherProfile, as_of: date, th: Thresholds) -> bool:
    """Order 196 categories «первая» or higher held on the cycle date, enough experience,
    not at burnout risk, not absent on the cycle date."""
    return (
        not status.is_absent(t, as_of)
        and not status.at_burnout_risk(t, th)
        and t.experience_years is not None
        and t.experience_years >= th.mentoring.mentor_min_experience
        and status.effective_category(t, as_of, th) in status.CATEGORIES_FIRST_OR_HIGHER
    )


def match_mentors(org: OrgProfile, *, as_of: date, th: Thresholds) -> dict[str, MentorMatch]:
    """A mentor for every young teacher (`status.is_young`) of `org` at work, with no
    `mentor_code` (an absent teacher gets no mentoring rule: one on return).

    Mentees are served by code; each takes the best candidate with a free place:
    a «педагог-наставник» first, then the same position, then a shared subject,
    then fewer mentees, then more experience, then the lower code, so a re-run
    proposes the same pairs. A candidate's mentees count the existing
    `mentor_code` links inside this organization and the pairs made in this pass.
    """
    young = sorted(
        (
            t
            for t in org.teachers
            if status.is_young(t, th) and not t.mentor_code and not status.is_absent(t, as_of)
        ),
        key=lambda t: t.code,
    )
    if not young:
        return {}
    limit = th.mentoring.mentor_max_mentees
    load = Counter(t.mentor_code for t in org.teachers if t.mentor_code)
    candidates = [t for t in org.teachers if _is_candidate(t, as_of, th)]
    subjects = {t.code: {_subject_key(s) for s in t.subjects} for t in candidates}
    result: dict[str, MentorMatch] = {}
    for mentee in young:
        wanted = {_subject_key(s) for s in mentee.subjects}
        position = _position_key(mentee)
        free = [c for c in candidates if c.code != mentee.code and load[c.code] < limit]
        if not free:
            result[mentee.code] = MentorMatch(
                mentee.code, None, None, (), _no_mentor_reason(bool(candidates), th)
            )
            continue
        best = min(
            free,
            key=lambda c: (
                status.effective_category(c, as_of, th) != "mentor",
                not position or _position_key(c) != position,
                not (wanted & subjects[c.code]),
                load[c.code],
                -(c.experience_years or 0.0),
                c.code,
            ),
        )
        load[best.code] += 1
        shared = tuple(s for s in mentee.subjects if _subject_key(s) in subjects[best.code])
        same_position = bool(position) and _position_key(best) == position
        result[mentee.code] = MentorMatch(
            mentee.code,
            best.code,
            best.full_name,
            shared,
            _match_reason(best, shared, same_position, as_of, th),
        )
    return result


def _match_reason(
    mentor: TeacherProfile,
    shared: tuple[str, ...],
    same_position: bool,
    as_of: date,
    th: Thresholds,
) -> str:
    category = CATEGORY.get(status.effective_category(mentor, as_of, th), "")
    experience = years_nominative(mentor.experience_years or 0.0)
    text = f"педагог той же организации, категория «{category}», стаж {experience}"
    if same_position:
        text = f"{text}, та же должность"
    if shared:
        return f"{text}; общий предмет: {', '.join(shared)}"
    return f"{text}; педагога с общим предметом среди возможных наставников нет"


def _no_mentor_reason(any_candidate: bool, th: Thresholds) -> str:
    experience = years_genitive(th.mentoring.mentor_min_experience)
    if not any_candidate:
        return (
            "в организации нет педагога с категорией не ниже первой и стажем не менее "
            f"{experience}, без риска выгорания и не отсутствующего"
        )
    return (
        f"все педагоги с категорией не ниже первой и стажем не менее {experience}, "
        "без риска выгорания и не отсутствующие, "
        f"уже ведут предельное число наставляемых ({th.mentoring.mentor_max_mentees})"
    )
