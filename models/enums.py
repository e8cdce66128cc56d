"""Enumerations of the data contract (docs/contract.md) and of the cycle's own records."""

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
    """Why a teacher is absent (docs/domain.md "Teachers who are absent")."""

    pregnancy = "pregnancy"
    maternity = "maternity"
    childcare = "childcare"
    illness = "illness"
    leave = "leave"


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
    """Forms of methodological work, seed 001's list (docs/contract.md `events.csv`)."""

    consultation = "consultation"
    presentation = "presentation"
    master_class = "master_class"
    training = "training"
    discussion = "discussion"
    business_game = "business_game"
    seminar = "seminar"
    webinar = "webinar"
    team_building = "team_building"
    focus_group = "focus_group"
    round_table = "round_table"
    open_lesson = "open_lesson"
    mo_meeting = "mo_meeting"
    platform = "platform"
    laboratory = "laboratory"
    marathon = "marathon"
    conference = "conference"
    other = "other"


class EventLevel(StrEnum):
    """Whose event it is: the municipality's (a platform of the МСНО) or one organization's."""

    municipal = "municipal"
    school = "school"


class ConsultationMode(StrEnum):
    group = "group"
    individual = "individual"


class Competition(StrEnum):
    debut = "debut"
    teacher_of_year = "teacher_of_year"
    educator_of_year = "educator_of_year"
    leader = "leader"
    heart_to_children = "heart_to_children"
    psychologist = "psychologist"
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
