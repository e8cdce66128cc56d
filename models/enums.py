"""Enumerations of the data contract (CONTRACT.md) and of the cycle's own records."""

from enum import StrEnum


class OrgKind(StrEnum):
    school = "school"
    preschool = "preschool"
    additional = "additional"


class Category(StrEnum):
    """Qualification category; `szd` is «соответствие занимаемой должности»."""

    none = "none"
    szd = "szd"
    first = "first"
    highest = "highest"
    methodist = "methodist"
    mentor = "mentor"


class Exempt(StrEnum):
    leave = "leave"
    illness = "illness"


class Area(StrEnum):
    subject = "subject"
    methodical = "methodical"
    psycho_pedagogical = "psycho_pedagogical"
    communicative = "communicative"
    digital = "digital"
    legal = "legal"


class CourseFormat(StrEnum):
    in_person = "in_person"
    remote = "remote"
    blended = "blended"


class AttestationKind(StrEnum):
    szd = "szd"
    first = "first"
    highest = "highest"
    methodist = "methodist"
    mentor = "mentor"


class AttestationResult(StrEnum):
    assigned = "assigned"
    refused = "refused"


class EventForm(StrEnum):
    master_class = "master_class"
    seminar = "seminar"
    webinar = "webinar"
    consultation = "consultation"
    open_lesson = "open_lesson"
    round_table = "round_table"
    training = "training"
    conference = "conference"
    other = "other"


class Competition(StrEnum):
    debut = "debut"
    teacher_of_year = "teacher_of_year"
    educator_of_year = "educator_of_year"
    leader = "leader"
    other = "other"


class CompetitionResult(StrEnum):
    participant = "participant"
    laureate = "laureate"
    winner = "winner"


class Stage(StrEnum):
    """The stages of the yearly cycle, in the order `metodist cycle` runs them."""

    needs = "needs"
    diagnostics = "diagnostics"
    attestation = "attestation"
    monitoring = "monitoring"
    planning = "planning"
    recommendations = "recommendations"
    packets = "packets"


class RunStatus(StrEnum):
    running = "running"
    completed = "completed"
    failed = "failed"


class AddresseeType(StrEnum):
    teacher = "teacher"
    organization = "organization"
    centre = "centre"


class Priority(StrEnum):
    high = "high"
    normal = "normal"
    low = "low"


class ReviewStatus(StrEnum):
    proposed = "proposed"
    approved = "approved"
    rejected = "rejected"


class EffectivenessGroup(StrEnum):
    high = "high"
    medium = "medium"
    low = "low"


class Role(StrEnum):
    """Who uses the web desk: reviewers decide, coordinators run and publish, schools read."""

    coordinator = "coordinator"
    reviewer = "reviewer"
    school = "school"
