"""Mentors for young teachers, as a school assigns them (seeds 002 and 004).

A school pairs a young teacher with an experienced colleague holding «первая»
or higher, of the same subject where it can, and nobody takes more than two
mentees. Profiles differ in how often the school bothers: always in a strong
one, about half the time in an average one, rarely in a weak one.
"""

from random import Random

from metodist.demo.draw import subset
from metodist.demo.teachers import FIRST_OR_HIGHER, Staff


def is_mentor_candidate(t: Staff) -> bool:
    """docs/domain.md, T04: «первая» or higher, 5+ years, at most 2 mentees, at work."""
    return t.category in FIRST_OR_HIGHER and t.experience >= 5 and not t.exempt and t.mentees < 2


def assign_mentors(rng: Random, staff: list[Staff]) -> None:
    """The profile's share of young teachers gets a mentor, sharing a subject if possible."""
    young = [t for t in staff if t.young]
    if not young:
        return
    chosen = subset(rng, len(young), young[0].profile.mentored_young)
    # a teacher on leave keeps the mentor named when they started
    for i, t in enumerate(young):
        if i not in chosen:
            continue
        candidates = [m for m in staff if m is not t and is_mentor_candidate(m)]
        if not candidates:
            continue
        same = [m for m in candidates if set(m.subjects) & set(t.subjects)]
        same = same or [m for m in candidates if m.position == t.position]
        mentor = rng.choice(same or candidates)
        t.mentor = mentor
        mentor.mentees += 1
