"""Naming a mentor for each young teacher who has none (rule T04).

Seeds 002 and 004 ask for a mentoring system for young teachers; the
catalogue's T04 names who may mentor: a teacher of the same school, holding
«первая» or higher, with at least 5 years of experience, sharing a subject
where possible, with at most 2 mentees. The figures are configurable
(`[mentoring]` in `rules/thresholds.toml`).
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from models.labels import CATEGORY
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


def _is_candidate(t: TeacherProfile, as_of: date, th: Thresholds) -> bool:
    """Order 196 categories «первая» or higher held on the cycle date, enough experience,
    not on leave (an absent teacher cannot mentor)."""
    return (
        not status.is_exempt(t)
        and t.experience_years is not None
        and t.experience_years >= th.mentoring.mentor_min_experience
        and status.effective_category(t, as_of, th) in status.CATEGORIES_FIRST_OR_HIGHER
    )


def match_mentors(org: OrgProfile, *, as_of: date, th: Thresholds) -> dict[str, MentorMatch]:
    """A mentor for every young teacher (`status.is_young`) of `org` with no `mentor_code`.

    Mentees are served in a fixed order — those at work before those on leave
    (a teacher on leave needs a mentor only on return), then by code — and each
    takes the best candidate with a free place: one sharing a subject first,
    then the one with fewer mentees, then more experience, then the lower code,
    so a re-run proposes the same pairs. A candidate's mentees count the
    existing `mentor_code` links inside this school and the pairs made in this
    pass; links from other schools are not visible in one school's profile.
    """
    young = sorted(
        (t for t in org.teachers if status.is_young(t, th) and not t.mentor_code),
        key=lambda t: (status.is_exempt(t), t.code),
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
        free = [c for c in candidates if c.code != mentee.code and load[c.code] < limit]
        if not free:
            result[mentee.code] = MentorMatch(
                mentee.code, None, None, (), _no_mentor_reason(bool(candidates), th)
            )
            continue
        best = min(
            free,
            key=lambda c: (
                not (wanted & subjects[c.code]),
                load[c.code],
                -(c.experience_years or 0.0),
                c.code,
            ),
        )
        load[best.code] += 1
        shared = tuple(s for s in mentee.subjects if _subject_key(s) in subjects[best.code])
        result[mentee.code] = MentorMatch(
            mentee.code, best.code, best.full_name, shared, _match_reason(best, shared, as_of, th)
        )
    return result


def _match_reason(
    mentor: TeacherProfile, shared: tuple[str, ...], as_of: date, th: Thresholds
) -> str:
    category = CATEGORY.get(status.effective_category(mentor, as_of, th), "")
    experience = years_nominative(mentor.experience_years or 0.0)
    text = f"педагог той же организации, категория «{category}», стаж {experience}"
    if shared:
        return f"{text}; общий предмет: {', '.join(shared)}"
    return f"{text}; педагога с общим предметом среди возможных наставников нет"


def _no_mentor_reason(any_candidate: bool, th: Thresholds) -> str:
    experience = years_genitive(th.mentoring.mentor_min_experience)
    if not any_candidate:
        return (
            f"в организации нет педагога с категорией не ниже первой и стажем не менее {experience}"
        )
    return (
        f"все педагоги с категорией не ниже первой и стажем не менее {experience} "
        f"уже ведут предельное число наставляемых ({th.mentoring.mentor_max_mentees})"
    )
